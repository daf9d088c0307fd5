"""f-I curves: firing rate against constant input current, in one vectorised run.

Every (current, trial) pair is one neuron of a single ``NeuronGroup``, so a
sweep of 1000 currents costs one Brian2 run, not 1000.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import brian2
import numpy as np
from brian2 import Hz, Quantity, amp, mV, ms, second

from neurosim.bio import brian2_tools
from neurosim.bio.params import FIELD_UNITS, LIFParams
from neurosim.bio.theory import lif_rate, siegert_rate
from neurosim.errors import ParameterError
from neurosim.units import format_quantity
from neurosim.validation import check_integer, check_quantity, check_seed

#: What each neuron counts at each spike (in the reset), so that rates need
#: no spike monitor: the spike count and the first spike time.  The last
#: spike time is Brian2's own ``lastspike`` (every reset statement costs
#: time at every step on the numpy target).
_RESET = """
v = V_reset
t_first = t_first + (t - t_first) * int(n_spikes == 0)
n_spikes += 1
"""

_COUNTERS = """
I : amp (constant)
n_spikes : integer
t_first : second
"""

#: spike_timing="exact": v is advanced by the exact solution of the linear
#: equation for the part of the step that is not refractory, and each spike
#: is dated by inverting that solution (constant input within a step).
_EXACT_STATE = """
v : volt
t_free : second
t_last : second
"""

_EXACT_UPDATE = """
h = clip(t + dt - t_free, 0*second, dt)
v = E_L + R_m*I + (v - E_L - R_m*I)*exp(-h/tau_m)
"""

_EXACT_RESET = """
t_spike = t + dt - tau_m*log((E_L + R_m*I - V_th)/(E_L + R_m*I - v))
t_first = t_first + (t_spike - t_first) * int(n_spikes == 0)
t_last = t_spike
n_spikes += 1
t_free = t_spike + t_ref
v = E_L + R_m*I + (V_reset - E_L - R_m*I)*exp(-clip(t + dt - t_free, 0*second, dt)/tau_m)
"""

#: With noise, the pooled ISI rate is used only where the trials have at least
#: this many intervals on average (fewer: it is biased upwards, see FICurve).
MIN_INTERVALS = 10

#: Ways of timing spikes that fi_curve accepts.
SPIKE_TIMINGS = ("grid", "exact")


@dataclass(frozen=True, eq=False)
class FICurve:
    """A simulated f-I curve: firing rate against constant input current.

    Attributes
    ----------
    currents : Quantity (current), shape (n,)
    rates : Quantity (frequency), shape (n,)
        The rate estimate per current: without noise ``rates_isi`` where the
        neuron fired at least twice, ``rates_count`` otherwise; with noise
        ``rates_isi`` only where the trials have at least
        :data:`MIN_INTERVALS` intervals on average, because with few spikes
        the ISI estimate is biased upwards (only trials whose intervals fit
        in the window contribute: measured 1.6 Hz for a true 0.3 Hz at 2 s).
    rates_isi : Quantity (frequency), shape (n,)
        ``1 / mean inter-spike interval``, pooled over trials (total number
        of intervals / total time they span): the stationary rate, free of
        the transient before the first spike.  NaN where no trial fired
        twice.
    rates_count : Quantity (frequency), shape (n,)
        Spike count / duration, averaged over trials.
    spike_counts : ndarray of int, shape (n, n_trials)
    trial_rates : Quantity (frequency), shape (n, n_trials)
        Per trial: 1/mean ISI with at least two spikes, count/duration
        otherwise.
    params : LIFParams
    duration, dt, sigma : Quantity
    n_trials : int
    seed : int
        The seed used (drawn when None was given): with the other fields it
        reproduces the curve exactly.
    target : str
        Brian2 code-generation target that ran it.
    spike_timing : str
        ``"grid"`` or ``"exact"`` (see :func:`fi_curve`).
    """

    currents: Quantity
    rates: Quantity
    rates_isi: Quantity
    rates_count: Quantity
    spike_counts: np.ndarray
    trial_rates: Quantity
    params: LIFParams
    duration: Quantity
    dt: Quantity
    sigma: Quantity
    n_trials: int
    seed: int
    target: str
    spike_timing: str = "grid"

    def __len__(self) -> int:
        return len(self.currents)

    @property
    def rates_std(self) -> Quantity:
        """Standard deviation of ``trial_rates`` across trials (0 for one trial)."""
        return np.std(np.asarray(self.trial_rates / Hz), axis=1) * Hz

    def theory(self) -> Quantity:
        """The exact rate at ``currents`` for this curve's noise.

        Without noise the closed form :func:`~neurosim.bio.theory.lif_rate`;
        with noise (``sigma > 0``) the Siegert rate
        :func:`~neurosim.bio.theory.siegert_rate` of the same white noise,
        which the simulated rates approach as trials grow.
        """
        if self.sigma == 0 * mV:
            return lif_rate(self.currents, self.params)
        return siegert_rate(self.currents, self.sigma, self.params)

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
        }


def _check_currents(currents) -> Quantity:
    check_quantity(currents, "currents", amp)
    currents = np.atleast_1d(currents)
    if currents.ndim != 1:
        raise ParameterError(f"currents: must be one-dimensional, got shape {currents.shape}")
    if len(currents) == 0:
        raise ParameterError("currents: must hold at least one current, got an empty array")
    return currents


def _check_trials(n_trials) -> int:
    return check_integer(n_trials, "n_trials", low=1)


def fi_curve(
    params: LIFParams,
    currents: Quantity,
    *,
    duration: Quantity = 1 * second,
    dt: Quantity = 0.1 * ms,
    sigma: Quantity = 0 * mV,
    n_trials: int = 1,
    seed: int | None = None,
    target: str = "numpy",
    spike_timing: str = "grid",
) -> FICurve:
    """Simulate the f-I curve of a LIF neuron: one neuron per (current, trial).

    Parameters
    ----------
    params : LIFParams
    currents : Quantity (current), shape (n,)
        Constant input currents; finite, at least one.
    duration : Quantity (time)
        Simulated time per neuron (at least ``10*dt``).
    dt : Quantity (time)
        Time step, in ``(0, tau_m/10]``.
    sigma : Quantity (voltage)
        Noise amplitude (``>= 0``), as in :func:`simulate_lif`.
    n_trials : int
        Independent neurons per current (``>= 1``); useful with noise.
    seed : int or None
        Seed of the noise; None draws one (stored in the result).
    target : {"numpy", "cython", "cpp_standalone"}
        Brian2 code generation. ``numpy`` starts at once; ``cython``
        compiles once (cached by Brian2 on disk) and then runs about 2x
        faster; ``cpp_standalone`` compiles a binary once per network shape
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
        ``sigma = 0``.

    Returns
    -------
    FICurve

    Notes
    -----
    Each neuron starts at ``E_L`` (with ``spike_timing="exact"`` and
    ``E_L >= V_th``: at ``V_reset``) and counts its spikes and its first and last
    spike time in its reset statement (no spike monitor needed).  With
    ``n >= 2`` spikes the rate is ``(n - 1) / (t_last - t_first)``, i.e. one
    over the mean inter-spike interval.  Spikes are detected on the time grid
    and Brian2 holds the refractory period for ``floor(t_ref/dt)`` steps, so
    each interval is ``k dt`` short of the exact one with ``f <= k <= 1 + f``,
    ``f`` the fractional part of ``t_ref/dt``: the error of the rate grows like
    ``r**2 * dt`` (see ``docs/bio.md``).

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
    params = brian2_tools.check_params(params)
    currents = _check_currents(currents)
    dt = brian2_tools.check_dt(dt, params)
    duration = brian2_tools.check_duration(duration, dt)
    sigma = brian2_tools.check_sigma(sigma)
    n_trials = _check_trials(n_trials)
    seed = check_seed(seed)
    target = brian2_tools.check_target(target)
    if spike_timing not in SPIKE_TIMINGS:
        raise ParameterError(f"spike_timing: must be one of {', '.join(SPIKE_TIMINGS)}; got {spike_timing!r}")
    if spike_timing == "exact" and sigma > 0 * mV:
        raise ParameterError(
            f"spike_timing: 'exact' needs sigma = 0 mV (it inverts the noise-free solution), got sigma = {sigma}"
        )

    n_steps = int(round(float(duration / dt)))
    duration = n_steps * dt
    per_neuron_current = np.repeat(np.asarray(currents / amp, dtype=float), n_trials) * amp
    if target == "cpp_standalone":
        counts, t_first, t_last = _run_standalone(params, per_neuron_current, n_steps, dt, sigma, seed,
                                                  spike_timing)
    else:
        counts, t_first, t_last = _run_runtime(params, per_neuron_current, n_steps, dt, sigma, seed, target,
                                               spike_timing)
    return _summarise(currents, counts, t_first, t_last, params, duration, dt, sigma, n_trials, seed, target,
                      spike_timing)


