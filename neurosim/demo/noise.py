"""Step: noise smooths the threshold (f-I curves at several noise levels, Siegert rates).

:func:`noise_curves` is the one source of the noisy f-I curves: the demo's
noise and fits steps and ``examples/06_noise_smooths_threshold.py`` all call
it, with the sigmas of :data:`SIGMAS_MV`.
"""

from __future__ import annotations

import numpy as np

from neurosim.demo._base import DemoStep, StepContext, StepOutput

#: Membrane-noise amplitudes (mV) of the noise figure and example 06.
SIGMAS_MV = (0, 1, 3, 6)


def noise_curves(params, currents, *, sigmas_mv=SIGMAS_MV, duration, n_trials: int, seed: int,
                 target: str = "numpy", dt=None) -> list:
    """f-I curves of one neuron at each noise level (one trial when sigma is 0).

    Parameters
    ----------
    params : LIFParams
    currents : Quantity (current), 1-D
    sigmas_mv : sequence of float
        Noise amplitudes in mV (default :data:`SIGMAS_MV`).
    duration : Quantity (time)
        Simulated time per current and trial.
    n_trials : int
        Trials per current for every sigma > 0.
    seed : int
    target : str
        Brian2 code-generation target.
    dt : Quantity (time), optional
        Time step (default that of :func:`neurosim.bio.fi_curve`).

    Returns
    -------
    list of FICurve
        In the order of ``sigmas_mv``.
    """
    from brian2 import mV

    from neurosim.bio import fi_curve

    extra = {} if dt is None else {"dt": dt}
    return [fi_curve(params, currents, duration=duration, sigma=s * mV,
                     n_trials=1 if s == 0 else n_trials, seed=seed, target=target, **extra)
            for s in sigmas_mv]


def run(ctx: StepContext) -> StepOutput:
    """f-I curves at :data:`SIGMAS_MV` against the Siegert rate."""
    from brian2 import Hz, nA, second
    from matplotlib.figure import Figure

    from neurosim.bio import load_preset
    from neurosim.bridge import compare
    from neurosim.io import write_csv
    from neurosim.plotting.bridge import plot_noise_panel
    from neurosim.plotting.style import projector_style
    from neurosim.provenance import provenance

    options = ctx.options
    params = load_preset("neuronal_dynamics")
    currents = np.linspace(0, 3, options.points) * params.rheobase
    curves = noise_curves(params, currents, duration=options.duration_s * second,
                          n_trials=options.noisy_trials, seed=options.seed,
                          target=options.target_for())
    columns, errors = {"current_nA": currents / nA}, {}
    for sigma, curve in zip(SIGMAS_MV, curves):
        comparison = compare(curve)
        theory = comparison.siegert if sigma else comparison.closed_form
        errors[sigma] = float(np.max(np.abs(np.asarray((comparison.simulated - theory) / Hz))))
        columns[f"rate_sigma{sigma}mV_Hz"] = curve.rates / Hz
        columns[f"theory_sigma{sigma}mV_Hz"] = theory / Hz
    with projector_style():
        fig = Figure(figsize=(10, 6.5), layout="constrained")
        ax = plot_noise_panel(curves, fig.add_subplot(), legend=False)
        handles, labels = ax.get_legend_handles_labels()
        labels = [lb.replace("sigma", "noise").replace("closed form (no noise)", "no-noise formula")
                  for lb in labels]
        ax.legend(handles, labels, loc="upper left", frameon=False,
                  title="dots: simulated neuron\nlines: theory (Siegert formula)")
        ax.set_title("Textbook neuron: noise rounds off the threshold")
        files = ctx.save(fig)
    write_csv(ctx.path(".csv"), columns,
              provenance({str(c.sigma): c.settings for c in curves}, options.seed),
              title="f-I curves at several noise levels, with Siegert rates")
    ratio = np.asarray(currents / params.rheobase)
    k = int(np.searchsorted(ratio, 0.8))  # first simulated current at or above 0.8 rheobase
    six = np.asarray(columns["theory_sigma6mV_Hz"] - columns["rate_sigma6mV_Hz"])
    near = np.abs(ratio - 1) <= 0.5  # within half a rheobase of threshold
    worst = int(np.flatnonzero(near)[np.argmax(six[near])])
    excess = int(np.flatnonzero(near)[np.argmin(six[near])])
    numbers = {
        "rheobase_nA": float(params.rheobase / nA),
        "threshold_shift_mV": 0.5826 * 6 * float(np.sqrt(float(curves[-1].dt / params.tau_m))),
        "shortfall_Hz": float(six[worst]),
        "shortfall_nA": float(currents[worst] / nA),
        "excess_Hz": float(-six[excess]),
        "excess_nA": float(currents[excess] / nA),
        "n_near": int(near.sum()),
        "n_below": int(np.count_nonzero(six[near] > 0)),
        "mean_gap_Hz": float(-np.mean(six[near])),
        "n_trials": int(options.noisy_trials),
        "rate_below_Hz": float(curves[-1].rates[k] / Hz),
        "below_ratio": float(ratio[k]),
        "gaps": ", ".join(f"{e:.1f} Hz at {s} mV" for s, e in errors.items()),
    }
    return StepOutput(files, (ctx.stem + ".csv",), numbers)


STEP = DemoStep("noise", 30, run, example="06_noise_smooths_threshold.py", cost=4)
