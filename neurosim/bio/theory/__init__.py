"""Exact rate theory of integrate-and-fire neurons: the analytic answers the simulations are
tested against.

Modules
-------
lif
    The leaky integrate-and-fire neuron in closed form: ``lif_rate``, ``siegert_rate``
    (white noise), ``rheobase``.
threshold
    Any one-dimensional integrate-and-fire neuron (LIF, EIF, AdEx without adaptation) under
    a constant current plus white noise, by Richardson's threshold integration:
    ``stationary_rate``, ``isi_cv``, and the noise-free ``deterministic_rate``.
rates
    Which theory a model has: ``rate_theory`` (closed form, Siegert or threshold
    integration, from the model's hooks); ``has_lif_theory``.
adaptation
    The AdEx neuron's steady state by the adiabatic approximation: ``adiabatic_fi``;
    the mean membrane potential ``mean_voltage``.
"""

from neurosim.bio.theory.adaptation import AdiabaticFI, adiabatic_fi, mean_voltage
from neurosim.bio.theory.lif import lif_rate, rheobase, siegert_rate
from neurosim.bio.theory.rates import has_lif_theory, rate_theory
from neurosim.bio.theory.threshold import deterministic_rate, isi_cv, stationary_rate

__all__ = ["AdiabaticFI", "adiabatic_fi", "deterministic_rate", "has_lif_theory", "isi_cv",
           "lif_rate", "mean_voltage", "rate_theory", "rheobase", "siegert_rate",
           "stationary_rate"]
