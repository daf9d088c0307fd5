"""Simulate one neuron of any model: membrane trace, other state variables, spikes."""

from __future__ import annotations

from dataclasses import dataclass, replace

import brian2
import numpy as np
from brian2 import Hz, Quantity, amp, ms, mV, second

from neurosim import results_cache
from neurosim.bio import brian2_tools, engine
from neurosim.bio.stimuli import Constant, Stimulus
from neurosim.errors import ParameterError, UnitError
from neurosim.provenance import Result, provenance
from neurosim.units import check_quantity, format_quantity
from neurosim.validation import check_choice, check_seed


@dataclass(frozen=True, eq=False)
class Trace(Result):
    """Result of :func:`simulate`.

    Attributes
    ----------
    t : Quantity (time), shape (n_steps,)
        Sample times ``0, dt, 2 dt, ...``.
    v : Quantity (voltage), shape (n_steps,)
        Membrane potential at those times.
    spike_times : Quantity (time), shape (n_spikes,)
        Start of the step in which the model's threshold condition became
        true (for HH-type models: the upward crossing of -20 mV).
    current : Quantity (current), shape (n_steps,)
        The input current.
    states : dict of str -> Quantity
        The model's other state variables (``"w"`` of AdEx, ``"u"`` of
        Izhikevich, ``"m"``, ``"h"``, ``"n"`` of Hodgkin-Huxley), each of shape
        (n_steps,); also readable as attributes (``trace.w``).
    params : the model
    dt, sigma : Quantity
    seed : int
    target : str
    """

    t: Quantity
    v: Quantity
    spike_times: Quantity
    current: Quantity
    states: dict
    params: object
    dt: Quantity
    sigma: Quantity
    seed: int
    target: str

    def __getattr__(self, name):
        states = self.__dict__.get("states", {})
        if name in states:
            return states[name]
        raise AttributeError(f"{type(self).__name__} has no attribute or state variable {name!r}")

    @property
    def duration(self) -> Quantity:
        return len(self.t) * self.dt

    @property
    def n_spikes(self) -> int:
        return len(self.spike_times)

    @property
    def rate(self) -> Quantity:
        """Mean rate over the whole run, spike count / duration (Hz)."""
        return self.n_spikes / self.duration

    def steady_state(self, settle: Quantity | None = None):
        """This trace's steady-state rate, by the rule :func:`~neurosim.bio.fi_curve` uses.

        Spikes from ``settle`` (None: the model's ``settle_time``, at most half
        the run) to the end count; firing that stopped reads 0 Hz without
        noise.  Returns a :class:`~neurosim.bio.steady_state.SteadyState` of one
        point (``rates[0]`` in Hz, ``stopped[0]``, ``steady[0]``).
        """
        from neurosim.bio.steady_state import spike_counters, steady_state_rates

        end = float(self.duration / second)
        if settle is None:
            settle = min(self.params.settle_time, self.duration / 2)
        start = float(settle / second)
        n, first, last = spike_counters(np.asarray(self.spike_times / second), start, end)
        return steady_state_rates([[n]], [[first]], [[last]], start, end,
                                  noisy=float(self.sigma / mV) > 0)

    @property
    def isi(self) -> Quantity:
        """Inter-spike intervals (time), shape (n_spikes - 1,)."""
        return np.diff(np.asarray(self.spike_times / second)) * second

    @property
    def settings(self) -> dict:
        """Everything needed to repeat this run (the current excepted), as JSON-ready text."""
        return {
            "model": self.params.MODEL,
            "preset": self.params.name,
            "params": self.params.as_text(),
            "duration": format_quantity(self.duration, ms),
            "dt": format_quantity(self.dt, ms),
            "sigma": format_quantity(self.sigma, mV),
            "seed": self.seed,
            "target": self.target,
        }

    def provenance(self) -> dict:
        """Parameters, seed and package versions (:func:`neurosim.provenance.provenance`)."""
        return provenance(self.settings, self.seed)

    def summary(self) -> dict:
        """Duration (ms), number of spikes and mean rate (Hz) of the run (JSON-ready)."""
        return {"duration_ms": float(self.duration / ms), "n_spikes": int(self.n_spikes),
                "rate_Hz": float(self.rate * second)}

    def smoothed_rate(self, width: Quantity = 10 * ms, *, kernel: str = "gaussian") -> Quantity:
        """Instantaneous firing rate: the spike train convolved with a kernel.

        Parameters
        ----------
        width : Quantity (time)
            The kernel's time scale (> 0): the standard deviation of the
            Gaussian, or ``1/alpha`` of the alpha kernel.
        kernel : {"gaussian", "alpha"}
            ``"gaussian"`` is centred on each spike, so the rate starts to rise
            before the first spike (it looks at the future); ``"alpha"`` is
            causal (only past spikes count), so the rate lags the spikes by
            ``2 width`` on average (the kernel's mean delay).

        Returns
        -------
        Quantity (frequency), shape (n_steps,)
            Gaussian: ``r(t) = sum_k exp(-(t - t_k)^2 / (2 w^2)) / (sqrt(2 pi) w)``;
            alpha: ``r(t) = sum_{t_k <= t} (t - t_k) exp(-(t - t_k) / w) / w^2``.
            Each integrates to the spike count.

        References
        ----------
        Dayan, P. & Abbott, L. F. (2001). *Theoretical Neuroscience*, MIT
        Press, §1.2 (Eq. 1.9, Gaussian window; Eq. 1.10, causal alpha
        window ``w(tau) = alpha^2 tau exp(-alpha tau)`` for ``tau > 0``).
        """
        check_quantity(width, "width", second)
        w = float(width / second)
        if not w > 0:
            raise ParameterError(f"width: must be > 0 ms, got {width}")
        check_choice(kernel, "kernel", ("gaussian", "alpha"))
        # Spikes lie on the time grid: bin them per step and convolve with the
        # kernel sampled on the same grid (cut at 5 widths, or 10 for the alpha
        # kernel's long tail; normalised to 1), so memory grows with the trace,
        # not with trace x spikes.
        dt = float(self.dt / second)
        n = len(self.t)
        steps = np.clip(np.rint(np.asarray(self.spike_times / second) / dt).astype(int), 0, n - 1)
        train = np.bincount(steps, minlength=n).astype(float) / dt
        if kernel == "alpha":
            lags = np.arange(int(np.ceil(10 * w / dt)) + 1) * dt
            weights = lags * np.exp(-lags / w)
            return np.convolve(train, weights / weights.sum())[:n] * Hz
        half = int(np.ceil(5 * w / dt))
        lags = np.arange(-half, half + 1) * dt
        weights = np.exp(-0.5 * (lags / w) ** 2)
        weights /= weights.sum()
        return np.convolve(train, weights)[half:half + n] * Hz


