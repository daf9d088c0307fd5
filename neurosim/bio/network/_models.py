"""What the network engines need to know about a neuron model.

A model's parameter object gives its Brian2 description: equations that refer
to a total input current ``I`` (amp), threshold, reset, refractory period,
integration method and namespace.  :class:`neurosim.bio.LIFParams` is
described here; other models describe themselves through a
``brian2_model()`` method (see ``neurosim.bio.models``).
"""

from __future__ import annotations

from dataclasses import dataclass

from neurosim.bio.params import LIFParams
from neurosim.errors import UnitError

#: The LIF membrane equation (Gerstner et al. 2014, Eq. 1.5), input current ``I``.
LIF_EQUATIONS = "dv/dt = (E_L - v + R_m*I)/tau_m : volt (unless refractory)"


@dataclass(frozen=True, eq=False)
class ModelDescription:
    """A neuron model as Brian2 needs it, plus the NEST model of the same equations.

    ``equations`` declares ``v`` and uses ``I`` (amp) without declaring it;
    the network builder adds ``I = <sum of synaptic currents> : amp``.
    """

    equations: str
    threshold: str
    reset: str
    refractory: object
    method: str
    namespace: dict
    v_low: object
    v_high: object
    as_text: dict
    nest_model: str | None = None
    nest_params: dict | None = None


def describe(model) -> ModelDescription:
    """Return the :class:`ModelDescription` of a parameter object.

    Raises
    ------
    UnitError
        If ``model`` is not a neurosim.bio parameter object.
    """
    if isinstance(model, LIFParams):
        return _describe_lif(model)
    describe_own = getattr(model, "brian2_model", None)
    if callable(describe_own):
        desc = describe_own()
        ns = dict(desc.namespace)
        return ModelDescription(
            equations=desc.equations, threshold=desc.threshold, reset=desc.reset,
            refractory=desc.refractory, method=desc.method, namespace=ns,
            v_low=getattr(model, "V_reset", None) if hasattr(model, "V_reset") else ns.get("E_L"),
            v_high=getattr(model, "V_th", None) if hasattr(model, "V_th") else ns.get("E_L"),
            as_text=model.as_text() if hasattr(model, "as_text") else {},
        )
    raise UnitError(
        f"model: expected a neurosim.bio parameter object (e.g. LIFParams), got {type(model).__name__}"
    )


def _describe_lif(params: LIFParams) -> ModelDescription:
    """LIF: Brunel's model A neuron when the synapses are delta synapses.

    References
    ----------
    Gerstner, W., Kistler, W. M., Naud, R. & Paninski, L. (2014). *Neuronal
    Dynamics*, Cambridge University Press, §1.3, Eq. (1.5).
    """
    from brian2 import ms, mV, pF

    return ModelDescription(
        equations=LIF_EQUATIONS,
        threshold="v > V_th",
        reset="v = V_reset",
        refractory=params.t_ref,
        method="exact",
        namespace=params.namespace(),
        v_low=params.V_reset,
        v_high=params.V_th,
        as_text=params.as_text(),
        nest_model="iaf_psc_delta",
        nest_params={
            "tau_m": float(params.tau_m / ms), "C_m": float(params.C_m / pF),
            "E_L": float(params.E_L / mV), "V_th": float(params.V_th / mV),
            "V_reset": float(params.V_reset / mV), "t_ref": float(params.t_ref / ms),
            "I_e": 0.0,
        },
    )
