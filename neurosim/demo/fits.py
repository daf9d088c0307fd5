"""Step: the article's activations (and softplus, LIF) fitted to a simulated f-I curve."""

from __future__ import annotations

import numpy as np

from neurosim.demo._base import DemoStep, StepContext, StepOutput

#: How the texts name a family.
NAMES = {"relu": "ReLU", "lif": "the LIF formula"}
#: Article families, in the article's order.
ARTICLE = ("linear", "exponential", "sigmoid", "relu")


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
    from brian2 import Hz, nA, second

    from neurosim.bio import load_preset
    from neurosim.bridge import fit_all
    from neurosim.demo.noise import noise_curves
    from neurosim.io import write_json
    from neurosim.plotting.style import projector_style
    from neurosim.provenance import provenance

    options = ctx.options
    params = load_preset("neuronal_dynamics")
    currents = np.linspace(0, 3, options.points) * params.rheobase
    sigmas = (0, 3)
    curves = dict(zip(sigmas, noise_curves(params, currents, sigmas_mv=sigmas,
                                           duration=options.duration_s * second,
                                           n_trials=options.noisy_trials, seed=options.seed,
                                           target=options.target_for())))
    rankings = {f"{s} mV": fit_all(c) for s, c in curves.items()}
    with projector_style():
        fig, merged = fits_figure(curves[0], rankings["0 mV"])
        files = ctx.save(fig)
    payload = {
        "provenance": provenance({f"{s} mV": c.settings for s, c in curves.items()},
                                 options.seed),
        "rankings": {
            label: [{"family": r.family, "success": r.success, "r2": r.r2,
                     "rmse_Hz": float(r.rmse / Hz), "aic": r.aic, "aicc": r.aicc,
                     "parameters": r.param_text(),
                     "values": _values(r), "meaning": r.meaning, "message": r.message}
                    for r in results]
            for label, results in rankings.items()
        },
        "merged_in_figure": merged,
    }
    write_json(ctx.path(".json"), payload)
    numbers = numbers_from_json(payload)
    numbers["rheobase_nA"] = float(params.rheobase / nA)
    numbers["ceiling_Hz"] = float(1 / params.t_ref / Hz)
    return StepOutput(files, (ctx.stem + ".json",), numbers, table=_ranking_html(rankings))


def _values(result) -> dict:
    """A fit's parameters as plain numbers in their display units (``{"I_0_nA": 1.23}``)."""
    from neurosim.bridge import FAMILIES

    if not result.success:
        return {}
    family = FAMILIES[result.family]
    return {f"{name}_{unit_name.replace('/', '_per_')}": float(result.values[name] / unit)
            for name, (unit, unit_name) in zip(family.param_names, family.display_units)}


def _name(family: str) -> str:
    return NAMES.get(family, family)


def numbers_from_json(payload: dict) -> dict:
    """The numbers the fits figure's texts quote, from the data written to its JSON file.

    Winners are by AICc, the criterion the fits are ranked by; leaders within
    :data:`neurosim.bridge.fit_report.TIE_DELTA_AICC` are named as a tie.
    """
    from neurosim.bridge.fit_report import verdict

    ranks = payload["rankings"]
    by = {label: {r["family"]: r for r in results} for label, results in ranks.items()}
    clean = by["0 mV"]

    def scores(label, families=None):
        return {f: r["aicc"] for f, r in by[label].items()
                if r["success"] and (families is None or f in families)}

    article = scores("0 mV", ARTICLE)
    first = min(article, key=article.get)
    merged = payload.get("merged_in_figure", [])
    numbers = {
        "best_article": verdict(article, _name),
        "best_article_r2": clean[first]["r2"],
        "best_0mV": verdict(scores("0 mV"), _name),
        "best_3mV": verdict(scores("3 mV"), _name),
        "best_article_3mV": verdict(scores("3 mV", ARTICLE), _name),
        "relu_gain": clean["relu"]["values"]["gain_Hz_per_nA"],
        "relu_I0_nA": clean["relu"]["values"]["I_0_nA"],
        "sigmoid_rmax_Hz": clean["sigmoid"]["values"]["r_max_Hz"],
        "merged": " ".join(f"{_name(b)} and {_name(a)} give the same curve here "
                           "(drawn once)." for a, b in merged),
    }
    for family in ("lif", "sigmoid", "relu", "softplus", "linear", "exponential"):
        numbers[f"{family}_r2"] = clean[family]["r2"]
        numbers[f"{family}_r2_3mV"] = by["3 mV"][family]["r2"]
    return numbers


