"""Presets of one model in one group (``fi_curves``) against one run per preset (``fi_curve``).

For each model with several presets (AdEx 7, Izhikevich 5, LIF 5): 25 currents from 0 to 3x
each preset's rheobase (the correspondence table's range; the LIF's closed form, 400 pA x 3
for the others, which have none), 1 s, the rate after 1/3 s, without noise and with 2 mV
(5 trials, seed 2024), on each model's own target (Cython for AdEx and Izhikevich, numpy for
the LIF). Each pair is timed in one process after a warm-up run of both (so that compiling
is not counted), the batch and the one-by-one runs alternating, median of ``--repeats``.
docs/bio.md ("Several presets of one model in one run") quotes it::

    python benchmarks/preset_batches.py               # about 2 minutes warm
    python benchmarks/preset_batches.py --repeats 1

Then the rheobase search (``find_rheobases`` of the batch against ``find_rheobase`` of each
preset: its default bracket, 41 + 42 currents x 500 ms).  Also prints, per model, the largest difference of the noise-free rates between the two
(Hz): batching changes only the rounding of per-neuron against scalar constants.
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np


def main(argv=None) -> int:
    from brian2 import mV, pA, second

    from neurosim import results_cache
    from neurosim.bio import fi_curve, fi_curves, list_presets, load_preset
    from neurosim.bio.brian2_tools import preferred_target

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    print("| model | presets | noise | one group (s) | one run per preset (s) | ratio | "
          "largest noise-free rate difference (Hz) |")
    print("|---|---|---|---|---|---|---|")
    for model in ("adex", "izhikevich", "lif"):
        models = [load_preset(n) for n in list_presets(model)]
        currents = [np.linspace(0, 3, 25) * (m.closed_form_rheobase() or 400 * pA)
                    for m in models]
        target = preferred_target(models[0])
        for sigma, trials in ((0 * mV, 1), (2 * mV, 5)):
            options = {"duration": 1 * second, "sigma": sigma, "n_trials": trials,
                       "seed": 2024, "target": target, "settle": second / 3}

            def batch():
                return fi_curves(models, currents, **options)

            def alone():
                return [fi_curve(m, c, **options) for m, c in zip(models, currents)]

            with results_cache.using_cache(False):
                batched, single = batch(), alone()  # warm-up: compiles, imports
                times = {"batch": [], "alone": []}
                for _ in range(args.repeats):
                    for name, run in (("batch", batch), ("alone", alone)):
                        start = time.perf_counter()
                        run()
                        times[name].append(time.perf_counter() - start)
            b, a = statistics.median(times["batch"]), statistics.median(times["alone"])
            gap = "" if trials > 1 else f"{max(float(np.max(np.abs(np.asarray(x.rates) - np.asarray(y.rates)))) for x, y in zip(batched, single)):.3g}"  # noqa: E501
            print(f"| {model} ({target}) | {len(models)} | {float(sigma / mV):g} mV | {b:.2f} | "
                  f"{a:.2f} | {a / b:.1f}x | {gap} |")
        b, a = _rheobase_times(models, target, args.repeats)
        print(f"| {model} ({target}) | {len(models)} | rheobase search | {b:.2f} | {a:.2f} | "
              f"{a / b:.1f}x | |")
    return 0


def _rheobase_times(models, target, repeats) -> tuple:
    """Medians of ``find_rheobases`` of the batch and ``find_rheobase`` one by one (s)."""
    from neurosim.bio import find_rheobase, find_rheobases
    from neurosim.errors import ParameterError

    def alone():
        for m in models:
            try:
                find_rheobase(m, target=target)
            except ParameterError:
                pass

    runs = {"batch": lambda: find_rheobases(models, target=target), "alone": alone}
    for run in runs.values():
        run()  # warm-up
    times = {name: [] for name in runs}
    for _ in range(repeats):
        for name, run in runs.items():
            start = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - start)
    return statistics.median(times["batch"]), statistics.median(times["alone"])


if __name__ == "__main__":
    raise SystemExit(main())
