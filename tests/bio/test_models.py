"""Every neuron model: validation, presets, Brian2 conventions, spike times against scipy."""

import numpy as np
import pytest
from brian2 import Hz, cm, ms, mV, nA, nS, pA, pF, second, uA

from neurosim.bio import (
    MODEL_TYPES,
    MODELS,
    AdExParams,
    EIFParams,
    HHParams,
    IzhikevichParams,
    LIFParams,
    Trace,
    WangBuzsakiParams,
    list_presets,
    load_preset,
    preset_info,
    simulate,
)
from neurosim.bio.spiketrains import PATTERNS
from neurosim.errors import ParameterError, ParameterTypeError, PresetError, UnitError
from tests.bio import scipy_models as ref

NEW_MODELS = [HHParams, WangBuzsakiParams, EIFParams, AdExParams, IzhikevichParams]


@pytest.mark.parametrize("cls", NEW_MODELS)
def test_defaults_are_valid_frozen_hashable_and_round_trip_as_text(cls):
    p = cls()
    with pytest.raises(Exception):
        p.C_m = 1  # frozen
    assert hash(p) == hash(cls()) and p == cls()
    assert set(p.as_text()) == set(cls.FIELD_UNITS) | set(cls.NUMBER_FIELDS)
    assert MODELS[cls.MODEL] is cls


@pytest.mark.parametrize(
    "cls, field, value, error, words",
    [
        (HHParams, "g_Na", 120 * nS, UnitError, ["g_Na", "conductance density"]),
        (HHParams, "area", -1 * cm**2, ParameterError, ["area", "> 0"]),
        (HHParams, "E_Na", -90 * mV, ParameterError, ["E_Na", "E_K"]),
        (WangBuzsakiParams, "phi", -1.0, ParameterError, ["phi"]),
        (WangBuzsakiParams, "phi", "5", ParameterTypeError, ["phi", "number"]),
        (EIFParams, "Delta_T", 0 * mV, ParameterError, ["Delta_T", "> 0"]),
        (EIFParams, "V_peak", -60 * mV, ParameterError, ["V_peak", "V_T"]),
        (EIFParams, "tau_m", 10, UnitError, ["tau_m", "no unit", "time"]),
        (AdExParams, "tau_w", 0 * ms, ParameterError, ["tau_w"]),
        (AdExParams, "b", [1, 2] * pA, ParameterError, ["b", "single value"]),
        (IzhikevichParams, "k", 0.7 * nS, UnitError, ["k", "conductance per voltage"]),
        (IzhikevichParams, "v_t", -70 * mV, ParameterError, ["v_t", "v_r"]),
        (IzhikevichParams, "C", -1 * pF, ParameterError, ["C"]),
    ],
)
def test_bad_parameters_name_the_field(cls, field, value, error, words):
    with pytest.raises(error) as info:
        cls(**{field: value})
    for word in words:
        assert word in str(info.value)


def test_current_density_helpers_invert_each_other():
    p = HHParams()
    assert abs(float(p.current(1 * uA / cm**2) / (0.2 * nA)) - 1) < 1e-12
    assert abs(float(p.density(p.current(6.3 * uA / cm**2)) / (uA / cm**2)) - 6.3) < 1e-12
    with pytest.raises(UnitError, match="density"):
        p.current(1 * nA)


@pytest.mark.parametrize("cls", list(MODEL_TYPES))
@pytest.mark.parametrize("noisy", [False, True])
def test_brian_model_follows_the_conventions(cls, noisy):
    model = cls().brian_model(noisy=noisy)
    lines = [line.split(":")[0] for line in model.equations.strip().splitlines()]
    assert any(line.startswith("dv/dt") for line in lines)
    assert "I" in model.equations and not any(line.strip() == "I" for line in lines)  # caller declares I
    assert "xi" in model.equations if noisy else "xi" not in model.equations
    if noisy and cls is not LIFParams:
        assert "sigma*xi*tau_noise**-0.5" in model.equations
        assert model.namespace["tau_noise"] == model.tau_noise
        assert model.method == "euler"
    assert list(model.initial)[0] == "v" and model.dt <= model.max_dt
    assert set(model.state_variables) <= set(model.initial)


