"""Error against time step: :func:`dt_convergence` runs one f-I curve per ``dt``.

Each curve is held against theory by :func:`neurosim.bridge.compare`; the
error's order in ``dt`` says which of the discretisation effects of
:mod:`neurosim.bridge.comparison` dominates.

References
----------
.. [1] Kloeden, P. E. & Platen, E. (1992). *Numerical Solution of
   Stochastic Differential Equations*, Springer, section 9.1 (Euler-Maruyama).
.. [2] Gobet, E. (2000). Weak approximation of killed diffusion using Euler
   schemes. *Stochastic Processes and their Applications* 87, 167-197.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from brian2 import Hz, Quantity, ms, mV, second

from neurosim.bio.fi import fi_curve
from neurosim.bio.models.lif import LIFParams
from neurosim.bridge.comparison import compare
from neurosim.errors import ParameterError
from neurosim.provenance import Result
from neurosim.units import check_quantity

__all__ = ["DtConvergence", "dt_convergence"]


@dataclass(frozen=True, eq=False)
class DtConvergence(Result):
    """Error of simulated rates against theory, for several time steps.

    Attributes
    ----------
    dts : Quantity (time), shape (m,)
    comparisons : list of Comparison
    max_abs_errors, mean_abs_errors : Quantity (frequency), shape (m,)
        ``max_abs_error`` and ``mean_abs_error`` of each comparison.
    mean_scaled_error : ndarray, shape (m,)
        Mean of ``error / (r**2 dt)`` over currents that fire: about 0.5
        without noise when ``dt`` divides ``t_ref`` (intervals shortened by
        ``dt/2`` on average), ``0.5 + f`` otherwise.
    order : float
        Slope of ``log(mean |error|)`` against ``log(dt)``: 1 without noise;
        with noise the ``sqrt(dt)`` missed-crossing term and the first-order
        grid term have opposite signs, so the slope lies between.
    """

    dts: Quantity
    comparisons: list
    max_abs_errors: Quantity
    mean_abs_errors: Quantity
    mean_scaled_error: np.ndarray
    order: float

    @property
    def settings(self) -> dict:
        """The first curve's settings, with every time step (JSON-ready)."""
        first = dict(self.comparisons[0].settings) if self.comparisons else {}
        first.pop("dt", None)
        return {**first, "dts_ms": np.asarray(self.dts / ms, dtype=float).tolist()}

    def summary(self) -> dict:
        """Per time step the largest and mean ``|error|`` (Hz), and the fitted order."""
        return {"dt_ms": np.asarray(self.dts / ms, dtype=float).tolist(),
                "max_abs_error_Hz": np.asarray(self.max_abs_errors / Hz, dtype=float).tolist(),
                "mean_abs_error_Hz": np.asarray(self.mean_abs_errors / Hz, dtype=float).tolist(),
                "order": float(self.order)}


def dt_convergence(
    params: LIFParams,
    currents,
    dts,
    *,
    sigma=0 * mV,
    duration=1 * second,
    n_trials: int = 1,
    seed: int | None = 0,
    target: str = "numpy",
) -> DtConvergence:
    """Simulate the same f-I curve at several time steps and measure the error.

    Parameters
    ----------
    params : LIFParams
    currents : Quantity (current), shape (n,)
    dts : Quantity (time), shape (m,)
        At least two distinct time steps, each valid for :func:`fi_curve`.
    sigma, duration, n_trials, seed, target
        As in :func:`neurosim.bio.fi_curve` (the same seed for every dt).

    Returns
    -------
    DtConvergence

    Notes
    -----
    Without noise the error is ``r**2 * dt * u`` with ``u`` in ``[0, 1)``
    (see :func:`discretisation_band`), so it is first order in ``dt``.

    References
    ----------
    Hansel, D., Mato, G., Meunier, C. & Neltner, L. (1998). On numerical
    simulations of integrate-and-fire neural networks. *Neural Computation*
    10, 467-483 (first-order error of grid-bound spike times).
    """
    check_quantity(dts, "dts", second)
    dts = np.atleast_1d(dts)
    if dts.ndim != 1 or len(np.unique(np.asarray(dts))) < 2:
        raise ParameterError(f"dts: need at least two distinct time steps, got {dts}")
    comparisons = []
    for dt in dts:
        curve = fi_curve(
            params,
            currents,
            duration=duration,
            dt=dt,
            sigma=sigma,
            n_trials=n_trials,
            seed=seed,
            target=target,
        )
        comparisons.append(compare(curve))
    max_err = np.array([float(c.max_abs_error / Hz) for c in comparisons])
    mean_err = np.array([float(c.mean_abs_error / Hz) for c in comparisons])
    scaled = []
    for c in comparisons:
        r = np.asarray(c.siegert / Hz)
        firing = r > 0
        dt_s = float(c.curve.dt / second)
        scaled.append(
            float(np.mean(np.asarray(c.error / Hz)[firing] / (r[firing] ** 2 * dt_s)))
            if np.any(firing)
            else float("nan")
        )
    dt_s = np.asarray(dts / second, dtype=float)
    usable = mean_err > 0
    order = (
        float(np.polyfit(np.log(dt_s[usable]), np.log(mean_err[usable]), 1)[0])
        if np.count_nonzero(usable) >= 2
        else float("nan")
    )
    return DtConvergence(
        dts=dts,
        comparisons=comparisons,
        max_abs_errors=max_err * Hz,
        mean_abs_errors=mean_err * Hz,
        mean_scaled_error=np.array(scaled),
        order=order,
    )
