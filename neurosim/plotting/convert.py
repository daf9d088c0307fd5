"""Plots of an MLP and its spiking version side by side (:mod:`neurosim.bridge.conversion`).

Each helper takes an optional ``ax`` (or a pair of axes), draws, and returns
it; none calls ``show()``.  Spiking results are drawn in
:data:`~neurosim.plotting.style.BIO`, artificial ones in
:data:`~neurosim.plotting.style.ANN`.
"""

from __future__ import annotations

import numpy as np
from brian2 import Hz, ms
from matplotlib.ticker import MaxNLocator

from neurosim.errors import ParameterError
from neurosim.plotting.ann import plot_output_on_grid
from neurosim.plotting.style import ANN, BIO, CYCLE, THEORY, get_ax

__all__ = ["conversion_figure", "plot_activation_vs_rate", "plot_decision_boundaries",
           "plot_latency", "plot_raster"]


def plot_decision_boundaries(experiment, axes=None, *, colorbar=True):
    """Decision boundaries of the MLP (left) and of its spiking version (right).

    Parameters
    ----------
    experiment : ConversionExperiment
        With a grid (``conversion_experiment(..., grid=40)``).
    axes : pair of matplotlib Axes, optional
        Drawn into; a new figure with two panels is made when None.
    colorbar : bool
        A colour bar of the output beside the right panel.

    Returns
    -------
    (ax_ann, ax_snn)
    """
    grid = experiment.grid
    if grid is None:
        raise ParameterError("experiment: has no grid; run conversion_experiment(..., grid=40)")
    if axes is None:
        ax = get_ax(None)
        fig = ax.figure
        fig.set_size_inches(13, 5)
        fig.delaxes(ax)
        axes = fig.subplots(1, 2, sharey=True)
    ax_ann, ax_snn = axes
    result = grid.result
    threshold = experiment.mlp.loss_function_.threshold
    common = dict(resolution=grid.resolution, margin=grid.margin, threshold=threshold)
    plot_output_on_grid(result.ann_output[:, 0], experiment.X_test, experiment.y_test, ax_ann,
                        colorbar=False, **common)
    plot_output_on_grid(result.snn_output[:, 0], experiment.X_test, experiment.y_test, ax_snn,
                        colorbar=colorbar, **common)
    test = experiment.result
    ax_ann.set_title(f"ANN (LIF-rate units): accuracy {test.ann_accuracy:.1%}", color=ANN)
    ax_snn.set_title(f"spiking LIF network, {float(result.presentation / ms):g} ms: "
                     f"accuracy {test.snn_accuracy:.1%}", color=BIO)
    ax_snn.set_ylabel("")
    return ax_ann, ax_snn


def plot_raster(raster, ax=None, *, presentation=None, title=None):
    """Spike raster of one presentation: every hidden neuron, layer by layer.

    Parameters
    ----------
    raster : Raster
        ``ConversionResult.raster`` (or an element of ``rasters``).
    ax : matplotlib Axes, optional
    presentation : Quantity (time), optional
        Sets the time axis to ``[0, presentation]``.
    title : str, optional

    Returns
    -------
    ax
    """
    if raster is None:
        raise ParameterError("raster: no spikes were recorded (run_spiking(..., record=0))")
    ax = get_ax(ax)
    offset = 0
    n_layers = len(raster.times)
    for layer, (times, units, size) in enumerate(zip(raster.times, raster.units, raster.sizes)):
        ax.scatter(np.asarray(times / ms), units + 1 + offset, marker="|", s=60, color=BIO,
                   linewidths=1.5)
        if n_layers > 1:
            if layer:
                ax.axhline(offset + 0.5, color=THEORY, lw=0.5)
        offset += size
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("time (ms)")
    ax.set_ylabel("hidden neuron" if n_layers == 1 else "hidden neuron (layers stacked)")
    ax.set_ylim(0.5, max(offset, 1) + 0.5)
    if presentation is not None:
        ax.set_xlim(0, float(presentation / ms))
    if title is not None:
        ax.set_title(title)
    return ax


