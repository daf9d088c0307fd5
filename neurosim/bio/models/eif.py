"""The exponential integrate-and-fire (EIF) neuron of Fourcaud-Trocme et al. (2003)."""

from __future__ import annotations

from dataclasses import field

import brian2
from brian2 import Mohm, Quantity, ms, mV

from neurosim.bio.models.base import (
    NOISE_TERM,
    BrianModel,
    ModelParams,
    exponential_diffusion,
    model_dataclass,
)
from neurosim.units import readable

EIF_EQUATION = (
    "dv/dt = (E_L - v + Delta_T*exp((v - V_T)/Delta_T) + R_m*I)/tau_m{noise}"
    " : volt (unless refractory)"
)


@model_dataclass
class EIFParams(ModelParams):
    """Exponential integrate-and-fire neuron: a LIF with a smooth spike onset.

    Parameters
    ----------
    tau_m : Quantity (time)
        Membrane time constant. Default 10 ms.
    R_m : Quantity (resistance)
        Input resistance. Default 100 Mohm.
    E_L : Quantity (voltage)
        Resting potential. Default -65 mV.
    V_T : Quantity (voltage)
        Threshold of the exponential (where the spike takes off). Default -50 mV.
    Delta_T : Quantity (voltage)
        Slope factor, the sharpness of the onset (> 0). Default 2 mV.
    V_reset : Quantity (voltage)
        Reset potential. Default -65 mV.
    V_peak : Quantity (voltage)
        Spike cut-off; a spike is counted when ``v`` passes it. Default 0 mV.
    t_ref : Quantity (time)
        Refractory period. Default 2 ms.
    name, source : str

    Notes
    -----
    (Fourcaud-Trocme et al. 2003, Eq. 2)::

        tau_m dv/dt = E_L - v + Delta_T exp((v - V_T)/Delta_T) + R_m I
        if v > V_peak: spike, v <- V_reset, held for t_ref

    Integrated by forward Euler (the exponential is not linear in ``v``, so no
    exact or exponential-Euler scheme applies) at dt 0.01 ms by default; each
    spike time is then within about one step of the exact one.  With noise:
    Euler-Maruyama, ``tau_noise = tau_m``.  Start: ``v = E_L``.

    References
    ----------
    Fourcaud-Trocme, N., Hansel, D., van Vreeswijk, C. & Brunel, N. (2003).
    How spike generation mechanisms determine the neuronal response to
    fluctuating inputs. J. Neurosci. 23, 11628-11640.
    """

    MODEL = "eif"
    KEY_FIELDS = ("tau_m", "R_m", "V_T", "Delta_T", "V_reset")
    SLIDERS = {"Delta_T": ("Delta_T (mV)", brian2.mV, 0.25, 4.0)}
    FIELD_UNITS = {
        "tau_m": brian2.ms,
        "R_m": brian2.Mohm,
        "E_L": brian2.mV,
        "V_T": brian2.mV,
        "Delta_T": brian2.mV,
        "V_reset": brian2.mV,
        "V_peak": brian2.mV,
        "t_ref": brian2.ms,
    }

    tau_m: Quantity = field(default_factory=lambda: 10 * ms)
    R_m: Quantity = field(default_factory=lambda: 100 * Mohm)
    E_L: Quantity = field(default_factory=lambda: -65 * mV)
    V_T: Quantity = field(default_factory=lambda: -50 * mV)
    Delta_T: Quantity = field(default_factory=lambda: 2 * mV)
    V_reset: Quantity = field(default_factory=lambda: -65 * mV)
    V_peak: Quantity = field(default_factory=lambda: 0 * mV)
    t_ref: Quantity = field(default_factory=lambda: 2 * ms)
    name: str = field(default="custom", compare=False)
    source: str = field(default="", compare=False)

    def _check_ranges(self):
        self._positive("tau_m", "R_m", "Delta_T")
        self._non_negative("t_ref")
        self._above("V_peak", "V_T")
        self._above("V_peak", "V_reset")

    @property
    def tau_noise(self) -> Quantity:
        return self.tau_m

    def diffusion(self, *, frozen_adaptation: bool = False) -> dict:
        """The drift ``tau_m dv/dt = E_L - v + Delta_T exp((v - V_T)/Delta_T) + R_m I``,
        absorbing at ``V_peak``, for threshold integration."""
        return exponential_diffusion(self, float(self.tau_m), float(self.R_m))

    def brian_model(self, noisy: bool = False) -> BrianModel:
        """This neuron for Brian2 (see Notes of the class)."""
        namespace = self.namespace()
        if noisy:
            namespace["tau_noise"] = self.tau_m
        limit = self.tau_m / 10
        return BrianModel(
            equations=EIF_EQUATION.format(noise=NOISE_TERM if noisy else ""),
            threshold="v > V_peak", reset="v = V_reset", refractory="t_ref", method="euler",
            namespace=namespace, initial={"v": "E_L"}, dt=0.01 * ms, max_dt=limit,
            max_dt_rule=f"tau_m/10 = {readable(limit)} for tau_m = {readable(self.tau_m)}",
            state_variables=(), tau_noise=self.tau_m,
        )
