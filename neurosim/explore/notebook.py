"""The explorer inside Jupyter: ipywidgets sliders over a membrane trace and an f-I curve.

:func:`widget` returns an ``ipywidgets.VBox``: a preset menu (every model),
sliders for the input current, the noise, ``tau_m`` and ``t_ref`` (where the
model has them) and the model's own parameters (its ``explorer_sliders()``), and
the figure as a PNG image (no ipympl needed; works in JupyterLab, Notebook,
VS Code and Colab).  Its ``.explorer`` attribute is the :class:`NotebookExplorer`
that draws it.

Interactive speed, by three choices (theory first, then a cache):

1. **Theory first.**  The f-I panel is never simulated when a formula exists:
   the closed-form LIF rate (:func:`~neurosim.bio.theory.lif_rate`) without
   noise, the Siegert rate (:func:`~neurosim.bio.theory.siegert_rate`) with
   noise, and threshold integration (:func:`~neurosim.bio.theory.stationary_rate`)
   for the EIF and for the AdEx with ``a = b = 0``: a few ms of numpy each.
   The activation functions (sigmoid, ReLU) are fitted to that curve.  Only
   models without a formula (HH, Wang-Buzsaki, Izhikevich, adapting AdEx) get
   a coarse simulated curve (:data:`COARSE_POINTS` currents, ``COARSE_DURATION``).
2. **One short simulation** per change for the membrane trace
   (``duration``, default 200 ms), on the model's own target
   (:func:`~neurosim.bio.brian2_tools.preferred_target`: numpy for the LIF, compiled
   Cython for the others); the status line says when a simulation runs.
3. **A cache** of both, keyed by the rounded slider values, so going back to a
   setting (or sweeping one slider back and forth) redraws without computing.

Sliders update on release (``continuous_update=False``), so a drag costs one
redraw, not one per pixel.
"""

from __future__ import annotations

import io
from collections import OrderedDict

import numpy as np
from brian2 import Hz, ms, mV, nA, second

from neurosim.bio import list_presets, load_preset, preset_info, simulate
from neurosim.bio.brian2_tools import preferred_target
from neurosim.bio.theory import has_lif_theory, rate_theory
from neurosim.bridge import fit_activation
from neurosim.plotting.style import ANN, BIO, OKABE_ITO, PROJECTOR_RC, THEORY

