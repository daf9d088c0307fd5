"""One input, two neurons: a spiking LIF neuron beside an artificial neuron."""

from __future__ import annotations

import numpy as np
from brian2 import Hz, ms

from neurosim.plotting.bio import plot_current, plot_membrane
from neurosim.plotting.style import ANN, BIO


def plot_side_by_side(trace, ann_rate, axes, *, width=10 * ms, kernel="gaussian",
                      ann_label="artificial neuron"):
    """Draw input, membrane trace and rates of a LIF neuron and an artificial neuron.

    Parameters
    ----------
    trace : Trace
        The spiking neuron's run (:func:`neurosim.bio.simulate`).
    ann_rate : Quantity (frequency), shape like ``trace.t``
        The artificial neuron's output for the same input current, on the
        same time axis.
    axes : sequence of 3 Axes
        Input current, membrane potential, rates (spiking neuron's smoothed
        rate against the artificial neuron's activation).
    width : Quantity (time)
        Time scale of the kernel that turns spikes into a rate.
    kernel : {"gaussian", "alpha"}
        See :meth:`Trace.smoothed_rate`; ``"alpha"`` is causal (the rate
        lags the spikes), ``"gaussian"`` is centred (it rises before them).

    Returns
    -------
    axes
    """
    ax_i, ax_v, ax_r = axes
    plot_current(trace, ax_i, color="black")
    plot_membrane(trace, ax_v, label="LIF membrane")
    t = np.asarray(trace.t / ms)
    how = "rate of recent spikes" if kernel == "alpha" else "spikes smoothed"
    ax_r.plot(t, np.asarray(trace.smoothed_rate(width, kernel=kernel) / Hz), color=BIO,
              label=f"spiking neuron ({how}, {float(width / ms):g} ms)")
    ax_r.plot(t, np.asarray(ann_rate / Hz), color=ANN, ls="--", label=ann_label)
    ax_r.set_xlabel("time (ms)")
    ax_r.set_ylabel("rate / activation (Hz)")
    for ax in axes:
        ax.label_outer()
    return axes
