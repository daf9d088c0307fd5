"""``neurosim xor``: the article's XOR experiment, with its settings and with working ones.

The article (its section 4) trains a 2-4-1 sigmoid network with MSE loss at
learning rate 0.01 for 1000 epochs and implies that it learns XOR.  This
command trains that network twice from the same initial weights, once with
the article's settings and once with settings that work (default: learning
rate 0.5, 10^4 epochs), and reports plainly what each one learned.
"""

from __future__ import annotations

import numpy as np

from neurosim.ann import ARTICLE_XOR_SETTINGS, MLP, WORKING_XOR_SETTINGS, datasets
from neurosim.cli._args import add_output_options, positive_int, seed_option
from neurosim.cli._output import check_output_dir, staged_output
from neurosim.resources import check_memory
from neurosim.validation import check_real

#: Epochs at which the loss curve is summarised (those <= the epochs run).
CHECKPOINTS = (1, 10, 100, 1000, 10_000, 100_000, 1_000_000)


def add_parser(subparsers):
    parser = subparsers.add_parser(
        "xor", help="train the article's 2-4-1 network on XOR, with its settings and working ones",
        description="Train the article's 2-4-1 sigmoid network (MSE loss, full-batch gradient "
                    "descent) on XOR with the article's settings (learning rate 0.01, 1000 "
                    "epochs) and with working settings; report which ones learn XOR.",
    )
    parser.add_argument("--seed", type=int, default=0,
                        help="seed of the initial weights, the same for both runs (default 0)")
    parser.add_argument("--lr", type=float, default=WORKING_XOR_SETTINGS["learning_rate"],
                        help="learning rate of the working run (default %(default)s)")
    parser.add_argument("--epochs", type=int, default=WORKING_XOR_SETTINGS["epochs"],
                        help="epochs of the working run (default %(default)s)")
    add_output_options(parser, required=False)
    parser.set_defaults(func=run)
    return parser


def run(args) -> int:
    _check_args(args)
    if args.out is not None:
        check_output_dir(args.out, force=args.force)  # refuse before training and printing
    X, y = datasets.xor()
    runs = {
        "article": dict(ARTICLE_XOR_SETTINGS),
        "working": {**WORKING_XOR_SETTINGS, "learning_rate": args.lr, "epochs": args.epochs},
    }
    # Build both models first, so a bad --lr or --epochs fails before any training.
    models = {name: MLP(**settings, seed=args.seed) for name, settings in runs.items()}
    for model in models.values():
        model.fit(X, y)
    results = {name: _summary(model, X, y) for name, model in models.items()}

    print("XOR with the article's 2-4-1 network: sigmoid units, MSE loss, full-batch "
          f"gradient descent, Glorot initial weights (seed {args.seed}).")
    for name, title in (("article", "Article's settings"), ("working", "Working settings")):
        _print_run(title, results[name], X, y)
    print()
    print(_conclusion(results))

    if args.out is not None:
        with staged_output(args.out, force=args.force) as staging:
            written = _save(staging, models, results, runs, args.seed, X, y)
        print(f"wrote {', '.join(f'{args.out}/{name}' for name in written)}")
    return 0


def _check_args(args):
    check_real(args.lr, "--lr", low=0.0, low_open=True)
    positive_int(args.epochs, "epochs")
    # Per epoch: the loss curve (8 B) and its CSV columns (setting, epoch, loss: 24 B),
    # counted, doubled for the arrays' temporary copies.
    check_memory(args.epochs, 64, name="--epochs", value=args.epochs, what="epochs of losses")
    args.seed = seed_option(args)


def _summary(model, X, y):
    outputs = model.forward(X)[:, 0]
    predictions = model.predict(X)
    return {
        "learning_rate": model.learning_rate,
        "epochs": model.n_epochs_,
        "loss_at_epoch": {int(e): float(model.loss_curve_[e - 1])
                          for e in CHECKPOINTS if e <= model.n_epochs_},
        "final_loss": model.loss_,
        "outputs": outputs.tolist(),
        "predictions": predictions.tolist(),
        "solved": bool(np.all(predictions == y)),
    }