def test_every_preset_loads_as_its_model_with_a_source_and_a_step():
    names = list_presets()  # the default: every preset of every model
    expected = {"hh_squid", "wang_buzsaki", "eif_cortical", "adex_tonic", "adex_adapting",
                "adex_initial_burst", "adex_bursting", "adex_irregular", "adex_transient",
                "adex_delayed", "izhikevich_rs", "izhikevich_ib", "izhikevich_ch", "izhikevich_fs",
                "izhikevich_lts"}
    assert expected <= set(names)
    for name in names:
        info = preset_info(name)
        params = load_preset(name)
        assert type(params) is MODELS[info.model] and params.name == name
        assert len(info.source) > 40
        if name in expected:
            assert info.step_current is not None and info.pattern in PATTERNS
    assert set(list_presets("adex")) == {n for n in expected if n.startswith("adex_")}
    assert all(isinstance(load_preset(n), LIFParams) for n in list_presets("lif"))


def test_naud_table_values_reach_the_dataclass():
    p = load_preset("adex_initial_burst")
    assert (p.C, p.g_L, p.E_L, p.a, p.tau_w, p.b, p.V_reset) == (
        130 * pF, 18 * nS, -58 * mV, 4 * nS, 150 * ms, 120 * pA, -50 * mV)
    assert load_preset("wang_buzsaki").phi == 5.0
    assert load_preset("izhikevich_rs").a == 0.03 / ms


def test_bad_model_name_in_a_preset(tmp_path):
    path = tmp_path / "x.toml"
    path.write_text('model = "hodgkin"\nsource = "Someone (2000)"\n[params]\n')
    with pytest.raises(PresetError, match="model"):
        load_preset(path)
    path.write_text('model = "adex"\nsource = "Someone (2000)"\n[params]\ntau_m = "1 ms"\n')
    with pytest.raises(PresetError, match="params.tau_m"):
        load_preset(path)


def test_simulate_returns_states_by_name_and_provenance():
    trace = simulate(AdExParams(), 500 * pA, 50 * ms, seed=1)
    assert isinstance(trace, Trace) and trace.w.shape == trace.v.shape == trace.t.shape
    assert trace.states["w"] is trace.w and trace.n_spikes >= 1
    assert trace.provenance()["parameters"]["model"] == "adex"
    with pytest.raises(AttributeError):
        trace.u
    with pytest.raises(ParameterError, match="dt"):
        simulate(HHParams(), 1 * nA, 10 * ms, dt=0.5 * ms)
    with pytest.raises(ParameterTypeError, match="params"):
        simulate("hh_squid", 1 * nA, 10 * ms)


def test_simulate_of_a_lif_equals_simulate_lif():
    from neurosim.bio import Step, simulate_lif

    p = load_preset("neuronal_dynamics")
    current = Step(3 * nA, 10 * ms, 80 * ms)
    for sigma in (0 * mV, 2 * mV):
        new = simulate(p, current, 100 * ms, sigma=sigma, seed=3)
        old = simulate_lif(p, current, 100 * ms, sigma=sigma, seed=3)
        np.testing.assert_array_equal(np.asarray(new.v), np.asarray(old.v))
        np.testing.assert_array_equal(np.asarray(new.spike_times), np.asarray(old.spike_times))
        assert new.n_spikes > 3


