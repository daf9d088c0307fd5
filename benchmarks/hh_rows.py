"""Workload H: the f-I curve of the Hodgkin-Huxley neuron, neurosim against Brian2 by hand.

H: ``HHParams()`` (preset ``hh_squid``: Hodgkin & Huxley 1952 at 6.3 degC,
membrane area 20000 um^2), 200 constant currents evenly spaced from 0 to 20 uA/cm^2
(0-4 nA), 1 s each at dt 0.01 ms: 2x10^7 neuron updates of a four-variable
model with six voltage-dependent rates.

Rows: neurosim's ``fi_curve`` and a hand-written one-group script (the
pattern of Brian2's example ``IF_curve_Hodgkin_Huxley.py``: one neuron per
current, a ``SpikeMonitor(record=False)`` that only counts), interleaved on
the same target; and the loop many users write, one new one-neuron network
and run per current, timed for a few currents and extrapolated (marked so).
There is no closed form: the error column is empty, and the note gives the
largest rate difference between neurosim and the hand-written script.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

import numpy as np
from benchlib import Row, interleave, log, measure

SECTION = "H: HH f-I curve"

#: The hand-written model: Hodgkin & Huxley (1952) in the modern convention,
#: written out the way a Brian2 user would (Brian2 example IF_curve_Hodgkin_Huxley).
HAND_EQUATIONS = """
dv/dt = (gl*(El - v) + g_na*m**3*h*(ENa - v) + g_kd*n**4*(EK - v) + I/area)/Cm : volt
dm/dt = alpha_m*(1 - m) - beta_m*m : 1
dh/dt = alpha_h*(1 - h) - beta_h*h : 1
dn/dt = alpha_n*(1 - n) - beta_n*n : 1
alpha_m = 1/exprel(-(v + 40*mV)/(10*mV))/ms : Hz
beta_m = 4*exp(-(v + 65*mV)/(18*mV))/ms : Hz
alpha_h = 0.07*exp(-(v + 65*mV)/(20*mV))/ms : Hz
beta_h = 1/(1 + exp(-(v + 35*mV)/(10*mV)))/ms : Hz
alpha_n = 0.1/exprel(-(v + 55*mV)/(10*mV))/ms : Hz
beta_n = 0.125*exp(-(v + 65*mV)/(80*mV))/ms : Hz
I : amp (constant)
"""


@dataclass(frozen=True)
class HHWorkload:
    """``n_currents`` currents from 0 to ``max_density_uA_cm2`` uA/cm^2, ``duration_s`` each."""

    n_currents: int = 200
    duration_s: float = 1.0
    dt_s: float = 1e-5
    max_density_uA_cm2: float = 20.0
    area_um2: float = 20000.0
    label: str = "H"

    @property
    def n_steps(self) -> int:
        return int(round(self.duration_s / self.dt_s))

    @property
    def updates(self) -> float:
        return float(self.n_currents) * self.n_steps

    def currents_amp(self) -> np.ndarray:
        # uA/cm^2 x um^2 = 1e-6 A / 1e8 um^2 x um^2 = 1e-14 A
        return np.linspace(0.0, self.max_density_uA_cm2, self.n_currents) * self.area_um2 * 1e-14

    def describe(self) -> str:
        return (f"HH, {self.n_currents} currents 0-{self.max_density_uA_cm2:g} uA/cm^2 x {self.duration_s:g} s "
                f"at dt {self.dt_s * 1e3:g} ms ({self.updates:.0e} neuron updates)")


def smoke_hh() -> HHWorkload:
    return HHWorkload(n_currents=8, duration_s=0.005, label="H-smoke")


def _namespace(work: HHWorkload) -> dict:
    from brian2 import cm, mS, mV, uF, umetre

    return {"area": work.area_um2 * umetre**2, "Cm": 1 * uF / cm**2, "gl": 0.3 * mS / cm**2,
            "El": -54.387 * mV, "EK": -77 * mV, "ENa": 50 * mV, "g_na": 120 * mS / cm**2,
            "g_kd": 36 * mS / cm**2}


def _with_target(target: str, fn):
    import logging

    import brian2

    logging.getLogger("brian2").setLevel(logging.ERROR)
    previous = brian2.prefs.codegen.target
    brian2.prefs.codegen.target = target
    try:
        return fn()
    finally:
        brian2.prefs.codegen.target = previous


def _hand_group(n: int, work: HHWorkload, namespace: dict, name: str):
    from brian2 import NeuronGroup, mV, second

    group = NeuronGroup(n, HAND_EQUATIONS, threshold="v > -20*mV", refractory="v > -20*mV",
                        method="exponential_euler", dt=work.dt_s * second, namespace=namespace, name=name)
    group.v = -65 * mV
    group.m = "alpha_m/(alpha_m + beta_m)"
    group.h = "alpha_h/(alpha_h + beta_h)"
    group.n = "alpha_n/(alpha_n + beta_n)"
    return group


def hand_brian2(work: HHWorkload, target: str) -> np.ndarray:
    """One NeuronGroup, one current per neuron, one run; rate = count / duration (Hz)."""
    from brian2 import Network, SpikeMonitor, amp, second

    def run():
        namespace = _namespace(work)
        group = _hand_group(work.n_currents, work, namespace, "hand_hh")
        group.I = work.currents_amp() * amp
        counter = SpikeMonitor(group, record=False, name="hand_hh_counter")
        Network(group, counter).run(work.duration_s * second, namespace=namespace)
        return np.asarray(counter.count[:], dtype=float) / work.duration_s

    return _with_target(target, run)


def loop_one(work: HHWorkload, current_amp: float, target: str) -> float:
    """The per-current loop: a new one-neuron network and run for one current."""
    from brian2 import Network, SpikeMonitor, amp, second

    def run():
        namespace = _namespace(work)
        group = _hand_group(1, work, namespace, "loop_hh")
        group.I = current_amp * amp
        monitor = SpikeMonitor(group, name="loop_hh_spikes")
        Network(group, monitor).run(work.duration_s * second, namespace=namespace)
        return monitor.num_spikes / work.duration_s

    return _with_target(target, run)


def neurosim_fi(work: HHWorkload, target: str) -> np.ndarray:
    """neurosim's fi_curve on the squid axon (``HHParams()``, preset hh_squid); the rates in Hz."""
    from brian2 import Hz, amp, second

    from neurosim.bio import HHParams, fi_curve

    curve = fi_curve(HHParams(), work.currents_amp() * amp, duration=work.duration_s * second,
                     dt=work.dt_s * second, target=target)
    return np.asarray(curve.rates / Hz)


