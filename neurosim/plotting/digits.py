"""Figures of the digits experiment: accuracy against presentation time, rate against activation."""

from __future__ import annotations

from brian2 import Hz, ms

from neurosim.plotting.style import ANN, CYCLE, get_ax

__all__ = ["plot_digits_accuracy", "plot_digits_rates"]


def plot_digits_accuracy(experiments, ax=None):
    """Spiking test accuracy against presentation time, one line per cell type; ANNs dashed.

    Parameters
    ----------
    experiments : sequence of DigitsExperiment
    ax : matplotlib Axes, optional

    Returns
    -------
    ax
    """
    ax = get_ax(ax)
    for k, experiment in enumerate(experiments):
        run = experiment.run
        color = CYCLE[k % len(CYCLE)]
        t = [float(v / ms) for v in run.times]
        ax.plot(t, run.accuracies(), "o-", color=color, label=f"{experiment.preset} (spiking)")
        ax.axhline(run.ann_accuracy, color=color if len(experiments) > 1 else ANN, ls="--",
                   lw=1, label=f"{experiment.preset} ANN {run.ann_accuracy:.1%}")
    ax.axhline(0.1, color="0.6", ls=":", lw=1, label="chance (10 %)")
    ax.set_xscale("log")
    ticks = [float(v / ms) for v in experiments[0].run.times]
    ax.set_xticks(ticks)
    ax.set_xticklabels([f"{v:g}" for v in ticks])
    ax.minorticks_off()
    ax.set_ylim(0, 1.005)
    ax.set_xlabel("presentation time (ms)")
    ax.set_ylabel("test accuracy")
    ax.legend(loc="lower right", frameon=False, fontsize="small")
    return ax


def plot_digits_rates(experiment, axes=None, *, presentation=None):
    """Spiking rate against the ANN's activation, one panel per hidden layer, with R^2.

    Parameters
    ----------
    experiment : DigitsExperiment
    axes : sequence of matplotlib Axes, optional
        One per hidden layer.
    presentation : Quantity (time), optional
        Default the longest.

    Returns
    -------
    list of Axes
    """
    run = experiment.run
    ann = run.ann_activations
    snn = run.snn_activations(presentation)
    r2 = run.r2(presentation)
    if axes is None:
        from matplotlib.figure import Figure

        axes = Figure(figsize=(5 * len(ann), 4.5), layout="constrained").subplots(
            1, len(ann), squeeze=False)[0]
    for layer, (ax, a, s) in enumerate(zip(axes, ann, snn)):
        scale = float(run.r_unit[layer] / Hz)
        ax.plot(a.ravel() * scale, s.ravel() * scale, ".", ms=2, alpha=0.3, color=CYCLE[0])
        top = max(float(a.max()), float(s.max())) * scale
        ax.plot([0, top], [0, top], "k--", lw=1, label="rate = activation")
        ax.set_title(f"hidden layer {layer + 1}: R$^2$ = {r2[layer]:.3f}")
        ax.set_xlabel("ANN activation x r_unit (Hz)")
        ax.set_ylabel("spiking rate (Hz)")
        ax.legend(loc="upper left", frameon=False)
    return list(axes)
