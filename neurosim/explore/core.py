"""What both explorers compute and draw, for every model: sliders, a cached trace and f-I panel.

:class:`ExplorerCore` holds no widget.  The desktop :class:`~neurosim.explore.desktop.Explorer`
(matplotlib sliders) and the notebook :class:`~neurosim.explore.notebook.NotebookExplorer`
(ipywidgets) each turn :meth:`ExplorerCore.slider_specs` into their own sliders, hand the
slider values to :meth:`ExplorerCore.compute`, and draw with :meth:`ExplorerCore.draw`.

Interactive speed, by three choices (theory first, then a cache):

1. **Theory first.**  Where a formula exists (:func:`~neurosim.bio.theory.rate_theory`:
   the closed-form LIF rate without noise, the Siegert rate with noise, threshold
   integration for the EIF, the QIF and the AdEx with ``a = b = 0``: a few ms of numpy
   each), :meth:`ExplorerCore.draw_theory` computes the f-I line, the sigmoid and ReLU fitted
   to it and the operating point's rate at once, and the explorers draw them before any
   simulation runs; :meth:`ExplorerCore.simulate` then adds the simulated points
   (:data:`COARSE_POINTS` currents, :data:`COARSE_DURATION` each) beside the line as its
   check, and the simulated trace.  Models without a formula (HH, Wang-Buzsaki,
   Izhikevich, adapting AdEx) get the coarse simulated curve as their line.
2. **One short simulation** per change for the membrane trace, on the model's own
   target (:func:`~neurosim.bio.brian2_tools.preferred_target`: numpy for the LIF,
   compiled Cython for the others); :meth:`ExplorerCore.pending` says beforehand when a
   simulation (or a model's first compile) is about to run, and :meth:`ExplorerCore.simulate`
   reports each part as it is done, so the explorer can show a progress line or bar.
   A compiled model's first run on a machine compiles its code (~15 s for HH): until a
   background process has built it (:mod:`neurosim.explore.compiling`) the model runs on
   numpy (HH: ~7 s for the trace and the f-I points), and compiled from the next change on.
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
from neurosim.explore import compiling
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
    background_compile : bool
        True (default): a compiled model whose code is not built on this machine yet runs on
        numpy while a background process builds it (:mod:`neurosim.explore.compiling`);
        False: it waits for the compile, as Brian2 does.

    Attributes
    ----------
    preset, base : str, ModelParams
        The preset loaded by :meth:`load` and its parameters.
    i_max : float
        Top of the current slider and of the f-I panel (nA).
    params, target, trace, currents, curve, theory_name, fits, simulated
        After :meth:`compute`: the neuron as set, its Brian2 target, its last trace, the
        f-I panel's grid, its line (currents in nA, rates in Hz), which theory (or
        ``"simulated (coarse)"``) drew it, the fitted activations, and the simulated
        points ``(name, (currents in nA, rates in Hz), fits)`` (beside a theory line they
        are its check).  After :meth:`theory` alone, what needs a simulation is None.
    """

    def __init__(self, *, duration=200 * ms, seed: int = 1, background_compile: bool = True):
        self.duration, self.seed = duration, seed
        self.background_compile = background_compile
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

    def _parts(self, values: dict) -> list:
        """What :meth:`simulate` would compute for ``values``: (cache key, label) pairs."""
        _, trace_key, fi_key = self._keys(values)
        parts = [(trace_key, "membrane trace"), (("sim",) + fi_key[1:], "f-I points")]
        return [(key, label) for key, label in parts if key not in self._cache]

    def pending(self, values: dict) -> str | None:
        """What :meth:`simulate` is about to run for ``values`` when that takes a while (a
        simulation, or a compiled model's first compile), else None (everything cached)."""
        if not self._parts(values):
            return None
        changes = self._keys(values)[0]
        params = self.base.replace(**changes) if changes else self.base
        preferred = preferred_target(params)
        target = self._target(params)
        if target != preferred:
            return (f"simulating {self.preset} on numpy while its compiled code builds in "
                    "the background (the first time on this machine)...")
        if target != "numpy" and not self._compiled.get(type(params)):
            # The first run of a compiled model in a process loads its code (compiled in
            # the background before, or, if that failed, here: seconds, once per machine).
            return f"simulating {self.preset} ({target}; its first run here loads it)..."
        return f"simulating {self.preset}..."

    def _target(self, params) -> str:
        """The model's own target, or numpy while its compiled code builds in the
        background (:mod:`neurosim.explore.compiling`; only with ``background_compile``)."""
        preferred = preferred_target(params)
        if not self.background_compile or self._compiled.get(type(params)):
            return preferred
        return compiling.target_now(self.preset, params, preferred, self.duration)

    def _cached(self, key, compute):
        if key in self._cache:
            self._cache.move_to_end(key)
            return self._cache[key]
        value = self._cache[key] = compute()
        if len(self._cache) > CACHE_SIZE:
            self._cache.popitem(last=False)
        return value

    def draw_theory(self, values: dict) -> bool:
        """Set the neuron from slider ``values`` and compute what needs no simulation: the
        f-I line from the model's rate theory and the fits to it (instant), and whatever
        :meth:`simulate` already holds in the cache.  Returns whether a theory drew the line.

        Until :meth:`simulate` runs, ``trace`` and ``simulated`` are None when not cached,
        and ``curve`` is None for a model without a theory.
        """
        changes, trace_key, fi_key = self._keys(values)
        self.params = self.base.replace(**changes) if changes else self.base
        self.target = self._target(self.params)
        self.currents = np.linspace(0, self.i_max, 80) * nA
        self.trace = self._cache.get(trace_key)
        self.simulated = self._cache.get(("sim",) + fi_key[1:])
        found = self._cached(fi_key, lambda: self._theory_curve(values["sigma"]))
        self.theory_name, self.curve, self.fits = found
        if self.curve is None and self.simulated is not None:
            self.theory_name, self.curve, self.fits = self.simulated
        return found[1] is not None

    def simulate(self, values: dict, progress=None):
        """Run what :meth:`theory` left out (the trace, the simulated f-I points), each from
        the cache when it is there; ``progress(done, total, label)`` is called before each
        part that runs and once at the end."""
        parts = self._parts(values)
        total = len(parts)
        _, trace_key, fi_key = self._keys(values)
        for done, (key, label) in enumerate(parts):
            if progress is not None:
                progress(done, total, label)
            if key == trace_key:
                self._cached(key, lambda: simulate(
                    self.params, values["current"], self.duration, sigma=values["sigma"],
                    seed=self.seed, target=self.target))
            else:
                self._cached(key, lambda: self._simulated_curve(values["sigma"]))
        if progress is not None and total:
            progress(total, total, "done")
        if self.target != "numpy":
            self._compiled[type(self.params)] = True
        self.draw_theory(values)

    def compute(self, values: dict):
        """:meth:`theory`, then :meth:`simulate`: everything for slider ``values``
        (Quantities: ``current``, ``sigma`` and the model's parameters)."""
        self.draw_theory(values)
        self.simulate(values)

    def _theory_curve(self, sigma):
        """(name, (currents in nA, rates in Hz), fits) from the rate theory, or
        (None, None, None) for a model without one."""
        found = rate_theory(self.params, self.currents, sigma)
        if found is None:
            return None, None, None
        name, rates = found
        name = f"{name} ({self.params.MODEL.upper()})" if name == "closed form" else name
        return name, *self._with_fits(self.currents, rates)

    def _simulated_curve(self, sigma):
        """("simulated (coarse)", (currents in nA, rates in Hz), fits): a short simulated
        f-I curve, :data:`COARSE_POINTS` currents of :data:`COARSE_DURATION`."""
        from neurosim.bio import fi_curve

        currents = np.linspace(0, self.i_max, COARSE_POINTS) * nA
        rates = fi_curve(self.params, currents, duration=COARSE_DURATION, sigma=sigma,
                         seed=self.seed, target=self.target).rates
        return "simulated (coarse)", *self._with_fits(currents, rates)

    @staticmethod
    def _with_fits(currents, rates):
        fits = {f: fit_activation(currents, rates, f) for f in ("sigmoid", "relu")}
        return (np.asarray(currents / nA), np.asarray(rates / Hz)), fits

    def theory_rate(self, current) -> float | None:
        """The f-I line's rate (Hz) at ``current`` (interpolated), or None without a line."""
        if self.curve is None:
            return None
        x, rates = self.curve
        return float(np.interp(float(current / nA), x, rates))

    @property
    def n_cached(self) -> int:
        """Results in the cache."""
        return len(self._cache)

    def draw(self, ax_trace, ax_fi, current, *, legend_size: int = 11) -> float | None:
        """Draw the trace into ``ax_trace`` and the f-I panel (the line, the simulated points
        beside a theory line, the fits, the operating point at ``current``) into ``ax_fi``;
        return the operating point's rate (Hz): the simulated steady state, or the theory's
        while the simulation has not run (None when neither exists yet)."""
        from neurosim.plotting.bio import plot_membrane
        from neurosim.plotting.cells import plot_step_response

        ax_trace.clear()
        rate, simulated_rate = self.theory_rate(current), self.trace is not None
        if self.trace is None:
            ax_trace.set_title(f"{self.preset}: simulating the membrane trace...")
        else:
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
        if self.curve is not None:
            x, rates = self.curve
            ax_fi.plot(x, rates, "-" if len(x) > COARSE_POINTS else "o-", color=THEORY,
                       lw=2.5, label=self.theory_name)
        styles = {"sigmoid": (ANN, "--"), "relu": (OKABE_ITO["bluish_green"], ":")}
        grid = self.currents
        for family, fit in (self.fits or {}).items():
            if fit.success:
                color, ls = styles[family]
                ax_fi.plot(np.asarray(grid / nA), np.asarray(fit.predict(grid) / Hz),
                           color=color, ls=ls, label=f"{family} fit, R$^2$ = {fit.r2:.3f}")
        if self.simulated is not None and self.curve is not self.simulated[1]:
            x, rates = self.simulated[1]
            ax_fi.plot(x, rates, "s", ms=7, mfc="none", mew=1.8, color=BIO,
                       label=f"simulated ({len(x)} currents, the check)")
        if rate is not None:
            ax_fi.plot([float(current / nA)], [rate], "o", ms=10, color=BIO,
                       mfc=BIO if simulated_rate else "none",
                       label="operating point (" + ("simulated" if simulated_rate
                                                    else "theory; simulating...") + ")")
        ax_fi.set_xlabel("input current (nA)")
        ax_fi.set_ylabel("firing rate (Hz)")
        low, high = ax_fi.get_ylim()  # headroom: the legend sits above the curve, not on it
        ax_fi.set_ylim(low, high + 0.5 * (high - low))
        if ax_fi.get_lines():
            ax_fi.legend(loc="upper left", fontsize=legend_size, frameon=False)
        else:
            ax_fi.set_title(f"{self.preset}: simulating the f-I curve...")
        return rate


#: What an explorer reads from its :class:`ExplorerCore` as its own attributes.
RESULTS = ("base", "i_max", "params", "target", "trace", "currents", "curve", "theory_name",
           "fits", "simulated")


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
