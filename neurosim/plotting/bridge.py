"""Plots of the bridge: f-I curves, exact rates and fitted activation functions.

Each helper takes an optional ``ax``, draws, and returns it; none calls
``show()``.  Simulated (biological) points are drawn in ``BIO``, exact
theory in ``THEORY`` (solid: closed form, dashed: Siegert), fitted
activation functions in the remaining colours of ``CYCLE``.  Draw inside
:func:`~neurosim.plotting.style.projector_style` for projector-sized text.
"""

from __future__ import annotations

import numpy as np
from brian2 import Hz, ms, mV, nA, second

from neurosim.bio.theory import lif_rate, siegert_rate
from neurosim.plotting.style import BIO, CYCLE, THEORY, get_ax

__all__ = ["fit_figure", "plot_dt_convergence", "plot_fits", "plot_noise_panel", "plot_residuals"]

#: Colours of fitted curves: the cycle without the biological blue and black.
FIT_COLOURS = [c for c in CYCLE if c not in (BIO, THEORY)]
_FIT_STYLES = ["-", "--", "-.", ":", (0, (5, 1)), (0, (3, 1, 1, 1))]


def _fit_style(i: int) -> dict:
    return {
        "color": FIT_COLOURS[i % len(FIT_COLOURS)],
        "ls": _FIT_STYLES[i % len(_FIT_STYLES)],
        "lw": 2,
    }


def _fine_grid(curve, n: int = 400):
    x = np.asarray(curve.currents / nA, dtype=float)
    return np.linspace(x.min(), x.max(), n) * nA


def plot_fits(
    curve,
    results=(),
    ax=None,
    *,
    theory: bool = True,
    siegert: bool = True,
    rates=None,
    legend: bool = True,
):
    """Simulated f-I points, closed-form and Siegert rates, and fitted activations.

    Parameters
    ----------
    curve : FICurve
    results : sequence of FitResult
        Fits to draw (failed ones are skipped); the legend gives R**2, RMSE and dAICc, the
        AICc above the best drawn fit's (0 for the best; below 2 the two tie:
        Burnham & Anderson 2002, section 2.6).
    ax : matplotlib Axes, optional
    theory : bool
        Draw the closed-form noise-free rate :func:`lif_rate` (LIF curves only).
    siegert : bool
        Draw the Siegert rate at the curve's noise level (when it has noise; LIF only).
    rates : Quantity (frequency), optional
        The rates to show (default :func:`neurosim.bridge.rate_estimate`).
    legend : bool

    Returns
    -------
    ax
    """
    from neurosim.bio.theory import has_lif_theory
    from neurosim.bridge import rate_estimate

    ax = get_ax(ax)
    estimate = rate_estimate(curve)
    shown = estimate.rates if rates is None else rates
    x = np.asarray(curve.currents / nA)
    sigma_mv = float(curve.sigma / mV)
    lif = has_lif_theory(curve.params)  # the LIF's closed forms apply
    theory, siegert = theory and lif, siegert and lif
    model = curve.params.MODEL.upper() if lif else curve.params.MODEL
    label = f"Brian2 {model} (dt {float(curve.dt / ms):g} ms" + (
        f", sigma {sigma_mv:g} mV)" if sigma_mv else ")"
    )
    ax.plot(x, np.asarray(shown / Hz), "o", ms=3.5, color=BIO, alpha=0.8, label=label, zorder=3)
    fine = _fine_grid(curve)
    if theory:
        ax.plot(
            np.asarray(fine / nA),
            np.asarray(lif_rate(fine, curve.params) / Hz),
            color=THEORY,
            lw=1.5,
            label="closed form (no noise)",
            zorder=4,
        )
    if siegert and sigma_mv > 0:
        ax.plot(
            np.asarray(fine / nA),
            np.asarray(siegert_rate(fine, curve.sigma, curve.params) / Hz),
            color=THEORY,
            ls="--",
            lw=1.5,
            label=f"Siegert (sigma {sigma_mv:g} mV)",
            zorder=4,
        )
    drawn = [r for r in results if r.success]
    best = min((r.aicc for r in drawn), default=0.0)
    for i, result in enumerate(drawn):
        delta = result.aicc - best
        shown_delta = f"{delta:.1f}" if delta < 10 else f"{delta:.0f}"
        ax.plot(
            np.asarray(fine / nA),
            np.asarray(result.predict(fine) / Hz),
            **_fit_style(i),
            label=(f"{result.family}: $R^2$ {result.r2:.4f}, RMSE {float(result.rmse / Hz):.2f} "
                   f"Hz, $\\Delta$AICc {shown_delta}"),
        )
    ax.set_xlabel("input current (nA)")
    ax.set_ylabel("firing rate (Hz)")
    if legend:  # beside the axes: with noise the curve fills the upper left too
        ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1), borderaxespad=0, frameon=False)
    return ax


