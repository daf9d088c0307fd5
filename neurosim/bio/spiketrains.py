"""Spike-train analysis of a step response: adaptation and the firing pattern.

Pure functions on arrays of spike times (no simulation): the rate at onset
against the steady-state rate, the adaptation index of Naud et al. (2008),
and a classifier of the response to a current step into the firing patterns
of Naud et al. (2008) (tonic, adapting, initial burst, bursting, irregular,
transient, delayed; "silent" when the neuron does not fire).

References
----------
Naud, R., Marcille, N., Clopath, C. & Gerstner, W. (2008). Firing patterns in
the adaptive exponential integrate-and-fire model. Biol. Cybern. 99, 335-347.
Gerstner, W., Kistler, W. M., Naud, R. & Paninski, L. (2014). *Neuronal
Dynamics*, Cambridge University Press, section 6.2.1 (classification of firing
patterns: an initiation pattern and a steady-state pattern).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from brian2 import Hz, Quantity, second

from neurosim.errors import ParameterError
from neurosim.units import check_quantity
from neurosim.validation import check_integer

#: The names :func:`classify_pattern` returns.
PATTERNS = ("silent", "tonic", "adapting", "initial burst", "bursting", "irregular",
            "transient", "delayed")

#: Criteria of :func:`classify_pattern` (dimensionless; see its Notes).
TRANSIENT_SILENCE = 3.0   # final silence / longest earlier interval
DELAY_FACTOR = 2.5        # first-spike latency / mean interval
BURST_GAP = 3.0           # long / short interval across the largest gap
IRREGULAR_CV = 0.3        # coefficient of variation of the steady-state intervals
ADAPTING_RATIO = 1.5      # onset rate / steady-state rate


@dataclass(frozen=True)
class Adaptation:
    """How the firing rate of a step response changes after onset.

    Attributes
    ----------
    n_spikes : int
        Spikes inside the step.
    latency : Quantity (time)
        First spike time after the step onset (NaN ms without spikes).
    initial_rate : Quantity (frequency)
        ``1 / first inter-spike interval`` (NaN Hz with fewer than 2 spikes).
    steady_rate : Quantity (frequency)
        Rate in the second half of the step: ``1 / mean interval`` of the
        intervals that lie in it when it holds at least two spikes, else the
        spike count there divided by the half-duration (0 Hz: the neuron has
        stopped firing).
    adaptation_index : float
        Naud et al. (2008) ``A``, the mean normalised change of consecutive
        intervals (NaN with fewer than 3 spikes). ``A > 0``: intervals grow
        (adaptation); ``A < 0``: they shrink (acceleration); 0: tonic.
    """

    n_spikes: int
    latency: Quantity
    initial_rate: Quantity
    steady_rate: Quantity
    adaptation_index: float

    @property
    def ratio(self) -> float:
        """``initial_rate / steady_rate`` (inf when the neuron stopped firing)."""
        initial, steady = float(self.initial_rate / Hz), float(self.steady_rate / Hz)
        if np.isnan(initial):
            return float("nan")
        return float("inf") if steady == 0 else initial / steady


@dataclass(frozen=True)
class FiringPattern:
    """The firing pattern of a step response (:func:`classify_pattern`).

    Attributes
    ----------
    pattern : str
        One of :data:`PATTERNS`.
    reason : str
        The criterion that decided, with its numbers.
    adaptation : Adaptation
        Onset and steady-state rates and the adaptation index.
    interval_cv : float
        Coefficient of variation of the steady-state intervals (second half
        of the intervals; NaN with fewer than 2 of them).
    """

    pattern: str
    reason: str
    adaptation: Adaptation
    interval_cv: float


def _window(spike_times, start, stop):
    check_quantity(spike_times, "spike_times", second)
    check_quantity(start, "start", second, scalar=True)
    check_quantity(stop, "stop", second, scalar=True)
    times = np.atleast_1d(np.asarray(spike_times / second, dtype=float))
    if times.ndim != 1:
        raise ParameterError(f"spike_times: must be one-dimensional, got shape {times.shape}")
    t0, t1 = float(start / second), float(stop / second)
    if not t1 > t0:
        raise ParameterError(f"stop: must be a finite time after start ({start}), got {stop}")
    times = np.sort(times)
    return times[(times >= t0) & (times <= t1)], t0, t1


def adaptation_index(intervals, skip: int = 0) -> float:
    """Adaptation index ``A`` of a sequence of inter-spike intervals.

    Parameters
    ----------
    intervals : array or Quantity (time)
        Consecutive inter-spike intervals.
    skip : int
        Intervals left out at the start (``k`` in Naud et al. 2008), so that
        an initial transient does not count.

    Returns
    -------
    float
        NaN with fewer than two intervals after ``skip``.

    Notes
    -----
    ``A = 1/(N - k - 1) * sum_{i=k+1}^{N-1} (ISI_{i+1} - ISI_i) / (ISI_{i+1} + ISI_i)``
    for ``N`` intervals: each term lies in (-1, 1) and does not depend on the
    rate, so ``A`` compares cells firing at different rates.

    References
    ----------
    Naud, R., Marcille, N., Clopath, C. & Gerstner, W. (2008). Biol. Cybern.
    99, 335-347, section 2 (adaptation index, after Markram et al. 2004).
    """
    values = np.asarray(intervals / second if isinstance(intervals, Quantity) else intervals,
                        dtype=float)
    skip = check_integer(skip, "skip", low=0)
    values = values[skip:]
    if len(values) < 2:
        return float("nan")
    later, earlier = values[1:], values[:-1]
    return float(np.mean((later - earlier) / (later + earlier)))


def adaptation(spike_times: Quantity, start: Quantity, stop: Quantity) -> Adaptation:
    """Onset rate, steady-state rate and adaptation index of a step response.

    Parameters
    ----------
    spike_times : Quantity (time), shape (n,)
        Spike times of one neuron (any order; those outside the step are ignored).
    start, stop : Quantity (time)
        Onset and end of the current step.

    Returns
    -------
    Adaptation

    Notes
    -----
    Onset rate ``1/ISI_1``; steady-state rate over the second half of the
    step; ``A`` from :func:`adaptation_index` over all intervals (the cells
    of Naud et al. 2008, Table 1, adapt within the first few intervals).

    References
    ----------
    Naud, R. et al. (2008). Biol. Cybern. 99, 335-347.
    Benda, J. & Herz, A. V. M. (2003). A universal model for spike-frequency
    adaptation. Neural Comput. 15, 2523-2564 (onset against steady-state rate).
    """
    times, t0, t1 = _window(spike_times, start, stop)
    return _adaptation(times, t0, t1)


def _adaptation(times, t0, t1) -> Adaptation:
    intervals = np.diff(times)
    latency = times[0] - t0 if len(times) else np.nan
    initial = 1.0 / intervals[0] if len(intervals) else np.nan
    half = 0.5 * (t0 + t1)
    late = times[times >= half]
    if len(late) >= 2:
        steady = (len(late) - 1) / (late[-1] - late[0])
    else:
        steady = len(late) / (t1 - half)
    return Adaptation(
        n_spikes=len(times),
        latency=latency * second,
        initial_rate=initial * Hz,
        steady_rate=steady * Hz,
        adaptation_index=adaptation_index(intervals),
    )


def _largest_gap(intervals):
    """Split intervals into short and long at the largest ratio between sorted neighbours."""
    ordered = np.sort(intervals)
    ratios = ordered[1:] / ordered[:-1]
    cut = int(np.argmax(ratios))
    return float(ratios[cut]), float(ordered[cut])


def classify_pattern(spike_times: Quantity, start: Quantity, stop: Quantity) -> FiringPattern:
    """Classify the response of a neuron to a current step (Naud et al. 2008).

    Parameters
    ----------
    spike_times : Quantity (time), shape (n,)
        Spike times of one neuron.
    start, stop : Quantity (time)
        Onset and end of the current step; choose a step several
        adaptation time constants long.

    Returns
    -------
    FiringPattern

    Notes
    -----
    Gerstner et al. (2014, section 6.2.1) and Naud et al. (2008) describe an
    initiation pattern (tonic, initial burst, delay) and a steady-state
    pattern (tonic, adapting, bursting, irregular); the transient cell stops
    firing. The papers classify by eye and by phase-plane geometry; this
    function turns their descriptions into these tests on the intervals
    ``ISI_1..ISI_m``, taken in this order (the thresholds are ours, the
    module constants, chosen so that the cells of Naud et al. 2008, Table 1,
    classify as named):

    1. ``silent``: no spike in the step.
    2. ``transient``: the silence after the last spike is longer than
       ``TRANSIENT_SILENCE`` times the longest interval before it (or the
       latency, with one spike) and than a quarter of the step.
    3. ``delayed``: the first spike comes later than ``DELAY_FACTOR`` mean
       intervals ``(t_n - t_1)/(n - 1)`` (one spike: in the second half).
       A cell that starts at rest, below its reset potential, takes up to
       about two intervals for its first spike (tonic AdEx of Naud et al.:
       1.5; a fast-spiking Izhikevich cell: 2.1); their delayed cells wait 3.
    4. ``bursting``: sorted intervals split at their largest ratio
       ``>= BURST_GAP`` into short and long, at least two long ones, and a
       short interval after the first long one (the bursts recur).
    5. ``initial burst``: the same clear split, with every short interval
       before every long one (one burst, at onset).
    6. ``irregular``: coefficient of variation of the second half of the
       intervals above ``IRREGULAR_CV``.
    7. ``adapting``: onset rate ``1/ISI_1`` at least ``ADAPTING_RATIO``
       times the steady-state rate ``1/mean(second half of the intervals)``
       ("gradually increasing interspike intervals").
    8. ``tonic`` otherwise.

    References
    ----------
    Naud, R., Marcille, N., Clopath, C. & Gerstner, W. (2008). Firing
    patterns in the adaptive exponential integrate-and-fire model. Biol.
    Cybern. 99, 335-347.
    Gerstner, W. et al. (2014). *Neuronal Dynamics*, section 6.2.1.
    """
    times, t0, t1 = _window(spike_times, start, stop)
    summary = _adaptation(times, t0, t1)
    n = len(times)
    intervals = np.diff(times)
    steady = intervals[len(intervals) // 2 :]
    cv = float(np.std(steady) / np.mean(steady)) if len(steady) >= 2 else float("nan")

    def result(pattern, reason):
        return FiringPattern(pattern=pattern, reason=reason, adaptation=summary, interval_cv=cv)

    if n == 0:
        return result("silent", "no spike in the step")
    latency = times[0] - t0
    silence = t1 - times[-1]
    longest = float(np.max(intervals)) if len(intervals) else latency
    if silence > TRANSIENT_SILENCE * longest and silence > 0.25 * (t1 - t0):
        return result(
            "transient",
            f"silent for the last {silence * 1e3:.0f} ms after {n} spike(s); "
            f"longest earlier interval {longest * 1e3:.1f} ms",
        )
    if n == 1:
        if latency > 0.5 * (t1 - t0):
            return result("delayed", f"one spike, {latency * 1e3:.0f} ms after onset")
        return result("tonic", "one spike; too few to tell more")
    mean_interval = (times[-1] - times[0]) / (n - 1)
    if latency > DELAY_FACTOR * mean_interval:
        return result(
            "delayed",
            f"first spike after {latency * 1e3:.1f} ms = "
            f"{latency / mean_interval:.1f} mean intervals",
        )
    if len(intervals) >= 3:
        gap, short_max = _largest_gap(intervals)
        if gap >= BURST_GAP:
            short = intervals <= short_max
            first_long = int(np.argmax(~short))
            n_long = int(np.count_nonzero(~short))
            if n_long >= 2 and np.any(short[first_long:]):
                return result(
                    "bursting",
                    f"{len(intervals) - n_long} short and {n_long} long intervals, "
                    f"gap x{gap:.1f}, bursts recur",
                )
            if short[0] and not np.any(short[first_long:]):
                return result(
                    "initial burst",
                    f"{first_long} short interval(s) at onset, then x{gap:.1f} longer ones",
                )
    if cv > IRREGULAR_CV:
        return result("irregular", f"steady-state intervals vary, CV {cv:.2f}")
    steady_rate = 1.0 / float(np.mean(steady))
    onset_rate = 1.0 / float(intervals[0])
    if onset_rate >= ADAPTING_RATIO * steady_rate:
        return result(
            "adapting",
            f"onset rate {onset_rate:.1f} Hz = {onset_rate / steady_rate:.1f}x "
            f"the steady-state {steady_rate:.1f} Hz, A = {summary.adaptation_index:.3f}",
        )
    return result(
        "tonic", f"onset {onset_rate:.1f} Hz, steady state {steady_rate:.1f} Hz, CV {cv:.2f}"
    )
