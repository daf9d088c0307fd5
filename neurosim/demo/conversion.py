"""Step: a trained network run as spiking LIF neurons, beside the artificial one."""

from __future__ import annotations

from neurosim.demo._base import DemoStep, StepContext, StepOutput


def run(ctx: StepContext) -> StepOutput:
    """Convert a two-moons network to spiking neurons and compare their answers."""
    from brian2 import ms

    from neurosim.bridge import conversion_experiment
    from neurosim.io import write_json
    from neurosim.plotting.convert import conversion_figure
    from neurosim.plotting.style import projector_style
    from neurosim.provenance import provenance

    options = ctx.options
    # The conversion always runs on numpy: its network is rebuilt per data set and
    # grid size, which Cython would compile anew each time (docs/performance.md).
    exp = conversion_experiment("moons", seed=options.seed, grid=20 if options.quick else 40,
                                target="numpy")
    with projector_style():
        files = ctx.save(conversion_figure(exp))
    summary = exp.summary()
    write_json(ctx.path(".json"),
               {"provenance": provenance(summary["settings"], options.seed), "summary": summary})
    r = exp.result
    numbers = numbers_from_summary(summary)
    numbers.update({
        "presentation_ms": float(r.presentation / ms),
        "n_points": len(r),
        "agreement": float(r.agreement),
        "agreement_pct": 100 * float(r.agreement),
        "snn_accuracy": float(r.snn_accuracy),
        "ann_accuracy": float(r.ann_accuracy),
    })
    return StepOutput(files, (ctx.stem + ".json",), numbers)


def numbers_from_summary(summary: dict) -> dict:
    """Agreement per reading window and the network size, from the JSON summary."""
    latency = ", ".join(f"{row['agreement']:.1%} at {row['presentation_ms']:g} ms"
                        for row in summary["latency"])
    return {"latency": latency, "n_hidden": int(summary["settings"]["layers"][1])}


STEP = DemoStep("spiking_network", 60, run, example="08_spiking_moons.py", cost=6)