def _build(n: int, dt, noisy: bool, method: str, name: str, namespace: dict | None,
           spike_timing: str = "grid"):
    """One group of ``n`` LIF neurons that count their spikes.

    With a ``namespace`` the neuron parameters are constants of the
    namespace (fastest on the runtime targets: measured 2.8x faster than
    per-neuron arrays on numpy); without one they are shared variables of
    the group, which a compiled standalone binary takes as ``run_args``.
    """
    per_neuron = brian2_tools.STANDALONE_PARAMS if namespace is None else ""
    if spike_timing == "exact":
        group = brian2.NeuronGroup(
            n, _EXACT_STATE + per_neuron + _COUNTERS, threshold="v > V_th", reset=_EXACT_RESET,
            dt=dt, name=name, namespace=namespace or {},
        )
        group.run_regularly(_EXACT_UPDATE, when="groups", name=name + "_exact_update")
        return group
    membrane = brian2_tools.LIF_EQUATION_NOISY if noisy else brian2_tools.LIF_EQUATION
    return brian2.NeuronGroup(
        n, membrane + "\n" + per_neuron + _COUNTERS, threshold="v > V_th", reset=_RESET,
        refractory="t_ref", method=method, dt=dt, name=name, namespace=namespace or {},
    )


def _start_potential(params: LIFParams, spike_timing: str) -> Quantity:
    """Where each neuron starts: E_L, or V_reset in exact mode when E_L >= V_th.

    A neuron that rests at or above threshold fires at t = 0; the exact
    dating inverts the trajectory from below threshold, so it starts such a
    neuron at its reset potential instead (the ISI rate is unaffected).
    """
    if spike_timing == "exact" and params.E_L >= params.V_th:
        return params.V_reset
    return params.E_L