def sample_current(current, n_steps: int, dt: Quantity) -> Quantity:
    """Turn a constant, an array sampled at dt or a Stimulus into samples."""
    t = np.arange(n_steps) * dt
    if isinstance(current, Stimulus):
        return current.sample(t)
    if not isinstance(current, Quantity):
        if isinstance(current, (int, float, np.ndarray, list, tuple)):
            raise UnitError(
                f"current: {current!r} has no unit; give it in amp (e.g. 0.5*nA), "
                "or pass a stimulus from neurosim.bio.stimuli"
            )
        raise UnitError(
            f"current: expected a current (e.g. 0.5*nA), an array of currents sampled at dt, "
            f"or a Stimulus; got {type(current).__name__}"
        )
    check_quantity(current, "current", amp)
    if current.ndim == 0:
        return Constant(current).sample(t)
    if current.ndim != 1 or len(current) != n_steps:
        raise ParameterError(
            f"current: an array must be sampled at dt, with duration/dt = {n_steps} values; "
            f"got shape {current.shape}"
        )
    return current


def simulate(params, current, duration: Quantity, *, dt: Quantity | None = None,
             sigma: Quantity = 0 * mV, seed: int | None = None, target: str = "numpy") -> Trace:
    """Simulate one neuron of any model driven by ``current``.

    Parameters
    ----------
    params : LIFParams, HHParams, WangBuzsakiParams, EIFParams, AdExParams or IzhikevichParams
    current : Quantity (current), Quantity array, or Stimulus
        A constant; an array of ``duration/dt`` values sampled at ``dt``; or a
        stimulus from :mod:`neurosim.bio.stimuli` (``Step``, ``Ramp``, ...).
    duration : Quantity (time)
        At least ``10*dt``.
    dt : Quantity (time) or None
        None: the model's default (LIF 0.1 ms, others 0.01 ms).
    sigma : Quantity (voltage)
        Noise amplitude (``>= 0``): ``sigma*xi/sqrt(tau_noise)`` is added to
        ``dv/dt`` (Brunel 2000, Eq. 2; ``tau_noise`` per model, see its class).
    seed : int or None
        Seed of the noise; None draws one (stored in the result).
    target : {"numpy", "cython", "cpp_standalone"}
        On cpp_standalone one binary is compiled per model, duration, dt and
        noise (and seed, when noisy); later calls rerun it with a new current
        and new parameter values through ``run_args``, without recompiling.

    Returns
    -------
    Trace

    Notes
    -----
    One ``NeuronGroup`` of one neuron, built from ``params.brian_model()``.
    A current of at most :data:`MAX_PIECES` constant pieces (a constant, a
    ``Step``) runs piece by piece with ``I`` a constant, in the f-I curves'
    group, whose compiled code it shares on Cython; any other current is a
    ``TimedArray`` ``I_stim`` and the equations' ``I`` is ``I_stim(t)``
    (cpp_standalone: always, so that reruns take it through ``run_args``).
    Both give the same trace to rounding (without noise on numpy bit for bit;
    ``tests/bio/test_trace_pieces.py``).  For a LIF neuron without noise the
    linear equation is integrated exactly (the trace equals ``E_L + R_m I (1 - exp(-t/tau_m))``
    below threshold to rounding); with noise by Euler-Maruyama.

    References
    ----------
    Brunel, N. (2000). J. Comput. Neurosci. 8, 183-208.
    Stimberg, M., Brette, R. & Goodman, D. F. M. (2019). Brian 2, an intuitive
    and efficient neural simulator. eLife 8, e47314.
    """
    params = engine.check_model(params)
    sigma = brian2_tools.check_sigma(sigma)
    model = params.brian_model(noisy=float(sigma / mV) > 0)
    dt = engine.check_dt(model.dt if dt is None else dt, model)
    duration = brian2_tools.check_duration(duration, dt)
    seed = check_seed(seed)
    brian2_tools.check_target(target)
    n_steps = int(round(float(duration / dt)))
    samples = sample_current(current, n_steps, dt)

    recorded = ("v",) + tuple(model.state_variables)

    def run():
        if target == "cpp_standalone":
            state, spikes = _run_standalone(model, samples, n_steps, dt, sigma, seed, recorded)
        else:
            state, spikes = _run_runtime(model, samples, n_steps, dt, sigma, seed, target,
                                         recorded)
        out = {f"state_{name}": np.asarray(getattr(state, name)[0][:n_steps])
               for name in recorded}
        return {**out, "spike_times": np.asarray(spikes.t / second, dtype=float)}

    # Kept in the results cache when it is in use (neurosim.results_cache), keyed like an
    # f-I curve: the model's equations and values, the current samples, steps, dt, noise,
    # seed (when noisy) and target.
    found = results_cache.cached_arrays("trace", {
        "model": type(params).__name__, "params": params.namespace(),
        "equations": model.equations, "threshold": model.threshold, "reset": model.reset,
        "refractory": model.refractory, "method": model.method, "initial": model.initial,
        "namespace": dict(model.namespace), "current": np.asarray(samples / amp, dtype=float),
        "n_steps": n_steps, "dt": dt, "sigma": sigma,
        "seed": seed if float(sigma / mV) > 0 else None, "target": target,
        "recorded": list(recorded),
    }, run)
    equations = brian2.Equations(model.equations)
    values = {name: found[f"state_{name}"] if equations[name].dim.is_dimensionless
              else Quantity(found[f"state_{name}"], dim=equations[name].dim)
              for name in recorded}  # as the monitor gives them: gating variables unitless
    return Trace(
        t=np.arange(n_steps) * dt, v=values.pop("v"),
        spike_times=found["spike_times"] * second, current=samples, states=values,
        params=params, dt=dt, sigma=sigma, seed=seed, target=target,
    )


