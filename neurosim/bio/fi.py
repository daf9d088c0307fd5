"""f-I curves: firing rate against constant input current, in one vectorised run.

Every (current, trial) pair is one neuron of a single ``NeuronGroup``, so a
sweep of 1000 currents costs one Brian2 run, not 1000.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from brian2 import Hz, Quantity, amp, ms, mV, nA, second

from neurosim import results_cache
from neurosim.bio import _lif_exact, brian2_tools, engine
from neurosim.bio.engine import standalone_cache_dir  # noqa: F401  (used by the network engine)
from neurosim.bio.steady_state import steady_state_rates
from neurosim.bio.theory import rate_theory
from neurosim.errors import ParameterError
from neurosim.provenance import Result
from neurosim.units import check_quantity, format_quantity
from neurosim.validation import check_choice, check_integer, check_seed

#: With noise, the pooled ISI rate is used only where the trials have at least
#: this many intervals on average (fewer: it is biased upwards, see FICurve).
MIN_INTERVALS = 10

#: Ways of timing spikes that fi_curve accepts.
SPIKE_TIMINGS = ("grid", "exact")


@dataclass(frozen=True, eq=False)
class FICurve(Result):
    """A simulated f-I curve: firing rate against constant input current.

    Attributes
    ----------
    currents : Quantity (current), shape (n,)
    rates : Quantity (frequency), shape (n,)
        The steady-state rate per current
        (:func:`~neurosim.bio.steady_state.steady_state_rates`): without noise
        ``rates_isi`` where the neuron fired at least twice and kept firing,
        0 Hz where its firing stopped before the end of the window (an onset
        transient), ``rates_count`` otherwise; with noise
        ``rates_isi`` only where the trials have at least
        :data:`MIN_INTERVALS` intervals on average, because with few spikes
        the ISI estimate is biased upwards (only trials whose intervals fit
        in the window contribute; measured in docs/performance.md).
    rates_isi : Quantity (frequency), shape (n,)
        ``1 / mean inter-spike interval``, pooled over trials (total number
        of intervals / total time they span): the stationary rate, free of
        the transient before the first spike.  NaN where no trial fired
        twice and kept firing.
    rates_count : Quantity (frequency), shape (n,)
        Spike count / duration, averaged over trials.
    spike_counts : ndarray of int, shape (n, n_trials)
    trial_rates : Quantity (frequency), shape (n, n_trials)
        Per trial: 1/mean ISI with at least two spikes, 0 where firing
        stopped (without noise), count/window otherwise.
    params : LIFParams, HHParams, WangBuzsakiParams, EIFParams, AdExParams or IzhikevichParams
        The model that ran (any class of :mod:`neurosim.bio.models`).
    duration, dt, sigma : Quantity
    n_trials : int
    seed : int
        The seed used (drawn when None was given): with the other fields it
        reproduces the curve exactly.
    target : str
        Brian2 code-generation target that ran it.
    spike_timing : str
        ``"grid"`` or ``"exact"`` (see :func:`fi_curve`).
    settle : Quantity (time)
        Spikes before this time were not counted (see :func:`fi_curve`).
    stopped : ndarray of bool, shape (n,)
        Firing stopped before the end of the window (a transient; the rate
        is then 0 Hz without noise).
    steady : ndarray of bool, shape (n,)
        The rate is a steady state (every trial kept firing, or never fired);
        False where firing stopped or one spike is all there was.
    """

    currents: Quantity
    rates: Quantity
    rates_isi: Quantity
    rates_count: Quantity
    spike_counts: np.ndarray
    trial_rates: Quantity
    params: object
    duration: Quantity
    dt: Quantity
    sigma: Quantity
    n_trials: int
    seed: int
    target: str
    spike_timing: str = "grid"
    settle: Quantity = field(default_factory=lambda: 0 * second)
    stopped: np.ndarray | None = None
    steady: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.currents)

    def summary(self) -> dict:
        """Per current: current (nA), rate and its spread over trials (Hz) (JSON-ready)."""
        return {"current_nA": np.asarray(self.currents / nA, dtype=float).tolist(),
                "rate_Hz": np.asarray(self.rates / Hz, dtype=float).tolist(),
                "rate_std_Hz": np.asarray(self.rates_std / Hz, dtype=float).tolist()}

    @property
    def rates_std(self) -> Quantity:
        """Standard deviation of ``trial_rates`` across trials (0 for one trial)."""
        return np.std(np.asarray(self.trial_rates / Hz), axis=1) * Hz

    def theory(self) -> Quantity:
        """The exact rate at ``currents`` for this curve's noise, where the model has one.

        From :func:`~neurosim.bio.theory.rate_theory`: the model's closed form
        without noise (LIF: :func:`~neurosim.bio.theory.lif_rate`); with noise
        (``sigma > 0``) the Siegert rate :func:`~neurosim.bio.theory.siegert_rate`
        for the LIF and threshold integration for the other one-dimensional
        models, which the simulated rates approach as trials grow.

        Raises
        ------
        ParameterError
            If the model has no rate theory (e.g. Hodgkin-Huxley, Izhikevich).
        """
        found = rate_theory(self.params, self.currents, self.sigma)
        if found is None:
            raise ParameterError(
                f"theory: the model {self.params.MODEL!r} ({self.params.name}) has no rate theory "
                "(closed form or one-dimensional drift); compare with a finer simulation instead"
            )
        return found[1]

    @property
    def settings(self) -> dict:
        """Everything needed to repeat this curve, as JSON-ready text and numbers."""
        return {
            "preset": self.params.name,
            "params": self.params.as_text(),
            "duration": format_quantity(self.duration, ms),
            "dt": format_quantity(self.dt, ms),
            "sigma": format_quantity(self.sigma, mV),
            "n_trials": self.n_trials,
            "seed": self.seed,
            "target": self.target,
            "spike_timing": self.spike_timing,
            "n_currents": len(self.currents),
            "model": self.params.MODEL,
            "settle": format_quantity(self.settle, ms),
        }


def default_settle(params, duration: Quantity) -> Quantity:
    """The model's ``settle_time``, at most half of ``duration``."""
    return min(params.settle_time, duration / 2)


