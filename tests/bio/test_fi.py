"""fi_curve against the closed-form rate; one group; seeds; targets; bad input."""

import numpy as np
import pytest
from brian2 import Hz, Network, amp, ms, mV, nA, second

from neurosim.bio import (
    FICurve,
    LIFParams,
    fi_curve,
    lif_rate,
    list_presets,
    load_preset,
    siegert_rate,
)
from neurosim.errors import ParameterError, ParameterTypeError, UnitError


def _check_discretisation_bound(name, dt, constant_hz, duration):
    """|r_sim - r_theory| <= 2.2 r^2 dt + c for 50 currents up to 5x rheobase.

    Spikes are detected on the time grid and the refractory hold is
    floor(t_ref/dt) steps, so each interval is k dt short of the exact one,
    f <= k <= 1 + f < 2 with f the fractional part of t_ref/dt:
    r_sim = 1/(1/r - k dt) ~ r + k r^2 dt. The constant covers the rounding
    of the ISI estimate near rheobase.
    """
    p = load_preset(name)
    currents = np.linspace(0, 5, 50) * p.rheobase
    curve = fi_curve(p, currents, dt=dt, duration=duration)
    theory = np.asarray(lif_rate(currents, p) / Hz)
    sim = np.asarray(curve.rates / Hz)
    bound = 2.2 * theory**2 * float(dt / second) + constant_hz
    worst = np.argmax(np.abs(sim - theory) - bound)
    assert np.all(np.abs(sim - theory) <= bound), (
        f"{name}: at {currents[worst]} simulated {sim[worst]:.3f} Hz, theory {theory[worst]:.3f} Hz"
    )
    below = np.asarray(currents / amp) <= float(p.rheobase / amp)
    assert np.all(sim[below] == 0)
    assert np.all(sim <= 1 / float(p.t_ref / second))
    return curve


@pytest.mark.parametrize("name", list_presets("lif"))
def test_rates_within_discretisation_bound_at_dt_0_1_ms(name):
    _check_discretisation_bound(name, 0.1 * ms, 0.2, 1 * second)


@pytest.mark.slow
@pytest.mark.parametrize("name", list_presets("lif"))
def test_bound_ten_times_tighter_at_dt_0_01_ms(name):
    # Same bound with dt and the constant both ten times smaller: the error is first order in dt.
    _check_discretisation_bound(name, 0.01 * ms, 0.02, 0.5 * second)


def test_rate_estimates_and_fields():
    p = LIFParams()
    currents = [0, 1.0, 1.6, 3.0] * nA
    curve = fi_curve(p, currents, duration=500 * ms)
    assert len(curve) == 4 and curve.spike_counts.shape == (4, 1)
    assert np.isnan(float(curve.rates_isi[0] / Hz)) and curve.rates[0] == 0 * Hz
    # 1/mean ISI excludes the transient before the first spike, so it is >= count/duration.
    assert np.all(np.asarray(curve.rates_isi[2:] / Hz) >= np.asarray(curve.rates_count[2:] / Hz))
    np.testing.assert_allclose(np.asarray(curve.rates_count / Hz), curve.spike_counts[:, 0] / 0.5)
    settings = curve.settings
    assert settings["seed"] == curve.seed and settings["params"]["tau_m"] == "10 ms"
    np.testing.assert_array_equal(np.asarray(curve.theory()), np.asarray(lif_rate(currents, p)))


def test_sweep_is_one_brian2_run(monkeypatch):
    runs = []
    original = Network.run

    def counting_run(self, *args, **kwargs):
        runs.append(self)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Network, "run", counting_run)
    curve = fi_curve(LIFParams(), np.linspace(0, 5, 200) * nA, duration=100 * ms, n_trials=3)
    assert len(runs) == 1
    assert curve.spike_counts.shape == (200, 3)


