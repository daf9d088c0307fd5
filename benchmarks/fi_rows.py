"""Workload W (the f-I curve) measured every way: neurosim's targets, by hand, and peers."""

from __future__ import annotations

import importlib.util
import os
import tempfile
from pathlib import Path

import numpy as np
import workload as wl
from benchlib import Row, interleave, log, measure, run_worker

SECTION = "W: f-I curve"
ACCURACY = "W: accuracy at coarse dt"


def _installed(name: str) -> bool:
    return importlib.util.find_spec(name) is not None


def _row(name, timing, work, error, note="", section=SECTION, updates=None, **extra) -> Row:
    return Row(section, name, seconds=timing.median, timing=timing.as_dict(),
               updates=work.updates if updates is None else updates, max_error_hz=error, note=note, extra=extra)


def _single(name, timing: dict, work, error, note, section=SECTION, **extra) -> Row:
    """A row from a single timed call (cold starts: by definition measured once)."""
    return Row(section, name, seconds=timing["median_s"], timing=timing, updates=work.updates,
               max_error_hz=error, note=note, extra=extra)


def _skipped(name, note, section=SECTION, status="skipped") -> Row:
    log(f"  {name}: {note}")
    return Row(section, name, note=note, status=status)


def import_row(smoke: bool) -> Row:
    timing = run_worker("import", *(["--smoke"] if smoke else []))["import"]
    return Row(SECTION, "import neurosim.bio (loads Brian2)", seconds=timing["median_s"], timing=timing,
               note="new process; paid once per process, not counted in the cold rows below")


def runtime_rows(work: wl.Workload, target: str, repeats: int, smoke: bool, cold: bool, tmp: Path) -> list[Row]:
    """neurosim vs the hand-written one-group script on a runtime target: cold, then warm interleaved."""
    rows = []
    theory = work.theory_hz()
    flags = ["--smoke"] if smoke else []
    if cold:
        for who, label in (("neurosim", "neurosim fi_curve"), ("hand", "hand Brian2, one group")):
            cache = tempfile.mkdtemp(prefix=f"cython-{who}-", dir=tmp)
            answer = run_worker("cold", "--who", who, "--target", target, "--cython-cache", cache, *flags,
                                env={"NEUROSIM_CACHE": tempfile.mkdtemp(prefix="ns-", dir=tmp)})
            what = "code generation" if target == "numpy" else "code generation + Cython compile (empty cache)"
            rows.append(_single(f"{label}, {target}, cold", answer["first"], work, answer["max_error_hz"],
                                f"first call in a new process: {what}", second_call=answer["second"]))
    log(f"  {target}: neurosim vs hand-written, {repeats} interleaved repeats")
    results = interleave({"neurosim": lambda: wl.neurosim_fi(work, target),
                          "hand": lambda: wl.hand_brian2(work, target)}, repeats=repeats)
    timing, rates = results["neurosim"]
    rows.append(_row(f"neurosim fi_curve, {target}, warm", timing, work, wl.max_error(rates, theory),
                     "ISI rate estimate; spikes counted in the reset (no monitor)"))
    timing, rates = results["hand"]
    rows.append(_row(f"hand Brian2, one group, {target}, warm", timing, work, wl.max_error(rates, theory),
                     "SpikeMonitor(record=False); rate = count/duration (+~1 Hz estimator error)"))
    return rows


