"""What both explorers compute and draw, for every model: sliders, a cached trace and f-I panel.

:class:`ExplorerCore` holds no widget.  The desktop :class:`~neurosim.explore.desktop.Explorer`
(matplotlib sliders) and the notebook :class:`~neurosim.explore.notebook.NotebookExplorer`
(ipywidgets) each turn :meth:`ExplorerCore.slider_specs` into their own sliders, hand the
slider values to :meth:`ExplorerCore.compute`, and draw with :meth:`ExplorerCore.draw`.

Interactive speed, by three choices (theory first, then a cache):

1. **Theory first.**  The f-I panel is never simulated when a formula exists
   (:func:`~neurosim.bio.theory.rate_theory`): the closed-form LIF rate without noise,
   the Siegert rate with noise, and threshold integration for the EIF and for the AdEx
   with ``a = b = 0``: a few ms of numpy each.  The activation functions (sigmoid,
   ReLU) are fitted to that curve.  Only models without a formula (HH, Wang-Buzsaki,
   Izhikevich, adapting AdEx) get a coarse simulated curve (:data:`COARSE_POINTS`
   currents, :data:`COARSE_DURATION`).
2. **One short simulation** per change for the membrane trace, on the model's own
   target (:func:`~neurosim.bio.brian2_tools.preferred_target`: numpy for the LIF,
   compiled Cython for the others); :meth:`ExplorerCore.pending` says beforehand when a
   simulation (or a model's first compile) is about to run, so the explorer can show it.
3. **A cache** of both, keyed by the rounded slider values, so going back to a setting
   (or sweeping one slider back and forth) redraws without computing.
"""

from __future__ import annotations

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
#: Top of the noise slider (mV).
SIGMA_MAX = 8.0


