"""What the network engines need to know about a neuron model.

Every neurosim.bio parameter object describes itself for Brian2 through
``brian_model()`` (:class:`neurosim.bio.models.BrianModel`: equations using a
total input current ``I``, threshold, reset, refractoriness, method,
namespace, initial values).  The network adds ``I = <synaptic currents>``
and, for NEST, the model with the same equations (its ``nest_counterpart()``).
"""

from __future__ import annotations

from dataclasses import dataclass

from neurosim.errors import UnitError


@dataclass(frozen=True, eq=False)
class ModelDescription:
    """A neuron model as the network engines need it.

    Attributes
    ----------
    brian : BrianModel
        The model's own Brian2 description (no noise).
    v_range : tuple of two Quantity or None
        Default range of random initial potentials; None: the model's own
        ``initial`` values.
    gates_input : bool
        Whether delta-synapse input is lost while the neuron is refractory
        (models with a reset and a refractory time, as NEST's ``iaf_psc_delta``).
    nest_model, nest_params
        The NEST model with the same equations, or None.
    """

    brian: object
    v_range: tuple | None
    gates_input: bool
    as_text: dict
    nest_model: str | None = None
    nest_params: dict | None = None


def describe(model) -> ModelDescription:
    """Return the :class:`ModelDescription` of a neurosim.bio parameter object.

    Raises
    ------
    UnitError
        If ``model`` has no ``brian_model()`` (not a neurosim.bio model).
    """
    own = getattr(model, "brian_model", None)
    if not callable(own):
        raise UnitError(
            f"model: expected a neurosim.bio parameter object (e.g. LIFParams, EIFParams), "
            f"got {type(model).__name__}"
        )
    brian = own(noisy=False)
    gates = bool(brian.reset) and brian.refractory == "t_ref"
    v_range = model.initial_voltage_range()
    nest_model = nest_params = None
    counterpart = model.nest_counterpart()
    # The NEST engine wires iaf_psc_delta (or iaf_psc_exp, same parameters) populations only.
    if counterpart is not None and counterpart.model == "iaf_psc_delta":
        nest_model = counterpart.model
        nest_params = {k: v for k, v in counterpart.nest_params.items() if k != "V_m"}
        nest_params["I_e"] = 0.0
    return ModelDescription(
        brian=brian,
        v_range=v_range,
        gates_input=gates,
        as_text=model.as_text(),
        nest_model=nest_model,
        nest_params=nest_params,
    )
