"""onset_currents: more currents where an f-I curve starts to fire."""

import numpy as np
from brian2 import Hz, nA, second

from neurosim.bio import fi_curve, load_preset
from neurosim.bio.fi import onset_currents
from neurosim.bio.theory import lif_rate


def test_points_fall_between_the_last_silent_and_the_first_firing_current():
    params = load_preset("neuronal_dynamics")
    currents = np.linspace(0, 3, 7) * params.rheobase  # rheobase between 2nd and 3rd point
    curve = fi_curve(params, currents, duration=0.3 * second)
    extra = onset_currents(curve, 4)
    assert len(extra) == 4
    assert float(currents[2] / nA) < float(extra.min() / nA)
    assert float(extra.max() / nA) < float(currents[3] / nA)
    # The closed form confirms the interval holds the onset: silent, then firing.
    assert float(lif_rate(currents[2], params) / Hz) == 0 < float(lif_rate(currents[3], params) / Hz)


def test_nothing_to_add_when_the_curve_fires_at_once_or_never():
    params = load_preset("neuronal_dynamics")
    high = np.linspace(2, 3, 4) * params.rheobase
    low = np.linspace(0, 0.5, 4) * params.rheobase
    for currents in (high, low):
        assert len(onset_currents(fi_curve(params, currents, duration=0.2 * second), 3)) == 0