def test_noise_same_seed_same_spikes_and_monotone_mean_rate():
    p = load_preset("brunel2000")
    currents = np.linspace(0, 2, 11) * p.rheobase
    a = fi_curve(p, currents, sigma=3 * mV, n_trials=20, seed=11, duration=1 * second)
    b = fi_curve(p, currents, sigma=3 * mV, n_trials=20, seed=11, duration=1 * second)
    c = fi_curve(p, currents, sigma=3 * mV, n_trials=20, seed=12, duration=1 * second)
    np.testing.assert_array_equal(a.spike_counts, b.spike_counts)
    assert not np.array_equal(a.spike_counts, c.spike_counts)
    rates = np.asarray(a.rates / Hz)
    # Far below threshold the rate is exactly 0; once the neuron fires, steps of
    # 0.2 rheobase raise the rate by >= 5 Hz, and 20 trials x 1 s make the
    # mean-rate error ~1 Hz, so the curve must rise strictly there.
    assert np.all(np.diff(rates) >= 0)
    firing = rates[:-1] > 1
    assert firing.sum() >= 6 and np.all(np.diff(rates)[firing] > 0)
    # Noise makes the neuron fire below rheobase, where the noise-free rate is 0.
    assert rates[4] > 0 and float(lif_rate(currents[4], p) / Hz) == 0


@pytest.mark.slow
def test_cython_target_gives_the_same_spikes_as_numpy():
    p = LIFParams()
    currents = np.linspace(0, 5, 40) * nA
    a = fi_curve(p, currents, duration=300 * ms)
    b = fi_curve(p, currents, duration=300 * ms, target="cython")
    np.testing.assert_array_equal(a.spike_counts, b.spike_counts)
    assert b.target == "cython"


@pytest.mark.slow
def test_cpp_standalone_reruns_without_recompiling(monkeypatch):
    p = LIFParams()
    currents = np.linspace(0, 5, 40) * nA
    first = fi_curve(p, currents, duration=300 * ms, target="cpp_standalone")
    reference = fi_curve(p, currents, duration=300 * ms)
    np.testing.assert_array_equal(first.spike_counts, reference.spike_counts)

    from brian2.devices.cpp_standalone.device import CPPStandaloneDevice

    def no_build(*args, **kwargs):
        raise AssertionError("a second sweep of the same shape must not rebuild")

    monkeypatch.setattr(CPPStandaloneDevice, "build", no_build)
    # New currents and new parameters: same binary, new run_args.
    new_currents = np.linspace(1, 3, 40) * nA
    q = p.replace(tau_m=20 * ms, t_ref=3 * ms)
    second_run = fi_curve(q, new_currents, duration=300 * ms, target="cpp_standalone")
    expected = fi_curve(q, new_currents, duration=300 * ms)
    np.testing.assert_array_equal(second_run.spike_counts, expected.spike_counts)
    monkeypatch.undo()
    exact = fi_curve(q, new_currents, duration=300 * ms, target="cpp_standalone", spike_timing="exact")
    np.testing.assert_allclose(np.asarray(exact.rates / Hz), np.asarray(lif_rate(new_currents, q) / Hz),
                               rtol=0, atol=1e-9)


@pytest.mark.parametrize(
    "kwargs, error, words",
    [
        (dict(currents=[1, 2]), UnitError, ["currents", "current"]),
        (dict(currents=[1, 2] * mV), UnitError, ["currents", "current"]),
        (dict(currents=[] * nA), ParameterError, ["currents", "empty"]),
        (dict(currents=[1, np.nan] * nA), ParameterError, ["currents", "finite"]),
        (dict(currents=[1, np.inf] * nA), ParameterError, ["currents", "finite"]),
        (dict(currents=np.ones((2, 2)) * nA), ParameterError, ["currents", "one-dimensional"]),
        (dict(duration=-1 * second), ParameterError, ["duration"]),
        (dict(dt=5 * ms), ParameterError, ["dt", "tau_m"]),
        (dict(sigma=2), UnitError, ["sigma", "voltage"]),
        (dict(n_trials=0), ParameterError, ["n_trials", ">= 1"]),
        (dict(target="gpu"), ParameterError, ["target", "numpy"]),
        (dict(params="brunel2000"), ParameterTypeError, ["params", "LIFParams"]),
    ],
)
def test_bad_input(kwargs, error, words):
    args = dict(params=LIFParams(), currents=[1, 2] * nA)
    args.update(kwargs)
    with pytest.raises(error) as info:
        fi_curve(args.pop("params"), args.pop("currents"), **args)
    for word in words:
        assert word in str(info.value)