def fits_figure(curve, results):
    """Simulated f-I points, the exact formula, and each distinct fitted family.

    Fits whose curves coincide (within 1% of the largest rate) are drawn once
    with both names; the LIF fit is drawn as the exact formula it reproduces.

    Returns
    -------
    (Figure, list of (str, str))
        The figure, and the (dropped, kept) family pairs that were merged.
    """
    from brian2 import Hz, nA
    from matplotlib.figure import Figure

    from neurosim.bio.theory import lif_rate
    from neurosim.plotting.style import BIO, OKABE_ITO, THEORY

    colours = {"sigmoid": OKABE_ITO["bluish_green"], "relu": OKABE_ITO["vermillion"],
               "linear": OKABE_ITO["orange"], "exponential": OKABE_ITO["reddish_purple"],
               "softplus": OKABE_ITO["sky_blue"]}
    styles = {"sigmoid": "--", "relu": "-.", "linear": (0, (5, 1)), "exponential": ":",
              "softplus": (0, (3, 1, 1, 1))}
    x = np.asarray(curve.currents / nA)
    fine = np.linspace(x.min(), x.max(), 400) * nA
    rates = np.asarray(curve.rates / Hz)
    scale = 0.01 * float(rates.max())
    shown, merged = [], []
    for r in results:
        if not r.success or r.family == "lif":
            continue
        y = np.asarray(r.predict(fine) / Hz)
        twin = next((s for s in shown if np.max(np.abs(s[1] - y)) < scale), None)
        if twin is None:
            shown.append([r, y, [r.family]])
        else:
            twin[2].append(r.family)
            merged.append((r.family, twin[0].family))
    lif = next((r for r in results if r.family == "lif" and r.success), None)
    fig = Figure(figsize=(10, 8), layout="constrained")
    top, bottom = fig.subplots(2, 1, sharex=True, height_ratios=[3, 1.2])
    top.plot(x, rates, "o", ms=5, color=BIO, label="simulated neuron", zorder=3)
    exact = "exact LIF formula" + (f" (LIF fit: $R^2$ {lif.r2:.4f})" if lif else "")
    top.plot(np.asarray(fine / nA), np.asarray(lif_rate(fine, curve.params) / Hz), color=THEORY,
             lw=1.5, label=exact, zorder=4)
    lowest = min((r.aicc for r, _, _ in shown), default=0.0)
    for r, y, names in shown:
        name = " = ".join("ReLU" if n == "relu" else n for n in names)
        kw = {"color": colours.get(r.family, "grey"), "ls": styles.get(r.family, "-"), "lw": 2.2}
        top.plot(np.asarray(fine / nA), y,
                 label=f"{name} ($R^2$ {r.r2:.3f}, ΔAICc {r.aicc - lowest:.1f})", **kw)
        bottom.plot(x, np.asarray(r.residuals / Hz), **kw)
    bottom.axhline(0, color=THEORY, lw=1)
    top.legend(loc="upper left", frameon=False, fontsize=12)
    top.set_ylabel("firing rate (Hz)")
    bottom.set_ylabel("data - fit (Hz)")
    bottom.set_xlabel("input current (nA)")
    top.set_title("Textbook neuron, no noise: which activation function fits?\n"
                  "ranked by AICc; ΔAICc < 2 is a tie")
    return fig, merged


STEP = DemoStep("fits", 40, run, example="05_fit_activations.py", cost=3)
