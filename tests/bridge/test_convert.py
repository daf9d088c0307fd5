"""Rate-coded conversion: the LIF-rate activation, the mapping to units, one-run simulation, bad input.

Tolerances used below, and why:

- A spike count over a window T resolves a rate to 1/T: a neuron that starts
  at V_reset fires its first spike after T_th and then every ISI = t_ref + T_th,
  so count/T - 1/ISI lies in (-T_th/(ISI T), t_ref/(ISI T)], within 1/T.
- Spikes sit on the time grid; each interval is up to ~2 dt short, so the
  grid rate exceeds the closed form by up to ~2 r**2 dt (docs/bio.md).
"""

import pickle

import numpy as np
import pytest
from brian2 import Hz, amp, coulomb, ms, mV, nA, second

from neurosim.ann import MLP, datasets
from neurosim.bio import lif_rate, load_preset
from neurosim.bridge import (
    LIFRateActivation,
    conversion,
    convert,
    drive_to_current,
    drive_unit,
    run_spiking,
    soft_lif,
    spiking_run,
)
from neurosim.bridge.spiking_run import MIN_SPIKES
from neurosim.errors import DataError, NotFittedError, ParameterError, ParameterTypeError, UnitError

PARAMS = load_preset("neuronal_dynamics")


@pytest.fixture(scope="module")
def xor_mlp():
    X, y = datasets.xor()
    mlp = MLP([2, 4, 1], activation=soft_lif(PARAMS), output_activation="sigmoid", loss="bce",
              learning_rate=2.0, epochs=2000, seed=0).fit(X, y)
    return mlp, X, y


# ---------------------------------------------------------------- activation


@pytest.mark.parametrize("preset", ["neuronal_dynamics", "brunel2000", "cortical_pyramidal"])
def test_unsmoothed_activation_is_the_closed_form_lif_rate(preset):
    params = load_preset(preset)
    act = soft_lif(params, smoothing=0)
    z = np.concatenate([np.linspace(-3, 0, 7), np.geomspace(1e-3, 50, 40)])
    expected = lif_rate(drive_to_current(z, params), params) / Hz
    assert act.name == "lif"
    np.testing.assert_allclose(act.f(z) * float(act.r_max / Hz), expected, rtol=1e-12, atol=0)
    np.testing.assert_allclose(act.rate(z) / Hz, expected, rtol=1e-12)
    # Just above rheobase the round trip z -> I = I_rh + z*I_unit -> z loses the absolute
    # precision eps*I_rh/I_unit ~ 1e-16 of z; since d ln r / d ln z = tau_m r/(1 + z) < 1,
    # the relative rate error stays below ~1e-16/z: 1e-7 at z = 1e-9.
    tiny = np.geomspace(1e-9, 1e-3, 13)
    np.testing.assert_allclose(act.rate(tiny) / Hz,
                               lif_rate(drive_to_current(tiny, params), params) / Hz, rtol=1e-7)


def test_drive_zero_is_the_rheobase_and_one_unit_moves_the_asymptote_by_v_th_minus_v_reset():
    assert drive_to_current(0.0, PARAMS) == PARAMS.rheobase
    step = drive_to_current(1.0, PARAMS) - drive_to_current(0.0, PARAMS)
    assert abs(float(step * PARAMS.R_m / mV) - float((PARAMS.V_th - PARAMS.V_reset) / mV)) < 1e-12
    assert float(drive_unit(PARAMS) / nA) == pytest.approx(1.5, rel=1e-12)  # 15 mV / 10 Mohm


def test_default_r_max_is_one_over_t_ref_and_the_curve_saturates_there():
    act = soft_lif(PARAMS)
    assert float(act.r_max / Hz) == pytest.approx(500.0)
    assert act.f(np.array([1e6]))[0] == pytest.approx(1.0, rel=1e-4)
    assert soft_lif(PARAMS, r_max=100 * Hz).f(np.array([1e6]))[0] == pytest.approx(5.0, rel=1e-4)


