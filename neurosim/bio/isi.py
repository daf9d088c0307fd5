"""Interspike-interval statistics of any neuron model, from one vectorised run.

Every (current, sigma, trial) triple is one neuron of a single ``NeuronGroup``; a
``SpikeMonitor`` records the spike times, and the intervals after a transient are pooled
over trials per (current, sigma) pair: the ISI histogram and its coefficient of variation,
the figure of the Neuromatch W2D3 tutorial, with the threshold-integration theory of
:func:`neurosim.bio.theory.isi_cv` beside it where it exists.
"""

from __future__ import annotations

from dataclasses import dataclass

import brian2
import numpy as np
from brian2 import Hz, Quantity, amp, ms, mV, nA, second, volt

from neurosim.bio import brian2_tools, engine
from neurosim.errors import ParameterError
from neurosim.provenance import Result, model_settings
from neurosim.units import check_quantity, format_quantity
from neurosim.validation import check_seed

__all__ = ["MIN_ISI_COUNT", "ISIStatistics", "isi_statistics"]

#: Fewer pooled intervals than this give no CV (NaN): its relative standard error is about
#: ``1/sqrt(2 n)`` for near-Gaussian intervals, 22% at 10.
MIN_ISI_COUNT = 10


@dataclass(frozen=True, eq=False)
class ISIStatistics(Result):
    """Interspike intervals per (current, sigma) pair (see :func:`isi_statistics`).

    Attributes
    ----------
    currents : Quantity (current), shape (n,)
    sigmas : Quantity (voltage), shape (n,)
        The noise of each pair (broadcast from the arguments).
    intervals : tuple of Quantity (time)
        Per pair, every interval between consecutive spikes of one neuron that both fall
        after ``transient``, pooled over the trials.
    cv : ndarray, shape (n,)
        ``std / mean`` of the pooled intervals (``ddof=1``); NaN with fewer than
        :data:`MIN_ISI_COUNT` intervals.
    rates : Quantity (frequency), shape (n,)
        ``1 / mean interval`` (0 Hz where there is no interval).
    n_intervals : ndarray of int, shape (n,)
    params : the neuron model
    duration, transient, dt : Quantity (time)
    n_trials, seed : int
    target : str
    """

    currents: Quantity
    sigmas: Quantity
    intervals: tuple
    cv: np.ndarray
    rates: Quantity
    n_intervals: np.ndarray
    params: object
    duration: Quantity
    transient: Quantity
    dt: Quantity
    n_trials: int
    seed: int
    target: str

    def __len__(self) -> int:
        return len(self.currents)

    @property
    def settings(self) -> dict:
        """Everything needed to repeat this run, as JSON-ready text and numbers."""
        return {**model_settings(self.params), "n_pairs": len(self),
                "duration": format_quantity(self.duration, ms),
                "transient": format_quantity(self.transient, ms),
                "dt": format_quantity(self.dt, ms), "n_trials": self.n_trials,
                "seed": self.seed, "target": self.target}

    def summary(self) -> dict:
        """Per pair: current (nA), sigma (mV), rate (Hz), CV and number of intervals."""
        return {"current_nA": np.asarray(self.currents / nA, dtype=float).tolist(),
                "sigma_mV": np.asarray(self.sigmas / mV, dtype=float).tolist(),
                "rate_Hz": np.asarray(self.rates / Hz, dtype=float).tolist(),
                "cv": np.asarray(self.cv, dtype=float).tolist(),
                "n_intervals": np.asarray(self.n_intervals).tolist()}

    def theory(self) -> Quantity:
        """The stationary rate of each pair by threshold integration
        (:func:`neurosim.bio.theory.stationary_rate`; :meth:`theory_cv` for the CV).

        Raises
        ------
        ParameterError
            For a model without a one-dimensional diffusion (HH, Izhikevich, ...).
        """
        from neurosim.bio.theory import stationary_rate

        return stationary_rate(self.params, self.currents, self.sigmas)

    def theory_cv(self) -> np.ndarray:
        """The CV of each pair by threshold integration (:func:`neurosim.bio.theory.isi_cv`)."""
        from neurosim.bio.theory import isi_cv

        return isi_cv(self.params, self.currents, self.sigmas)


