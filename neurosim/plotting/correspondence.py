"""Heat maps of the cell-type x activation-family correspondence table.

Each helper takes an optional ``ax``, draws, and returns it; none calls ``show()``.
"""

from __future__ import annotations

import numpy as np
from brian2 import mV

from neurosim.plotting.style import get_ax

__all__ = ["correspondence_figure", "plot_correspondence"]

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
    if value not in ("r2", "delta_aicc"):
        raise ValueError(f"value: must be 'r2' or 'delta_aicc', got {value!r}")
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