def standalone_rows(work: wl.Workload, repeats: int, smoke: bool, tmp: Path) -> list[Row]:
    cache = tempfile.mkdtemp(prefix="ns-standalone-", dir=tmp)
    flags = ["--smoke"] if smoke else []
    log("  cpp_standalone: cold compiles (neurosim, then by hand) and reruns, in a new process")
    answer = run_worker("standalone", "--hand-dir", str(Path(cache) / "hand"), "--repeats", str(repeats), *flags,
                        env={"NEUROSIM_CACHE": cache})
    disk = run_worker("standalone_disk", *flags, env={"NEUROSIM_CACHE": cache})
    errors = answer["errors_hz"]

    def timed(key, name, note):
        t = answer[key]
        return Row(SECTION, name, seconds=t["median_s"], timing=t, updates=work.updates,
                   max_error_hz=errors[key], note=note)

    return [
        _single("neurosim fi_curve, cpp_standalone, cold", answer["neurosim_cold"], work,
                answer["neurosim_cold_error_hz"], "empty $NEUROSIM_CACHE: generate, compile (make -j), run"),
        _single("hand Brian2, one group, cpp_standalone, cold", answer["hand_cold"], work,
                answer["hand_cold_error_hz"], "set_device + build(compile=True, run=True) into a new folder"),
        _single("neurosim fi_curve, cpp_standalone, new process, compiled on disk", disk["first"], work,
                disk["max_error_hz"], "code generation again, make finds nothing to do, run"),
        timed("neurosim_same", "neurosim fi_curve, cpp_standalone, warm (same currents)",
              "binary rerun via run_args, no compiling"),
        timed("neurosim_new_currents", "neurosim fi_curve, cpp_standalone, rerun new currents",
              "0 to 4 or 4.5x rheobase through run_args, no compiling"),
        timed("neurosim_new_params", "neurosim fi_curve, cpp_standalone, rerun new parameters",
              "tau_m 20 ms through run_args, no compiling"),
        timed("hand_new_currents", "hand Brian2, one group, cpp_standalone, rerun new currents",
              "device.run(run_args={group.I: ...}); rate = count/duration"),
    ]


def naive_loop_rows(work: wl.Workload, k: int, targets) -> list[Row]:
    rows = []
    currents = wl.loop_currents(work, k)
    theory = work.theory_hz(currents)
    per_neuron_updates = work.n_steps
    for target in targets:
        log(f"  per-current loop on {target}: {k} runs timed, then extrapolated to {work.n_currents}")
        wl.naive_loop_one(work, float(currents[-1]), target)  # warm-up (code generation / compile)
        times, cpu_times, rates = [], [], []
        for current in currents:
            timing, rate = measure(lambda: wl.naive_loop_one(work, float(current), target), repeats=1, warmup=0)
            times += timing.times
            cpu_times += timing.cpu_times
            rates.append(rate)
        per_run, cpu_per_run = float(np.median(times)), float(np.median(cpu_times))
        rows.append(Row(SECTION, f"Python loop, one Brian2 run per current, {target}",
                        seconds=per_run * work.n_currents,
                        timing={"median_s": per_run * work.n_currents, "cpu_median_s": cpu_per_run * work.n_currents,
                                "median_s_per_run": per_run, "times_s": times, "cpu_times_s": cpu_times,
                                "runs_timed": k, "warmup": 1, "extrapolated_to": work.n_currents},
                        updates=work.updates, max_error_hz=wl.max_error(rates, theory),
                        note=f"EXTRAPOLATED: median of {k} runs x {work.n_currents}; error over those {k} "
                             f"currents; rate = count/duration",
                        status="extrapolated", extra={"per_run_updates": per_neuron_updates}))
    return rows


def numpy_loop_row(work: wl.Workload, repeats: int) -> Row:
    log("  hand-written numpy loop")
    timing, rates = measure(lambda: wl.numpy_loop(work), repeats=repeats)
    return _row("hand numpy, vectorised over neurons, loop over steps", timing, work,
                wl.max_error(rates, work.theory_hz()), "exact one-step update, spikes on the grid, ISI rate")


def nengo_rows(work: wl.Workload, repeats: int) -> list[Row]:
    if not _installed("nengo"):
        return [_skipped("nengo", "nengo not installed (pip install -e '.[peers]'): rows skipped")]
    log("  nengo: Simulator and LIF.step")
    theory = work.theory_hz()
    timing, rates = measure(lambda: wl.nengo_simulator(work), repeats=repeats)
    rows = [_row("nengo.Simulator, LIF ensemble", timing, work, wl.max_error(rates, theory),
                 "build + run + spike probe; probe times on the grid (ISI error ~dt/1 s)")]
    timing, rates = measure(lambda: wl.nengo_step_math(work), repeats=repeats)
    rows.append(_row("nengo LIF.step in a numpy loop", timing, work, wl.max_error(rates, theory),
                     "spike times inside the step, read from nengo's refractory clock"))
    return rows


