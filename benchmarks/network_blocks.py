"""Several drives of Brunel's network as blocks of one run against one run per drive.

The demo's network step: ``brunel2000("AI", 0.25, g=5, eta=e)`` for eta = 1, 1.5, 2, 3, 4,
1 s each, on Brian2's numpy target.  ``simulate_networks`` (one network of five blocks) and
``simulate_network`` per drive, alternating, in one process after a warm-up (code generation
is then cached), median of ``--repeats``; then per drive the excitatory rate of both, each
seed's, and the mean-field rate.  docs/network.md ("Several drives in one run") quotes it::

    python benchmarks/network_blocks.py                     # about 4 minutes
    python benchmarks/network_blocks.py --seeds 2024,1,2 --repeats 1
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

ETAS = (1.0, 1.5, 2.0, 3.0, 4.0)


def main(argv=None) -> int:
    from brian2 import Hz, second

    from neurosim import results_cache
    from neurosim.bio.network import brunel2000, simulate_network, simulate_networks
    from neurosim.bridge import mean_field

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--seeds", default="2024")
    parser.add_argument("--scale", type=float, default=0.25)
    parser.add_argument("--duration", type=float, default=1.0, help="seconds")
    args = parser.parse_args(argv)
    seeds = [int(s) for s in args.seeds.split(",")]
    duration = args.duration * second
    specs = [brunel2000("AI", args.scale, g=5.0, eta=e) for e in ETAS]

    def blocks(seed):
        return [float(r.mean_rate("E") / Hz) for r in simulate_networks(specs, duration,
                                                                          seed=seed)]

    def alone(seed):
        return [float(simulate_network(s, duration, seed=seed).mean_rate("E") / Hz)
                for s in specs]

    rates = {"blocks": [], "alone": []}
    times = {"blocks": [], "alone": []}
    with results_cache.using_cache(False):
        simulate_networks(specs[:2], 10 * specs[0].dt, seed=0)  # warm-up: imports, codegen
        simulate_network(specs[0], 10 * specs[0].dt, seed=0)
        for k, seed in enumerate(seeds):
            for r in range(args.repeats if k == 0 else 1):
                for name, run in (("blocks", blocks), ("alone", alone)):
                    started = time.perf_counter()
                    found = run(seed)
                    if k == 0:
                        times[name].append(time.perf_counter() - started)
                    if r == 0:
                        rates[name].append(found)
    t_blocks, t_alone = (statistics.median(times[k]) for k in ("blocks", "alone"))
    print(f"Brunel AI, g = 5, scale {args.scale:g}, {args.duration:g} s per drive, "
          f"{len(ETAS)} drives, numpy, seed {seeds[0]} (median of {args.repeats})")
    print(f"blocks of one network: {t_blocks:.1f} s; one run per drive: {t_alone:.1f} s; "
          f"ratio {t_alone / t_blocks:.2f}")
    print()
    print("| eta | mean field (Hz) | blocks (Hz) | one run per drive (Hz) | difference (Hz) |")
    print("|---|---|---|---|---|")
    b, a = np.array(rates["blocks"]), np.array(rates["alone"])
    for j, (eta, spec) in enumerate(zip(ETAS, specs)):
        mf = float(mean_field(spec).rate("E") / Hz)
        diff = b[:, j] - a[:, j]
        spread = f" +- {diff.std(ddof=1):.2f}" if len(seeds) > 1 else ""
        print(f"| {eta:g} | {mf:.2f} | {b[:, j].mean():.2f} | {a[:, j].mean():.2f} | "
              f"{diff.mean():+.2f}{spread} |")
    if len(seeds) > 1:
        print(f"\n(mean and standard deviation over seeds {args.seeds})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
