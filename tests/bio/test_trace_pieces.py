"""A trace of a constant or step current runs piece by piece in the f-I curves' group.

:func:`neurosim.bio.trace.constant_pieces` splits such a current into runs of equal values;
each runs with ``I`` a constant, so that on Cython the trace reuses the state update the f-I
curves compiled.  It must give the trace the ``TimedArray`` path gives (``MAX_PIECES = 0``
forces that path): without noise on numpy bit for bit, otherwise to rounding (the current
as a scalar ``I_stim(t)`` or a per-neuron constant is summed in another order), with the same
spikes; with noise too (the random stream runs on from one run into the next).
"""

import numpy as np
import pytest
from brian2 import amp, ms, mV, nA

from neurosim.bio import Ramp, Step, load_preset, simulate
from neurosim.bio import trace as trace_module
from neurosim.bio.trace import constant_pieces


def test_constant_pieces_are_the_runs_of_equal_values():
    samples = np.array([0, 0, 0, 2, 2, 1]) * nA
    assert [(n, float(v / nA)) for n, v in constant_pieces(samples)] == [(3, 0.0), (2, 2.0),
                                                                           (1, 1.0)]
    assert len(constant_pieces(np.zeros(10) * amp)) == 1
    assert constant_pieces(np.arange(trace_module.MAX_PIECES + 1) * nA) is None


def _both_paths(monkeypatch, *args, **kwargs):
    pieces = simulate(*args, **kwargs)
    with monkeypatch.context() as patch:
        patch.setattr(trace_module, "MAX_PIECES", 0)
        timed = simulate(*args, **kwargs)
    return pieces, timed


@pytest.mark.parametrize("sigma", [0 * mV, 1 * mV])
def test_a_step_on_numpy_is_the_timed_array_trace(monkeypatch, sigma):
    params = load_preset("neuronal_dynamics")
    a, b = _both_paths(monkeypatch, params, Step(2 * params.rheobase, 10 * ms), 100 * ms,
                       sigma=sigma, seed=3)
    assert len(a.spike_times) > 2
    if sigma == 0 * mV:
        np.testing.assert_array_equal(np.asarray(a.v), np.asarray(b.v))
    else:  # 1e-15 V: rounding (~1e-17 V per step seen) far below any other error
        np.testing.assert_allclose(np.asarray(a.v), np.asarray(b.v), rtol=0, atol=1e-15)
    np.testing.assert_array_equal(np.asarray(a.spike_times), np.asarray(b.spike_times))


@pytest.mark.parametrize("sigma", [0 * mV, 1 * mV])
def test_a_step_on_cython_is_the_timed_array_trace_to_rounding(monkeypatch, sigma):
    # 1e-12 V: rounding of ~1e-15 V per step, over the 4000 steps; a spike time moves only if
    # v passes the threshold within that of it, which these runs do not.
    params = load_preset("wang_buzsaki")
    a, b = _both_paths(monkeypatch, params, Step(1 * nA, 10 * ms), 40 * ms, sigma=sigma,
                       seed=3, target="cython")
    assert len(a.spike_times) > 2
    np.testing.assert_allclose(np.asarray(a.v), np.asarray(b.v), rtol=0, atol=1e-12)
    np.testing.assert_array_equal(np.asarray(a.spike_times), np.asarray(b.spike_times))


def test_a_ramp_is_still_a_timed_array():
    samples = Ramp(0 * nA, 1 * nA, 0 * ms, 10 * ms).sample(np.arange(100) * 0.1 * ms)
    assert constant_pieces(samples) is None


#: Run in a new process with an empty Brian2 Cython cache (this process keeps the
#: extensions it loaded): the f-I curve's extensions, then those a step trace adds.
_COUNT_EXTENSIONS = """
import glob, sys
import brian2
from brian2 import ms, nA
from neurosim.bio import Step, fi_curve, load_preset, simulate
brian2.prefs.codegen.runtime.cython.cache_dir = sys.argv[1]
count = lambda: len(glob.glob(sys.argv[1] + "/*.so"))
params = load_preset("wang_buzsaki")
fi_curve(params, [0.0, 1.0] * nA, duration=5 * ms, target="cython")
after_fi = count()
simulate(params, Step(1 * nA, 1 * ms), 5 * ms, target="cython")
print(after_fi, count() - after_fi)
"""


@pytest.mark.slow
def test_on_cython_a_step_trace_compiles_no_state_update_beside_the_fi_curve(tmp_path):
    # Cost: 6 Cython extensions, ~15-25 s.
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", _COUNT_EXTENSIONS, str(tmp_path)],
                         capture_output=True, text=True, timeout=600, check=True)
    after_fi, added = (int(x) for x in out.stdout.split())
    assert after_fi >= 3 and added == 2  # the trace's StateMonitor and SpikeMonitor only
