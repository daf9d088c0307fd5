"""Heat maps of the cell-type x activation-family correspondence table.

Each helper takes an optional ``ax``, draws, and returns it; none calls ``show()``.
"""

from __future__ import annotations

import numpy as np
from brian2 import mV

from neurosim.plotting.style import get_ax
from neurosim.validation import check_choice

__all__ = ["answer_figure", "correspondence_figure", "plot_correspondence"]

#: delta-AICc at which the colour saturates (Burnham & Anderson 2002: > 10, no support).
DAICC_CAP = 20.0


def plot_correspondence(table, ax=None, *, value: str = "r2", sigma_index: int = 0,
                        annotate: bool = True):
    """One heat map: cell types (rows) x activation families (columns).

    Parameters
    ----------
    table : Correspondence
        From :func:`neurosim.bridge.correspondence_table.correspondence`.
    ax : matplotlib Axes, optional
    value : {"r2", "delta_aicc"}
        R**2 (colour from 0.8 to 1), or delta-AICc (0 = best, capped at
        :data:`DAICC_CAP`).
    sigma_index : int
        Which noise level of ``table.sigmas``.
    annotate : bool
        Write the number in each cell.

    Returns
    -------
    ax
    """
    check_choice(value, "value", ("r2", "delta_aicc"))
    ax = get_ax(ax)
    data = getattr(table, value)[:, sigma_index, :]
    if value == "r2":
        shown, cmap, vmin, vmax, fmt = data, "viridis", 0.8, 1.0, "{:.3f}"
    else:
        shown, cmap, vmin, vmax, fmt = (
            np.minimum(data, DAICC_CAP),
            "viridis_r",
            0.0,
            DAICC_CAP,
            "{:.0f}",
        )
    image = ax.imshow(np.ma.masked_invalid(shown), cmap=cmap, vmin=vmin, vmax=vmax, aspect="auto")
    ax.set_xticks(range(len(table.families)), table.families, rotation=30, ha="right")
    ax.set_yticks(range(len(table.presets)), table.presets)
    sigma = float(table.sigmas[sigma_index] / mV)
    label = "R^2" if value == "r2" else f"delta-AICc (capped at {DAICC_CAP:g})"
    ax.set_title(f"{label}, sigma = {sigma:g} mV")
    if annotate:
        for (i, j), number in np.ndenumerate(data):
            text = "fail" if not np.isfinite(number) else fmt.format(number)
            bright = np.isfinite(shown[i, j]) and (shown[i, j] - vmin) / (vmax - vmin) > 0.6
            ax.text(
                j,
                i,
                text,
                ha="center",
                va="center",
                fontsize=8,
                color="black" if (bright == (value == "r2")) else "white",
            )
    ax.figure.colorbar(image, ax=ax, shrink=0.8)
    return ax


def correspondence_figure(table):
    """R**2 and delta-AICc heat maps for every noise level of the table (2 x s panels)."""
    from matplotlib.figure import Figure

    n = len(table.sigmas)
    height = 1.2 + 0.45 * len(table.presets)
    fig = Figure(figsize=(6.5 * n, 2 * height), layout="constrained")
    axes = fig.subplots(2, n, squeeze=False)
    for s in range(n):
        plot_correspondence(table, axes[0, s], value="r2", sigma_index=s)
        plot_correspondence(table, axes[1, s], value="delta_aicc", sigma_index=s)
    fig.suptitle("Which activation function is this neuron? Cell types x families")
    return fig


#: Colours of the families in :func:`answer_figure` (Okabe-Ito, as in the fits figure).
FAMILY_COLOURS = {"sigmoid": "#009E73", "relu": "#D55E00", "linear": "#E69F00",
                  "exponential": "#CC79A7", "softplus": "#56B4E9", "lif": "#000000"}


def _decision(row, families) -> tuple[str, str, float]:
    """(best family, how decisively as a short text, delta-AICc to the runner-up)."""
    from neurosim.bridge.fit_report import TIE_DELTA_AICC

    finite = [(v, f) for v, f in zip(row, families) if np.isfinite(v)]
    if not finite:
        return "fail", "", np.nan
    finite.sort()
    if len(finite) == 1:
        return finite[0][1], "", np.inf
    gap = finite[1][0] - finite[0][0]
    if gap < TIE_DELTA_AICC:
        return finite[0][1], f"tie with {finite[1][1]} (ΔAICc {gap:.1f})", gap
    shown = f"{gap:.1f}" if gap < 10 else f"{gap:.0f}"
    return finite[0][1], f"ahead of {finite[1][1]} by ΔAICc {shown}", gap


def answer_figure(table, titles: dict | None = None):
    """The answer a class needs: per cell type and noise level, the best family and how
    decisively it wins (delta-AICc to the runner-up; below 2 a tie).

    The full R**2 and delta-AICc matrix stays in the data files (and in
    :func:`correspondence_figure`).

    Parameters
    ----------
    table : Correspondence
    titles : dict, optional
        ``{preset: title}`` shown as row labels (default: the preset names).
    """
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    titles = titles or {}
    n, s = len(table.presets), len(table.sigmas)
    fig = Figure(figsize=(6 + 4.6 * s, 1.4 + 0.62 * n), layout="constrained")
    ax = fig.add_subplot()
    for i, preset in enumerate(table.presets):
        for j in range(s):
            best, how, gap = _decision(table.delta_aicc[i, j], table.families)
            alpha = 0.15 if not gap >= 2 else (0.45 if gap < 10 else 0.8)
            ax.add_patch(Rectangle((j, i), 1, 1, facecolor=FAMILY_COLOURS.get(best, "#999999"),
                                   alpha=alpha, edgecolor="white", lw=2))
            if how.startswith("tie with "):  # both names, as large as a winner's
                best = f"{best} ≈ {how.split()[2]}"
            ax.text(j + 0.5, i + 0.4, best, ha="center", va="center", fontsize=18,
                    fontweight="bold")
            ax.text(j + 0.5, i + 0.78, how, ha="center", va="center", fontsize=13)
    ax.set_xlim(0, s)
    ax.set_ylim(n, 0)
    # Headers as texts, not tick labels, so that neurosim.demo.i18n.label_figure translates them.
    for j, sg in enumerate(table.sigmas):
        ax.text(j + 0.5, -0.12, "no noise" if float(sg / mV) == 0 else
                f"noise sigma = {float(sg / mV):g} mV", ha="center", va="bottom", fontsize=15)
    for i, preset in enumerate(table.presets):
        ax.text(-0.03, i + 0.5, titles.get(preset, preset), ha="right", va="center",
                fontsize=14)
    ax.set_xticks([])
    ax.set_yticks([])
    for side in ax.spines.values():
        side.set_visible(False)
    fig.suptitle("Which activation function is each cell type? Best fit by AICc\n"
                 "(pale: a tie, ΔAICc < 2; strong: decisive, ΔAICc > 10)", fontsize=16)
    return fig
