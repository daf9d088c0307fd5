"""Exact rate theory of the leaky integrate-and-fire neuron: closed form and Siegert.

These are the analytic answers that the LIF simulations are tested against.
"""

from __future__ import annotations

import numpy as np
from brian2 import Hz, Quantity, amp, ms, mV, second, volt
from scipy import special

from neurosim.bio.brian2_tools import check_params as _check_params
from neurosim.bio.models.lif import LIFConstants, LIFParams, closed_form_hz
from neurosim.errors import ParameterError
from neurosim.units import check_quantity
from neurosim.validation import check_scalar


def rheobase(params: LIFParams) -> Quantity:
    """Return the rheobase: the smallest constant current that makes a LIF neuron fire.

    Parameters
    ----------
    params : LIFParams

    Returns
    -------
    Quantity (current)
        ``I_rh = (V_th - E_L) / R_m``.

    Notes
    -----
    With constant input the membrane relaxes to ``E_L + R_m * I``; the neuron
    fires if and only if this exceeds ``V_th``.

    References
    ----------
    Gerstner et al. (2014), *Neuronal Dynamics*, §1.3.2 ("rheobase").
    """
    return _check_params(params).rheobase


def lif_rate(current, params: LIFParams) -> Quantity:
    """Closed-form firing rate of a LIF neuron under constant input current.

    Parameters
    ----------
    current : Quantity (current)
        Constant input current(s), scalar or array.
    params : LIFParams

    Returns
    -------
    Quantity (frequency)
        The rate, same shape as ``current``; exactly 0 Hz at and below the
        rheobase. Computed without warnings for any finite current.

    Notes
    -----
    The formula, ``r = 1 / (t_ref + tau_m ln((R_m I + E_L - V_reset) / (R_m I + E_L - V_th)))``
    above the rheobase and 0 below, lives with the model:
    :meth:`neurosim.bio.models.LIFParams.closed_form_rate` (its Notes give the derivation
    and the stable evaluation).

    References
    ----------
    Gerstner, W., Kistler, W. M., Naud, R. & Paninski, L. (2014). *Neuronal
    Dynamics*, Cambridge University Press, §1.3.2, Eq. (1.15).
    """
    return _check_params(params).closed_form_rate(current)


# --------------------------------------------------------------------------
# Siegert (diffusion-approximation) rate under white noise.

#: ``sqrt(2) * |zeta(1/2)|``: the Fourcaud & Brunel (2002) boundary shift
#: constant (``zeta(1/2) = -1.4603545088095868``, Riemann zeta).
FOURCAUD_BRUNEL_ALPHA = float(np.sqrt(2.0) * 1.4603545088095868)

_SQRT_PI = float(np.sqrt(np.pi))
# Gauss-Legendre nodes and weights on [-1, 1].  16 nodes integrate erfcx on
# [0, 1] and 24 nodes the smooth remainder on [0, 1] in 1/t to ~1e-15 relative
# (checked against 30-digit mpmath quadrature in tests/bio/test_siegert.py).
_GL16 = np.polynomial.legendre.leggauss(16)
_GL24 = np.polynomial.legendre.leggauss(24)
# Largest |u| kept (a larger one only changes the integral by < 1e-300,
# except through the exact logarithm, which is computed separately).
_U_MAX = 1e150
# Elements evaluated at once (bounds memory: chunk x 24 nodes x 8 bytes).
_CHUNK = 1 << 16


def _gauss_legendre(func, lo, hi, rule):
    """``integral_lo^hi func(u) du`` elementwise, one fixed-order rule (vectorised)."""
    nodes, weights = rule
    half = 0.5 * (hi - lo)
    mid = 0.5 * (hi + lo)
    values = func(mid[:, None] + half[:, None] * nodes)
    return (values @ weights) * half


