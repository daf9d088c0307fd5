"""``neurosim convert --dataset digits``: handwritten digits read by spiking cells of any type.

For each cell type (``--neuron PRESET``, or ``all`` for the five of
:data:`neurosim.bridge.digits.DIGITS_CELLS`): the cell's f-I curve becomes
the activation of a 64-32-32-10 MLP, trained on scikit-learn's digits, and
the same weights run as spiking neurons of that cell in one Brian2 run for the
whole test set, read at every presentation time up to ``--presentation``.
"""

from __future__ import annotations

from brian2 import ms, second

from neurosim.errors import ParameterError, PresetError

#: Files written into --out.
DIGITS_FIGURES = ("digits_accuracy", "digits_rates")

#: What ``--neuron all`` runs (the keys of DIGITS_CELLS, listed here so that
#: building the parser imports no Brian2).
ALL = "all"


def neurons_option(text: str | None) -> list[str]:
    """The presets of ``--neuron`` (one name, ``all``, or names separated by commas)."""
    from neurosim.bio.presets import load_preset
    from neurosim.bridge.digits import DIGITS_CELLS

    if text is None:
        return [DIGITS_CELLS[0]]
    if text.strip() == ALL:
        return list(DIGITS_CELLS)
    names = [name.strip() for name in text.split(",") if name.strip()]
    if not names:
        raise ParameterError(f"--neuron: expected a preset name or 'all', got {text!r}")
    for name in names:
        try:
            load_preset(name)
        except PresetError as err:
            raise PresetError(f"--neuron: {err}") from None
    return names


def presentation_times(presentation):
    """Every standard presentation time below ``presentation``, and it."""
    from neurosim.bridge.cell_network import PRESENTATIONS

    limit = float(presentation / second)
    return [t for t in PRESENTATIONS if float(t / second) < limit * (1 - 1e-9)] + [presentation]


def run_digits(args, staged_output) -> int:
    """The digits branch of ``neurosim convert`` (checks first, then the work, then the files)."""
    from neurosim.bio.presets import load_preset
    from neurosim.bridge.cell_curve import NETWORK_DT
    from neurosim.cli._args import positive_int, quantity

    names = neurons_option(args.neuron)
    if args.grid is not None:
        raise ParameterError("--grid: the digits have 64 inputs and no decision-boundary grid; "
                             "leave --grid out")
    dt = quantity(args, "dt", ms) if args.dt is not None else NETWORK_DT
    if not 0 * ms < dt <= 0.1 * ms:
        raise ParameterError(f"--dt: must be in (0 ms, 0.1 ms] for the digits, got {dt}")
    presentation = quantity(args, "presentation", ms) if args.presentation else 500 * ms
    if not 10 * dt <= presentation <= 10 * second:
        raise ParameterError(f"--presentation: must be in [10 dt, 10 s] = [{10 * dt}, 10 s] for "
                             f"the digits, got {presentation}")
    n_test = None if args.test_images is None else positive_int(args.test_images, "test-images")
    target = args.target or "cpp_standalone"
    from neurosim.ann.datasets import digits
    from neurosim.bridge.digits import digits_experiment, sklearn_peer

    split = digits(seed=args.seed)
    if n_test is not None and n_test > len(split.y_test):
        raise ParameterError(f"--test-images: must be in [1, {len(split.y_test)}], got {n_test}")
    params = [load_preset(name) for name in names]
    times = presentation_times(presentation)
    experiments = []
    try:
        for p in params:
            experiments.append(digits_experiment(p, seed=args.seed, presentations=times,
                                                 n_test=n_test, target=target, dt=dt))
    except ParameterError as err:
        raise ParameterError(f"--neuron: {err}") from None
    peer = sklearn_peer(split, seed=args.seed)
    with staged_output(args.out, force=args.force) as staging:
        written = _save(staging, experiments, peer)
    _print_summary(experiments, peer)
    print(f"wrote {', '.join(f'{args.out}/{name}' for name in written)}")
    return 0


def _print_summary(experiments, peer):
    first = experiments[0].run
    print(f"digits: 64-32-32-10 network, {len(first)} test images, one Brian2 run per cell "
          f"type read at {', '.join(f'{float(t / ms):g}' for t in first.times)} ms")
    print(f"  scikit-learn MLPClassifier (ReLU, Adam): accuracy {peer['accuracy']:.1%}, "
          f"trained in {peer['seconds']:.1f} s")
    for e in experiments:
        run = e.run
        reach = run.time_to_fraction(0.95)
        reach_text = "never" if reach is None else f"{float(reach / ms):g} ms"
        print(f"  {e.preset} ({e.activation.fit.family} fit, R^2 {e.activation.fit.r2:.4f}): "
              f"ANN {run.ann_accuracy:.1%} (trained in {e.timings['training']:.1f} s), spiking "
              f"{run.snn_accuracy():.1%} at {float(run.times[-1] / ms):g} ms, 95 % of the ANN "
              f"after {reach_text}; rate vs activation R^2 "
              + ", ".join(f"{v:.3f}" for v in run.r2())
              + f"; run {run.seconds:.1f} s ({run.neuron_steps_per_second:.3g} neuron-steps/s)")


def _save(staging, experiments, peer):
    from matplotlib.figure import Figure

    from neurosim.io import write_csv, write_json
    from neurosim.plotting.digits import plot_digits_accuracy, plot_digits_rates
    from neurosim.plotting.style import projector_style
    from neurosim.provenance import provenance

    settings = {"cells": [e.settings for e in experiments], "sklearn_peer": peer["settings"]}
    record = provenance(settings, experiments[0].seed, command_name="neurosim convert")
    with projector_style():
        fig = Figure(figsize=(9, 5.5), layout="constrained")
        plot_digits_accuracy(experiments, fig.add_subplot())
        fig.savefig(staging / "digits_accuracy.png")
        n_layers = len(experiments[0].run.r_unit)
        fig = Figure(figsize=(4.5 * n_layers, 3.8 * len(experiments)), layout="constrained")
        axes = fig.subplots(len(experiments), n_layers, squeeze=False)
        for row, e in zip(axes, experiments):
            for ax in plot_digits_rates(e, row):
                ax.set_title(f"{e.preset}: {ax.get_title()}", fontsize="small")
        fig.savefig(staging / "digits_rates.png")
    summary = {"dataset": "digits", "sklearn_peer": {k: peer[k] for k in ("accuracy", "seconds")},
               "cells": [e.summary() for e in experiments], "provenance": record}
    write_json(staging / "summary.json", summary)
    columns = {"presentation_ms": [float(t / ms) for t in experiments[0].run.times]}
    for e in experiments:
        columns[f"{e.preset}_snn_accuracy"] = e.run.accuracies()
        columns[f"{e.preset}_ann_accuracy"] = [e.run.ann_accuracy] * len(e.run.times)
    write_csv(staging / "digits_accuracy.csv", columns, record,
              title="convert --dataset digits: test accuracy against presentation time")
    return [f"{name}.png" for name in DIGITS_FIGURES] + ["summary.json", "digits_accuracy.csv"]