# ---- Spike times against scipy.solve_ivp (tests/bio/scipy_models.py).
#
# Brian2's methods here (exponential Euler, forward Euler) are first order: a
# spike time at step dt is t* + c dt + O(dt^2), c growing with the number of
# spikes (measured: 0.47 ms after 7 HH spikes at dt 0.01 ms).  Richardson
# extrapolation 2 t(dt/2) - t(dt) removes the c dt term.  What remains is the
# grid: Brian2 dates a spike at the start of the step in which the threshold
# was crossed, i.e. up to one step early in each run, so the extrapolation is
# within [-dt, +dt] of t*; plus the O(dt^2) remainder, which we allow dt/2 for
# (measured <= 0.002 ms over these 100 ms).  Hence |2 t(dt/2) - t(dt) - t*|
# <= 1.5 dt.  A wrong sign or coefficient in either set of equations shifts
# the spikes by whole milliseconds.

DT = 0.01  # ms
DURATION = 100.0  # ms
SHORT = 60.0  # ms, for the costlier Hodgkin-Huxley-type models (still >= 3 spikes)


def _case(name):
    if name == "hh":
        return HHParams(), HHParams().current(10 * uA / cm**2), \
            ref.crossing_times(ref.hh_rhs(10.0), ref.hh_start(), SHORT)
    if name == "wang_buzsaki":
        return WangBuzsakiParams(), WangBuzsakiParams().current(1 * uA / cm**2), \
            ref.crossing_times(ref.wb_rhs(1.0), ref.wb_start(), SHORT)
    if name == "eif":  # eif_cortical, 0.2 nA (R_m I = 30 mV)
        spikes = ref.fire_and_reset(ref.eif_rhs(20, 150, -70, -52, 1.5, 0.2), [-70], DURATION, 0,
                                    lambda y: [-60], t_ref=5, v_switch=-40)
        return load_preset("eif_cortical"), 0.2 * nA, spikes
    if name == "adex":  # adex_adapting: b = 60 pA, tau_w = 300 ms
        spikes = ref.fire_and_reset(ref.adex_rhs(200, 12, -70, -50, 2, 300, 2, 500), [-70, 0], DURATION,
                                    0, lambda y: [-58, y[1] + 60], v_switch=-40)
        return load_preset("adex_adapting"), 500 * pA, spikes
    spikes = ref.fire_and_reset(ref.izhikevich_rhs(100, 0.7, -60, -40, 0.03, -2, 200), [-60, 0],
                                DURATION, 35, lambda y: [-50, y[1] + 100])
    return load_preset("izhikevich_rs"), 200 * pA, spikes


@pytest.mark.parametrize("name", ["hh", "wang_buzsaki", "eif", "adex", "izhikevich"])
def test_spike_times_match_scipy_after_richardson_extrapolation(name):
    params, current, exact = _case(name)
    duration = SHORT if name in ("hh", "wang_buzsaki") else DURATION
    coarse = simulate(params, current, duration * ms, dt=DT * ms).spike_times / ms
    fine = simulate(params, current, duration * ms, dt=DT / 2 * ms).spike_times / ms
    assert len(exact) >= 3 and len(coarse) == len(fine) == len(exact)
    extrapolated = 2 * np.asarray(fine) - np.asarray(coarse)
    np.testing.assert_allclose(extrapolated, exact, rtol=0, atol=1.5 * DT)
    # and the raw error is first order: halving dt halves it (within the grid's dt)
    raw_coarse, raw_fine = np.abs(coarse - exact).max(), np.abs(fine - exact).max()
    assert raw_fine <= raw_coarse / 2 + DT


# ---- f-I curves against independent measurements (scipy LSODA, tests/bio/scipy_models.py,
# rtol 1e-9, rate = 1/mean ISI over the last second of 2 s; periodic firing,
# so the last half of 1 s gives the same ISI).  The same Richardson step
# 2 r(dt/2) - r(dt) removes the first-order error (raw at dt 0.01 ms: -0.4 Hz
# for HH, -0.85 Hz for Wang-Buzsaki at 0.5 uA/cm^2); the tolerance is the
# measurements' rounding (0.05 Hz) plus the O(dt^2) remainder (<= 0.02 Hz
# measured against our own solve_ivp rates): 0.1 Hz.