def _values(params: LIFParams, currents: Quantity, sigma: Quantity, spike_timing: str) -> dict:
    """The values a standalone run takes as run_args: shared parameters, per-neuron I and v."""
    values = {key: getattr(params, key) for key in FIELD_UNITS}
    values["sigma"] = sigma
    values["I"] = currents
    start = _start_potential(params, spike_timing)
    values["v"] = Quantity(np.full(len(currents), float(start)), dim=start.dim)
    return values


def _read(group, spike_timing: str):
    """Spike counts, first and last spike times (s) of every neuron."""
    last = group.t_last_ if spike_timing == "exact" else group.lastspike_
    return np.asarray(group.n_spikes[:]), np.asarray(group.t_first_[:]), np.asarray(last[:])


def _run_runtime(params, currents, n_steps, dt, sigma, seed, target, spike_timing):
    noisy = float(sigma / mV) > 0
    method = brian2_tools.integration_method(float(sigma / mV))
    namespace = {**params.namespace(), "sigma": sigma}
    with brian2_tools.quiet_brian(), brian2_tools.codegen_target(target), brian2_tools.seeded(seed):
        group = _build(len(currents), dt, noisy, method, "fi_neurons", namespace, spike_timing)
        group.v_ = float(_start_potential(params, spike_timing))  # trailing underscore: SI units
        group.I_ = np.asarray(currents / amp, dtype=float)
        net = brian2.Network(group, name="fi_network")
        net.run(n_steps * dt, namespace=namespace)
        return _read(group, spike_timing)


