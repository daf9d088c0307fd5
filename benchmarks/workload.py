"""Workload W and the ways people compute it without neurosim.

W: the f-I curve of one LIF neuron (``LIFParams()`` defaults: tau_m 10 ms,
R_m 10 Mohm, E_L = V_reset = -65 mV, V_th -50 mV, t_ref 2 ms), 1000 constant
currents evenly spaced from 0 to 5x rheobase, 1 s each, dt 0.1 ms: 10^7
neuron updates.  Every implementation here returns firing rates in Hz so that
all are held against the same closed form (``neurosim.bio.lif_rate``).

Rate estimators: ``isi_rates`` is neurosim's (one over the mean inter-spike
interval, free of the transient before the first spike); ``count / duration``
is what a script that only counts spikes gets, and it is off by up to about
one spike per run (~1 Hz at 1 s) on top of the simulator's own error.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field

import numpy as np

#: The membrane equation of the hand-written Brian2 scripts: the same as
#: neurosim's grid mode (Brian2's IF_curve_LIF example with a resistance).
HAND_EQUATIONS = """
dv/dt = (E_L - v + R_m*I)/tau_m : volt (unless refractory)
I : amp (constant)
"""


@dataclass(frozen=True)
class Workload:
    """An f-I sweep: ``n_currents`` currents from 0 to ``max_multiple`` x rheobase."""

    n_currents: int = 1000
    duration_s: float = 1.0
    dt_s: float = 1e-4
    max_multiple: float = 5.0
    label: str = "W"
    params: object = field(default=None, compare=False)

    def __post_init__(self):
        if self.params is None:
            from neurosim.bio.params import LIFParams

            object.__setattr__(self, "params", LIFParams())

    @property
    def n_steps(self) -> int:
        return int(round(self.duration_s / self.dt_s))

    @property
    def updates(self) -> float:
        return float(self.n_currents) * self.n_steps

    def currents_amp(self, multiple: float | None = None) -> np.ndarray:
        """The currents in amp (float array); ``multiple`` overrides the top of the range."""
        from brian2 import amp

        top = self.max_multiple if multiple is None else multiple
        return np.linspace(0.0, top, self.n_currents) * float(self.params.rheobase / amp)

    def currents(self, multiple: float | None = None):
        from brian2 import amp

        return self.currents_amp(multiple) * amp

    def theory_hz(self, currents_amp=None, params=None) -> np.ndarray:
        from brian2 import Hz, amp

        from neurosim.bio.theory import lif_rate

        currents_amp = self.currents_amp() if currents_amp is None else currents_amp
        return np.asarray(lif_rate(np.asarray(currents_amp) * amp, params or self.params) / Hz)

    def describe(self) -> str:
        return (f"{self.n_currents} currents x {self.duration_s:g} s at dt {self.dt_s * 1e3:g} ms "
                f"({self.updates:.0e} neuron updates)")


def smoke_workload() -> Workload:
    """A tiny W for checking that the benchmark runs (seconds, not minutes)."""
    return Workload(n_currents=40, duration_s=0.2, label="W-smoke")


def max_error(rates_hz, theory_hz) -> float:
    return float(np.max(np.abs(np.asarray(rates_hz, dtype=float) - np.asarray(theory_hz, dtype=float))))


def isi_rates(counts, t_first, t_last, duration_s) -> np.ndarray:
    """neurosim's estimator: ``(n - 1)/(t_last - t_first)`` with two spikes or more, else ``n/duration``."""
    counts = np.asarray(counts, dtype=float)
    span = np.asarray(t_last, dtype=float) - np.asarray(t_first, dtype=float)
    two = counts >= 2
    return np.where(two, (counts - 1) / np.where(two & (span > 0), span, 1.0), counts / duration_s)


# --------------------------------------------------------------------------
# neurosim


def neurosim_fi(work: Workload, target: str, *, spike_timing: str = "grid", dt_s: float | None = None,
                currents_amp=None, params=None):
    """neurosim's ``fi_curve``; returns the rates in Hz."""
    from brian2 import Hz, amp, ms, second

    from neurosim.bio import fi_curve

    currents_amp = work.currents_amp() if currents_amp is None else currents_amp
    curve = fi_curve(params or work.params, np.asarray(currents_amp) * amp, duration=work.duration_s * second,
                     dt=(dt_s or work.dt_s) * 1e3 * ms, seed=1, target=target, spike_timing=spike_timing)
    return np.asarray(curve.rates / Hz)


def neurosim_curve(work: Workload, target: str = "numpy"):
    """The FICurve itself (for fit_all)."""
    from brian2 import ms, second

    from neurosim.bio import fi_curve

    return fi_curve(work.params, work.currents(), duration=work.duration_s * second, dt=work.dt_s * 1e3 * ms,
                    seed=1, target=target)


