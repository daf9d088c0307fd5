"""Plots of networks: raster, population rate, rate and CV histograms, phase diagram."""

from __future__ import annotations

import numpy as np
from brian2 import Hz, ms

from neurosim.plotting.style import ANN, BIO, CYCLE, THEORY, get_ax

#: Colour of each population (excitatory blue, inhibitory orange).
POPULATION_COLORS = {"E": BIO, "I": CYCLE[1]}


def _color(name, k):
    return POPULATION_COLORS.get(name, CYCLE[k % len(CYCLE)])


def plot_raster(result, ax=None, *, n_per_population: int = 50, window=None):
    """Spike raster of the first ``n_per_population`` neurons of every population.

    Parameters
    ----------
    result : NetworkResult
    ax : matplotlib Axes, optional
    n_per_population : int
    window : tuple of two Quantity (time), optional
        Time range shown; default the last 200 ms.

    Returns
    -------
    ax
    """
    ax = get_ax(ax)
    end = float(result.duration / ms)
    lo, hi = (
        (max(end - 200.0, 0.0), end)
        if window is None
        else (float(window[0] / ms), float(window[1] / ms))
    )
    offset = 0
    for k, (name, (times, idx)) in enumerate(result.spikes.items()):
        t = np.asarray(times / ms)
        keep = (idx < n_per_population) & (t >= lo) & (t <= hi)
        ax.scatter(t[keep], idx[keep] + offset, s=2, color=_color(name, k), label=name, marker="|")
        offset += min(n_per_population, result.spec.population(name).n)
    ax.set_xlim(lo, hi)
    ax.set_ylim(-1, offset)
    ax.set_xlabel("time (ms)")
    ax.set_ylabel("neuron")
    ax.legend(loc="upper right", markerscale=6)
    return ax


def plot_population_rate(
    result,
    ax=None,
    *,
    population: str = "E",
    bin_width=1 * ms,
    mean_field_rate=None,
    label="spiking network",
):
    """Population rate against time, with the mean-field rate as a dashed line.

    Returns
    -------
    ax
    """
    ax = get_ax(ax)
    t, rate = result.population_rate(population, bin_width)
    ax.plot(np.asarray(t / ms), np.asarray(rate / Hz), color=BIO, lw=1, label=label)
    if mean_field_rate is not None:
        ax.axhline(
            float(mean_field_rate / Hz),
            color=THEORY,
            ls="--",
            lw=2,
            label=f"mean field {float(mean_field_rate / Hz):.1f} Hz",
        )
    ax.axvspan(
        0, float(result.transient / ms), color="0.9", zorder=0, label="transient (not analysed)"
    )
    ax.set_xlabel("time (ms)")
    ax.set_ylabel(f"rate of {population} (Hz)")
    ax.legend(loc="upper right")
    return ax


def plot_rate_histogram(
    result, ax=None, *, population: str = "E", mean_field_rate=None, bins: int = 40
):
    """Histogram of single-neuron rates, with the mean-field rate; return ``ax``."""
    ax = get_ax(ax)
    rates = np.asarray(result.rates(population) / Hz)
    ax.hist(
        rates, bins=bins, color=BIO, alpha=0.8, label=f"{population}: mean {rates.mean():.1f} Hz"
    )
    if mean_field_rate is not None:
        ax.axvline(
            float(mean_field_rate / Hz),
            color=THEORY,
            ls="--",
            lw=2,
            label=f"mean field {float(mean_field_rate / Hz):.1f} Hz",
        )
    ax.set_xlabel("firing rate (Hz)")
    ax.set_ylabel("neurons")
    ax.legend()
    return ax


def plot_cv_histogram(result, ax=None, *, population: str = "E", bins: int = 40):
    """Histogram of the neurons' ISI CVs (1 = Poisson, dashed); return ``ax``."""
    ax = get_ax(ax)
    cvs = result.cvs(population)
    label = (f"{population}: mean CV {np.mean(cvs):.2f}" if len(cvs) else
             f"{population}: no neuron with enough intervals for a CV")
    ax.hist(cvs, bins=bins, color=BIO, alpha=0.8, label=label)
    ax.axvline(1.0, color=THEORY, ls=":", lw=1.5, label="Poisson (CV = 1)")
    ax.set_xlabel("ISI coefficient of variation")
    ax.set_ylabel("neurons")
    ax.legend()
    return ax


def plot_step_response(result, trace, ax=None, *, population: str = "E", bin_width=2 * ms):
    """Spiking population rate and the mean-field rate network's rate on one axis.

    Parameters
    ----------
    result : NetworkResult
        A spiking run of a spec whose sources step (``PoissonSource.rate_after``).
    trace : RateTrace
        :func:`neurosim.bridge.rate_network` of the same spec.

    Returns
    -------
    ax
    """
    ax = get_ax(ax)
    t, rate = result.population_rate(population, bin_width)
    ax.plot(np.asarray(t / ms), np.asarray(rate / Hz), color=BIO, lw=1, label="spiking network")
    ax.plot(
        np.asarray(trace.t / ms),
        np.asarray(trace.rate(population) / Hz),
        color=ANN,
        lw=2.5,
        label="rate network (mean field)",
    )
    ax.set_xlabel("time (ms)")
    ax.set_ylabel(f"rate of {population} (Hz)")
    ax.set_xlim(float(result.transient / ms), float(result.duration / ms))
    ax.legend(loc="upper left")
    return ax


def plot_phase_diagram(diagram, ax=None, *, quantity: str = "rate"):
    """Brunel's (g, eta) plane: colour = ``quantity`` ("rate", "cv" or "chi"), text = state label.

    Each cell is annotated with its state and, for the rate, the mean-field
    rate in brackets.

    Returns
    -------
    ax
    """
    ax = get_ax(ax)
    values = {"rate": np.asarray(diagram.rate / Hz), "cv": diagram.cv, "chi": diagram.chi}[quantity]
    labels = {"rate": "rate of E (Hz)", "cv": "mean ISI CV", "chi": "synchrony chi"}
    shown = np.log10(np.maximum(values, 1e-2)) if quantity == "rate" else values
    mesh = ax.pcolormesh(
        np.arange(len(diagram.g) + 1) - 0.5,
        np.arange(len(diagram.eta) + 1) - 0.5,
        shown.T,
        cmap="viridis",
        shading="flat",
    )
    cbar = ax.figure.colorbar(mesh, ax=ax)
    cbar.set_label(("log10 " if quantity == "rate" else "") + labels[quantity])
    mf = np.asarray(diagram.mean_field_rate / Hz)
    for a in range(len(diagram.g)):
        for b in range(len(diagram.eta)):
            text = diagram.state[a, b]
            if quantity == "rate":
                text += f"\n{values[a, b]:.0f} ({mf[a, b]:.0f})"
            ax.text(
                a,
                b,
                text,
                ha="center",
                va="center",
                fontsize=11,
                color="white",
                bbox={"facecolor": "black", "alpha": 0.35, "lw": 0},
            )
    ax.set_xticks(range(len(diagram.g)), [f"{g:g}" for g in diagram.g])
    ax.set_yticks(range(len(diagram.eta)), [f"{e:g}" for e in diagram.eta])
    ax.set_xlabel("g (relative inhibition)")
    ax.set_ylabel(r"$\eta = \nu_{ext}/\nu_{thr}$")
    return ax


__all__ = [
    "plot_raster",
    "plot_population_rate",
    "plot_rate_histogram",
    "plot_cv_histogram",
    "plot_step_response",
    "plot_phase_diagram",
]
