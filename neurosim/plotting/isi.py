"""Spike-train statistics: ISI histograms and the CV against noise, with theory lines.

Each helper takes an optional ``ax``, draws, and returns it; none calls ``show()``.
"""

from __future__ import annotations

import numpy as np
from brian2 import amp, ms, mV

from neurosim.errors import NeurosimError
from neurosim.plotting.style import BIO, THEORY, get_ax

__all__ = ["plot_cv_against_noise", "plot_isi_histogram"]


def plot_isi_histogram(stats, index: int, ax=None, *, bins: int = 40):
    """Histogram (density) of the pooled intervals of one (current, sigma) pair.

    Parameters
    ----------
    stats : ISIStatistics
        From :func:`neurosim.bio.isi_statistics`.
    index : int
        Which pair.
    ax : matplotlib Axes, optional
    bins : int

    Returns
    -------
    ax
    """
    ax = get_ax(ax)
    intervals = np.asarray(stats.intervals[index] / ms)
    if len(intervals):
        ax.hist(intervals, bins=bins, density=True, color=BIO, alpha=0.8)
    cv = stats.cv[index]
    ax.set_title(f"I = {float(stats.currents[index] / amp) * 1e9:.3g} nA, "
                 f"sigma = {float(stats.sigmas[index] / mV):g} mV: CV = "
                 + ("n/a" if not np.isfinite(cv) else f"{cv:.2f}"))
    ax.set_xlabel("interspike interval (ms)")
    ax.set_ylabel("density (1/ms)")
    return ax


def plot_cv_against_noise(stats, ax=None, *, theory: bool = True, label: str = "simulated"):
    """The ISI CV of every pair against its noise amplitude, with the threshold-integration
    CV (:func:`neurosim.bio.theory.isi_cv`) where the model has one (LIF, EIF, AdEx
    without adaptation).

    Parameters
    ----------
    stats : ISIStatistics
        Pairs at one current (or several: each current gets its own theory line).
    ax : matplotlib Axes, optional
    theory : bool
    label : str

    Returns
    -------
    ax
    """
    from neurosim.bio.theory import isi_cv

    ax = get_ax(ax)
    sigma = np.asarray(stats.sigmas / mV)
    ax.plot(sigma, stats.cv, "o", color=BIO, label=label)
    if theory:
        fine = np.linspace(max(sigma.min(), 0.05), sigma.max(), 100) * mV
        for current in np.unique(np.asarray(stats.currents / amp)):
            try:
                line = isi_cv(stats.params, current * amp, fine)
            except NeurosimError:  # no one-dimensional theory for this model
                break
            ax.plot(fine / mV, line, "-", color=THEORY, label="threshold integration")
    ax.set_xlabel("noise sigma (mV)")
    ax.set_ylabel("ISI CV")
    ax.set_ylim(0, 1.1)
    ax.legend(frameon=False)
    return ax
