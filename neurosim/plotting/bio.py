"""Plots of the biological side: membrane traces and f-I curves."""

from __future__ import annotations

import numpy as np
from brian2 import Hz, ms, mV, nA

from neurosim.plotting.style import BIO, THEORY, get_ax


def plot_membrane(trace, ax=None, *, threshold=True, spikes=True, label=None):
    """Plot a membrane potential trace with its spikes.

    Parameters
    ----------
    trace : Trace
        Result of :func:`neurosim.bio.simulate`.
    ax : matplotlib Axes, optional
        Drawn into; a new figure is made when None.
    threshold : bool
        Draw ``V_th`` as a dashed line.
    spikes : bool
        Mark each spike by a vertical stroke above threshold (the LIF model
        has no spike shape of its own; the stroke is drawing convention).
    label : str, optional
        Legend label of the trace.

    Returns
    -------
    ax
    """
    ax = get_ax(ax)
    t_ms = np.asarray(trace.t / ms)
    v_mv = np.asarray(trace.v / mV)
    ax.plot(t_ms, v_mv, color=BIO, lw=1.5, label=label or "membrane potential")
    v_th = float(trace.params.V_th / mV)
    if threshold:
        ax.axhline(v_th, color=THEORY, ls="--", lw=1, label="threshold $V_{th}$")
    if spikes and trace.n_spikes:
        top = v_th + 0.6 * (v_th - float(trace.params.V_reset / mV))
        ax.vlines(np.asarray(trace.spike_times / ms), v_th, top, color=BIO, lw=1.5)
    ax.set_xlabel("time (ms)")
    ax.set_ylabel("membrane potential (mV)")
    ax.set_xlim(t_ms[0], t_ms[-1] + float(trace.dt / ms))
    return ax


def plot_current(trace, ax=None, *, color=BIO, label=None):
    """Plot the input current of a :class:`Trace` (nA against ms); return ``ax``."""
    ax = get_ax(ax)
    ax.plot(
        np.asarray(trace.t / ms), np.asarray(trace.current / nA), color=color, lw=1.5, label=label
    )
    ax.set_xlabel("time (ms)")
    ax.set_ylabel("input current (nA)")
    return ax


def plot_fi_curve(curve, ax=None, *, theory=True, label=None, color=BIO, errorbars=True):
    """Plot a simulated f-I curve, with the closed-form rate over it.

    Parameters
    ----------
    curve : FICurve
        Result of :func:`neurosim.bio.fi_curve`.
    ax : matplotlib Axes, optional
    theory : bool
        Overlay the model's closed-form noise-free rate (``closed_form_rate``; the
        LIF's :func:`~neurosim.bio.theory.lif_rate`) on a fine grid of currents,
        where the model has one.
    label : str, optional
        Legend label of the simulated points.
    color : colour
    errorbars : bool
        With several trials, show the trial-to-trial standard deviation.

    Returns
    -------
    ax
    """
    ax = get_ax(ax)
    currents = np.asarray(curve.currents / nA)
    rates = np.asarray(curve.rates / Hz)
    sim_label = label or f"simulated (Brian2, dt = {float(curve.dt / ms):g} ms)"
    if errorbars and curve.n_trials > 1:
        ax.errorbar(
            currents,
            rates,
            yerr=np.asarray(curve.rates_std / Hz),
            fmt="o",
            ms=4,
            color=color,
            label=sim_label,
            capsize=0,
            lw=1,
        )
    else:
        ax.plot(currents, rates, "o", ms=4, color=color, label=sim_label)
    fine = np.linspace(currents.min(), currents.max(), 400) * nA
    closed = curve.params.closed_form_rate(fine) if theory else None
    if closed is not None:
        ax.plot(
            np.asarray(fine / nA),
            np.asarray(closed / Hz),
            color=THEORY,
            lw=1.5,
            label="closed form (no noise)",
        )
    ax.set_xlabel("input current (nA)")
    ax.set_ylabel("firing rate (Hz)")
    ax.legend(loc="upper left", frameon=False)
    return ax
