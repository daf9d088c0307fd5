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
.. [4] Hurvich, C. M. & Tsai, C.-L. (1989). Regression and time series model
   selection in small samples. *Biometrika* 76, 297-307 (AICc).
.. [3] Branch, M. A., Coleman, T. F. & Li, Y. (1999). A subspace, interior,
   and conjugate gradient method for large-scale bound-constrained
   minimization problems. *SIAM J. Sci. Comput.* 21, 1-23 (the "trf"
   method of ``scipy.optimize.least_squares``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from brian2 import Hz, Quantity, amp, mV, nA, second
from scipy import optimize, stats

from neurosim.bio.models.lif import LIFParams
from neurosim.bio.theory import has_lif_theory
from neurosim.bridge.fit_families import FAMILIES, Family, _Data
from neurosim.bridge.fit_report import READINGS
from neurosim.errors import DataError, FitError, NeurosimError
from neurosim.provenance import Result
from neurosim.units import check_quantity
from neurosim.validation import check_choice, check_instance, check_real

__all__ = ["FitResult", "fit_activation", "fit_all", "rank"]


@dataclass(frozen=True, eq=False)
class FitResult(Result):
    """One activation family fitted to an f-I curve.

    Attributes
    ----------
    family : str
        A key of :data:`FAMILIES`.
    formula : str
    values : dict of str -> Quantity
        Best-fit parameter values with their units (empty when the fit failed).
    stderr : dict of str -> Quantity
        Standard errors from the Jacobian at the optimum.
    ci : dict of str -> (Quantity, Quantity)
        Confidence intervals at level ``confidence``; NaN when ``n == k``.
        What they mean: see :func:`fit_activation` (Notes).
    confidence : float
    weighted : bool
        True when the fit was weighted by known standard errors of the rates.
    r2 : float
        Coefficient of determination ``1 - RSS/TSS`` (unweighted).
    rmse : Quantity (frequency)
        ``sqrt(RSS/n)`` (unweighted).
    aic : float
        Unweighted: ``n ln(RSS/n) + 2k`` (RSS in Hz**2); weighted:
        ``chi**2 + 2k``.  Only differences between fits to the same data mean
        anything.
    aicc : float
        ``aic + 2k(k + 1)/(n - k - 1)``, the small-sample correction (infinite
        when ``n <= k + 1``); fits are ranked by it.
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
    values: dict
    stderr: dict
    ci: dict
    confidence: float
    weighted: bool
    r2: float
    rmse: Quantity
    aic: float
    aicc: float
    residuals: Quantity
    n_points: int
    success: bool
    message: str
    meaning: str
    _values: np.ndarray = field(repr=False, default=None)

    @property
    def n_params(self) -> int:
        return FAMILIES[self.family].n_params

    @property
    def settings(self) -> dict:
        """How the fit was made: family, confidence level, weighting, number of points."""
        return {"family": self.family, "formula": self.formula, "confidence": self.confidence,
                "weighted": self.weighted, "n_points": self.n_points}

    def summary(self) -> dict:
        """The fitted parameters as text, R^2, RMSE (Hz), AICc and whether the fit worked."""
        return {"family": self.family, "values": self.param_text(), "r2": float(self.r2),
                "rmse_Hz": float(self.rmse / Hz), "aicc": float(self.aicc),
                "success": self.success, "message": self.message}

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
            parts.append(f"{name} = {float(self.values[name] / unit):.4g} {unit_name}")
        return ", ".join(parts)


def _failed(family: str, reason: str, n_points: int = 0) -> FitResult:
    formula = FAMILIES[family].formula if family in FAMILIES else ""
    return FitResult(
        family=family, formula=formula, values={}, stderr={}, ci={}, confidence=float("nan"),
        weighted=False, r2=float("nan"), rmse=float("nan") * Hz, aic=float("inf"),
        aicc=float("inf"),
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
        raise DataError(f"currents and rates: must be one-dimensional, got shapes {x.shape} "
                        f"and {y.shape}")
    if x.shape != y.shape:
        raise DataError(f"currents and rates: must have the same length, got {len(x)} "
                        f"and {len(y)}")
    if np.any(y < 0):
        raise DataError(f"rates: must be >= 0 Hz, got a minimum of {y.min():g} Hz")
    for name, values, unit in (("currents", x, "nA"), ("rates", y, "Hz")):
        if not np.all(np.abs(values) <= _LARGEST):  # also NaN and inf
            raise DataError(f"{name}: must be finite and within +-{_LARGEST:g} {unit} (the fit "
                            f"squares and sums them), got {np.max(np.abs(values)):g} {unit}")
    return x, y


#: Largest |current| (nA) and rate (Hz) fitted: squares of 40-point sums stay far below the
#: largest float (1.8e308).
_LARGEST = 1e100


def _check_stderr(stderr, n) -> np.ndarray | None:
    """Weights ``1/stderr``, or None when the standard errors are not all known and > 0."""
    if stderr is None:
        return None
    se = np.asarray(check_quantity(stderr, "stderr", Hz) / Hz, dtype=float)
    if se.shape != (n,):
        raise DataError(f"stderr: must have one value per rate ({n}), got shape {se.shape}")
    if np.any(se < 0):
        raise DataError(f"stderr: must be >= 0 Hz, got a minimum of {se.min():g} Hz")
    return 1.0 / se if np.all(se > 0) else None


def _check_fittable(x, y, family: Family):
    if len(x) < family.n_params:
        raise FitError(
            f"{family.name}: needs at least {family.n_params} points for {family.n_params} "
            f"parameters, got {len(x)}")
    if not np.any(y > 0):
        raise FitError(f"{family.name}: all rates are 0 Hz; no firing to fit")
    if np.ptp(x) == 0:
        raise FitError(f"{family.name}: all currents are equal ({x[0]:g} nA); a curve needs a "
                       "range of currents")
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
    runs = [(start, (low, high), x_scale) for start in family.starts(data)
            for x_scale in (1.0, "jac")]
    if family.extra_runs is not None:
        runs += [(start, bounds, 1.0) for start, bounds in family.extra_runs(data)]
    w = data.w
    exact = float(np.sum((1e-10 * data.y_max * w) ** 2))  # cost of a fit exact to rounding

    def run(start, bounds, x_scale, max_nfev):
        return optimize.least_squares(
            lambda p: (family.model(data.x, p) - data.y) * w, start,
            jac=lambda p: family.jacobian(data.x, p) * w[:, None], bounds=bounds, method="trf",
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
    at_bound = ((np.abs(best.x - np.asarray(low)) <= 1e-9 * scale)
                | (np.abs(best.x - np.asarray(high)) <= 1e-9 * scale))
    active = np.flatnonzero(at_bound)
    if active.size:
        names = ", ".join(family.param_names[i] for i in active)
        note = f"; at its bound: {names}"
    return best.x, bool(best.status > 0), f"{best.message.rstrip('.')}{note}"


def _solved(family: Family, data: _Data):
    """:func:`_solve`, kept in the results cache when it is in use
    (:mod:`neurosim.results_cache`, keyed by the family, the exact data and weights, and
    scipy's version): the iterative least squares is the only costly part of a fit,
    everything else is computed from its solution, so a fit served from the cache equals a
    fresh one.  Linear families are solved in closed form, not kept."""
    from neurosim import results_cache

    if family.closed_form is not None or not results_cache.enabled():
        return _solve(family, data)

    def compute():
        p, converged, message = _solve(family, data)
        return {"p": np.asarray(p, dtype=float), "converged": np.asarray(bool(converged)),
                "message": np.asarray(str(message))}

    found = results_cache.cached_arrays("fit_solution", {
        "family": family.name, "x": np.asarray(data.x, dtype=float),
        "y": np.asarray(data.y, dtype=float), "w": np.asarray(data.w, dtype=float)}, compute,
        extra_versions=("scipy",))
    return found["p"], bool(found["converged"]), str(found["message"])


def fit_activation(currents, rates, family: str, *, params: LIFParams | None = None,
                   sigma=None, confidence: float = 0.95, stderr=None) -> FitResult:
    """Fit one activation family to an f-I curve by (weighted) least squares.

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
    stderr : Quantity (frequency), shape (n,), optional
        Standard errors of the rates (e.g. ``rate_estimate(curve).stderr``).
        When given and all > 0 the fit is weighted by ``1/stderr``;
        otherwise (unknown, or zero as for a noise-free curve) unweighted.

    Returns
    -------
    FitResult

    Raises
    ------
    UnitError
        If currents or rates lack their units.
    ParameterError
        Unknown family or confidence level.
    DataError
        Mismatched lengths, negative or non-finite rates or standard errors.
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

    Unweighted (standard errors unknown): ``cov = s**2 (J^T J)^+`` with
    ``s**2 = RSS/(n - k)``, half-width ``t_{(1+c)/2, n-k} * sqrt(diag(cov))``
    (Seber & Wild 1989, section 5.1), ``AIC = n ln(RSS/n) + 2k``.  Weighted
    (standard errors ``s_i`` known): residuals ``(y_i - f_i)/s_i``,
    ``cov = (J_w^T J_w)^+`` with the known errors (no rescaling by the
    residuals), half-width ``z_{(1+c)/2} * sqrt(diag(cov))``, and
    ``AIC = chi**2 + 2k`` (``-2 ln L`` up to a constant for Gaussian errors of
    known variance; Burnham & Anderson 2002, section 2.2).  Both rank by
    ``AICc = AIC + 2k(k + 1)/(n - k - 1)`` (Hurvich & Tsai 1989), the
    correction that matters at the 20-60 points of an f-I curve.

    What the intervals mean: the range that would contain the parameter in
    ``confidence`` of repeated experiments *if* the family were the true
    curve and the errors independent and Gaussian.  For a noise-free
    simulated curve there is no noise: the residuals are the family's
    misfit to the LIF curve, so the unweighted intervals measure how well
    the data pin down the best-fitting member of a wrong family, not a
    sampling uncertainty; read them as a sensitivity, and compare families
    by AICc and residuals instead.

    References
    ----------
    See the module docstring.
    """
    check_choice(family, "family", FAMILIES)
    confidence = check_real(confidence, "confidence", low=0.0, high=1.0, low_open=True,
                            high_open=True)
    fam = FAMILIES[family]
    x, y = _check_data(currents, rates)
    weights = _check_stderr(stderr, len(x))
    _check_fittable(x, y, fam)
    data = _Data(x, y, weights)
    p, converged, message = _solved(fam, data)

    n, k = len(x), fam.n_params
    fitted = fam.model(x, p)
    residuals = y - fitted
    rss = float(residuals @ residuals)
    tss = float(np.sum((y - y.mean()) ** 2))
    jac = fam.jacobian(x, p)
    if weights is None:
        floor = (1e-12 * float(np.max(np.abs(y)))) ** 2  # keeps AIC finite for an exact fit
        aic = n * float(np.log(max(rss / n, floor))) + 2 * k
    else:
        aic = float(np.sum((residuals * weights) ** 2)) + 2 * k
    aicc = aic + 2 * k * (k + 1) / (n - k - 1) if n - k - 1 > 0 else float("inf")
    if n > k:
        if weights is None:
            cov = (rss / (n - k)) * np.linalg.pinv(jac.T @ jac)
            quantile = stats.t.ppf(0.5 + confidence / 2, n - k)
        else:
            jac_w = jac * weights[:, None]
            cov = np.linalg.pinv(jac_w.T @ jac_w)
            quantile = stats.norm.ppf(0.5 + confidence / 2)
        param_se = np.sqrt(np.clip(np.diag(cov), 0.0, None))
        half = quantile * param_se
    else:
        param_se = half = np.full(k, np.nan)

    units = fam.param_units
    values = {name: float(v) * u for name, v, u in zip(fam.param_names, p, units)}
    return FitResult(
        family=family, formula=fam.formula, values=values,
        stderr={name: float(s) * u for name, s, u in zip(fam.param_names, param_se, units)},
        ci={name: ((float(v) - float(h)) * u, (float(v) + float(h)) * u)
            for name, v, h, u in zip(fam.param_names, p, half, units)},
        confidence=confidence, weighted=weights is not None, r2=1.0 - rss / tss,
        rmse=np.sqrt(rss / n) * Hz, aic=aic, aicc=aicc, residuals=residuals * Hz, n_points=n,
        success=converged, message=message,
        # The reading against true values needs the LIF's closed forms.
        meaning=READINGS[family](p, params if has_lif_theory(params) else None, sigma),
        _values=np.asarray(p, dtype=float),
    )


def fit_all(curve, families: Sequence[str] | None = None, *,
            confidence: float = 0.95) -> list[FitResult]:
    """Fit every family to a simulated f-I curve; return them ranked best first.

    Parameters
    ----------
    curve : FICurve
        From :func:`neurosim.bio.fi_curve`.  The rates fitted are
        :func:`neurosim.bridge.rate_estimate` of the curve (the pooled
        inter-spike-interval rate, or spike count / duration where noisy
        trials have too few intervals for an unbiased ISI estimate), weighted
        by its standard errors when the curve is noisy (floored at
        ``1/(duration sqrt(n_trials))``, the resolution of a spike count);
        noise-free curves have none and are fitted unweighted.
    families : sequence of str, optional
        Names from :data:`FAMILIES` (default: all).
    confidence : float

    Returns
    -------
    list of FitResult
        Ranked by AICc, lowest (best) first; failed fits last, each with the
        reason in ``message``.  A family that cannot be fitted never raises.

    Notes
    -----
    Ranking by AICc rather than R**2: R**2 never decreases when a parameter
    is added, so it would always favour the 3- and 4-parameter families;
    AICc charges each parameter (more so for few points), so a 2-parameter
    ReLU beats a 3-parameter softplus that fits no better.
    """
    from neurosim.bio.fi import FICurve
    from neurosim.bridge.comparison import rate_estimate

    check_instance(curve, "curve", FICurve, hint="neurosim.bio.fi_curve(...)")
    names = list(FAMILIES) if families is None else list(families)
    for name in names:
        check_choice(name, "families", FAMILIES)
    estimate = rate_estimate(curve)
    stderr = None
    if float(curve.sigma / mV) > 0:
        # A spike count over T resolves a rate to 1/T per trial: points where every
        # trial agreed (all silent, say) have a sample deviation of 0, not a known
        # exact rate, so their standard error is floored at 1/(T sqrt(n_trials)).
        floor = 1.0 / (float(curve.duration / second) * np.sqrt(curve.n_trials))
        stderr = np.maximum(np.asarray(estimate.stderr / Hz), floor) * Hz
    results = []
    for name in names:
        try:
            results.append(fit_activation(curve.currents, estimate.rates, name,
                                          params=curve.params, sigma=curve.sigma,
                                          confidence=confidence, stderr=stderr))
        except NeurosimError as err:
            results.append(_failed(name, str(err), len(curve.currents)))
        except (ValueError, np.linalg.LinAlgError, FloatingPointError) as err:  # from scipy
            results.append(_failed(name, f"{type(err).__name__}: {err}", len(curve.currents)))
    return rank(results)


def rank(results: Sequence[FitResult]) -> list[FitResult]:
    """Sort fits best first: successful ones by AICc (ties: fewer parameters), failed last."""
    return sorted(results, key=lambda r: (not r.success, r.aicc, r.aic,
                                          r.n_params if r.family in FAMILIES else 99))