def _richardson_rates(params, densities):
    from neurosim.bio import fi_curve

    currents = params.current(np.asarray(densities) * uA / cm**2)
    kwargs = dict(duration=1 * second, settle=0.5 * second, target="cython")
    coarse = fi_curve(params, currents, dt=DT * ms, **kwargs)
    fine = fi_curve(params, currents, dt=DT / 2 * ms, **kwargs)
    return np.asarray(2 * fine.rates / Hz - coarse.rates / Hz), coarse


@pytest.mark.slow
def test_hodgkin_huxley_fi_matches_the_independent_measurement():
    rates, coarse = _richardson_rates(HHParams(), [6.2, 6.3, 10.0])
    assert coarse.spike_counts[0, 0] == 0  # 6.2: three spikes, then rest (before settle)
    np.testing.assert_allclose(rates, [0.0, 52.4, 68.3], rtol=0, atol=0.1)


@pytest.mark.slow
def test_wang_buzsaki_fi_matches_the_independent_measurement():
    rates, coarse = _richardson_rates(WangBuzsakiParams(), [0.16, 0.17, 0.2, 0.5])
    assert coarse.spike_counts[0, 0] == 0
    np.testing.assert_allclose(rates, [0.0, 4.0, 8.6, 32.2], rtol=0, atol=0.1)


@pytest.mark.slow
def test_cpp_standalone_reruns_a_non_lif_model_without_recompiling(monkeypatch):
    from brian2.devices.cpp_standalone.device import CPPStandaloneDevice

    from neurosim.bio import fi_curve

    p = load_preset("adex_adapting")
    currents = np.linspace(0, 600, 12) * pA
    first = fi_curve(p, currents, duration=200 * ms, target="cpp_standalone")
    reference = fi_curve(p, currents, duration=200 * ms)
    np.testing.assert_array_equal(first.spike_counts, reference.spike_counts)

    def no_build(*args, **kwargs):
        raise AssertionError("a second sweep of the same shape must not rebuild")

    monkeypatch.setattr(CPPStandaloneDevice, "build", no_build)
    # New currents and new parameters of the same model: same binary, new run_args
    # (the initial values are computed inside the binary from the new parameters).
    q = load_preset("adex_tonic")
    new_currents = np.linspace(200, 800, 12) * pA
    second_run = fi_curve(q, new_currents, duration=200 * ms, target="cpp_standalone")
    expected = fi_curve(q, new_currents, duration=200 * ms)
    np.testing.assert_array_equal(second_run.spike_counts, expected.spike_counts)
    np.testing.assert_allclose(np.asarray(second_run.rates / Hz), np.asarray(expected.rates / Hz),
                               rtol=1e-9)


@pytest.mark.slow
@pytest.mark.parametrize("name", [n for n in list_presets()
                                  if preset_info(n).pattern and preset_info(n).model != "adex"])
def test_each_preset_step_shows_its_pattern(name):
    # The preset's step for 500 ms, classified by the criteria of Naud et al. (2008)
    # (neurosim.bio.spiketrains); dt 0.02 ms: the patterns are robust to the O(dt) shift.
    # (The seven AdEx presets: tests/bio/test_patterns_presets.py.)
    from neurosim.bio import Step
    from neurosim.bio.spiketrains import classify_pattern

    info = preset_info(name)
    trace = simulate(load_preset(name), Step(info.step_current, 100 * ms, 600 * ms), 700 * ms,
                     dt=0.02 * ms, target="cython")
    assert classify_pattern(trace.spike_times, 100 * ms, 600 * ms).pattern == info.pattern


