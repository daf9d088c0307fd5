"""Plots of what makes neuron models differ: step responses, onset and steady-state
f-I curves, bistability, and a gallery of every preset.

Every helper takes an optional ``ax`` (or ``fig``), draws, and returns it.
"""

from __future__ import annotations

import math

import numpy as np
from brian2 import Hz, amp, ms, mV, nA, pA, uA

from neurosim.plotting.style import ANN, BIO, OKABE_ITO, get_ax

ONSET = OKABE_ITO["orange"]
STEADY = BIO


def current_unit(currents):
    """The unit (and its name) that writes ``currents`` with numbers from ~0.1 to ~1000."""
    top = float(np.nanmax(np.abs(np.asarray(currents / amp)))) if np.size(currents) else 0.0
    for unit, name in ((pA, "pA"), (nA, "nA")):
        if top < 1000 * float(unit / amp):
            return unit, name
    return uA, "uA"


def plot_step_response(trace, ax=None, *, color=BIO, label=None):
    """Membrane potential of a step response (:func:`neurosim.bio.simulate`); return ``ax``."""
    ax = get_ax(ax)
    ax.plot(np.asarray(trace.t / ms), np.asarray(trace.v / mV), color=color, lw=1.0, label=label)
    ax.set_xlabel("time (ms)")
    ax.set_ylabel("v (mV)")
    return ax


def plot_onset_steady(responses, ax=None, *, legend=True):
    """Onset rate (1/first interval) and steady-state rate against current.

    Parameters
    ----------
    responses : StepResponses
        Result of :func:`neurosim.bio.excitability.step_responses`.
    ax : matplotlib Axes, optional
    legend : bool

    Returns
    -------
    ax
    """
    ax = get_ax(ax)
    unit, name = current_unit(responses.currents)
    order = np.argsort(np.asarray(responses.currents / amp), kind="stable")
    x = np.asarray(responses.currents / unit)[order]
    ax.plot(x, np.asarray(responses.onset_rates / Hz)[order], "o-", color=ONSET, ms=3, lw=1.2,
            label="onset (1/first ISI)")
    ax.plot(x, np.asarray(responses.steady_rates / Hz)[order], "s-", color=STEADY, ms=3, lw=1.5,
            label="steady state")
    ax.set_xlabel(f"current ({name})")
    ax.set_ylabel("rate (Hz)")
    if legend:
        ax.legend(frameon=False, fontsize="small")
    return ax


def plot_bistability(result, ax=None, *, scale=None, unit_name=None):
    """Up and down ramps: where the neuron fires after each, against the held current.

    Parameters
    ----------
    result : Bistability
        Result of :func:`neurosim.bio.excitability.bistability`.
    ax : matplotlib Axes, optional
    scale : callable, optional
        Maps currents (Quantity) to the numbers on the x axis (e.g.
        ``lambda I: params.density(I) / (uA/cm**2)``); with ``unit_name``.

    Returns
    -------
    ax
    """
    ax = get_ax(ax)
    if scale is None:
        unit, unit_name = current_unit(result.currents)
        scale = lambda current: np.asarray(current / unit)  # noqa: E731
    x = np.asarray(scale(result.currents), dtype=float)
    ax.step(x, result.fires_down.astype(float) + 0.04, where="mid", color=OKABE_ITO["vermillion"],
            label="after a ramp down (from firing)")
    ax.step(x, result.rest_lost.astype(float) - 0.04, where="mid", color=BIO,
            label="after a ramp up (from rest)")
    if np.any(result.bistable):
        inside = x[result.bistable]
        half = 0.5 * (float(np.max(np.diff(x))) if len(x) > 1 else 0.0)
        ax.axvspan(inside.min() - half, inside.max() + half, color=OKABE_ITO["yellow"],
                   alpha=0.35, lw=0,
                   label=f"bistable: {inside.min():.3g}-{inside.max():.3g} {unit_name}")
    ax.set_yticks([0, 1], ["rest", "firing"])
    ax.set_xlabel(f"held current ({unit_name})")
    ax.legend(frameon=False, fontsize="small", loc="center right")
    return ax


def gallery_figure(cells, fig=None, *, columns=3):
    """One panel pair per cell: its step response and its onset/steady-state f-I curve.

    Parameters
    ----------
    cells : list of (title, trace, responses)
        ``trace`` from :func:`neurosim.bio.simulate` (a step response),
        ``responses`` from :func:`neurosim.bio.excitability.step_responses`
        (the f-I curve); the title says the cell and what it shows.
    fig : matplotlib Figure, optional
    columns : int
        Cells per row.

    Returns
    -------
    fig
    """
    from matplotlib.figure import Figure

    rows = math.ceil(len(cells) / columns)
    if fig is None:
        fig = Figure(figsize=(6.4 * columns, 2.9 * rows))
    grid = fig.add_gridspec(rows, 2 * columns, width_ratios=[1.6, 1.0] * columns, hspace=0.9,
                            wspace=0.45)
    for k, (title, trace, responses) in enumerate(cells):
        row, col = divmod(k, columns)
        ax_v = fig.add_subplot(grid[row, 2 * col])
        ax_f = fig.add_subplot(grid[row, 2 * col + 1])
        plot_step_response(trace, ax_v)
        ax_v.set_title(title, fontsize="medium", loc="left")
        plot_onset_steady(responses, ax_f, legend=k == 0)
        for ax in (ax_v, ax_f):
            ax.tick_params(labelsize="small")
            ax.xaxis.label.set_size("small")
            ax.yaxis.label.set_size("small")
    return fig


def cells_activation_figure(cells, fig=None):
    """Per cell, a column: its step response above its f-I curve with the best activation.

    Parameters
    ----------
    cells : list of (title, trace, curve, fit)
        ``trace`` from :func:`neurosim.bio.simulate`, ``curve`` an
        :class:`~neurosim.bio.FICurve`, ``fit`` the best
        :class:`~neurosim.bridge.FitResult` for it (or None), or a list of fits that tie
        (best first; each drawn, the others labelled with their delta-AICc).
    fig : matplotlib Figure, optional

    Returns
    -------
    fig
    """
    from matplotlib.figure import Figure

    if fig is None:
        fig = Figure(figsize=(4.6 * len(cells), 7.5), layout="constrained")
    axes = fig.subplots(2, len(cells), squeeze=False, height_ratios=[1, 1.3])
    for k, (title, trace, curve, fit) in enumerate(cells):
        top, bottom = axes[0, k], axes[1, k]
        plot_step_response(trace, top)
        top.set_title(title, fontsize="medium")
        unit, name = current_unit(curve.currents)
        x = np.asarray(curve.currents / unit)
        bottom.plot(x, np.asarray(curve.rates / Hz), "o", color=BIO, ms=5, label="simulated")
        fits = [f for f in (fit if isinstance(fit, (list, tuple)) else [fit])
                if f is not None and f.success]
        fine = np.linspace(x.min(), x.max(), 300)
        for i, one in enumerate(fits):
            extra = f", ΔAICc {one.aicc - fits[0].aicc:.1f}" if i else ""
            bottom.plot(fine, np.asarray(one.predict(fine * unit) / Hz), color=ANN,
                        ls=("-", "--", ":")[i % 3], lw=2,
                        label=f"{one.family}, R$^2$ {one.r2:.3f}{extra}")
        bottom.set_xlabel(f"current ({name})")
        bottom.set_ylabel("rate (Hz)")
        bottom.legend(frameon=False, fontsize="small", loc="upper left")
    return fig
