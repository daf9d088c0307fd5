"""The results cache beyond f-I curves: trained XOR networks, converted networks' runs and
network simulations; exact keys; the demo's table and ``fit --preset all`` ask the same."""

import numpy as np
import pytest
from brian2 import Hz, ms, mV, nA, second

from neurosim import results_cache
from neurosim.bio import load_preset


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """A private, empty cache folder, in use."""
    monkeypatch.setenv("NEUROSIM_CACHE", str(tmp_path / "cache"))
    with results_cache.using_cache():
        yield tmp_path / "cache" / "results"


def _entries(folder) -> int:
    return len(list(folder.glob("*.npz"))) if folder.exists() else 0


# -- exact keys ------------------------------------------------------------------------------

def test_keys_see_differences_a_rounded_repr_hides():
    # Brian2 prints 8 significant digits: 10 ms and 10.0000000001 ms print alike.
    base = load_preset("neuronal_dynamics")
    close = base.replace(tau_m=base.tau_m * (1 + 1e-11))
    assert repr(close.tau_m) == repr(base.tau_m)
    assert results_cache.key_of("k", {"p": base}) != results_cache.key_of("k", {"p": close})
    a = np.linspace(0, 1, 5) * nA
    b = a.copy()
    b[2] = b[2] * (1 + 1e-12)
    assert results_cache.key_of("k", {"c": a}) != results_cache.key_of("k", {"c": b})
    assert results_cache.key_of("k", {"c": a}) != results_cache.key_of("k", {"c": a / nA})
    assert results_cache.key_of("k", {"c": a}) == results_cache.key_of("k", {"c": a.copy()})


def test_close_parameters_get_their_own_curve(cache):
    from neurosim.bio import fi_curve

    base = load_preset("neuronal_dynamics")
    options = {"duration": 100 * ms}
    fi_curve(base, np.linspace(0, 3, 4) * nA, **options)
    fi_curve(base.replace(tau_m=base.tau_m * (1 + 1e-11)), np.linspace(0, 3, 4) * nA, **options)
    assert _entries(cache) == 2


def test_the_code_fingerprint_covers_every_computing_package():
    assert set(results_cache.COMPUTING_PACKAGES) == {"bio", "ann", "bridge"}


# -- the demo's XOR networks ---------------------------------------------------------------------

def _xor_fit(seed, **changes):
    from neurosim.ann import MLP, WORKING_XOR_SETTINGS, datasets
    from neurosim.demo.xor import trained

    X, y = datasets.xor()
    settings = {**WORKING_XOR_SETTINGS, "epochs": 300, **changes}
    return trained(MLP(**settings, seed=seed), X, y)


def _same_mlp(a, b):
    for wa, wb in zip(a.weights_ + a.biases_, b.weights_ + b.biases_, strict=True):
        np.testing.assert_array_equal(wa, wb)
    np.testing.assert_array_equal(a.loss_curve_, b.loss_curve_)
    assert a.loss_ == b.loss_ and a.n_epochs_ == b.n_epochs_


def test_trained_xor_cached_equals_uncached(cache):
    from neurosim.ann import datasets

    fresh = _xor_fit(3)
    served = _xor_fit(3)
    with results_cache.using_cache(False):
        uncached = _xor_fit(3)
    assert _entries(cache) == 1
    _same_mlp(fresh, served)
    _same_mlp(served, uncached)
    X, _ = datasets.xor()
    np.testing.assert_array_equal(served.forward(X), uncached.forward(X))


def test_trained_xor_from_other_settings_is_never_served(cache):
    base = _xor_fit(3)
    others = [_xor_fit(4), _xor_fit(3, learning_rate=0.4), _xor_fit(3, epochs=301)]
    assert _entries(cache) == 4
    for other in others:
        assert not np.array_equal(other.weights_[0], base.weights_[0])


def test_a_network_with_an_activation_object_is_trained_every_time(cache):
    from neurosim.bridge import soft_lif

    model = _xor_fit(3, activation=soft_lif(load_preset("neuronal_dynamics")),
                     output_activation="sigmoid", loss="bce")
    assert model.n_epochs_ == 300 and _entries(cache) == 0


# -- a converted network's run ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def xor_snn():
    from neurosim.bridge import convert, train_lif_mlp

    trained = train_lif_mlp("xor", seed=0)
    return convert(trained.mlp), trained.X_test, trained.y_test


def _run(snn, X, y, **kwargs):
    from neurosim.bridge import run_spiking

    options = {"presentation": 60 * ms, "checkpoints": (30 * ms,), "record": [0, 2], **kwargs}
    return run_spiking(snn, X, y, **options)


