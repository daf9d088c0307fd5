"""Activation-family fits: recovery of known parameters, LIF data, bad input."""

import numpy as np
import pytest
from brian2 import Hz, ms, mV, nA, pcoulomb, second
from scipy import stats
from scipy.optimize import curve_fit

from neurosim.bio import fi_curve, list_presets, load_preset
from neurosim.bridge import FAMILIES, fit_activation, fit_all, format_table, rate_estimate
from neurosim.errors import DataError, FitError, ParameterError, ParameterTypeError, UnitError

# Known parameters per family, in the internal units (nA, Hz, s), and a current
# range where the true rate stays >= ~5 Hz (so that 0.5 Hz noise never makes a
# rate negative, which fit_activation rightly refuses).
TRUTH = {
    "linear": ([40.0, 10.0], (0.0, 2.0)),
    "exponential": ([5.0, 1.5], (0.0, 2.0)),
    "sigmoid": ([150.0, 4.0, 1.0], (0.3, 2.0)),
    "relu": ([80.0, 0.7], (0.8, 2.0)),
    "softplus": ([80.0, 0.8, 0.15], (0.5, 2.0)),
    "lif": ([1.0, 0.003, 0.008, 100.0], (1.02, 3.0)),
}
# Noise-free data over a range that includes silence below threshold.
FULL_RANGE = {"relu": (0.0, 2.0), "lif": (0.0, 3.0), "softplus": (0.0, 2.0)}


def _synthetic(family, n=60, full=False):
    values, (lo, hi) = TRUTH[family]
    if full and family in FULL_RANGE:
        lo, hi = FULL_RANGE[family]
    x = np.linspace(lo, hi, n)
    return x, FAMILIES[family].model(x, np.array(values)), np.array(values)


def _internal(result):
    family = FAMILIES[result.family]
    return np.array([float(result.values[name] / unit) for name, unit in zip(family.param_names, family.param_units)])


@pytest.mark.parametrize("family", list(FAMILIES))
@pytest.mark.parametrize("full", [False, True])
def test_noise_free_synthetic_data_give_back_the_parameters(family, full):
    x, y, truth = _synthetic(family, full=full)
    result = fit_activation(x * nA, y * Hz, family)
    assert result.success, result.message
    np.testing.assert_allclose(_internal(result), truth, rtol=1e-6)
    assert result.r2 > 1 - 1e-10
    assert float(result.rmse / Hz) < 1e-6 * y.max()
    for name in result.values:  # units survive
        assert result.values[name].dim == result.ci[name][0].dim == result.stderr[name].dim


@pytest.mark.slow
@pytest.mark.parametrize("family", list(FAMILIES))
def test_noisy_confidence_intervals_cover_the_truth_at_their_level(family):
    # 100 data sets with Gaussian noise (sd 0.5 Hz): each 95% interval should
    # hold the true value ~95 times; binomial sd 2.2, so 88 is 3 sd below.
    x, y, truth = _synthetic(family, n=40)
    rng = np.random.default_rng(20240601)
    hits = np.zeros(len(truth))
    hits_50 = np.zeros(len(truth))
    n_sets = 100
    for _ in range(n_sets):
        noisy = y + rng.normal(0.0, 0.5, size=y.shape)
        result = fit_activation(x * nA, noisy * Hz, family)
        assert result.success, result.message
        fam = FAMILIES[family]
        low = np.array([float(result.ci[p][0] / u) for p, u in zip(fam.param_names, fam.param_units)])
        high = np.array([float(result.ci[p][1] / u) for p, u in zip(fam.param_names, fam.param_units)])
        hits += (low <= truth) & (truth <= high)
        # The 50% interval from the same standard errors: too wide intervals
        # would cover far more than half the time.
        values = _internal(result)
        se = np.array([float(result.stderr[p] / u) for p, u in zip(fam.param_names, fam.param_units)])
        half = stats.t.ppf(0.75, len(x) - len(truth)) * se
        hits_50 += np.abs(values - truth) <= half
    coverage = hits / n_sets
    assert np.all(coverage >= 0.88), dict(zip(FAMILIES[family].param_names, coverage))
    coverage_50 = hits_50 / n_sets  # binomial sd 5%: 3 sd either side
    assert np.all((coverage_50 >= 0.35) & (coverage_50 <= 0.65)), coverage_50


