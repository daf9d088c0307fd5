"""Brian2 against NEST on paired seeds: the numbers docs/network.md quotes.

    python benchmarks/engine_agreement.py brunel --seeds 11-20        # AI, scale 0.25, 1 s
    python benchmarks/engine_agreement.py unconnected --seeds 11-18   # 2000 open-loop cells
    python benchmarks/engine_agreement.py nest-scale --scale 0.1 --seeds 11-18
    python benchmarks/engine_agreement.py brunel --scale 0.1 --duration 4 --seeds 11-18
    python benchmarks/engine_agreement.py threads --threads 2 --seeds 11-14

Each seed builds one network (connectivity and initial state from the seed, the same on
both engines); the engines draw their own Poisson drive.  Prints every pair and the mean
+- standard deviation over seeds of each engine's excitatory rate and of the paired
difference (Brian2 on cython, one thread; NEST on one thread).  ``threads`` pairs Brian2's
cpp_standalone on ``--threads`` OpenMP threads with Brian2 on cython, one thread.  The
CPU time per engine (not wall time: the machine is shared) is printed too.
"""

from __future__ import annotations

import argparse
import os
import sys
import warnings
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from brian2 import Hz, ms, mV, second  # noqa: E402

from neurosim.bio import load_preset  # noqa: E402
from neurosim.bio.network import (  # noqa: E402
    NetworkSpec,
    PoissonSource,
    Population,
    brunel2000,
    simulate_network,
)


def unconnected(n=2000, nu=38 * Hz, dt=0.1 * ms):
    """Brunel's AI fixed point as open loop: n unconnected cells, each with the Poisson drive
    a cell of the network gets (external C_E x 20 Hz, recurrent C_E and C_I x nu; J, -5 J).
    tests/bio/test_network_engines.py imports it: one spec for the test and this benchmark."""
    neuron = load_preset("brunel2000")
    return NetworkSpec(
        populations=(Population("E", n, neuron, (neuron.E_L, neuron.V_th)),),
        projections=(),
        sources=(PoissonSource("ext", "E", 1000, 20 * Hz, 0.1 * mV),
                 PoissonSource("rec_e", "E", 1000, nu, 0.1 * mV),
                 PoissonSource("rec_i", "E", 250, nu, -0.5 * mV)),
        dt=dt,
    )


def _cpu():
    """CPU seconds of this process and its finished children (compiler, standalone binary)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def _seeds(text):
    low, _, high = text.partition("-")
    return list(range(int(low), int(high or low) + 1))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("case", choices=["brunel", "unconnected", "nest-scale", "threads"])
    parser.add_argument("--seeds", default="11-14", help="e.g. 11-20")
    parser.add_argument("--scale", type=float, default=0.25)
    parser.add_argument("--dt", type=float, default=0.1, help="ms")
    parser.add_argument("--duration", type=float, default=1.0, help="s")
    parser.add_argument("--threads", type=int, default=2, help="OpenMP threads (case threads)")
    args = parser.parse_args(argv)
    dt = args.dt * ms
    spec = (unconnected(dt=dt) if args.case == "unconnected"
            else brunel2000("AI", scale=args.scale, dt=dt))
    runs = {"brunel": [("brian2", "cython", 1), ("nest", "cython", 1)],
            "unconnected": [("brian2", "cython", 1), ("nest", "cython", 1)],
            "nest-scale": [("nest", "cython", 1)],
            "threads": [("cpp_standalone", "cpp_standalone", args.threads),
                        ("brian2", "cython", 1)]}[args.case]
    backends = [b if b != "cpp_standalone" else f"brian2-openmp{t}" for b, _, t in runs]
    rows, cpu = [], np.zeros(len(runs))
    for seed in _seeds(args.seeds):
        rates = []
        for k, (backend, target, threads) in enumerate(runs):
            started = _cpu()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # OpenMPWarning: this run is paired with 1 thread
                result = simulate_network(spec, args.duration * second,
                                          backend="nest" if backend == "nest" else "brian2",
                                          target=target, threads=threads, seed=seed)
            cpu[k] += _cpu() - started
            rates.append(float(result.mean_rate("E") / Hz))
        rows.append(rates)
        print(f"seed {seed}: " + ", ".join(f"{b} {r:.4f} Hz" for b, r in zip(backends, rates)),
              flush=True)
    rates = np.array(rows)
    print("CPU time (s, all seeds, with compilers and standalone binaries): "
          + ", ".join(f"{b} {c:.1f}" for b, c in zip(backends, cpu)))
    for k, b in enumerate(backends):
        print(f"{b}: {rates[:, k].mean():.2f} +- {rates[:, k].std(ddof=1):.2f} Hz "
              f"(mean +- sd over {len(rates)} seeds)")
    if len(backends) == 2:
        diff = rates[:, 0] - rates[:, 1]
        rel = 100 * (rates[:, 0] / rates[:, 1] - 1)
        print(f"paired {backends[0]} - {backends[1]}: {diff.mean():+.2f} +- "
              f"{diff.std(ddof=1):.2f} Hz, {rel.mean():+.2f} +- {rel.std(ddof=1):.2f}% (mean +- sd)")


if __name__ == "__main__":
    main()
