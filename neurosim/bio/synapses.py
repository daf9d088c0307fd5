"""Synapses with units: delta (voltage jump), exponential current and exponential conductance.

A synapse type says what one presynaptic spike does to the postsynaptic
neuron; the *weight* of a connection is given in the unit the type needs
(volt, amp or siemens).  :func:`psp_amplitude` and :func:`weight_for_psp`
convert between a weight and the peak postsynaptic potential (PSP) it makes
in a LIF neuron at rest, so a weight can be stated as "0.1 mV".

Each type also writes its own Brian2 pieces (state equations, the statement
run at each presynaptic spike, and its contribution to the total input
current ``I``), so the network builder never branches on the type.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from brian2 import Quantity, amp, ms, mV, siemens, volt

from neurosim.errors import ParameterError, UnitError
from neurosim.units import check_quantity


def _check_tau(tau_s):
    check_quantity(tau_s, "tau_s", ms)
    if np.ndim(tau_s) != 0 or not tau_s > 0 * ms:
        raise ParameterError(f"tau_s: must be a single value > 0 ms, got {tau_s}")


@dataclass(frozen=True)
class DeltaSynapse:
    """A spike makes the membrane potential jump by the weight (a voltage).

    ``v_post += w`` at arrival, unless the neuron is refractory (input during
    refractoriness is lost, as in NEST's ``iaf_psc_delta``).

    References
    ----------
    Brunel, N. (2000). Dynamics of sparsely connected networks of excitatory
    and inhibitory spiking neurons. *J. Comput. Neurosci.* 8, 183-208, Eq. (1).
    """

    weight_unit = volt
    kind = "delta"

    def equations(self, var: str) -> str:
        return ""

    def on_pre(self, var: str) -> str:
        return "v_post += w * int(not_refractory_post)"

    def current(self, var: str) -> str:
        return ""


@dataclass(frozen=True)
class ExpCurrentSynapse:
    """A spike adds the weight (a current) to a synaptic current decaying with ``tau_s``.

    ``dI_s/dt = -I_s / tau_s``; at arrival ``I_s += w``.

    References
    ----------
    Fourcaud, N. & Brunel, N. (2002). Dynamics of the firing probability of
    noisy integrate-and-fire neurons. *Neural Computation* 14, 2057-2110, Eq. (2.1).
    """

    tau_s: Quantity = field(default_factory=lambda: 5 * ms)
    weight_unit = amp
    kind = "exp_current"

    def __post_init__(self):
        _check_tau(self.tau_s)

    def __hash__(self):
        return hash((self.kind, float(self.tau_s)))

    def equations(self, var: str) -> str:
        return f"d{var}/dt = -{var} / tau_{var} : amp"

    def on_pre(self, var: str) -> str:
        return f"{var}_post += w"

    def current(self, var: str) -> str:
        return var


@dataclass(frozen=True)
class ExpConductanceSynapse:
    """A spike adds the weight (a conductance) to ``g_s``, which decays with ``tau_s``.

    ``dg_s/dt = -g_s / tau_s``; the current is ``g_s * (E_rev - v)``.

    References
    ----------
    Destexhe, A., Mainen, Z. F. & Sejnowski, T. J. (1994). Kinetic models of
    synaptic transmission. In *Methods in Neuronal Modeling* (Koch & Segev,
    eds.), MIT Press, ch. 1 (first-order kinetics, instantaneous rise).
    """

    tau_s: Quantity = field(default_factory=lambda: 5 * ms)
    E_rev: Quantity = field(default_factory=lambda: 0 * mV)
    weight_unit = siemens
    kind = "exp_conductance"

    def __post_init__(self):
        _check_tau(self.tau_s)
        check_quantity(self.E_rev, "E_rev", mV)

    def __hash__(self):
        return hash((self.kind, float(self.tau_s), float(self.E_rev)))

    def equations(self, var: str) -> str:
        return f"d{var}/dt = -{var} / tau_{var} : siemens"

    def on_pre(self, var: str) -> str:
        return f"{var}_post += w"

    def current(self, var: str) -> str:
        return f"{var} * (E_{var} - v)"


SYNAPSE_TYPES = (DeltaSynapse, ExpCurrentSynapse, ExpConductanceSynapse)


def check_synapse(synapse, name: str = "synapse"):
    if not isinstance(synapse, SYNAPSE_TYPES):
        allowed = ", ".join(t.__name__ for t in SYNAPSE_TYPES)
        raise UnitError(f"{name}: expected one of {allowed}, got {type(synapse).__name__}")
    return synapse


def check_weight(weight, synapse, name: str = "weight") -> Quantity:
    """Check that ``weight`` has the unit ``synapse`` needs (conductances must be >= 0)."""
    check_synapse(synapse)
    check_quantity(weight, name, synapse.weight_unit)
    if np.ndim(weight) != 0:
        raise ParameterError(
            f"{name}: must be a single value, got an array of shape {np.shape(weight)}"
        )
    if isinstance(synapse, ExpConductanceSynapse) and weight < 0 * siemens:
        raise ParameterError(f"{name}: a conductance must be >= 0 nS, got {weight}")
    return weight


def _alpha_peak(tau_m: float, tau_s: float) -> float:
    """Peak of ``tau_s/(tau_m - tau_s) * (exp(-t/tau_m) - exp(-t/tau_s))`` over t >= 0."""
    if np.isclose(tau_m, tau_s):
        return float(np.exp(-1.0))
    t_peak = np.log(tau_m / tau_s) * tau_m * tau_s / (tau_m - tau_s)
    return float(tau_s / (tau_m - tau_s) * (np.exp(-t_peak / tau_m) - np.exp(-t_peak / tau_s)))


def _psp_per_weight(synapse, params) -> Quantity:
    """Peak PSP per unit weight (volt per weight unit) in a LIF neuron at rest."""
    check_synapse(synapse)
    if isinstance(synapse, DeltaSynapse):
        return 1.0 * volt / volt
    tau_m, tau_s = float(params.tau_m / ms), float(synapse.tau_s / ms)
    peak = _alpha_peak(tau_m, tau_s) * params.R_m
    if isinstance(synapse, ExpConductanceSynapse):
        return peak * (synapse.E_rev - params.E_L)
    return peak


def psp_amplitude(weight, synapse, params) -> Quantity:
    """Peak postsynaptic potential that one spike of ``weight`` makes in a LIF neuron at rest.

    Parameters
    ----------
    weight : Quantity (volt, amp or siemens, as ``synapse`` needs)
    synapse : DeltaSynapse, ExpCurrentSynapse or ExpConductanceSynapse
    params : LIFParams

    Returns
    -------
    Quantity (voltage)
        The peak of the PSP (signed: negative for inhibition).

    Notes
    -----
    Delta: the PSP is the jump ``w``.  Exponential current ``w exp(-t/tau_s)``
    into ``tau_m dv/dt = -v + R_m I``::

        v(t) = R_m w tau_s/(tau_m - tau_s) (exp(-t/tau_m) - exp(-t/tau_s))

    with its peak at ``t* = ln(tau_m/tau_s) tau_m tau_s / (tau_m - tau_s)``
    (``R_m w / e`` in the limit ``tau_s = tau_m``).
    Conductance: the driving force is frozen at rest,
    ``I = w (E_rev - E_L)``, exact for small PSPs.

    References
    ----------
    Gerstner, W., Kistler, W. M., Naud, R. & Paninski, L. (2014). *Neuronal
    Dynamics*, Cambridge University Press, §1.3 and §3.1 (synaptic currents).
    """
    check_weight(weight, synapse)
    return weight * _psp_per_weight(synapse, params)


def weight_for_psp(psp, synapse, params) -> Quantity:
    """The weight whose peak PSP in a LIF neuron at rest is ``psp``.

    The inverse of :func:`psp_amplitude`.

    Parameters
    ----------
    psp : Quantity (voltage)
    synapse : DeltaSynapse, ExpCurrentSynapse or ExpConductanceSynapse
    params : LIFParams

    Returns
    -------
    Quantity (volt, amp or siemens)

    Raises
    ------
    ParameterError
        For a conductance synapse whose reversal potential cannot make a PSP
        of that sign (e.g. a depolarising PSP with ``E_rev <= E_L``).

    References
    ----------
    See :func:`psp_amplitude` (the relation is linear in the weight).
    """
    check_quantity(psp, "psp", mV)
    per_weight = _psp_per_weight(synapse, params)
    weight = psp / per_weight
    if isinstance(synapse, ExpConductanceSynapse) and weight < 0 * siemens:
        raise ParameterError(
            f"psp: {psp} needs a negative conductance with E_rev = {synapse.E_rev} and "
            f"E_L = {params.E_L}; choose E_rev on the side of the PSP"
        )
    return weight
