"""Step: f-I curves of three presets, with the closed-form rate over them."""

from __future__ import annotations

import numpy as np

from neurosim.demo._base import DemoStep, StepContext, StepOutput

#: The presets shown, left to right.
PRESETS = ("neuronal_dynamics", "cortical_pyramidal", "fast_spiking")
#: Their short names in the answer key.
SHORT_NAMES = {"neuronal_dynamics": "textbook neuron", "cortical_pyramidal": "pyramidal cell",
               "fast_spiking": "fast-spiking cell"}

TEXT = {
    "progress": "f-I curves of three presets",
    "title": "f-I curves: the neuron's activation function",
    "caption": (
        "Firing rate against constant input current for three model cell types, simulated in "
        "Brian2 (dots) and from the exact LIF formula (line): zero below a threshold current "
        "(the rheobase), a steep rise above it, then a bend towards the ceiling 1/t_ref "
        "(dotted line: {ceilings}), which no curve reaches over the currents shown. These are "
        "LIF models with textbook-style parameters, not recordings: real fast-spiking cells "
        "reach at most about 215-450 Hz (Wang et al. 2016), not the model's 1000 Hz ceiling."
    ),
    "answers": {
        "Q3": {
            "question": "Find the threshold current of each cell on the graph. Which cell needs "
                        "the least current to fire, and why?",
            "answer": "The rate leaves zero at the rheobase (V_th - E_L)/R_m: {rheobases}. The "
                      "pyramidal cell needs the least because its input resistance is the "
                      "largest (same voltage gap, more millivolts per nA).",
        },
        "Q4": {
            "question": "Why does the curve rise so steeply just above threshold, then bend?",
            "answer": "Just above the rheobase the membrane creeps towards threshold and the time "
                      "to reach it is long (it diverges logarithmically), so a little extra "
                      "current shortens it a lot. Far above, the membrane reaches threshold "
                      "quickly and the refractory period t_ref takes a growing share of each "
                      "interval: the rate bends towards 1/t_ref ({ceilings}). At the largest "
                      "current shown the rates are {top_rates}.",
        },
        "Q5": {
            "question": "At high rates the dots lie slightly above the line. Is the formula "
                        "wrong?",
            "answer": "No: the simulation advances in steps of dt = 0.1 ms and spikes land on "
                      "that grid, so each interval comes out slightly short; the error grows like "
                      "r^2 dt (largest gap here: {max_gap_Hz:.1f} Hz, for {max_gap_cell}). "
                      "A ten times smaller dt makes it ten times smaller (docs/bio.md).",
        },
    },
}


def run(ctx: StepContext) -> StepOutput:
    """f-I curves of :data:`PRESETS`, simulated and closed form."""
    from brian2 import Hz, nA, second
    from matplotlib.figure import Figure

    from neurosim.bio import fi_curve, load_preset, preset_info
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
            plot_fi_curve(curve, ax, color=color, label="simulated neuron")
            ceiling = float(1 / params.t_ref / Hz)
            ax.axhline(ceiling, color="grey", ls=":", lw=1.5,
                       label=f"ceiling 1/t_ref = {ceiling:g} Hz")
            ax.set_ylim(-0.03 * ceiling, 1.08 * ceiling)
            handles, labels = ax.get_legend_handles_labels()
            labels = ["exact LIF formula" if lb.startswith("closed form") else lb for lb in labels]
            ax.legend(handles, labels, loc="lower right", frameon=False, fontsize=12)
            ax.set_title(preset_info(name).title, fontsize=14)
            columns[f"{name}_current_nA"] = curve.currents / nA
            columns[f"{name}_rate_Hz"] = curve.rates / Hz
            columns[f"{name}_closed_form_Hz"] = curve.theory() / Hz
            settings_used[name] = curve.settings
        files = ctx.save(fig)
    write_csv(ctx.path(".csv"), columns, provenance(settings_used, settings.seed),
              title="f-I curves of three presets")
    return StepOutput(files, (ctx.stem + ".csv",), numbers_from_columns(columns))


def numbers_from_columns(columns: dict) -> dict:
    """The numbers the f-I figure's texts quote, from its data columns (as written to the CSV)."""
    from brian2 import nA

    from neurosim.bio import load_preset

    rheobases, ceilings, tops, gaps = [], [], [], {}
    for name in PRESETS:
        params = load_preset(name)
        current = np.asarray(columns[f"{name}_current_nA"], dtype=float)
        rate = np.asarray(columns[f"{name}_rate_Hz"], dtype=float)
        exact = np.asarray(columns[f"{name}_closed_form_Hz"], dtype=float)
        label = preset_label(name)
        onset = current[rate > 0][0]  # first simulated current that fires
        rheobases.append(f"{label} {float(params.rheobase / nA):.3g} nA (first firing dot at "
                         f"{onset:.3g} nA)")
        ceilings.append(f"{label} {1 / float(params.t_ref):.0f} Hz")
        tops.append(f"{label} {rate[-1]:.0f} Hz")
        gaps[label] = float(np.max(rate - exact))
    worst = max(gaps, key=gaps.get)
    return {"rheobases": "; ".join(rheobases), "ceilings": ", ".join(ceilings),
            "top_rates": ", ".join(tops), "max_gap_Hz": gaps[worst], "max_gap_cell": worst}


def preset_label(name: str) -> str:
    """A short plain-language name of a preset shown here."""
    return SHORT_NAMES.get(name, name.replace("_", " "))


STEP = DemoStep("fi_presets", 20, TEXT, run)
