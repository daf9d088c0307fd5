"""Fit activation functions to f-I curves, and read the fits biologically.

Each *family* is an activation function of the article (linear,
exponential, sigmoid, ReLU), plus softplus and the LIF rate curve itself,
given an input offset/gain and an output scale so that it can describe a
firing rate (Hz) as a function of an input current (nA)::

    linear       r = gain * I + r_0
    exponential  r = r_0 * exp(a * I)
    sigmoid      r = r_max / (1 + exp(-a * (I - I_0)))
    relu         r = gain * max(0, I - I_0)
    softplus     r = gain * width * ln(1 + exp((I - I_0) / width))
    lif          r = 1 / (t_ref + ln(1 + leak * Q / (I - I_rh)) / leak)  for I > I_rh, else 0

The ``lif`` family is the closed-form LIF rate (Gerstner et al. 2014,
section 1.3.2) ``1/(t_ref + tau_m ln((mu - V_reset)/(mu - V_th)))``
rewritten in what an f-I curve can determine: the rheobase ``I_rh``, the
refractory period ``t_ref``, the charge ``Q = C_m (V_th - V_reset)`` that
carries the membrane from reset to threshold, and the leak rate
``leak = 1/tau_m`` (``R_m`` alone is not identifiable from currents and
rates).  ``leak -> 0`` is the perfect (non-leaky) integrator
``r = 1/(t_ref + Q/(I - I_rh))``, included as a boundary of the family.

:func:`fit_activation` fits one family by least squares (currents in nA,
rates in Hz internally) and returns a :class:`FitResult`; :func:`fit_all`
fits every family to an :class:`~neurosim.bio.FICurve` and ranks them by
AIC; :func:`format_table` prints the ranking.

References
----------
.. [1] Gerstner, W., Kistler, W. M., Naud, R. & Paninski, L. (2014).
   *Neuronal Dynamics*, Cambridge University Press, section 1.3.2 (the LIF
   gain function).
.. [2] Akaike, H. (1974). A new look at the statistical model
   identification. *IEEE Trans. Automatic Control* 19, 716-723; the
   least-squares form ``AIC = n ln(RSS/n) + 2k`` as in Burnham, K. P. &
   Anderson, D. R. (2002). *Model Selection and Multimodel Inference*, 2nd
   ed., Springer, section 2.2.
.. [3] Seber, G. A. F. & Wild, C. J. (1989). *Nonlinear Regression*, Wiley,
   section 5.1 (confidence intervals from the Jacobian,
   ``cov = s**2 (J^T J)^-1``).
.. [4] Branch, M. A., Coleman, T. F. & Li, Y. (1999). A subspace, interior,
   and conjugate gradient method for large-scale bound-constrained
   minimization problems. *SIAM J. Sci. Comput.* 21, 1-23 (the "trf"
   method of ``scipy.optimize.least_squares``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
from brian2 import Hz, Quantity, amp, mV, ms, nA, pcoulomb, second
from scipy import optimize, special, stats

from neurosim.bio.params import LIFParams
from neurosim.errors import FitError, NeurosimError, ParameterError, UnitError
from neurosim.units import check_quantity

__all__ = ["FAMILIES", "Family", "FitResult", "fit_activation", "fit_all", "format_table"]

#: Largest exponent evaluated by the exponential family (``exp(700)`` is
#: near the float maximum); bounds keep fits inside it.
_EXP_LIMIT = 700.0


# --------------------------------------------------------------------------
# Families: model, Jacobian, starting points and bounds derived from the data.


@dataclass(frozen=True)
class _Data:
    """Summary of an f-I data set in internal units (x in nA, y in Hz)."""

    x: np.ndarray
    y: np.ndarray

    @property
    def span(self) -> float:
        return float(self.x.max() - self.x.min())

    @property
    def y_max(self) -> float:
        return float(self.y.max())

    def onset(self) -> float:
        """Current where firing starts: between the last silent point and the first firing one."""
        order = np.argsort(self.x)
        x, y = self.x[order], self.y[order]
        firing = np.flatnonzero(y > 0.02 * self.y_max)
        first = int(firing[0])
        if first == 0:
            return float(x[0])
        return 0.5 * float(x[first - 1] + x[first])

    def firing_line(self) -> tuple[float, float]:
        """Straight line (slope, intercept) through the points that fire."""
        firing = self.y > 0.02 * self.y_max
        if np.count_nonzero(firing) >= 2 and np.ptp(self.x[firing]) > 0:
            slope, intercept = np.polyfit(self.x[firing], self.y[firing], 1)
            if slope > 0:
                return float(slope), float(intercept)
        return self.y_max / max(self.span, 1e-12), 0.0


@dataclass(frozen=True)
class Family:
    """An activation family: formula, parameters with units, model and Jacobian.

    Attributes
    ----------
    name : str
    formula : str
        The model as plain text (currents ``I``, rate ``r``).
    param_names : tuple of str
    param_units : tuple of Quantity
        The unit of each parameter in the internal scaling (currents in nA,
        rates in Hz, times in s); ``FitResult.params`` carries them.
    display_units : tuple of (Quantity, str)
        Unit and its name used when printing each parameter.
    model : callable ``(x, p) -> y``
    jacobian : callable ``(x, p) -> (n, k) array``
    starts : callable ``(_Data) -> list of p``
        Starting points derived from the data (several: best fit is kept).
    bounds : callable ``(_Data) -> (lower, upper)``
    extra_runs : callable ``(_Data) -> list of (start, (lower, upper))``, optional
        Further runs inside narrower bounds (see ``_lif_gap_runs``).
    """

    name: str
    formula: str
    param_names: tuple
    param_units: tuple
    display_units: tuple
    model: Callable
    jacobian: Callable
    starts: Callable
    bounds: Callable
    extra_runs: Callable = None

    @property
    def n_params(self) -> int:
        return len(self.param_names)


def _linear(x, p):
    gain, r0 = p
    return gain * x + r0


def _linear_jac(x, p):
    return np.column_stack([x, np.ones_like(x)])


def _exponential(x, p):
    r0, a = p
    return r0 * np.exp(np.clip(a * x, -_EXP_LIMIT, _EXP_LIMIT))


def _exponential_jac(x, p):
    r0, a = p
    e = np.exp(np.clip(a * x, -_EXP_LIMIT, _EXP_LIMIT))
    return np.column_stack([e, r0 * x * e])


def _exponential_starts(d: _Data):
    firing = d.y > 0.02 * d.y_max
    starts = []
    if np.count_nonzero(firing) >= 2 and np.ptp(d.x[firing]) > 0:
        a, log_r0 = np.polyfit(d.x[firing], np.log(d.y[firing]), 1)
        starts.append([float(np.exp(np.clip(log_r0, -_EXP_LIMIT, _EXP_LIMIT))), float(a)])
    # Through the largest rate with an e-folding of a quarter of the range.
    x_top = float(d.x[np.argmax(d.y)])
    a = 4.0 / max(d.span, 1e-12)
    starts.append([d.y_max * float(np.exp(-np.clip(a * x_top, -_EXP_LIMIT, _EXP_LIMIT))), a])
    return [_clip_start(s, _exponential_bounds(d)) for s in starts]


def _exponential_bounds(d: _Data):
    a_max = _EXP_LIMIT / max(float(np.max(np.abs(d.x))), 1e-12)
    return [0.0, -a_max], [np.inf, a_max]


def _sigmoid(x, p):
    r_max, a, i0 = p
    return r_max * special.expit(a * (x - i0))


def _sigmoid_jac(x, p):
    r_max, a, i0 = p
    s = special.expit(a * (x - i0))
    ds = s * (1.0 - s)
    return np.column_stack([s, r_max * ds * (x - i0), -r_max * ds * a])


def _sigmoid_starts(d: _Data):
    slope, _ = d.firing_line()
    starts = []
    for factor in (1.05, 1.5, 3.0):
        r_max = factor * d.y_max
        # Half-maximum where the data first reach r_max/2 (or the top end).
        above = d.x[d.y >= 0.5 * r_max]
        i0 = float(above.min()) if above.size else float(d.x.max()) + 0.25 * d.span
        starts.append([r_max, 4.0 * slope / r_max, i0])
    return [_clip_start(s, _sigmoid_bounds(d)) for s in starts]


def _sigmoid_bounds(d: _Data):
    return [0.0, 1e-6 / max(d.span, 1e-12), d.x.min() - 10 * d.span], \
           [np.inf, 1e6 / max(d.span, 1e-12), d.x.max() + 10 * d.span]


def _relu(x, p):
    gain, i0 = p
    return gain * np.maximum(0.0, x - i0)


def _relu_jac(x, p):
    gain, i0 = p
    return np.column_stack([np.maximum(0.0, x - i0), -gain * (x > i0)])


def _relu_starts(d: _Data):
    """Global search over the threshold: for each candidate the best gain is closed-form.

    For a threshold ``c`` the fit uses only the points with ``x > c``; with
    suffix sums over the sorted data every candidate costs O(log n).
    """
    order = np.argsort(d.x)
    x, y = d.x[order], d.y[order]
    xs = np.unique(x)
    candidates = np.concatenate([
        xs, 0.5 * (xs[1:] + xs[:-1]), [d.onset()],
        xs.min() - d.span * np.array([0.05, 0.25, 1.0]),
    ])

    def suffix(values):  # suffix[k] = sum of values[k:]
        return np.concatenate([np.cumsum(values[::-1])[::-1], [0.0]])

    s1, s2, sy, sxy = suffix(x), suffix(x * x), suffix(y), suffix(x * y)
    count = suffix(np.ones_like(x))
    k = np.searchsorted(x, candidates, side="right")
    hh = s2[k] - 2 * candidates * s1[k] + candidates ** 2 * count[k]
    hy = sxy[k] - candidates * sy[k]
    ok = hh > 1e-12 * max(d.span, 1e-12) ** 2
    sse = np.where(ok, float(y @ y) - np.where(ok, hy * hy / np.where(ok, hh, 1.0), 0.0), np.inf)
    best = np.argsort(sse)[:3]
    return [_clip_start([max(hy[i] / hh[i], 1e-12), candidates[i]], _relu_bounds(d))
            for i in best if np.isfinite(sse[i])] or [[d.firing_line()[0], d.onset()]]


def _relu_bounds(d: _Data):
    return [0.0, d.x.min() - 10 * d.span], [np.inf, d.x.max()]


def _softplus(x, p):
    gain, i0, width = p
    return gain * width * np.logaddexp(0.0, (x - i0) / width)


def _softplus_jac(x, p):
    gain, i0, width = p
    u = (x - i0) / width
    sp = np.logaddexp(0.0, u)
    s = special.expit(u)
    return np.column_stack([width * sp, -gain * s, gain * (sp - u * s)])


def _softplus_starts(d: _Data):
    relu = _relu_starts(d)[0]
    return [_clip_start([relu[0], relu[1], f * d.span], _softplus_bounds(d)) for f in (0.02, 0.1, 0.3)]


def _softplus_bounds(d: _Data):
    return [0.0, d.x.min() - 10 * d.span, 1e-6 * d.span], [np.inf, d.x.max() + d.span, 10 * d.span]


def _lif_terms(x, p):
    """Shared pieces of the LIF family: mask of firing points, z, u = leak*Q/z, L, r."""
    i_rh, t_ref, charge, leak = p
    z = x - i_rh
    above = z > 0
    zs = np.maximum(z[above], 1e-200)
    q_over_z = charge / zs
    u = np.minimum(leak * q_over_z, 1e300)
    # L = ln(1 + u)/leak = (Q/z) * ln(1 + u)/u; the ratio -> 1 as u -> 0 (no leak).
    small = u < 1e-8
    ratio = np.where(small, 1.0 - 0.5 * u, np.log1p(u) / np.where(small, 1.0, u))
    log_term = q_over_z * ratio
    rate = 1.0 / (t_ref + log_term)
    return above, zs, q_over_z, u, log_term, rate


def _lif(x, p):
    above, _, _, _, _, rate = _lif_terms(x, p)
    out = np.zeros_like(x, dtype=float)
    out[above] = rate
    return out


def _lif_jac(x, p):
    i_rh, t_ref, charge, leak = p
    above, zs, q_over_z, u, log_term, rate = _lif_terms(x, p)
    r2 = rate * rate
    jac = np.zeros((len(x), 4))
    # dL/dz = -Q/(z (z + leak Q)), dL/dQ = 1/(z + leak Q),
    # dL/dleak = (Q/z)**2 * (u/(1+u) - ln(1+u))/u**2, -> -(Q/z)**2/2 as u -> 0.
    denom = zs + leak * charge
    small = u < 1e-3
    us = np.where(small, 1.0, u)
    h = np.where(small, -0.5 + u * (2.0 / 3.0 - 0.75 * u), (us / (1.0 + us) - np.log1p(us)) / (us * us))
    jac[above, 0] = -r2 * charge / (zs * denom)
    jac[above, 1] = -r2
    jac[above, 2] = -r2 / denom
    jac[above, 3] = -r2 * q_over_z * q_over_z * h
    return jac


def _lif_profile(d: _Data, i_rh: float):
    """Best (t_ref, Q) for a fixed ``I_rh`` over a grid of leak rates: ``1/r`` is linear in both.

    Returns ``(sse, start)`` with the lowest squared error in rate.
    """
    firing = d.y > 0.02 * d.y_max
    x, inv_r = d.x[firing], 1.0 / d.y[firing]
    z = x - i_rh
    if np.any(z <= 0):
        return np.inf, None
    high = _lif_bounds(d)[1]
    # Leak rates from none (perfect integrator) to a membrane 20x faster than the fastest interval.
    best = (np.inf, None)
    for leak in d.y_max * np.array([0.0, 0.05, 0.2, 1.0, 5.0, 20.0]):
        shape = _lif_terms(x, [i_rh, 0.0, 1.0, leak])[4]  # L for Q = 1 (L is ~linear in Q)
        design = np.column_stack([np.ones_like(z), shape])
        (t_ref, charge), *_ = np.linalg.lstsq(design, inv_r, rcond=None)
        start = [float(i_rh), float(np.clip(t_ref, 0.0, high[1])),
                 float(np.clip(charge, 1e-6 * d.span / d.y_max, high[2])), float(leak)]
        sse = float(np.sum((_lif(d.x, start) - d.y) ** 2))
        if sse < best[0]:
            best = (sse, start)
    return best


def _lif_starts(d: _Data):
    """Profile search over a grid of rheobases below the first firing current."""
    low, high = _lif_bounds(d)
    x_fire = float(d.x[d.y > 0.02 * d.y_max].min())
    below = x_fire - np.array([1e-3, 0.01, 0.03, 0.1, 0.3]) * max(d.span, 1e-12)
    rh_grid = np.unique(np.clip(np.concatenate([[d.onset()], below]), low[0], x_fire - 1e-9 * d.span))
    scored = sorted((_lif_profile(d, i_rh) for i_rh in rh_grid), key=lambda item: item[0])
    starts = [start for sse, start in scored[:3] if start is not None]
    if not starts:
        starts = [[d.onset() - 0.01 * d.span, 0.2 / d.y_max, 0.5 * d.span / d.y_max, d.y_max]]
    return [_clip_start(s, (low, high)) for s in starts]


def _lif_gap_runs(d: _Data):
    """Extra runs with ``I_rh`` confined between neighbouring currents near the onset.

    The model is not differentiable in ``I_rh`` where ``I_rh`` meets a data
    current (the rate there leaves 0 with infinite slope), so a free run
    stalls on the last silent current.  Inside one gap between currents the
    problem is smooth; the three gaps below the first firing point are tried.
    """
    low, high = _lif_bounds(d)
    xs = np.unique(d.x)
    first = int(np.searchsorted(xs, float(d.x[d.y > 0.02 * d.y_max].min())))
    runs = []
    for k in range(first, max(first - 3, 0), -1):
        gap_low, gap_high = float(xs[k - 1]), float(xs[k])
        sse, start = _lif_profile(d, 0.5 * (gap_low + gap_high))
        if start is None:
            continue
        bounds = ([gap_low, *low[1:]], [gap_high, *high[1:]])
        runs.append((_clip_start(start, bounds), bounds))
    return runs


def _lif_bounds(d: _Data):
    # Internal units: currents nA, times s, charge nA*s, leak rate 1/s.
    scale = max(d.span, abs(float(d.x.max())), 1e-12)
    return [d.x.min() - 10 * d.span, 0.0, 1e-12 * scale, 0.0], \
           [d.x.max(), 1.0, 1e3 * scale, 1e5]


def _clip_start(start, bounds):
    """Move a starting point strictly inside the bounds (least_squares needs that)."""
    low, high = (np.asarray(b, dtype=float) for b in bounds)
    start = np.asarray(start, dtype=float)
    width = np.where(np.isfinite(high - low), high - low, np.abs(start) + 1.0)
    margin = 1e-9 * width
    return np.clip(start, low + margin, high - margin)


def _linear_starts(d: _Data):
    return [np.array(d.firing_line())]


def _linear_bounds(d: _Data):
    return [-np.inf, -np.inf], [np.inf, np.inf]


_HZ_PER_NA = Hz / nA
_PER_NA = 1 / nA

#: The fitted families, by name, in the order of the article and then ours.
FAMILIES: dict[str, Family] = {
    "linear": Family(
        "linear", "r = gain * I + r_0", ("gain", "r_0"), (_HZ_PER_NA, Hz),
        ((_HZ_PER_NA, "Hz/nA"), (Hz, "Hz")),
        _linear, _linear_jac, _linear_starts, _linear_bounds),
    "exponential": Family(
        "exponential", "r = r_0 * exp(a * I)", ("r_0", "a"), (Hz, _PER_NA),
        ((Hz, "Hz"), (_PER_NA, "1/nA")),
        _exponential, _exponential_jac, _exponential_starts, _exponential_bounds),
    "sigmoid": Family(
        "sigmoid", "r = r_max / (1 + exp(-a * (I - I_0)))", ("r_max", "a", "I_0"),
        (Hz, _PER_NA, nA), ((Hz, "Hz"), (_PER_NA, "1/nA"), (nA, "nA")),
        _sigmoid, _sigmoid_jac, _sigmoid_starts, _sigmoid_bounds),
    "relu": Family(
        "relu", "r = gain * max(0, I - I_0)", ("gain", "I_0"), (_HZ_PER_NA, nA),
        ((_HZ_PER_NA, "Hz/nA"), (nA, "nA")),
        _relu, _relu_jac, _relu_starts, _relu_bounds),
    "softplus": Family(
        "softplus", "r = gain * width * ln(1 + exp((I - I_0) / width))", ("gain", "I_0", "width"),
        (_HZ_PER_NA, nA, nA), ((_HZ_PER_NA, "Hz/nA"), (nA, "nA"), (nA, "nA")),
        _softplus, _softplus_jac, _softplus_starts, _softplus_bounds),
    "lif": Family(
        "lif", "r = 1 / (t_ref + ln(1 + leak*Q/(I - I_rh)) / leak) for I > I_rh, else 0",
        ("I_rh", "t_ref", "Q", "leak"), (nA, second, nA * second, Hz),
        ((nA, "nA"), (ms, "ms"), (pcoulomb, "pC"), (Hz, "1/s")),
        _lif, _lif_jac, _lif_starts, _lif_bounds, _lif_gap_runs),
}


# --------------------------------------------------------------------------
# Results.


@dataclass(frozen=True, eq=False)
class FitResult:
    """One activation family fitted to an f-I curve.

    Attributes
    ----------
    family : str
        A key of :data:`FAMILIES`.
    formula : str
    params : dict of str -> Quantity
        Best-fit parameters with their units (empty when the fit failed).
    stderr : dict of str -> Quantity
        Standard errors from the Jacobian at the optimum.
    ci : dict of str -> (Quantity, Quantity)
        Confidence intervals at level ``confidence`` (Student t, ``n - k``
        degrees of freedom); NaN when ``n == k``.
    confidence : float
    r2 : float
        Coefficient of determination ``1 - RSS/TSS``.
    rmse : Quantity (frequency)
        ``sqrt(RSS/n)``.
    aic : float
        ``n ln(RSS/n) + 2k`` (RSS in Hz**2; only differences between fits
        to the same data mean anything).
    residuals : Quantity (frequency)
        Data minus fit, per point.
    n_points : int
    success : bool
    message : str
        Why the fit failed, or the optimiser's note (e.g. a parameter at its
        bound).
    meaning : str
        The biological reading of the parameters.
    """

    family: str
    formula: str
    params: dict
    stderr: dict
    ci: dict
    confidence: float
    r2: float
    rmse: Quantity
    aic: float
    residuals: Quantity
    n_points: int
    success: bool
    message: str
    meaning: str
    _values: np.ndarray = field(repr=False, default=None)

    @property
    def n_params(self) -> int:
        return FAMILIES[self.family].n_params

    def predict(self, currents) -> Quantity:
        """Return the fitted rate (Hz) at ``currents`` (Quantity, amp; any shape).

        Raises
        ------
        FitError
            If the fit failed (the message says why).
        """
        if not self.success:
            raise FitError(f"{self.family}: the fit failed ({self.message}); nothing to predict")
        currents = check_quantity(currents, "currents", amp)
        x = np.asarray(currents / nA, dtype=float)
        y = FAMILIES[self.family].model(np.atleast_1d(x).ravel(), self._values)
        return y.reshape(x.shape) * Hz

    def param_text(self) -> str:
        """The parameters as ``name = value unit`` text, e.g. ``gain = 84.2 Hz/nA``."""
        if not self.success:
            return "-"
        family = FAMILIES[self.family]
        parts = []
        for name, (unit, unit_name) in zip(family.param_names, family.display_units):
            parts.append(f"{name} = {float(self.params[name] / unit):.4g} {unit_name}")
        return ", ".join(parts)


def _failed(family: str, reason: str, n_points: int = 0) -> FitResult:
    formula = FAMILIES[family].formula if family in FAMILIES else ""
    return FitResult(
        family=family, formula=formula, params={}, stderr={}, ci={}, confidence=float("nan"),
        r2=float("nan"), rmse=float("nan") * Hz, aic=float("inf"),
        residuals=np.full(n_points, np.nan) * Hz, n_points=n_points, success=False,
        message=reason, meaning="", _values=None,
    )


# --------------------------------------------------------------------------
# Fitting.


def _check_data(currents, rates):
    currents = check_quantity(currents, "currents", amp)
    rates = check_quantity(rates, "rates", Hz)
    x = np.asarray(currents / nA, dtype=float)
    y = np.asarray(rates / Hz, dtype=float)
    if x.ndim != 1 or y.ndim != 1:
        raise ParameterError(f"currents and rates: must be one-dimensional, got shapes {x.shape} and {y.shape}")
    if x.shape != y.shape:
        raise ParameterError(f"currents and rates: must have the same length, got {len(x)} and {len(y)}")
    if np.any(y < 0):
        raise ParameterError(f"rates: must be >= 0 Hz, got a minimum of {y.min():g} Hz")
    return x, y


def _check_fittable(x, y, family: Family):
    if len(x) < family.n_params:
        raise FitError(
            f"{family.name}: needs at least {family.n_params} points for {family.n_params} parameters, "
            f"got {len(x)}")
    if not np.any(y > 0):
        raise FitError(f"{family.name}: all rates are 0 Hz; no firing to fit")
    if np.ptp(x) == 0:
        raise FitError(f"{family.name}: all currents are equal ({x[0]:g} nA); a curve needs a range of currents")
    if np.ptp(y) == 0:
        raise FitError(f"{family.name}: all rates are equal ({y[0]:g} Hz); nothing to fit")


def _solve(family: Family, data: _Data):
    """Least squares from every data-derived start; keep the lowest cost."""
    if family.name == "linear":  # linear least squares: exact, no iteration
        design = _linear_jac(data.x, None)
        p, *_ = np.linalg.lstsq(design, data.y, rcond=None)
        return p, True, "linear least squares"
    low, high = family.bounds(data)
    # Each start is run unscaled and scaled by the Jacobian: the LIF threshold
    # column is huge next to threshold, and scaling then stalls the threshold,
    # while for the sigmoid scaling helps.  Runs confined to narrower bounds
    # (extra_runs) are smooth problems and go unscaled.  The lowest cost wins.
    runs = [(start, (low, high), x_scale) for start in family.starts(data) for x_scale in (1.0, "jac")]
    if family.extra_runs is not None:
        runs += [(start, bounds, 1.0) for start, bounds in family.extra_runs(data)]
    exact = (1e-10 * data.y_max) ** 2 * len(data.y)  # cost of a fit exact to rounding

    def run(start, bounds, x_scale, max_nfev):
        return optimize.least_squares(
            lambda p: family.model(data.x, p) - data.y, start,
            jac=lambda p: family.jacobian(data.x, p), bounds=bounds, method="trf",
            x_scale=x_scale, ftol=1e-12, xtol=1e-12, gtol=1e-12, max_nfev=max_nfev,
        )

    # Race every run for a few dozen iterations, then let the best one finish.
    best = best_setup = None
    for start, bounds, x_scale in runs:
        if best is not None and best.cost <= exact:
            break
        sol = run(start, bounds, x_scale, 60)
        if np.all(np.isfinite(sol.fun)) and (best is None or sol.cost < best.cost):
            best, best_setup = sol, (bounds, x_scale)
    if best is not None and best.status == 0:  # stopped by the race, not converged
        sol = run(best.x, *best_setup, 500)
        if np.all(np.isfinite(sol.fun)) and sol.cost <= best.cost:
            best = sol
    if best is None:
        raise FitError(f"{family.name}: the optimiser produced no finite solution")
    note = ""
    scale = np.maximum(np.abs(best.x), 1e-12)
    at_bound = (np.abs(best.x - np.asarray(low)) <= 1e-9 * scale) | (np.abs(best.x - np.asarray(high)) <= 1e-9 * scale)
    active = np.flatnonzero(at_bound)
    if active.size:
        names = ", ".join(family.param_names[i] for i in active)
        note = f"; at its bound: {names}"
    return best.x, bool(best.status > 0), f"{best.message.rstrip('.')}{note}"


def fit_activation(currents, rates, family: str, *, params: LIFParams | None = None,
                   sigma=None, confidence: float = 0.95) -> FitResult:
    """Fit one activation family to an f-I curve by least squares.

    Parameters
    ----------
    currents : Quantity (current), shape (n,)
    rates : Quantity (frequency), shape (n,)
        Firing rates ``>= 0`` Hz, finite, not all zero.
    family : str
        A key of :data:`FAMILIES`: ``"linear"``, ``"exponential"``,
        ``"sigmoid"``, ``"relu"``, ``"softplus"`` or ``"lif"``.
    params : LIFParams, optional
        The neuron that produced the curve, if known: used only for the
        biological reading (fitted threshold against the true rheobase,
        ceiling against ``1/t_ref``, ...).
    sigma : Quantity (voltage), optional
        Its noise amplitude, for the reading of the softplus width.
    confidence : float
        Level of the confidence intervals, in (0, 1).

    Returns
    -------
    FitResult

    Raises
    ------
    UnitError
        If currents or rates lack their units.
    ParameterError
        Unknown family, mismatched lengths, negative or non-finite rates.
    FitError
        Fewer points than parameters, all-zero or constant rates, no range of
        currents.

    Notes
    -----
    Data are scaled to nA and Hz; each family is fitted with
    ``scipy.optimize.least_squares`` (trust-region reflective, analytic
    Jacobian, bounds derived from the data) from several data-derived
    starting points, keeping the best.  The ReLU threshold is found by a
    global search first (for a fixed threshold the best gain is
    closed-form), the LIF curve by a profile search (for fixed ``I_rh`` and
    ``leak``, ``1/r = t_ref + Q * shape(I)`` is linear in ``t_ref`` and
    ``Q``).  ``linear`` is solved exactly.

    Confidence intervals: ``cov = s**2 (J^T J)^+`` with
    ``s**2 = RSS/(n - k)``, half-width ``t_{(1+c)/2, n-k} * sqrt(diag(cov))``
    (Seber & Wild 1989, section 5.1); they assume independent Gaussian
    errors of equal variance and a locally linear model.

    References
    ----------
    See the module docstring.
    """
    if family not in FAMILIES:
        raise ParameterError(f"family: unknown name {family!r}; families: {', '.join(FAMILIES)}")
    if not (isinstance(confidence, float | int) and 0 < confidence < 1):
        raise ParameterError(f"confidence: must be in (0, 1), got {confidence!r}")
    fam = FAMILIES[family]
    x, y = _check_data(currents, rates)
    _check_fittable(x, y, fam)
    data = _Data(x, y)
    p, converged, message = _solve(fam, data)

    n, k = len(x), fam.n_params
    fitted = fam.model(x, p)
    residuals = y - fitted
    rss = float(residuals @ residuals)
    tss = float(np.sum((y - y.mean()) ** 2))
    floor = (1e-12 * float(np.max(np.abs(y)))) ** 2  # keeps AIC finite for an exact fit
    aic = n * float(np.log(max(rss / n, floor))) + 2 * k
    jac = fam.jacobian(x, p)
    if n > k:
        cov = (rss / (n - k)) * np.linalg.pinv(jac.T @ jac)
        stderr = np.sqrt(np.clip(np.diag(cov), 0.0, None))
        half = stats.t.ppf(0.5 + confidence / 2, n - k) * stderr
    else:
        stderr = half = np.full(k, np.nan)

    units = fam.param_units
    values = {name: float(v) * u for name, v, u in zip(fam.param_names, p, units)}
    result = FitResult(
        family=family, formula=fam.formula, params=values,
        stderr={name: float(s) * u for name, s, u in zip(fam.param_names, stderr, units)},
        ci={name: ((float(v) - float(h)) * u, (float(v) + float(h)) * u)
            for name, v, h, u in zip(fam.param_names, p, half, units)},
        confidence=float(confidence), r2=1.0 - rss / tss, rmse=np.sqrt(rss / n) * Hz, aic=aic,
        residuals=residuals * Hz, n_points=n, success=converged, message=message,
        meaning=_meaning(family, p, params, sigma), _values=np.asarray(p, dtype=float),
    )
    return result


def fit_all(curve, families: Sequence[str] | None = None, *, confidence: float = 0.95) -> list[FitResult]:
    """Fit every family to a simulated f-I curve; return them ranked best first.

    Parameters
    ----------
    curve : FICurve
        From :func:`neurosim.bio.fi_curve`.  The rates fitted are
        :func:`neurosim.bridge.rate_estimate` of the curve (the pooled
        inter-spike-interval rate, or spike count / duration where noisy
        trials have too few intervals for an unbiased ISI estimate).
    families : sequence of str, optional
        Names from :data:`FAMILIES` (default: all).
    confidence : float

    Returns
    -------
    list of FitResult
        Ranked by AIC, lowest (best) first; failed fits last, each with the
        reason in ``message``.  A family that cannot be fitted never raises.

    Notes
    -----
    Ranking by AIC rather than R**2: R**2 never decreases when a parameter
    is added, so it would always favour the 3- and 4-parameter families;
    ``AIC = n ln(RSS/n) + 2k`` charges each parameter, so a 2-parameter ReLU
    beats a 3-parameter softplus that fits no better.  With tens of points
    or more the ranking is in practice the ranking by residual error.
    """
    from neurosim.bio.fi import FICurve
    from neurosim.bridge.compare import rate_estimate

    if not isinstance(curve, FICurve):
        raise UnitError(f"curve: expected an FICurve (from neurosim.bio.fi_curve), got {type(curve).__name__}")
    names = list(FAMILIES) if families is None else list(families)
    for name in names:
        if name not in FAMILIES:
            raise ParameterError(f"families: unknown name {name!r}; families: {', '.join(FAMILIES)}")
    rates = rate_estimate(curve).rates
    results = []
    for name in names:
        try:
            results.append(fit_activation(curve.currents, rates, name, params=curve.params,
                                          sigma=curve.sigma, confidence=confidence))
        except NeurosimError as err:
            results.append(_failed(name, str(err), len(curve.currents)))
        except (ValueError, np.linalg.LinAlgError, FloatingPointError) as err:  # scipy's own complaints
            results.append(_failed(name, f"{type(err).__name__}: {err}", len(curve.currents)))
    return rank(results)


def rank(results: Sequence[FitResult]) -> list[FitResult]:
    """Sort fits best first: successful ones by AIC (ties: fewer parameters), failed last."""
    return sorted(results, key=lambda r: (not r.success, r.aic, r.n_params if r.family in FAMILIES else 99))


def format_table(results: Sequence[FitResult]) -> str:
    """Return the ranking as a text table (rank, family, R**2, RMSE, dAIC, parameters).

    ``dAIC`` is the AIC difference to the best fit: a difference above ~10
    means the worse family has essentially no support (Burnham & Anderson
    2002, section 2.6).
    """
    ok = [r for r in results if r.success]
    best_aic = min((r.aic for r in ok), default=0.0)
    header = f"{'#':>2}  {'family':<12}{'R^2':>9}{'RMSE (Hz)':>11}{'dAIC':>9}  parameters"
    lines = [header, "-" * max(len(header), 60)]
    for i, r in enumerate(results, 1):
        if r.success:
            lines.append(f"{i:>2}  {r.family:<12}{r.r2:>9.5f}{float(r.rmse / Hz):>11.3f}"
                         f"{r.aic - best_aic:>9.1f}  {r.param_text()}")
        else:
            lines.append(f"{i:>2}  {r.family:<12}{'failed':>9}{'':>11}{'':>9}  {r.message}")
    return "\n".join(lines)


# --------------------------------------------------------------------------
# Biological reading.


def _meaning(family: str, p, params: LIFParams | None, sigma) -> str:
    if not isinstance(params, LIFParams):
        params = None  # the reading against true values needs the LIF's closed forms
    rheobase = float(params.rheobase / nA) if params is not None else None
    ceiling = (float(1 / params.t_ref / Hz) if params is not None and params.t_ref > 0 * ms else None)

    def vs_rheobase(i0: float) -> str:
        if rheobase is None:
            return ""
        if rheobase == 0:
            return f" (true rheobase {rheobase:.3g} nA)"
        return f" (true rheobase {rheobase:.3g} nA, {100 * (i0 - rheobase) / abs(rheobase):+.1f}%)"

    if family == "linear":
        gain, r0 = p
        crossing = f"crosses 0 Hz at {-r0 / gain:.3g} nA{vs_rheobase(-r0 / gain)}; " if gain != 0 else ""
        return (f"gain {gain:.3g} Hz per nA; {crossing}a straight line has neither threshold nor "
                f"ceiling and predicts negative rates below its crossing")
    if family == "exponential":
        r0, a = p
        fold = f"the rate e-folds every {1 / a:.3g} nA" if a != 0 else "flat"
        return (f"{fold} ({r0:.3g} Hz at 0 nA): the noise-driven onset of firing below threshold; "
                f"no threshold and no ceiling")
    if family == "sigmoid":
        r_max, a, i0 = p
        ref = f" (1/t_ref = {ceiling:.4g} Hz)" if ceiling is not None else ""
        return (f"ceiling r_max {r_max:.4g} Hz{ref}; half-maximal at {i0:.3g} nA; "
                f"steepest gain a*r_max/4 = {a * r_max / 4:.3g} Hz/nA")
    if family == "relu":
        gain, i0 = p
        return (f"threshold I_0 {i0:.3g} nA{vs_rheobase(i0)}; gain {gain:.3g} Hz/nA above it; "
                f"no ceiling (refractoriness ignored)")
    if family == "softplus":
        gain, i0, width = p
        noise = ""
        if params is not None and sigma is not None and float(sigma / mV) > 0:
            noise = f" (noise sigma/R_m = {float(sigma / params.R_m / nA):.3g} nA)"
        return (f"threshold I_0 {i0:.3g} nA{vs_rheobase(i0)}, smoothed over {width:.3g} nA{noise}; "
                f"gain {gain:.3g} Hz/nA far above it")
    if family == "lif":
        i_rh, t_ref, charge, leak = p
        tau = f"tau_m = 1/leak {1e3 / leak:.3g} ms" if leak > 0 else "no leak (perfect integrator)"
        text = (f"rheobase {i_rh:.3g} nA{vs_rheobase(i_rh)}; t_ref {t_ref * 1e3:.3g} ms; "
                f"charge from reset to threshold Q = C_m (V_th - V_reset) {charge * 1e3:.3g} pC; {tau}")
        if params is None:
            return text
        true_q = float(params.C_m * (params.V_th - params.V_reset) / pcoulomb)
        return (text + f" (true: t_ref {float(params.t_ref / ms):.3g} ms, Q {true_q:.3g} pC, "
                f"tau_m {float(params.tau_m / ms):.3g} ms)")
    return ""
