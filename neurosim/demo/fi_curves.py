"""Step: f-I curves of three presets, with the closed-form rate over them."""

from __future__ import annotations

import numpy as np

from neurosim.demo._base import DemoStep, StepContext, StepOutput

#: The presets shown, left to right.
PRESETS = ("neuronal_dynamics", "cortical_pyramidal", "fast_spiking")

TEXT = {
    "progress": "f-I curves of three presets",
    "title": "f-I curves: the neuron's activation function",
    "caption": (
        "Firing rate against constant input current for three cell types, simulated in "
        "Brian2 (dots) and from the closed-form LIF rate (line): zero below the rheobase, "
        "a steep rise above it, and saturation towards 1/t_ref."
    ),
}


def run(ctx: StepContext) -> StepOutput:
    """f-I curves of :data:`PRESETS`, simulated and closed form."""
    from brian2 import Hz, nA, second
    from matplotlib.figure import Figure

    from neurosim.bio import fi_curve, load_preset
    from neurosim.io import write_csv
    from neurosim.plotting.bio import plot_fi_curve
    from neurosim.plotting.style import CYCLE, projector_style
    from neurosim.provenance import provenance

    settings = ctx.settings
    columns, settings_used = {}, {}
    with projector_style():
        fig = Figure(figsize=(15, 4.8), layout="constrained")
        for ax, name, color in zip(fig.subplots(1, len(PRESETS)), PRESETS, CYCLE):
            params = load_preset(name)
            currents = np.linspace(0, 5, settings.points) * params.rheobase
            curve = fi_curve(params, currents, duration=settings.duration_s * second,
                             seed=settings.seed, target=settings.target)
            plot_fi_curve(curve, ax, color=color, label="simulated")
            ax.set_title(f"{name} (rheobase {float(params.rheobase / nA):.3g} nA)", fontsize=13)
            columns[f"{name}_current_nA"] = curve.currents / nA
            columns[f"{name}_rate_Hz"] = curve.rates / Hz
            columns[f"{name}_closed_form_Hz"] = curve.theory() / Hz
            settings_used[name] = curve.settings()
        files = ctx.save(fig)
    write_csv(ctx.path(".csv"), columns, provenance(settings_used, settings.seed),
              title="f-I curves of three presets")
    return StepOutput(files, (ctx.stem + ".csv",), {})


STEP = DemoStep("fi_presets", 20, TEXT, run)