def test_smoothing_lies_above_the_hard_curve_and_converges_to_it():
    z = np.linspace(-2, 4, 601)
    hard = soft_lif(PARAMS, smoothing=0).f(z)
    gaps = []
    for gamma in (0.1, 0.02, 0.004):
        soft = soft_lif(PARAMS, smoothing=gamma).f(z)
        # softplus(z) >= max(z, 0) and the rate grows with it (up to rounding).
        assert np.all(soft - hard >= -1e-15)
        gaps.append(float(np.max(soft - hard)))
    assert gaps[0] > gaps[1] > gaps[2]
    # Away from threshold the smoothing is invisible: rho - z <= gamma*log(2)*exp(-z/gamma).
    far = z > 0.5
    assert np.max(np.abs(soft_lif(PARAMS, smoothing=0.02).f(z[far]) - hard[far])) < 1e-9


@pytest.mark.parametrize("gamma", [0.02, 0.2, 0.0])
def test_derivative_matches_central_differences(gamma):
    act = soft_lif(PARAMS, smoothing=gamma)
    z = np.linspace(-1.5, 6.0, 151)
    if gamma == 0:
        z = z[np.abs(z) > 0.05]  # the hard curve has a kink (infinite slope) at 0
    h = 1e-6
    numeric = (act.f(z + h) - act.f(z - h)) / (2 * h)
    np.testing.assert_allclose(act.df(z), numeric, rtol=1e-5, atol=1e-9)


@pytest.mark.parametrize("gamma", [0.0, 0.02])
def test_values_and_slopes_are_finite_without_warnings_for_extreme_drives(gamma):
    z = np.array([-1e300, -1e4, -800.0, -30.0, -1e-300, 0.0, 1e-300, 1e-12, 0.7, 1e4, 1e300])
    with np.errstate(all="raise"):
        act = soft_lif(PARAMS, smoothing=gamma)
        f, df = act.f(z), act.df(z)
        assert np.all(np.isfinite(f)) and np.all(np.isfinite(df))
        assert np.all(f >= 0) and np.all(df >= 0) and np.all(f <= 1.0)
        # Without refractoriness the rate grows without bound, r ~ rho/tau_m.
        unbounded = soft_lif(PARAMS.replace(t_ref=0 * ms), smoothing=gamma, r_max=1 * Hz)
        f, df = unbounded.f(z), unbounded.df(z)
        assert np.all(np.isfinite(f)) and np.all(np.isfinite(df))
        assert f[-1] == pytest.approx(1e300 / 0.008, rel=1e-12)
        assert df[-1] == pytest.approx(1 / 0.008, rel=1e-12)


@pytest.mark.parametrize("kwargs, error, words", [
    ({"smoothing": -0.1}, ParameterError, "smoothing"),
    ({"smoothing": float("nan")}, ParameterError, "smoothing"),
    ({"r_max": 100.0}, UnitError, "r_max"),
    ({"r_max": 10 * ms}, UnitError, "r_max"),
    ({"r_max": 0 * Hz}, ParameterError, "r_max"),
])
def test_bad_activation_settings_are_named(kwargs, error, words):
    with pytest.raises(error, match=words):
        soft_lif(PARAMS, **kwargs)


def test_zero_refractory_period_needs_an_explicit_r_max():
    params = PARAMS.replace(t_ref=0 * ms)
    with pytest.raises(ParameterError, match="r_max: needed when t_ref = 0"):
        soft_lif(params)
    assert soft_lif(params, r_max=200 * Hz).coefficients["r_max"] == 200.0
    with pytest.raises(ParameterTypeError, match="LIFParams"):
        soft_lif("neuronal_dynamics")


def test_mlp_trains_with_the_activation_and_keeps_it(xor_mlp):
    mlp, X, y = xor_mlp
    assert np.array_equal(mlp.predict(X), y)
    assert all(isinstance(a, LIFRateActivation) for a in mlp.activations_[:-1])
    assert mlp.activations_[0].neuron == PARAMS