class ExplorerCore:
    """The model-generic state of an explorer: preset, sliders' specs, results, a cache.

    Parameters
    ----------
    duration : Quantity (time)
        Length of the membrane trace.
    seed : int
        Seed of the noise (fixed, so moving a slider changes only that).

    Attributes
    ----------
    preset, base : str, ModelParams
        The preset loaded by :meth:`load` and its parameters.
    i_max : float
        Top of the current slider and of the f-I panel (nA).
    params, target, trace, currents, curve, theory_name, fits
        After :meth:`compute`: the neuron as set, its Brian2 target, its last trace, the
        f-I panel's grid, its (currents in nA, rates in Hz), which theory (or
        ``"simulated (coarse)"``) drew it, and the fitted activations.
    """

    def __init__(self, *, duration=200 * ms, seed: int = 1):
        self.duration, self.seed = duration, seed
        self._cache: OrderedDict = OrderedDict()
        self._compiled: dict = {}  # model class -> its compiled code has run once here

    def load(self, preset, params=None) -> dict:
        """Load ``preset`` (a name; ``params`` overrides its parameters) and return
        :meth:`slider_specs`."""
        self.preset = preset
        self.base = load_preset(preset) if params is None else params
        self.i_max = float(current_scale(preset, self.base) / nA) * 2.0
        return self.slider_specs()

    def parameter_sliders(self) -> dict:
        """The model's sliders: field -> (label, display unit, low, high as multiples of the
        preset's value; a zero default gets ``[0, ZERO_TOP or high]``)."""
        return self.base.explorer_sliders()

    def slider_specs(self) -> dict:
        """name -> (label, display unit, minimum, maximum, start): current, noise, the model's."""
        specs = {"current": ("current (nA)", nA, 0.0, round(self.i_max, 4),
                             round(0.75 * self.i_max, 4)),
                 "sigma": ("noise (mV)", mV, 0.0, SIGMA_MAX, 0.0)}
        for name, (label, unit, low, high) in self.parameter_sliders().items():
            value = float(getattr(self.base, name) / unit)
            lo, hi = (low * value, high * value) if value else (0.0, ZERO_TOP.get(name, high))
            specs[name] = (label, unit, min(lo, hi), max(lo, hi), value)
        return specs

    def _keys(self, values: dict):
        changes = {k: q for k, q in values.items() if k not in ("current", "sigma")}
        key = (self.preset,) + tuple(
            round(float(np.asarray(q)), 12) for _, q in sorted(changes.items()))
        sigma_key = round(float(values["sigma"] / mV), 6)
        current_key = round(float(values["current"] / nA), 6)
        return changes, ("trace", key, sigma_key, current_key), ("fi", key, sigma_key)

    def pending(self, values: dict) -> str | None:
        """What :meth:`compute` is about to run for ``values`` when that takes a while (a
        simulation, or a compiled model's first compile), else None (cached or theory)."""
        changes, trace_key, fi_key = self._keys(values)
        params = self.base.replace(**changes) if changes else self.base
        target = preferred_target(params)
        if trace_key in self._cache and fi_key in self._cache:
            return None
        if target != "numpy" and not self._compiled.get(type(params)):
            # The first run of a compiled model generates and compiles its code (cached by
            # Brian2 on disk: seconds the first time on a machine, instant afterwards).
            return (f"simulating {self.preset} ({target}; the first run of a model "
                    "compiles it)...")
        if not has_lif_theory(params):
            return f"simulating {self.preset}..."
        return None

    def _cached(self, key, compute):
        if key in self._cache:
            self._cache.move_to_end(key)
            return self._cache[key]
        value = self._cache[key] = compute()
        if len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)
        return value

    def compute(self, values: dict):
        """Compute (or fetch from the cache) the trace and the f-I panel for slider ``values``
        (Quantities: ``current``, ``sigma`` and the model's parameters)."""
        changes, trace_key, fi_key = self._keys(values)
        self.params = self.base.replace(**changes) if changes else self.base
        self.target = preferred_target(self.params)
        self.trace = self._cached(trace_key, lambda: simulate(
            self.params, values["current"], self.duration, sigma=values["sigma"],
            seed=self.seed, target=self.target))
        self.currents = np.linspace(0, self.i_max, 80) * nA
        self.theory_name, self.curve, self.fits = self._cached(
            fi_key, lambda: self._fi(values["sigma"]))
        self._compiled[type(self.params)] = True

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

    @property
    def n_cached(self) -> int:
        """Results in the cache."""
        return len(self._cache)

    def draw(self, ax_trace, ax_fi, current, *, legend_size: int = 11) -> float:
        """Draw the trace into ``ax_trace`` and the f-I panel (with the operating point at
        ``current``) into ``ax_fi``; return the operating point's steady-state rate (Hz)."""
        from neurosim.plotting.bio import plot_membrane
        from neurosim.plotting.cells import plot_step_response

        ax_trace.clear()
        if has_lif_theory(self.params):  # threshold and reset lines of a LIF membrane
            plot_membrane(self.trace, ax_trace)
        else:
            plot_step_response(self.trace, ax_trace)
        steady = self.trace.steady_state()
        rate = float(steady.rates[0])
        reading = ("firing stopped: 0 Hz steady state" if steady.stopped[0] else
                   f"{rate:.0f} Hz" + ("" if steady.steady[0] else " (too few spikes)"))
        ax_trace.set_title(f"{self.preset}: {self.trace.n_spikes} spikes in "
                           f"{float(self.duration / ms):g} ms; {reading}")
        ax_fi.clear()
        x, rates = self.curve
        ax_fi.plot(x, rates, "-" if len(x) > COARSE_POINTS else "o-", color=THEORY, lw=2.5,
                   label=self.theory_name)
        styles = {"sigmoid": (ANN, "--"), "relu": (OKABE_ITO["bluish_green"], ":")}
        grid = self.currents
        for family, fit in self.fits.items():
            if fit.success:
                color, ls = styles[family]
                ax_fi.plot(np.asarray(grid / nA), np.asarray(fit.predict(grid) / Hz),
                           color=color, ls=ls, label=f"{family} fit, R$^2$ = {fit.r2:.3f}")
        ax_fi.plot([float(current / nA)], [rate], "o", ms=10,
                   color=BIO, label="operating point (simulated)")
        ax_fi.set_xlabel("input current (nA)")
        ax_fi.set_ylabel("firing rate (Hz)")
        low, high = ax_fi.get_ylim()  # headroom: the legend sits above the curve, not on it
        ax_fi.set_ylim(low, high + 0.5 * (high - low))
        ax_fi.legend(loc="upper left", fontsize=legend_size, frameon=False)
        return rate


#: What an explorer reads from its :class:`ExplorerCore` as its own attributes.
RESULTS = ("base", "i_max", "params", "target", "trace", "currents", "curve", "theory_name",
           "fits")


def delegate_results(cls):
    """Class decorator: read-only attributes :data:`RESULTS` forwarded to ``self.core``."""
    for name in RESULTS:
        setattr(cls, name, property(lambda self, name=name: getattr(self.core, name),
                                    doc=f"The core's ``{name}`` (see :class:`ExplorerCore`)."))
    return cls


def current_scale(preset: str, params):
    """A current that makes the preset fire clearly: its step current, else 2x rheobase."""
    step = preset_info(preset).step_current if preset in list_presets() else None
    if step is not None:
        return step
    closed = params.closed_form_rheobase()
    if closed is not None:
        return 2 * closed
    return 1 * nA


def rc():
    """The explorers' matplotlib style (projector-sized)."""
    import matplotlib as mpl

    return mpl.rc_context({**PROJECTOR_RC, "font.size": 12, "axes.titlesize": 13})
