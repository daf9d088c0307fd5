"""Step: not every neuron is the same activation function (traces, f-I curves, best fits)."""

from __future__ import annotations

import numpy as np

from neurosim.demo._base import DemoStep, StepContext, StepOutput

#: Cells of the demo, one of each kind of f-I curve: (preset, what it shows).
CELLS = (
    ("neuronal_dynamics", "LIF: type I, a hard threshold"),
    ("wang_buzsaki", "Wang-Buzsaki: type I, rate rises from 0 Hz"),
    ("hh_squid", "Hodgkin-Huxley: type II, jumps to ~50 Hz"),
    ("adex_adapting", "AdEx adapting: adaptation straightens the curve"),
)
#: Currents added inside the interval where each f-I curve starts to fire.
ONSET_POINTS = 5
#: --quick: one type I, one type II, one adapting cell.
QUICK_CELLS = (CELLS[0], CELLS[2], CELLS[3])


def _cell_data(name, options):
    """One cell: its step-response trace, its f-I curve and the fits, best first.

    The currents run from 0 to 1.5x the preset's step current (the step that shows its
    pattern; 2x the rheobase for a LIF), the trace is that step.
    """
    from brian2 import amp, ms, second

    from neurosim.bio import Step, fi_curve, load_preset, preset_info, simulate
    from neurosim.bio.fi import onset_currents
    from neurosim.bridge import FAMILIES, fit_all

    params, info = load_preset(name), preset_info(name)
    step = info.step_current if info.step_current is not None else 2 * params.rheobase
    dt = options.dt_for(params)  # quick: 0.1 ms, or the model's largest if smaller
    target = options.target_for(params)
    target = target if target != "cpp_standalone" else "cython"
    duration = (0.3 if options.quick else 1.0) * second
    sweep = {"duration": duration, "dt": dt, "seed": options.seed, "target": target,
             "settle": duration / 2}
    currents = np.linspace(0, 1.5, 10 if options.quick else 25) * step
    # Where the curve starts to fire it bends most: ONSET_POINTS more currents there (a
    # uniform quick grid showed the LIF at 0 Hz, then 88 Hz, with nothing in between).
    extra = onset_currents(fi_curve(params, currents, **sweep), ONSET_POINTS)
    currents = np.sort(np.concatenate([currents / amp, extra / amp])) * amp
    curve = fi_curve(params, currents, **sweep)
    trace = simulate(params, Step(step, 20 * ms), duration, dt=dt, target=target)
    # The article's activation functions (and softplus): the LIF rate formula is left out,
    # it is flexible enough to fit every cell (R^2 1.000) and would answer nothing.
    families = [name for name in FAMILIES if name != "lif"]
    return params, trace, curve, fit_all(curve, families=families)


def _leaders(fits) -> list:
    """The successful fits that tie for best by AICc (best first; one when none ties)."""
    from neurosim.bridge.fit_report import tied

    lead = tied({r.family: r.aicc for r in fits if r.success})
    return [next(r for r in fits if r.family == f) for f in lead]


def summary_from_json(payload: dict) -> str:
    """Best fit per cell by AICc, ties named as ties (from the step's JSON data)."""
    from neurosim.bridge.fit_report import verdict

    parts = []
    for name, cell in payload["cells"].items():
        fits = [f for f in cell["fits"] if f["success"]]
        if not fits:
            continue
        r2 = {f["family"]: f["r2"] for f in fits}
        aicc = {f["family"]: f["aicc"] for f in fits}
        first = min(aicc, key=aicc.get)
        parts.append(f"{name}: {verdict(aicc)}, R^2 {r2[first]:.3f}")
    return "; ".join(parts)


def run(ctx: StepContext) -> StepOutput:
    """Simulate each cell, fit every family to its f-I curve, draw traces and curves."""
    from brian2 import Hz, second

    from neurosim.bio import list_presets
    from neurosim.io import write_json
    from neurosim.plotting.cells import cells_activation_figure
    from neurosim.plotting.style import projector_style
    from neurosim.provenance import provenance

    options = ctx.options
    available = set(list_presets())
    cells = [
        (name, label)
        for name, label in (QUICK_CELLS if options.quick else CELLS)
        if name in available
    ]
    data = {name: _cell_data(name, options) for name, _ in cells}
    best = {
        name: next((r for r in fits if r.success), None) for name, (_, _, _, fits) in data.items()
    }
    leaders = {name: _leaders(fits) for name, (_, _, _, fits) in data.items()}
    with projector_style():
        fig = cells_activation_figure(
            [(label, data[name][1], data[name][2], leaders[name]) for name, label in cells]
        )
        files = ctx.save(fig)
    payload = {
        "provenance": provenance(
            {name: curve.settings for name, (_, _, curve, _) in data.items()}, options.seed
        ),
        "cells": {
            name: {
                "best": best[name].family if best[name] else None,
                "fits": [
                    {"family": r.family, "r2": r.r2, "aic": r.aic, "aicc": r.aicc,
                     "success": r.success}
                    for r in data[name][3]
                ],
                "currents_nA": [float(c) for c in np.asarray(data[name][2].currents / 1e-9)],
                "rates_Hz": [float(r) for r in np.asarray(data[name][2].rates / Hz)],
            }
            for name, _ in cells
        },
    }
    write_json(ctx.path(".json"), payload)
    summary = summary_from_json(payload)
    hh_onset = 0.0
    if "hh_squid" in data:
        rates = np.asarray(data["hh_squid"][2].rates / Hz)
        firing = rates[rates > 0]
        hh_onset = float(firing[0]) if len(firing) else 0.0
    duration = next(iter(data.values()))[2].duration
    numbers = {
        "best_summary": summary,
        "hh_onset_hz": hh_onset,
        "n_cells": len(cells),
        "dt_note": " (quick: dt 0.1 ms, or each model's largest if smaller)"
        if options.quick
        else "",
        "duration_ms": float(duration / second) * 1e3,
    }
    return StepOutput(files, (ctx.stem + ".json",), numbers)


STEP = DemoStep("cells", 42, run, example="12_preset_gallery.py", cost=57)
