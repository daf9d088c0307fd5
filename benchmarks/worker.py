"""Measurements that need a fresh Python process: cold starts, compiled targets, NEST.

Run by ``benchmarks/run.py`` as ``python benchmarks/worker.py CASE [options]``;
prints one JSON object as its last line.  Not meant to be run by hand.

"Cold" means: a new process (Brian2 imported but nothing generated yet) and
empty caches: ``$NEUROSIM_CACHE`` and Brian2's Cython cache folder
(``codegen.runtime.cython.cache_dir``, by default ~/.cython/brian_extensions)
point at fresh temporary folders chosen by the caller.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402
import workload as wl  # noqa: E402
from benchlib import interleave, measure  # noqa: E402


def _work(args) -> wl.Workload:
    return wl.smoke_workload() if args.smoke else wl.Workload()


def _import_neurosim_bio():
    import neurosim.bio  # noqa: F401


def case_import(args) -> dict:
    timing, _ = measure(_import_neurosim_bio, repeats=1, warmup=0)
    return {"import": timing.as_dict()}


def _set_cython_cache(folder: str | None):
    if folder:
        import brian2

        brian2.prefs.codegen.runtime.cython.cache_dir = folder


def case_cold(args) -> dict:
    """First call of neurosim's fi_curve or the hand-written script in a fresh process."""
    _import_neurosim_bio()
    _set_cython_cache(args.cython_cache)
    work = _work(args)
    if args.who == "neurosim":
        call = lambda: wl.neurosim_fi(work, args.target, spike_timing=args.spike_timing)  # noqa: E731
    else:
        call = lambda: wl.hand_brian2(work, args.target)  # noqa: E731
    first, rates = measure(call, repeats=1, warmup=0)
    second, _ = measure(call, repeats=1, warmup=0)
    return {"first": first.as_dict(), "second": second.as_dict(),
            "max_error_hz": wl.max_error(rates, work.theory_hz())}


def _hand_standalone_build(work: wl.Workload, directory: str):
    """Brian2's cpp_standalone by hand: build once, then rerun with new currents via run_args."""
    from brian2 import Network, NeuronGroup, SpikeMonitor, amp, second
    from brian2.devices.cpp_standalone.device import CPPStandaloneDevice
    from brian2.devices.device import reset_device, set_device

    params = work.params
    namespace = params.namespace()
    device = CPPStandaloneDevice()
    set_device(device, build_on_run=False)
    try:
        group = NeuronGroup(work.n_currents, wl.HAND_EQUATIONS, threshold="v > V_th", reset="v = V_reset",
                            refractory="t_ref", method="exact", dt=work.dt_s * second, namespace=namespace,
                            name="hand_neurons")
        group.v = params.E_L
        group.I = work.currents_amp() * amp
        counter = SpikeMonitor(group, record=False, name="hand_counter")
        Network(group, counter).run(work.duration_s * second, namespace=namespace)
        device.build(directory=directory, compile=True, run=True, with_output=False)
    finally:
        reset_device()
    rates = np.asarray(counter.count[:], dtype=float) / work.duration_s

    def rerun(currents_amp):
        device.run(directory=directory, with_output=False, run_args={group.I: currents_amp * amp})
        return np.asarray(counter.count[:], dtype=float) / work.duration_s

    return rates, rerun


def case_standalone(args) -> dict:
    """neurosim's cpp_standalone (cold, warm, reruns) against the same by hand."""
    import logging

    import brian2  # noqa: F401

    import neurosim.bio  # noqa: F401

    logging.getLogger("brian2").setLevel(logging.ERROR)
    work = _work(args)
    theory = work.theory_hz()
    out = {}

    cold, rates = measure(lambda: wl.neurosim_fi(work, "cpp_standalone"), repeats=1, warmup=0)
    out["neurosim_cold"] = cold.as_dict()
    out["neurosim_cold_error_hz"] = wl.max_error(rates, theory)

    cold, (hand_rates, hand_rerun) = measure(lambda: _hand_standalone_build(work, args.hand_dir), repeats=1,
                                             warmup=0)
    out["hand_cold"] = cold.as_dict()
    out["hand_cold_error_hz"] = wl.max_error(hand_rates, theory)

    # Reruns: new currents each call (alternating tops of range, so nothing is reused).
    tops = [4.0, 4.5]
    state = {"neurosim": 0, "hand": 0}

    def next_currents(who):
        state[who] += 1
        return work.currents_amp(tops[state[who] % 2])

    slower = work.params.replace(tau_m=work.params.tau_m * 2)
    errors = {}

    def neurosim_same():
        return wl.max_error(wl.neurosim_fi(work, "cpp_standalone"), theory)

    def neurosim_new_currents():
        currents = next_currents("neurosim")
        return wl.max_error(wl.neurosim_fi(work, "cpp_standalone", currents_amp=currents),
                            work.theory_hz(currents))

    def neurosim_new_params():
        return wl.max_error(wl.neurosim_fi(work, "cpp_standalone", params=slower),
                            work.theory_hz(params=slower))

    def hand_new_currents():
        currents = next_currents("hand")
        return wl.max_error(hand_rerun(currents), work.theory_hz(currents))

    results = interleave({"neurosim_same": neurosim_same, "neurosim_new_currents": neurosim_new_currents,
                          "neurosim_new_params": neurosim_new_params, "hand_new_currents": hand_new_currents},
                         repeats=args.repeats, warmup=1)
    for name, (timing, error) in results.items():
        out[name] = timing.as_dict()
        errors[name] = error
    out["errors_hz"] = errors
    return out


def case_standalone_disk(args) -> dict:
    """A new process, the compiled project already on disk in $NEUROSIM_CACHE."""
    import neurosim.bio  # noqa: F401

    work = _work(args)
    first, rates = measure(lambda: wl.neurosim_fi(work, "cpp_standalone"), repeats=1, warmup=0)
    return {"first": first.as_dict(), "max_error_hz": wl.max_error(rates, work.theory_hz())}


def case_nest(args) -> dict:
    import nest

    nest.verbosity = nest.VerbosityLevel.ERROR
    work = _work(args)
    theory = work.theory_hz()
    out = {"nest_version": nest.__version__ if hasattr(nest, "__version__") else ""}
    for model in ("iaf_psc_delta", "iaf_psc_delta_ps"):
        timing, rates = measure(lambda: wl.nest_fi(work, model), repeats=args.repeats, warmup=1)
        out[model] = {**timing.as_dict(), "max_error_hz": wl.max_error(rates, theory)}
    return out


CASES = {"import": case_import, "cold": case_cold, "standalone": case_standalone,
         "standalone_disk": case_standalone_disk, "nest": case_nest}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("case", choices=sorted(CASES))
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument("--who", choices=["neurosim", "hand"], default="neurosim")
    parser.add_argument("--target", default="numpy")
    parser.add_argument("--spike-timing", default="grid")
    parser.add_argument("--cython-cache")
    parser.add_argument("--hand-dir")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    answer = CASES[args.case](args)
    answer["pid"] = os.getpid()
    sys.stdout.flush()
    print(json.dumps(answer))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
