"""neurosim.bio: leaky integrate-and-fire neurons simulated in Brian2, with units.

Main names
----------
LIFParams
    Frozen, validated parameters of one LIF neuron.
load_preset, list_presets
    Cited parameter sets from ``models/*.toml``.
simulate_lif
    One neuron, any input current: membrane trace and spikes (:class:`LIFTrace`).
fi_curve
    Firing rate against constant current, one vectorised run (:class:`FICurve`).
stimuli
    ``Constant``, ``Step``, ``Ramp``, ``Sine`` input currents.
spiketrains
    Step responses analysed: ``adaptation`` (onset vs steady-state rate,
    adaptation index), ``classify_pattern`` (Naud et al. 2008 firing patterns).
theory
    Exact rates: ``lif_rate`` (closed form), ``siegert_rate`` (with noise), ``rheobase``.

``neurosim.bio`` never imports ``neurosim.ann``.
"""

from neurosim.bio import spiketrains, stimuli, theory
from neurosim.bio.fi import FICurve, fi_curve
from neurosim.bio.params import LIFParams
from neurosim.bio.presets import list_presets, load_preset, preset_info
from neurosim.bio.simulate import LIFTrace, simulate_lif
from neurosim.bio.spiketrains import Adaptation, FiringPattern, adaptation, classify_pattern
from neurosim.bio.stimuli import Constant, Ramp, Sine, Step
from neurosim.bio.theory import lif_rate, rheobase, siegert_rate

__all__ = [
    "LIFParams", "load_preset", "list_presets", "preset_info",
    "simulate_lif", "LIFTrace", "fi_curve", "FICurve",
    "stimuli", "theory", "Constant", "Step", "Ramp", "Sine",
    "lif_rate", "rheobase", "siegert_rate",
    "spiketrains", "adaptation", "classify_pattern", "Adaptation", "FiringPattern",
]