# One compiled standalone project per network shape, kept for this process.
_STANDALONE = {}


def standalone_cache_dir() -> Path:
    """Folder of compiled cpp_standalone projects (``$NEUROSIM_CACHE`` or ``~/.cache/neurosim``)."""
    root = os.environ.get("NEUROSIM_CACHE") or Path.home() / ".cache" / "neurosim"
    return Path(root) / "standalone"


def _run_standalone(params, currents, n_steps, dt, sigma, seed, spike_timing):
    from brian2.devices.cpp_standalone.device import CPPStandaloneDevice
    from brian2.devices.device import reset_device, set_device

    noisy = float(sigma / mV) > 0
    method = brian2_tools.integration_method(float(sigma / mV))
    key = (len(currents), n_steps, float(dt), noisy, seed if noisy else None, spike_timing)
    entry = _STANDALONE.get(key)
    if entry is None:
        tag = hashlib.sha1(repr(key).encode()).hexdigest()[:12]
        directory = standalone_cache_dir() / f"fi_{tag}"
        directory.mkdir(parents=True, exist_ok=True)
        device = CPPStandaloneDevice()
        with brian2_tools.quiet_brian():
            set_device(device, build_on_run=False)
            try:
                if noisy:
                    device.seed(seed)
                group = _build(len(currents), dt, noisy, method, "fi_neurons", None, spike_timing)
                net = brian2.Network(group, name="fi_network")
                net.run(n_steps * dt, namespace={})
                device.build(directory=str(directory), compile=True, run=False, with_output=False)
            finally:
                reset_device()
        entry = _STANDALONE[key] = (device, group, str(directory))
    device, group, directory = entry
    values = _values(params, currents, sigma, spike_timing)
    run_args = {getattr(group, key): value for key, value in values.items()}
    with brian2_tools.quiet_brian():
        device.run(directory=directory, with_output=False, run_args=run_args)
    return _read(group, spike_timing)


def _summarise(currents, counts, t_first, t_last, params, duration, dt, sigma, n_trials, seed, target,
               spike_timing):
    n = len(currents)
    counts = counts.reshape(n, n_trials).astype(int)
    span = (t_last - t_first).reshape(n, n_trials)
    duration_s = float(duration / second)
    two = counts >= 2
    intervals = np.where(two, counts - 1, 0)
    span_sum = np.where(two, span, 0.0).sum(axis=1)
    interval_sum = intervals.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        rates_isi = np.where(interval_sum > 0, interval_sum / np.where(span_sum > 0, span_sum, 1.0), np.nan)
        trial = np.where(two, intervals / np.where(two, span, 1.0), counts / duration_s)
    rates_count = counts.mean(axis=1) / duration_s
    use_isi = ~np.isnan(rates_isi)
    if float(sigma / mV) > 0:
        use_isi &= np.maximum(counts - 1, 0).mean(axis=1) >= MIN_INTERVALS
    rates = np.where(use_isi, rates_isi, rates_count)
    return FICurve(
        currents=currents, rates=rates * Hz, rates_isi=rates_isi * Hz, rates_count=rates_count * Hz,
        spike_counts=counts, trial_rates=trial * Hz, params=params, duration=duration, dt=dt,
        sigma=sigma, n_trials=n_trials, seed=seed, target=target, spike_timing=spike_timing,
    )
