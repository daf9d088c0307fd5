"""Step: the article's XOR experiment (its settings fail, working settings succeed)."""

from __future__ import annotations

import numpy as np

from neurosim.demo._base import DemoStep, StepContext, StepOutput


def run(ctx: StepContext) -> StepOutput:
    """Train the 2-4-1 network with the article's and with working settings, several seeds."""
    from matplotlib.figure import Figure

    from neurosim.ann import ARTICLE_XOR_SETTINGS, MLP, WORKING_XOR_SETTINGS, datasets
    from neurosim.io import write_json
    from neurosim.plotting.ann import plot_xor_experiment
    from neurosim.plotting.style import projector_style
    from neurosim.provenance import provenance

    options = ctx.options
    X, y = datasets.xor()
    seeds = range(options.seed, options.seed + (3 if options.quick else 10))
    tally = {}
    for name, kw in (("article", ARTICLE_XOR_SETTINGS), ("working", WORKING_XOR_SETTINGS)):
        fits = [trained(MLP(**kw, seed=s), X, y) for s in seeds]
        tally[name] = {
            "settings": {k: list(v) if isinstance(v, tuple) else v for k, v in kw.items()},
            "seeds": list(seeds),
            "solved": [bool(np.all(m.predict(X) == y)) for m in fits],
            "final_loss": [float(m.loss_) for m in fits],
            "outputs_first_seed": fits[0].forward(X)[:, 0].tolist(),
            "loss_curve_first_seed": [float(v) for v in fits[0].loss_curve_],
        }
        tally[name]["model"] = fits[0]
    labels = {
        "article": f"article: lr {ARTICLE_XOR_SETTINGS['learning_rate']:g}, "
                   f"{ARTICLE_XOR_SETTINGS['epochs']} epochs",
        "working": f"working: lr {WORKING_XOR_SETTINGS['learning_rate']:g}, "
                   f"{WORKING_XOR_SETTINGS['epochs']} epochs",
    }
    with projector_style():
        fig = Figure(figsize=(16, 5), layout="constrained")
        plot_xor_experiment({labels[k]: tally[k]["model"] for k in labels}, X, y, fig)
        files = ctx.save(fig)
    summary = {k: {kk: vv for kk, vv in v.items() if kk != "model"} for k, v in tally.items()}
    record = provenance({k: v["settings"] for k, v in summary.items()}, options.seed,
                        init="glorot")
    write_json(ctx.path(".json"), {"provenance": record, "runs": summary})
    return StepOutput(files, (ctx.stem + ".json",), numbers_from_runs(summary))


#: Types of hyperparameter values whose text is exact (a cache key can hold them).
_PLAIN = (str, int, float, tuple, type(None))


def trained(model, X, y):
    """``model.fit(X, y)``, its learned weights kept in the results cache when it is in use
    (:mod:`neurosim.results_cache`), keyed by every hyperparameter (seed included) and the
    data; a model whose hyperparameters are not plain values (an activation object) is
    always trained."""
    from neurosim import results_cache

    params = model.get_params()
    if not results_cache.enabled() or not all(isinstance(v, _PLAIN) for v in params.values()):
        return model.fit(X, y)

    ran = []

    def compute():
        ran.append(model.fit(X, y))
        return {"loss_curve": model.loss_curve_, "loss": np.array(model.loss_),
                **{f"weights_{k}": w for k, w in enumerate(model.weights_)},
                **{f"biases_{k}": b for k, b in enumerate(model.biases_)}}

    found = results_cache.cached_arrays("mlp_fit", {
        "hyperparameters": params, "X": np.ascontiguousarray(X, dtype=float),
        "y": np.ascontiguousarray(y)}, compute)
    if not ran:  # served from the cache: the fitted state, restored
        model.initialize()
        n = len(model.weights_)
        model.weights_ = [found[f"weights_{k}"] for k in range(n)]
        model.biases_ = [found[f"biases_{k}"] for k in range(n)]
        model.loss_curve_, model.loss_ = found["loss_curve"], float(found["loss"])
        model.n_epochs_ = len(model.loss_curve_)
    return model


def numbers_from_runs(runs: dict) -> dict:
    """The numbers the XOR figure's texts quote, from the ``runs`` written to its JSON file."""
    article, working = runs["article"], runs["working"]
    curve = np.asarray(working["loss_curve_first_seed"])
    below = np.flatnonzero(curve < 0.2)
    return {
        "n_seeds": len(article["seeds"]),
        "article_solved": int(sum(article["solved"])),
        "working_solved": int(sum(working["solved"])),
        "article_loss": float(np.median(article["final_loss"])),
        "article_out_min": float(min(article["outputs_first_seed"])),
        "article_out_max": float(max(article["outputs_first_seed"])),
        "working_loss_100": float(curve[99]),
        "working_exit_epoch": int(below[0]) + 1 if below.size else -1,
    }


STEP = DemoStep("xor", 50, run, example="04_xor_mlp.py", cost=5)