@pytest.mark.parametrize("name", list_presets("lif"))
def test_lif_family_fits_simulated_lif_data(name):
    p = load_preset(name)
    curve = fi_curve(p, np.linspace(0, 5, 40) * p.rheobase, duration=1 * second, dt=0.1 * ms, seed=1)
    result = fit_all(curve, ["lif"])[0]
    assert result.success, result.message
    assert result.r2 >= 0.999
    # The fit reads the neuron back: rheobase, t_ref (intervals are shortened by
    # up to one dt on the grid), charge C_m (V_th - V_reset) and tau_m.
    assert float(result.values["I_rh"] / p.rheobase) == pytest.approx(1.0, abs=0.03)
    assert float(result.values["t_ref"] / ms) == pytest.approx(float(p.t_ref / ms), abs=0.15)
    charge = float(p.C_m * (p.V_th - p.V_reset) / pcoulomb)
    assert float(result.values["Q"] / pcoulomb) == pytest.approx(charge, rel=0.05)
    assert float(1 / result.values["leak"] / ms) == pytest.approx(float(p.tau_m / ms), rel=0.1)
    assert "rheobase" in result.meaning and "pC" in result.meaning


@pytest.fixture(scope="module")
def brian2_example_curve():
    """Brian2's IF_curve_LIF example: 1000 neurons, drive 0-20 mV (0-2 nA here), 1 s."""
    return fi_curve(load_preset("brian2_if_curve"), np.linspace(0, 2, 1000) * nA,
                    duration=1 * second, dt=0.1 * ms, seed=0)


def test_sigmoid_and_relu_reach_the_brian2_example_benchmark(brian2_example_curve):
    # The example measures rates as spike count / duration; on those data plain
    # least squares gives R^2 0.979 (sigmoid) and 0.9639 (ReLU).
    curve = brian2_example_curve
    sigmoid = fit_activation(curve.currents, curve.rates_count, "sigmoid")
    relu = fit_activation(curve.currents, curve.rates_count, "relu")
    assert sigmoid.r2 >= 0.979
    assert relu.r2 >= 0.9639
    ranked = fit_all(curve)
    assert ranked[0].family == "lif"
    assert [r.family for r in ranked].index("sigmoid") < [r.family for r in ranked].index("relu")


def test_fits_are_at_least_as_good_as_plain_least_squares(brian2_example_curve):
    curve = brian2_example_curve
    x = np.asarray(curve.currents / nA)
    y = np.asarray(rate_estimate(curve).rates / Hz)
    tss = np.sum((y - y.mean()) ** 2)
    # ReLU: brute-force threshold scan (for each threshold the best gain is closed-form).
    best_relu = -np.inf
    for i0 in np.linspace(0, 1.5, 15001):
        h = np.maximum(0, x - i0)
        gain = h @ y / (h @ h)
        best_relu = max(best_relu, 1 - np.sum((y - gain * h) ** 2) / tss)
    # Sigmoid: scipy's curve_fit from a hand-picked start.
    sig = lambda v, r, a, i0: r / (1 + np.exp(-a * (v - i0)))  # noqa: E731
    popt, _ = curve_fit(sig, x, y, p0=[y.max(), 5, 1.2], maxfev=20000)
    plain_sigmoid = 1 - np.sum((y - sig(x, *popt)) ** 2) / tss
    assert fit_activation(curve.currents, y * Hz, "relu").r2 >= best_relu - 1e-9
    assert fit_activation(curve.currents, y * Hz, "sigmoid").r2 >= plain_sigmoid - 1e-9


def test_fit_all_ranks_by_aicc_and_prints_a_table(brian2_example_curve):
    results = fit_all(brian2_example_curve)
    assert all(r.success for r in results)
    assert results[0].family == "lif"  # LIF data: the LIF curve itself fits best
    aiccs = [r.aicc for r in results]
    assert aiccs == sorted(aiccs)
    n = len(brian2_example_curve)
    for r in results:  # the small-sample correction, and no weights on a noise-free curve
        k = r.n_params
        assert r.aicc == pytest.approx(r.aic + 2 * k * (k + 1) / (n - k - 1))
        assert not r.weighted
    assert {r.family for r in results} == set(FAMILIES)
    table = format_table(results)
    lines = table.splitlines()
    assert "R^2" in lines[0] and "dAICc" in lines[0]
    assert len(lines) == 2 + len(FAMILIES)
    relu = next(r for r in results if r.family == "relu")
    assert "rheobase 1 nA" in relu.meaning and "Hz/nA" in relu.meaning
    sigmoid = next(r for r in results if r.family == "sigmoid")
    assert "1/t_ref = 200 Hz" in sigmoid.meaning
    rates = relu.predict(np.array([0.5, 1.5]) * nA)
    assert rates.dim == Hz.dim and float(rates[0] / Hz) < float(rates[1] / Hz)
    assert relu.predict(1.5 * nA).shape == ()


