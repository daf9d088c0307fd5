"""Simulated f-I curves against exact theory: errors, tolerances, dt convergence.

:func:`compare` holds a simulated :class:`~neurosim.bio.FICurve` against the
closed-form rate (no noise) and the Siegert rate (white noise), and says for
every current whether the difference is explained by the time step and the
finite number of spikes.  :func:`dt_convergence` measures how the error
shrinks with the time step.

Where the differences come from
-------------------------------
1. *Spike times on the grid.*  Brian2 stamps a spike with the start of the
   step in which ``v`` crossed ``V_th`` and holds the refractory period for
   ``floor(t_ref/dt)`` whole steps from that stamp, so every inter-spike
   interval is shortened by ``k dt`` with ``k`` in ``[f, 1 + f)``,
   ``f = t_ref/dt - floor(t_ref/dt)`` (measured: ``k`` spans exactly that
   range for regular firing, e.g. ``[0, 1)`` when ``dt`` divides ``t_ref``).
   The rate rises by ``~ k r**2 dt``: first order in ``dt``.  With
   ``spike_timing="exact"`` (noise-free only) there is no such error.
2. *Missed crossings (noise only).*  Euler-Maruyama checks the threshold
   only at the grid points, so a path that crosses and comes back within a
   step fires no spike.  For Brownian motion this equals continuous
   monitoring of a threshold raised by ``beta * sigma * sqrt(dt/tau_m)``,
   ``beta = |zeta(1/2)|/sqrt(2 pi) = 0.5826`` (Broadie, Glasserman & Kou
   1997): the rate drops, to order ``sqrt(dt)``, which dominates at small
   ``dt``.
3. *Euler-Maruyama drift (noise only).*  The Euler step of the linear drift
   is the exact step of a membrane with ``tau' = -dt/ln(1 - dt/tau_m)`` and
   noise ``sigma' = sigma*sqrt(2/(2 - dt/tau_m))``: first order in ``dt``.
4. *Finite data.*  The trial-to-trial standard error, and a window (edge)
   bias of at most about one spike per trial, ``1/duration``.

References
----------
.. [1] Broadie, M., Glasserman, P. & Kou, S. (1997). A continuity
   correction for discrete barrier options. *Mathematical Finance* 7,
   325-349.
.. [2] Gobet, E. (2000). Weak approximation of killed diffusion using Euler
   schemes. *Stochastic Processes and their Applications* 87, 167-197
   (the ``sqrt(dt)`` order of discretely monitored first passage).
.. [3] Kloeden, P. E. & Platen, E. (1992). *Numerical Solution of
   Stochastic Differential Equations*, Springer, section 9.1 (Euler-Maruyama).
.. [4] Brunel, N. (2000). *J. Comput. Neurosci.* 8, 183-208 (Siegert rate).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from brian2 import Hz, Quantity, ms, mV, second

from neurosim.bio.fi import MIN_INTERVALS, FICurve
from neurosim.bio.models.lif import LIFParams
from neurosim.bio.theory import lif_rate, siegert_rate
from neurosim.errors import ParameterError
from neurosim.provenance import Result
from neurosim.units import check_quantity
from neurosim.validation import check_choice, check_instance

__all__ = [
    "Comparison",
    "RateBand",
    "RateEstimate",
    "compare",
    "discretisation_band",
    "rate_estimate",
    "BGK_BETA",
    "MIN_INTERVALS",
    "Z_SCORE",
]

#: ``|zeta(1/2)| / sqrt(2 pi)``: the Broadie-Glasserman-Kou threshold shift
#: (in units of the noise per ``sqrt(step)``) for discrete monitoring.
BGK_BETA = 1.4603545088095868 / float(np.sqrt(2 * np.pi))

#: Standard errors allowed on top of the discretisation band.  A Gaussian
#: deviation beyond 4 standard errors has probability 6e-5, so a comparison
#: of 100 points flags a correct simulation with probability below 1%.
Z_SCORE = 4.0


@dataclass(frozen=True, eq=False)
class RateEstimate:
    """Rates of an f-I curve with their standard errors (see :func:`rate_estimate`).

    Attributes
    ----------
    rates, stderr : Quantity (frequency), shape (n,)
    uses_isi : ndarray of bool, shape (n,)
        Where the pooled ISI rate was used (else spike count / duration).
    """

    rates: Quantity
    stderr: Quantity
    uses_isi: np.ndarray


@dataclass(frozen=True, eq=False)
class RateBand:
    """The range of rates a simulation with time step ``dt`` is expected in.

    See :func:`discretisation_band`.

    Attributes
    ----------
    low, high : Quantity (frequency), shape of the currents
    """

    low: Quantity
    high: Quantity


def rate_estimate(curve: FICurve, *, min_intervals: int = MIN_INTERVALS) -> RateEstimate:
    """Best rate estimate per current of a simulated f-I curve, with its standard error.

    Parameters
    ----------
    curve : FICurve
    min_intervals : int
        With noise, the pooled ISI rate is used where the trials have at
        least this many intervals on average; elsewhere spike count /
        duration.

    Returns
    -------
    RateEstimate
        ``rates`` (Hz), ``stderr`` (Hz) and ``uses_isi`` (bool per current).

    Notes
    -----
    The pooled ISI rate ``(n - 1)/(t_last - t_first)`` is exact for regular
    (noise-free) firing and free of the start-up transient.  With noise and
    few spikes per trial it is biased upwards: only trials whose intervals
    happen to fit into the window contribute (for a Poisson train the bias
    is about ``1/duration``, and near threshold it is far larger: see
    docs/performance.md).  Spike count / duration has no such selection and
    is used there.

    Standard error: the trial-to-trial standard deviation over
    ``sqrt(n_trials)``; with one noisy trial, the Poisson bound
    ``sqrt(r / duration)`` (spike-count variance ``CV**2 r T <= r T`` for
    the LIF neuron, whose CV stays <= 1); zero without noise.
    """
    check_instance(curve, "curve", FICurve, hint="neurosim.bio.fi_curve(...)")
    duration = float(curve.duration / second)
    noisy = float(curve.sigma / mV) > 0
    counts = curve.spike_counts
    isi = np.asarray(curve.rates_isi / Hz, dtype=float)
    count = np.asarray(curve.rates_count / Hz, dtype=float)
    intervals = np.maximum(counts - 1, 0).mean(axis=1)
    has_isi = np.isfinite(isi)
    # Firing that stopped has no ISI rate: 0 Hz without noise, the count with noise (the rule
    # of neurosim.bio.steady_state, which made the curve's rates).
    stopped = np.zeros(len(isi), bool) if curve.stopped is None else np.asarray(curve.stopped)
    uses_isi = has_isi & ~stopped & ((intervals >= min_intervals) if noisy else True)
    rates = np.where(uses_isi, np.where(has_isi, isi, 0.0), count)
    if not noisy:
        rates = np.where(stopped, 0.0, rates)
    n = curve.n_trials
    if n >= 2:
        se_isi = np.std(np.asarray(curve.trial_rates / Hz), axis=1, ddof=1) / np.sqrt(n)
        se_count = np.std(counts / duration, axis=1, ddof=1) / np.sqrt(n)
        stderr = np.where(uses_isi, se_isi, se_count)
    elif noisy:
        stderr = np.sqrt(np.maximum(rates, 1.0 / duration) / duration)
    else:
        stderr = np.zeros_like(rates)
    if not noisy:
        stderr = np.zeros_like(rates)
    return RateEstimate(rates * Hz, stderr * Hz, uses_isi)


def discretisation_band(
    currents, sigma, params: LIFParams, dt, *, spike_timing: str = "grid"
) -> RateBand:
    """Range of rates a Brian2 simulation with time step ``dt`` is expected in.

    Parameters
    ----------
    currents : Quantity (current)
    sigma : Quantity (voltage)
        Noise amplitude (scalar), ``>= 0``.
    params : LIFParams
    dt : Quantity (time)
    spike_timing : {"grid", "exact"}
        As in :func:`neurosim.bio.fi_curve`.

    Returns
    -------
    RateBand
        ``low`` and ``high`` (Hz).  Without noise: the closed-form rate ``r`` with each interval
        ``1/r`` shortened by ``f dt`` (low) and ``(1 + f) dt`` (high),
        ``f`` the fractional part of ``t_ref/dt`` (module docstring, item 1);
        ``[r, r]`` with exact spike timing.  With noise: ``low`` is the
        Siegert rate of the Euler-Maruyama membrane (``tau'``, ``sigma'``,
        item 3) with the threshold raised by
        ``BGK_BETA * sigma' * sqrt(dt/tau')`` (missed crossings, item 2) and
        intervals shortened by ``f dt``; ``high`` the Siegert rate of that
        membrane without the shift and intervals shortened by
        ``(1 + f) dt``.

    Notes
    -----
    The threshold shift is the first-order (small ``dt``) correction for
    diffusion-dominated crossings; when the drift per step dominates the
    noise per step, fewer crossings are missed than it assumes, so it
    bounds the downward bias.

    References
    ----------
    Broadie, Glasserman & Kou (1997); Kloeden & Platen (1992), section 9.1.
    """
    check_quantity(dt, "dt", second)
    check_quantity(sigma, "sigma", mV)
    if not dt > 0 * ms or not dt < params.tau_m:
        raise ParameterError(f"dt: must be in (0 ms, tau_m = {params.tau_m}), got {dt}")
    dt_s = float(dt / second)
    check_choice(spike_timing, "spike_timing", ("grid", "exact"))
    if spike_timing == "exact" and float(sigma / mV) > 0:
        raise ParameterError(f"spike_timing: 'exact' needs sigma = 0 mV, got sigma = {sigma}")
    steps = float(params.t_ref / dt)
    frac = 0.0 if abs(steps - round(steps)) < 1e-6 else steps - np.floor(steps)
    if float(sigma / mV) == 0:
        free = np.asarray(lif_rate(currents, params) / Hz, dtype=float)
        if spike_timing == "exact":
            return RateBand(free * Hz, free * Hz)
        return RateBand(
            _shortened(free, frac * dt_s) * Hz, _shortened(free, (1 + frac) * dt_s) * Hz
        )
    ratio = dt_s / float(params.tau_m / second)
    tau_em = -dt_s / np.log1p(-ratio) * second
    sigma_em = sigma * np.sqrt(2.0 / (2.0 - ratio))
    em = params.replace(tau_m=tau_em)
    free = np.asarray(siegert_rate(currents, sigma_em, em) / Hz, dtype=float)
    shift = BGK_BETA * sigma_em * np.sqrt(float(dt / tau_em))
    raised = em.replace(V_th=em.V_th + shift)
    missed = np.asarray(siegert_rate(currents, sigma_em, raised) / Hz, dtype=float)
    return RateBand(_shortened(missed, frac * dt_s) * Hz, _shortened(free, (1 + frac) * dt_s) * Hz)


def _shortened(rate, shortening_s):
    """Rate when every interval ``1/rate`` is shortened by ``shortening_s`` seconds (0 stays 0)."""
    out = np.zeros_like(rate)
    firing = rate > 0
    interval = 1.0 / rate[firing]
    out[firing] = 1.0 / np.maximum(interval - shortening_s, 0.5 * interval)
    return out


@dataclass(frozen=True, eq=False)
class Comparison(Result):
    """A simulated f-I curve against theory (see :func:`compare`).

    Attributes
    ----------
    curve : FICurve
    simulated, stderr : Quantity (frequency)
        :func:`rate_estimate` of the curve.
    uses_isi : ndarray of bool
    closed_form : Quantity (frequency)
        :func:`lif_rate` (no noise).
    siegert : Quantity (frequency)
        :func:`siegert_rate` at the curve's ``sigma`` (equals
        ``closed_form`` without noise): the reference.
    band_low, band_high : Quantity (frequency)
        :func:`discretisation_band`.
    lower, upper : Quantity (frequency)
        The tolerance: the band widened by ``z`` standard errors and, with
        noise or count-based points, the window bias ``1/duration``.
    z : float
    """

    curve: FICurve
    simulated: Quantity
    stderr: Quantity
    uses_isi: np.ndarray
    closed_form: Quantity
    siegert: Quantity
    band_low: Quantity
    band_high: Quantity
    lower: Quantity
    upper: Quantity
    z: float

    @property
    def error(self) -> Quantity:
        """Simulated minus Siegert rate (Hz)."""
        return self.simulated - self.siegert

    @property
    def max_abs_error(self) -> Quantity:
        return np.max(np.abs(self.error))

    @property
    def mean_abs_error(self) -> Quantity:
        return np.mean(np.abs(self.error))

    @property
    def max_abs_error_closed_form(self) -> Quantity:
        """Largest difference to the noise-free rate (shows what noise changes)."""
        return np.max(np.abs(self.simulated - self.closed_form))

    @property
    def within(self) -> np.ndarray:
        """Per current: is the simulated rate inside ``[lower, upper]``?"""
        sim = np.asarray(self.simulated / Hz)
        return (sim >= np.asarray(self.lower / Hz)) & (sim <= np.asarray(self.upper / Hz))

    @property
    def all_within(self) -> bool:
        return bool(np.all(self.within))

    @property
    def settings(self) -> dict:
        """The simulated curve's settings and the band's ``z`` (JSON-ready)."""
        return {**self.curve.settings, "z": self.z}

    def theory(self) -> Quantity:
        """The rate the simulation is held against: Siegert's (the closed form without noise)."""
        return self.siegert

    def summary(self) -> dict:
        """The headline numbers (JSON-ready)."""
        return {
            "n_currents": len(self.curve),
            "sigma_mV": float(self.curve.sigma / mV),
            "max_abs_error_Hz": float(self.max_abs_error / Hz),
            "mean_abs_error_Hz": float(self.mean_abs_error / Hz),
            "max_abs_error_closed_form_Hz": float(self.max_abs_error_closed_form / Hz),
            "n_within": int(np.count_nonzero(self.within)),
            "z": self.z,
        }

    def describe(self) -> str:
        """A few lines: errors against both theories and how many points are explained."""
        c = self.curve
        noisy = float(c.sigma / mV) > 0
        lines = [
            f"{len(c)} currents, sigma = {float(c.sigma / mV):g} mV, dt = {float(c.dt / ms):g} ms, "
            f"{c.n_trials} trial(s) of {float(c.duration / second):g} s",
            f"against the {'Siegert rate (white noise)' if noisy else 'closed form'}: "
            f"max |error| {float(self.max_abs_error / Hz):.3f} Hz, "
            f"mean {float(self.mean_abs_error / Hz):.3f} Hz",
        ]
        if noisy:
            lines.append(
                f"against the noise-free closed form: max |error| "
                f"{float(self.max_abs_error_closed_form / Hz):.3f} Hz"
            )
        lines.append(
            f"{int(np.count_nonzero(self.within))}/{len(c)} points inside the dt band "
            f"+- {self.z:g} standard errors"
        )
        return "\n".join(lines)


