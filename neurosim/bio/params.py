"""Alias kept for users' imports: the LIF now lives in :mod:`neurosim.bio.models.lif`.

``from neurosim.bio.params import LIFParams`` still works; new code imports
``LIFParams`` from :mod:`neurosim.bio` (or :mod:`neurosim.bio.models`).
Nothing inside neurosim imports this module.
"""

from neurosim.bio.models.lif import FIELD_UNITS, LIFParams

__all__ = ["FIELD_UNITS", "LIFParams"]