def test_a_family_that_cannot_be_fitted_is_reported_not_raised():
    p = load_preset("brunel2000")
    silent = fi_curve(p, np.linspace(0, 0.5, 5) * p.rheobase, duration=100 * ms, seed=1)
    results = fit_all(silent)
    assert len(results) == len(FAMILIES)
    assert not any(r.success for r in results)
    assert all("all rates are 0 Hz" in r.message for r in results)
    assert "failed" in format_table(results)
    with pytest.raises(FitError, match="failed"):
        results[0].predict(1 * nA)
    few = fi_curve(p, np.array([2.0, 3.0, 4.0]) * p.rheobase, duration=200 * ms, seed=1)
    by_family = {r.family: r for r in fit_all(few)}
    assert by_family["relu"].success and not by_family["lif"].success
    assert "needs at least 4 points" in by_family["lif"].message
    assert fit_all(few)[-1].family == "lif"  # failed fits rank last


@pytest.mark.parametrize(
    "currents, rates, family, error, words",
    [
        (np.arange(5) * nA, np.arange(4) * Hz, "relu", DataError, ["same length", "5", "4"]),
        (np.arange(5.0), np.arange(5) * Hz, "relu", UnitError, ["currents", "no unit"]),
        (np.arange(5) * nA, np.arange(5) * mV, "relu", UnitError, ["rates", "frequency"]),
        (np.arange(5) * nA, np.arange(5) * Hz, "tanh", ParameterError, ["family", "tanh", "softplus"]),
        (np.arange(5) * nA, np.zeros(5) * Hz, "relu", FitError, ["all rates are 0 Hz"]),
        (np.arange(5) * nA, np.array([0, 1, np.nan, 3, 4]) * Hz, "relu", ParameterError, ["rates", "finite"]),
        (np.arange(5) * nA, np.array([0, 1, -2, 3, 4]) * Hz, "relu", DataError, ["rates", ">= 0"]),
        (np.arange(3) * nA, np.arange(3) * Hz, "lif", FitError, ["at least 4 points", "got 3"]),
        (np.ones(5) * nA, np.arange(5) * Hz, "relu", FitError, ["currents are equal"]),
        (np.ones((2, 3)) * nA, np.ones((2, 3)) * Hz, "relu", DataError, ["one-dimensional"]),
    ],
)
def test_bad_input_is_a_clear_error(currents, rates, family, error, words):
    with pytest.raises(error) as info:
        fit_activation(currents, rates, family)
    for word in words:
        assert word in str(info.value)


def test_fit_all_checks_its_arguments(brian2_example_curve):
    with pytest.raises(ParameterTypeError, match="curve: expected FICurve"):
        fit_all((np.arange(5) * nA, np.arange(5) * Hz))
    with pytest.raises(ParameterError, match="families: must be one of .*; got 'elu'"):
        fit_all(brian2_example_curve, ["relu", "elu"])
    with pytest.raises(ParameterError, match="confidence"):
        fit_activation(np.arange(5) * nA, np.arange(5) * Hz, "relu", confidence=1.5)


def test_known_standard_errors_weight_the_fit():
    # A line with one outlying point: with its large standard error known, the
    # weighted fit ignores it; without, the outlier pulls the line.
    x = np.linspace(0.0, 2.0, 11)
    y = 40.0 * x + 10.0
    y[-1] += 30.0
    se = np.full(11, 0.5)
    se[-1] = 1e3
    plain = fit_activation(x * nA, y * Hz, "linear")
    weighted = fit_activation(x * nA, y * Hz, "linear", stderr=se * Hz)
    assert weighted.weighted and not plain.weighted
    assert float(weighted.values["gain"] / (Hz / nA)) == pytest.approx(40.0, rel=1e-4)
    assert float(plain.values["gain"] / (Hz / nA)) > 41.0
    # chi**2 + 2k for known errors: the weighted residuals are ~0 except the outlier's
    assert weighted.aic == pytest.approx((30.0 / 1e3) ** 2 + 4, abs=1e-3)
    # stderr with a zero (a noise-free point) cannot weight: unweighted
    assert not fit_activation(x * nA, y * Hz, "linear", stderr=np.zeros(11) * Hz).weighted


def test_noisy_curves_are_fitted_with_their_standard_errors():
    p = load_preset("neuronal_dynamics")
    curve = fi_curve(p, np.linspace(0.5, 3, 12) * p.rheobase, duration=500 * ms, sigma=2 * mV,
                     n_trials=3, seed=4)
    results = fit_all(curve, ["relu", "softplus"])
    assert all(r.weighted for r in results)
