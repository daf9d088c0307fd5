"""The LIF rate curve as an activation function: the soft LIF and the drive mapping.

A hidden unit's dimensionless *drive* ``z`` (its net input ``a @ W + b``) is
the input current measured from the rheobase in units of
``(V_th - V_reset) / R_m`` (:func:`drive_to_current`); :func:`soft_lif`
returns the LIF rate of that current, in units of ``r_max``, as an ordinary
:class:`neurosim.ann.Activation` that remembers its neuron.  The method and
its measured accuracy: ``docs/convert.md``.

References
----------
.. [1] Hunsberger, E. & Eliasmith, C. (2015). Spiking deep networks with LIF
   neurons. arXiv:1510.08829 (the soft LIF rate curve).
.. [2] Gerstner, W., Kistler, W. M., Naud, R. & Paninski, L. (2014).
   *Neuronal Dynamics*, Cambridge University Press, §1.3 (LIF rate).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from brian2 import Hz, Quantity, ms, second

from neurosim.ann.activations import Activation
from neurosim.bio import brian2_tools
from neurosim.bio.models.lif import LIFParams
from neurosim.errors import ParameterError
from neurosim.units import check_quantity
from neurosim.validation import check_instance, check_real

__all__ = ["LIFRateActivation", "drive_to_current", "drive_unit", "soft_lif"]


def drive_unit(params: LIFParams) -> Quantity:
    """The current of one unit of drive: ``I_unit = (V_th - V_reset) / R_m``.

    Parameters
    ----------
    params : LIFParams

    Returns
    -------
    Quantity (current)
    """
    params = brian2_tools.check_params(params)
    return (params.V_th - params.V_reset) / params.R_m


def drive_to_current(drive, params: LIFParams) -> Quantity:
    """The input current of a LIF neuron whose (dimensionless) drive is ``drive``.

    Parameters
    ----------
    drive : float or array_like
        Net input of an artificial unit, ``a @ W + b``.
    params : LIFParams

    Returns
    -------
    Quantity (current)
        ``I = I_rh + drive * I_unit``, same shape as ``drive``.

    Notes
    -----
    With ``I_rh = (V_th - E_L) / R_m`` (the rheobase) and
    ``I_unit = (V_th - V_reset) / R_m``, the drive is::

        z = (R_m*I + E_L - V_th) / (V_th - V_reset)

    and the closed-form LIF rate (Gerstner et al. 2014, §1.3.2) becomes::

        r(z) = 1 / (t_ref + tau_m * ln(1 + 1/z))   for z > 0, else 0

    which is the LIF response of Hunsberger & Eliasmith (2015) with ``j -
    V_th`` written as ``z`` in units of ``V_th - V_reset``.  ``z = 0`` is the
    rheobase; a unit change of ``z`` moves the asymptotic membrane potential
    ``E_L + R_m I`` by ``V_th - V_reset``.

    References
    ----------
    Gerstner, W. et al. (2014). *Neuronal Dynamics*, §1.3.2, Eq. (1.15).
    Hunsberger, E. & Eliasmith, C. (2015). arXiv:1510.08829.
    """
    params = brian2_tools.check_params(params)
    drive = np.asarray(drive, dtype=float)
    if not np.all(np.isfinite(drive)):
        raise ParameterError("drive: must be finite")
    return params.rheobase + drive * drive_unit(params)


def _rate_and_slope(z, tau_m: float, t_ref: float, smoothing: float):
    """LIF rate ``r(z)`` in Hz and ``dr/dz``, float arrays, free of warnings for ``|z| <= 1e300``.

    ``rho = smoothing * log(1 + exp(z/smoothing))`` (``max(z, 0)`` without
    smoothing) replaces ``z``.  ``ln(1 + 1/rho)`` is ``log1p(1/rho)`` for
    ``rho >= 1`` and ``log1p(rho) - log(rho)`` below, so neither ``1/rho``
    overflows nor the difference cancels.  Underflow to 0 far below threshold
    is harmless and silenced.
    """
    z = np.asarray(z, dtype=float)
    with np.errstate(under="ignore"):
        if smoothing > 0:
            # Beyond |z/smoothing| = 40 the softplus equals max(z, 0) to double
            # precision (log1p(exp(-40)) ~ 4e-18), so y is clipped there.
            y = np.clip(z, -1000.0 * smoothing, 40.0 * smoothing) / smoothing
            rho = np.where(z >= 40.0 * smoothing, z, smoothing * np.logaddexp(0.0, y))
            sigmoid = np.exp(np.minimum(y, 0.0)) / (1.0 + np.exp(-np.abs(y)))
            # rho'/rho = sigmoid(y)/rho -> 1/smoothing for y -> -inf (relative
            # error ~ exp(y)/2); that limit is used below y = -30, where both
            # are close to underflow.
            safe_rho = np.where(rho > 0, rho, 1.0)
            log_slope = np.where(y < -30.0, 1.0 / smoothing, sigmoid / safe_rho)
        else:
            rho = np.maximum(z, 0.0)
            safe_rho = np.where(rho > 0, rho, 1.0)
            log_slope = np.where(rho > 0, 1.0 / safe_rho, 0.0)
        firing = rho > 0
        big = safe_rho >= 1.0
        log_term = np.where(big, np.log1p(1.0 / np.where(big, safe_rho, 1.0)),
                            np.log1p(safe_rho) - np.log(safe_rho))
        rate = np.where(firing, 1.0 / (t_ref + tau_m * log_term), 0.0)
        # r**2 tau_m rho'/(rho (1 + rho)), ordered so that no factor overflows.
        slope = np.where(firing, (rate * log_slope) * (rate * tau_m / (1.0 + safe_rho)), 0.0)
    return rate, slope


@dataclass(frozen=True)
class LIFRateActivation(Activation):
    """An :class:`~neurosim.ann.Activation` that is the rate curve of a LIF neuron.

    Made by :func:`soft_lif`; it is a plain numpy activation for the MLP and
    remembers the neuron (``neuron``) it stands for, which :func:`convert`
    uses.  ``coefficients`` holds ``tau_m`` and ``t_ref`` (s), ``r_max`` (Hz) and
    ``smoothing`` as floats.
    """

    neuron: LIFParams | None = None

    def __post_init__(self):
        super().__post_init__()
        check_instance(self.neuron, "neuron", LIFParams)

    @property
    def r_max(self) -> Quantity:
        """The rate of activation 1 (Quantity, Hz)."""
        return self.coefficients["r_max"] * Hz

    @property
    def smoothing(self) -> float:
        return self.coefficients["smoothing"]

    def rate(self, drive) -> Quantity:
        """The firing rate ``f(drive) * r_max`` (Quantity, Hz)."""
        return self.f(drive) * self.r_max

    def __reduce__(self):
        # f and df are closures, which pickle cannot store: rebuild from the factory.
        return (_rebuild_soft_lif, (self.neuron, self.coefficients["smoothing"],
                                    self.coefficients["r_max"]))


def _rebuild_soft_lif(neuron, smoothing, r_max_hz):
    return soft_lif(neuron, smoothing=smoothing, r_max=r_max_hz * Hz)


def soft_lif(params: LIFParams, *, smoothing: float = 0.02, r_max=None) -> LIFRateActivation:
    """The (soft) LIF rate curve as an activation: rate in units of ``r_max`` against drive.

    Parameters
    ----------
    params : LIFParams
        The neuron each hidden unit will become.
    smoothing : float
        Smoothing ``gamma >= 0`` of the threshold, in drive units.  0 gives the
        exact LIF rate (whose slope is unbounded at threshold, so it trains
        badly); the default 0.02 smooths over 2 % of ``V_th - V_reset``.
    r_max : Quantity (frequency), optional
        The rate of activation 1; default ``1 / t_ref``, the rate the neuron
        approaches for very large currents (needed when ``t_ref = 0``).

    Returns
    -------
    LIFRateActivation
        Named ``"soft_lif"`` (``"lif"`` when ``smoothing == 0``), with::

            f(z)  = r(z) / r_max
            r(z)  = 1 / (t_ref + tau_m * ln(1 + 1/rho(z)))   (0 where rho = 0)
            rho(z) = gamma * ln(1 + exp(z / gamma))          (max(z, 0) if gamma = 0)
            f'(z) = r**2 * tau_m * rho'(z) / (rho * (1 + rho)) / r_max
            rho'(z) = 1 / (1 + exp(-z / gamma))

    Raises
    ------
    ParameterError
        If ``smoothing`` is negative or not finite, or ``r_max`` is not > 0,
        or ``t_ref = 0`` without ``r_max``.
    UnitError
        If ``params`` is not LIFParams or ``r_max`` is not a frequency.

    Notes
    -----
    The drive ``z`` is the unit's net input; :func:`drive_to_current` gives
    the current that produces it, so that ``soft_lif(p, smoothing=0)(z) *
    r_max == lif_rate(drive_to_current(z, p), p)``.  Replacing ``z`` by the
    softplus ``rho(z)`` is the "soft LIF" of Hunsberger & Eliasmith (2015):
    the curve keeps its shape away from threshold and gains a bounded
    derivative at threshold.  The slope follows from
    ``d/dz ln(1 + 1/rho) = -rho'/(rho (1 + rho))``.  Values and slopes are
    computed without overflow or warnings for ``|z| <= 1e300``.

    References
    ----------
    Hunsberger, E. & Eliasmith, C. (2015). Spiking deep networks with LIF
    neurons. arXiv:1510.08829 (the soft LIF response function).
    Gerstner, W. et al. (2014). *Neuronal Dynamics*, §1.3.2, Eq. (1.15).
    """
    params = brian2_tools.check_params(params)
    smoothing = check_real(smoothing, "smoothing", low=0.0)
    if r_max is None:
        if not params.t_ref > 0 * ms:
            raise ParameterError("r_max: needed when t_ref = 0 ms (the default r_max is 1/t_ref)")
        r_max = 1 / params.t_ref
    check_quantity(r_max, "r_max", Hz, scalar=True)
    if not r_max > 0 * Hz:
        raise ParameterError(f"r_max: must be a single frequency > 0 Hz, got {r_max}")

    tau_m, t_ref = float(params.tau_m / second), float(params.t_ref / second)
    r_max_hz, gamma = float(r_max / Hz), float(smoothing)

    def f(z):
        return _rate_and_slope(z, tau_m, t_ref, gamma)[0] / r_max_hz

    def df(z):
        return _rate_and_slope(z, tau_m, t_ref, gamma)[1] / r_max_hz

    return LIFRateActivation(
        "soft_lif" if gamma > 0 else "lif", f, df,
        {"tau_m": tau_m, "t_ref": t_ref, "r_max": r_max_hz, "smoothing": gamma},
        kinks=() if gamma > 0 else (0.0,), neuron=params,
    )
