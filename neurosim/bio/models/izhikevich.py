"""The simple model of Izhikevich (2007, ch. 8), in its dimensional form."""

from __future__ import annotations

from dataclasses import field

import brian2
from brian2 import Quantity, ms, mV, nS, pA, pF

from neurosim.bio.models.base import (
    NOISE_TERM,
    BrianModel,
    ModelParams,
    NestCounterpart,
    model_dataclass,
)
from neurosim.units import readable

IZHIKEVICH_EQUATIONS = """
dv/dt = (k*(v - v_r)*(v - v_t) - u + I)/C{noise} : volt
du/dt = a*(b*(v - v_r) - u) : amp
"""


@model_dataclass
class IzhikevichParams(ModelParams):
    """Izhikevich's simple model: a quadratic integrate-and-fire neuron with recovery ``u``.

    Parameters
    ----------
    C : Quantity (capacitance)
        Membrane capacitance. Default 100 pF.
    k : Quantity (conductance per voltage)
        Scale of the quadratic current. Default 0.7 nS/mV.
    v_r : Quantity (voltage)
        Resting potential. Default -60 mV.
    v_t : Quantity (voltage)
        Instantaneous threshold potential. Default -40 mV.
    v_peak : Quantity (voltage)
        Spike cut-off. Default 35 mV.
    a : Quantity (frequency)
        Recovery rate, 1/(time constant of ``u``). Default 0.03 /ms.
    b : Quantity (conductance)
        Coupling of ``u`` to ``v`` (negative: amplifying). Default -2 nS.
    c : Quantity (voltage)
        Reset potential. Default -50 mV.
    d : Quantity (current)
        Jump of ``u`` at each spike. Default 100 pA.
    name, source : str

    The defaults are the regular-spiking pyramidal cell (Izhikevich 2007, §8.2.1).

    Notes
    -----
    (Izhikevich 2007, Eqs. 8.5-8.6)::

        C dv/dt = k (v - v_r)(v - v_t) - u + I
        du/dt = a (b (v - v_r) - u)
        if v >= v_peak: spike, v <- c, u <- u + d

    Forward Euler at dt 0.01 ms by default; with noise Euler-Maruyama and
    ``tau_noise = C/(k (v_t - v_r))``, the membrane time constant at rest (the
    slope of the quadratic current there is ``k (v_r - v_t)``).  Start:
    ``v = v_r``, ``u = 0``.  This is the simple form only: the book's
    fast-spiking cell (nonlinear ``u`` nullcline) and low-threshold spiking
    cell (``v_peak`` depending on ``u``) are approximated by it.

    References
    ----------
    Izhikevich, E. M. (2007). *Dynamical Systems in Neuroscience: The Geometry
    of Excitability and Bursting*, MIT Press, ch. 8.
    """

    MODEL = "izhikevich"
    #: Rate error at the default dt against the reference (measured: docs/bio.md).
    DT_BAND = ("equal to NEST izhikevich (same forward Euler) to 1e-13 ms; its own "
               "first-order error not removed")
    KEY_FIELDS = ("C", "k", "a", "b", "c", "d")
    SLIDERS = {"d": ("d (pA)", brian2.pA, 0.0, 4.0), "b": ("b (nS)", brian2.nS, -2.0, 2.0)}
    FIELD_UNITS = {
        "C": brian2.pF,
        "k": brian2.nS / brian2.mV,
        "v_r": brian2.mV,
        "v_t": brian2.mV,
        "v_peak": brian2.mV,
        "a": 1 / brian2.ms,
        "b": brian2.nS,
        "c": brian2.mV,
        "d": brian2.pA,
    }

    C: Quantity = field(default_factory=lambda: 100 * pF)
    k: Quantity = field(default_factory=lambda: 0.7 * nS / mV)
    v_r: Quantity = field(default_factory=lambda: -60 * mV)
    v_t: Quantity = field(default_factory=lambda: -40 * mV)
    v_peak: Quantity = field(default_factory=lambda: 35 * mV)
    a: Quantity = field(default_factory=lambda: 0.03 / ms)
    b: Quantity = field(default_factory=lambda: -2 * nS)
    c: Quantity = field(default_factory=lambda: -50 * mV)
    d: Quantity = field(default_factory=lambda: 100 * pA)
    name: str = field(default="custom", compare=False)
    source: str = field(default="", compare=False)

    def _check_ranges(self):
        self._positive("C", "k")
        self._non_negative("a")
        self._above("v_t", "v_r")
        self._above("v_peak", "v_t")
        self._above("v_peak", "c")

    @property
    def adapting(self) -> bool:
        """True: the recovery variable ``u`` grows with the rate and feeds it back."""
        return True

    @property
    def settle_time(self) -> Quantity:
        """``3 / a``: the recovery variable ``u`` within 5% of its steady state."""
        return 3 / self.a

    def nest_counterpart(self) -> NestCounterpart:
        """NEST's ``izhikevich`` (2003 form) after a change of variables, forward Euler both.

        NEST's model is ``dx/dt' = 0.04 x^2 + 5 x + 140 - u' + I'``, ``du'/dt' = a'(b' x -
        u')``, whose quadratic has the roots ``x_r, x_t = (-125 -+ sqrt(1625))/2``.  With
        ``v = v_r + s (x - x_r)``, ``s = (v_t - v_r)/(x_t - x_r)``, and ``t = T t'``,
        ``T = 0.04 C/(k s)`` (mV ms units), the 2007 form maps onto it exactly:
        ``a' = T a``, ``b' = T b/C``, ``u' = T u/(C s) + b' x_r``,
        ``I' = T I/(C s) + b' x_r``, ``c' = x_r + (c - v_r)/s``, ``d' = T d/(C s)``,
        peak ``x_r + (v_peak - v_r)/s``.  Forward Euler commutes with affine changes of
        state and time, so with ``consistent_integration`` and NEST's step ``dt/T`` the
        spikes agree to rounding.

        References
        ----------
        Izhikevich, E. M. (2003). Simple model of spiking neurons. *IEEE Trans. Neural
        Netw.* 14, 1569-1572 (the 2003 form); Izhikevich (2007), Eqs. 8.5-8.6.
        """
        root = 1625**0.5
        x_r, x_t = (-125 - root) / 2, (-125 + root) / 2
        s = float((self.v_t - self.v_r) / mV) / (x_t - x_r)
        c_pf = float(self.C / pF)
        scale = 0.04 * c_pf / float(self.k / (nS / mV)) / s
        a = scale * float(self.a * ms)
        b = scale * float(self.b / nS) / c_pf
        return NestCounterpart(
            "izhikevich",
            {"a": a, "b": b, "c": x_r + float((self.c - self.v_r) / mV) / s,
             "d": scale * float(self.d / pA) / (c_pf * s),
             "V_th": x_r + float((self.v_peak - self.v_r) / mV) / s,
             "V_m": x_r, "U_m": b * x_r, "consistent_integration": True},
            current_scale=scale / (c_pf * s), current_offset=b * x_r, time_scale=scale,
            integrator="forward Euler (consistent_integration), as neurosim: equal to rounding",
            spike="x >= V_th after the step (as neurosim's v >= v_peak)")

    @property
    def tau_noise(self) -> Quantity:
        """``C / (k (v_t - v_r))``, the membrane time constant at rest."""
        return self.C / (self.k * (self.v_t - self.v_r))

    def brian_model(self, noisy: bool = False) -> BrianModel:
        """This neuron for Brian2 (see Notes of the class)."""
        namespace = self.namespace()
        if noisy:
            namespace["tau_noise"] = self.tau_noise
        limit = self.tau_noise / 10
        return BrianModel(
            equations=IZHIKEVICH_EQUATIONS.format(noise=NOISE_TERM if noisy else ""),
            threshold="v >= v_peak", reset="v = c\nu += d", refractory=False,
            method="euler", namespace=namespace, initial={"v": "v_r", "u": "0*amp"},
            dt=0.01 * ms, max_dt=limit,
            max_dt_rule=f"C/(k (v_t - v_r))/10 = {readable(limit)}",
            state_variables=("u",), tau_noise=self.tau_noise,
        )
