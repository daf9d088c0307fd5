"""The adaptive exponential integrate-and-fire (AdEx) neuron of Brette & Gerstner (2005)."""

from __future__ import annotations

from dataclasses import field

import brian2
from brian2 import Quantity, ms, mV, nS, pA, pF

from neurosim.bio.models.base import (
    NOISE_TERM,
    BrianModel,
    ModelParams,
    NestCounterpart,
    exponential_diffusion,
    model_dataclass,
)
from neurosim.errors import ParameterError
from neurosim.units import readable

ADEX_EQUATIONS = """
dv/dt = (g_L*(E_L - v) + g_L*Delta_T*exp((v - V_T)/Delta_T) - w + I)/C{noise} : volt (unless refractory)
dw/dt = (a*(v - E_L) - w)/tau_w : amp
"""

#: The largest time step whatever the time constants: forward Euler's lag in the exponential
#: upswing puts the rate 5.6 % low at 0.1 ms for adex_tonic at 750 pA (see the class Notes).
MAX_DT = 0.1 * ms


@model_dataclass
class AdExParams(ModelParams):
    """Adaptive exponential integrate-and-fire neuron (EIF plus an adaptation current ``w``).

    Parameters
    ----------
    C : Quantity (capacitance)
        Membrane capacitance. Default 200 pF.
    g_L : Quantity (conductance)
        Leak conductance. Default 10 nS.
    E_L : Quantity (voltage)
        Leak reversal. Default -70 mV.
    V_T : Quantity (voltage)
        Threshold of the exponential. Default -50 mV.
    Delta_T : Quantity (voltage)
        Slope factor (> 0). Default 2 mV.
    tau_w : Quantity (time)
        Adaptation time constant. Default 30 ms.
    a : Quantity (conductance)
        Subthreshold adaptation (may be negative). Default 2 nS.
    b : Quantity (current)
        Spike-triggered adaptation increment (may be negative). Default 0 pA.
    V_reset : Quantity (voltage)
        Reset potential. Default -58 mV.
    V_peak : Quantity (voltage)
        Spike cut-off. Default 0 mV.
    t_ref : Quantity (time)
        Refractory period (``v`` clamped, ``w`` evolves). Default 0 ms.
    name, source : str

    The defaults are the "tonic" cell of Naud et al. (2008, Table 1).

    Notes
    -----
    (Brette & Gerstner 2005, Eqs. 1-2)::

        C dv/dt = -g_L (v - E_L) + g_L Delta_T exp((v - V_T)/Delta_T) - w + I
        tau_w dw/dt = a (v - E_L) - w
        if v > V_peak: spike, v <- V_reset, w <- w + b

    Forward Euler at dt 0.01 ms by default; with noise Euler-Maruyama and
    ``tau_noise = C/g_L``.  Start: ``v = E_L``, ``w = 0``.

    Largest dt: ``min(MAX_DT, min(C/g_L, tau_w)/10)``.  The second term keeps the linear
    parts of both equations stable; :data:`MAX_DT` (0.1 ms) bounds the error of the
    exponential upswing, where forward Euler lags behind the blow-up of ``v``: each interval
    is lengthened by about ``0.6 dt ln(C/(g_L dt))`` (measured on ``adex_tonic``: 4.7 dt at
    dt 0.01 ms, 3.3 dt at 0.1 ms, 2.4 dt at 1 ms), so the rate is low by about that times
    the rate, the error growing with the rate rather than with a time constant.  The
    measured band (:attr:`DT_BAND`, docs/bio.md, ``benchmarks/adex_dt_band.py``) is
    -0.84 % at the default dt and -5.6 % at 0.1 ms for ``adex_tonic`` at 750 pA (178 Hz); at
    1 ms it was -30 %.

    References
    ----------
    Brette, R. & Gerstner, W. (2005). Adaptive exponential integrate-and-fire
    model as an effective description of neuronal activity. J. Neurophysiol.
    94, 3637-3642.
    Naud, R., Marcille, N., Clopath, C. & Gerstner, W. (2008). Firing patterns
    in the adaptive exponential integrate-and-fire model. Biol. Cybern. 99,
    335-347.
    """

    MODEL = "adex"
    #: Rate error at the default dt and at the largest against the reference (measured:
    #: docs/bio.md).
    DT_BAND = ("-0.42% for adex_tonic at 500 pA against NEST aeif_psc_delta (forward "
               "Euler, first order); over 0.2-1.5x each preset's step current at most -0.84% "
               "at 0.01 ms and -5.6% at the largest dt, 0.1 ms (adex_tonic, 750 pA, 178 Hz; "
               "the chaotic adex_irregular +1.7% and +3.2%)")
    KEY_FIELDS = ("C", "g_L", "tau_w", "a", "b", "V_reset")
    SLIDERS = {"a": ("a (nS)", brian2.nS, 0.0, 4.0), "b": ("b (pA)", brian2.pA, 0.0, 4.0),
               "tau_w": ("tau_w (ms)", brian2.ms, 0.2, 5.0),
               "Delta_T": ("Delta_T (mV)", brian2.mV, 0.25, 4.0)}
    FIELD_UNITS = {
        "C": brian2.pF,
        "g_L": brian2.nS,
        "E_L": brian2.mV,
        "V_T": brian2.mV,
        "Delta_T": brian2.mV,
        "tau_w": brian2.ms,
        "a": brian2.nS,
        "b": brian2.pA,
        "V_reset": brian2.mV,
        "V_peak": brian2.mV,
        "t_ref": brian2.ms,
    }

    C: Quantity = field(default_factory=lambda: 200 * pF)
    g_L: Quantity = field(default_factory=lambda: 10 * nS)
    E_L: Quantity = field(default_factory=lambda: -70 * mV)
    V_T: Quantity = field(default_factory=lambda: -50 * mV)
    Delta_T: Quantity = field(default_factory=lambda: 2 * mV)
    tau_w: Quantity = field(default_factory=lambda: 30 * ms)
    a: Quantity = field(default_factory=lambda: 2 * nS)
    b: Quantity = field(default_factory=lambda: 0 * pA)
    V_reset: Quantity = field(default_factory=lambda: -58 * mV)
    V_peak: Quantity = field(default_factory=lambda: 0 * mV)
    t_ref: Quantity = field(default_factory=lambda: 0 * ms)
    name: str = field(default="custom", compare=False)
    source: str = field(default="", compare=False)

    def _check_ranges(self):
        self._positive("C", "g_L", "Delta_T", "tau_w")
        self._non_negative("t_ref")
        self._above("V_peak", "V_T")
        self._above("V_peak", "V_reset")

    @property
    def tau_m(self) -> Quantity:
        """Membrane time constant ``C/g_L``."""
        return self.C / self.g_L

    @property
    def adapting(self) -> bool:
        """True when ``a`` or ``b`` is nonzero (``w`` then grows with the rate)."""
        return bool(self.a != 0 * nS or self.b != 0 * pA)

    @property
    def settle_time(self) -> Quantity:
        """``3 tau_w`` with adaptation (``a`` or ``b`` nonzero; w within 5% of its steady
        state), 0 s without."""
        return 3 * self.tau_w if self.adapting else 0 * ms

    def nest_counterpart(self) -> NestCounterpart:
        """NEST's ``aeif_psc_delta``: the same AdEx equations (its ``V_th`` is ``V_T``).

        NEST integrates with GSL's adaptive RKF45 (converged); neurosim's forward Euler is
        first order in dt, so the two agree to first order (and the Richardson estimate of
        two neurosim steps to higher order).
        """
        return NestCounterpart(
            "aeif_psc_delta",
            {"C_m": float(self.C / pF), "g_L": float(self.g_L / nS), "E_L": float(self.E_L / mV),
             "V_th": float(self.V_T / mV), "Delta_T": float(self.Delta_T / mV),
             "tau_w": float(self.tau_w / ms), "a": float(self.a / nS), "b": float(self.b / pA),
             "V_reset": float(self.V_reset / mV), "V_peak": float(self.V_peak / mV),
             "t_ref": float(self.t_ref / ms), "V_m": float(self.E_L / mV), "w": 0.0},
            converged=True,
            integrator="GSL RKF45 (adaptive) against forward Euler: first order in dt",
            spike="v crosses V_peak (as neurosim)")

    @property
    def tau_noise(self) -> Quantity:
        return self.tau_m

    def diffusion(self, *, frozen_adaptation: bool = False) -> dict:
        """The voltage equation as a one-dimensional drift, for threshold integration.

        Without adaptation (``a = b = 0``) that is the whole model; with
        ``frozen_adaptation`` the voltage equation at fixed ``w`` (the adiabatic
        approximation adds ``-w`` to the current), else adaptation is refused.
        """
        if not frozen_adaptation and (float(self.a) != 0 or float(self.b) != 0):
            raise ParameterError(
                f"params: threshold integration needs a one-dimensional model; this AdExParams "
                f"has a = {self.a}, b = {self.b} (allowed: a = 0 nS and b = 0 nA; for adaptation "
                "use neurosim.bio.theory.adiabatic_rate)"
            )
        return exponential_diffusion(self, float(self.C) / float(self.g_L), 1.0 / float(self.g_L))

    def brian_model(self, noisy: bool = False) -> BrianModel:
        """This neuron for Brian2 (see Notes of the class)."""
        namespace = self.namespace()
        if noisy:
            namespace["tau_noise"] = self.tau_m
        limit = min(MAX_DT, min(self.tau_m, self.tau_w) / 10)
        return BrianModel(
            equations=ADEX_EQUATIONS.format(noise=NOISE_TERM if noisy else ""),
            threshold="v > V_peak",
            reset="v = V_reset\nw += b",
            refractory="t_ref",
            method="euler",
            namespace=namespace,
            initial={"v": "E_L", "w": "0*amp"},
            dt=0.01 * ms,
            max_dt=limit,
            max_dt_rule=f"min({readable(MAX_DT)}, min(C/g_L, tau_w)/10) = {readable(limit)}",
            state_variables=("w",),
            tau_noise=self.tau_m,
        )
