"""The Hodgkin-Huxley squid giant axon at 6.3 degC, in the modern convention (rest -65 mV)."""

from __future__ import annotations

from dataclasses import field

import brian2
from brian2 import Quantity, cm, mS, ms, mV, uF, um

from neurosim.bio.models.base import (
    NOISE_TERM,
    BrianModel,
    ModelParams,
    NestCounterpart,
    model_dataclass,
)
from neurosim.errors import ParameterError
from neurosim.units import check_quantity

#: A spike is an upward crossing of this potential; the neuron stays
#: "refractory" (cannot count another spike) until v falls below it again.
V_DETECT = -20 * mV

DENSITY = brian2.uA / brian2.cm**2


class MembranePatch:
    """Current <-> current-density conversions of a model with a membrane ``area``."""

    def current(self, density: Quantity) -> Quantity:
        """Current (amp) of a current density (e.g. ``10*uA/cm**2``) over ``area``."""
        check_quantity(density, "density", DENSITY)
        return density * self.area

    def density(self, current: Quantity) -> Quantity:
        """Current density (A/m^2; divide by ``uA/cm**2`` for the usual unit) of ``current``."""
        check_quantity(current, "current", brian2.amp)
        return current / self.area


HH_EQUATIONS = """
dv/dt = (g_L*(E_L - v) + g_Na*m**3*h*(E_Na - v) + g_K*n**4*(E_K - v) + I/area)/C_m{noise} : volt
dm/dt = alpha_m*(1 - m) - beta_m*m : 1
dh/dt = alpha_h*(1 - h) - beta_h*h : 1
dn/dt = alpha_n*(1 - n) - beta_n*n : 1
alpha_m = 1/exprel(-(v + 40*mV)/(10*mV))/ms : Hz
beta_m = 4*exp(-(v + 65*mV)/(18*mV))/ms : Hz
alpha_h = 0.07*exp(-(v + 65*mV)/(20*mV))/ms : Hz
beta_h = 1/(1 + exp(-(v + 35*mV)/(10*mV)))/ms : Hz
alpha_n = 0.1/exprel(-(v + 55*mV)/(10*mV))/ms : Hz
beta_n = 0.125*exp(-(v + 65*mV)/(80*mV))/ms : Hz
"""


