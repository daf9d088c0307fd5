"""AdEx's dt band: the rate error at the default and at the largest dt, and the largest dt itself.

The reference is an independent DOP853 integration of the same equations
(``tests/bio/scipy_models.py``, rtol 1e-9), the worst case of docs/bio.md's dt band: adex_tonic
(no spike-triggered adaptation, so nothing slows it down) at 1.5x its step current, 750 pA
(178 Hz).
"""

import numpy as np
import pytest
from brian2 import ms, pA

from neurosim.bio import list_presets, load_preset, simulate
from neurosim.bio.models.adex import MAX_DT
from neurosim.errors import ParameterError
from tests.bio import scipy_models as ref

DURATION = 300.0  # ms; the rate is read over 150-300 ms (w settles within 3 tau_w = 90 ms)
START = 150.0


def _steady_rate(spikes_ms):
    late = spikes_ms[spikes_ms >= START]
    return 1000.0 * (len(late) - 1) / (late[-1] - late[0])


@pytest.fixture(scope="module")
def reference_rate():
    # adex_tonic (Naud et al. 2008): C 200 pF, g_L 10 nS, E_L -70, V_T -50, Delta_T 2 mV,
    # tau_w 30 ms, a 2 nS, b 0, V_reset -58, V_peak 0 mV.
    spikes = ref.fire_and_reset(ref.adex_rhs(200, 10, -70, -50, 2, 30, 2, 750), [-70, 0],
                                DURATION, 0, lambda y: [-58, y[1]], v_switch=-40)
    return _steady_rate(spikes)


def _error(dt, reference):
    trace = simulate(load_preset("adex_tonic"), 750 * pA, DURATION * ms, dt=dt)
    return _steady_rate(np.asarray(trace.spike_times / ms)) / reference - 1


def test_the_default_dt_is_within_one_percent(reference_rate):
    # Measured -0.84 % (2 s runs, Richardson reference; docs/bio.md): first order, so low,
    # and inside the 1 % the defaults are chosen for.
    error = _error(load_preset("adex_tonic").brian_model().dt, reference_rate)
    assert -0.01 < error < 0


def test_the_largest_dt_keeps_the_stated_band(reference_rate):
    # DT_BAND states -5.6 % at the largest dt (0.1 ms); the window's end spikes move the
    # 150 ms estimate by up to one step per interval count (0.1 ms / 150 ms = 0.07 %), so
    # the measured value is held to +- 0.5 %.
    error = _error(MAX_DT, reference_rate)
    assert -0.061 < error < -0.051


@pytest.mark.parametrize("name", list_presets("adex"))
def test_every_preset_refuses_a_step_beyond_the_band(name):
    params = load_preset(name)
    assert params.brian_model().max_dt == MAX_DT
    with pytest.raises(ParameterError, match=r"dt: must be in \(0 ms, min\(0.1 ms"):
        simulate(params, 0 * pA, 10 * ms, dt=0.2 * ms)