def _erfcx_tail(w):
    """``(erfcx(1/w) - w/sqrt(pi)) / w**2`` for ``0 < w <= 1``, without cancellation.

    For ``w < 0.01`` the asymptotic series of erfcx (Abramowitz & Stegun
    7.1.23) is used; its first omitted term is below 1e-20.
    """
    small = w < 0.01
    safe = np.where(small, 0.5, w)
    direct = (special.erfcx(1.0 / safe) - safe / _SQRT_PI) / (safe * safe)
    w2 = w * w
    series = w * (-0.5 + w2 * (0.75 + w2 * (-1.875 + w2 * (6.5625 - w2 * 29.53125)))) / _SQRT_PI
    return np.where(small, series, direct)


def _erfcx_integral(x, y, log_x, log_y):
    """``E(x, y) = integral_x^y erfcx(t) dt`` for ``0 <= x <= y`` (arrays).

    ``log_x``, ``log_y`` are ``log(max(x, 1))`` and ``log(max(y, 1))``,
    passed separately so that they stay exact when ``x`` or ``y`` was
    clipped to ``_U_MAX``.  On ``[0, 1]`` erfcx is integrated directly; on
    ``[1, inf)`` it is split as ``1/(sqrt(pi) t) + remainder``: the first part
    integrates to ``(log y - log x)/sqrt(pi)`` exactly, the remainder
    (``~ -1/(2 sqrt(pi) t**3)``) is integrated in ``w = 1/t`` over a finite
    interval of ``(0, 1]``.
    """
    part_low = _gauss_legendre(special.erfcx, np.minimum(x, 1.0), np.minimum(y, 1.0), _GL16)
    w_lo = 1.0 / np.maximum(y, 1.0)
    w_hi = 1.0 / np.maximum(x, 1.0)
    part_tail = _gauss_legendre(_erfcx_tail, w_lo, w_hi, _GL24)
    return part_low + (log_y - log_x) / _SQRT_PI + part_tail


def _siegert_seconds(mu, sigma, v_th, v_reset, tau_m, t_ref):
    """Siegert rate in Hz from float arrays in SI units (``sigma > 0``; 1-D)."""
    d_th = v_th - mu  # b = d_th / sigma: upper limit
    d_re = v_reset - mu  # a = d_re / sigma: lower limit
    cap = _U_MAX * sigma
    b = np.sign(d_th) * (np.minimum(np.abs(d_th), cap) / sigma)
    a = np.sign(d_re) * (np.minimum(np.abs(d_re), cap) / sigma)
    log_sigma = np.log(sigma)

    def log_abs(d):  # log(max(|d|/sigma, 1)), exact even when |d|/sigma overflows
        big = np.abs(d) > sigma
        return np.where(big, np.log(np.where(big, np.abs(d), 1.0)) - log_sigma, 0.0)

    log_a, log_b = log_abs(d_re), log_abs(d_th)
    rate = np.empty_like(mu)

    # Mean at or above threshold (b <= 0, a < b): the integrand is erfcx(|u|),
    # bounded by 1, and I = E(|b|, |a|).
    neg = b <= 0
    if np.any(neg):
        integral = _erfcx_integral(-b[neg], -a[neg], log_b[neg], log_a[neg])
        rate[neg] = 1.0 / (t_ref + tau_m * _SQRT_PI * integral)

    # Mean below threshold (b > 0): the integral grows like exp(b**2), so it is
    # written as exp(b**2) * K with K of order 1/b and the rate as
    # exp(-b**2) / (exp(-b**2) t_ref + tau_m sqrt(pi) K), which underflows
    # gracefully to 0.  On u > 0, erfcx(-u) = 2 exp(u**2) - erfcx(u) and
    # integral_p^q exp(u**2) du = exp(q**2) D(q) - exp(p**2) D(p), D = Dawson.
    pos = ~neg
    if np.any(pos):
        bp, ap = b[pos], a[pos]
        a_plus = np.maximum(ap, 0.0)
        log_ap = np.where(ap > 0, log_a[pos], 0.0)
        a_minus = np.maximum(-ap, 0.0)
        log_am = np.where(ap < 0, log_a[pos], 0.0)
        decay = np.exp(-bp * bp)
        k_dawson = 2.0 * (
            special.dawsn(bp) - np.exp(-(bp - a_plus) * (bp + a_plus)) * special.dawsn(a_plus)
        )
        k_rest = _erfcx_integral(
            np.zeros_like(a_minus), a_minus, np.zeros_like(log_am), log_am
        ) - _erfcx_integral(a_plus, bp, log_ap, log_b[pos])
        k = k_dawson + decay * k_rest
        # decay == 0 (b beyond ~27): the rate underflows to 0 whatever k is.
        alive = decay > 0
        rate[pos] = np.where(
            alive, decay / np.where(alive, decay * t_ref + tau_m * _SQRT_PI * k, 1.0), 0.0
        )
    return rate


