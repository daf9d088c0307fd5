"""Simulated f-I curves against the closed-form and Siegert rates."""

import numpy as np
import pytest
from brian2 import Hz, ms, mV, nA, second

from neurosim.bio import fi_curve, list_presets, load_preset
from neurosim.bio.theory import lif_rate, siegert_rate
from neurosim.bridge import compare, discretisation_band, dt_convergence, rate_estimate
from neurosim.errors import ParameterError, ParameterTypeError


@pytest.mark.parametrize("name", list_presets("lif"))
def test_noise_free_grid_rates_lie_in_the_dt_band(name):
    p = load_preset(name)
    curve = fi_curve(p, np.linspace(0, 5, 30) * p.rheobase, duration=1 * second, dt=0.1 * ms, seed=1)
    result = compare(curve)
    assert result.all_within, result.describe()
    error = np.asarray(result.error / Hz)
    assert np.all(error >= -1e-9)  # grid stamps only ever shorten intervals
    assert np.all(np.asarray(result.stderr / Hz) == 0)
    assert np.all(result.siegert == result.closed_form)


def test_band_follows_the_refractory_rounding():
    # t_ref = 5 ms is 166.67 steps of 0.03 ms: Brian2 holds 166 whole steps, so
    # intervals are shortened by k dt with k in [2/3, 5/3) (measured), not [0, 1).
    p = load_preset("brian2_if_curve")
    curve = fi_curve(p, np.linspace(1.05, 2, 25) * nA, duration=1 * second, dt=0.03 * ms, seed=1)
    result = compare(curve)
    assert result.all_within, result.describe()
    r = np.asarray(result.closed_form / Hz)
    k = (1 / r - 1 / np.asarray(result.simulated / Hz)) / 0.03e-3
    assert k.min() > 0.6 and k.max() < 5 / 3 + 1e-6


def test_exact_spike_timing_has_no_band_and_still_agrees():
    p = load_preset("neuronal_dynamics")
    curve = fi_curve(p, np.linspace(0, 5, 20) * p.rheobase, duration=1 * second, dt=0.1 * ms,
                     spike_timing="exact", seed=1)
    result = compare(curve)
    assert np.all(result.band_low == result.band_high)
    assert result.all_within, result.describe()


@pytest.mark.slow
@pytest.mark.parametrize("name, sigma, dt", [
    ("neuronal_dynamics", 2 * mV, 0.1 * ms),
    ("neuronal_dynamics", 5 * mV, 0.05 * ms),
    ("brunel2000", 1 * mV, 0.1 * ms),
])
def test_noisy_rates_agree_with_siegert_within_dt_and_trial_tolerance(name, sigma, dt):
    # Tolerance per current (compare's docstring): the dt band (missed threshold
    # crossings ~ sigma sqrt(dt/tau_m) below, grid-stamped spikes ~ r^2 dt above,
    # Euler-Maruyama drift) widened by 4 standard errors over 40 trials and a
    # window bias of one spike per 2 s trial.
    p = load_preset(name)
    currents = np.linspace(0.5, 3, 11) * p.rheobase
    curve = fi_curve(p, currents, duration=2 * second, dt=dt, sigma=sigma, n_trials=40, seed=3)
    result = compare(curve)
    assert result.all_within, result.describe()
    sim = np.asarray(result.simulated / Hz)
    siegert = np.asarray(result.siegert / Hz)
    # The band explains the deviations: its middle is closer to the simulation than Siegert is.
    middle = np.asarray((result.band_low + result.band_high) / 2 / Hz)
    assert np.mean(np.abs(sim - middle)) < np.mean(np.abs(sim - siegert))
    # The tolerance rejects the noise-free closed form near threshold, where noise matters.
    closed = np.asarray(result.closed_form / Hz)
    outside = (closed < np.asarray(result.lower / Hz)) | (closed > np.asarray(result.upper / Hz))
    assert outside[2:4].any()  # at 1.0 and 1.25 rheobase
    assert np.max(np.abs(sim - siegert)) < 4.0


def test_dt_convergence_is_first_order_without_noise():
    p = load_preset("neuronal_dynamics")
    study = dt_convergence(p, np.linspace(1.1, 4, 20) * p.rheobase, np.array([0.2, 0.1, 0.05]) * ms,
                           duration=1 * second)
    assert 0.8 < study.order < 1.2
    # Intervals are shortened by dt/2 on average: error / (r^2 dt) ~ 0.5.
    assert np.all((study.mean_scaled_error > 0.3) & (study.mean_scaled_error < 0.7))
    assert np.all(np.diff(np.asarray(study.mean_abs_errors / Hz)) < 0)
    assert all(c.all_within for c in study.comparisons)


def test_rate_estimate_picks_the_unbiased_estimator():
    p = load_preset("neuronal_dynamics")
    currents = np.array([1.5, 3.0, 6.0]) * nA
    noisy = fi_curve(p, currents, duration=1 * second, sigma=2 * mV, n_trials=8, seed=2)
    est = rate_estimate(noisy)
    # 1.5 nA is below the 2 nA rheobase: a few spikes, counted; above: ISI pooled.
    assert list(est.uses_isi) == [False, True, True]
    assert float(est.rates[0] / Hz) == float(noisy.rates_count[0] / Hz)
    assert np.all(np.asarray(est.stderr / Hz)[1:] > 0)
    clean = fi_curve(p, currents, duration=1 * second, seed=2)
    est = rate_estimate(clean)
    assert list(est.uses_isi) == [False, True, True]  # no spikes at all at 1.5 nA
    assert np.all(np.asarray(est.stderr / Hz) == 0)


def test_band_without_noise_brackets_the_closed_form_and_exact_mode_is_a_point():
    p = load_preset("brian2_if_curve")
    currents = np.linspace(1.1, 2, 5) * nA
    band = discretisation_band(currents, 0 * mV, p, 0.1 * ms)
    low, high = band.low, band.high
    exact = lif_rate(currents, p)
    assert np.all(low == exact) and np.all(high > exact)
    band = discretisation_band(currents, 0 * mV, p, 0.1 * ms, spike_timing="exact")
    low, high = band.low, band.high
    assert np.all(low == high)
    band = discretisation_band(currents, 3 * mV, p, 0.1 * ms)
    low, high = band.low, band.high
    siegert = siegert_rate(currents, 3 * mV, p)
    assert np.all(low < siegert) and np.all(siegert < high)


@pytest.mark.parametrize(
    "call, error, words",
    [
        (lambda c: compare((1, 2)), ParameterTypeError, ["curve: expected FICurve"]),
        (lambda c: compare(c, z=-1), ParameterError, ["z", ">= 0"]),
        (lambda c: discretisation_band(1 * nA, 0 * mV, c.params, 20 * ms), ParameterError,
         ["dt", "tau_m"]),
        (lambda c: discretisation_band(1 * nA, 2 * mV, c.params, 0.1 * ms, spike_timing="exact"),
         ParameterError, ["exact", "sigma"]),
        (lambda c: dt_convergence(c.params, c.currents, np.array([0.1]) * ms), ParameterError, ["dts"]),
    ],
)
def test_bad_input(call, error, words):
    p = load_preset("brunel2000")
    curve = fi_curve(p, np.array([0.5, 1.0]) * nA, duration=50 * ms, seed=1)
    with pytest.raises(error) as info:
        call(curve)
    for word in words:
        assert word in str(info.value)