#: Zero-valued defaults: the slider's top in its display unit.
ZERO_TOP = {"a": 8.0, "b": 100.0, "d": 200.0, "t_ref": 5.0}
#: Currents of a simulated (coarse) f-I curve, and their duration.
COARSE_POINTS = 12
COARSE_DURATION = 0.3 * second
#: Cached computations kept (least recently used dropped first).
CACHE_SIZE = 64


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

        self.duration, self.seed = duration, seed
        self._cache: OrderedDict = OrderedDict()
        self._compiled: dict = {}  # model class -> its compiled code has run once here
        self.fig = Figure(figsize=(11, 7), layout="constrained")
        self.ax_trace, self.ax_fi = self.fig.subplots(2, 1, height_ratios=[1, 1.2])
        self.image = w.Image(format="png")
        self.preset = w.Dropdown(options=list_presets(), value=preset,
                                 description="preset")
        self.preset.observe(self._on_preset, names="value")
        self.sliders_box = w.VBox()
        self.status = w.HTML()
        self.box = w.VBox([self.preset, self.sliders_box, self.status, self.image])
        self._load(preset)

    # -- controls -------------------------------------------------------------------
    def _load(self, preset: str):
        """Build the sliders of ``preset``'s model, then draw."""
        import ipywidgets as w

        self.base = load_preset(preset)
        self.i_max = float(_current_scale(preset, self.base) / nA) * 2.0
        self.controls = {"preset": self.preset}
        sliders = {
            "current": w.FloatSlider(value=round(0.75 * self.i_max, 4), min=0.0,
                                     max=round(self.i_max, 4), step=self.i_max / 200,
                                     description="current (nA)"),
            "sigma": w.FloatSlider(value=0.0, min=0.0, max=8.0, step=0.1,
                                   description="noise (mV)"),
        }
        for name, (label, unit, low, high) in self._parameter_sliders().items():
            value = float(getattr(self.base, name) / unit)
            lo, hi = (low * value, high * value) if value else (0.0, ZERO_TOP.get(name, high))
            lo, hi = min(lo, hi), max(lo, hi)
            sliders[name] = w.FloatSlider(value=value, min=lo, max=hi, step=(hi - lo) / 200,
                                          description=label)
        for slider in sliders.values():
            slider.continuous_update = False
            slider.style = {"description_width": "110px"}
            slider.layout = w.Layout(width="520px")
            slider.observe(self.update, names="value")
        self.controls.update(sliders)
        self.sliders_box.children = tuple(sliders.values())
        self.update()

    def _parameter_sliders(self) -> dict:
        """The model's sliders: field -> (label, display unit, low, high as multiples of the
        preset's value; a zero default gets ``[0, ZERO_TOP or high]``)."""
        return self.base.explorer_sliders()

    def _on_preset(self, change):
        self._load(change["new"])

    def values(self) -> dict:
        """Slider values with units (``current``, ``sigma`` and the model's parameters)."""
        out = {"current": self.controls["current"].value * nA,
               "sigma": self.controls["sigma"].value * mV}
        for name, (_, unit, _, _) in self._parameter_sliders().items():
            out[name] = self.controls[name].value * unit
        return out

    # -- computing ------------------------------------------------------------------
    def _cached(self, key, compute):
        if key in self._cache:
            self._cache.move_to_end(key)
            return self._cache[key]
        value = self._cache[key] = compute()
        if len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)
        return value

    def update(self, _change=None):
        """Recompute (or fetch from the cache) and redraw from the control values."""
        v = self.values()
        changes = {k: q for k, q in v.items() if k not in ("current", "sigma")}
        self.params = self.base.replace(**changes) if changes else self.base
        key = (self.preset.value,) + tuple(
            round(float(np.asarray(q)), 12) for _, q in sorted(changes.items()))
        sigma_key = round(float(v["sigma"] / mV), 6)
        current_key = round(float(v["current"] / nA), 6)
        self.target = preferred_target(self.params)
        fresh = ("trace", key, sigma_key, current_key) not in self._cache
        if fresh and self.target != "numpy" and not self._compiled.get(type(self.params)):
            # The first run of a compiled model generates and compiles its code (cached by
            # Brian2 on disk: seconds the first time on a machine, instant afterwards).
            self.status.value = (f"<i>simulating {self.preset.value} ({self.target}; the "
                                 "first run of a model compiles it)...</i>")
        elif fresh and not has_lif_theory(self.params):
            self.status.value = f"<i>simulating {self.preset.value}...</i>"
        self.trace = self._cached(("trace", key, sigma_key, current_key), lambda: simulate(
            self.params, v["current"], self.duration, sigma=v["sigma"], seed=self.seed,
            target=self.target))
        self.currents = np.linspace(0, self.i_max, 80) * nA
        self.theory_name, self.curve, self.fits = self._cached(
            ("fi", key, sigma_key), lambda: self._fi(v["sigma"]))
        self._compiled[type(self.params)] = True
        with _rc():
            self._draw(v)
        self.image.value = self._png()

    def _fi(self, sigma):
        """(name, rates in Hz, fits) of the f-I panel: theory first, a coarse run otherwise."""
        p = self.params
        found = rate_theory(p, self.currents, sigma)
        if found is not None:
            name, rates = found
            name = f"{name} ({p.MODEL.upper()})" if name == "closed form" else name
            currents = self.currents
        else:
            from neurosim.bio import fi_curve

            name = "simulated (coarse)"
            currents = np.linspace(0, self.i_max, COARSE_POINTS) * nA
            rates = fi_curve(p, currents, duration=COARSE_DURATION, sigma=sigma,
                             seed=self.seed, target=self.target).rates
        fits = {f: fit_activation(currents, rates, f) for f in ("sigmoid", "relu")}
        return name, (np.asarray(currents / nA), np.asarray(rates / Hz)), fits

    # -- drawing --------------------------------------------------------------------
    def _draw(self, v):
        from neurosim.plotting.bio import plot_membrane
        from neurosim.plotting.cells import plot_step_response

        ax = self.ax_trace
        ax.clear()
        if has_lif_theory(self.params):  # threshold and reset lines of a LIF membrane
            plot_membrane(self.trace, ax)
        else:
            plot_step_response(self.trace, ax)
        steady = self.trace.steady_state()
        rate = float(steady.rates[0])
        reading = ("firing stopped: 0 Hz steady state" if steady.stopped[0] else
                   f"{rate:.0f} Hz" + ("" if steady.steady[0] else " (too few spikes)"))
        ax.set_title(f"{self.preset.value}: {self.trace.n_spikes} spikes in "
                     f"{float(self.duration / ms):g} ms; {reading}")
        ax = self.ax_fi
        ax.clear()
        x, rates = self.curve
        ax.plot(x, rates, "-" if len(x) > COARSE_POINTS else "o-", color=THEORY, lw=2.5,
                label=self.theory_name)
        styles = {"sigmoid": (ANN, "--"), "relu": (OKABE_ITO["bluish_green"], ":")}
        grid = self.currents
        for family, fit in self.fits.items():
            if fit.success:
                color, ls = styles[family]
                ax.plot(np.asarray(grid / nA), np.asarray(fit.predict(grid) / Hz), color=color,
                        ls=ls, label=f"{family} fit, R$^2$ = {fit.r2:.3f}")
        ax.plot([float(v["current"] / nA)], [rate], "o", ms=10,
                color=BIO, label="operating point (simulated)")
        ax.set_xlabel("input current (nA)")
        ax.set_ylabel("firing rate (Hz)")
        low, high = ax.get_ylim()  # headroom: the legend sits above the curve, not on it
        ax.set_ylim(low, high + 0.5 * (high - low))
        ax.legend(loc="upper left", fontsize=11, frameon=False)
        self.status.value = (f"<small>f-I curve: {self.theory_name}; "
                             f"{len(self._cache)} results cached</small>")

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


def _current_scale(preset: str, params):
    """A current that makes the preset fire clearly: its step current, else 1.5x rheobase."""
    step = preset_info(preset).step_current
    if step is not None:
        return step
    closed = params.closed_form_rheobase()
    if closed is not None:
        return 2 * closed
    return 1 * nA


def _rc():
    import matplotlib as mpl

    return mpl.rc_context({**PROJECTOR_RC, "font.size": 12, "axes.titlesize": 13})
