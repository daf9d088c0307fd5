"""The explorer inside Jupyter: ipywidgets sliders over a membrane trace and an f-I curve.

:func:`widget` returns an ``ipywidgets.VBox``: a preset menu (every model),
sliders for the input current, the noise, ``tau_m`` and ``t_ref`` (where the
model has them) and the model's own parameters (its ``explorer_sliders()``), and
the figure as a PNG image (no ipympl needed; works in JupyterLab, Notebook,
VS Code and Colab).  Its ``.explorer`` attribute is the :class:`NotebookExplorer`
that draws it.

Interactive speed (theory first, one short simulation per change, a cache) comes
from the computation it shares with the desktop explorer: :mod:`neurosim.explore.core`.
Each change is drawn twice when it needs a simulation: at once with what the theory
gives (the f-I line, the fits, the operating point on the line), then with the simulated
trace and the simulated points beside the line.  Meanwhile the status line says what
runs (a simulation, or a model's first compile) and a progress bar counts its parts.

Sliders update on release (``continuous_update=False``), so a drag costs one
redraw, not one per pixel.
"""

from __future__ import annotations

import io

from brian2 import ms

from neurosim.bio import list_presets
from neurosim.explore.core import ExplorerCore, delegate_results, rc


@delegate_results
class NotebookExplorer:
    """The model behind :func:`widget`: controls, a matplotlib figure, a cache.

    Parameters
    ----------
    preset : str
        Preset to start from (any model: ``neurosim presets`` lists them).
    duration : Quantity (time)
        Length of the membrane trace.
    seed : int
        Seed of the noise (fixed, so moving a slider changes only that).

    Attributes
    ----------
    controls : dict of str -> ipywidgets widget
        ``"preset"``, ``"current"`` (nA), ``"sigma"`` (mV) and one slider per
        parameter of the current model (display units in the label).
    fig : matplotlib Figure
        Redrawn on every change (Agg, never shown); ``ax_trace`` and ``ax_fi``.
    params, trace, curve, theory_name, fits
        The neuron as set, its last trace, the f-I panel's rates (Hz), which
        theory (or ``"simulated"``) drew them, and the fitted activations.
    """

    def __init__(self, preset: str = "neuronal_dynamics", *, duration=200 * ms, seed=1):
        import ipywidgets as w
        from matplotlib.figure import Figure

        self.core = ExplorerCore(duration=duration, seed=seed)
        self.duration, self.seed = duration, seed
        self.fig = Figure(figsize=(11, 7), layout="constrained")
        self.ax_trace, self.ax_fi = self.fig.subplots(2, 1, height_ratios=[1, 1.2])
        self.image = w.Image(format="png")
        self.preset = w.Dropdown(options=list_presets(), value=preset,
                                 description="preset")
        self.preset.observe(self._on_preset, names="value")
        self.sliders_box = w.VBox()
        self.status = w.HTML()
        self.progress = w.IntProgress(value=0, min=0, max=1, description="",
                                      layout=w.Layout(width="520px", visibility="hidden"))
        self.box = w.VBox([self.preset, self.sliders_box, self.status, self.progress,
                           self.image])
        self._load(preset)

    # -- controls -------------------------------------------------------------------
    def _load(self, preset: str):
        """Build the sliders of ``preset``'s model, then draw."""
        import ipywidgets as w

        self.controls = {"preset": self.preset}
        sliders = {}
        for name, (label, _, lo, hi, value) in self.core.load(preset).items():
            sliders[name] = w.FloatSlider(value=value, min=lo, max=hi, step=(hi - lo) / 200,
                                          description=label)
        for slider in sliders.values():
            slider.continuous_update = False
            slider.style = {"description_width": "110px"}
            slider.layout = w.Layout(width="520px")
            slider.observe(self.update, names="value")
        self.controls.update(sliders)
        self.sliders_box.children = tuple(sliders.values())
        self.update(instant=True)

    def _on_preset(self, change):
        self._load(change["new"])

    def values(self) -> dict:
        """Slider values with units (``current``, ``sigma`` and the model's parameters)."""
        units = {name: spec[1] for name, spec in self.core.slider_specs().items()}
        return {name: self.controls[name].value * unit for name, unit in units.items()}

    # -- computing ------------------------------------------------------------------
    def update(self, _change=None, *, instant: bool = False):
        """Redraw from the control values: first what the theory (and the cache) gives, at
        once; then, if anything must be simulated, with a status line and a progress bar
        while it runs, the simulated trace and points.

        A model without a rate theory (Hodgkin-Huxley, AdEx, Izhikevich) has nothing new to
        show before its simulation ends (no line, the trace still to come), so the image is
        then drawn once, after it: each image is a PNG of the whole figure, a good part of a
        warm slider change (docs/performance.md, section C), and the status line and
        progress bar say meanwhile what runs.
        """
        v = self.values()
        message = self.core.pending(v)
        if self.core.draw_theory(v) or not message:
            self._redraw(v)
        if message:
            self._message = message.rstrip(".")
            self.status.value = f"<i>{message}</i>"
            self.progress.layout.visibility = "visible"
            self.core.simulate(v, progress=self._step)
            self.progress.layout.visibility = "hidden"
            self._redraw(v)
        self.status.value = (f"<small>f-I curve: {self.core.theory_name}; "
                             f"{self.core.n_cached} results cached</small>")

    def _step(self, done: int, total: int, label: str):
        """Progress of :meth:`ExplorerCore.simulate`: the bar, and the part that runs."""
        self.progress.max, self.progress.value = max(total, 1), done
        self.progress.description = f"{done}/{total}"
        if done < total:
            self.status.value = f"<i>{self._message}: {label}...</i>"

    def _redraw(self, v):
        with rc():
            self.core.draw(self.ax_trace, self.ax_fi, v["current"])
        self.image.value = self._png()

    def _png(self) -> bytes:
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        FigureCanvasAgg(self.fig)
        buf = io.BytesIO()
        self.fig.savefig(buf, format="png", dpi=80)
        return buf.getvalue()


def widget(preset: str = "neuronal_dynamics", *, duration=200 * ms, seed: int = 1):
    """An interactive explorer for a notebook: ``display(widget())`` or just ``widget()``.

    Parameters
    ----------
    preset : str
        Preset to start from; the menu offers every preset of every model.
    duration : Quantity (time)
        Length of the membrane trace.
    seed : int
        Seed of the noise.

    Returns
    -------
    ipywidgets.VBox
        The controls and the figure; ``.explorer`` is its :class:`NotebookExplorer`.

    Notes
    -----
    Speed comes from theory first (closed-form LIF, Siegert, threshold
    integration for EIF and non-adapting AdEx; a coarse simulation only for
    models without a formula), one short trace per change, and a cache of both
    keyed by the slider values (see the module docstring).
    """
    explorer = NotebookExplorer(preset, duration=duration, seed=seed)
    explorer.box.explorer = explorer
    return explorer.box
