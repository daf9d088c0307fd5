"""Steady-state f-I curve of the adaptive exponential integrate-and-fire neuron (AdEx) by the
adiabatic (slow-adaptation) approximation, and the mean membrane potential it needs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from brian2 import Hz, Quantity, amp, mV, volt
from scipy import integrate, optimize

from neurosim.bio.theory.threshold import (
    DV_DEFAULT,
    _inputs,
    _Model,
    _threshold_integration,
)
from neurosim.errors import ParameterError

__all__ = ["ADIABATIC_DV", "AdiabaticFI", "adiabatic_fi", "mean_voltage"]

#: Threshold-integration grid step of :func:`adiabatic_fi` (its rate error ~1e-4 relative).
ADIABATIC_DV = 0.05 * mV

#: Relative tolerance on the adaptation current of :func:`adiabatic_fi`.
_W_RTOL = 1e-9


def _deterministic(model: _Model, drive: np.ndarray):
    """Noise-free (interval s, time-averaged voltage V) per drive; interval inf if silent."""
    interval = np.full(drive.shape, np.inf)
    v_mean = np.empty(drive.shape)
    v_star = model.v_min_drift()
    for index, d in enumerate(drive):
        def g(v, d=d):
            return model.drift(v, d)
        if g(v_star) > 0:
            points = [v_star] if model.v_reset < v_star < model.v_top else None
            opts = {"points": points, "epsabs": 0.0, "epsrel": 1e-11, "limit": 400}
            t = model.tau * integrate.quad(lambda v, g=g: 1.0 / g(v), model.v_reset, model.v_top,
                                           **opts)[0]
            vt = model.tau * integrate.quad(lambda v, g=g: v / g(v), model.v_reset, model.v_top,
                                            **opts)[0]
            interval[index] = t
            v_mean[index] = (vt + model.v_reset * model.t_ref) / (t + model.t_ref)
        elif model.psi is None:  # the LIF rests at E_L + R_m I
            v_mean[index] = model.e_l + d
        else:  # the EIF (QIF) rests at the lower root of G, between E_L + R_m I and v_min
            v_mean[index] = optimize.brentq(
                g, model.e_l + d - 1e-3, model.v_min, xtol=1e-15, rtol=1e-13
            )
    return interval, v_mean


def _rate_and_voltage(model: _Model, drive, sigma, dv):
    """Rate (Hz) and mean voltage (V) of the one-dimensional model, per (drive, sigma)."""
    interval = np.full(drive.shape, np.inf)
    v_mean = np.full(drive.shape, np.nan)
    noisy = sigma > 0
    if np.any(noisy):
        t1, _, v_t1 = _threshold_integration(model, drive[noisy], sigma[noisy], dv, False)
        interval[noisy] = t1
        v_mean[noisy] = (v_t1 + model.v_reset * model.t_ref) / (t1 + model.t_ref)
    # Noise-free, and where the noisy rate underflows: the neuron then sits at its
    # noise-free resting potential.
    rest = ~noisy | ~np.isfinite(v_mean)
    if np.any(rest):
        interval_0, v_mean[rest] = _deterministic(model, drive[rest])
        interval[rest & ~noisy] = interval_0[~noisy[rest]]
    with np.errstate(divide="ignore"):
        rate = np.where(np.isfinite(interval), 1.0 / (model.t_ref + interval), 0.0)
    return rate, v_mean


def mean_voltage(params, current, sigma, *, dv=DV_DEFAULT) -> Quantity:
    """Time-averaged membrane potential of a one-dimensional integrate-and-fire neuron.

    Parameters
    ----------
    params, current, sigma, dv
        As in :func:`neurosim.bio.theory.stationary_rate`.

    Returns
    -------
    Quantity (voltage)
        ``<V>``, counting the refractory period at ``V_reset``; the resting potential
        (the stable root of ``G``) where the neuron does not fire.

    Notes
    -----
    Noise-free and firing: ``<V> = r (tau_m integral_{V_reset}^{V_top} v / G(v) dv +
    V_reset t_ref)`` by adaptive quadrature.  With noise:
    ``<V> = r (integral v p(v) dv + V_reset t_ref)`` with the density ``p`` of threshold
    integration (second order in ``dv``).

    References
    ----------
    Richardson, M. J. E. (2007). *Phys. Rev. E* 76, 021919 (the stationary density).
    """
    model, i_amp, sigma_v, dv = _inputs(params, current, sigma, dv)
    shape = i_amp.shape
    _, v_mean = _rate_and_voltage(model, model.resistance * i_amp.ravel(), sigma_v.ravel(), dv)
    return v_mean.reshape(shape) * volt


@dataclass(frozen=True, eq=False)
class AdiabaticFI:
    """The AdEx f-I curve with and without adaptation (see :func:`adiabatic_fi`).

    Attributes
    ----------
    currents : Quantity (current), shape (n,)
    sigma : Quantity (voltage)
    rates : Quantity (frequency)
        Steady-state rate with adaptation, ``r = f(I - <w>)``.
    onset_rates : Quantity (frequency)
        Rate without adaptation, ``f(I)`` (``w = 0``): the upper bound of the rate at onset.
    w_mean : Quantity (current)
        Mean adaptation current ``<w> = a (<V> - E_L) + b tau_w r``.
    v_mean : Quantity (voltage)
        Mean membrane potential at the steady state.
    """

    currents: Quantity
    sigma: Quantity
    rates: Quantity
    onset_rates: Quantity
    w_mean: Quantity
    v_mean: Quantity


def adiabatic_fi(params, currents, sigma=0 * mV, *, dv=ADIABATIC_DV) -> AdiabaticFI:
    """Steady-state f-I curve of the AdEx neuron by the adiabatic approximation.

    Parameters
    ----------
    params : AdExParams
        ``a >= 0``, ``b >= 0``.
    currents : Quantity (current), shape (n,)
    sigma : Quantity (voltage)
        White-noise amplitude (a single value ``>= 0``), convention of
        :func:`neurosim.bio.theory.stationary_rate` with ``tau_m = C/g_L``.
    dv : Quantity (voltage)
        Grid step of threshold integration (with noise); default :data:`ADIABATIC_DV`,
        0.05 mV (rate error about 1e-4 relative, far below the approximation's own).

    Returns
    -------
    AdiabaticFI

    Notes
    -----
    When ``tau_w`` is long against the interspike interval, ``w`` barely moves within one
    interval, so the voltage sees the constant current ``I - w`` and fires at the rate
    ``f(I - w)`` of the one-dimensional EIF (:func:`stationary_rate`).  Averaging
    ``tau_w dw/dt = a (V - E_L) - w + b tau_w sum_k delta(t - t_k)`` over time gives::

        <w> = a (<V> - E_L) + b tau_w r,    r = f(I - <w>),   <V> = V(I - <w>)

    solved for ``<w>`` per current (the residual is increasing in ``<w>`` for ``a, b >= 0``:
    bracketed and solved by Brent's method to ``1e-9`` relative).  ``b tau_w r`` is the
    linear negative feedback of the spike-triggered current: where ``f`` is steep it
    flattens the curve into ``r ~ (I - I_th)/(b tau_w)`` (Ermentrout 1998), so that
    adaptation turns a square-root (type I) onset into a nearly linear, ReLU-like one.
    The approximation neglects the fluctuation of ``w`` (of size ``b``) around ``<w>``
    and the correlation of ``V`` with ``w``; its error against simulation is measured
    in docs/bridge.md.

    References
    ----------
    Ermentrout, B. (1998). Linearization of F-I curves by adaptation. *Neural Comput.* 10,
    1721-1729.

    Brette, R. & Gerstner, W. (2005). Adaptive exponential integrate-and-fire model as an
    effective description of neuronal activity. *J. Neurophysiol.* 94, 3637-3642.

    Gerstner, W., Kistler, W. M., Naud, R. & Paninski, L. (2014). *Neuronal Dynamics*,
    §6.1-6.2 (adaptation current; its mean under stationary firing).

    Richardson, M. J. E. (2009). Dynamics of populations and networks of neurons with
    voltage-activated and calcium-activated currents. *Phys. Rev. E* 80, 021928 (slow
    currents treated adiabatically with threshold integration).
    """
    model, i_amp, sigma_v, dv = _inputs(params, currents, sigma, dv, frozen_adaptation=True)
    if i_amp.ndim != 1 or np.ndim(sigma) != 0:
        raise ParameterError(
            f"currents, sigma: need a 1-D array of currents and one sigma, got "
            f"shapes {np.shape(currents)} and {np.shape(sigma)}"
        )
    if not hasattr(params, "tau_w"):
        raise ParameterError(f"params: adiabatic_fi needs AdExParams, got {type(params).__name__}")
    a, b, tau_w = float(params.a), float(params.b), float(params.tau_w)
    if a < 0 or b < 0:
        raise ParameterError(
            f"params: adiabatic_fi needs a >= 0 and b >= 0, got a = {params.a}, b = {params.b}"
        )

    def rate_voltage(w):
        return _rate_and_voltage(model, model.resistance * (i_amp - w), sigma_v, dv)

    def residual(w):  # increasing in w: f and <V> fall as the net current I - w falls
        rate, v_mean = rate_voltage(w)
        return w - a * (v_mean - model.e_l) - b * tau_w * rate

    onset, _ = rate_voltage(np.zeros_like(i_amp))
    # At w_low the neuron cannot sit lower than the lowest of V_reset and its leak-only rest,
    # minus the noise; at w_high >= 0 the feedback term is already exceeded.
    lowest = np.minimum(model.v_reset, model.e_l + model.resistance * i_amp) - 4 * sigma_v
    w_low = np.minimum(0.0, a * (lowest - model.e_l)) - 1e-15
    w_high = np.maximum(0.0, a * (model.v_top - model.e_l) + b * tau_w * onset) + 1e-15
    w = _illinois(residual, w_low, w_high)
    rates, v_mean = rate_voltage(w)
    return AdiabaticFI(
        currents=i_amp * amp,
        sigma=sigma,
        rates=rates * Hz,
        onset_rates=onset * Hz,
        w_mean=w * amp,
        v_mean=v_mean * volt,
    )


def _illinois(func, low, high, max_iter=100):
    """Roots of an increasing vectorised ``func`` bracketed by ``[low, high]`` (regula falsi,
    Illinois variant: superlinear), to ``_W_RTOL`` relative of the bracket.

    References
    ----------
    Dowell, M. & Jarratt, P. (1971). A modified regula falsi method for computing the root
    of an equation. *BIT* 11, 168-174.
    """
    f_low, f_high = func(low), func(high)
    low, high = low.copy(), high.copy()
    side = np.zeros(low.shape, dtype=int)
    scale = np.maximum(np.abs(low), np.abs(high))
    for _ in range(max_iter):
        width = high - low
        if np.all(width <= _W_RTOL * scale):
            break
        denom = f_high - f_low
        safe = np.where(denom != 0, denom, 1.0)
        guess = np.where(denom != 0, high - f_high * width / safe, 0.5 * (low + high))
        guess = np.clip(guess, low, high)
        f_guess = func(guess)
        done = f_guess == 0
        up = (f_guess < 0) & ~done  # the root lies above the guess
        f_high = np.where(up & (side == 1), 0.5 * f_high, f_high)
        f_low = np.where(~up & ~done & (side == -1), 0.5 * f_low, f_low)
        low, f_low = np.where(up | done, guess, low), np.where(up | done, f_guess, f_low)
        high, f_high = np.where(~up | done, guess, high), np.where(~up | done, f_guess, f_high)
        side = np.where(up, 1, np.where(done, 0, -1))
    return 0.5 * (low + high)