# --------------------------------------------------------------------------
# Hand-written Brian2: one group, one run (the way Brian2's own example does it)


def _brian_quiet():
    import logging

    logging.getLogger("brian2").setLevel(logging.ERROR)


def hand_brian2(work: Workload, target: str, currents_amp=None) -> np.ndarray:
    """One NeuronGroup of ``n`` neurons, one input each, a SpikeMonitor that only counts.

    Rates are spike count / duration (what such a script reports).
    """
    import brian2
    from brian2 import Network, NeuronGroup, SpikeMonitor, amp, second

    _brian_quiet()
    params = work.params
    namespace = params.namespace()
    currents_amp = work.currents_amp() if currents_amp is None else currents_amp
    previous = brian2.prefs.codegen.target
    brian2.prefs.codegen.target = target
    try:
        group = NeuronGroup(len(currents_amp), HAND_EQUATIONS, threshold="v > V_th", reset="v = V_reset",
                            refractory="t_ref", method="exact", dt=work.dt_s * second, namespace=namespace,
                            name="hand_neurons")
        group.v = params.E_L
        group.I = np.asarray(currents_amp) * amp
        counter = SpikeMonitor(group, record=False, name="hand_counter")
        Network(group, counter).run(work.duration_s * second, namespace=namespace)
        return np.asarray(counter.count[:], dtype=float) / work.duration_s
    finally:
        brian2.prefs.codegen.target = previous


def naive_loop_one(work: Workload, current_amp: float, target: str) -> float:
    """The per-current loop many users write: a new one-neuron network and run per current."""
    import brian2
    from brian2 import Network, NeuronGroup, SpikeMonitor, amp, second

    _brian_quiet()
    params = work.params
    namespace = params.namespace()
    previous = brian2.prefs.codegen.target
    brian2.prefs.codegen.target = target
    try:
        group = NeuronGroup(1, HAND_EQUATIONS, threshold="v > V_th", reset="v = V_reset", refractory="t_ref",
                            method="exact", dt=work.dt_s * second, namespace=namespace)
        group.v = params.E_L
        group.I = current_amp * amp
        monitor = SpikeMonitor(group)
        Network(group, monitor).run(work.duration_s * second, namespace=namespace)
        return monitor.num_spikes / work.duration_s
    finally:
        brian2.prefs.codegen.target = previous


def loop_currents(work: Workload, k: int) -> np.ndarray:
    """``k`` currents spread over W's range, for the timed sample of the per-current loop."""
    currents = work.currents_amp()
    return currents[np.linspace(0, len(currents) - 1, k).round().astype(int)]


# --------------------------------------------------------------------------
# Hand-written numpy: the vectorised loop over time steps


def numpy_loop(work: Workload) -> np.ndarray:
    """All neurons advance together by the exact one-step solution; spikes on the grid.

    Refractoriness is held for ``round(t_ref/dt)`` whole steps (as Brian2
    does); rates by neurosim's ISI estimator.
    """
    from brian2 import second, volt

    p = work.params
    tau, r_m = float(p.tau_m / second), float(p.R_m)
    e_l, v_th, v_reset = float(p.E_L / volt), float(p.V_th / volt), float(p.V_reset / volt)
    dt = work.dt_s
    hold = int(round(float(p.t_ref / second) / dt))
    mu = e_l + r_m * work.currents_amp()
    decay = math.exp(-dt / tau)
    n = len(mu)
    v = np.full(n, e_l)
    refractory = np.zeros(n, dtype=np.int64)
    counts = np.zeros(n, dtype=np.int64)
    t_first = np.zeros(n)
    t_last = np.zeros(n)
    for step in range(work.n_steps):
        free = refractory == 0
        v = np.where(free, mu + (v - mu) * decay, v)
        refractory -= ~free
        spiked = v > v_th
        if spiked.any():
            t = step * dt
            v[spiked] = v_reset
            refractory[spiked] = hold
            t_first[spiked & (counts == 0)] = t
            t_last[spiked] = t
            counts += spiked
    return isi_rates(counts, t_first, t_last, work.duration_s)


# --------------------------------------------------------------------------
# nengo: LIF with spikes dated within the step


def _nengo_units(work: Workload):
    """nengo's LIF is dimensionless: v' = (v - E_L)/(V_th - E_L), J = R_m I/(V_th - E_L), reset 0."""
    from brian2 import second, volt

    p = work.params
    if float(abs(p.V_reset - p.E_L) / volt) > 1e-15:
        raise ValueError("nengo's LIF resets to its resting value: W needs V_reset == E_L")
    scale = float((p.V_th - p.E_L) / volt)
    J = float(p.R_m) * work.currents_amp() / scale
    return J, float(p.tau_m / second), float(p.t_ref / second)


