"""Neuron models: one frozen parameter dataclass per model, each with its Brian2 description.

=======================  ==================  ===============================
class                    preset ``model``    source
=======================  ==================  ===============================
``LIFParams``            ``lif``             Gerstner et al. (2014), §1.3
``HHParams``             ``hh``              Hodgkin & Huxley (1952)
``WangBuzsakiParams``    ``wang_buzsaki``    Wang & Buzsaki (1996)
``EIFParams``            ``eif``             Fourcaud-Trocme et al. (2003)
``AdExParams``           ``adex``            Brette & Gerstner (2005)
``IzhikevichParams``     ``izhikevich``      Izhikevich (2007), ch. 8
``QIFParams``            ``qif``             Latham et al. (2000)
=======================  ==================  ===============================

``params.brian_model(noisy)`` returns a :class:`BrianModel`; see
:mod:`neurosim.bio.models.base` for the conventions (``v``, ``I``, noise).

Each class is the one place that knows its model: besides ``brian_model`` it answers a
few hooks with defaults on :class:`ModelParams` (``key_fields()``, ``DEFAULT_TARGET``,
``SPIKE_TIMINGS``, ``explorer_sliders()``, ``default_dt``, ``settle_time``,
``closed_form_rheobase()``, ``closed_form_rate()``, ``diffusion()``,
``nest_counterpart()``), and nothing outside
this package asks a parameter object for its type.  To add a model, follow "How to add a
model" in :mod:`neurosim.bio.models.base`: one module here, its entry in :data:`MODELS`,
a cited preset, its rows in this table and in docs/bio.md.
"""

from neurosim.bio.models.adex import AdExParams
from neurosim.bio.models.base import BrianModel, ModelParams
from neurosim.bio.models.eif import EIFParams
from neurosim.bio.models.hh import HHParams
from neurosim.bio.models.izhikevich import IzhikevichParams
from neurosim.bio.models.lif import LIFParams
from neurosim.bio.models.qif import QIFParams
from neurosim.bio.models.wang_buzsaki import WangBuzsakiParams

#: Preset ``model = "..."`` name -> parameter class.
MODELS = {cls.MODEL: cls for cls in (LIFParams, HHParams, WangBuzsakiParams, EIFParams,
                                      AdExParams, IzhikevichParams, QIFParams)}

#: Every parameter class (what ``simulate`` and ``fi_curve`` accept).
MODEL_TYPES = tuple(MODELS.values())

__all__ = ["BrianModel", "ModelParams", "MODELS", "MODEL_TYPES", "LIFParams", "HHParams",
           "WangBuzsakiParams", "EIFParams", "AdExParams", "IzhikevichParams",
           "QIFParams"]