@pytest.mark.slow
def test_simulate_on_cpp_standalone_equals_numpy_and_reruns_without_recompiling(monkeypatch):
    from brian2.devices.cpp_standalone.device import CPPStandaloneDevice

    from neurosim.bio import Step

    hh = HHParams()  # densities and areas become shared variables of the compiled group
    first = simulate(hh, Step(2 * nA, 5 * ms, 40 * ms), 50 * ms, target="cpp_standalone")
    reference = simulate(hh, Step(2 * nA, 5 * ms, 40 * ms), 50 * ms)
    np.testing.assert_allclose(np.asarray(first.v / mV), np.asarray(reference.v / mV), atol=1e-9)
    np.testing.assert_array_equal(np.asarray(first.spike_times), np.asarray(reference.spike_times))

    def no_build(*args, **kwargs):
        raise AssertionError("a second trace of the same shape must not rebuild")

    monkeypatch.setattr(CPPStandaloneDevice, "build", no_build)
    changed = hh.replace(g_K=30 * nS / cm**2 * 1000)
    again = simulate(changed, Step(1.5 * nA, 5 * ms, 40 * ms), 50 * ms, target="cpp_standalone")
    expected = simulate(changed, Step(1.5 * nA, 5 * ms, 40 * ms), 50 * ms)
    np.testing.assert_array_equal(np.asarray(again.spike_times), np.asarray(expected.spike_times))
    assert again.n_spikes >= 1 and again.m.shape == again.v.shape


def test_noisy_sweep_of_a_non_lif_model_is_reproducible_by_seed():
    from neurosim.bio import fi_curve

    p = load_preset("izhikevich_rs")
    currents = np.linspace(0, 150, 4) * pA  # rheobase ~ 50 pA: noise makes some fire below
    kwargs = dict(duration=200 * ms, dt=0.05 * ms, sigma=4 * mV, n_trials=5)
    a = fi_curve(p, currents, seed=5, **kwargs)
    b = fi_curve(p, currents, seed=5, **kwargs)
    c = fi_curve(p, currents, seed=6, **kwargs)
    np.testing.assert_array_equal(a.spike_counts, b.spike_counts)
    assert not np.array_equal(a.spike_counts, c.spike_counts)
    assert a.settings["model"] == "izhikevich" and a.seed == 5
    with pytest.raises(ParameterError, match="spike_timing"):
        fi_curve(p, currents, spike_timing="exact")
    with pytest.raises(ParameterError, match="settle"):
        fi_curve(p, currents, duration=100 * ms, settle=100 * ms)


def test_noisy_conductance_models_step_below_the_euler_stability_limit():
    # With noise, v steps by Euler-Maruyama: stable for dt < 2 C_m/(g_Na + g_K + g_L)
    # (0.0128 ms for hh_squid, whose noisy curve turned NaN at the noise-free limit, 0.1 ms).
    from neurosim.bio import fi_curve, load_preset
    from neurosim.bio.models.hh import euler_limit

    hh = load_preset("hh_squid")
    limit = 2 * hh.C_m / (hh.g_Na + hh.g_K + hh.g_L)
    assert float(euler_limit(hh) / ms) == pytest.approx(float(limit / ms)) == pytest.approx(
        2 / 156.3)
    noisy, quiet = hh.brian_model(noisy=True), hh.brian_model()
    assert noisy.max_dt == euler_limit(hh) and quiet.max_dt == 0.1 * ms
    assert noisy.dt == 0.01 * ms and "Euler-Maruyama" in noisy.max_dt_rule
    with pytest.raises(ParameterError, match="dt"):
        fi_curve(hh, [1.0] * nA, duration=20 * ms, dt=0.1 * ms, sigma=2 * mV, seed=1)
    curve = fi_curve(hh, [0.0, 2.0] * nA, duration=0.2 * second, dt=noisy.max_dt,
                     sigma=2 * mV, seed=1, settle=50 * ms)
    rates = np.asarray(curve.rates)
    assert np.isfinite(rates).all() and rates[1] > 40  # fires tonically, no NaN
