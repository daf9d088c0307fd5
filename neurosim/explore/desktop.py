"""An interactive explorer for live teaching: matplotlib sliders over any preset of any model.

:class:`Explorer` draws into a matplotlib figure: the membrane trace of the neuron
(Brian2) at the chosen current, and its f-I curve (theory where a formula exists, a
coarse simulated curve otherwise) with the current operating point and the sigmoid and
ReLU fitted to that curve.  The sliders are the current, the noise and the model's own
parameters (``explorer_sliders()``); a text box switches to another preset.  Moving a
slider recomputes what is not cached.  The computation is the notebook explorer's
(:mod:`neurosim.explore.core`).  It never shows a window itself: ``neurosim explore`` does.
"""

from __future__ import annotations

import time

from brian2 import Hz, ms, nA

from neurosim.explore.core import ExplorerCore, delegate_results, rc
from neurosim.plotting.style import BIO

#: Height of one slider row (figure fraction).
ROW = 0.04


@delegate_results
class Explorer:
    """Sliders and live plots of one neuron, any model.

    Parameters
    ----------
    params : str or ModelParams
        A preset name (``neurosim presets``), or a model's parameters (a preset's, possibly
        changed); sliders start at its values.
    fig : matplotlib Figure, optional
        Drawn into (from ``pyplot.figure()`` for a window); a new
        ``Figure`` is made when None (no window, e.g. for tests).
    duration : Quantity (time)
        Length of the membrane trace.
    seed : int
        Seed of the noise (fixed, so moving a slider changes only that).
    status : callable, optional
        Called with one line of text before anything slow runs (a simulation, a model's
        first compile) and when it is done; the figure's status line shows the same.
        ``neurosim explore`` passes one that writes to stderr.

    Attributes
    ----------
    sliders : dict of str -> matplotlib.widgets.Slider
        ``"current"`` (nA), ``"sigma"`` (mV) and the model's parameters (display units).
    params, trace, curve, theory_name, fits
        The neuron as set, its last trace, the f-I panel, which theory (or
        ``"simulated (coarse)"``) drew it, and the sigmoid and ReLU fitted to it.
    """

    def __init__(self, params="neuronal_dynamics", fig=None, *, duration=200 * ms, seed=1,
                 status=None):
        from matplotlib.figure import Figure

        self.core = ExplorerCore(duration=duration, seed=seed)
        self.duration, self.seed, self._status = duration, seed, status
        self.fig = fig if fig is not None else Figure(figsize=(13, 9))
        self.sliders: dict = {}
        with rc():
            self.ax_trace = self.fig.add_axes([0.08, 0.70, 0.89, 0.22])
            self.ax_fi = self.fig.add_axes([0.08, 0.40, 0.5, 0.23])
            self.ax_text = self.fig.add_axes([0.64, 0.40, 0.34, 0.23])
            self.ax_text.axis("off")
            self.status_text = self.fig.text(0.01, 0.985, "", va="top", fontsize=11)
            self._preset_box()
        if isinstance(params, str):
            self.load(params)
        else:
            self.load(params.name, params)

    def _preset_box(self):
        from matplotlib.widgets import TextBox

        ax = self.fig.add_axes([0.2, 0.015, 0.3, 0.035])
        self.preset_box = TextBox(ax, "preset ", initial="")
        self.preset_box.on_submit(self._on_preset)

    def _on_preset(self, text):
        from neurosim.errors import NeurosimError

        if text.strip() and text.strip() != self.core.preset:
            try:
                self.load(text.strip())
            except NeurosimError as error:  # a typo in the box: say so, keep the neuron
                self._show(str(error))

    def load(self, preset: str, params=None):
        """Switch to ``preset`` (``params`` overrides its parameters): new sliders, redraw."""
        from matplotlib.widgets import Slider

        specs = self.core.load(preset, params)
        for slider in self.sliders.values():
            slider.ax.remove()
        self.sliders = {}
        with rc():
            step = min(ROW, 0.25 / len(specs))  # many sliders: closer rows
            for k, (name, (label, _, low, high, start)) in enumerate(specs.items()):
                ax = self.fig.add_axes([0.2, 0.29 - step * k, 0.6, step * 0.7])
                slider = Slider(ax, label, low, high, valinit=start, color=BIO)
                slider.on_changed(self.update)
                self.sliders[name] = slider
        self.preset_box.set_val(preset)
        self.update()

    def values(self) -> dict:
        """The slider values with units."""
        units = {name: spec[1] for name, spec in self.core.slider_specs().items()}
        return {name: self.sliders[name].val * unit for name, unit in units.items()}

    def _show(self, line: str, *, flush: bool = False):
        self.status_text.set_text(line)
        if self._status is not None:
            self._status(line)
        if flush:  # let a window show the line before the long computation starts
            self.fig.canvas.draw()
            self.fig.canvas.flush_events()

    def update(self, _value=None):
        """Redraw from the slider values: at once with what the theory (and the cache) gives;
        then, if anything must be simulated, with a status line before it runs, one per
        part as it runs, and the simulated trace and points when done."""
        v = self.values()
        message = self.core.pending(v)
        start = time.perf_counter()
        self.core.draw_theory(v)
        self._redraw(v)
        if message:
            self._show(message, flush=True)
            head = message.rstrip(".")

            def step(done, total, label):
                if done < total:
                    self._show(f"{head}: {label} ({done + 1}/{total})...", flush=True)

            self.core.simulate(v, progress=step)
            self._redraw(v)
        done = f"f-I curve: {self.core.theory_name}; {self.core.n_cached} results cached"
        if message:
            self._show(f"{self.core.preset}: done in {time.perf_counter() - start:.1f} s; {done}")
        else:
            self.status_text.set_text(done)
        self.fig.canvas.draw_idle()

    def _redraw(self, v):
        with rc():
            self.rate = self.core.draw(self.ax_trace, self.ax_fi, v["current"])
            self._draw_text()

    def _draw_text(self):
        self.ax_text.clear()
        self.ax_text.axis("off")
        p = self.params
        lines = []
        rheobase = p.closed_form_rheobase()
        if rheobase is not None:
            lines.append(f"rheobase (closed form) = {float(rheobase / nA):.3g} nA")
        if "t_ref" in p.__dataclass_fields__:
            lines.append("max rate 1/t_ref = " + (f"{float(1 / p.t_ref / Hz):.0f} Hz"
                                                  if p.t_ref > 0 * ms else "unbounded"))
        lines.append("")
        for family, fit in (self.fits or {}).items():
            lines.append(f"{family}: {fit.param_text()}" if fit.success else
                         f"{family}: fit failed ({fit.message})")
        self.ax_text.text(0, 1, "\n".join(lines), va="top", fontsize=12, wrap=True)
