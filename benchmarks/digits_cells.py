"""Cost of the digits network per cell type: wall and CPU time of the whole test set.

    python benchmarks/digits_cells.py [PRESET ...] [--images N] [--seeds S ...]
        [--target cpp_standalone|cython]

For each cell type (default the five of ``neurosim.bridge.digits.DIGITS_CELLS``): its
f-I sweep (once: it has no seed), then per seed the 64-32-32-10 network trained on the
digits and one spiking run of N test images (default all 450) for 500 ms at dt 0.05 ms,
read at every presentation time. The first run of a cell type is cold (code generation
and compilation included; cpp_standalone compiles once per network shape, so the later
seeds rerun the same binary), the others warm; with one seed the run is repeated for the
warm column. Prints one markdown row per cell type: wall and CPU seconds (this process
and its children: the compiler and the standalone binary), neuron-steps per wall and per
CPU second, and the spiking accuracy at 500 ms as mean +- standard deviation over the
seeds. On a shared machine the CPU columns are the fair measure; run it with cold caches
(temporary HOME, NEUROSIM_CACHE, MPLCONFIGDIR) for the cold column.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _timed(run, *args, **kwargs):
    wall, cpu = time.perf_counter(), _cpu()
    result = run(*args, **kwargs)
    return result, time.perf_counter() - wall, _cpu() - cpu


def main(argv=None) -> int:
    import numpy as np

    from neurosim.ann import datasets
    from neurosim.bio import load_preset
    from neurosim.bridge import cell_activation, run_cell_network
    from neurosim.bridge.digits import DIGITS_CELLS, train_digits_mlp

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("presets", nargs="*", default=list(DIGITS_CELLS))
    parser.add_argument("--images", type=int, default=450)
    parser.add_argument("--seeds", type=int, nargs="+", default=[0])
    parser.add_argument("--target", default="cpp_standalone",
                        choices=["cython", "cpp_standalone"])
    args = parser.parse_args(argv)
    print(f"cores: {os.cpu_count()}, load average: {os.getloadavg()[0]:.1f}, "
          f"target {args.target}, {args.images} images, seeds {args.seeds}")
    print("| cell type | neurons x steps | cold wall (s) | cold CPU (s) | warm wall (s) "
          "| warm CPU (s) | neuron-steps/s warm (wall, CPU) | spiking accuracy at 500 ms |")
    print("|---|---|---|---|---|---|---|---|")
    for preset in args.presets:
        activation = cell_activation(load_preset(preset))
        runs = []
        for seed in args.seeds:
            split = datasets.digits(seed=seed)
            X, y = split.X_test[:args.images], split.y_test[:args.images]
            mlp, _ = train_digits_mlp(activation, split, seed=seed)
            runs.append(_timed(run_cell_network, mlp, X, y, target=args.target))
        if len(runs) == 1:
            runs.append(_timed(run_cell_network, mlp, X, y, target=args.target))
        (first, cold_wall, cold_cpu), warm = runs[0], runs[1:]
        warm_wall = float(np.mean([w for _, w, _ in warm]))
        warm_cpu = float(np.mean([c for _, _, c in warm]))
        accuracy = np.array([r.snn_accuracy() for r, _, _ in runs[:len(args.seeds)]]) * 100
        spread = accuracy.std(ddof=1) if accuracy.size > 1 else 0.0
        neurons = args.images * sum(mlp.layers_[1:-1])
        print(f"| {preset} | {neurons} x {first.neuron_steps // neurons} | {cold_wall:.1f} | "
              f"{cold_cpu:.1f} | {warm_wall:.1f} | {warm_cpu:.1f} | "
              f"{first.neuron_steps / warm_wall:.3g}, {first.neuron_steps / warm_cpu:.3g} | "
              f"{accuracy.mean():.1f} +- {spread:.1f} % |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