def nengo_simulator(work: Workload, seed: int = 1) -> np.ndarray:
    """nengo.Simulator: an Ensemble of LIF neurons whose bias is the input; a spike probe.

    Timed from building the model to reading the probe.  Spike times in the
    probe are on the grid, so the ISI estimate is good to ~dt/span (~0.02 Hz).
    """
    import nengo

    J, tau_rc, tau_ref = _nengo_units(work)
    n = len(J)
    with nengo.Network(seed=seed) as model:
        ens = nengo.Ensemble(n, 1, neuron_type=nengo.LIF(tau_rc=tau_rc, tau_ref=tau_ref),
                             gain=np.ones(n), bias=J)
        probe = nengo.Probe(ens.neurons)
    with warnings.catch_warnings():
        # Building derives max_rates from gain and bias: log1p(1/0) for the
        # zero-current neuron warns, about a number not used here.
        warnings.filterwarnings("ignore", "divide by zero encountered in log1p", RuntimeWarning)
        sim = nengo.Simulator(model, dt=work.dt_s, progress_bar=False, seed=seed)
    with sim:
        sim.run_steps(work.n_steps)
        spikes = sim.data[probe] > 0
    counts = spikes.sum(axis=0)
    steps = np.arange(1, work.n_steps + 1)[:, None] * work.dt_s
    t_first = np.where(spikes, steps, np.inf).min(axis=0)
    t_last = np.where(spikes, steps, -np.inf).max(axis=0)
    return isi_rates(counts, np.where(counts > 0, t_first, 0), np.where(counts > 0, t_last, 0), work.duration_s)


def nengo_step_math(work: Workload) -> np.ndarray:
    """nengo.neurons.LIF.step called in a loop; exact spike times read from its refractory clock.

    After a spike, nengo sets ``refractory_time = tau_ref + t_spike`` where
    ``t_spike`` is the time of the spike from the start of the step.
    """
    import nengo

    J, tau_rc, tau_ref = _nengo_units(work)
    lif = nengo.LIF(tau_rc=tau_rc, tau_ref=tau_ref)
    n, dt = len(J), work.dt_s
    output = np.zeros(n)
    voltage = np.zeros(n)
    refractory_time = np.zeros(n)
    counts = np.zeros(n, dtype=np.int64)
    t_first = np.zeros(n)
    t_last = np.zeros(n)
    for step in range(work.n_steps):
        lif.step(dt, J, output, voltage, refractory_time)
        spiked = output > 0
        if spiked.any():
            t_spike = step * dt + refractory_time - tau_ref  # meaningful where spiked
            first = spiked & (counts == 0)
            t_first[first] = t_spike[first]
            t_last[spiked] = t_spike[spiked]
            counts += spiked
    return isi_rates(counts, t_first, t_last, work.duration_s)


# --------------------------------------------------------------------------
# NEST (run in a worker process: NEST prints, and keeps a kernel per process)


def nest_fi(work: Workload, model: str, threads: int = 1) -> np.ndarray:
    """NEST ``iaf_psc_delta`` (grid) or ``iaf_psc_delta_ps`` (precise spike times), I_e per neuron.

    Timed from ResetKernel to reading the spike recorder.
    """
    import nest
    from brian2 import ms, pF, volt

    p = work.params
    nest.ResetKernel()
    nest.SetKernelStatus({"resolution": work.dt_s * 1e3, "local_num_threads": threads})
    mv = lambda q: float(q / volt) * 1e3  # noqa: E731
    population = nest.Create(model, work.n_currents, params={
        "C_m": float(p.C_m / pF), "tau_m": float(p.tau_m / ms), "t_ref": float(p.t_ref / ms),
        "E_L": mv(p.E_L), "V_reset": mv(p.V_reset), "V_th": mv(p.V_th), "V_m": mv(p.E_L)})
    population.I_e = list(work.currents_amp() * 1e12)  # pA
    recorder = nest.Create("spike_recorder")
    nest.Connect(population, recorder)
    nest.Simulate(work.duration_s * 1e3)
    events = recorder.get("events")
    senders = np.asarray(events["senders"], dtype=np.int64) - population[0].global_id
    times = np.asarray(events["times"], dtype=float) * 1e-3
    n = work.n_currents
    counts = np.bincount(senders, minlength=n)
    t_first = np.full(n, np.inf)
    np.minimum.at(t_first, senders, times)
    t_last = np.full(n, -np.inf)
    np.maximum.at(t_last, senders, times)
    fired = counts > 0
    return isi_rates(counts, np.where(fired, t_first, 0), np.where(fired, t_last, 0), work.duration_s)