@pytest.mark.parametrize("name", list_presets("lif"))
def test_exact_spike_timing_matches_the_closed_form_at_coarse_dt(name):
    # Dating each spike inside its step by inverting the exact solution removes
    # the r^2 dt error: what remains is floating-point rounding of spike times
    # (~1e-16 s each), i.e. well under 1e-9 Hz at these rates.
    p = load_preset(name)
    currents = np.linspace(0, 5, 50) * p.rheobase
    curve = fi_curve(p, currents, dt=0.1 * ms, spike_timing="exact")
    np.testing.assert_allclose(np.asarray(curve.rates / Hz), np.asarray(lif_rate(currents, p) / Hz),
                               rtol=0, atol=1e-9)
    assert curve.settings["spike_timing"] == "exact"


def test_exact_spike_timing_with_refractory_shorter_than_a_step():
    p = LIFParams(t_ref=0.05 * ms)  # half a step: the reset must integrate the rest of the step
    currents = np.linspace(0, 5, 30) * p.rheobase
    curve = fi_curve(p, currents, dt=0.1 * ms, duration=300 * ms, spike_timing="exact")
    np.testing.assert_allclose(np.asarray(curve.rates / Hz), np.asarray(lif_rate(currents, p) / Hz),
                               rtol=0, atol=1e-9)


def test_exact_spike_timing_needs_no_noise_and_a_known_name():
    with pytest.raises(ParameterError, match="sigma"):
        fi_curve(LIFParams(), [2] * nA, sigma=1 * mV, spike_timing="exact")
    with pytest.raises(ParameterError, match="spike_timing"):
        fi_curve(LIFParams(), [2] * nA, spike_timing="precise")


def test_exact_spike_timing_for_a_neuron_resting_above_threshold():
    # E_L >= V_th: the neuron fires without input (a pacemaker). Exact mode starts it
    # at V_reset so that every spike is dated from below threshold.
    p = LIFParams(E_L=-40 * mV)
    currents = [-0.5, 0, 1] * nA
    curve = fi_curve(p, currents, duration=500 * ms, spike_timing="exact")
    np.testing.assert_allclose(np.asarray(curve.rates / Hz), np.asarray(lif_rate(currents, p) / Hz),
                               rtol=0, atol=1e-9)


@pytest.mark.parametrize("name", ["dt", "duration", "sigma"])
def test_array_where_a_single_value_is_needed(name):
    values = {"dt": [0.1, 0.2] * ms, "duration": [1, 2] * second, "sigma": [1, 2] * mV}
    with pytest.raises(ParameterError, match=f"{name}: must be a single value"):
        fi_curve(LIFParams(), [1] * nA, **{name: values[name]})


def test_theory_of_a_noisy_curve_is_the_siegert_rate():
    p = LIFParams()
    currents = np.array([0.8, 1.0, 1.5]) * p.rheobase
    zeros = np.zeros(3) * Hz
    noisy = FICurve(currents, zeros, zeros, zeros, np.zeros((3, 1), int), np.zeros((3, 1)) * Hz,
                    p, 1 * second, 0.1 * ms, 3 * mV, 1, 0, "numpy")
    expected = siegert_rate(currents, 3 * mV, p)
    np.testing.assert_array_equal(np.asarray(noisy.theory()), np.asarray(expected))
    assert noisy.theory()[0] > 0 * Hz  # below rheobase the noise still makes it fire