def nest_rows(work: wl.Workload, repeats: int, smoke: bool) -> list[Row]:
    if not _installed("nest"):
        return [_skipped("NEST", "NEST not installed (pip install -e '.[peers]'): rows skipped")]
    log("  NEST: iaf_psc_delta and iaf_psc_delta_ps, 1 thread, in a new process")
    try:
        answer = run_worker("nest", "--repeats", str(repeats), *(["--smoke"] if smoke else []))
    except RuntimeError as err:
        return [_skipped("NEST", f"NEST failed to run: {str(err).splitlines()[0]}", status="failed")]
    rows = []
    for model, note in (("iaf_psc_delta", "spikes on the grid; ResetKernel..Simulate..events"),
                        ("iaf_psc_delta_ps", "precise spike times (off-grid)")):
        t = answer[model]
        rows.append(Row(SECTION, f"NEST {answer.get('nest_version', '')} {model}, 1 thread", seconds=t["median_s"],
                        timing=t, updates=work.updates, max_error_hz=t["max_error_hz"], note=note))
    return rows


def accuracy_rows(work: wl.Workload, repeats: int, fine_repeats: int, targets) -> list[Row]:
    """spike_timing='exact' at dt 0.1 ms against the grid at dt 0.1 and 0.01 ms."""
    rows = []
    theory = work.theory_hz()
    fine_dt = work.dt_s / 10
    for target in targets:
        log(f"  accuracy on {target}: exact at dt {work.dt_s * 1e3:g} ms, grid at dt {fine_dt * 1e3:g} ms")
        results = interleave({"exact": lambda: wl.neurosim_fi(work, target, spike_timing="exact"),
                              "grid": lambda: wl.neurosim_fi(work, target)}, repeats=repeats)
        timing, rates = results["exact"]
        rows.append(_row(f"neurosim, exact spike timing, dt {work.dt_s * 1e3:g} ms, {target}", timing, work,
                         wl.max_error(rates, theory), "spikes dated within the step", section=ACCURACY,
                         dt_ms=work.dt_s * 1e3, route="exact"))
        timing, rates = results["grid"]
        rows.append(_row(f"neurosim, grid, dt {work.dt_s * 1e3:g} ms, {target}", timing, work,
                         wl.max_error(rates, theory), "Brian2's standard LIF", section=ACCURACY,
                         dt_ms=work.dt_s * 1e3, route="grid"))
        # The fine grid is the expensive route: its code is the same as the coarse grid's
        # (already generated/compiled above), so no separate warm-up call.
        timing, rates = measure(lambda: wl.neurosim_fi(work, target, dt_s=fine_dt), repeats=fine_repeats,
                                warmup=0)
        rows.append(_row(f"neurosim, grid, dt {fine_dt * 1e3:g} ms, {target}", timing, work,
                         wl.max_error(rates, theory), "10x the steps", section=ACCURACY,
                         updates=work.updates * 10, dt_ms=fine_dt * 1e3, route="grid"))
    return rows


def all_rows(work: wl.Workload, *, repeats: int, smoke: bool, peers: bool, tmp: Path) -> list[Row]:
    if smoke:
        rows = [_skipped("import time and cold starts", "--smoke: no new processes")]
    else:
        rows = [import_row(smoke)]
    # The head-to-head rows (neurosim vs the same thing by hand) get 3x the repeats:
    # their ratio is a target, and on a shared machine a median of 7 still wanders.
    compare_repeats = 3 * repeats
    rows += runtime_rows(work, "numpy", compare_repeats, smoke, cold=not smoke, tmp=tmp)
    if smoke:
        rows.append(_skipped("cython and cpp_standalone", "--smoke: compiled targets not run"))
    else:
        rows += runtime_rows(work, "cython", compare_repeats, smoke, cold=True, tmp=tmp)
        rows += standalone_rows(work, compare_repeats, smoke, tmp)
    rows += naive_loop_rows(work, k=2 if smoke else 5, targets=["numpy"] if smoke else ["numpy", "cython"])
    rows.append(numpy_loop_row(work, repeats))
    if peers:
        rows += nengo_rows(work, repeats)
        rows += nest_rows(work, repeats, smoke)
    else:
        rows.append(_skipped("peers (nengo, NEST)", "--smoke or --no-peers: not run"))
    rows += accuracy_rows(work, repeats, fine_repeats=1 if smoke else 3,
                          targets=["numpy"] if smoke else ["numpy", "cython"])
    return rows


def scratch_folder() -> Path:
    root = Path(os.environ.get("TMPDIR", tempfile.gettempdir()))
    return Path(tempfile.mkdtemp(prefix="neurosim-bench-", dir=root))
