"""The leaky integrate-and-fire neuron (its parameters live in :mod:`neurosim.bio.params`)."""

from neurosim.bio.params import LIFParams

__all__ = ["LIFParams"]
