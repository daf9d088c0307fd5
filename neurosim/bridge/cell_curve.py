"""Any cell's own f-I curve as an activation function: :func:`cell_activation`.

A preset's neuron (any model of :mod:`neurosim.bio.models`) is swept with
constant currents in one vectorised Brian2 run, the activation families of
:mod:`neurosim.bridge.fit_families` are fitted to its rates and ranked by
AICc, and the best one becomes an :class:`~neurosim.ann.Activation` whose
input is a current and whose output is a rate, through a stated mapping::

    I = I_on + I_unit * z        (z: the unit's net input, dimensionless)
    a = r(I) / r_unit            (a: the unit's output, the rate in units of r_unit)

``I_on`` is where the fitted curve starts to fire and ``I_unit`` the current
above it at which the cell fires at ``r_unit`` (100 Hz by default), so for
every cell ``z = 0`` is its threshold and ``z = 1`` its 100 Hz point.  The
method and its measured accuracy: ``docs/convert.md``.

References
----------
.. [1] Hunsberger, E. & Eliasmith, C. (2015). Spiking deep networks with LIF
   neurons. arXiv:1510.08829 (train with the neuron's own rate curve,
   smoothed at threshold).
.. [2] Gerstner, W., Kistler, W. M., Naud, R. & Paninski, L. (2014).
   *Neuronal Dynamics*, Cambridge University Press, section 1.3.2 (the LIF
   rate curve, the ``lif`` family).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from brian2 import Hz, Quantity, ms, nA, pA, second

from neurosim.ann.activations import Activation
from neurosim.bio import engine
from neurosim.bio.fi import FICurve, fi_curve
from neurosim.bridge.fit_families import FAMILIES
from neurosim.bridge.fitting import FitResult, fit_activation, rank
from neurosim.errors import NeurosimError, ParameterError
from neurosim.units import check_quantity, format_quantity, readable
from neurosim.validation import check_integer, check_real

__all__ = ["CellRateActivation", "NETWORK_DT", "cell_activation"]

#: Time step of the f-I sweep and of the spiking network (one value for every
#: model: the curve is measured at the step the network runs with, so the
#: integration error of each model's spike is part of its curve).
NETWORK_DT = 0.05 * ms

#: Rate of a unit's output 1 (every cell type).
R_UNIT = 100 * Hz

#: Largest current the sweep tries, and its smallest non-zero current.
MAX_CURRENT = 20 * nA
MIN_CURRENT = 1 * pA

#: Width (units of I_unit) of the saturation at the top of the sweep for a
#: family without a threshold to smooth (others use their ``smoothing``).
SATURATION_WIDTH = 0.02


def _lif_slope(x, p):
    """``dr/dI = r**2 Q / (x (x + leak Q))``, ``x = I - I_rh`` (derivative of the lif family)."""
    i_rh, _, charge, leak = p
    z = np.maximum(x - i_rh, 1e-300)
    r = FAMILIES["lif"].model(x, p)
    return np.where(x > i_rh, r * r * charge / (z * (z + leak * charge)), 0.0)


def _expit(u):
    return 0.5 * (1.0 + np.tanh(0.5 * u))


#: ``dr/dI`` of each family, ``(x in nA, internal parameters) -> Hz/nA``.
SLOPES = {
    "linear": lambda x, p: np.full_like(x, p[0]),
    "exponential": lambda x, p: p[1] * FAMILIES["exponential"].model(x, p),
    "sigmoid": lambda x, p: p[0] * p[1] * _expit(p[1] * (x - p[2])) * _expit(-p[1] * (x - p[2])),
    "relu": lambda x, p: np.where(x > p[1], p[0], 0.0),
    "softplus": lambda x, p: p[0] * _expit((x - p[1]) / p[2]),
    "lif": _lif_slope,
}

#: Where the families with a hard threshold start to fire (nA); the others
#: have none and are used as fitted.
ONSETS = {"linear": lambda p: -p[1] / p[0], "relu": lambda p: p[1], "lif": lambda p: p[0]}


class _CellRate:
    """``z -> r(I_on + I_unit rho(z)) / r_unit`` or its derivative (picklable, no closure).

    ``rho`` keeps the current inside the measured curve: ``rho(z) = gamma
    ln(1 + exp(z/gamma))`` smooths a hard threshold (the soft LIF of
    Hunsberger & Eliasmith 2015, for any family with one; ``rho(z) = z``
    below for a family without), and ``z_max - gamma ln(1 + exp((z_max -
    rho)/gamma))`` saturates it at the top of the sweep, ``z_max``.
    """

    def __init__(self, family, values, i_on, i_unit, r_unit, gamma, z_max, derivative):
        self.family, self.values = family, np.asarray(values, dtype=float)
        self.i_on, self.i_unit, self.r_unit = float(i_on), float(i_unit), float(r_unit)
        self.gamma, self.z_max, self.derivative = float(gamma), float(z_max), bool(derivative)

    def __call__(self, z):
        z = np.asarray(z, dtype=float)
        width = self.gamma if self.gamma > 0 else SATURATION_WIDTH
        rho, drho = (_softplus(z, self.gamma) if self.gamma > 0 else (z, np.ones_like(z)))
        top, dtop = _softplus(self.z_max - rho, width)
        rho, drho = self.z_max - top, drho * dtop
        x = (self.i_on + self.i_unit * rho).ravel()
        if not self.derivative:
            return FAMILIES[self.family].model(x, self.values).reshape(z.shape) / self.r_unit
        slope = SLOPES[self.family](x, self.values).reshape(z.shape)
        return slope * self.i_unit * drho / self.r_unit


def _softplus(z, gamma):
    """``gamma ln(1 + exp(z/gamma))`` and its derivative ``expit(z/gamma)``, overflow-free."""
    u = np.clip(z / gamma, -700.0, 700.0)
    return np.where(u > 40, z, gamma * np.logaddexp(0.0, u)), _expit(u)


@dataclass(frozen=True)
class CellRateActivation(Activation):
    """An activation that is one cell type's fitted f-I curve (made by :func:`cell_activation`).

    Attributes
    ----------
    neuron : model parameters (any class of :mod:`neurosim.bio.models`)
    curve : FICurve
        The swept f-I curve the family was fitted to.
    fit : FitResult
        The best-ranked family (by AICc) fitted to the curve's count rates.
    i_on, i_unit : Quantity (current)
        ``I = i_on + i_unit * z``.
    i_max : Quantity (current)
        Top of the sweep: the activation saturates there (``z_max = (i_max -
        i_on) / i_unit``), and the spiking neurons' input is clipped to it.
    r_unit : Quantity (frequency)
        Rate of activation 1.
    smoothing : float
        ``gamma`` of the threshold (0 for a family without a hard threshold).
    """

    neuron: object = None
    curve: FICurve = None
    fit: FitResult = None
    i_on: Quantity = None
    i_unit: Quantity = None
    i_max: Quantity = None
    r_unit: Quantity = None
    smoothing: float = 0.0

    def current(self, drive) -> Quantity:
        """The input current of a unit whose net input is ``drive``: ``i_on + i_unit * drive``."""
        return self.i_on + np.asarray(drive, dtype=float) * self.i_unit

    def rate(self, drive) -> Quantity:
        """The rate the ANN assigns to ``drive``: ``f(drive) * r_unit`` (Quantity, Hz)."""
        return self.f(drive) * self.r_unit

    @property
    def settings(self) -> dict:
        """JSON-ready: preset, family and its parameters, the current and rate mapping."""
        return {
            "preset": self.neuron.name, "model": type(self.neuron).MODEL,
            "family": self.fit.family, "formula": self.fit.formula, "r2": self.fit.r2,
            "values": {k: readable(v) for k, v in self.fit.values.items()},
            "i_on": format_quantity(self.i_on, nA), "i_unit": format_quantity(self.i_unit, nA),
            "i_max": format_quantity(self.i_max, nA),
            "r_unit": format_quantity(self.r_unit, Hz), "smoothing": self.smoothing,
            "sweep": {"duration": format_quantity(self.curve.duration, ms),
                      "dt": format_quantity(self.curve.dt, ms), "n_currents": len(self.curve),
                      "max_current": format_quantity(self.curve.currents[-1], nA)},
        }

    def __reduce__(self):
        return (_rebuild, (self.name, self.f, self.df, dict(self.coefficients), self.kinks,
                           self.neuron, self.curve, self.fit, self.i_on, self.i_unit,
                           self.i_max, self.r_unit, self.smoothing))


def _rebuild(*fields):
    return CellRateActivation(*fields)


def _sweep(params, currents, duration, dt, target) -> FICurve:
    # Counted from rest (settle 0): what the network's neurons fire from t = 0.
    return fi_curve(params, currents, duration=duration, dt=dt, target=target,
                    settle=0 * second)


def _count_rates(curve) -> np.ndarray:
    return np.asarray(curve.rates_count / Hz, dtype=float)


def cell_activation(params, *, r_unit=R_UNIT, duration=500 * ms, dt=NETWORK_DT,
                    max_current=MAX_CURRENT, smoothing: float = 0.02, n_currents: int = 41,
                    target: str = "cython") -> CellRateActivation:
    """The f-I curve of ``params``'s neuron as an activation in physical units.

    Parameters
    ----------
    params : model parameters
        Any neuron model (e.g. ``load_preset("hh_squid")``).
    r_unit : Quantity (frequency)
        Rate of activation 1 (> 0); ``I_unit`` is chosen so that the cell
        fires at about ``r_unit`` at ``z = 1``.  Default 100 Hz.
    duration : Quantity (time)
        Window of each rate, from rest (count / duration): the longest
        presentation the network will be read at.  Default 500 ms.
    dt : Quantity (time)
        Time step (at most the model's ``max_dt``); the network must use the same.
    max_current : Quantity (current)
        Largest current tried when looking for ``r_unit``.  Default 20 nA.
    smoothing : float
        ``gamma >= 0`` of the threshold, in units of ``I_unit`` (families with a
        hard threshold only).  Default 0.02.
    n_currents : int
        Points of the fitted curve (>= 8), evenly spaced in ``[0, 2 I_top]``
        where ``I_top`` is the first swept current that reaches ``r_unit``.
    target : {"numpy", "cython", "cpp_standalone"}
        Of the sweeps.

    Returns
    -------
    CellRateActivation

    Raises
    ------
    ParameterError
        If the neuron never reaches ``r_unit`` for currents up to
        ``max_current`` (the message gives the highest rate it reached), or no
        family could be fitted.

    Notes
    -----
    Two vectorised runs: a geometric sweep from 1 pA to ``max_current`` finds
    ``I_top``; an even sweep of ``n_currents`` points over ``[0, 2 I_top]`` is
    what every family is fitted to (rates = spike count / duration).  The
    best family by AICc (:func:`neurosim.bridge.rank`) is the activation;
    ``I_on`` is its threshold (``I_rh`` of ``lif``, ``I_0`` of ``relu``, the
    zero of ``linear``) or, for a family without one, the midpoint between the
    last silent and first firing current; ``I_unit = I_top - I_on``.
    """
    model = engine.check_model(params)
    check_quantity(r_unit, "r_unit", Hz, scalar=True)
    if not r_unit > 0 * Hz:
        raise ParameterError(f"r_unit: must be a frequency > 0 Hz, got {r_unit}")
    check_quantity(max_current, "max_current", nA, scalar=True)
    if not max_current > MIN_CURRENT:
        raise ParameterError(f"max_current: must be above {MIN_CURRENT}, got {max_current}")
    engine.check_dt(dt, model.brian_model())
    smoothing = check_real(smoothing, "smoothing", low=0.0)
    n_currents = check_integer(n_currents, "n_currents", low=8)
    coarse_currents = np.geomspace(float(MIN_CURRENT / nA), float(max_current / nA), 48) * nA
    coarse = _sweep(model, coarse_currents, duration, dt, target)
    rates = _count_rates(coarse)
    reached = np.flatnonzero(rates >= float(r_unit / Hz))
    if reached.size == 0:
        raise ParameterError(
            f"{model.name}: the neuron never fires at {format_quantity(r_unit, Hz)} for constant "
            f"currents up to {format_quantity(max_current, nA)} (highest rate "
            f"{rates.max():.3g} Hz over {format_quantity(duration, ms)}); it cannot carry an "
            "activation of 1 (raise max_current or lower r_unit)")
    i_top = float(coarse_currents[reached[0]] / nA)
    currents = np.linspace(0.0, 2.0 * i_top, n_currents) * nA
    curve = _sweep(model, currents, duration, dt, target)
    fit = _best_fit(curve)
    p = fit._values
    has_onset = fit.family in ONSETS
    if has_onset:
        i_on = max(float(ONSETS[fit.family](p)), 0.0)
    else:
        firing = np.flatnonzero(_count_rates(curve) > 0)
        first = int(firing[0])
        i_on = 0.0 if first == 0 else 0.5 * float((currents[first - 1] + currents[first]) / nA)
    # I_unit: the fitted curve's r_unit point above the onset (bisection: the
    # fitted rate is monotone in every family with positive gain).
    low, high = i_on, 2.0 * i_top
    target_rate = float(r_unit / Hz)
    if FAMILIES[fit.family].model(np.array([high]), p)[0] < target_rate:
        high = i_top
    for _ in range(60):
        mid = 0.5 * (low + high)
        low, high = (mid, high) if FAMILIES[fit.family].model(np.array([mid]), p)[0] < \
            target_rate else (low, mid)
    i_unit = max(0.5 * (low + high) - i_on, 1e-6)
    gamma = smoothing if has_onset else 0.0
    i_max = 2.0 * i_top
    z_max = (i_max - i_on) / i_unit
    pieces = (fit.family, p, i_on, i_unit, target_rate, gamma, z_max)
    return CellRateActivation(
        f"cell_rate({model.name})", _CellRate(*pieces, False), _CellRate(*pieces, True),
        {"i_on_nA": i_on, "i_unit_nA": i_unit, "i_max_nA": i_max, "r_unit_Hz": target_rate,
         "smoothing": gamma},
        neuron=model, curve=curve, fit=fit, i_on=i_on * nA, i_unit=i_unit * nA,
        i_max=i_max * nA, r_unit=r_unit, smoothing=gamma)


def _best_fit(curve) -> FitResult:
    """Every family fitted to the count rates, ranked by AICc; the best successful one."""
    rates = curve.rates_count
    results = []
    for name in FAMILIES:
        try:
            results.append(fit_activation(curve.currents, rates, name, params=curve.params))
        except (NeurosimError, ValueError, np.linalg.LinAlgError, FloatingPointError):
            continue
    ranked = [r for r in rank(results) if r.success]
    if not ranked:
        raise ParameterError(f"{curve.params.name}: no activation family could be fitted to "
                             "its f-I curve")
    return ranked[0]