def test_fitted_mlp_with_lif_units_pickles_and_converts_the_same(xor_mlp):
    mlp, X, _ = xor_mlp
    again = pickle.loads(pickle.dumps(mlp))
    act = again.activations_[0]
    assert isinstance(act, LIFRateActivation) and act.neuron == PARAMS
    assert dict(act.coefficients) == dict(mlp.activations_[0].coefficients)
    np.testing.assert_array_equal(again.forward(X), mlp.forward(X))
    np.testing.assert_array_equal(convert(again).synaptic_weights[0] / coulomb,
                                  convert(mlp).synaptic_weights[0] / coulomb)


# ------------------------------------------------------------------- convert


def test_convert_maps_weights_to_charges_and_biases_to_currents(xor_mlp):
    mlp, _, _ = xor_mlp
    snn = convert(mlp)
    unit = drive_unit(PARAMS)
    np.testing.assert_allclose(snn.input_currents / amp, mlp.weights_[0] * float(unit / amp))
    np.testing.assert_allclose(snn.bias_currents[0] / amp,
                               float(PARAMS.rheobase / amp) + mlp.biases_[0] * float(unit / amp))
    (weights,) = snn.synaptic_weights
    assert weights.dim == coulomb.dim
    # A neuron firing at a * r_max delivers the mean current q * a * r_max = I_unit * W * a.
    a = 0.3
    mean_current = weights * a * snn.r_max[0]
    np.testing.assert_allclose(mean_current / amp, mlp.weights_[1] * a * float(unit / amp),
                               rtol=1e-12)


def test_converted_network_does_not_follow_later_changes_of_the_mlp(xor_mlp):
    mlp, X, y = xor_mlp
    snn = convert(mlp)
    before = snn.mlp.weights_[0].copy()
    mlp.weights_[0] += 1.0
    try:
        assert np.array_equal(snn.mlp.weights_[0], before)
    finally:
        mlp.weights_[0] -= 1.0


def test_unfitted_mlp_is_refused():
    with pytest.raises(NotFittedError, match="not fitted"):
        convert(MLP([2, 4, 1], activation=soft_lif(PARAMS)))


@pytest.mark.parametrize("activation", ["relu", "sigmoid", "tanh"])
def test_activation_without_spiking_counterpart_is_named(activation):
    X, y = datasets.xor()
    mlp = MLP([2, 3, 1], activation=activation, epochs=2).fit(X, y)
    with pytest.raises(ParameterError, match=f"hidden layer 1 uses the activation '{activation}'"):
        convert(mlp)


def test_second_hidden_layer_with_another_activation_is_named():
    X, y = datasets.xor()
    mlp = MLP([2, 3, 3, 1], activation=[soft_lif(PARAMS), "relu"], epochs=2).fit(X, y)
    with pytest.raises(ParameterError, match="hidden layer 2 uses the activation 'relu'"):
        convert(mlp)


def test_network_without_hidden_layer_and_non_finite_weights_are_refused(xor_mlp):
    X, y = datasets.xor()
    with pytest.raises(ParameterError, match="at least one hidden layer"):
        convert(MLP([2, 1], epochs=2).fit(X, y))
    mlp, _, _ = xor_mlp
    broken = conversion._frozen_copy(mlp)
    broken.weights_[1][0, 0] = np.nan
    with pytest.raises(DataError, match="layer 1 contain NaN or infinite"):
        convert(broken)
    with pytest.raises(ParameterTypeError, match=r"mlp: expected MLP \(e.g. a fitted neurosim.ann.MLP\)"):
        convert("mlp")
    with pytest.raises(UnitError, match="tau_syn"):
        convert(mlp, tau_syn=5.0)
    with pytest.raises(ParameterError, match="tau_syn"):
        convert(mlp, tau_syn=0 * ms)


# --------------------------------------------------------------- simulation


