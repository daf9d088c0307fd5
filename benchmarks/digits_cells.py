"""Cost of the digits network per cell type: neurons x time steps per second of one run.

    python benchmarks/digits_cells.py [PRESET ...] [--images N] [--target cython|cpp_standalone]

For each cell type (default the five of ``neurosim.bridge.digits.DIGITS_CELLS``): its
f-I sweep and the 64-32-32-10 network trained on the digits (seed 0), then one spiking
run of N test images (default all 450) for 500 ms at dt 0.05 ms, timed twice: cold (the
first run in this process, code generation and compilation included) and warm (a second,
identical run). Prints one markdown row per cell type. Run it on a quiet machine, with
cold caches (temporary HOME, NEUROSIM_CACHE, MPLCONFIGDIR) for the cold column.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main(argv=None) -> int:
    from neurosim.ann import datasets
    from neurosim.bio import load_preset
    from neurosim.bridge import cell_activation, run_cell_network
    from neurosim.bridge.digits import DIGITS_CELLS, train_digits_mlp

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("presets", nargs="*", default=list(DIGITS_CELLS))
    parser.add_argument("--images", type=int, default=450)
    parser.add_argument("--target", default="cython", choices=["cython", "cpp_standalone"])
    args = parser.parse_args(argv)
    split = datasets.digits(seed=0)
    X, y = split.X_test[:args.images], split.y_test[:args.images]
    print(f"cores: {os.cpu_count()}, load average: {os.getloadavg()[0]:.1f}, "
          f"target {args.target}, {len(y)} images")
    print("| cell type | neurons | steps | cold run (s) | warm run (s) | neuron-steps/s (warm) "
          "| spiking accuracy at 500 ms |")
    print("|---|---|---|---|---|---|---|")
    for preset in args.presets:
        activation = cell_activation(load_preset(preset))
        mlp, _ = train_digits_mlp(activation, split, seed=0)
        cold = run_cell_network(mlp, X, y, target=args.target)
        warm = run_cell_network(mlp, X, y, target=args.target)
        neurons = len(y) * sum(mlp.layers_[1:-1])
        print(f"| {preset} | {neurons} | {warm.neuron_steps // neurons} | {cold.seconds:.1f} | "
              f"{warm.seconds:.1f} | {warm.neuron_steps_per_second:.3g} | "
              f"{warm.snn_accuracy():.3f} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
