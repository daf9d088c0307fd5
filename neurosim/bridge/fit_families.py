"""The activation families fitted to f-I curves: formula, model, Jacobian, starts, bounds.

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

Each family is data (:class:`Family`); :mod:`neurosim.bridge.fitting` fits
any of them without knowing their names, :mod:`neurosim.bridge.fit_report`
reads their parameters biologically.

References
----------
.. [1] Gerstner, W., Kistler, W. M., Naud, R. & Paninski, L. (2014).
   *Neuronal Dynamics*, Cambridge University Press, section 1.3.2 (the LIF
   gain function).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from brian2 import Hz, ms, nA, pcoulomb, second
from scipy import special

__all__ = ["FAMILIES", "Family"]

#: Largest exponent evaluated by the exponential family (``exp(700)`` is
#: near the float maximum); bounds keep fits inside it.
_EXP_LIMIT = 700.0


# --------------------------------------------------------------------------
# Families: model, Jacobian, starting points and bounds derived from the data.


@dataclass(frozen=True)
class _Data:
    """Summary of an f-I data set in internal units (x in nA, y in Hz).

    ``w`` are the least-squares weights ``1/stderr`` (ones when the standard
    errors are unknown).
    """

    x: np.ndarray
    y: np.ndarray
    w: np.ndarray = None

    def __post_init__(self):
        if self.w is None:
            object.__setattr__(self, "w", np.ones_like(self.y))

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
        rates in Hz, times in s); ``FitResult.values`` carries them.
    display_units : tuple of (Quantity, str)
        Unit and its name used when printing each parameter.
    model : callable ``(x, p) -> y``
    jacobian : callable ``(x, p) -> (n, k) array``
    starts : callable ``(_Data) -> list of p``
        Starting points derived from the data (several: best fit is kept).
    bounds : callable ``(_Data) -> (lower, upper)``
    extra_runs : callable ``(_Data) -> list of (start, (lower, upper))``, optional
        Further runs inside narrower bounds (see ``_lif_gap_runs``).
    closed_form : callable ``(_Data) -> p``, optional
        The exact least-squares solution, for a family linear in its
        parameters (then no iteration is run).
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
    closed_form: Callable = None

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
    return [_clip_start([relu[0], relu[1], f * d.span], _softplus_bounds(d))
            for f in (0.02, 0.1, 0.3)]


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
    h = np.where(small, -0.5 + u * (2.0 / 3.0 - 0.75 * u),
                 (us / (1.0 + us) - np.log1p(us)) / (us * us))
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
    rh_grid = np.unique(np.clip(np.concatenate([[d.onset()], below]), low[0],
                                x_fire - 1e-9 * d.span))
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


def _linear_lstsq(d: _Data):
    """(Weighted) linear least squares of ``gain * x + r_0`` (exact)."""
    p, *_ = np.linalg.lstsq(_linear_jac(d.x, None) * d.w[:, None], d.y * d.w, rcond=None)
    return p


_HZ_PER_NA = Hz / nA
_PER_NA = 1 / nA

#: The fitted families, by name, in the order of the article and then ours.
FAMILIES: dict[str, Family] = {
    "linear": Family(
        "linear", "r = gain * I + r_0", ("gain", "r_0"), (_HZ_PER_NA, Hz),
        ((_HZ_PER_NA, "Hz/nA"), (Hz, "Hz")),
        _linear, _linear_jac, _linear_starts, _linear_bounds, closed_form=_linear_lstsq),
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

