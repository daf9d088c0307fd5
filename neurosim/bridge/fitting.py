"""The fitting engine: least squares of any family, confidence intervals, AIC ranking.

:func:`fit_activation` fits one family of :data:`~neurosim.bridge.fit_families.FAMILIES`
(currents in nA, rates in Hz internally) and returns a :class:`FitResult`;
:func:`fit_all` fits every family to an :class:`~neurosim.bio.FICurve` and
ranks them (:func:`rank`).  The engine never branches on a family's name.

References
----------
.. [1] Akaike, H. (1974). A new look at the statistical model
   identification. *IEEE Trans. Automatic Control* 19, 716-723; the
   least-squares form ``AIC = n ln(RSS/n) + 2k`` as in Burnham, K. P. &
   Anderson, D. R. (2002). *Model Selection and Multimodel Inference*, 2nd
   ed., Springer, section 2.2.
.. [2] Seber, G. A. F. & Wild, C. J. (1989). *Nonlinear Regression*, Wiley,
   section 5.1 (confidence intervals from the Jacobian,
   ``cov = s**2 (J^T J)^-1``).
.. [3] Branch, M. A., Coleman, T. F. & Li, Y. (1999). A subspace, interior,
   and conjugate gradient method for large-scale bound-constrained
   minimization problems. *SIAM J. Sci. Comput.* 21, 1-23 (the "trf"
   method of ``scipy.optimize.least_squares``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from brian2 import Hz, Quantity, amp, nA
from scipy import optimize, stats

from neurosim.bio.params import LIFParams
from neurosim.bridge.fit_families import FAMILIES, Family, _Data
from neurosim.bridge.fit_report import READINGS
from neurosim.errors import FitError, NeurosimError, ParameterError, UnitError
from neurosim.units import check_quantity

__all__ = ["FitResult", "fit_activation", "fit_all", "rank"]


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
    if family.closed_form is not None:  # linear in its parameters: exact, no iteration
        return family.closed_form(data), True, "linear least squares"
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
        meaning=READINGS.get(family, lambda *_: '')(
            p, params if isinstance(params, LIFParams) else None, sigma), _values=np.asarray(p, dtype=float),
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
    from neurosim.bridge.comparison import rate_estimate

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
