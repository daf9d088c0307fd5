"""A declarative network: populations, Poisson sources and projections, with units.

The spec is data only (frozen dataclasses, validated on construction); the
engines in :mod:`neurosim.bio.network.simulate` turn the same spec into a
Brian2 or a NEST network, and :func:`neurosim.bridge.mean_field` into a rate
model.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from brian2 import Hz, Quantity, ms, mV, second

from neurosim.bio.network._models import describe
from neurosim.bio.synapses import DeltaSynapse, check_synapse, check_weight
from neurosim.errors import ParameterError, UnitError
from neurosim.units import check_quantity
from neurosim.validation import check_integer


def _check_name(name, what):
    if not isinstance(name, str) or not name.isidentifier():
        raise ParameterError(
            f"{what}: must be a Python identifier (letters, digits, _), got {name!r}"
        )
    return name


def _check_count(value, what, minimum=1):
    return check_integer(value, what, low=minimum)


@dataclass(frozen=True)
class Population:
    """``n`` identical neurons of one model.

    Parameters
    ----------
    name : str
        An identifier (``"E"``, ``"I"``).
    n : int
        Number of neurons (>= 1).
    model : LIFParams or another neurosim.bio parameter object
        The neuron model; its Brian2 description (equations with a total input
        current ``I``, threshold, reset, refractory period) is used as is.
    v_init : tuple of two Quantity (voltage), optional
        Initial membrane potentials are drawn uniformly in ``[low, high)``
        from the run's seed; default ``(V_reset, V_th)`` of the model.
    """

    name: str
    n: int
    model: object
    v_init: tuple | None = None

    def __post_init__(self):
        _check_name(self.name, "Population.name")
        _check_count(self.n, f"Population {self.name}: n")
        describe(self.model)  # raises for an unknown model
        if self.v_init is not None:
            if not isinstance(self.v_init, tuple) or len(self.v_init) != 2:
                raise ParameterError(
                    f"Population {self.name}: v_init must be (low, high), got {self.v_init!r}"
                )
            for value in self.v_init:
                check_quantity(value, f"Population {self.name}: v_init", mV)
            if not self.v_init[1] >= self.v_init[0]:
                raise ParameterError(
                    f"Population {self.name}: v_init high must be >= low, got {self.v_init}"
                )

    def __hash__(self):
        return hash((self.name, self.n))

    @property
    def v_range(self) -> tuple | None:
        """``(low, high)`` of the initial membrane potentials (None: the model's own)."""
        if self.v_init is not None:
            return self.v_init
        return describe(self.model).v_range


@dataclass(frozen=True)
class PoissonSource:
    """Independent Poisson spike trains into every neuron of a population.

    Each neuron of ``target`` receives ``in_degree`` trains of ``rate`` each
    (its own realisation), through ``synapse`` with ``weight``: Brunel's
    external drive.  With ``rate_after`` and ``change_at`` the rate steps
    from ``rate`` to ``rate_after`` at time ``change_at``.

    Parameters
    ----------
    name : str
    target : str
        Name of a population.
    in_degree : int
    rate, rate_after : Quantity (frequency), >= 0
    weight : Quantity (volt, amp or siemens, as ``synapse`` needs)
    synapse : DeltaSynapse, ExpCurrentSynapse or ExpConductanceSynapse
    change_at : Quantity (time), optional
    """

    name: str
    target: str
    in_degree: int
    rate: Quantity
    weight: Quantity
    synapse: object = field(default_factory=DeltaSynapse)
    rate_after: Quantity | None = None
    change_at: Quantity | None = None

    def __post_init__(self):
        _check_name(self.name, "PoissonSource.name")
        _check_count(self.in_degree, f"PoissonSource {self.name}: in_degree")
        check_synapse(self.synapse, f"PoissonSource {self.name}: synapse")
        check_weight(self.weight, self.synapse, f"PoissonSource {self.name}: weight")
        for key in ("rate", "rate_after"):
            value = getattr(self, key)
            if value is None:
                continue
            check_quantity(value, f"PoissonSource {self.name}: {key}", Hz)
            if np.ndim(value) != 0 or not value >= 0 * Hz:
                raise ParameterError(
                    f"PoissonSource {self.name}: {key} must be a single value >= 0 Hz, got {value}"
                )
        if (self.rate_after is None) != (self.change_at is None):
            raise ParameterError(
                f"PoissonSource {self.name}: give both rate_after and change_at, or neither"
            )
        if self.change_at is not None:
            check_quantity(self.change_at, f"PoissonSource {self.name}: change_at", second)
            if not self.change_at > 0 * ms:
                raise ParameterError(
                    f"PoissonSource {self.name}: change_at must be > 0 ms, got {self.change_at}"
                )

    def __hash__(self):
        return hash((self.name, self.target))

    def rate_at(self, t) -> Quantity:
        """The rate at time(s) ``t``."""
        if self.change_at is None:
            return self.rate * np.ones(np.shape(t))
        return (
            np.where(
                np.asarray(t / second) >= float(self.change_at / second),
                float(self.rate_after / Hz),
                float(self.rate / Hz),
            )
            * Hz
        )


@dataclass(frozen=True)
class Projection:
    """Connections from one population to another.

    Either ``in_degree`` (every target neuron gets exactly that many
    connections from sources drawn with replacement, never itself: NEST's
    ``fixed_indegree`` with multapses, as in Brunel 2000) or ``probability``
    (each pair independently; no self-connections).

    Parameters
    ----------
    source, target : str
        Population names.
    weight : Quantity (volt, amp or siemens, as ``synapse`` needs)
        Negative for inhibition with delta and current synapses; conductance
        synapses inhibit through their reversal potential.
    delay : Quantity (time), >= 0
    in_degree : int, optional
    probability : float in (0, 1], optional
    synapse : DeltaSynapse, ExpCurrentSynapse or ExpConductanceSynapse
    """

    source: str
    target: str
    weight: Quantity
    delay: Quantity = field(default_factory=lambda: 1.5 * ms)
    in_degree: int | None = None
    probability: float | None = None
    synapse: object = field(default_factory=DeltaSynapse)

    def __post_init__(self):
        label = f"Projection {self.source}->{self.target}"
        check_synapse(self.synapse, f"{label}: synapse")
        check_weight(self.weight, self.synapse, f"{label}: weight")
        check_quantity(self.delay, f"{label}: delay", second)
        if np.ndim(self.delay) != 0 or not self.delay >= 0 * ms:
            raise ParameterError(f"{label}: delay must be a single value >= 0 ms, got {self.delay}")
        if (self.in_degree is None) == (self.probability is None):
            raise ParameterError(f"{label}: give exactly one of in_degree or probability")
        if self.in_degree is not None:
            _check_count(self.in_degree, f"{label}: in_degree")
        elif isinstance(self.probability, Quantity) or not 0 < float(self.probability) <= 1:
            raise ParameterError(
                f"{label}: probability must be a number in (0, 1], got {self.probability!r}"
            )

    def __hash__(self):
        return hash((self.source, self.target))

    def mean_in_degree(self, n_source: int) -> float:
        """Expected number of inputs per target neuron."""
        return float(self.in_degree) if self.in_degree is not None else self.probability * n_source


@dataclass(frozen=True)
class NetworkSpec:
    """Populations, Poisson sources and projections of one network.

    Parameters
    ----------
    populations : tuple of Population
    projections : tuple of Projection
    sources : tuple of PoissonSource
    dt : Quantity (time)
        Integration step of the simulation (default 0.1 ms); every delay
        must be >= dt (NEST's minimum delay).
    name : str
        A label for results and files.

    Raises
    ------
    ParameterError
        Duplicate names, a projection or source naming an unknown
        population, an in-degree above the source size, or a delay below dt.
    """

    populations: tuple
    projections: tuple = ()
    sources: tuple = ()
    dt: Quantity = field(default_factory=lambda: 0.1 * ms)
    name: str = "network"

    def __post_init__(self):
        for key, kind in (
            ("populations", Population),
            ("projections", Projection),
            ("sources", PoissonSource),
        ):
            items = getattr(self, key)
            if not isinstance(items, (tuple, list)) or not all(isinstance(x, kind) for x in items):
                raise UnitError(f"NetworkSpec.{key}: expected a tuple of {kind.__name__}")
            object.__setattr__(self, key, tuple(items))
        if not self.populations:
            raise ParameterError("NetworkSpec.populations: needs at least one population")
        names = [p.name for p in self.populations]
        if len(set(names)) != len(names):
            raise ParameterError(f"NetworkSpec.populations: names must be unique, got {names}")
        source_names = [s.name for s in self.sources]
        if len(set(source_names)) != len(source_names) or set(source_names) & set(names):
            raise ParameterError(
                f"NetworkSpec.sources: names must be unique and differ from populations, "
                f"got {source_names}"
            )
        check_quantity(self.dt, "dt", second)
        if np.ndim(self.dt) != 0 or not self.dt > 0 * ms:
            raise ParameterError(f"dt: must be a single value > 0 ms, got {self.dt}")
        for pop in self.populations:
            max_dt = describe(pop.model).brian.max_dt
            if max_dt is not None and self.dt > max_dt:
                raise ParameterError(
                    f"dt: must be <= {max_dt} for population {pop.name} "
                    f"({describe(pop.model).brian.max_dt_rule}), got {self.dt}"
                )
        sizes = dict(zip(names, (p.n for p in self.populations)))
        for proj in self.projections:
            for end in (proj.source, proj.target):
                if end not in sizes:
                    raise ParameterError(
                        f"Projection {proj.source}->{proj.target}: unknown population "
                        f"{end!r}; known: {', '.join(names)}"
                    )
            if proj.in_degree is not None and proj.in_degree > sizes[proj.source]:
                raise ParameterError(
                    f"Projection {proj.source}->{proj.target}: in_degree must be <= "
                    f"{sizes[proj.source]} (size of {proj.source}), got {proj.in_degree}"
                )
            if proj.delay < self.dt:
                raise ParameterError(
                    f"Projection {proj.source}->{proj.target}: delay must be >= dt = "
                    f"{self.dt}, got {proj.delay}"
                )
        for src in self.sources:
            if src.target not in sizes:
                raise ParameterError(
                    f"PoissonSource {src.name}: unknown target {src.target!r}; "
                    f"known: {', '.join(names)}"
                )

    def __hash__(self):
        return hash((self.name, tuple(p.name for p in self.populations)))

    def population(self, name: str) -> Population:
        for pop in self.populations:
            if pop.name == name:
                return pop
        raise ParameterError(
            f"population: unknown name {name!r}; known: "
            f"{', '.join(p.name for p in self.populations)}"
        )

    @property
    def n_neurons(self) -> int:
        return sum(p.n for p in self.populations)

    @property
    def n_synapses(self) -> int:
        """Expected number of recurrent synapses."""
        sizes = {p.name: p.n for p in self.populations}
        return int(
            round(
                sum(
                    proj.mean_in_degree(sizes[proj.source]) * sizes[proj.target]
                    for proj in self.projections
                )
            )
        )

    @property
    def settings(self) -> dict:
        """The spec as JSON-ready text (for provenance)."""

        def text(q):
            return str(q)

        return {
            "name": self.name,
            "dt": text(self.dt),
            "populations": [
                {
                    "name": p.name,
                    "n": p.n,
                    "model": type(p.model).__name__,
                    "params": describe(p.model).as_text,
                }
                for p in self.populations
            ],
            "projections": [
                {
                    "source": q.source,
                    "target": q.target,
                    "weight": text(q.weight),
                    "delay": text(q.delay),
                    "in_degree": q.in_degree,
                    "probability": q.probability,
                    "synapse": repr(q.synapse),
                }
                for q in self.projections
            ],
            "sources": [
                {
                    "name": s.name,
                    "target": s.target,
                    "in_degree": s.in_degree,
                    "rate": text(s.rate),
                    "weight": text(s.weight),
                    "synapse": repr(s.synapse),
                    "rate_after": None if s.rate_after is None else text(s.rate_after),
                    "change_at": None if s.change_at is None else text(s.change_at),
                }
                for s in self.sources
            ],
        }