def siegert_rate(current, sigma, params: LIFParams, tau_s=0 * ms) -> Quantity:
    """Firing rate of a LIF neuron driven by a constant current plus white noise.

    The diffusion-approximation (Siegert) rate: the inverse of the mean
    first-passage time from ``V_reset`` to ``V_th`` of the Ornstein-Uhlenbeck
    membrane, plus the refractory period.

    Parameters
    ----------
    current : Quantity (current)
        Constant input current(s); any shape.
    sigma : Quantity (voltage)
        Noise amplitude(s) ``>= 0`` in the convention of
        :func:`neurosim.bio.simulate` (the free membrane potential has
        standard deviation ``sigma / sqrt(2)``); broadcast against ``current``.
    params : LIFParams
    tau_s : Quantity (time)
        Synaptic (noise) time constant, ``0 <= tau_s <= tau_m``.  With
        ``tau_s > 0`` the Fourcaud & Brunel (2002) correction for
        exponentially filtered noise is applied (accurate to first order in
        ``sqrt(tau_s/tau_m)``).  Default 0 ms: white noise, as simulated.

    Returns
    -------
    Quantity (frequency)
        The rate, of the broadcast shape of ``current`` and ``sigma``.  Where
        ``sigma == 0`` it is exactly :func:`lif_rate`.  Finite, non-negative
        and free of warnings for every finite input: far below threshold it
        underflows to 0 Hz, far above it tends to ``lif_rate`` (and to
        ``1/t_ref``).

    Raises
    ------
    UnitError
        If a value has no unit or the wrong one.
    ParameterError
        If ``sigma < 0``, or ``tau_s`` is outside ``[0, tau_m]``.

    Notes
    -----
    With ``mu = E_L + R_m * I`` the membrane follows
    ``tau_m dv/dt = mu - v + sigma * sqrt(tau_m) * xi(t)`` and::

        1/r = t_ref + tau_m * sqrt(pi) * integral_a^b exp(u**2) * (1 + erf(u)) du
        a = (V_reset - mu) / sigma,  b = (V_th - mu) / sigma

    The integrand is evaluated as ``erfcx(-u)`` (``exp(u**2) erfc(-u)``)
    without overflow.  The integral is split at ``u = 0``:

    - ``u < 0``: ``integral erfcx(|u|)``; on ``|u| > 1`` the part
      ``1/(sqrt(pi) |u|)`` is integrated exactly (a logarithm, which gives
      the noise-free limit ``tau_m * ln((mu - V_reset)/(mu - V_th))``) and
      the remainder by 24-point Gauss-Legendre quadrature in ``1/|u|``;
      ``[0, 1]`` by 16-point Gauss-Legendre.
    - ``u > 0``: ``erfcx(-u) = 2 exp(u**2) - erfcx(u)``, with
      ``integral_0^b exp(u**2) du = exp(b**2) * dawsn(b)``; the common factor
      ``exp(b**2)`` is divided out of numerator and denominator.

    The relative error is below 1e-12 over mu far below to far above
    threshold (checked against adaptive quadrature).  As ``sigma -> 0`` the
    rate converges to :func:`lif_rate` like ``(sigma/(mu - V_th))**2`` away
    from threshold, but at ``mu = V_th`` only like ``1/ln(1/sigma)``: the
    limit is not uniform, and ``sigma == 0`` is handled by ``lif_rate``.

    Fourcaud & Brunel (2002) correction for synaptic filtering, ``tau_s > 0``:
    ``V_th`` and ``V_reset`` are both raised by
    ``sigma * alpha/2 * sqrt(tau_s/tau_m)``, ``alpha = sqrt(2)*|zeta(1/2)|``.

    References
    ----------
    Siegert, A. J. F. (1951). On the first passage time probability problem.
    *Physical Review* 81, 617-623.

    Amit, D. J. & Brunel, N. (1997). Model of global spontaneous activity and
    local structured activity during delay periods in the cerebral cortex.
    *Cerebral Cortex* 7, 237-252.

    Brunel, N. (2000). Dynamics of sparsely connected networks of excitatory
    and inhibitory spiking neurons. *J. Comput. Neurosci.* 8, 183-208, Eq. (21).

    Fourcaud, N. & Brunel, N. (2002). Dynamics of the firing probability of
    noisy integrate-and-fire neurons. *Neural Computation* 14, 2057-2110,
    Eq. (4.41).

    Abramowitz, M. & Stegun, I. A. (1964). *Handbook of Mathematical
    Functions*, 7.1.2 (erfc), 7.1.17 (Dawson's integral), 7.1.23.
    """
    params = _check_params(params)
    current = check_quantity(current, "current", amp)
    sigma = check_quantity(sigma, "sigma", volt)
    tau_s = check_quantity(tau_s, "tau_s", second)
    if np.any(np.asarray(sigma) < 0):
        raise ParameterError(f"sigma: must be >= 0 mV, got {_describe(sigma / mV)} mV")
    check_scalar(tau_s, "tau_s")
    if not 0 * ms <= tau_s <= params.tau_m:
        raise ParameterError(f"tau_s: must be in [0 ms, tau_m = {params.tau_m}], got {tau_s}")

    i_amp, sigma_v = np.broadcast_arrays(
        np.asarray(current / amp, dtype=float), np.asarray(sigma / volt, dtype=float)
    )
    rate = siegert_hz(i_amp.ravel(), sigma_v.ravel(), params.si(), float(tau_s / second))
    return rate.reshape(i_amp.shape) * Hz


