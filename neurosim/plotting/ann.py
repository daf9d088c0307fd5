"""Plots of the artificial side: activation functions, loss curves, decision boundaries.

Each helper takes an optional ``ax``, draws into it (a new figure without
pyplot when None), and returns it; none calls ``show()``.  Everything
artificial is drawn in :data:`~neurosim.plotting.style.ANN`.
"""

from __future__ import annotations

import numpy as np
from matplotlib.colors import LinearSegmentedColormap, Normalize, TwoSlopeNorm

from neurosim.ann.activations import get_activation
from neurosim.ann.datasets import grid_points
from neurosim.errors import DataError, ParameterError
from neurosim.plotting.style import ANN, OKABE_ITO, THEORY, get_ax
from neurosim.validation import check_finite_array, check_integer, check_real

__all__ = ["plot_activation", "plot_decision_boundary", "plot_loss_curve", "plot_output_on_grid"]

#: Background of decision-boundary plots: class 0 light blue, class 1 light
#: orange, white at the threshold (Okabe-Ito hues, colour-blind safe).
DECISION_CMAP = LinearSegmentedColormap.from_list(
    "neurosim_decision", [OKABE_ITO["sky_blue"], "#FFFFFF", OKABE_ITO["orange"]])
#: Point colours and markers of class 0 and class 1 (marker shape tells them
#: apart without colour).
CLASS_STYLE = ({"color": OKABE_ITO["blue"], "marker": "o"},
               {"color": OKABE_ITO["vermillion"], "marker": "s"})


def plot_activation(activation, x=None, ax=None, *, derivative=True, color=ANN, label=None):
    """Plot an activation function and (dashed) its derivative.

    Parameters
    ----------
    activation : str, Activation or (f, df) pair
        Anything :func:`neurosim.ann.get_activation` accepts.
    x : array_like, optional
        Inputs; default 401 points on [-5, 5].
    ax : matplotlib Axes, optional
        Drawn into; a new figure is made when None.
    derivative : bool
        Also draw ``f'(x)`` as a dashed line.
    color : colour
    label : str, optional
        Legend label of ``f``; default the activation's name with its
        parameters, e.g. ``sigmoid (a=2)``.

    Returns
    -------
    ax
    """
    act = get_activation(activation)
    x = np.linspace(-5.0, 5.0, 401) if x is None else np.asarray(x, dtype=float)
    ax = get_ax(ax)
    if label is None:
        params = ", ".join(f"{k}={v:g}" for k, v in act.coefficients.items())
        label = f"{act.name} ({params})" if params else act.name
    ax.plot(x, act.f(x), color=color, label=label)
    if derivative:
        ax.plot(x, act.df(x), color=color, ls="--", lw=1.5, label="derivative")
    ax.axhline(0, color=THEORY, lw=0.5)
    ax.axvline(0, color=THEORY, lw=0.5)
    ax.set_xlabel("input x")
    ax.set_ylabel("f(x)")
    return ax


def plot_loss_curve(loss_curve, ax=None, *, label=None, color=ANN, log=True):
    """Plot training loss against epoch.

    Parameters
    ----------
    loss_curve : fitted MLP or array_like
        A model with ``loss_curve_`` (and ``loss_function_``), or the losses.
    ax : matplotlib Axes, optional
    label : str, optional
        Legend label.
    color : colour
    log : bool
        Logarithmic loss axis (default), which shows slow late progress.

    Returns
    -------
    ax
    """
    ylabel = "training loss"
    if hasattr(loss_curve, "loss_curve_"):
        loss_fn = getattr(loss_curve, "loss_function_", None)
        if loss_fn is not None:
            ylabel = f"training loss ({loss_fn.name})"
        loss_curve = loss_curve.loss_curve_
    curve = np.asarray(loss_curve, dtype=float).ravel()
    if curve.size == 0:
        raise ParameterError("loss_curve: is empty (was the model fitted?)")
    ax = get_ax(ax)
    ax.plot(np.arange(1, curve.size + 1), curve, color=color, label=label)
    if log and np.all(curve > 0):
        ax.set_yscale("log")
    ax.set_xlabel("epoch")
    ax.set_ylabel(ylabel)
    return ax