def onset_currents(curve: FICurve, n: int) -> Quantity:
    """``n`` currents evenly inside the interval where ``curve`` starts to fire.

    The onset is where an f-I curve bends most (a LIF's rate rises like
    ``1/ln(I/(I - I_rh))`` just above its rheobase, a type II neuron jumps to a
    nonzero rate), so a uniform grid there can show one point between 0 Hz and the
    first clear rate.  Sampling that interval again (one more vectorised run)
    puts ``n`` points where they matter.  Empty if the curve fires at its first
    current or nowhere.
    """
    rates = np.asarray(curve.rates / Hz)
    firing = np.flatnonzero(rates > 0)
    if n < 1 or len(firing) == 0 or firing[0] == 0:
        return curve.currents[:0]
    low, high = curve.currents[firing[0] - 1], curve.currents[firing[0]]
    return low + (high - low) * np.arange(1, n + 1) / (n + 1)


def _check_currents(currents) -> Quantity:
    currents = np.atleast_1d(check_quantity(currents, "currents", amp))
    if currents.ndim != 1:
        raise ParameterError(f"currents: must be one-dimensional, got shape {currents.shape}")
    if len(currents) == 0:
        raise ParameterError("currents: must hold at least one current, got an empty array")
    return currents


def _check_trials(n_trials) -> int:
    return check_integer(n_trials, "n_trials", low=1)


def _check_settle(settle, duration: Quantity) -> Quantity:
    """``settle`` as given, checked: a time in [0 s, ``duration``)."""
    check_quantity(settle, "settle", second, scalar=True)
    if not 0 * second <= settle < duration:
        raise ParameterError(f"settle: must be in [0 s, duration = {duration}), got {settle}")
    return settle