#: The most constant pieces a current is run in (one Brian2 run each) before it becomes a
#: ``TimedArray`` (see :func:`_run_runtime`).
MAX_PIECES = 8


def constant_pieces(samples) -> list | None:
    """``[(steps, value), ...]``: the runs of equal values of ``samples`` (a constant or a
    step current has one or two), or None when there are more than :data:`MAX_PIECES`."""
    values = np.asarray(samples / amp, dtype=float)
    starts = np.concatenate([[0], np.flatnonzero(values[1:] != values[:-1]) + 1])
    if len(starts) > MAX_PIECES:
        return None
    ends = np.append(starts[1:], len(values))
    return [(int(b - a), values[a] * amp) for a, b in zip(starts, ends)]


def _timed_array(samples, dt):
    """The current ``samples`` as the ``TimedArray`` ``I_stim`` (sample ``k`` in step ``k``)."""
    return brian2.TimedArray(np.asarray(samples / amp, dtype=float) * amp, dt=dt, name="I_stim")


def _run_runtime(model, samples, n_steps, dt, sigma, seed, target, recorded):
    """The trace on a runtime target (numpy, Cython).

    A current of few constant pieces (:func:`constant_pieces`: a constant, a step) runs as
    one Brian2 run per piece, ``I`` a constant set between them: the group is then the f-I
    curves' group (:func:`neurosim.bio.engine.counted_group`, the same generated code), so on
    Cython a trace compiles no state update of its own.  Any other current is the
    ``TimedArray`` ``I_stim`` read at every step.  Both give the current ``samples[k]`` in
    step ``k``; the noise continues from one run into the next.
    """
    pieces = constant_pieces(samples)
    namespace = {**model.namespace, "sigma": sigma, "t_settle": 0 * second}
    if pieces is None:
        namespace["I_stim"] = _timed_array(samples, dt)
    with brian2_tools.quiet_brian(), brian2_tools.codegen_target(target), \
            brian2_tools.seeded(seed):
        group = _group(model, dt, standalone=False, namespace=namespace, timed=pieces is None)
        engine.set_initial(group, model)
        state, spikes = _monitors(group, recorded)
        net = brian2.Network(group, state, spikes, name="neurons_network")
        for steps, value in pieces or [(n_steps, None)]:
            if value is not None:
                group.I = value
            brian2_tools.run_checked(net, steps * dt, namespace=namespace)
    return state, spikes


