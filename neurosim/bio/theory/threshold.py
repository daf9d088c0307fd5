"""Firing rate and ISI variability of one-dimensional integrate-and-fire neurons under white
noise, by threshold integration (Richardson 2007, 2008).

Every model here is written as ``tau_m dv/dt = G(v) + sigma sqrt(tau_m) xi(t)`` with
``G(v) = E_L - v + psi(v) + R_m I``: ``psi = 0`` for the LIF (threshold ``V_th``),
``psi = Delta_T exp((v - V_T)/Delta_T)`` for the EIF and for the AdEx with ``a = b = 0``
(threshold ``V_peak``).  The noise convention is that of :func:`neurosim.bio.simulate`
and :func:`siegert_rate`.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from brian2 import Hz, Quantity, amp, mV, volt
from scipy import integrate

from neurosim.errors import ParameterError, UnitError
from neurosim.units import check_quantity

__all__ = ["DV_DEFAULT", "deterministic_rate", "isi_cv", "stationary_rate"]

#: Default voltage step of the threshold-integration grid (0.01 mV); the error it gives is
#: tabulated in docs/bridge.md ("Threshold integration").
DV_DEFAULT = 0.01 * mV

#: The grid reaches this many noise amplitudes below the lowest of ``V_reset`` and the
#: free membrane potential ``E_L + R_m I`` (the density there is below ``exp(-64)``).
_LOWER_SIGMAS = 8.0

#: A free membrane potential more than this many noise amplitudes below ``V_reset`` gives a
#: rate below ``exp(-900)``, 0 in double precision: the grid does not follow it down.  This
#: holds for the LIF (the barrier from rest to threshold is at least ``(30 sigma)**2/2``);
#: with a spike current ``psi`` the rest is not ``E_L + R_m I`` and the barrier can be low
#: (the QIF reset above its rest near the saddle-node), so there the grid always goes down.
_SILENT_SIGMAS = 30.0


class _Model(NamedTuple):
    """A one-dimensional integrate-and-fire model in SI floats: ``tau dv/dt = G(v)``."""

    tau: float  # s
    resistance: float  # ohm
    e_l: float  # V
    v_top: float  # V: the absorbing boundary (V_th or V_peak)
    v_reset: float  # V
    t_ref: float  # s
    psi: object = None  # V -> V: the spike current (None for the LIF)
    v_min: float = float("inf")  # V: where G is smallest (G is convex); inf: G decreasing
    steep_from: float = float("inf")  # V: above it the grid may step by steep_step
    steep_step: float = 0.0  # V

    def drift(self, v, drive):
        """``G(v) = E_L - v + psi(v) + R_m I`` in volts, ``drive = R_m I`` (broadcast)."""
        g = self.e_l - v + drive
        if self.psi is not None:
            g = g + self.psi(v)
        return g

    def v_min_drift(self):
        """Where ``G`` is smallest on ``[V_reset, v_top]`` (``G`` is convex)."""
        return float(np.clip(self.v_min, self.v_reset, self.v_top))


def _model(params, *, frozen_adaptation: bool = False) -> _Model:
    """The diffusion model a parameter set gives by its ``diffusion()`` hook (LIF, EIF, QIF,
    AdEx with ``a = b = 0``; see :mod:`neurosim.bio.models.base`).

    With ``frozen_adaptation`` an AdEx model with adaptation is accepted: its voltage
    equation at fixed ``w`` (the adiabatic approximation adds ``-w`` to the current).
    """
    hook = getattr(params, "diffusion", None)
    description = hook(frozen_adaptation=frozen_adaptation) if callable(hook) else None
    if description is None:
        raise UnitError(f"params: threshold integration needs a model with a one-dimensional "
                        f"drift (LIFParams, EIFParams, AdExParams or QIFParams), got "
                        f"{type(params).__name__}")
    return _Model(**description)


def _step_factors(x, step):
    """``exp(-x)``, ``step (1 - exp(-x))/x`` and ``step**2 (x - 1 + exp(-x))/x**2``.

    One ``expm1`` for all three; below ``|x| = 1e-3`` Taylor series (no cancellation).
    ``exp(-x)`` overflows to inf only where the rate underflows to 0 (caught by the caller).
    """
    em = np.expm1(-x)
    small = np.abs(x) < 1e-3
    if np.any(small):
        safe = np.where(small, 1.0, x)
        f1 = np.where(small, 1.0 - x * (0.5 - x / 6.0), -em / safe)
        f2 = np.where(
            small,
            0.5 + x * (-1.0 / 6.0 + x * (1.0 / 24.0 - x / 120.0)),
            (safe + em) / (safe * safe),
        )
    else:
        f1 = -em / x
        f2 = (x + em) / (x * x)
    return em + 1.0, step * f1, step * step * f2




def _grid(model: _Model, dv: float, v_low: float) -> np.ndarray:
    """Grid edges from ``v_top`` down to ``v_low`` (decreasing), ``V_reset`` on the grid.

    Uniform steps of at most ``dv``, except on the exponential upswing of the EIF/AdEx
    (``v > V_T + 10 Delta_T``), crossed in steps of ``Delta_T/10``.
    """
    fine_top = model.v_top
    coarse = np.empty(0)
    if model.steep_from > model.v_reset + dv and model.steep_from < model.v_top:
        fine_top = model.steep_from
        n_coarse = int(np.ceil((model.v_top - fine_top) / model.steep_step))
        coarse = np.linspace(model.v_top, fine_top, n_coarse + 1)[:-1] if n_coarse else coarse
    n_above = max(int(np.ceil((fine_top - model.v_reset) / dv - 1e-9)), 2)
    step = (fine_top - model.v_reset) / n_above
    n_below = int(np.ceil((model.v_reset - v_low) / step))
    fine = model.v_reset + step * np.arange(n_above, -n_below - 1, -1)
    return np.concatenate([coarse, fine])


def _negligible(p, t1, sigma, m1) -> bool:
    """Below the reset the density decays at least like a Gaussian of width ``sigma``: stop
    once, for every pair, what is left (``< p * 8 sigma``) is below 1e-15 of the integral
    (and likewise for the second-moment density ``m1``, if given)."""
    with np.errstate(invalid="ignore"):
        done = np.all(~(np.abs(p) * 8 * sigma > 1e-15 * t1))
        if done and m1 is not False:
            done = np.all(~(np.abs(m1) * 8 * sigma > 1e-15 * t1 * t1))
    return bool(done)


def _threshold_integration(model: _Model, drive, sigma, dv: float, second_moment: bool):
    """Integrate the stationary Fokker-Planck equation from the threshold downwards.

    ``drive = R_m I`` and ``sigma`` are 1-D float arrays (V, ``sigma > 0``).  Returns the
    mean first-passage time ``T1`` from ``V_reset`` to the threshold (s) and, if asked, its
    second moment ``T2`` (s**2; None if not asked) and the integral of ``v p`` over the
    path (V s, for the mean voltage); ``inf`` where the numbers overflow (rate below about
    1e-150 Hz, or the free potential ``E_L + R_m I`` is more than 30 sigma below reset).
    """
    sigma_max = float(np.max(sigma))
    free = model.e_l + drive
    deepest = float(np.min(free))
    if model.psi is None:
        deepest = max(deepest, model.v_reset - _SILENT_SIGMAS * sigma_max)
    v_low = min(model.v_reset, deepest) - _LOWER_SIGMAS * sigma_max
    edges = _grid(model, dv, v_low)
    b = 2.0 * model.tau / (sigma * sigma)  # s/V**2
    two_over_var = 2.0 / (sigma * sigma)
    shape = drive.shape
    p = np.zeros(shape)  # density / rate at the grid point (s/V)
    t1 = np.zeros(shape)  # integral of p from the grid point to the threshold (s)
    v_t1 = np.zeros(shape)  # integral of v p (V s)
    if second_moment:
        u = np.zeros(shape)  # the same equation with flux 1 everywhere
        w = np.zeros(shape)  # ... with flux t1(v)
        int_u = np.zeros(shape)
        int_w = np.zeros(shape)
    with np.errstate(over="ignore", invalid="ignore"):
        for k, (high, low) in enumerate(zip(edges[:-1], edges[1:])):
            if (
                low < model.v_reset
                and k % 64 == 0
                and _negligible(p, t1, sigma, second_moment and (t1 * u - w))
            ):
                break
            step, mid = high - low, 0.5 * (high + low)
            x = two_over_var * step * (model.drift(mid, 0.0) + drive)
            decay, f1, f2 = _step_factors(x, step)
            flux = 1.0 if low >= model.v_reset else 0.0
            piece = p * f1 + b * flux * f2
            if second_moment:
                source = t1 + 0.5 * piece  # t1 at the middle of the step (second order)
                int_u += u * f1 + b * f2
                int_w += w * f1 + b * source * f2
                u = decay * u + b * f1
                w = decay * w + b * source * f1
            t1 = t1 + piece
            v_t1 += mid * piece
            p = decay * p + b * flux * f1
        t2 = 2.0 * (t1 * int_u - int_w) if second_moment else None
    finite = np.isfinite(t1) & np.isfinite(v_t1) & (free >= deepest)
    return np.where(finite, t1, np.inf), t2, np.where(finite, v_t1, np.nan)


def _inputs(params, current, sigma, dv, *, frozen_adaptation=False):
    model = _model(params, frozen_adaptation=frozen_adaptation)
    current = check_quantity(current, "current", amp)
    sigma = check_quantity(sigma, "sigma", volt)
    dv = check_quantity(dv, "dv", volt)
    if np.ndim(dv) != 0 or not 0 < float(dv) <= 0.001:
        raise ParameterError(f"dv: must be a single value in (0 mV, 1 mV], got {dv}")
    i_amp, sigma_v = np.broadcast_arrays(
        np.asarray(current / amp, dtype=float), np.asarray(sigma / volt, dtype=float)
    )
    if not np.all(np.isfinite(i_amp)):
        raise ParameterError("current: must be finite, got a nan or inf")
    if not np.all(np.isfinite(sigma_v)) or np.any(sigma_v < 0):
        raise ParameterError(
            f"sigma: must be finite and >= 0 mV, got min {np.min(sigma_v) * 1e3:g} mV"
        )
    return model, i_amp, sigma_v, float(dv)


def _deterministic_interval(model: _Model, drive: np.ndarray) -> np.ndarray:
    """Time from ``V_reset`` to the threshold without noise (s; inf if the neuron never fires)."""
    v_star = model.v_min_drift()
    out = np.full(drive.shape, np.inf)
    fires = model.drift(v_star, drive) > 0
    for index in np.flatnonzero(fires):
        d = float(drive.flat[index])
        if model.psi is None:  # the LIF: closed form
            out.flat[index] = model.tau * np.log1p(span_ratio(model, d))
            continue
        points = [v_star] if model.v_reset < v_star < model.v_top else None
        value, _ = integrate.quad(
            lambda v, d=d: 1.0 / model.drift(v, d),
            model.v_reset,
            model.v_top,
            points=points,
            epsabs=0.0,
            epsrel=1e-11,
            limit=400,
        )
        out.flat[index] = model.tau * value
    return out


def span_ratio(model: _Model, drive: float) -> float:
    """``(V_th - V_reset) / (E_L + R_m I - V_th)`` for the LIF (``T = tau ln(1 + ratio)``)."""
    return (model.v_top - model.v_reset) / (model.e_l + drive - model.v_top)


def _rate_from_interval(model: _Model, t1: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", over="ignore"):
        return np.where(np.isfinite(t1), 1.0 / (model.t_ref + t1), 0.0)


def deterministic_rate(params, current) -> Quantity:
    """Noise-free firing rate of an integrate-and-fire neuron, by quadrature of the interval.

    Parameters
    ----------
    params : LIFParams, EIFParams, or AdExParams with ``a = b = 0``
    current : Quantity (current), any shape

    Returns
    -------
    Quantity (frequency)
        ``1 / (t_ref + T)``, 0 Hz where the neuron never reaches its threshold.

    Notes
    -----
    From ``tau_m dv/dt = G(v)``, the time from reset to threshold is::

        T = tau_m * integral_{V_reset}^{V_top} dv / G(v)

    (``V_top = V_th`` for the LIF, where it is ``tau_m ln((mu - V_reset)/(mu - V_th))``;
    ``V_peak`` for the EIF, computed by adaptive quadrature with a break point at the
    minimum of ``G``, ``v = V_T``, to 1e-11 relative).  ``G > 0`` on the whole interval is
    the condition to fire; near the rheobase the bottleneck at ``V_T`` dominates and
    ``T ~ pi tau_m sqrt(2 Delta_T / (G(V_T)))`` (type I onset).

    References
    ----------
    Fourcaud-Trocme, N., Hansel, D., van Vreeswijk, C. & Brunel, N. (2003). How spike
    generation mechanisms determine the neuronal response to fluctuating inputs.
    *J. Neurosci.* 23, 11628-11640 (the EIF).

    Gerstner, W., Kistler, W. M., Naud, R. & Paninski, L. (2014). *Neuronal Dynamics*,
    Cambridge University Press, §5.2 (interval of a nonlinear integrate-and-fire neuron).
    """
    model, i_amp, _, _ = _inputs(params, current, 0 * mV, DV_DEFAULT)
    t1 = _deterministic_interval(model, model.resistance * i_amp)
    return _rate_from_interval(model, t1) * Hz


def _moments(params, current, sigma, dv, second_moment):
    model, i_amp, sigma_v, dv = _inputs(params, current, sigma, dv)
    shape = i_amp.shape
    drive, sigma_v = model.resistance * i_amp.ravel(), sigma_v.ravel()
    t1 = _deterministic_interval(model, drive)
    t2 = np.where(np.isfinite(t1), t1 * t1, np.inf)
    noisy = sigma_v > 0
    if np.any(noisy):
        t1[noisy], t2_noisy, _ = _threshold_integration(
            model, drive[noisy], sigma_v[noisy], dv, second_moment
        )
        if second_moment:
            t2[noisy] = t2_noisy
    return model, shape, t1, t2


def stationary_rate(params, current, sigma, *, dv=DV_DEFAULT) -> Quantity:
    """Firing rate of an integrate-and-fire neuron under a constant current plus white noise.

    Parameters
    ----------
    params : LIFParams, EIFParams, or AdExParams with ``a = b = 0``
    current : Quantity (current)
        Constant input current(s), any shape.
    sigma : Quantity (voltage)
        Noise amplitude(s) ``>= 0`` in the convention of :func:`neurosim.bio.simulate`:
        ``tau_m dv/dt = G(v) + sigma sqrt(tau_m) xi(t)``; broadcast against ``current``.
    dv : Quantity (voltage)
        Step of the voltage grid, at most 1 mV (default :data:`DV_DEFAULT`, 0.01 mV).

    Returns
    -------
    Quantity (frequency)
        The rate, of the broadcast shape.  Where ``sigma == 0`` it is
        :func:`deterministic_rate`.  0 Hz where it is below about 1e-150 Hz.

    Raises
    ------
    UnitError
        If a value has no unit or the wrong one, or ``params`` is not a supported model.
    ParameterError
        If ``sigma < 0``, a value is not finite, ``dv`` is outside ``(0, 1 mV]``, or an
        AdEx model has adaptation (``a`` or ``b`` not 0).

    Notes
    -----
    The stationary density ``P(v)`` and probability flux ``J(v)`` obey::

        J = (G(v) P - (sigma**2 / 2) dP/dv) / tau_m,
        dJ/dv = r (delta(v - V_reset) - delta(v - V_top))

    with ``P(V_top) = 0`` (absorbing threshold) and ``J = r`` between reset and threshold,
    ``0`` below.  Written for ``p = P/r`` and integrated from ``V_top`` downwards (the
    stable direction), ``r = 1 / (t_ref + integral p dv)``.  On each grid step ``G`` is
    frozen at the step's midpoint and ``dp/dv = (2 G p - 2 tau_m j)/sigma**2`` is solved
    exactly (Richardson's exponential integration), as is the integral of ``p`` over the
    step: second order in ``dv``.  ``V_reset`` lies on the grid; the grid ends
    ``8 sigma`` below the lowest of ``V_reset`` and ``E_L + R_m I``.  The error against the
    Siegert rate of the LIF is tabulated in docs/bridge.md.  Cost: about 3000 steps of
    vectorised numpy over all (current, sigma) pairs at once.

    References
    ----------
    Richardson, M. J. E. (2007). Firing-rate response of linear and nonlinear
    integrate-and-fire neurons to modulated current-based and conductance-based synaptic
    drive. *Phys. Rev. E* 76, 021919 (threshold integration, its appendix).

    Richardson, M. J. E. (2008). Spike-train spectra and network response functions for
    non-linear integrate-and-fire neurons. *Biol. Cybern.* 99, 381-392.

    Fourcaud-Trocme, N., Hansel, D., van Vreeswijk, C. & Brunel, N. (2003). *J. Neurosci.*
    23, 11628-11640 (the EIF and its rate under white noise).
    """
    model, shape, t1, _ = _moments(params, current, sigma, dv, second_moment=False)
    return _rate_from_interval(model, t1).reshape(shape) * Hz


def isi_cv(params, current, sigma, *, dv=DV_DEFAULT) -> np.ndarray:
    """Coefficient of variation of the interspike intervals under constant current + white noise.

    Parameters
    ----------
    params, current, sigma, dv
        As in :func:`stationary_rate`.

    Returns
    -------
    ndarray (dimensionless)
        ``std(ISI) / mean(ISI)`` of the broadcast shape: 0 without noise where the neuron
        fires, ``nan`` where it does not fire (or the rate is below about 1e-150 Hz).

    Notes
    -----
    The ISI is ``t_ref`` plus the first-passage time ``T`` from ``V_reset`` to ``V_top``.
    Its moments follow from the time-integrated Fokker-Planck equation of one passage
    (no reinjection): the ``n``-th moment density ``m_n(v) = integral t**n q(v, t) dt``
    obeys the equation of :func:`stationary_rate` with flux
    ``J_0 = Theta(v - V_reset)`` and ``J_n(v) = n integral_{-inf}^v m_{n-1}``, and
    ``E[T**n] = J_n(V_top)``.  Writing ``J_1 = E[T] - S(v)``, ``S(v)`` the integral of
    ``m_0`` from ``v`` to ``V_top`` (known during the same downward sweep), ``m_1`` is
    ``E[T] u - w`` with ``u`` and ``w`` driven by fluxes ``1`` and ``S``: one sweep gives
    ``E[T]`` and ``E[T**2] = 2 integral m_1``, and::

        CV = sqrt(E[T**2] - E[T]**2) / (t_ref + E[T])

    For the LIF this is the closed-form CV integral (Tuckwell 1988; Brunel 2000, appendix
    A).

    References
    ----------
    Richardson, M. J. E. (2008). Spike-train spectra and network response functions for
    non-linear integrate-and-fire neurons. *Biol. Cybern.* 99, 381-392 (the ISI moments by
    threshold integration).

    Tuckwell, H. C. (1988). *Introduction to Theoretical Neurobiology*, vol. 2, Cambridge
    University Press, ch. 9 (moments of the first-passage time).

    Brunel, N. (2000). *J. Comput. Neurosci.* 8, 183-208, appendix A.
    """
    model, shape, t1, t2 = _moments(params, current, sigma, dv, second_moment=True)
    with np.errstate(invalid="ignore", over="ignore"):
        var = np.maximum(t2 - t1 * t1, 0.0)
        cv = np.sqrt(var) / (model.t_ref + t1)
    cv = np.where(np.isfinite(t1) & np.isfinite(t2), cv, np.nan)
    return cv.reshape(shape)
