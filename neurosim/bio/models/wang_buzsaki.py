"""The Wang-Buzsaki (1996) fast-spiking hippocampal interneuron."""

from __future__ import annotations

from dataclasses import field

import brian2
from brian2 import Quantity, cm, mS, ms, mV, uF, um

from neurosim.bio.models.base import BrianModel, ModelParams, model_dataclass
from neurosim.bio.models.hh import MembranePatch, conductance_model
from neurosim.errors import ParameterError

WB_EQUATIONS = """
dv/dt = (g_Na*m_inf**3*h*(E_Na - v) + g_K*n**4*(E_K - v) + g_L*(E_L - v) + I/area)/C_m{noise} : volt
dh/dt = phi*(alpha_h*(1 - h) - beta_h*h) : 1
dn/dt = phi*(alpha_n*(1 - n) - beta_n*n) : 1
m_inf = alpha_m/(alpha_m + beta_m) : 1
alpha_m = 1/exprel(-(v + 35*mV)/(10*mV))/ms : Hz
beta_m = 4*exp(-(v + 60*mV)/(18*mV))/ms : Hz
alpha_h = 0.07*exp(-(v + 58*mV)/(20*mV))/ms : Hz
beta_h = 1/(1 + exp(-(v + 28*mV)/(10*mV)))/ms : Hz
alpha_n = 0.1/exprel(-(v + 34*mV)/(10*mV))/ms : Hz
beta_n = 0.125*exp(-(v + 44*mV)/(80*mV))/ms : Hz
"""


@model_dataclass
class WangBuzsakiParams(ModelParams, MembranePatch):
    """Wang-Buzsaki fast-spiking interneuron: a type I Hodgkin-Huxley-type cell.

    Parameters
    ----------
    C_m : Quantity (capacitance per area)
        Default 1 uF/cm^2.
    g_Na, g_K, g_L : Quantity (conductance per area)
        Defaults 35, 9 and 0.1 mS/cm^2.
    E_Na, E_K, E_L : Quantity (voltage)
        Defaults 55, -90 and -65 mV.
    phi : float
        Temperature factor of the h and n kinetics. Default 5.
    area : Quantity (area)
        Membrane area (default 20000 um^2, as :class:`HHParams`).
    name, source : str

    Notes
    -----
    With ``v`` in mV and rates in 1/ms (Wang & Buzsaki 1996, Eqs. 1-3)::

        C_m dv/dt = g_Na m_inf^3 h (E_Na - v) + g_K n^4 (E_K - v) + g_L (E_L - v) + I/area
        m_inf = alpha_m / (alpha_m + beta_m)          (activation is instantaneous)
        dh/dt = phi (alpha_h (1 - h) - beta_h h),  dn/dt = phi (alpha_n (1 - n) - beta_n n)
        alpha_m = 0.1 (v + 35) / (1 - exp(-(v + 35)/10))   beta_m = 4 exp(-(v + 60)/18)
        alpha_h = 0.07 exp(-(v + 58)/20)                   beta_h = 1 / (1 + exp(-(v + 28)/10))
        alpha_n = 0.01 (v + 34) / (1 - exp(-(v + 34)/10))  beta_n = 0.125 exp(-(v + 44)/80)

    Spikes: upward crossings of -20 mV.  Exponential Euler at dt 0.01 ms; with
    noise Euler-Maruyama and ``tau_noise = C_m/g_L`` (10 ms).  Start: -65 mV,
    h and n at their steady states.  Type I: the rate rises continuously from
    zero at rheobase (~0.16 uA/cm^2).

    References
    ----------
    Wang, X.-J. & Buzsaki, G. (1996). Gamma oscillation by synaptic inhibition
    in a hippocampal interneuronal network model. J. Neurosci. 16, 6402-6413.
    """

    MODEL = "wang_buzsaki"
    #: Rate error at the default dt against the reference (measured: docs/bio.md).
    DT_BAND = "-1.2% at 0.2 to -3.0% at 1-1.5 uA/cm^2 against LSODA (dt 0.0025 ms for < 1%)"
    KEY_FIELDS = ("g_Na", "g_K", "g_L", "phi", "area")
    SLIDERS = {"phi": ("phi", 1, 0.2, 3.0)}
    FIELD_UNITS = {
        "C_m": brian2.ufarad / brian2.cm**2,
        "g_Na": brian2.msiemens / brian2.cm**2,
        "g_K": brian2.msiemens / brian2.cm**2,
        "g_L": brian2.msiemens / brian2.cm**2,
        "E_Na": brian2.mV,
        "E_K": brian2.mV,
        "E_L": brian2.mV,
        "area": brian2.umetre**2,
    }
    NUMBER_FIELDS = ("phi",)

    C_m: Quantity = field(default_factory=lambda: 1 * uF / cm**2)
    g_Na: Quantity = field(default_factory=lambda: 35 * mS / cm**2)
    g_K: Quantity = field(default_factory=lambda: 9 * mS / cm**2)
    g_L: Quantity = field(default_factory=lambda: 0.1 * mS / cm**2)
    E_Na: Quantity = field(default_factory=lambda: 55 * mV)
    E_K: Quantity = field(default_factory=lambda: -90 * mV)
    E_L: Quantity = field(default_factory=lambda: -65 * mV)
    phi: float = 5.0
    area: Quantity = field(default_factory=lambda: 20000 * um**2)
    name: str = field(default="custom", compare=False)
    source: str = field(default="", compare=False)

    def _check_ranges(self):
        self._positive("C_m", "area", "g_L")
        self._non_negative("g_Na", "g_K")
        if not self.E_Na > self.E_K:
            raise ParameterError(f"E_Na: must be above E_K ({self.E_K}), got {self.E_Na}")
        if not self.phi > 0:
            raise ParameterError(f"phi: must be > 0, got {self.phi!r}")

    @property
    def settle_time(self) -> Quantity:
        """50 ms: a type I cell's onset (the first interval is the latency, not an ISI)."""
        return 50 * ms

    @property
    def tau_noise(self) -> Quantity:
        """``C_m / g_L``, the passive membrane time constant."""
        return self.C_m / self.g_L

    def brian_model(self, noisy: bool = False) -> BrianModel:
        """This neuron for Brian2 (see Notes of the class)."""
        return conductance_model(self, WB_EQUATIONS, noisy,
                                 initial={"v": "-65*mV", "h": "alpha_h/(alpha_h + beta_h)",
                                          "n": "alpha_n/(alpha_n + beta_n)"},
                                 state_variables=("h", "n"))
