"""neurosim.bio: spiking neuron models simulated in Brian2, with units.

Main names
----------
LIFParams, HHParams, WangBuzsakiParams, EIFParams, AdExParams, IzhikevichParams, QIFParams
    Frozen, validated parameters of one neuron of each model
    (:mod:`neurosim.bio.models`); ``params.brian_model(noisy)`` gives its
    Brian2 description (:class:`BrianModel`).
load_preset, list_presets, preset_info
    Cited parameter sets from ``models/*.toml`` (any model).
simulate
    One neuron of any model, any input current: trace, state variables,
    spikes (:class:`Trace`).
fi_curve
    Firing rate against constant current for any model, one vectorised run
    (:class:`FICurve`).
fi_curves
    The f-I curves of several presets of one model in one run (per-neuron parameters).
simulate_lif, LIFTrace
    Aliases kept for the lessons: ``simulate`` of a ``LIFParams`` and ``Trace``.
stimuli
    ``Constant``, ``Step``, ``Ramp``, ``Sine`` input currents.
spiketrains
    Step responses analysed: ``adaptation`` (onset vs steady-state rate,
    adaptation index), ``classify_pattern`` (Naud et al. 2008 firing patterns).
excitability
    What makes models differ, measured in vectorised runs: ``step_responses``
    (spike trains per current: onset and steady-state rates, patterns),
    ``find_rheobase`` (rheobase and type I/II); in ``ramps``: ``bistability``
    (up and down current ramps).
theory
    Exact LIF rates: ``lif_rate`` (closed form), ``siegert_rate`` (with noise), ``rheobase``;
    any integrate-and-fire model by threshold integration: ``theory.stationary_rate``,
    ``theory.isi_cv``; the adapting AdEx: ``theory.adiabatic_fi``.
compare_with_nest
    One cell of a model NEST also has (``params.nest_counterpart()``) on both engines:
    spike times and rates side by side (:class:`~neurosim.bio.nest_check.NestComparison`).
isi_statistics
    Interspike intervals and their CV per (current, sigma), one vectorised run, any model
    (:class:`ISIStatistics`).

Modules, each with one job
--------------------------
models
    One frozen parameter dataclass per neuron model, with its Brian2 description.
params
    An alias kept for users' imports: ``LIFParams`` lives in ``models.lif``.
presets
    Cited parameter sets stored as TOML files, for every model.
stimuli
    Input currents as functions of time.
engine
    The one simulation engine: a vectorised group built from any model.
batches
    Presets of one model in one group: ``fi_curves``, ``find_rheobases``.
brian2_tools
    Brian2 machinery shared by the simulations (targets, seeding, checks).
trace
    One neuron of any model: ``simulate`` returns a ``Trace`` (also the LIF's:
    ``simulate_lif``/``LIFTrace`` are aliases).
fi
    f-I curves of any model in one run: ``fi_curve`` returns an ``FICurve``.
steady_state
    When spike counts are a steady-state rate (firing that stopped reads 0 Hz): the one
    rule of ``fi_curve``, traces and the explorer.
nest_check
    One cell on neurosim and on its NEST counterpart: ``compare_with_nest``.
spiketrains
    Step responses analysed: adaptation and firing patterns.
isi
    Inter-spike-interval statistics of spike trains.
synapses
    Synapses with units (delta, exponential current, conductance).
network
    Populations joined by synapses, simulated on Brian2 or NEST.
theory
    Exact rates (closed form, Siegert, threshold integration).

``neurosim.bio`` never imports ``neurosim.ann``.
"""

from neurosim.bio import excitability, ramps, spiketrains, stimuli, theory
from neurosim.bio.batches import fi_curves, find_rheobases
from neurosim.bio.excitability import (
    Rheobase,
    StepResponses,
    find_rheobase,
    step_responses,
)
from neurosim.bio.fi import FICurve, fi_curve
from neurosim.bio.isi import ISIStatistics, isi_statistics
from neurosim.bio.models import (
    MODEL_TYPES,
    MODELS,
    AdExParams,
    BrianModel,
    EIFParams,
    HHParams,
    IzhikevichParams,
    QIFParams,
    WangBuzsakiParams,
)
from neurosim.bio.models.lif import LIFParams
from neurosim.bio.nest_check import NestComparison, compare_with_nest
from neurosim.bio.presets import PresetInfo, list_presets, load_preset, preset_info
from neurosim.bio.ramps import Bistability, bistability
from neurosim.bio.spiketrains import Adaptation, FiringPattern, adaptation, classify_pattern
from neurosim.bio.stimuli import Constant, Ramp, Sine, Step
from neurosim.bio.theory import lif_rate, rheobase, siegert_rate
from neurosim.bio.trace import LIFTrace, Trace, simulate, simulate_lif

__all__ = [
    "LIFParams",
    "HHParams",
    "WangBuzsakiParams",
    "EIFParams",
    "AdExParams",
    "IzhikevichParams",
    "QIFParams",
    "BrianModel",
    "MODELS",
    "MODEL_TYPES",
    "load_preset",
    "list_presets",
    "preset_info",
    "PresetInfo",
    "simulate",
    "Trace",
    "simulate_lif",
    "LIFTrace",
    "fi_curve",
    "fi_curves",
    "FICurve",
    "compare_with_nest",
    "NestComparison",
    "stimuli",
    "theory",
    "Constant",
    "Step",
    "Ramp",
    "Sine",
    "lif_rate",
    "rheobase",
    "siegert_rate",
    "spiketrains",
    "adaptation",
    "classify_pattern",
    "Adaptation",
    "FiringPattern",
    "isi_statistics",
    "ISIStatistics",
    "excitability",
    "ramps",
    "step_responses",
    "find_rheobase",
    "find_rheobases",
    "bistability",
    "StepResponses",
    "Rheobase",
    "Bistability",
]