def compare(curve: FICurve, *, z: float = Z_SCORE) -> Comparison:
    """Compare a simulated f-I curve with the closed-form and Siegert rates.

    Parameters
    ----------
    curve : FICurve
    z : float
        Standard errors of the simulated rate allowed beyond the
        discretisation band (default :data:`Z_SCORE`).

    Returns
    -------
    Comparison

    Notes
    -----
    The tolerance for each current is
    ``[band_low - z*se - w, band_high + z*se + w]``: the band covers the
    time-step biases (spike stamps on the grid, ``~ r**2 dt``; missed
    threshold crossings, ``~ sigma sqrt(dt/tau_m)``; Euler-Maruyama drift),
    ``se`` is the standard error of the rate over trials, and
    ``w = 1/duration`` (about one spike per trial) bounds the window bias of
    the estimators; ``w = 0`` for noise-free ISI rates, which are exact up
    to the grid.

    References
    ----------
    See the module docstring.
    """
    estimate = rate_estimate(curve)
    if not (isinstance(z, float | int) and z >= 0):
        raise ParameterError(f"z: must be a number >= 0, got {z!r}")
    params = curve.params
    closed = lif_rate(curve.currents, params)
    siegert = siegert_rate(curve.currents, curve.sigma, params)
    band = discretisation_band(
        curve.currents,
        curve.sigma,
        params,
        curve.dt,
        spike_timing=getattr(curve, "spike_timing", "grid"),
    )
    low, high = band.low, band.high
    noisy = float(curve.sigma / mV) > 0
    window = np.where(noisy | ~estimate.uses_isi, 1.0 / float(curve.duration / second), 0.0) * Hz
    # 1e-9 relative: rounding, for exact spike timing where the band has no width.
    slack = z * estimate.stderr + window + 1e-9 * np.abs(high)
    return Comparison(
        curve=curve,
        simulated=estimate.rates,
        stderr=estimate.stderr,
        uses_isi=estimate.uses_isi,
        closed_form=closed,
        siegert=siegert,
        band_low=low,
        band_high=high,
        lower=low - slack,
        upper=high + slack,
        z=float(z),
    )
