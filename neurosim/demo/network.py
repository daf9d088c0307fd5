"""Step: a network's activation function is its mean field (Brunel's E/I network).

The output rate of Brunel's (2000) network against its external drive, simulated
(:func:`neurosim.bridge.phase_diagram.phase_diagram` with one g) beside the
self-consistent mean-field rate (:func:`neurosim.bridge.mean_field`).
"""

from __future__ import annotations

import numpy as np

from neurosim.demo._base import DemoStep, StepContext, StepOutput

#: Drives (eta = nu_ext / nu_thr) simulated, quick and full.
ETAS_QUICK = (1.5, 3.0)
ETAS_FULL = (1.0, 1.5, 2.0, 3.0, 4.0)


def run(ctx: StepContext) -> StepOutput:
    """Simulated output rate against external drive, beside the mean-field curve."""
    from brian2 import Hz, second
    from matplotlib.figure import Figure

    from neurosim.bio.network import brunel2000
    from neurosim.bridge.phase_diagram import phase_diagram
    from neurosim.bridge.population_theory import mean_field
    from neurosim.io import write_csv
    from neurosim.plotting.style import ANN, BIO, projector_style
    from neurosim.provenance import provenance

    options = ctx.options
    etas = ETAS_QUICK if options.quick else ETAS_FULL
    duration = (0.3 if options.quick else 1.0) * second
    scale = 0.1 if options.quick else 0.25
    diagram = phase_diagram(
        [5.0],
        etas,
        scale=scale,
        duration=duration,
        backend="brian2",
        target=options.target_for(),
        seed=options.seed,
    )
    simulated = np.asarray(diagram.rate / Hz)[0]
    theory = np.asarray(diagram.mean_field_rate / Hz)[0]
    curve_etas = np.linspace(0.8, 4.0, 6 if options.quick else 17)
    curve = [
        float(mean_field(brunel2000("AI", scale, eta=float(e))).rate("E") / Hz) for e in curve_etas
    ]
    with projector_style():
        fig = Figure(figsize=(10, 6.5), layout="constrained")
        ax = fig.add_subplot()
        ax.plot(
            curve_etas, curve, color=ANN, lw=3, label="mean field (self-consistent Siegert rate)"
        )
        ax.plot(etas, simulated, "o", color=BIO, ms=10, label="spiking network (Brian2)")
        ax.set_xlabel(r"external drive $\eta = \nu_{ext}/\nu_{thr}$")
        ax.set_ylabel("rate of the excitatory population (Hz)")
        ax.set_title("Brunel's E/I network: drive in, rate out")
        ax.legend(loc="upper left")
        files = ctx.save(fig)
    record = provenance(
        {"g": 5.0, "etas": list(etas), "scale": scale, "duration": str(duration)},
        options.seed,
        target=options.target_for(),
    )
    write_csv(
        ctx.path(".csv"),
        {
            "eta": np.asarray(etas),
            "simulated_Hz": simulated,
            "mean_field_Hz": theory,
            "cv": diagram.cv[0],
            "chi": diagram.chi[0],
        },
        record,
        title="Brunel network: output rate against external drive, with its mean field",
    )
    gaps = np.abs(simulated / theory - 1)
    numbers = {
        "n_neurons": brunel2000("AI", scale).n_neurons,
        "scale": scale,
        "duration_s": float(duration / second),
        "max_gap_pct": 100 * float(gaps.max()),
        "gaps": ", ".join(
            f"eta {e:g}: {s:.1f} vs {t:.1f} Hz" for e, s, t in zip(etas, simulated, theory)
        ),
        "ai_rate_Hz": float(mean_field(brunel2000("AI")).rate("E") / Hz),
    }
    # The question asks about a drive the figure shows: the simulated one nearest eta = 2.
    k = int(np.argmin(np.abs(np.asarray(etas) - 2.0)))
    numbers.update({"eta_shown": float(etas[k]), "shown_sim_Hz": float(simulated[k]),
                    "shown_mf_Hz": float(theory[k]), "shown_gap_pct": 100 * float(gaps[k])})
    return StepOutput(files, (ctx.stem + ".csv",), numbers)


STEP = DemoStep("network", 70, run, example="13_brunel_ai_state.py", cost=64)