def plot_activation_vs_rate(result, ax=None, *, layer=None, legend=True):
    """ANN activation against spiking rate for every hidden unit (one colour per unit).

    Parameters
    ----------
    result : ConversionResult
    ax : matplotlib Axes, optional
    layer : int, optional
        Only this hidden layer (0 = first); default all.
    legend : bool
        Draw a legend: each unit by name when there are at most 6, otherwise
        one entry for all units (projector-sized text either way).

    Returns
    -------
    ax

    Notes
    -----
    Both axes are in units of ``r_max`` (activation 1 = ``r_max``); the grey
    band around the diagonal is one spike per presentation, ``1/(T r_max)``:
    the resolution of a spike count.
    """
    ax = get_ax(ax)
    layers = range(len(result.ann_activations)) if layer is None else [layer]
    T = float(result.presentation / ms) / 1000.0
    top = 0.0
    markers = "os^Dv"
    n_units = sum(result.ann_activations[i].shape[1] for i in layers)
    for index in layers:
        ann, snn = result.ann_activations[index], result.snn_activations[index]
        top = max(top, float(ann.max()), float(snn.max()))
        n_here = ann.shape[1]
        for unit in range(n_here):
            if n_units <= 6:
                label = f"unit {unit + 1}" if len(layers) == 1 else f"L{index + 1} unit {unit + 1}"
            else:
                label = ("hidden units, one colour each" if len(layers) == 1
                         else f"layer {index + 1} units") if unit == 0 else None
            ax.scatter(ann[:, unit], snn[:, unit], s=14, alpha=0.7,
                       color=CYCLE[unit % len(CYCLE)], marker=markers[index % len(markers)],
                       label=label)
    top = 1.05 * top if top > 0 else 1.0
    line = np.array([0.0, top])
    quantum = 1.0 / (T * float(result.r_max[layers[0]] / Hz))
    ax.fill_between(line, line - quantum, line + quantum, color="0.85", zorder=0,
                    label="±1 spike per presentation")
    ax.plot(line, line, color=THEORY, lw=1, zorder=1, label="identity")
    corr = ", ".join(f"{result.correlation[i]:.4f}" for i in layers)
    ax.set_title(f"{float(result.presentation / ms):g} ms presentation: correlation {corr}")
    ax.set_xlabel("ANN activation (rate / $r_{max}$)")
    ax.set_ylabel("spiking rate / $r_{max}$")
    ax.set_xlim(0, top)
    ax.set_ylim(0, top)
    if legend:
        ax.legend(fontsize=12, loc="upper left", frameon=False, markerscale=1.5)
    return ax


def plot_latency(result, ax=None):
    """Agreement and accuracy against presentation time (one run, read at its checkpoints).

    Parameters
    ----------
    result : ConversionResult
        With several ``checkpoints`` (e.g. ``ConversionExperiment.latency``).
    ax : matplotlib Axes, optional

    Returns
    -------
    ax
    """
    rows = result.latency_table()
    if len(rows) < 2:
        raise ParameterError("result: has a single presentation time; run with checkpoints=(...)")
    ax = get_ax(ax)
    t = [row["presentation_ms"] for row in rows]
    ax.plot(t, [row["agreement"] for row in rows], "o-", color=BIO,
            label="agreement SNN = ANN")
    if rows[0]["snn_accuracy"] is not None:
        ax.plot(t, [row["snn_accuracy"] for row in rows], "s--", color=BIO, alpha=0.7,
                label="SNN accuracy")
        ax.axhline(rows[0]["ann_accuracy"], color=ANN, ls=":", label="ANN accuracy")
    ax.set_xscale("log")
    ax.set_xticks(t)
    ax.set_xticklabels([f"{v:g}" for v in t])
    ax.minorticks_off()
    ax.set_ylim(top=1.005)
    ax.set_xlabel("presentation time (ms)")
    ax.set_ylabel("fraction of test points")
    ax.legend(loc="lower right", frameon=False)
    return ax


def conversion_figure(experiment, *, pattern: int = 0):
    """One figure of a :class:`ConversionExperiment`: boundaries, scatter, raster, latency.

    Parameters
    ----------
    experiment : ConversionExperiment
        With a grid.
    pattern : int
        Which recorded test pattern's raster to show (index into ``rasters``).

    Returns
    -------
    matplotlib.figure.Figure
    """
    from matplotlib.figure import Figure

    fig = Figure(figsize=(19, 10), layout="constrained")
    grid = fig.add_gridspec(2, 3)
    ax_ann = fig.add_subplot(grid[0, 0])
    ax_snn = fig.add_subplot(grid[0, 1], sharey=ax_ann)
    plot_decision_boundaries(experiment, (ax_ann, ax_snn))
    plot_activation_vs_rate(experiment.result, fig.add_subplot(grid[0, 2]))
    result = experiment.result
    raster = result.rasters[pattern]
    x = experiment.X_test[raster.pattern]
    plot_raster(raster, fig.add_subplot(grid[1, 0:2]), presentation=result.presentation,
                title=f"spikes of test point ({x[0]:.2f}, {x[1]:.2f}): ANN says "
                      f"{result.ann_predictions[raster.pattern]}, SNN says "
                      f"{result.snn_predictions[raster.pattern]}")
    plot_latency(experiment.latency, fig.add_subplot(grid[1, 2]))
    fig.suptitle(f"{experiment.dataset}: the trained network as artificial units and as "
                 f"spiking LIF neurons (agreement {result.agreement:.1%} of "
                 f"{len(result)} test points)")
    return fig
