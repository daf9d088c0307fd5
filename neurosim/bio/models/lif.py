"""The leaky integrate-and-fire (LIF) neuron: its parameters and its equations."""

from __future__ import annotations

from dataclasses import field
from typing import NamedTuple

import brian2
import numpy as np
from brian2 import Hz, Mohm, Quantity, amp, ms, mV, ohm, second, volt

from neurosim.bio.models.base import BrianModel, ModelParams, NestCounterpart, model_dataclass
from neurosim.errors import ParameterError
from neurosim.units import check_quantity, readable


class LIFConstants(NamedTuple):
    """A LIF's parameters as floats in SI units (s, ohm, V): :meth:`LIFParams.si`."""

    tau_m: float
    r_m: float
    e_l: float
    v_th: float
    v_reset: float
    t_ref: float


def closed_form_hz(i_amp, c: LIFConstants) -> np.ndarray:
    """:meth:`LIFParams.closed_form_rate` on floats: ``i_amp`` in amp, the rate in Hz.

    ``drive = (R_m I + E_L - V_th) / (V_th - V_reset)``; ``r = 1 / (t_ref + tau_m
    log1p(1/drive))`` where ``drive > 0``, else 0 (Gerstner et al. 2014, Eq. 1.15; the
    derivation is in :meth:`LIFParams.closed_form_rate`).
    """
    drive = np.asarray((c.r_m * i_amp + c.e_l - c.v_th) / (c.v_th - c.v_reset), dtype=float)
    rate = np.zeros_like(drive)
    above = drive > 0
    # T/tau_m = ln(1 + 1/drive)
    rate[above] = 1.0 / (c.t_ref + c.tau_m * np.log1p(1.0 / drive[above]))
    return rate


#: Field name -> (unit it is given in, unit used to print it).
FIELD_UNITS = {
    "tau_m": brian2.ms,
    "R_m": brian2.Mohm,
    "E_L": brian2.mV,
    "V_th": brian2.mV,
    "V_reset": brian2.mV,
    "t_ref": brian2.ms,
}

#: The LIF membrane equation (Gerstner et al. 2014, Eq. 1.5) without noise.
#: The current ``I`` is declared by the caller (a constant or a TimedArray).
LIF_EQUATION = "dv/dt = (E_L - v + R_m*I)/tau_m : volt (unless refractory)"

#: With white noise, in the convention of Brunel (2000), Eq. (2):
#: ``tau_m dv/dt = -v + mu + sigma*sqrt(tau_m)*xi(t)``, xi unit white noise.
LIF_EQUATION_NOISY = (
    "dv/dt = (E_L - v + R_m*I)/tau_m + sigma*xi*tau_m**-0.5 : volt (unless refractory)"
)

#: On cpp_standalone the parameters are shared variables of the group, so
#: that one compiled binary takes new values at run time (``run_args``).
#: Shared, not per neuron: Brian2 then hoists ``exp(-dt/tau_m)`` out of the
#: neuron loop (less CPU per run than per-neuron arrays: measured in
#: docs/performance.md, "Numbers that used to live in docstrings").
STANDALONE_PARAMS = """
tau_m : second (constant, shared)
R_m : ohm (constant, shared)
E_L : volt (constant, shared)
V_th : volt (constant, shared)
V_reset : volt (constant, shared)
t_ref : second (constant, shared)
sigma : volt (constant, shared)
"""


