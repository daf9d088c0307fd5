"""fi_curves: the f-I curves of several presets of one model in one group."""

import numpy as np
import pytest
from brian2 import ms, mV, nA, pA, second

from neurosim import results_cache
from neurosim.bio import fi_curve, fi_curves, load_preset
from neurosim.errors import ParameterError

LIFS = ("neuronal_dynamics", "brunel2000", "fast_spiking")


def _lif_currents(names):
    return [np.linspace(0, 3, 9) * load_preset(n).rheobase for n in names]


def test_a_batch_of_lif_presets_equals_each_run_alone_bit_for_bit():
    models = [load_preset(n) for n in LIFS]
    currents = _lif_currents(LIFS)
    with results_cache.using_cache(False):
        batch = fi_curves(models, currents, duration=0.3 * second)
        alone = [fi_curve(m, c, duration=0.3 * second) for m, c in zip(models, currents)]
    for b, a, m in zip(batch, alone, models):
        assert b.params is m and b.dt == a.dt and b.settle == a.settle
        np.testing.assert_array_equal(b.spike_counts, a.spike_counts)
        np.testing.assert_array_equal(np.asarray(b.rates), np.asarray(a.rates))
        assert np.asarray(b.rates).max() > 50  # they fire: the comparison says something


def test_adex_presets_in_one_group_equal_their_own_runs_to_rounding():
    # Per-neuron parameters instead of scalar constants: Brian2 can no longer hoist some
    # expressions, so the last digits of the arithmetic change.  A regular (non-chaotic)
    # AdEx integrates those differences away: the same spikes, rates equal to 1e-9.
    names = ("adex_tonic", "adex_adapting")
    models = [load_preset(n) for n in names]
    currents = [np.array([0.0, 300, 600]) * pA] * 2
    with results_cache.using_cache(False):
        batch = fi_curves(models, currents, duration=0.2 * second, settle=50 * ms)
        alone = [fi_curve(m, c, duration=0.2 * second, settle=50 * ms)
                 for m, c in zip(models, currents)]
    for b, a in zip(batch, alone):
        np.testing.assert_array_equal(b.spike_counts, a.spike_counts)
        np.testing.assert_allclose(np.asarray(b.rates), np.asarray(a.rates), rtol=1e-9)
    assert np.asarray(batch[0].rates).max() > 20


def test_a_batch_of_one_is_fi_curve():
    p = load_preset("neuronal_dynamics")
    c = np.linspace(0, 2, 5) * nA
    with results_cache.using_cache(False):
        (one,) = fi_curves([p], [c], duration=0.2 * second, sigma=2 * mV, n_trials=2, seed=3)
        ref = fi_curve(p, c, duration=0.2 * second, sigma=2 * mV, n_trials=2, seed=3)
    np.testing.assert_array_equal(one.spike_counts, ref.spike_counts)


def test_noisy_batches_are_reproducible_by_seed_and_differ_across_seeds():
    models = [load_preset(n) for n in LIFS[:2]]
    currents = _lif_currents(LIFS[:2])
    run = lambda seed: fi_curves(models, currents, duration=0.3 * second, sigma=3 * mV,  # noqa: E731
                                 n_trials=3, seed=seed)
    with results_cache.using_cache(False):
        a, b, c = run(7), run(7), run(8)
    for x, y in zip(a, b):
        np.testing.assert_array_equal(x.spike_counts, y.spike_counts)
        assert x.seed == 7 and x.n_trials == 3 and x.spike_counts.shape == (9, 3)
    assert any(not np.array_equal(x.spike_counts, z.spike_counts) for x, z in zip(a, c))


def test_a_batch_is_cached_under_all_its_inputs(tmp_path, monkeypatch):
    monkeypatch.setenv("NEUROSIM_CACHE", str(tmp_path))
    models = [load_preset(n) for n in LIFS[:2]]
    currents = _lif_currents(LIFS[:2])
    with results_cache.using_cache(True):
        stored = fi_curves(models, currents, duration=0.2 * second)
        with results_cache.only_cached():
            served = fi_curves(models, currents, duration=0.2 * second)
            with pytest.raises(results_cache.CacheMiss):  # another model's parameters
                fi_curves([models[0], load_preset("fast_spiking")],
                          [currents[0], currents[1]], duration=0.2 * second)
    for x, y in zip(stored, served):
        np.testing.assert_array_equal(x.spike_counts, y.spike_counts)


@pytest.mark.parametrize("call, words", [
    (lambda: fi_curves([], []), "models: give at least one"),
    (lambda: fi_curves([load_preset("brunel2000"), load_preset("hh_squid")],
                       [[1.0] * nA] * 2), "models: must all be of one class"),
    (lambda: fi_curves([load_preset("brunel2000")] * 2, [[1.0] * nA]), "currents: one array"),
    (lambda: fi_curves([load_preset("brunel2000")] * 2, [[1.0] * nA] * 2,
                       target="cpp_standalone"), "target"),
    (lambda: fi_curves([load_preset("brunel2000")] * 2, [[1.0] * nA] * 2, dt=5 * ms), "dt"),
    (lambda: fi_curves([load_preset("brunel2000")] * 2, [[1.0] * nA] * 2,
                       duration=0.2 * second, settle=0.2 * second), r"settle: must be in \[0 s"),
])
def test_bad_batches_are_refused_naming_the_parameter(call, words):
    with pytest.raises(ParameterError, match=words):
        call()


def test_find_rheobases_equals_find_rheobase_per_preset_and_marks_what_has_no_onset():
    from dataclasses import replace

    from brian2 import Gohm

    from neurosim.bio import find_rheobase, find_rheobases

    models = [load_preset(n) for n in LIFS]
    # Rheobase (V_th - E_L)/R_m = 0.2 pA: it fires already at the bracket's 1 pA.
    leaky = replace(models[0], R_m=1e5 * Gohm, name="fires_at_1pA")
    found = find_rheobases(models + [leaky], duration=200 * ms)
    assert found[-1] is None
    for model, batch in zip(models, found):
        alone = find_rheobase(model, duration=200 * ms)
        assert batch.current == alone.current and batch.onset_ratio == alone.onset_ratio
        assert batch.excitability == alone.excitability == "type I"
        # Below the closed-form rheobase a LIF never fires (the search sees rates above
        # ~4/duration, so it lands above it).
        assert model.rheobase <= batch.current