def _print_run(title, result, X, y):
    verdict = "learns XOR" if result["solved"] else "does NOT learn XOR"
    print()
    print(f"{title} (learning rate {result['learning_rate']:g}, {result['epochs']} epochs): "
          f"{verdict}.")
    steps = ", ".join(f"{loss:.4f} at epoch {epoch}"
                      for epoch, loss in result["loss_at_epoch"].items())
    print(f"  MSE loss: {steps}; after training {result['final_loss']:.4f}")
    print("  x1 x2 | target | output | class")
    for (x1, x2), target, output, label in zip(X, y, result["outputs"], result["predictions"]):
        mark = "right" if label == target else "WRONG"
        print(f"   {x1:g}  {x2:g} |   {target:g}    | {output:6.3f} |   {label}   {mark}")


def _conclusion(results):
    article, working = results["article"], results["working"]
    if not article["solved"] and working["solved"]:
        return (f"The article's settings (learning rate 0.01, 1000 epochs) do not learn XOR: "
                f"the loss stays near 0.25, the MSE of answering 0.5 everywhere. Learning rate "
                f"{working['learning_rate']:g} with {working['epochs']} epochs does.")
    lines = [f"Article's settings: {'learned' if article['solved'] else 'did not learn'} XOR "
             f"with this seed; working settings (learning rate {working['learning_rate']:g}, "
             f"{working['epochs']} epochs): {'learned' if working['solved'] else 'did not learn'}"
             " XOR."]
    if not working["solved"]:
        lines.append("Try the defaults (--lr 0.5 --epochs 10000), which learn XOR in 20 of "
                     "20 seeds.")
    return " ".join(lines)


def _save(staging, models, results, runs, seed, X, y):
    from matplotlib.figure import Figure

    from neurosim.io import write_csv, write_json
    from neurosim.plotting.ann import plot_decision_boundary, plot_loss_curve
    from neurosim.plotting.style import ANN, OKABE_ITO, projector_style
    from neurosim.provenance import provenance

    parameters = {name: {k: list(v) if isinstance(v, tuple) else v for k, v in s.items()}
                  for name, s in runs.items()}
    for settings in parameters.values():
        settings["init"] = "glorot"
    record = provenance(parameters, seed, command_name="neurosim xor")
    labels = {name: f"{name}: lr {results[name]['learning_rate']:g}, "
                    f"{results[name]['epochs']} epochs" for name in models}
    colours = {"article": OKABE_ITO["reddish_purple"], "working": ANN}

    with projector_style():
        fig = Figure(figsize=(8, 5), layout="constrained")
        ax = fig.add_subplot()
        for name, model in models.items():
            plot_loss_curve(model, ax=ax, label=labels[name], color=colours[name])
        ax.axhline(0.25, color="black", ls=":", lw=1, zorder=1,
                   label="0.25: output 0.5 everywhere")
        ax.set_xscale("log")
        ax.set_title("XOR, 2-4-1 sigmoid network, MSE")
        ax.legend()
        fig.savefig(staging / "xor_loss_curve.png")

        fig = Figure(figsize=(12, 5), layout="constrained")
        for index, (name, model) in enumerate(models.items()):
            ax = fig.add_subplot(1, 2, index + 1)
            plot_decision_boundary(model, X, y, ax=ax, resolution=150, margin=0.3,
                                   colorbar=index == 1)
            verdict = "learns XOR" if results[name]["solved"] else "does not learn XOR"
            ax.set_title(f"{labels[name]}\n{verdict}")
        fig.savefig(staging / "xor_decision_boundary.png")

    write_json(staging / "xor_results.json", {"provenance": record, "results": results})
    names = [name for name, model in models.items() for _ in range(model.n_epochs_)]
    epochs = np.concatenate([np.arange(1, m.n_epochs_ + 1) for m in models.values()])
    losses = np.concatenate([m.loss_curve_ for m in models.values()])
    write_csv(staging / "xor_loss_curve.csv", {"setting": names, "epoch": epochs, "loss": losses},
              record, title="xor loss curves (MSE per epoch, before that epoch's update)")
    rows = [(name, *x, target, out, label) for name in models
            for x, target, out, label in zip(X, y, results[name]["outputs"],
                                             results[name]["predictions"])]
    columns = ("setting", "x1", "x2", "target", "output", "predicted")
    write_csv(staging / "xor_predictions.csv",
              {col: [row[i] for row in rows] for i, col in enumerate(columns)}, record,
              title="xor predictions")
    return ["xor_loss_curve.png", "xor_decision_boundary.png", "xor_results.json",
            "xor_loss_curve.csv", "xor_predictions.csv"]