@model_dataclass
class LIFParams(ModelParams):
    """Parameters of a leaky integrate-and-fire neuron, with units.

    The membrane potential ``v`` follows::

        tau_m * dv/dt = E_L - v + R_m * I(t)

    and when ``v`` reaches ``V_th`` a spike is emitted, ``v`` is set to
    ``V_reset`` and held there for the refractory period ``t_ref``.

    Parameters
    ----------
    tau_m : Quantity (time)
        Membrane time constant ``R_m * C_m``. Default 10 ms.
    R_m : Quantity (resistance)
        Membrane (input) resistance. Default 10 Mohm.
    E_L : Quantity (voltage)
        Resting (leak reversal) potential. Default -65 mV.
    V_th : Quantity (voltage)
        Firing threshold. Default -50 mV.
    V_reset : Quantity (voltage)
        Reset potential after a spike; must be below ``V_th``. Default -65 mV.
    t_ref : Quantity (time)
        Absolute refractory period (``>= 0``). Default 2 ms.
    name : str
        A label (the preset name when loaded from ``models/``).
    source : str
        Where the values come from (a literature reference).

    Raises
    ------
    UnitError
        If a value is missing its unit or has the wrong dimension.
    ParameterError
        If ``tau_m`` or ``R_m`` is not positive, ``t_ref`` is negative, or
        ``V_th <= V_reset``.

    Notes
    -----
    The rheobase (the smallest constant current that makes the neuron fire)
    is derived, not stored: ``I_rh = (V_th - E_L) / R_m``; see
    :func:`neurosim.bio.theory.rheobase` and :attr:`rheobase`.

    Without noise the linear equation is integrated exactly; with noise by
    Euler-Maruyama (``tau_noise = tau_m``).  Default dt 0.1 ms, at most
    ``tau_m/10``.

    References
    ----------
    Gerstner, W., Kistler, W. M., Naud, R. & Paninski, L. (2014). *Neuronal
    Dynamics*, Cambridge University Press, §1.3 (the defaults are textbook-
    typical round values; the preset ``neuronal_dynamics`` has the exact
    values of its exercises: tau_m 8 ms, rest -70 mV, reset -65 mV).
    """

    #: The name presets use for this model (``model = "lif"``, the default).
    MODEL = "lif"
    #: Rate error at the default dt against the reference (measured: docs/bio.md).
    DT_BAND = ("exact integration; grid spikes make intervals up to one step short "
               "(error ~ r^2 dt); spike_timing='exact' has none")
    FIELD_UNITS = FIELD_UNITS
    KEY_FIELDS = ("tau_m", "R_m", "E_L", "V_th", "V_reset", "t_ref")
    #: numpy: a LIF sweep is fast enough without compiling.
    DEFAULT_TARGET = "numpy"
    SPIKE_TIMINGS = ("grid", "exact")

    tau_m: Quantity = field(default_factory=lambda: 10 * ms)
    R_m: Quantity = field(default_factory=lambda: 10 * Mohm)
    E_L: Quantity = field(default_factory=lambda: -65 * mV)
    V_th: Quantity = field(default_factory=lambda: -50 * mV)
    V_reset: Quantity = field(default_factory=lambda: -65 * mV)
    t_ref: Quantity = field(default_factory=lambda: 2 * ms)
    name: str = field(default="custom", compare=False)
    source: str = field(default="", compare=False)

    def _check_ranges(self):
        if not self.tau_m > 0 * ms:
            raise ParameterError(f"tau_m: must be > 0 ms, got {self.tau_m}")
        if not self.R_m > 0 * Mohm:
            raise ParameterError(f"R_m: must be > 0 ohm, got {self.R_m}")
        if not self.t_ref >= 0 * ms:
            raise ParameterError(f"t_ref: must be >= 0 ms, got {self.t_ref}")
        if not self.V_th > self.V_reset:
            raise ParameterError(
                f"V_th: must be above V_reset ({self.V_reset}), got {self.V_th}"
            )

    @property
    def rheobase(self) -> Quantity:
        """The threshold current ``(V_th - E_L) / R_m`` (Quantity, amp)."""
        return (self.V_th - self.E_L) / self.R_m

    @property
    def C_m(self) -> Quantity:
        """Membrane capacitance ``tau_m / R_m`` (Quantity, farad)."""
        return self.tau_m / self.R_m

    def closed_form_rheobase(self) -> Quantity:
        """:attr:`rheobase`, ``(V_th - E_L) / R_m``."""
        return self.rheobase

    def closed_form_rate(self, current) -> Quantity:
        """Closed-form firing rate under constant input current.

        Parameters
        ----------
        current : Quantity (current)
            Constant input current(s), scalar or array.

        Returns
        -------
        Quantity (frequency)
            The rate, same shape as ``current``; exactly 0 Hz at and below the
            rheobase. Computed without warnings for any finite current.

        Notes
        -----
        Starting from ``V_reset``, the membrane reaches ``V_th`` after::

            T = tau_m * ln((R_m*I + E_L - V_reset) / (R_m*I + E_L - V_th))

        and the rate is ``r = 1 / (t_ref + T)`` for ``R_m*I > V_th - E_L``,
        ``r = 0`` otherwise.  For large currents ``r -> 1/t_ref``.  The logarithm
        is evaluated as ``log1p((V_th - V_reset)/(R_m*I + E_L - V_th))`` which is
        accurate far above threshold.

        References
        ----------
        Gerstner, W., Kistler, W. M., Naud, R. & Paninski, L. (2014). *Neuronal
        Dynamics*, Cambridge University Press, §1.3.2, Eq. (1.15) and exercise
        on the gain function with refractoriness.
        """
        current = check_quantity(current, "current", amp)
        return closed_form_hz(np.asarray(current / amp, dtype=float), self.si()) * Hz

    def si(self) -> LIFConstants:
        """The parameters as plain floats in SI units (for the vectorised theory)."""
        return LIFConstants(*(float(getattr(self, name) / unit) for name, unit in
                              (("tau_m", second), ("R_m", ohm), ("E_L", volt), ("V_th", volt),
                               ("V_reset", volt), ("t_ref", second))))

    def diffusion(self, *, frozen_adaptation: bool = False) -> dict:
        """The linear drift ``tau_m dv/dt = E_L - v + R_m I`` (no spike current), absorbing
        at ``V_th``, for threshold integration; its white-noise rate is Siegert's."""
        return {"tau": float(self.tau_m / second), "resistance": float(self.R_m),
                "e_l": float(self.E_L), "v_top": float(self.V_th),
                "v_reset": float(self.V_reset), "t_ref": float(self.t_ref)}

    def initial_voltage_range(self) -> tuple:
        """``(V_reset, V_th)``: a network's LIF potentials start uniform between reset and
        threshold, so that the population does not start synchronised."""
        return (self.V_reset, self.V_th)

    def nest_counterpart(self) -> NestCounterpart:
        """NEST's ``iaf_psc_delta``: the same exactly integrated membrane.

        NEST clamps the membrane for ``t_ref`` from the end of the spike's step, Brian2's
        grid LIF for ``floor(t_ref/dt)`` steps from the reset: each interval differs by up
        to one step (see :func:`neurosim.bio.fi_curve`, Notes).
        """
        return NestCounterpart(
            "iaf_psc_delta",
            {"tau_m": float(self.tau_m / ms), "C_m": float(self.C_m / brian2.pF),
             "E_L": float(self.E_L / mV), "V_th": float(self.V_th / mV),
             "V_reset": float(self.V_reset / mV), "t_ref": float(self.t_ref / ms),
             "V_m": float(self.E_L / mV)},
            integrator="exact integration both: the refractory hold differs by one step",
            spike="V >= V_th (neurosim: v > V_th)")

    def brian_model(self, noisy: bool = False) -> BrianModel:
        """This neuron for Brian2 (:class:`neurosim.bio.models.BrianModel`).

        Exact integration of the linear equation without noise, Euler-Maruyama
        with noise (``tau_noise = tau_m``); threshold ``v > V_th``, reset to
        ``V_reset``, refractory for ``t_ref``; default dt 0.1 ms, at most
        ``tau_m/10``.
        """
        limit = self.tau_m / 10
        return BrianModel(
            equations=LIF_EQUATION_NOISY if noisy else LIF_EQUATION,
            threshold="v > V_th", reset="v = V_reset", refractory="t_ref",
            method="euler" if noisy else "exact", namespace=self.namespace(),
            initial={"v": "E_L"}, dt=0.1 * ms, max_dt=limit,
            max_dt_rule=f"tau_m/10 = {readable(limit)} for tau_m = {readable(self.tau_m)}",
            state_variables=(), tau_noise=self.tau_m,
        )
