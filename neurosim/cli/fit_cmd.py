"""``neurosim fit``: fit activation functions to a preset's simulated f-I curve.

Prints the ranking table; saves the data and every fit (CSV), the fitted
parameters with provenance (JSON) and the figure (PNG), all or nothing.
"""

from __future__ import annotations

import time

import numpy as np
from brian2 import Hz, mV, nA

from neurosim.bio import fi_curve
from neurosim.bio.theory import has_lif_theory, siegert_rate
from neurosim.bridge import FAMILIES, compare, fit_all, format_table
from neurosim.cli._args import add_output_options
from neurosim.cli._output import check_output_dir, staged_output
from neurosim.cli.fi_cmd import add_curve_options, curve_from_args
from neurosim.cli.fit_table import family_names
from neurosim.errors import FitError
from neurosim.io import write_csv, write_json
from neurosim.provenance import provenance


def add_parser(subparsers):
    parser = subparsers.add_parser(
        "fit", help="fit activation functions to a preset's f-I curve",
        description="Simulate the f-I curve of any preset, fit the article's activation "
                    "functions (linear, exponential, sigmoid, ReLU), softplus and the LIF rate "
                    "curve to it, and rank them by AICc. --preset all: the cell-type x family "
                    "table (every preset, 0 to 3x its rheobase, noise-free and at --sigma, "
                    "2 mV when 0, with --trials, 5 when 1; each model at its own dt; without "
                    "--points and --seed the demo's table, 25 points and seed 2024, whose "
                    "curves a demo run leaves in the results cache).",
    )
    add_curve_options(parser)
    parser.add_argument("--families", default=",".join(FAMILIES),
                        help=f"comma-separated families to fit (default: {','.join(FAMILIES)})")
    add_output_options(parser)
    parser.set_defaults(func=run)
    return parser


def _fit_record(result) -> dict:
    record = {
        "family": result.family,
        "formula": result.formula,
        "success": result.success,
        "message": result.message,
    }
    if result.success:
        family = FAMILIES[result.family]
        record.update(
            {
                "r2": result.r2,
                "rmse_Hz": float(result.rmse / Hz),
                "aic": result.aic,
                "meaning": result.meaning,
                "confidence": result.confidence,
                "values": {},
                "ci": {},
            }
        )
        for name, (unit, unit_name) in zip(family.param_names, family.display_units):
            record["values"][name] = f"{float(result.values[name] / unit):.10g} {unit_name}"
            low, high = result.ci[name]
            record["ci"][name] = [
                f"{float(low / unit):.10g} {unit_name}",
                f"{float(high / unit):.10g} {unit_name}",
            ]
    return record


def run(args) -> int:
    if args.preset == "all":  # the correspondence table: every preset, every family
        from neurosim.cli.fit_table import run_all

        args.families_given = args.families != ",".join(FAMILIES)
        return run_all(args)
    check_output_dir(args.out, force=args.force)
    params, currents, kwargs = curve_from_args(args)
    sigma, duration = kwargs["sigma"], kwargs["duration"]
    families = family_names(args.families)
    with staged_output(args.out, force=args.force) as staging:
        started = time.perf_counter()
        curve = fi_curve(params, currents, **kwargs)
        simulated = time.perf_counter() - started
        started = time.perf_counter()
        results = fit_all(curve, families)
        fitted = time.perf_counter() - started
        if not any(r.success for r in results):
            reasons = "; ".join(f"{r.family}: {r.message}" for r in results)
            raise FitError(
                f"no family could be fitted to the f-I curve of {params.name} ({reasons})"
            )
        # the LIF's closed form, Siegert rate and time-step band
        comparison = compare(curve) if has_lif_theory(params) else None

        name = f"fit_{params.name}"
        extra = {}
        if comparison is not None:
            extra["comparison"] = {
                "max_abs_error_Hz": float(comparison.max_abs_error / Hz),
                "mean_abs_error_Hz": float(comparison.mean_abs_error / Hz),
                "points_within_tolerance": int(np.count_nonzero(comparison.within)),
                "z": comparison.z,
            }
        record = provenance(
            curve.settings,
            curve.seed,
            source=params.source,
            fits=[_fit_record(r) for r in results],
            **extra,
        )
        if comparison is not None:
            columns = {
                "current_nA": curve.currents / nA,
                "rate_Hz": comparison.simulated / Hz,
                "rate_stderr_Hz": comparison.stderr / Hz,
                "closed_form_Hz": comparison.closed_form / Hz,
                "siegert_Hz": siegert_rate(curve.currents, curve.sigma, params) / Hz,
            }
        else:
            columns = {
                "current_nA": curve.currents / nA,
                "rate_Hz": curve.rates / Hz,
                "rate_std_Hz": curve.rates_std / Hz,
            }
        for result in results:
            if result.success:
                columns[f"fit_{result.family}_Hz"] = result.predict(curve.currents) / Hz
        write_csv(
            staging / f"{name}.csv",
            columns,
            record,
            title=f"f-I curve of preset {params.name} with fitted activation functions",
        )
        write_json(staging / f"{name}.json", record)

        from neurosim.plotting.bridge import fit_figure
        from neurosim.plotting.style import projector_style

        with projector_style():
            fig = fit_figure(curve, results)
            fig.savefig(staging / f"{name}.png")

    sigma_text = f", sigma {float(sigma / mV):g} mV" if float(sigma / mV) > 0 else ""
    print(
        f"{params.name}: {len(curve)} currents x {curve.n_trials} trial(s) of "
        f"{duration}{sigma_text} "
        f"(seed {curve.seed}); simulated in {simulated:.2f} s, fitted in {fitted:.2f} s"
    )
    print(format_table(results))
    if comparison is not None:
        print()
        print(comparison.describe())
    print(f"wrote {args.out}/{name}.csv, {name}.json and {name}.png")
    return 0