def test_first_layer_rates_match_the_closed_form_within_count_and_grid_errors():
    """Every first-layer neuron gets a constant current: its rate is lif_rate(I)."""
    rng = np.random.default_rng(4)
    mlp = MLP([2, 6, 1], activation=soft_lif(PARAMS, smoothing=0), seed=1).initialize()
    mlp.weights_[0] = rng.uniform(-2, 2, size=(2, 6))
    mlp.biases_[0] = rng.uniform(-0.5, 2, size=6)
    X = rng.uniform(-1, 1, size=(30, 2))
    T, dt = 200 * ms, 0.1 * ms
    result = run_spiking(convert(mlp), X, presentation=T, dt=dt)
    drive = X @ mlp.weights_[0] + mlp.biases_[0]
    exact = np.asarray(lif_rate(drive_to_current(drive, PARAMS), PARAMS) / Hz)
    simulated = np.asarray(result.snn_rates[0] / Hz)
    bound = 1 / float(T / second) + 2 * exact**2 * float(dt / second)
    assert np.all(np.abs(simulated - exact) <= bound)
    assert np.count_nonzero(exact) > 60 and np.count_nonzero(exact == 0) > 10  # both regimes
    assert np.all(simulated[exact == 0] == 0)


def test_readout_is_the_linear_decoder_of_the_spike_counts(xor_mlp):
    mlp, X, y = xor_mlp
    result = run_spiking(convert(mlp), X, y, presentation=100 * ms)
    expected = result.snn_activations[0] @ mlp.weights_[1] + mlp.biases_[1]
    np.testing.assert_allclose(result.snn_drive, expected, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(result.ann_drive, mlp.layer_outputs(X)[0] @ mlp.weights_[1]
                               + mlp.biases_[1])
    np.testing.assert_allclose(result.ann_output, mlp.forward(X))
    assert np.array_equal(result.ann_predictions, mlp.predict(X))


def test_all_patterns_run_in_one_network_and_checkpoints_equal_shorter_runs(xor_mlp, monkeypatch):
    mlp, X, y = xor_mlp
    snn = convert(mlp)
    built = []
    original = spiking_run.brian2.Network

    def counting_network(*objects, **kwargs):
        built.append([getattr(o, "N", None) for o in objects])
        return original(*objects, **kwargs)

    monkeypatch.setattr(spiking_run.brian2, "Network", counting_network)
    long = run_spiking(snn, X, y, presentation=120 * ms, checkpoints=[40 * ms, 80 * ms])
    assert len(built) == 1
    assert 4 * 4 in built[0]  # one group of 4 patterns x 4 hidden units
    short = run_spiking(snn, X, y, presentation=40 * ms)
    early = long.at(40 * ms)
    for a, b in zip(early.spike_counts, short.spike_counts):
        assert np.array_equal(a, b)
    np.testing.assert_allclose(early.snn_drive, short.snn_drive, rtol=1e-12)
    assert [row["presentation_ms"] for row in long.latency_table()] == [40.0, 80.0, 120.0]
    assert long.at(120 * ms) is long.checkpoints[-1]
    assert abs(float(long.presentation / ms) - 120) < 1e-9
    with pytest.raises(ParameterError, match="not a checkpoint"):
        long.at(60 * ms)


def test_rasters_hold_the_recorded_patterns_spikes(xor_mlp):
    mlp, X, y = xor_mlp
    result = run_spiking(convert(mlp), X, y, presentation=100 * ms, record=[1, 3])
    assert [r.pattern for r in result.rasters] == [1, 3]
    for raster in result.rasters:
        (units,) = raster.units
        counts = np.bincount(units, minlength=4)
        assert np.array_equal(counts, result.spike_counts[0][raster.pattern])
        assert raster.sizes == (4,)
    assert run_spiking(convert(mlp), X, presentation=100 * ms, record=None).raster is None


def test_two_hidden_layers_pass_rates_through_synapses():
    """Second-layer neurons are driven by filtered spike trains, not a constant current.

    The exponential synaptic current (tau_syn = 5 ms) keeps a ripple at the
    presynaptic firing frequencies; the rate-coded mapping still holds to a
    correlation >= 0.98 in both layers after 200 ms.
    """
    X, y = datasets.moons(120, noise=0.2, seed=0)
    mlp = MLP([2, 8, 6, 1], activation=soft_lif(PARAMS), loss="bce", learning_rate=0.1,
              epochs=200, batch_size=16, momentum=0.9, seed=0).fit(X, y)
    snn = convert(mlp)
    assert snn.synaptic_weights[0].shape == (8, 6) and snn.synaptic_weights[1].shape == (6, 1)
    result = run_spiking(snn, X, y, presentation=200 * ms, record=0)
    assert min(result.correlation) >= 0.98
    assert result.agreement >= 0.95
    assert len(result.raster.times) == 2


@pytest.mark.parametrize("kwargs, error, words", [
    ({"presentation": 5 * ms}, ParameterError, r"too short .* presentation >= \d"),
    ({"presentation": 0.2}, UnitError, "presentation"),
    ({"dt": 2 * ms}, ParameterError, "dt"),
    ({"checkpoints": [300 * ms]}, ParameterError, r"checkpoints\[0\]"),
    ({"record": 4}, ParameterError, "record"),
    ({"record": [0, -1]}, ParameterError, "record"),
    ({"target": "cpp_standalone"}, ParameterError, "target"),
])
def test_bad_run_settings_are_named(xor_mlp, kwargs, error, words):
    mlp, X, y = xor_mlp
    with pytest.raises(error, match=words):
        run_spiking(convert(mlp), X, y, **kwargs)


def test_too_short_presentation_states_the_rate_and_the_minimum(xor_mlp):
    mlp, X, y = xor_mlp
    snn = convert(mlp)
    peak = max(float(np.max(a)) for a in mlp.layer_outputs(X)[:-1]) * 500.0
    shortest = MIN_SPIKES / peak
    with pytest.raises(ParameterError) as info:
        run_spiking(snn, X, presentation=0.9 * shortest * second)
    assert f"{peak:.4g} Hz" in str(info.value)
    spiking_run.check_presentation(snn, X, 1.01 * shortest * second)


def test_bad_inputs_are_named(xor_mlp):
    mlp, X, y = xor_mlp
    snn = convert(mlp)
    with pytest.raises(DataError, match=r"X: expected shape \(n_patterns, 2\)"):
        run_spiking(snn, X[:, :1])
    with pytest.raises(DataError, match="X: contains NaN"):
        run_spiking(snn, np.array([[np.nan, 0.0]]))
    with pytest.raises(DataError, match="y: has 3 labels"):
        run_spiking(snn, X, y[:3])
    with pytest.raises(ParameterTypeError, match=r"snn: expected SpikingMLP \(e.g. convert\(mlp\)\)"):
        run_spiking(mlp, X)


def test_silent_network_is_refused():
    mlp = MLP([2, 3, 1], activation=soft_lif(PARAMS, smoothing=0), seed=0).initialize()
    mlp.biases_[0][:] = -5.0
    mlp.weights_[0][:] = 0.0
    with pytest.raises(ParameterError, match="no hidden unit fires"):
        run_spiking(convert(mlp), np.zeros((2, 2)))


def test_settings_record_what_is_needed_to_repeat_the_run(xor_mlp):
    mlp, X, y = xor_mlp
    result = run_spiking(convert(mlp), X, y, presentation=50 * ms)
    settings = result.settings
    assert settings["presentation"] == "50 ms" and settings["dt"] == "0.1 ms"
    assert settings["neurons"][0]["preset"] == "neuronal_dynamics"
    assert settings["r_max"] == ["500 Hz"] and settings["smoothing"] == [0.02]
    assert settings["layers"] == [2, 4, 1] and settings["target"] == "numpy"
    summary = result.summary()
    assert set(summary) >= {"ann_accuracy", "snn_accuracy", "agreement", "presentation"}
