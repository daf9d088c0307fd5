"""When a spike count is a steady-state rate, and when it is not: one rule for every path.

A neuron that fires a few onset spikes and then falls silent (a type II cell
just below its repetitive-firing threshold, an adapting cell) has no
steady-state rate above zero; ``(n - 1) / (t_last - t_first)`` would still
extrapolate one from the onset spikes.  :func:`steady_state_rates` is the
definition that :func:`neurosim.bio.fi_curve`, traces, the notebook widget,
the correspondence table and the fits all use:

- spikes are counted in the window ``[start, end)`` (``start`` = the settle
  time: the model's :attr:`~neurosim.bio.models.base.ModelParams.SETTLE`
  unless the caller gives one);
- firing has **stopped** when the silence after the last spike,
  ``end - t_last``, exceeds :data:`STOP_FACTOR` mean inter-spike intervals.
  A periodic train is never silent for more than one interval (plus one time
  step) at the end of a window, so a factor 3 cannot flag one; without noise a
  stopped train's steady state is silence: its rate is **0 Hz**.  With noise the
  spike count over the window, not the ISI, is the estimate (silences are
  random);
- with fewer than two spikes in the window the rate is the count over the
  window and the point is marked as not steady (too few spikes for a rate).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

#: Firing counts as stopped when the silence at the end of the window is
#: longer than this many mean inter-spike intervals.
STOP_FACTOR = 3.0


class SteadyState(NamedTuple):
    """Rates of ``(n_points, n_trials)`` spike counters (all in Hz, arrays of floats).

    Attributes
    ----------
    rates : ndarray, shape (n_points,)
        The rate estimate (see :func:`steady_state_rates`).
    rates_isi : ndarray, shape (n_points,)
        ``1 / mean ISI`` pooled over the trials that fired at least twice
        and did not stop (NaN where none).
    rates_count : ndarray, shape (n_points,)
        Spike count / window, averaged over trials.
    trial_rates : ndarray, shape (n_points, n_trials)
        Per trial: 1/mean ISI with at least two spikes, 0 where firing stopped
        without noise, the count / window otherwise.
    stopped : ndarray of bool, shape (n_points,)
        Firing stopped before the end of the window in at least one trial.
    steady : ndarray of bool, shape (n_points,)
        The rate is a steady state: every trial fired at least twice without
        stopping, or never fired.
    """

    rates: np.ndarray
    rates_isi: np.ndarray
    rates_count: np.ndarray
    trial_rates: np.ndarray
    stopped: np.ndarray
    steady: np.ndarray


def steady_state_rates(counts, t_first, t_last, start: float, end: float, *,
                       noisy: bool = False, min_intervals: int = 0) -> SteadyState:
    """Steady-state rates from spike counters, or 0 Hz / a flag where there is none.

    Parameters
    ----------
    counts : array of int, shape (n_points, n_trials)
        Spikes in the window ``[start, end)``.
    t_first, t_last : array of float (s), shape (n_points, n_trials)
        First and last spike time in the window (ignored where ``counts < 2``).
    start, end : float (s)
        The window.
    noisy : bool
        With noise a stopped trial's rate is its count over the window (its
        silence is random), and pooled ISI rates need ``min_intervals``.
    min_intervals : int
        With noise: the pooled ISI rate is used only where the trials have at
        least this many intervals on average (fewer: it is biased upwards).

    Returns
    -------
    SteadyState

    Notes
    -----
    Per trial with ``n >= 2`` spikes: ``ISI = (t_last - t_first) / (n - 1)``
    and ``stopped = end - t_last > STOP_FACTOR * ISI``.  Without noise:
    ``rate = 0`` if stopped else ``1 / ISI``; with ``n < 2``,
    ``rate = n / (end - start)`` (not steady if ``n == 1``).  A point pools
    its trials: ``(sum of intervals) / (sum of spans)`` over the trials that
    did not stop.
    """
    counts = np.asarray(counts, dtype=int)
    if counts.ndim == 1:
        counts = counts[:, None]
    shape = counts.shape
    span = (np.asarray(t_last, dtype=float) - np.asarray(t_first, dtype=float)).reshape(shape)
    silence = end - np.asarray(t_last, dtype=float).reshape(shape)
    window = end - start
    two = counts >= 2
    with np.errstate(divide="ignore", invalid="ignore"):
        isi = np.where(two, span / np.maximum(counts - 1, 1), np.inf)
        stopped_trial = two & (silence > STOP_FACTOR * isi)
        periodic = two & ~stopped_trial
        intervals = np.where(periodic, counts - 1, 0).sum(axis=1)
        spans = np.where(periodic, span, 0.0).sum(axis=1)
        rates_isi = np.where(intervals > 0, intervals / np.where(spans > 0, spans, 1.0), np.nan)
        count_rate = counts / window
        if noisy:
            trial = np.where(periodic, 1 / np.where(periodic, isi, 1.0), count_rate)
        else:
            trial = np.where(periodic, 1 / np.where(periodic, isi, 1.0),
                             np.where(stopped_trial, 0.0, count_rate))
    rates_count = count_rate.mean(axis=1)
    stopped = stopped_trial.any(axis=1)
    steady = np.all(periodic | (counts == 0), axis=1)
    if noisy:
        use_isi = (~np.isnan(rates_isi) & ~stopped
                   & (np.maximum(counts - 1, 0).mean(axis=1) >= min_intervals))
        rates = np.where(use_isi, rates_isi, rates_count)
    else:
        rates = np.where(~np.isnan(rates_isi) & ~stopped, rates_isi,
                         np.where(stopped, 0.0, rates_count))
    return SteadyState(rates, rates_isi, rates_count, trial, stopped, steady)


def spike_counters(spike_times, start: float, end: float) -> tuple[int, float, float]:
    """``(count, t_first, t_last)`` of the spike times (s) in ``[start, end)``."""
    times = np.asarray(spike_times, dtype=float)
    times = times[(times >= start) & (times < end)]
    if len(times) == 0:
        return 0, np.nan, np.nan
    return len(times), float(times[0]), float(times[-1])