def siegert_hz(i_amp, sigma_v, c: LIFConstants, tau_s=0.0) -> np.ndarray:
    """:func:`siegert_rate` on unchecked floats: 1-D ``i_amp`` (amp) and ``sigma_v`` (volt) of
    one length, ``c = params.si()``, ``tau_s`` in seconds (a float, or one per element, each
    in ``[0, tau_m]``); the rate in Hz.

    The vectorised core, for callers that have checked their input once and evaluate the
    rate many times (the mean field's fixed-point search); the formulas and references are
    :func:`siegert_rate`'s.
    """
    rate = np.empty(len(i_amp))
    noisy = sigma_v > 0
    if not np.all(noisy):
        rate[~noisy] = closed_form_hz(i_amp[~noisy], c)
    if np.any(noisy):
        mu = c.e_l + c.r_m * i_amp[noisy]
        sig = sigma_v[noisy]
        ratio = tau_s / c.tau_m if np.ndim(tau_s) == 0 else np.asarray(tau_s)[noisy] / c.tau_m
        shift = sig * (FOURCAUD_BRUNEL_ALPHA / 2) * np.sqrt(ratio)
        v_th, v_reset = c.v_th + shift, c.v_reset + shift
        out = np.empty_like(mu)
        for start in range(0, len(mu), _CHUNK):
            part = slice(start, start + _CHUNK)
            out[part] = _siegert_seconds(
                mu[part], sig[part], v_th[part], v_reset[part], c.tau_m, c.t_ref
            )
        rate[noisy] = out
    return rate


def _describe(values) -> str:
    arr = np.asarray(values, dtype=float)
    if arr.ndim == 0:
        return f"{float(arr):g}"
    return f"min {float(arr.min()):g} (array of {arr.size})"