def _row(name, timing, work, note, **extra) -> Row:
    return Row(SECTION, name, seconds=timing.median, timing=timing.as_dict(), updates=work.updates,
               note=note, extra=extra)


def _neurosim_available() -> str | None:
    """None if this tree has HHParams and a fi_curve for it, else why not."""
    try:
        from neurosim.bio import HHParams  # noqa: F401
    except ImportError as err:
        return f"{type(err).__name__}: {err}"
    return None


def all_rows(work: HHWorkload, *, repeats: int, targets, loop_runs: int,
             standalone: bool = False) -> list[Row]:
    rows = []
    missing = _neurosim_available()
    for target in targets:
        if missing:
            log(f"  {work.label}: neurosim row unavailable ({missing})")
            rows.append(Row(SECTION, f"neurosim fi_curve HH, {target}, warm", status="unavailable", note=missing))
            timing, _ = measure(lambda: hand_brian2(work, target), repeats=repeats)
            rows.append(_row(f"hand Brian2 HH, one group, {target}, warm", timing, work,
                             "SpikeMonitor(record=False); rate = count/duration"))
        else:
            log(f"  {work.label} on {target}: neurosim vs hand-written, {repeats} interleaved repeats")
            results = interleave({"neurosim": lambda: neurosim_fi(work, target),
                                  "hand": lambda: hand_brian2(work, target)}, repeats=repeats)
            (ours, ours_rates), (hand, hand_rates) = results["neurosim"], results["hand"]
            # neurosim's ISI rate and the script's count/duration differ by up to ~1 spike/duration
            # where the neuron fires on, and by the transient's own rate where it fires a few
            # spikes and stops (HH just below 6.3 uA/cm^2): the spike counts must agree exactly.
            diff = np.abs(ours_rates - hand_rates)
            both = (ours_rates > 0) & (hand_rates >= 5)
            on = float(np.max(diff[both])) if both.any() else 0.0
            rows.append(_row(f"neurosim fi_curve HH, {target}, warm", ours, work,
                             f"max |neurosim - hand| where both fire >= 5 Hz: {on:.2g} Hz (ISI rate vs "
                             f"count/duration); largest anywhere {float(np.max(diff)):.2g} Hz (a transient "
                             f"of a few spikes: ISI rate vs count/duration)",
                             rate_difference_hz=float(np.max(diff))))
            rows.append(_row(f"hand Brian2 HH, one group, {target}, warm", hand, work,
                             "SpikeMonitor(record=False); rate = count/duration"))
        rows.append(loop_row(work, target, loop_runs))
    if standalone and not missing:
        log(f"  {work.label} on cpp_standalone: neurosim, compiled once, then {repeats} reruns")
        timing, _ = measure(lambda: neurosim_fi(work, "cpp_standalone"), repeats=repeats, warmup=1)
        rows.append(_row("neurosim fi_curve HH, cpp_standalone, rerun", timing, work,
                         "compiled binary rerun (device.run); the compile (first call) not timed"))
    return rows


def loop_row(work: HHWorkload, target: str, k: int) -> Row:
    currents = work.currents_amp()[np.linspace(0, work.n_currents - 1, k).round().astype(int)]
    log(f"  {work.label} per-current loop on {target}: {k} runs timed, extrapolated to {work.n_currents}")
    loop_one(work, float(currents[-1]), target)  # warm-up: code generation / compilation
    times, cpu_times = [], []
    for current in currents:
        timing, _ = measure(lambda: loop_one(work, float(current), target), repeats=1, warmup=0)
        times += timing.times
        cpu_times += timing.cpu_times
    per_run, cpu_per_run = statistics.median(times), statistics.median(cpu_times)
    return Row(SECTION, f"Python loop HH, one Brian2 run per current, {target}",
               seconds=per_run * work.n_currents,
               timing={"median_s": per_run * work.n_currents, "cpu_median_s": cpu_per_run * work.n_currents,
                       "median_s_per_run": per_run, "times_s": times, "cpu_times_s": cpu_times,
                       "runs_timed": k, "warmup": 1, "extrapolated_to": work.n_currents},
               updates=work.updates, status="extrapolated",
               note=f"EXTRAPOLATED: median of {k} runs x {work.n_currents}")