def plot_residuals(curve, results=(), ax=None, *, legend: bool = False):
    """Residuals (data minus fit, Hz) of each successful fit against current.

    Parameters
    ----------
    curve : FICurve
        The curve the fits were made to.
    results : sequence of FitResult
    ax : matplotlib Axes, optional
    legend : bool

    Returns
    -------
    ax
    """
    ax = get_ax(ax)
    x = np.asarray(curve.currents / nA)
    for i, result in enumerate(r for r in results if r.success):
        style = _fit_style(i)
        ax.plot(
            x,
            np.asarray(result.residuals / Hz),
            color=style["color"],
            ls=style["ls"],
            lw=1.5,
            label=result.family,
        )
    ax.axhline(0, color=THEORY, lw=1)
    ax.set_xlabel("input current (nA)")
    ax.set_ylabel("residual (Hz)")
    if legend:
        ax.legend(loc="best", frameon=False, ncol=2)
    return ax


def plot_noise_panel(curves, ax=None, *, theory: bool = True, legend: bool = True):
    """f-I curves simulated at several noise levels, each with its Siegert rate.

    Parameters
    ----------
    curves : sequence of FICurve
        Same neuron, different ``sigma``.
    ax : matplotlib Axes, optional
    theory : bool
        Also draw the noise-free closed form (from the first curve).
    legend : bool

    Returns
    -------
    ax
    """
    from neurosim.bridge import rate_estimate

    ax = get_ax(ax)
    for i, curve in enumerate(curves):
        colour = CYCLE[i % len(CYCLE)]
        sigma_mv = float(curve.sigma / mV)
        x = np.asarray(curve.currents / nA)
        ax.plot(
            x,
            np.asarray(rate_estimate(curve).rates / Hz),
            "o",
            ms=3.5,
            color=colour,
            label=f"sigma {sigma_mv:g} mV",
        )
        fine = _fine_grid(curve)
        ax.plot(
            np.asarray(fine / nA),
            np.asarray(siegert_rate(fine, curve.sigma, curve.params) / Hz),
            color=colour,
            lw=1.5,
        )
    if theory and curves:
        fine = _fine_grid(curves[0])
        ax.plot(
            np.asarray(fine / nA),
            np.asarray(lif_rate(fine, curves[0].params) / Hz),
            color=THEORY,
            lw=1,
            ls=":",
            label="closed form (no noise)",
        )
    ax.set_xlabel("input current (nA)")
    ax.set_ylabel("firing rate (Hz)")
    if legend:
        ax.legend(loc="upper left", frameon=False, title="points: Brian2, lines: Siegert")
    return ax


def plot_dt_convergence(study, ax=None):
    """Mean and max ``|simulated - theory|`` against time step, log-log, with slopes 1 and 1/2.

    Parameters
    ----------
    study : DtConvergence
    ax : matplotlib Axes, optional

    Returns
    -------
    ax
    """
    ax = get_ax(ax)
    dt_ms = np.asarray(study.dts / ms)
    mean = np.asarray(study.mean_abs_errors / Hz)
    ax.loglog(dt_ms, mean, "o-", color=BIO, label="mean |error|")
    ax.loglog(
        dt_ms,
        np.asarray(study.max_abs_errors / Hz),
        "s--",
        color=BIO,
        alpha=0.6,
        label="max |error|",
    )
    ref = mean[np.argmax(dt_ms)]
    top = dt_ms.max()
    ax.loglog(dt_ms, ref * (dt_ms / top), color=THEORY, lw=1, ls=":", label="slope 1 (dt)")
    ax.loglog(
        dt_ms, ref * np.sqrt(dt_ms / top), color=THEORY, lw=1, ls="-.", label="slope 1/2 (sqrt dt)"
    )
    ax.set_xlabel("time step dt (ms)")
    ax.set_ylabel("rate error (Hz)")
    ax.legend(loc="best", frameon=False)
    return ax


def fit_figure(curve, results, *, title: str | None = None):
    """A two-panel figure: :func:`plot_fits` above :func:`plot_residuals`.

    Returns
    -------
    matplotlib.figure.Figure
        Made without pyplot (nothing is shown); save it with ``savefig``.
    """
    from matplotlib.figure import Figure

    fig = Figure(figsize=(14, 8), layout="constrained")
    top, bottom = fig.subplots(2, 1, sharex=True, height_ratios=[3, 1.3])
    plot_fits(curve, results, ax=top)
    plot_residuals(curve, results, ax=bottom)
    top.set_xlabel("")
    if title is None:
        title = (
            f"{curve.params.name}: activation functions fitted to the f-I curve"
            f" ({curve.n_trials} trial(s) of {float(curve.duration / second):g} s)"
        )
    fig.suptitle(title)
    return fig
