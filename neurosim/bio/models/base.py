"""What every neuron model shares: its Brian2 description and one validation layer.

A model is a frozen parameter dataclass (``LIFParams``, ``HHParams``, ...) whose
``brian_model(noisy)`` method returns a :class:`BrianModel`: the equations as
text with units, threshold, reset, refractoriness, integration method,
namespace and initial values.  The engine (:func:`neurosim.bio.simulate`,
:func:`neurosim.bio.fi_curve`) and the network builders read only that
description; they never ask which model they were given.

Conventions every model follows
-------------------------------
- The membrane potential is ``v`` (volt).
- The equations use a total input current ``I`` (amp) that they do not
  declare: the caller does (``I : amp (constant)`` for an f-I sweep,
  ``I = I_stim(t) : amp`` for a trace of a varying current (a constant or step
  current is ``I : amp (constant)`` too), ``I = I_ext + I_syn : amp`` in a
  network).
- With noise the ``v`` equation gains ``sigma*xi*tau_noise**-0.5``, the
  convention of Brunel (2000), Eq. (2): ``sigma`` (volt) is supplied by the
  caller, ``tau_noise`` is the model's membrane time constant (in its
  namespace).  The free membrane then fluctuates with standard deviation
  ``~ sigma/sqrt(2)`` for a passive membrane.

How to add a model
------------------
1. A module ``neurosim/bio/models/<name>.py`` with a ``@model_dataclass`` class
   ``<Name>Params(ModelParams)``: class attributes ``MODEL`` (the preset
   name) and ``FIELD_UNITS``, the fields with units and defaults, ``name`` and
   ``source`` last (``compare=False``), ``_check_ranges()`` and
   ``brian_model(noisy)``.  Register the class in :data:`neurosim.bio.models.MODELS`.
2. Override the hooks below that apply; their defaults say "this model has no
   such thing", so nothing else in neurosim needs to know the model:

   ``KEY_FIELDS`` (tuple of str, default ``()``: the first five fields)
       The fields tables show first (``neurosim presets``); read through
       :meth:`ModelParams.key_fields`.
   ``DEFAULT_TARGET`` (str, default ``"cython"``)
       The Brian2 target ``"auto"`` resolves to for this model.
   ``SPIKE_TIMINGS`` (tuple of str, default ``("grid",)``)
       What ``fi_curve(spike_timing=...)`` accepts (the LIF adds ``"exact"``).
   ``SLIDERS`` (dict, default ``{}``)
       Explorer sliders beyond ``tau_m`` and ``t_ref``: field -> (label,
       display unit, low, high as multiples of the preset's value); read
       through :meth:`ModelParams.explorer_sliders`.
   ``default_dt`` (property)
       The model's default time step (its ``brian_model().dt``).
   ``settle_time`` (property, default 0 s)
       Time the f-I paths let the neuron settle before counting spikes (type II
       onset transients, adaptation); ``fi_curve``'s default ``settle``.
   ``closed_form_rheobase()`` -> Quantity or None (default None)
       The rheobase in closed form, if there is one.
   ``closed_form_rate(current)`` -> Quantity or None (default None)
       The exact noise-free rate at constant ``current``, if known in closed form.
   ``diffusion(*, frozen_adaptation=False)`` -> dict or None (default None)
       A one-dimensional drift ``tau dv/dt = E_L - v + psi(v) + R I`` for
       threshold integration (:mod:`neurosim.bio.theory.threshold`): keys
       ``tau, resistance, e_l, v_top, v_reset, t_ref`` (SI floats) and
       optionally ``psi`` (a function of v in volts; absent or None: the
       linear LIF drift, whose white-noise rate is Siegert's), ``v_min``,
       ``steep_from``, ``steep_step``.
   ``nest_counterpart()`` -> NestCounterpart or None (default None)
       The NEST model with the same equations, its parameters in NEST's
       units and the change of variables (:class:`NestCounterpart`).
   ``initial_voltage_range()`` -> (Quantity, Quantity) or None (default None)
       Where a network draws random initial potentials (uniformly); None: the
       model's own ``initial`` values.
   ``adapting`` (property, default False)
       True when an adaptation variable grows with the rate and feeds it back
       negatively (the AdEx's ``w`` with ``a`` or ``b`` nonzero, Izhikevich's ``u``).
   ``rate_ceiling`` (property)
       ``1/t_ref`` for a model with a positive refractory period, else None
       (read from :meth:`brian_model`; no model needs to override it).

   :func:`neurosim.bio.theory.rate_theory` combines ``closed_form_rate`` and
   ``diffusion`` into the theory ``FICurve.theory()`` and the explorer draw.
3. A cited preset ``models/<preset>.toml`` with ``model = "<MODEL>"``, and a
   row in the table of :mod:`neurosim.bio.models` and in docs/bio.md.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import brian2
import numpy as np
from brian2 import Quantity
from brian2.units.fundamentalunits import DIMENSIONLESS

from neurosim.errors import ParameterError
from neurosim.units import check_quantity, format_quantity
from neurosim.validation import check_real

#: The term noise adds to the ``v`` equation (Brunel 2000, Eq. 2).
NOISE_TERM = " + sigma*xi*tau_noise**-0.5"

#: Explorer sliders every model with the field gets (see :meth:`ModelParams.explorer_sliders`).
COMMON_SLIDERS = {"tau_m": ("tau_m (ms)", brian2.ms, 0.2, 5.0),
                  "t_ref": ("t_ref (ms)", brian2.ms, 0.0, 5.0)}

#: Above ``V_T + EXPONENTIAL_STEEP x Delta_T`` the exponential term exceeds ``e**10`` times
#: ``Delta_T``: the density is quasi-static (``p = tau_m/G``) and its share of the
#: interval below ``1e-7``, so the threshold-integration grid there steps by ``Delta_T / 10``.
EXPONENTIAL_STEEP = 10.0


def exponential_diffusion(params, tau: float, resistance: float) -> dict:
    """The drift of an exponential integrate-and-fire voltage equation (EIF, AdEx at fixed w).

    ``psi(v) = Delta_T exp((v - V_T)/Delta_T)`` (Fourcaud-Trocme et al. 2003, Eq. 2);
    the drift is smallest at ``V_T``; the boundary is ``V_peak``.
    """
    v_t, delta_t = float(params.V_T), float(params.Delta_T)
    return {"tau": tau, "resistance": resistance, "e_l": float(params.E_L),
            "v_top": float(params.V_peak), "v_reset": float(params.V_reset),
            "t_ref": float(params.t_ref), "psi": lambda v: delta_t * np.exp((v - v_t) / delta_t),
            "v_min": v_t, "steep_from": v_t + EXPONENTIAL_STEEP * delta_t,
            "steep_step": delta_t / 10}


@dataclass(frozen=True, eq=False)
class BrianModel:
    """A neuron model as Brian2 needs it (see the module docstring for conventions).

    Attributes
    ----------
    equations : str
        Brian2 equations with units; they use ``I`` (amp) without declaring it.
    threshold : str
        Spike condition, e.g. ``"v > V_th"`` or ``"v > V_detect"``.
    reset : str
        Statements run at each spike (may be empty: HH-type models have none).
    refractory : str or bool
        Brian2's ``refractory`` argument: a time name such as ``"t_ref"``, a
        condition such as ``"v > V_detect"`` (HH-type models: one spike per
        upward crossing), or False.
    method : str
        Brian2 integration method.
    namespace : dict of str -> Quantity
        Every parameter the equations name (scalars with units).  On
        cpp_standalone the engine turns each into a shared variable so that one
        compiled binary reruns with new values.
    initial : dict of str -> str
        State variable -> Brian2 expression of its start value (of namespace
        names and of variables set before it, in order), e.g. ``{"v": "E_L"}``.
    dt : Quantity (time)
        The default time step for this model.
    max_dt : Quantity (time)
        The largest time step that resolves the dynamics.
    max_dt_rule : str
        Why, for error messages (e.g. ``"tau_m/10 for tau_m = 10 ms"``).
    state_variables : tuple of str
        The state variables besides ``v`` that a trace records (``("w",)``).
    tau_noise : Quantity (time)
        The time constant in the noise term.
    membrane : str
        Name of the membrane potential, always ``"v"``.
    """

    equations: str
    threshold: str
    reset: str
    refractory: str | bool
    method: str
    namespace: dict
    initial: dict
    dt: Quantity
    max_dt: Quantity
    max_dt_rule: str
    state_variables: tuple = ()
    tau_noise: Quantity = field(default=None)
    membrane: str = "v"


@dataclass(frozen=True, eq=False)
class NestCounterpart:
    """The NEST model with the same equations as a neurosim model, and how to map onto it.

    Attributes
    ----------
    model : str
        NEST model name (e.g. ``"hh_psc_alpha"``).
    nest_params : dict of str -> float
        NEST parameters in NEST's units (mV, ms, pF, nS, pA), from the model's fields,
        including the initial state (``V_m``, ...).
    current_scale, current_offset : float
        NEST's ``I_e = current_scale * I/pA + current_offset`` for a neurosim current ``I``.
    time_scale : float
        ``t_neurosim = time_scale * t_nest`` (1 unless a change of variables rescales time:
        Izhikevich's 2007 form on NEST's 2003 one); NEST runs at ``dt / time_scale``.
    integrator : str
        How NEST integrates it, against neurosim's method: which dt difference to expect.
    spike : str
        What NEST calls a spike (its times may be offset from neurosim's; rates are not).
    converged : bool
        NEST's integrator is adaptive (converged at any step): neurosim's first-order rate
        error then shows, and its Richardson extrapolation is what should equal NEST's.
    """

    model: str
    nest_params: dict
    current_scale: float = 1.0
    current_offset: float = 0.0
    time_scale: float = 1.0
    integrator: str = ""
    spike: str = ""
    converged: bool = False

    def i_e(self, current: Quantity) -> float:
        """NEST's ``I_e`` for a neurosim current (amp)."""
        return self.current_scale * float(current / brian2.pA) + self.current_offset


class ModelParams:
    """Shared behaviour of the parameter dataclasses (validation, text, hashing).

    A subclass is a ``@dataclass(frozen=True)`` with class attributes
    ``MODEL`` (the name used in presets, ``model = "adex"``) and
    ``FIELD_UNITS`` (field -> unit it is printed in), fields ``name`` and
    ``source`` last, and a ``_check_ranges()`` method.
    """

    MODEL = ""
    FIELD_UNITS: dict = {}
    #: The rate error at the default dt against the model's reference (LSODA, closed form or
    #: NEST), as measured in docs/bio.md; "" where it has not been measured.
    DT_BAND = ""
    #: Dimensionless fields (plain numbers, e.g. Wang-Buzsaki's ``phi``).
    NUMBER_FIELDS: tuple = ()
    #: The fields that say most about the cell, for tables; () means the first five.
    KEY_FIELDS: tuple = ()
    #: The Brian2 target ``"auto"`` resolves to for this model.
    DEFAULT_TARGET = "cython"
    #: The ``spike_timing`` values :func:`neurosim.bio.fi_curve` accepts for this model.
    SPIKE_TIMINGS: tuple = ("grid",)
    #: Explorer sliders besides :data:`COMMON_SLIDERS`: field -> (label, display unit, low,
    #: high as multiples of the preset's value).
    SLIDERS: dict = {}

    def __post_init__(self):
        for key, unit in self.FIELD_UNITS.items():
            value = getattr(self, key)
            check_quantity(value, key, unit, scalar=True)
        for key in self.NUMBER_FIELDS:
            check_real(getattr(self, key), key)
        self._check_ranges()

    def _check_ranges(self):  # pragma: no cover - every model overrides it
        pass

    @property
    def settle_time(self) -> Quantity:
        """Time the f-I paths leave this neuron to settle before counting spikes (default 0 s).

        A model with an onset transient (type II cells) or adaptation
        overrides it; :func:`neurosim.bio.fi_curve` uses it (at most half the
        run) unless given ``settle``.  Firing that stops before the end of the
        run reads 0 Hz whatever the settle time
        (:func:`neurosim.bio.steady_state.steady_state_rates`).
        """
        return 0 * brian2.second

    def nest_counterpart(self) -> NestCounterpart | None:
        """The NEST model with the same equations, or None (the default: NEST has none)."""
        return None

    def initial_voltage_range(self) -> tuple | None:
        """Range of a network's random initial potentials, or None (the default: the model's
        own ``initial`` values)."""
        return None

    @property
    def adapting(self) -> bool:
        """Whether an adaptation variable feeds the rate back negatively (default False)."""
        return False

    @property
    def rate_ceiling(self) -> Quantity | None:
        """``1/t_ref``, the rate no neuron held refractory for ``t_ref`` can exceed, or None.

        None when the model has no refractory period, or a zero one (then only
        the dynamics bound the rate).
        """
        model = self.brian_model()
        if not isinstance(model.refractory, str) or model.refractory not in model.namespace:
            return None
        t_ref = model.namespace[model.refractory]
        return 1 / t_ref if float(t_ref) > 0 else None

    def _positive(self, *keys):
        for key in keys:
            value = getattr(self, key)
            if not value > 0 * self.FIELD_UNITS[key]:
                raise ParameterError(f"{key}: must be > 0, got {value}")

    def _non_negative(self, *keys):
        for key in keys:
            value = getattr(self, key)
            if not value >= 0 * self.FIELD_UNITS[key]:
                raise ParameterError(f"{key}: must be >= 0, got {value}")

    def _above(self, key, other):
        if not getattr(self, key) > getattr(self, other):
            raise ParameterError(
                f"{key}: must be above {other} ({getattr(self, other)}), got {getattr(self, key)}"
            )

    def __hash__(self):
        return hash((type(self).__name__,) + tuple(self.as_text().items()))

    def replace(self, **changes):
        """Return a copy with some fields changed (validated again)."""
        return dataclasses.replace(self, **changes)

    def as_text(self) -> dict[str, str]:
        """The parameters as text with units, e.g. ``{"C": "200 pF"}`` (presets read it back)."""
        text = {key: format_quantity(getattr(self, key), unit)
                for key, unit in self.FIELD_UNITS.items()}
        text.update({key: f"{float(getattr(self, key)):.10g}" for key in self.NUMBER_FIELDS})
        return text

    def namespace(self) -> dict[str, Quantity]:
        """The parameters as a Brian2 namespace dictionary."""
        values = {key: getattr(self, key) for key in self.FIELD_UNITS}
        values.update({key: float(getattr(self, key)) for key in self.NUMBER_FIELDS})
        return values

    # -- hooks: what the rest of neurosim asks the model (see the module docstring) --------

    @property
    def default_dt(self) -> Quantity:
        """The model's default time step (``brian_model().dt``)."""
        return self.brian_model().dt

    def key_fields(self) -> tuple:
        """The fields a table shows: :attr:`KEY_FIELDS`, else the first five."""
        return self.KEY_FIELDS or tuple(self.as_text())[:5]

    def explorer_sliders(self) -> dict:
        """Explorer sliders: ``tau_m`` and ``t_ref`` where they are fields, and :attr:`SLIDERS`."""
        fields = set(self.__dataclass_fields__)
        return {**{k: v for k, v in COMMON_SLIDERS.items() if k in fields}, **self.SLIDERS}

    def closed_form_rheobase(self) -> Quantity | None:
        """The rheobase in closed form (amp), or None where there is none (the default)."""
        return None

    def closed_form_rate(self, current) -> Quantity | None:
        """The exact noise-free rate at constant ``current``, or None (the default)."""
        return None

    def diffusion(self, *, frozen_adaptation: bool = False) -> dict | None:
        """The one-dimensional drift for threshold integration, or None (the default).

        See the module docstring for the keys.
        """
        return None



def model_dataclass(cls):
    """``@dataclass(frozen=True)`` that keeps :meth:`ModelParams.__hash__`.

    Quantities are numpy arrays (unhashable), so the dataclass-generated hash
    would fail; the parameters hash by their values in SI units instead.
    """
    cls = dataclass(frozen=True)(cls)
    cls.__hash__ = ModelParams.__hash__
    return cls


#: SI base units as Brian2 equation text, with their dimension symbols.
_BASE_UNITS = (("m", "metre"), ("kg", "kilogram"), ("s", "second"), ("A", "amp"),
               ("K", "kelvin"), ("mol", "mole"), ("cd", "candela"))


def unit_text(value) -> str:
    """The unit of ``value`` as Brian2 equation text in SI base units (``"1"`` if none).

    E.g. ``"metre ** -4 * kilogram ** -1 * second ** 4 * amp ** 2"`` for a
    capacitance density: Brian2's equation parser reads products of base
    units, not every derived unit's name.
    """
    dim = brian2.get_dimensions(value)
    if dim is DIMENSIONLESS:
        return "1"
    parts = [f"{name} ** {int(dim.get_dimension(symbol))}" for symbol, name in _BASE_UNITS
             if dim.get_dimension(symbol) != 0]
    return " * ".join(parts)
