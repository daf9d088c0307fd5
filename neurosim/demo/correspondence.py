"""Step: which activation function is each cell type?  The correspondence table."""

from __future__ import annotations

from neurosim.demo._base import QUICK_DT, DemoStep, StepContext, StepOutput

#: Cell types of the quick demo (when they exist): one of each kind of f-I curve.
QUICK_PRESETS = ("neuronal_dynamics", "eif_cortical", "adex_adapting", "hh_squid")


def _html(table) -> str:
    import html

    rows = ["<table><tr><th>cell type</th><th>reading (ranked families, R&sup2;, &Delta;AICc)"
            "</th></tr>"]
    for preset in table.presets:
        rows.append(f"<tr><td>{html.escape(preset)}</td>"
                    f"<td>{html.escape(table.readings[preset])}</td></tr>")
    rows.append("</table>")
    return "\n".join(rows)


def summary(table, sigma_index: int = 0) -> str:
    """Best family per cell type by AICc, ties named as ties."""
    from neurosim.bridge.fit_report import verdict

    return "; ".join(
        f"{p} {verdict(dict(zip(table.families, table.delta_aicc[i, sigma_index])))}"
        for i, p in enumerate(table.presets))


def _target(options) -> str:
    """The table's target: cython when asked for; with ``auto`` the models' own (quick:
    :meth:`~neurosim.demo.DemoOptions.target_for`, numpy); numpy when asked for, except in
    the full table (see :func:`run`)."""
    if options.target == "cython":
        return "cython"
    if options.quick and options.target in ("auto", "numpy"):
        return options.target_for()
    return "auto"


def run(ctx: StepContext) -> StepOutput:
    """Build the table (a few cell types in --quick) and save heat maps, CSV and JSON.

    The full table runs models other than the LIF compiled (Cython) whenever it is
    installed, whatever the demo's target: on numpy a Hodgkin-Huxley curve at dt 0.01 ms
    takes ~50 times longer.  ``--quick`` runs every model at the demo's quick step
    (:data:`~neurosim.demo._base.QUICK_DT` or the model's limit) on the target
    :meth:`~neurosim.demo.DemoOptions.target_for` chooses (numpy with ``auto``).
    """
    from brian2 import mV, second

    from neurosim.bio import list_presets
    from neurosim.bridge.correspondence_table import (
        DEFAULT_SIGMA,
        TABLE_POINTS,
        correspondence,
        correspondence_record,
    )
    from neurosim.io import write_csv, write_json
    from neurosim.plotting.correspondence import answer_figure
    from neurosim.plotting.style import projector_style
    from neurosim.provenance import provenance

    options = ctx.options
    available = list_presets()
    presets = ([p for p in QUICK_PRESETS if p in available] or available[:2]) if options.quick \
        else available
    table = correspondence(presets, sigmas=(0 * mV, DEFAULT_SIGMA),
                           points=12 if options.quick else TABLE_POINTS,
                           duration=(0.3 if options.quick else 1.0) * second,
                           n_trials=2 if options.quick else 5, seed=options.seed,
                           target=_target(options),
                           dt=QUICK_DT * second if options.quick else None)
    from neurosim.bio import preset_info

    titles = {p: preset_info(p).title for p in table.presets}
    with projector_style():
        files = ctx.save(answer_figure(table, titles))
    meta = provenance(table.settings, options.seed)
    rows = table.rows()
    write_csv(ctx.path(".csv"), {k: [r[k] for r in rows] for k in rows[0]}, meta,
              title="cell type x activation family: R^2 and delta-AICc")
    write_json(ctx.path(".json"), {"provenance": meta, **correspondence_record(table)})
    best = summary(table, 0)
    numbers = {"n_cells": len(table.presets), "sigma_mV": float(DEFAULT_SIGMA / mV),
               "best_summary": best, "best_summary_noisy": summary(table, -1),
               "reading_example": table.readings[table.presets[-1]]}
    return StepOutput(files, (ctx.stem + ".csv", ctx.stem + ".json"), numbers, table=_html(table))


STEP = DemoStep("correspondence", 45, run, cost=84)
