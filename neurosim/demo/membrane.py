"""Step: one input, two neurons (a LIF neuron beside a fitted artificial neuron)."""

from __future__ import annotations

import numpy as np

from neurosim.demo._base import DemoStep, StepContext, StepOutput

TEXT = {
    "progress": "one input, two neurons",
    "title": "One input, two neurons",
    "caption": (
        "The same current enters a spiking neuron and an artificial neuron. The LIF neuron "
        "(blue) integrates it on its membrane (time constant tau_m) and fires when it crosses "
        "threshold; its spikes, smoothed, give a rate. The artificial neuron (vermillion) "
        "computes a weighted sum plus bias and passes it through a sigmoid ({sigmoid}), "
        "fitted to the LIF neuron's f-I curve. The rates agree except where the biology has "
        "memory: the membrane needs time to charge, and no spike comes below the rheobase "
        "(the smoothing kernel is centred, so the blue rate starts to rise a little early)."
    ),
}


def run(ctx: StepContext) -> StepOutput:
    """Step and sine currents into a LIF neuron and into an artificial neuron."""
    from brian2 import Hz, mV, ms, nA, second
    from matplotlib.figure import Figure

    from neurosim.bio import Sine, Step, fi_curve, load_preset, simulate_lif
    from neurosim.bridge import fit_activation
    from neurosim.io import write_csv
    from neurosim.plotting.side_by_side import plot_side_by_side
    from neurosim.plotting.style import projector_style
    from neurosim.provenance import provenance

    settings = ctx.settings
    params = load_preset("neuronal_dynamics")
    rh = params.rheobase
    # The artificial neuron: weighted sum w*I + b, then a sigmoid scaled to Hz,
    # fitted once to this neuron's f-I curve (step 4 shows that fit).
    curve = fi_curve(params, np.linspace(0, 4, settings.points) * rh,
                     duration=settings.duration_s * second, seed=settings.seed)
    sigmoid = fit_activation(curve.currents, curve.rates, "sigmoid")
    duration = 300 * ms
    stimuli = {
        "step": Step(2.5 * rh, 50 * ms, 250 * ms),
        "sine": Sine(1.2 * rh, 5 * Hz, offset=1.6 * rh),
    }
    columns = {}
    with projector_style():
        fig = Figure(figsize=(16, 9), layout="constrained")
        grid = fig.subplots(3, 2, sharex=True, sharey="row", height_ratios=[1, 1.6, 1.6])
        for col, (name, stim) in enumerate(stimuli.items()):
            trace = simulate_lif(params, stim, duration, sigma=0.5 * mV, seed=settings.seed)
            ann = sigmoid.predict(trace.current)
            plot_side_by_side(trace, ann, grid[:, col],
                              ann_label="artificial neuron (fitted sigmoid)")
            grid[0, col].set_title(f"{name} input: {trace.n_spikes} spikes")
            columns[f"{name}_I_nA"] = trace.current / nA
            columns[f"{name}_v_mV"] = trace.v / mV
            columns[f"{name}_spiking_rate_Hz"] = trace.smoothed_rate(10 * ms) / Hz
            columns[f"{name}_ann_activation_Hz"] = ann / Hz
        columns = {"t_ms": trace.t / ms, **columns}
        grid[2, 1].legend(loc="upper right", fontsize=12, framealpha=0.9)
        files = ctx.save(fig)
    write_csv(ctx.path(".csv"), columns,
              provenance({"preset": params.name, "params": params.as_text(), "sigma": "0.5 mV",
                          "sigmoid": sigmoid.param_text()}, settings.seed),
              title="one input, two neurons")
    return StepOutput(files, (ctx.stem + ".csv",), {"sigmoid": sigmoid.param_text()})


STEP = DemoStep("side_by_side", 10, TEXT, run, example="01_membrane_trace.py")
