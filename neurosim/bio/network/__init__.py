"""neurosim.bio.network: populations of spiking neurons joined by synapses, on Brian2 or NEST.

Main names
----------
Population, PoissonSource, Projection, NetworkSpec
    A declarative network with units (data only, validated on construction).
simulate_network
    Run a spec on Brian2 (numpy, cython, cpp_standalone) or NEST 3.10.
simulate_networks
    Several specs that differ only in their drives, as blocks of one Brian2 network.
NetworkResult
    Spikes per population; rates, ISI CVs, population rate, synchrony chi.
brunel2000 (its states: ``brunel.BRUNEL_STATES``)
    Brunel's (2000) model A in its named states, at any size with C_E fixed.
"""

from neurosim.bio.network.brunel import brunel2000, nu_threshold
from neurosim.bio.network.result import NetworkResult
from neurosim.bio.network.simulate import (
    OpenMPWarning,
    simulate_network,
    simulate_networks,
)
from neurosim.bio.network.spec import NetworkSpec, PoissonSource, Population, Projection

__all__ = [
    "NetworkResult",
    "NetworkSpec",
    "OpenMPWarning",
    "PoissonSource",
    "Population",
    "Projection",
    "brunel2000",
    "nu_threshold",
    "simulate_network",
    "simulate_networks",
]