def plot_decision_boundary(model, X, y=None, ax=None, *, resolution=200, margin=0.5,
                           threshold=None, colorbar=True, value_range=None):
    """Shade a 2-D classifier's output and draw its decision boundary and the data.

    Parameters
    ----------
    model : fitted MLP, object with ``forward`` or ``predict``, or callable
        Its output on an ``(n, 2)`` array is shaded: with ``forward`` and
        one output unit, that unit's continuous value; otherwise the
        ``predict`` labels, or what the callable returns.
    X : array_like, shape (n_samples, 2)
        Points to draw; they also set the plotted region.
    y : array_like, shape (n_samples,), optional
        Their labels; the lower label is drawn as blue circles, the higher
        as vermillion squares.
    ax : matplotlib Axes, optional
    resolution : int
        Grid points per axis (>= 2).
    margin : float
        Space around the data, in data units (>= 0).
    threshold : float, optional
        Output value of the boundary line; default the model's
        ``loss_function_.threshold`` (0.5, or 0 for hinge), else 0.5.
    colorbar : bool
        Add a colour bar of the output.
    value_range : (float, float), optional
        Fixed output values of the colour scale's ends (e.g. ``(0, 1)`` for a
        sigmoid output), so several panels share one scale; default the
        panel's own min and max, which makes a near-constant output look
        as confident as a good one.

    Returns
    -------
    ax
    """
    X = _check_points(X)
    resolution = check_integer(resolution, "resolution", low=2)
    margin = check_real(margin, "margin", low=0.0)
    score, threshold = _score_function(model, threshold)
    values = np.asarray(score(grid_points(X, resolution, margin)), dtype=float)
    return plot_output_on_grid(values, X, y, ax, resolution=resolution, margin=margin,
                               threshold=threshold, colorbar=colorbar, value_range=value_range)


def plot_output_on_grid(values, X, y=None, ax=None, *, resolution, margin, threshold=0.5,
                        colorbar=True, value_range=None):
    """Shade output values computed on :func:`neurosim.ann.datasets.grid_points` of ``X``.

    For outputs computed elsewhere (e.g. a spiking network run once on the
    whole grid); :func:`plot_decision_boundary` computes them from a model.

    Parameters
    ----------
    values : array_like, shape (resolution**2,)
        The output at ``grid_points(X, resolution, margin)``, in its order.
    X, y, ax, resolution, margin, colorbar, value_range
        As in :func:`plot_decision_boundary`.
    threshold : float
        Output value of the boundary line.

    Returns
    -------
    ax
    """
    X = _check_points(X)
    resolution = check_integer(resolution, "resolution", low=2)
    margin = check_real(margin, "margin", low=0.0)
    threshold = check_real(threshold, "threshold")
    values = check_finite_array(values, "values")
    if values.size != resolution ** 2:
        raise DataError(f"values: expected {resolution ** 2} values (resolution**2), one per grid "
                        f"point, got {values.size}")
    grid = grid_points(X, resolution, margin)
    gx, gy = (grid[:, k].reshape(resolution, resolution) for k in (0, 1))
    values = values.reshape(gx.shape)

    ax = get_ax(ax)
    if value_range is None:
        vmin, vmax = float(values.min()), float(values.max())
    else:
        vmin, vmax = (float(v) for v in value_range)
        if not vmin < vmax:
            raise ParameterError(f"value_range: must be (low, high) with low < high, "
                                 f"got {value_range!r}")
    norm = TwoSlopeNorm(threshold, vmin, vmax) if vmin < threshold < vmax else Normalize(
        vmin, vmax if vmax > vmin else vmin + 1.0)
    levels = 20 if value_range is None else np.linspace(vmin, vmax, 21)
    low, high = values.min() < vmin, values.max() > vmax  # beyond a fixed range
    extend = "both" if low and high else "min" if low else "max" if high else "neither"
    shading = ax.contourf(gx, gy, values, levels=levels, cmap=DECISION_CMAP, norm=norm,
                          extend=extend)
    if values.min() < threshold < values.max():
        ax.contour(gx, gy, values, levels=[threshold], colors=[THEORY], linewidths=2)
    if colorbar:
        ax.figure.colorbar(shading, ax=ax, label="network output")
    if y is None:
        ax.scatter(X[:, 0], X[:, 1], color=THEORY, s=30, zorder=3)
    else:
        y = np.asarray(y).reshape(-1)
        if y.shape[0] != X.shape[0]:
            raise ParameterError(f"y: has {y.shape[0]} labels but X has {X.shape[0]} points")
        for style, label in zip(CLASS_STYLE, np.unique(y)):
            mask = y == label
            ax.scatter(X[mask, 0], X[mask, 1], s=50, edgecolors="black", linewidths=0.8,
                       zorder=3, label=f"class {label:g}", **style)
    ax.set_xlim(gx.min(), gx.max())
    ax.set_ylim(gy.min(), gy.max())
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    return ax


