"""Step: the article's activations (and softplus, LIF) fitted to a simulated f-I curve."""

from __future__ import annotations

import numpy as np

from neurosim.demo._base import DemoStep, StepContext, StepOutput

TEXT = {
    "progress": "activation functions fitted to the f-I curve",
    "title": "The correspondence: which activation function is a neuron?",
    "caption": (
        "The article's four activation functions (linear, exponential, sigmoid, ReLU), softplus "
        "and the LIF rate curve itself, each scaled and shifted (weight and bias) and fitted by "
        "least squares to the simulated rates. Of the article's four, {best_article} fits best "
        "(R^2 = {best_article_r2:.3f}); the exponential, with no threshold and no ceiling, worst "
        "(R^2 = {exponential_r2:.3f}). Best overall: {best_0mV} without noise, {best_3mV} with "
        "3 mV of noise. {relu_meaning}"
    ),
}


def _ranking_html(rankings: dict) -> str:
    """The fit rankings as an HTML table (values we computed; no user text)."""
    import html

    from brian2 import Hz

    rows = ["<table><tr><th>noise</th><th>rank</th><th>family</th><th>R&sup2;</th>"
            "<th>RMSE (Hz)</th><th>parameters</th></tr>"]
    for label, results in rankings.items():
        for k, r in enumerate(results, 1):
            if r.success:
                rows.append(f"<tr><td>{html.escape(label)}</td><td>{k}</td><td>{r.family}</td>"
                            f"<td>{r.r2:.4f}</td><td>{float(r.rmse / Hz):.2f}</td>"
                            f"<td>{html.escape(r.param_text())}</td></tr>")
            else:
                rows.append(f"<tr><td>{html.escape(label)}</td><td>{k}</td><td>{r.family}</td>"
                            f"<td colspan=3>failed: {html.escape(r.message)}</td></tr>")
    rows.append("</table>")
    return "\n".join(rows)


def run(ctx: StepContext) -> StepOutput:
    """Fit every family to the noise-free and the 3 mV f-I curve."""
    from brian2 import Hz, second

    from neurosim.bio import load_preset
    from neurosim.bridge import fit_all
    from neurosim.demo.noise import noise_curves
    from neurosim.io import write_json
    from neurosim.plotting.bridge import fit_figure
    from neurosim.plotting.style import projector_style
    from neurosim.provenance import provenance

    settings = ctx.settings
    params = load_preset("neuronal_dynamics")
    currents = np.linspace(0, 3, settings.points) * params.rheobase
    sigmas = (0, 3)
    curves = dict(zip(sigmas, noise_curves(params, currents, sigmas_mv=sigmas,
                                           duration=settings.duration_s * second,
                                           n_trials=settings.noisy_trials, seed=settings.seed,
                                           target=settings.target)))
    rankings = {f"{s} mV": fit_all(c) for s, c in curves.items()}
    with projector_style():
        fig = fit_figure(curves[0], rankings["0 mV"],
                         title=f"{params.name}: activation functions fitted to the f-I curve "
                               "(no noise)")
        files = ctx.save(fig)
    payload = {
        "provenance": provenance({f"{s} mV": c.settings() for s, c in curves.items()},
                                 settings.seed),
        "rankings": {
            label: [{"family": r.family, "success": r.success, "r2": r.r2,
                     "rmse_Hz": float(r.rmse / Hz), "aic": r.aic, "parameters": r.param_text(),
                     "meaning": r.meaning, "message": r.message} for r in results]
            for label, results in rankings.items()
        },
    }
    write_json(ctx.path(".json"), payload)
    by_name = {r.family: r for r in rankings["0 mV"]}
    best = {label: next(r.family for r in results if r.success)
            for label, results in rankings.items()}
    article = [by_name[f] for f in ("linear", "exponential", "sigmoid", "relu")
               if by_name[f].success]
    best_article = max(article, key=lambda r: r.r2)
    relu = by_name["relu"]
    numbers = {
        "best_article": best_article.family,
        "best_article_r2": float(best_article.r2),
        "exponential_r2": float(by_name["exponential"].r2),
        "best_0mV": best["0 mV"],
        "best_3mV": best["3 mV"],
        "relu_meaning": relu.meaning if relu.success else "",
    }
    return StepOutput(files, (ctx.stem + ".json",), numbers, table=_ranking_html(rankings))


STEP = DemoStep("fits", 40, TEXT, run, example="05_fit_activations.py")