def _same_run(a, b):
    for ra, rb in zip((a, *a.checkpoints), (b, *b.checkpoints), strict=True):
        for ca, cb in zip(ra.spike_counts, rb.spike_counts, strict=True):
            np.testing.assert_array_equal(ca, cb)
        np.testing.assert_array_equal(ra.snn_drive, rb.snn_drive)
        np.testing.assert_array_equal(ra.snn_predictions, rb.snn_predictions)
    for raster_a, raster_b in zip(a.rasters, b.rasters, strict=True):
        for ta, tb in zip(raster_a.times, raster_b.times, strict=True):
            np.testing.assert_array_equal(np.asarray(ta), np.asarray(tb))
        for ua, ub in zip(raster_a.units, raster_b.units, strict=True):
            np.testing.assert_array_equal(ua, ub)


def test_spiking_run_cached_equals_uncached(cache, xor_snn):
    snn, X, y = xor_snn
    fresh = _run(snn, X, y)
    served = _run(snn, X, y)
    with results_cache.using_cache(False):
        uncached = _run(snn, X, y)
    assert _entries(cache) == 1
    _same_run(fresh, served)
    _same_run(served, uncached)
    assert sum(int(np.sum(c)) for c in served.spike_counts) > 0


def test_spiking_run_from_other_inputs_is_never_served(cache, xor_snn):
    snn, X, y = xor_snn
    base = _run(snn, X, y)
    _run(snn, X, y, presentation=70 * ms)
    _run(snn, X, y, record=[1])
    other_inputs = _run(snn, X[::-1].copy(), y[::-1].copy())
    assert _entries(cache) == 4
    np.testing.assert_array_equal(other_inputs.spike_counts[0], base.spike_counts[0][::-1])


# -- a network simulation ------------------------------------------------------------------------

def _diagram(**kwargs):
    from neurosim.bridge.phase_diagram import phase_diagram

    options = {"scale": 0.1, "duration": 0.05 * second, "backend": "brian2", "seed": 3,
               **kwargs}
    return phase_diagram([5.0], [2.0], **options)


def test_network_point_cached_equals_uncached(cache):
    fresh = _diagram()
    served = _diagram()
    with results_cache.using_cache(False):
        uncached = _diagram()
    assert _entries(cache) == 2  # the simulated point and its mean field
    for d in (served, uncached):
        for name in ("rate", "cv", "chi", "frequency", "mean_field_rate"):
            np.testing.assert_array_equal(np.asarray(getattr(d, name)),
                                          np.asarray(getattr(fresh, name)))
        np.testing.assert_array_equal(d.state, fresh.state)
    assert float(served.rate[0, 0] / Hz) > 0
    _diagram(seed=4)  # a new simulation; the same mean field
    assert _entries(cache) == 3


# -- the demo's table is fit --preset all's --------------------------------------------------------

def test_demo_table_and_fit_all_ask_for_the_same_curves(tmp_path, monkeypatch):
    """Without options, ``fit --preset all`` asks :func:`correspondence` for exactly what the
    full demo's step asks (so its curves come from the results cache after a demo)."""
    import importlib
    import inspect

    from neurosim.bio import list_presets
    from neurosim.bridge.correspondence_table import correspondence
    from neurosim.cli import main
    from neurosim.demo import DemoOptions, StepContext
    from neurosim.demo import correspondence as step

    table = importlib.import_module("neurosim.bridge.correspondence_table")
    asked = []

    class Asked(Exception):
        pass

    def record(presets=None, **kwargs):
        asked.append({"presets": presets, **kwargs})
        raise Asked

    monkeypatch.setattr(table, "correspondence", record)
    with pytest.raises(Asked):
        step.run(StepContext(tmp_path, DemoOptions(), "06_correspondence"))
    with pytest.raises(Asked):
        main(["fit", "--preset", "all", "--out", str(tmp_path / "fit")])
    signature = inspect.signature(correspondence)
    demo, fit = (signature.bind(**kwargs) for kwargs in asked)
    for bound in (demo, fit):
        bound.apply_defaults()
        if bound.arguments["presets"] is None:
            bound.arguments["presets"] = list_presets()
    assert demo.arguments.keys() == fit.arguments.keys()
    for name, value in demo.arguments.items():
        assert repr(value) == repr(fit.arguments[name]), name


def test_mean_field_cached_equals_uncached(cache):
    from neurosim.bio.network import brunel2000
    from neurosim.bridge.population_theory import mean_field

    spec = brunel2000("AI", 0.25, eta=2.0)
    fresh, served = mean_field(spec), mean_field(spec)
    with results_cache.using_cache(False):
        uncached = mean_field(spec)
    assert _entries(cache) == 1
    for other in (served, uncached):
        assert other.summary() == fresh.summary() and other.populations == fresh.populations
        for a, b in zip(other.fixed_points, fresh.fixed_points, strict=True):
            np.testing.assert_array_equal(np.asarray(a.rates), np.asarray(b.rates))
            np.testing.assert_array_equal(a.eigenvalues, b.eigenvalues)
            assert a.stable == b.stable
        np.testing.assert_array_equal(np.asarray(other.tau), np.asarray(fresh.tau))
    assert float(served.rate("E") / Hz) > 0
    other_drive = mean_field(brunel2000("AI", 0.25, eta=2.5))
    assert _entries(cache) == 2 and other_drive.rate("E") > served.rate("E")