def _group(model, dt, *, standalone: bool, namespace: dict, timed: bool = True):
    # The engine's counted group (its threshold and reset code is the f-I curves' code; with
    # a constant current, ``timed=False``, all of its code).
    current = "I = I_stim(t) : amp" if timed else engine.CONSTANT_CURRENT
    group = engine.counted_group(model, 1, dt, standalone=standalone, current=current)
    if not standalone:
        group.namespace.update(namespace)
    return group


def _monitors(group, recorded):
    return (brian2.StateMonitor(group, recorded, record=0, name="neurons_states"),
            brian2.SpikeMonitor(group, name=engine.SPIKES_NAME))


def _run_standalone(model, samples, n_steps, dt, sigma, seed, recorded):
    """One compiled binary per shape; reruns take the current and parameters as run_args."""
    noisy = float(sigma / mV) > 0
    namespace = {**model.namespace, "sigma": sigma, "t_settle": 0 * second}
    model = replace(model, namespace=namespace)
    key = ("trace", model.equations, model.threshold, model.reset, str(model.refractory),
           model.method, tuple(model.initial.items()), tuple(namespace), n_steps, float(dt),
           seed if noisy else None)

    def build(device):
        if noisy:
            device.seed(seed)
        group = _group(model, dt, standalone=True, namespace={})
        stim = group.namespace["I_stim"] = _timed_array(samples, dt)
        device.apply_run_args()  # parameters first: the initial values use them
        engine.set_initial(group, model)
        state, spikes = _monitors(group, recorded)
        net = brian2.Network(group, state, spikes, name="neurons_network")
        net.run(n_steps * dt, namespace={})
        return group, stim, state, spikes

    device, (group, compiled_stim, state, spikes), directory = engine.standalone_project(key, build)
    run_args = {getattr(group, name): value for name, value in namespace.items()}
    run_args[compiled_stim] = samples
    return engine.run_project(device, directory, n_steps * dt, run_args, lambda: (state, spikes))


#: The name of :class:`Trace` from when the LIF had its own trace type (kept for lessons
#: and users' code; new code uses :class:`Trace`).
LIFTrace = Trace


def simulate_lif(params, current, duration: Quantity, *, dt: Quantity = 0.1 * ms,
                 sigma: Quantity = 0 * mV, seed: int | None = None) -> Trace:
    """:func:`simulate` for a LIF neuron (``params`` must be a ``LIFParams``), same numbers.

    Kept as a thin alias for the lessons and users' code from when the LIF had its own
    trace function; new code calls :func:`simulate`.
    """
    return simulate(brian2_tools.check_params(params), current, duration, dt=dt, sigma=sigma,
                    seed=seed)