def fi_curve(
    params,
    currents: Quantity,
    *,
    duration: Quantity = 1 * second,
    dt: Quantity | None = None,
    sigma: Quantity = 0 * mV,
    n_trials: int = 1,
    seed: int | None = None,
    target: str = "numpy",
    spike_timing: str = "grid",
    settle: Quantity | None = None,
) -> FICurve:
    """Simulate the f-I curve of any neuron model: one neuron per (current, trial).

    Parameters
    ----------
    params : LIFParams, HHParams, WangBuzsakiParams, EIFParams, AdExParams or IzhikevichParams
        The model (e.g. ``load_preset("hh_squid")``).
    currents : Quantity (current), shape (n,)
        Constant input currents; finite, at least one.  For the
        Hodgkin-Huxley-type models, ``params.current(density)`` converts a
        current density such as ``6.3*uA/cm**2``.
    duration : Quantity (time)
        Simulated time per neuron (at least ``10*dt``).
    dt : Quantity (time) or None
        Time step; None takes the model's default (LIF 0.1 ms, the others
        0.01 ms).  At most the model's ``max_dt`` (LIF: ``tau_m/10``).
    sigma : Quantity (voltage)
        Noise amplitude (``>= 0``): the ``v`` equation gains
        ``sigma*xi/sqrt(tau_noise)`` (Brunel 2000, Eq. 2; ``tau_noise`` is the
        model's membrane time constant, see its class).
    n_trials : int
        Independent neurons per current (``>= 1``); useful with noise.
    seed : int or None
        Seed of the noise; None draws one (stored in the result).
    target : {"numpy", "cython", "cpp_standalone"}
        Brian2 code generation. ``numpy`` starts at once; ``cython``
        compiles once (cached by Brian2 on disk) and then runs faster
        (docs/performance.md); ``cpp_standalone`` compiles a binary once per network shape
        (number of neurons, duration, dt, noise on/off, and the seed when
        noisy) and reruns it with new currents or parameters through
        ``device.run(run_args=...)``, without recompiling.
    spike_timing : {"grid", "exact"}
        ``"grid"`` (default): Brian2's standard LIF, spikes on the time grid
        and refractoriness a whole number of steps (error ~ r^2 dt, see Notes).
        ``"exact"``: each spike is dated within its step by inverting the
        exact membrane solution, and refractoriness ends at that time plus
        ``t_ref`` (the idea of nengo's LIF); for constant input the rates
        then equal the closed form to rounding error at any ``dt``.  Needs
        ``sigma = 0`` and a LIF neuron.
    settle : Quantity (time) or None
        Count only spikes at or after this time.  None (default) takes the
        model's :attr:`~neurosim.bio.models.base.ModelParams.settle_time` (0 for
        LIF and EIF; the onset or adaptation time of the others), at most
        half the duration.  A rate "over the last second of 2 s" is
        ``duration=2*second, settle=1*second``.  Whatever the settle time,
        firing that stops before the end of the run reads 0 Hz (see
        ``rates``).

    Returns
    -------
    FICurve

    Notes
    -----
    Each neuron starts at the model's initial state (LIF: ``E_L``; with
    ``spike_timing="exact"`` and ``E_L >= V_th``: at ``V_reset``) and counts
    its spikes and its first and last spike time in its reset statement (no
    spike monitor needed).  With
    ``n >= 2`` spikes the rate is ``(n - 1) / (t_last - t_first)``, i.e. one
    over the mean inter-spike interval.  Spikes are detected on the time grid
    and Brian2 holds the refractory period for ``floor(t_ref/dt)`` steps, so
    each interval is ``k dt`` short of the exact one with ``f <= k <= 1 + f``,
    ``f`` the fractional part of ``t_ref/dt``: the error of the rate grows like
    ``r**2 * dt`` (see ``docs/bio.md``).  The other models integrate
    nonlinear equations (forward or exponential Euler), so their spike times
    carry an O(dt) error: their default dt is 0.01 ms.

    With ``spike_timing="exact"``, during a step from ``t`` to ``t + dt`` the
    membrane integrates only for ``h = clip(t + dt - t_free, 0, dt)`` (the
    non-refractory part), exactly: ``v <- mu + (v - mu) exp(-h/tau_m)`` with
    ``mu = E_L + R_m I``.  A spike found at the end of the step happened
    ``tau_m ln((mu - V_th)/(mu - v))`` earlier, from which ``t_free`` = spike
    time + ``t_ref``.

    References
    ----------
    Brian2 example ``IF_curve_LIF.py`` (one neuron per input current);
    Gerstner, W. et al. (2014). *Neuronal Dynamics*, §1.3.
    Bekolay, T. et al. (2014). Nengo: a Python tool for building large-scale
    functional brain models. Front. Neuroinform. 7, 48 (``nengo.LIF`` dates
    spikes within the step).
    """
    params = engine.check_model(params)
    currents = _check_currents(currents)
    sigma = brian2_tools.check_sigma(sigma)
    model = engine.fi_model(params, sigma)
    dt = engine.check_dt(model.dt if dt is None else dt, model)
    duration = brian2_tools.check_duration(duration, dt)
    n_trials = _check_trials(n_trials)
    seed = check_seed(seed)
    target = brian2_tools.check_target(target)
    check_choice(spike_timing, "spike_timing", SPIKE_TIMINGS)
    if spike_timing == "exact" and sigma > 0 * mV:
        raise ParameterError(
            "spike_timing: 'exact' needs sigma = 0 mV (it inverts the noise-free solution), got "
            f"sigma = {sigma}"
        )
    if spike_timing not in params.SPIKE_TIMINGS:
        raise ParameterError(
            f"spike_timing: 'exact' inverts the LIF solution; the model {params.MODEL!r} "
            f"({type(params).__name__}) needs 'grid'"
        )
    n_steps = int(round(float(duration / dt)))
    duration = n_steps * dt
    if settle is None:
        settle = 0 * second if spike_timing == "exact" else default_settle(params, duration)
    _check_settle(settle, duration)
    if spike_timing == "exact" and settle > 0 * second:
        raise ParameterError("settle: spike_timing='exact' counts every spike; use settle = 0 s")

    per_neuron_current = np.repeat(np.asarray(currents / amp, dtype=float), n_trials) * amp

    def simulate():
        if spike_timing == "exact" and target == "cpp_standalone":
            out = _lif_exact.run_standalone(params, per_neuron_current, n_steps, dt)
        elif spike_timing == "exact":
            out = _lif_exact.run_runtime(params, per_neuron_current, n_steps, dt, target)
        elif target == "cpp_standalone":
            out = engine.run_fi_standalone(model, per_neuron_current, n_steps, dt, sigma,
                                           settle, seed)
        else:
            out = engine.run_fi_runtime(model, per_neuron_current, n_steps, dt, sigma, settle,
                                        seed, target)
        return dict(zip(("counts", "t_first", "t_last"), out))

    found = results_cache.cached_arrays("fi_curve", {
        "model": type(params).__name__, "params": params.namespace(),
        "equations": model.equations, "threshold": model.threshold, "reset": model.reset,
        "refractory": model.refractory, "method": model.method,
        "initial": model.initial, "namespace": dict(model.namespace),
        "currents": np.asarray(per_neuron_current / amp, dtype=float), "n_steps": n_steps,
        "dt": float(dt / second), "sigma": float(sigma / mV), "settle": float(settle / second),
        "seed": seed if sigma > 0 * mV else None,  # noise-free: the seed changes nothing
        "target": target, "spike_timing": spike_timing,
    }, simulate)
    counts, t_first, t_last = found["counts"], found["t_first"], found["t_last"]
    return _summarise(
        currents,
        counts,
        t_first,
        t_last,
        params,
        duration,
        dt,
        sigma,
        n_trials,
        seed,
        target,
        spike_timing,
        settle,
    )


def _summarise(
    currents,
    counts,
    t_first,
    t_last,
    params,
    duration,
    dt,
    sigma,
    n_trials,
    seed,
    target,
    spike_timing,
    settle,
):
    n = len(currents)
    shape = (n, n_trials)
    noisy = float(sigma / mV) > 0
    state = steady_state_rates(
        np.reshape(counts, shape), np.reshape(t_first, shape), np.reshape(t_last, shape),
        float(settle / second), float(duration / second), noisy=noisy,
        min_intervals=MIN_INTERVALS,
    )
    return FICurve(
        currents=currents,
        rates=state.rates * Hz,
        rates_isi=state.rates_isi * Hz,
        rates_count=state.rates_count * Hz,
        spike_counts=np.reshape(counts, shape).astype(int),
        trial_rates=state.trial_rates * Hz,
        params=params,
        duration=duration,
        dt=dt,
        sigma=sigma,
        n_trials=n_trials,
        seed=seed,
        target=target,
        spike_timing=spike_timing,
        settle=settle,
        stopped=state.stopped,
        steady=state.steady,
    )
