"""Step: f-I curves of three presets, with the closed-form rate over them."""

from __future__ import annotations

import numpy as np

from neurosim.demo._base import DemoStep, StepContext, StepOutput

#: The presets shown, left to right.
PRESETS = ("neuronal_dynamics", "cortical_pyramidal", "fast_spiking")
#: Their short names in the answer key.
SHORT_NAMES = {"neuronal_dynamics": "textbook neuron", "cortical_pyramidal": "pyramidal cell",
               "fast_spiking": "fast-spiking cell"}


def run(ctx: StepContext) -> StepOutput:
    """f-I curves of :data:`PRESETS`, simulated and closed form."""
    from brian2 import Hz, nA, second
    from matplotlib.figure import Figure

    from neurosim.bio import fi_curve, load_preset, preset_info
    from neurosim.io import write_csv
    from neurosim.plotting.bio import plot_fi_curve
    from neurosim.plotting.style import CYCLE, projector_style
    from neurosim.provenance import provenance

    options = ctx.options
    columns, settings_used = {}, {}
    with projector_style():
        fig = Figure(figsize=(15, 4.8), layout="constrained")
        for ax, name, color in zip(fig.subplots(1, len(PRESETS)), PRESETS, CYCLE):
            params = load_preset(name)
            currents = np.linspace(0, 5, options.points) * params.rheobase
            curve = fi_curve(params, currents, duration=options.duration_s * second,
                             seed=options.seed, target=options.target_for())
            plot_fi_curve(curve, ax, color=color, label="simulated neuron")
            ceiling = float(1 / params.t_ref / Hz)
            ax.axhline(ceiling, color="grey", ls=":", lw=1.5,
                       label=f"ceiling 1/t_ref = {ceiling:g} Hz")
            ax.set_ylim(-0.03 * ceiling, 1.08 * ceiling)
            handles, labels = ax.get_legend_handles_labels()
            labels = ["exact LIF formula" if lb.startswith("closed form") else lb for lb in labels]
            # Upper left, under the ceiling line: the curves start at 0 Hz there.
            ax.legend(handles, labels, loc="upper left", bbox_to_anchor=(0, 0.9),
                      frameon=False, fontsize=12)
            ax.set_title(preset_info(name).title, fontsize=14)
            columns[f"{name}_current_nA"] = curve.currents / nA
            columns[f"{name}_rate_Hz"] = curve.rates / Hz
            columns[f"{name}_closed_form_Hz"] = curve.theory() / Hz
            settings_used[name] = curve.settings
        files = ctx.save(fig)
    write_csv(ctx.path(".csv"), columns, provenance(settings_used, options.seed),
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


STEP = DemoStep("fi_presets", 20, run, cost=2)