def _check_points(X) -> np.ndarray:
    X = check_finite_array(X, "X")
    if X.ndim != 2 or X.shape[1] != 2 or X.shape[0] == 0:
        raise DataError(f"X: expected shape (n_samples, 2) with n_samples >= 1, got {X.shape}")
    return X


def _score_function(model, threshold):
    loss_fn = getattr(model, "loss_function_", None)
    if threshold is None:
        threshold = loss_fn.threshold if loss_fn is not None else 0.5
    if hasattr(model, "forward"):
        def score(grid):
            out = model.forward(grid)
            # One output unit: its continuous value; several: the predicted class.
            return out[:, 0] if out.shape[1] == 1 else model.predict(grid)
        return score, float(threshold)
    if hasattr(model, "predict"):
        return model.predict, float(threshold)
    if callable(model):
        return model, float(threshold)
    raise ParameterError(
        f"model: expected a fitted model with forward() or predict(), or a callable, got {model!r}"
    )


def plot_xor_experiment(models, X, y, fig, *, colors=None):
    """Loss curves and decision boundaries of several XOR runs, in one figure.

    Parameters
    ----------
    models : dict of str -> fitted MLP
        Label -> model (e.g. the article's settings and working ones).
    X, y : ndarray
        The XOR inputs and targets.
    fig : matplotlib Figure
        Receives ``1 + len(models)`` axes in a row: the loss curves, then one
        decision boundary per model.
    colors : sequence of colours, optional

    Returns
    -------
    list of Axes
    """
    from neurosim.plotting.style import OKABE_ITO

    colors = colors or [OKABE_ITO["reddish_purple"], ANN, OKABE_ITO["bluish_green"]]
    ax_loss, *ax_boundaries = fig.subplots(1, 1 + len(models))
    for color, (label, model) in zip(colors, models.items()):
        plot_loss_curve(model, ax_loss, label=label, color=color)
    ax_loss.axhline(0.25, color="black", ls=":", lw=1, zorder=1, label="output 0.5 everywhere")
    ax_loss.set_xscale("log")
    ax_loss.legend(loc="lower left", frameon=False, fontsize=12)
    for ax, (label, model) in zip(ax_boundaries, models.items()):
        solved = bool(np.all(model.predict(X) == y))
        # One colour scale for every panel: a network answering ~0.5 everywhere must look
        # grey, not as confident as one answering 0 and 1.
        plot_decision_boundary(model, X, y, ax, margin=0.3, colorbar=ax is ax_boundaries[-1],
                               value_range=(0.0, 1.0))
        out = model.forward(X)[:, 0]
        ax.set_title(f"{label}\n{'learns XOR' if solved else 'does not learn XOR'}: "
                     f"outputs {out.min():.2f}-{out.max():.2f}", fontsize=13)
    # Which marker is which target: below the maps, shared by them.
    handles, names = ax_boundaries[0].get_legend_handles_labels()
    if handles:
        fig.legend(handles, [f"target {n.split()[-1]}" for n in names], loc="outside lower right",
                   ncol=len(handles), frameon=False, fontsize=12)
    return [ax_loss, *ax_boundaries]
