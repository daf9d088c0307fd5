"""Reporting fits: the biological reading of each family's parameters, and the ranking table.

:data:`READINGS` maps a family's name to a function that turns its fitted
parameters into one sentence (threshold against the true rheobase, ceiling
against ``1/t_ref``, ...); :func:`format_table` prints a ranking; :func:`verdict` says
which family wins, or that the leaders tie (a difference of AICc below
:data:`TIE_DELTA_AICC`).

References
----------
.. [1] Burnham, K. P. & Anderson, D. R. (2002). *Model Selection and
   Multimodel Inference*, 2nd ed., Springer, section 2.6 (what an AIC
   difference means).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from brian2 import Hz, ms, mV, nA, pcoulomb

from neurosim.bio.models.lif import LIFParams

if TYPE_CHECKING:  # only for the annotation: fitting imports this module
    from neurosim.bridge.fitting import FitResult

__all__ = ["READINGS", "TIE_DELTA_AICC", "format_table", "tied", "verdict"]

#: Two fits whose AICc differ by less than this are a tie: both have substantial support
#: (Burnham & Anderson 2002, section 2.6: delta 0-2 [1]_).
TIE_DELTA_AICC = 2.0


def tied(aicc: dict) -> list[str]:
    """The families within :data:`TIE_DELTA_AICC` of the lowest AICc, best first.

    Parameters
    ----------
    aicc : dict
        ``{family: AICc}``; non-finite values (failed fits) are left out.
    """
    import math

    ranked = sorted((v, f) for f, v in aicc.items() if v is not None and math.isfinite(v))
    return [f for v, f in ranked if v - ranked[0][0] < TIE_DELTA_AICC] if ranked else []


def verdict(aicc: dict, name: Callable = str) -> str:
    """Which family fits best by AICc, said as a tie when the leaders are within 2.

    ``"sigmoid (ahead of ReLU by delta-AICc 4.5)"``, or ``"sigmoid and ReLU (a tie:
    delta-AICc 1.4 < 2)"``; ``name`` turns a family into the name shown. ``"none"`` when
    no fit succeeded.
    """
    import math

    ranked = sorted((v, f) for f, v in aicc.items() if v is not None and math.isfinite(v))
    if not ranked:
        return "none"
    lead = tied(aicc)
    if len(lead) > 1:
        names = [name(f) for f in lead]
        gap = ranked[len(lead) - 1][0] - ranked[0][0]
        return (f"{', '.join(names[:-1])} and {names[-1]} (a tie: delta-AICc {gap:.1f} < "
                f"{TIE_DELTA_AICC:g})")
    if len(ranked) == 1:
        return name(ranked[0][1])
    return (f"{name(ranked[0][1])} (ahead of {name(ranked[1][1])} by delta-AICc "
            f"{ranked[1][0] - ranked[0][0]:.1f})")


def format_table(results: Sequence[FitResult]) -> str:
    """Return the ranking as a text table (rank, family, R**2, RMSE, dAICc, parameters).

    ``dAICc`` is the AICc difference to the best fit: a difference above ~10
    means the worse family has essentially no support (Burnham & Anderson
    2002, section 2.6).
    """
    ok = [r for r in results if r.success]
    best_aic = min((r.aicc for r in ok), default=0.0)
    header = f"{'#':>2}  {'family':<12}{'R^2':>9}{'RMSE (Hz)':>11}{'dAICc':>9}  parameters"
    lines = [header, "-" * max(len(header), 60)]
    for i, r in enumerate(results, 1):
        if r.success:
            lines.append(f"{i:>2}  {r.family:<12}{r.r2:>9.5f}{float(r.rmse / Hz):>11.3f}"
                         f"{r.aicc - best_aic:>9.1f}  {r.param_text()}")
        else:
            lines.append(f"{i:>2}  {r.family:<12}{'failed':>9}{'':>11}{'':>9}  {r.message}")
    return "\n".join(lines)


def _vs_rheobase(i0: float, params: LIFParams | None) -> str:
    """`` (true rheobase 1 nA, +3.2%)`` when the neuron is known, else nothing."""
    if params is None:
        return ""
    rheobase = float(params.rheobase / nA)
    if rheobase == 0:
        return f" (true rheobase {rheobase:.3g} nA)"
    return f" (true rheobase {rheobase:.3g} nA, {100 * (i0 - rheobase) / abs(rheobase):+.1f}%)"


def _read_linear(p, params, sigma) -> str:
    gain, r0 = p
    crossing = ""
    if gain != 0:
        crossing = f"crosses 0 Hz at {-r0 / gain:.3g} nA{_vs_rheobase(-r0 / gain, params)}; "
    return (f"gain {gain:.3g} Hz per nA; {crossing}a straight line has neither threshold nor "
            f"ceiling and predicts negative rates below its crossing")


def _read_exponential(p, params, sigma) -> str:
    r0, a = p
    fold = f"the rate e-folds every {1 / a:.3g} nA" if a != 0 else "flat"
    if sigma is None:
        onset = ("like a noisy neuron's onset below threshold (a noise-free neuron is silent "
                 "there)")
    elif float(sigma / mV) > 0:
        onset = "like the noise-driven onset of firing below threshold"
    else:
        onset = ("but a noise-free neuron is silent below its threshold, which the exponential "
                 "cannot show")
    return f"{fold} ({r0:.3g} Hz at 0 nA): {onset}; no threshold and no ceiling"


def _read_sigmoid(p, params, sigma) -> str:
    r_max, a, i0 = p
    ref = ""
    if params is not None and params.t_ref > 0 * ms:
        ref = f" (1/t_ref = {float(1 / params.t_ref / Hz):.4g} Hz)"
    return (f"ceiling r_max {r_max:.4g} Hz{ref}; half-maximal at {i0:.3g} nA; "
            f"steepest gain a*r_max/4 = {a * r_max / 4:.3g} Hz/nA")


def _read_relu(p, params, sigma) -> str:
    gain, i0 = p
    return (f"threshold I_0 {i0:.3g} nA{_vs_rheobase(i0, params)}; gain {gain:.3g} Hz/nA above "
            f"it; no ceiling (refractoriness ignored)")


def _read_softplus(p, params, sigma) -> str:
    gain, i0, width = p
    noise = ""
    if params is not None and sigma is not None and float(sigma / mV) > 0:
        noise = f" (noise sigma/R_m = {float(sigma / params.R_m / nA):.3g} nA)"
    return (f"threshold I_0 {i0:.3g} nA{_vs_rheobase(i0, params)}, smoothed over {width:.3g} nA"
            f"{noise}; gain {gain:.3g} Hz/nA far above it")


def _read_lif(p, params, sigma) -> str:
    i_rh, t_ref, charge, leak = p
    tau = f"tau_m = 1/leak {1e3 / leak:.3g} ms" if leak > 0 else "no leak (perfect integrator)"
    text = (f"rheobase {i_rh:.3g} nA{_vs_rheobase(i_rh, params)}; t_ref {t_ref * 1e3:.3g} ms; "
            f"charge from reset to threshold Q = C_m (V_th - V_reset) {charge * 1e3:.3g} pC; "
            f"{tau}")
    if params is None:
        return text
    true_q = float(params.C_m * (params.V_th - params.V_reset) / pcoulomb)
    return (text + f" (true: t_ref {float(params.t_ref / ms):.3g} ms, Q {true_q:.3g} pC, "
            f"tau_m {float(params.tau_m / ms):.3g} ms)")


#: The biological reading of each family, by name: ``reading(p, params, sigma) -> str`` with
#: ``p`` the fitted values in internal units (nA, Hz, s), ``params`` the neuron that made the
#: curve (or None) and ``sigma`` its noise (or None).
READINGS: dict[str, Callable] = {
    "linear": _read_linear,
    "exponential": _read_exponential,
    "sigmoid": _read_sigmoid,
    "relu": _read_relu,
    "softplus": _read_softplus,
    "lif": _read_lif,
}
