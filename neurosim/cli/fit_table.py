"""``neurosim fit --preset all``: the cell-type x activation-family correspondence table.

Writes ``correspondence.csv`` (long form: preset, sigma, family, R^2, delta-AICc),
``correspondence.json`` (matrices, best family and reading per cell type, provenance) and
``correspondence.png`` (heat maps), all or nothing, and prints one ranked sentence per cell
type.
"""

from __future__ import annotations

import time

from brian2 import mV, second

from neurosim.bio import brian2_tools
from neurosim.cli._args import positive_int, quantity
from neurosim.cli._output import check_output_dir, staged_output
from neurosim.errors import ParameterError
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


#: Options of ``neurosim fit`` that the table does not read -> why (refused when given).
NOT_APPLICABLE = {
    "dt": ("--dt", None, "each model runs at its own dt"),
    "from_": ("--from", "0 nA", "each preset's currents run from 0 to 3x its rheobase"),
    "to": ("--to", None, "each preset's currents run from 0 to 3x its rheobase"),
}


def _refuse_not_applicable(args) -> None:
    for attribute, (option, default, why) in NOT_APPLICABLE.items():
        value = getattr(args, attribute, default)
        if attribute == "from_" and value is not None:  # "0nA", "0 pA": the default too
            from brian2 import amp

            from neurosim.units import parse_quantity

            if float(parse_quantity(value, option, amp) / amp) == 0:
                continue
        if value != default:
            raise ParameterError(f"{option}: not used with --preset all ({why}); leave it out, "
                                 f"got {value!r}")


def _check_sizes(duration, sigma, points, trials) -> None:
    """Every preset's run within Brian2's step counter and the memory, before any work."""
    from neurosim.bio import engine, list_presets, load_preset
    from neurosim.resources import FI_BYTES_PER_NEURON, check_memory, check_steps

    dts = [engine.fi_model(load_preset(name), sigma).dt for name in list_presets(None)]
    check_steps(duration, min(dts), duration_name="--duration",
                dt_name="the smallest model dt")
    check_memory(points * trials, FI_BYTES_PER_NEURON, name="--points", value=points,
                 what="neurons (--points x --trials)", per=trials)


def family_names(text: str) -> list[str]:
    """The families of ``--families`` (comma-separated), each checked against FAMILIES."""
    from neurosim.bridge.fit_families import FAMILIES

    names = [name.strip() for name in text.split(",") if name.strip()]
    if not names:
        raise ParameterError(f"--families: give at least one of {', '.join(FAMILIES)}")
    for name in names:
        if name not in FAMILIES:
            raise ParameterError(
                f"--families: unknown family {name!r}; families: {', '.join(FAMILIES)}"
            )
    return names


def run_all(args) -> int:
    from neurosim.bridge.correspondence_table import DEFAULT_SIGMA, TABLE_POINTS, correspondence
    from neurosim.demo import DemoOptions
    from neurosim.validation import check_seed

    check_output_dir(args.out, force=args.force)
    _refuse_not_applicable(args)
    sigma = quantity(args, "sigma", mV)
    sigma = sigma if float(sigma / mV) > 0 else DEFAULT_SIGMA
    brian2_tools.check_sigma(sigma)
    trials = positive_int(args.trials, "trials")
    trials = trials if trials > 1 else 5
    # Without --points and --seed: the demo's table (TABLE_POINTS, the demo's seed), so that
    # a demo and a `fit --preset all` share their curves through the results cache.
    points = positive_int(TABLE_POINTS if args.points is None else args.points, "points",
                          minimum=8)
    duration = quantity(args, "duration", second)
    families = family_names(args.families) if args.families_given else None
    seed = DemoOptions().seed if args.seed is None else check_seed(args.seed, "--seed")
    _check_sizes(duration, sigma, points, trials)
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