def test_trace_cached_equals_uncached_with_its_units(cache):
    from neurosim.bio import simulate

    params = load_preset("adex_adapting")
    run = {"duration": 50 * ms, "target": "numpy"}
    fresh = simulate(params, 0.5 * nA, **run)
    served = simulate(params, 0.5 * nA, **run)
    with results_cache.using_cache(False):
        uncached = simulate(params, 0.5 * nA, **run)
    assert _entries(cache) == 1
    for other in (served, uncached):
        assert repr(other.v[:3]) == repr(fresh.v[:3])  # volts, as the monitor gives them
        np.testing.assert_array_equal(np.asarray(other.v), np.asarray(fresh.v))
        np.testing.assert_array_equal(np.asarray(other.spike_times),
                                      np.asarray(fresh.spike_times))
        assert other.states.keys() == fresh.states.keys() == {"w"}
        assert repr(other.states["w"][:2]) == repr(fresh.states["w"][:2])
        np.testing.assert_array_equal(np.asarray(other.states["w"]),
                                      np.asarray(fresh.states["w"]))
    assert fresh.n_spikes > 0
    simulate(params, 0.6 * nA, **run)
    simulate(params, 0.5 * nA, **run, sigma=1 * mV, seed=1)
    assert _entries(cache) == 3


def test_only_cached_serves_hits_and_computes_nothing(cache):
    from neurosim.bio import fi_curve

    params = load_preset("neuronal_dynamics")
    currents = np.linspace(0, 3, 4) * nA
    stored = fi_curve(params, currents, duration=100 * ms)
    with results_cache.only_cached():
        served = fi_curve(params, currents, duration=100 * ms)
        with pytest.raises(results_cache.CacheMiss):
            fi_curve(params, currents, duration=120 * ms)
    np.testing.assert_array_equal(served.spike_counts, stored.spike_counts)
    assert _entries(cache) == 1


def test_cached_cell_types_are_read_here_the_rest_in_workers(cache, monkeypatch):
    """A table whose simulations are all cached starts no worker process; a cell type with a
    missing entry goes to the workers; the table is the same either way."""
    import importlib

    table = importlib.import_module("neurosim.bridge.correspondence_table")
    sent = []
    real = table._run_in_processes

    def record(jobs):
        sent.append([params.name for job in jobs for params in job[1]])
        return real(jobs)

    monkeypatch.setattr(table, "_run_in_processes", record)
    monkeypatch.setattr(table, "PROCESSES", 1)  # one process: the test stays cheap
    options = {"points": 8, "duration": 0.2 * second, "n_trials": 2, "target": "numpy"}
    presets = ["neuronal_dynamics", "brunel2000"]
    first = table.correspondence(presets, seed=1, **options)
    again = table.correspondence(presets, seed=1, **options)
    assert sent == [presets, []]
    np.testing.assert_array_equal(first.r2, again.r2)
    np.testing.assert_array_equal(first.delta_aicc, again.delta_aicc)
    assert first.readings == again.readings
    # Another seed: their noisy curves are not cached, so both go to the workers.
    table.correspondence(presets, seed=2, **options)
    assert sent[-1] == presets


# -- fits ------------------------------------------------------------------------------------------

def test_a_fit_from_the_cache_equals_a_fresh_one(cache):
    from neurosim.bridge import fit_activation

    currents = np.linspace(0, 2, 9) * nA
    rates = np.array([0, 0, 3, 21, 38, 52, 63, 72, 79.5]) * Hz
    with results_cache.using_cache(False):
        fresh = fit_activation(currents, rates, "sigmoid")
    first = fit_activation(currents, rates, "sigmoid")
    assert _entries(cache) == 1
    served = fit_activation(currents, rates, "sigmoid")
    assert _entries(cache) == 1
    for fit in (first, served):
        np.testing.assert_array_equal(fit._values, fresh._values)
        assert (fit.r2, fit.aicc, fit.message, fit.success) == (
            fresh.r2, fresh.aicc, fresh.message, fresh.success)
    # Other rates, weights or family: their own solutions; a linear family is not kept.
    fit_activation(currents, rates * 1.001, "sigmoid")
    fit_activation(currents, rates, "sigmoid", stderr=np.full(9, 2.0) * Hz)
    fit_activation(currents, rates, "relu")
    assert _entries(cache) == 4
    fit_activation(currents, rates, "linear")
    assert _entries(cache) == 4