def isi_statistics(params, currents, *, sigma=0 * mV, duration=2 * second, dt=None,
                   n_trials: int = 1, transient=100 * ms, seed: int | None = None,
                   target: str = "numpy") -> ISIStatistics:
    """Interspike intervals and their CV for many (current, sigma) pairs, in one Brian2 run.

    Parameters
    ----------
    params : any neuron model (``LIFParams``, ``EIFParams``, ``AdExParams``, ``HHParams``, ...)
    currents : Quantity (current)
        Constant currents, broadcast against ``sigma`` to shape ``(n,)``.
    sigma : Quantity (voltage)
        White-noise amplitude(s) ``>= 0`` in the models' convention (``sigma*xi/sqrt(tau)``);
        each neuron carries its own, so a whole CV-against-noise sweep is one run.
    duration : Quantity (time)
        Simulated time per neuron.
    dt : Quantity (time) or None
        None: the model's default.
    n_trials : int
        Neurons per pair (intervals are pooled over them).
    transient : Quantity (time)
        Spikes before this time are dropped (the start from rest, and adaptation building up).
    seed : int or None
    target : {"numpy", "cython"}

    Returns
    -------
    ISIStatistics

    Notes
    -----
    ``CV = std(ISI)/mean(ISI)`` is 0 for a regular train and 1 for a Poisson train.  For a
    one-dimensional integrate-and-fire neuron the stationary value is
    :func:`neurosim.bio.theory.isi_cv` (threshold integration); a simulation with time
    step ``dt`` stamps spikes on the grid, which adds a jitter of variance ``dt**2/12`` to
    each interval (relevant only for very regular trains).  The window biases the CV low
    when ``duration - transient`` holds few intervals: the longest intervals do not fit in
    it (docs/bridge.md gives a measured case); ask for at least ~20 intervals per trial
    (``n_intervals >= 20 * n_trials``).

    References
    ----------
    Gerstner, W., Kistler, W. M., Naud, R. & Paninski, L. (2014). *Neuronal Dynamics*,
    Cambridge University Press, §7.3 (interval distribution and CV).

    Neuromatch Academy (2021). Computational Neuroscience, W2D3 "Biological neuron models",
    tutorial 1 (ISI histograms and CV against input noise).
    """
    params = engine.check_model(params)
    check_quantity(currents, "currents", amp)
    check_quantity(sigma, "sigma", volt)
    i_amp, sigma_v = np.broadcast_arrays(np.atleast_1d(np.asarray(currents / amp, dtype=float)),
                                         np.atleast_1d(np.asarray(sigma / volt, dtype=float)))
    if i_amp.ndim != 1 or not np.all(np.isfinite(i_amp)):
        raise ParameterError(f"currents: must broadcast with sigma to one dimension of finite "
                             f"values, got shape {i_amp.shape}")
    if not np.all(np.isfinite(sigma_v)) or np.any(sigma_v < 0):
        raise ParameterError(f"sigma: must be finite and >= 0 mV, got {sigma}")
    if isinstance(n_trials, bool) or not isinstance(n_trials, int | np.integer) or n_trials < 1:
        raise ParameterError(f"n_trials: must be an integer >= 1, got {n_trials!r}")
    brian2_tools.check_target(target, runtime=True)
    noisy = bool(np.any(sigma_v > 0))
    model = params.brian_model(noisy=noisy)
    dt = model.dt if dt is None else engine.check_dt(dt, model)
    brian2_tools.check_duration(duration, dt)  # >= 10 dt, within Brian2's step counter
    check_quantity(transient, "transient", second)
    if not 0 * ms <= transient < duration:
        raise ParameterError(
            f"transient: must be in [0 ms, duration = {duration}), got {transient}")
    seed = check_seed(seed)
    n, n_trials = len(i_amp), int(n_trials)
    per_neuron = "I : amp (constant)" + ("\nsigma : volt (constant)" if noisy else "")
    with brian2_tools.quiet_brian(), brian2_tools.codegen_target(target), brian2_tools.seeded(seed):
        group = engine.build_group(
            model, n * n_trials, dt, "isi_neurons", standalone=False, extra_equations=per_neuron
        )
        engine.set_initial(group, model)
        group.I_ = np.repeat(i_amp, n_trials)
        if noisy:
            group.sigma_ = np.repeat(sigma_v, n_trials)
        spikes = brian2.SpikeMonitor(group, name="isi_spikes")
        brian2_tools.run_checked(brian2.Network(group, spikes, name="isi_network"), duration,
                                 namespace=dict(model.namespace))
        index, times = np.asarray(spikes.i[:]), np.asarray(spikes.t_[:])
    keep = times >= float(transient / second)
    index, times = index[keep], times[keep]
    order = np.lexsort((times, index))
    index, times = index[order], times[order]
    same = index[1:] == index[:-1]
    gaps, owner = np.diff(times)[same], index[1:][same] // n_trials
    intervals = tuple(gaps[owner == k] * second for k in range(n))
    counts = np.bincount(owner, minlength=n)
    means = np.array([np.mean(np.asarray(g / second)) if len(g) else np.nan for g in intervals])
    stds = np.array(
        [np.std(np.asarray(g / second), ddof=1) if len(g) > 1 else np.nan for g in intervals]
    )
    cv = np.where(counts >= MIN_ISI_COUNT, stds / means, np.nan)
    rates = np.where(counts > 0, 1.0 / np.where(counts > 0, means, 1.0), 0.0)
    return ISIStatistics(
        currents=i_amp * amp,
        sigmas=sigma_v * volt,
        intervals=intervals,
        cv=cv,
        rates=rates * Hz,
        n_intervals=counts,
        params=params,
        duration=duration,
        transient=transient,
        dt=dt,
        n_trials=n_trials,
        seed=seed,
        target=target,
    )
