"""``neurosim fit --preset all``: the cell-type x activation-family correspondence table.

Writes ``correspondence.csv`` (long form: preset, sigma, family, R^2, delta-AICc),
``correspondence.json`` (matrices, best family and reading per cell type, provenance) and
``correspondence.png`` (heat maps), all or nothing, and prints one ranked sentence per cell
type.
"""

from __future__ import annotations

import time

from brian2 import mV, second

from neurosim.cli._args import positive_int, quantity
from neurosim.cli._output import staged_output
from neurosim.io import write_csv, write_json
from neurosim.provenance import provenance


def write_table(table, folder, stem: str = "correspondence") -> list:
    """Write the CSV, JSON and PNG of a correspondence table into ``folder``; return the paths."""
    from neurosim.bridge.correspondence_table import correspondence_record
    from neurosim.plotting.correspondence import correspondence_figure
    from neurosim.plotting.style import projector_style

    record = correspondence_record(table)
    meta = provenance(table.settings, table.settings["seed"])
    rows = table.rows()
    columns = {key: [row[key] for row in rows] for key in rows[0]}
    paths = [write_csv(folder / f"{stem}.csv", columns, meta,
                       title="cell type x activation family: R^2 and delta-AICc"),
             write_json(folder / f"{stem}.json", {"provenance": meta, **record})]
    with projector_style():
        fig = correspondence_figure(table)
        fig.savefig(folder / f"{stem}.png")
        paths.append(folder / f"{stem}.png")
    return paths


def run_all(args) -> int:
    from neurosim.bridge.correspondence_table import DEFAULT_SIGMA, correspondence

    sigma = quantity(args, "sigma", mV)
    sigma = sigma if float(sigma / mV) > 0 else DEFAULT_SIGMA
    trials = positive_int(args.trials, "trials")
    trials = trials if trials > 1 else 5
    points = positive_int(args.points, "points", minimum=8)
    duration = quantity(args, "duration", second)
    families = args.families.split(",") if args.families_given else None
    seed = 0 if args.seed is None else args.seed
    with staged_output(args.out, force=args.force) as staging:
        started = time.perf_counter()
        table = correspondence(sigmas=(0 * mV, sigma), points=points, duration=duration,
                               n_trials=trials, seed=seed, target=args.target, families=families)
        write_table(table, staging)
    print(f"{len(table.presets)} cell types x {len(table.families)} families, noise-free and "
          f"sigma {float(sigma / mV):g} mV ({trials} trials of {duration}), seed {seed}; "
          f"{time.perf_counter() - started:.1f} s")
    for preset in table.presets:
        print(table.readings[preset])
    print(f"wrote {args.out}/correspondence.csv, correspondence.json and correspondence.png")
    return 0