@model_dataclass
class HHParams(ModelParams, MembranePatch):
    """Hodgkin-Huxley squid axon (6.3 degC), a single compartment of membrane ``area``.

    Parameters
    ----------
    C_m : Quantity (capacitance per area)
        Specific membrane capacitance. Default 1 uF/cm^2.
    g_Na, g_K, g_L : Quantity (conductance per area)
        Maximal sodium, potassium and leak conductances. Defaults 120, 36 and
        0.3 mS/cm^2.
    E_Na, E_K, E_L : Quantity (voltage)
        Reversal potentials. Defaults 50, -77 and -54.387 mV (the leak
        reversal that puts rest at -65 mV).
    area : Quantity (area)
        Membrane area, so that currents are in amperes. Default 20000 um^2
        (as in Brian2's example ``IF_curve_Hodgkin_Huxley``): 1 uA/cm^2 is
        0.2 nA.  :meth:`current` and :meth:`density` convert.
    name, source : str

    Notes
    -----
    With ``v`` in mV and rates in 1/ms (Hodgkin & Huxley 1952, shifted by -65 mV)::

        C_m dv/dt = g_Na m^3 h (E_Na - v) + g_K n^4 (E_K - v) + g_L (E_L - v) + I/area
        dx/dt = alpha_x (1 - x) - beta_x x,   x in {m, h, n}
        alpha_m = 0.1 (v + 40) / (1 - exp(-(v + 40)/10))   beta_m = 4 exp(-(v + 65)/18)
        alpha_h = 0.07 exp(-(v + 65)/20)                   beta_h = 1 / (1 + exp(-(v + 35)/10))
        alpha_n = 0.01 (v + 55) / (1 - exp(-(v + 55)/10))  beta_n = 0.125 exp(-(v + 65)/80)

    (``exprel`` removes the 0/0 at v = -40 and -55 mV).  A spike is an upward
    crossing of -20 mV.  Integration: exponential Euler, dt 0.01 ms; with noise
    Euler-Maruyama, ``tau_noise = C_m/g_L`` (3.3 ms).  Start: v = -65 mV, each
    gate at its steady state there.  Type II: repetitive firing starts at a
    nonzero rate (~50 Hz near 6.3 uA/cm^2).

    References
    ----------
    Hodgkin, A. L. & Huxley, A. F. (1952). A quantitative description of
    membrane current and its application to conduction and excitation in nerve.
    J. Physiol. 117, 500-544.
    Gerstner, W., Kistler, W. M., Naud, R. & Paninski, L. (2014). *Neuronal
    Dynamics*, Cambridge University Press, §2.2 (Table 2.1, modern convention).
    """

    MODEL = "hh"
    #: Rate error at the default dt against the reference (measured: docs/bio.md).
    DT_BAND = ("-0.50% at 10 uA/cm^2, -0.8% at 6.3 (exponential Euler against NEST "
               "hh_psc_alpha / LSODA)")
    KEY_FIELDS = ("g_Na", "g_K", "g_L", "E_L", "area")
    #: The two conductances whose balance makes the cell type II (Hodgkin & Huxley 1952).
    SLIDERS = {"g_Na": ("g_Na (mS/cm^2)", brian2.msiemens / brian2.cm**2, 0.5, 1.5),
               "g_K": ("g_K (mS/cm^2)", brian2.msiemens / brian2.cm**2, 0.5, 1.5)}
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

    C_m: Quantity = field(default_factory=lambda: 1 * uF / cm**2)
    g_Na: Quantity = field(default_factory=lambda: 120 * mS / cm**2)
    g_K: Quantity = field(default_factory=lambda: 36 * mS / cm**2)
    g_L: Quantity = field(default_factory=lambda: 0.3 * mS / cm**2)
    E_Na: Quantity = field(default_factory=lambda: 50 * mV)
    E_K: Quantity = field(default_factory=lambda: -77 * mV)
    E_L: Quantity = field(default_factory=lambda: -54.387 * mV)
    area: Quantity = field(default_factory=lambda: 20000 * um**2)
    name: str = field(default="custom", compare=False)
    source: str = field(default="", compare=False)

    def _check_ranges(self):
        self._positive("C_m", "area", "g_L")
        self._non_negative("g_Na", "g_K")
        if not self.E_Na > self.E_K:
            raise ParameterError(f"E_Na: must be above E_K ({self.E_K}), got {self.E_Na}")

    @property
    def settle_time(self) -> Quantity:
        """100 ms: the damped onset oscillation of a type II cell (the first ~5 spikes)."""
        return 100 * ms

    def nest_counterpart(self) -> NestCounterpart:
        """NEST's ``hh_psc_alpha``: the same equations and rate functions (modern convention).

        Densities times ``area`` give NEST's whole-cell pF and nS.  NEST integrates with
        GSL's adaptive RKF45 (converged) and calls the peak of each action potential above
        0 mV a spike; neurosim's exponential Euler is first order in dt and dates the upward
        crossing of -20 mV, so the rates agree to first order and the times by an offset.
        """
        pf, ns = self.C_m * self.area / brian2.pF, self.area / brian2.nS
        return NestCounterpart(
            "hh_psc_alpha",
            {"C_m": float(pf), "g_Na": float(self.g_Na * ns), "g_K": float(self.g_K * ns),
             "g_L": float(self.g_L * ns), "E_Na": float(self.E_Na / mV),
             "E_K": float(self.E_K / mV), "E_L": float(self.E_L / mV), "V_m": -65.0},
            converged=True,
            integrator="GSL RKF45 (adaptive) against exponential Euler: first order in dt",
            spike="the peak above 0 mV (neurosim: the upward crossing of -20 mV)")

    @property
    def tau_noise(self) -> Quantity:
        """``C_m / g_L``, the passive membrane time constant."""
        return self.C_m / self.g_L

    def brian_model(self, noisy: bool = False) -> BrianModel:
        """This neuron for Brian2 (see Notes of the class)."""
        return conductance_model(self, HH_EQUATIONS, noisy,
                                 initial={"v": "-65*mV", "m": "alpha_m/(alpha_m + beta_m)",
                                          "h": "alpha_h/(alpha_h + beta_h)",
                                          "n": "alpha_n/(alpha_n + beta_n)"},
                                 state_variables=("m", "h", "n"))


def conductance_model(params, equations: str, noisy: bool, *, initial: dict,
                      state_variables: tuple) -> BrianModel:
    """The Brian2 description shared by the Hodgkin-Huxley-type models."""
    namespace = {**params.namespace(), "V_detect": V_DETECT}
    max_dt, rule = 0.1 * ms, "0.1 ms (the sodium activation time constant is 0.1-0.5 ms)"
    if noisy:
        namespace["tau_noise"] = params.tau_noise
        stable = euler_limit(params)
        if stable < max_dt:
            max_dt = stable
            rule = (f"2 C_m/(g_Na + g_K + g_L) = {float(stable / ms):.4g} ms (with noise v "
                    "steps by Euler-Maruyama, stable below it with every channel open)")
    return BrianModel(
        equations=equations.format(noise=NOISE_TERM if noisy else ""),
        threshold="v > V_detect", reset="", refractory="v > V_detect",
        method="euler" if noisy else "exponential_euler", namespace=namespace,
        initial=initial, dt=min(0.01 * ms, max_dt), max_dt=max_dt, max_dt_rule=rule,
        state_variables=state_variables, tau_noise=params.tau_noise,
    )


def euler_limit(params) -> Quantity:
    """``2 C_m / (g_Na + g_K + g_L)``: the largest forward-Euler step that damps ``v``.

    With noise the conductance models integrate by Euler-Maruyama (Brian2's ``euler``, the
    only one of its methods for additive noise that takes these equations).  Linearised,
    ``C_m dv/dt = -g v + ...`` with ``g = g_Na m^3 h + g_K n^4 + g_L <= g_Na + g_K + g_L``
    (gates in [0, 1]); forward Euler multiplies an error by ``1 - g dt / C_m``, which damps
    it only for ``dt < 2 C_m / g`` (the stability region of the explicit Euler method:
    Hairer & Wanner 1996, *Solving Ordinary Differential Equations II*, §IV.2).  A
    sufficient bound: 0.0128 ms for ``hh_squid``, whose noisy f-I curve turns to NaN at
    0.1 ms; 0.045 ms for ``wang_buzsaki``.
    """
    return 2 * params.C_m / (params.g_Na + params.g_K + params.g_L)
