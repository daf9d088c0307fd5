"""Exact rate theory of the leaky integrate-and-fire neuron.

These are the analytic answers that the simulations are tested against.
"""

from __future__ import annotations

import numpy as np
from brian2 import Hz, Quantity, amp, second

from neurosim.bio.params import LIFParams
from neurosim.errors import UnitError
from neurosim.units import check_quantity


def _check_params(params) -> LIFParams:
    if not isinstance(params, LIFParams):
        raise UnitError(f"params: expected LIFParams, got {type(params).__name__}")
    return params


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
    Starting from ``V_reset``, the membrane reaches ``V_th`` after::

        T = tau_m * ln((R_m*I + E_L - V_reset) / (R_m*I + E_L - V_th))

    and the rate is ``r = 1 / (t_ref + T)`` for ``R_m*I > V_th - E_L``,
    ``r = 0`` otherwise.  For large currents ``r -> 1/t_ref``.  The logarithm
    is evaluated as ``log1p((V_th - V_reset)/(R_m*I + E_L - V_th))`` which is
    accurate far above threshold.

    References
    ----------
    Gerstner, W., Kistler, W. M., Naud, R. & Paninski, L. (2014). *Neuronal
    Dynamics*, Cambridge University Press, §1.3.2, Eq. (1.15) and exercise
    on the gain function with refractoriness.
    """
    params = _check_params(params)
    current = check_quantity(current, "current", amp)
    drive = np.asarray((params.R_m * current + params.E_L - params.V_th) / (params.V_th - params.V_reset), dtype=float)
    rate = np.zeros_like(drive, dtype=float)
    above = drive > 0
    # T/tau_m = ln(1 + 1/drive), drive = (R I + E_L - V_th)/(V_th - V_reset)
    interval = float(params.t_ref / second) + float(params.tau_m / second) * np.log1p(1.0 / drive[above])
    rate[above] = 1.0 / interval
    return rate * Hz
