"""Simulate one LIF neuron in Brian2 and return its membrane trace and spikes."""

from __future__ import annotations

from dataclasses import dataclass

import brian2
import numpy as np
from brian2 import Hz, Quantity, amp, ms, mV, second, volt

from neurosim.bio import brian2_tools, engine
from neurosim.bio.models.lif import LIF_EQUATION, LIF_EQUATION_NOISY, LIFParams
from neurosim.bio.stimuli import Constant, Stimulus
from neurosim.errors import ParameterError, UnitError
from neurosim.units import check_quantity
from neurosim.validation import check_seed


class TraceSummary:
    """What every recorded trace derives from ``t``, ``dt`` and ``spike_times``."""

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


@dataclass(frozen=True, eq=False)
class LIFTrace(TraceSummary):
    """Result of :func:`simulate_lif`.

    Attributes
    ----------
    t : Quantity (time), shape (n_steps,)
        Sample times, ``0, dt, 2 dt, ...``.
    v : Quantity (voltage), shape (n_steps,)
        Membrane potential at those times.
    spike_times : Quantity (time), shape (n_spikes,)
        Brian2 stamps a spike with the start of the time step during which
        ``v`` crossed ``V_th``, so a spike time is up to one ``dt`` earlier
        than the exact crossing.
    current : Quantity (current), shape (n_steps,)
        The input current at those times.
    params : LIFParams
    dt, sigma : Quantity
    seed : int
        The seed used (drawn fresh when None was given), so the run can be
        repeated exactly.
    """

    t: Quantity
    v: Quantity
    spike_times: Quantity
    current: Quantity
    params: LIFParams
    dt: Quantity
    sigma: Quantity
    seed: int

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
        if kernel not in ("gaussian", "alpha"):
            raise ParameterError(f"kernel: must be 'gaussian' or 'alpha', got {kernel!r}")
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


def _sample_current(current, n_steps: int, dt: Quantity) -> Quantity:
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


def simulate_lif(
    params: LIFParams,
    current,
    duration: Quantity,
    *,
    dt: Quantity = 0.1 * ms,
    sigma: Quantity = 0 * mV,
    seed: int | None = None,
) -> LIFTrace:
    """Simulate a single LIF neuron driven by ``current``.

    Parameters
    ----------
    params : LIFParams
    current : Quantity (current), Quantity array, or Stimulus
        A constant current; an array of ``duration/dt`` values sampled at
        ``dt``; or a stimulus from :mod:`neurosim.bio.stimuli` (``Step``,
        ``Ramp``, ``Sine``, ...).
    duration : Quantity (time)
        At least ``10*dt``.
    dt : Quantity (time)
        Time step, in ``(0, tau_m/10]``.
    sigma : Quantity (voltage)
        Noise amplitude (``>= 0``); see Notes.
    seed : int or None
        Seed of the noise; None draws one (stored in the result).

    Returns
    -------
    LIFTrace

    Notes
    -----
    The equation is (Brunel 2000, Eq. 2)::

        dv/dt = (E_L - v + R_m*I(t))/tau_m + sigma*xi(t)/sqrt(tau_m)

    with ``xi`` Gaussian white noise; without input the free membrane then
    fluctuates with standard deviation ``sigma/sqrt(2)``.  Without noise the
    linear equation is integrated exactly; with noise Brian2's
    Euler-Maruyama scheme is used.  The initial potential is ``E_L``.

    References
    ----------
    Gerstner, W. et al. (2014). *Neuronal Dynamics*, §1.3.
    Brunel, N. (2000). J. Comput. Neurosci. 8, 183-208.
    Stimberg, M., Brette, R. & Goodman, D. F. M. (2019). Brian 2, an intuitive
    and efficient neural simulator. eLife 8, e47314.
    """
    params = brian2_tools.check_params(params)
    dt = engine.check_dt(dt, params.brian_model())
    duration = brian2_tools.check_duration(duration, dt)
    sigma = brian2_tools.check_sigma(sigma)
    seed = check_seed(seed)
    n_steps = int(round(float(duration / dt)))
    samples = _sample_current(current, n_steps, dt)

    noisy = float(sigma / mV) > 0
    stim = brian2.TimedArray(np.asarray(samples / amp, dtype=float) * amp, dt=dt, name="I_stim")
    membrane = LIF_EQUATION_NOISY if noisy else LIF_EQUATION
    equations = membrane + "\nI = I_stim(t) : amp"
    namespace = {**params.namespace(), "sigma": sigma, "I_stim": stim}
    with (
        brian2_tools.quiet_brian(),
        brian2_tools.codegen_target("numpy"),
        brian2_tools.seeded(seed),
    ):
        group = brian2.NeuronGroup(
            1,
            equations,
            threshold="v > V_th",
            reset="v = V_reset",
            refractory="t_ref",
            method="euler" if noisy else "exact",
            dt=dt,
            namespace=namespace,
            name="lif_trace_neuron",
        )
        group.v = params.E_L
        state = brian2.StateMonitor(group, "v", record=0, name="lif_trace_v")
        spikes = brian2.SpikeMonitor(group, name="lif_trace_spikes")
        net = brian2.Network(group, state, spikes)
        brian2_tools.run_checked(net, n_steps * dt, namespace=namespace)
    return LIFTrace(
        t=np.arange(n_steps) * dt,
        v=np.asarray(state.v[0] / volt)[:n_steps] * volt,
        spike_times=np.asarray(spikes.t / second) * second,
        current=samples,
        params=params,
        dt=dt,
        sigma=sigma,
        seed=seed,
    )
