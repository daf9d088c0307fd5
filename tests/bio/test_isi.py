"""ISI statistics from one vectorised run, against threshold-integration theory."""

import numpy as np
import pytest
from brian2 import Hz, ms, mV, second

from neurosim.bio import EIFParams, LIFParams
from neurosim.bio.isi import MIN_ISI_COUNT, isi_statistics
from neurosim.bio.theory import isi_cv, stationary_rate
from neurosim.errors import ParameterError


def _cv_stderr(cv, n):
    """Standard error of a sample CV of n intervals (delta method, Gaussian-like intervals:
    var(CV) ~ CV**2 (1/2 + CV**2) / n; Hendricks & Robey 1936)."""
    return cv * np.sqrt((0.5 + cv ** 2) / n)


@pytest.mark.parametrize("params, dt", [(LIFParams(), 0.1 * ms), (EIFParams(), 0.05 * ms)],
                         ids=["lif", "eif"])
def test_cv_and_rate_per_pair_match_theory(params, dt):
    rheobase = (LIFParams().rheobase if isinstance(params, LIFParams)
                else (params.V_T - params.E_L - params.Delta_T) / params.R_m)
    currents = np.array([1.0, 1.5, 1.0, 1.5]) * rheobase
    sigmas = np.array([2.0, 2.0, 5.0, 5.0]) * mV
    stats = isi_statistics(params, currents, sigma=sigmas, duration=3 * second, dt=dt,
                           n_trials=8, seed=3)
    assert len(stats) == 4 and np.all(stats.n_intervals >= 100)
    theory_cv = isi_cv(params, currents, sigmas)
    theory_rate = np.asarray(stationary_rate(params, currents, sigmas) / Hz)
    # 4 standard errors of the sample CV; the grid adds variance dt**2/12 per interval and
    # the rate band of test_if_theory_models (< 2% here) shifts the mean interval.
    tolerance = 4 * _cv_stderr(theory_cv, stats.n_intervals) + 0.02 * theory_cv
    assert np.all(np.abs(stats.cv - theory_cv) < tolerance), (stats.cv, theory_cv)
    rate_se = theory_rate * theory_cv / np.sqrt(stats.n_intervals)
    assert np.all(np.abs(np.asarray(stats.rates / Hz) - theory_rate) < 4 * rate_se + 0.03 * theory_rate)
    assert stats.cv[2] > stats.cv[0] and stats.cv[3] > stats.cv[1]  # noise makes trains irregular


def test_without_noise_trains_are_regular_and_pooling_counts_every_interval():
    p = LIFParams()
    stats = isi_statistics(p, np.array([1.5, 3.0]) * p.rheobase, duration=1 * second,
                           n_trials=3, transient=0 * ms, seed=1)
    assert np.all(stats.cv < 0.01)  # only the grid stamping (dt = 0.1 ms) varies the intervals
    for k in range(2):
        gaps = np.asarray(stats.intervals[k] / second)
        assert len(gaps) == stats.n_intervals[k] and len(gaps) % 3 == 0  # 3 identical trials
        assert abs(1 / gaps.mean() - float(stats.rates[k] / Hz)) < 1e-9


def test_too_few_intervals_give_no_cv():
    p = LIFParams()
    stats = isi_statistics(p, np.array([0.2, 1.5]) * p.rheobase, duration=200 * ms,
                           transient=0 * ms, seed=1)
    assert stats.n_intervals[0] == 0 and np.isnan(stats.cv[0]) and stats.rates[0] == 0 * Hz
    assert stats.n_intervals[1] >= MIN_ISI_COUNT and np.isfinite(stats.cv[1])


@pytest.mark.parametrize("kwargs, words", [
    ({"sigma": -1 * mV}, "sigma"),
    ({"target": "cpp_standalone"}, "target"),
    ({"n_trials": 0}, "n_trials"),
    ({"transient": 2 * second}, "transient"),
])
def test_bad_input_names_the_parameter(kwargs, words):
    p = LIFParams()
    with pytest.raises(ParameterError, match=words):
        isi_statistics(p, p.rheobase, duration=1 * second, **kwargs)


def test_plots_draw_histogram_and_cv_with_theory_only_where_it_exists():
    from brian2 import ms as _ms
    from brian2 import nA, nS, pA

    from neurosim.bio import AdExParams
    from neurosim.plotting.isi import plot_cv_against_noise, plot_isi_histogram

    p = LIFParams()
    stats = isi_statistics(p, 1.2 * p.rheobase, sigma=np.array([1.0, 3.0]) * mV,
                           duration=1 * second, n_trials=2, seed=2)
    ax = plot_isi_histogram(stats, 1)
    assert "CV" in ax.get_title() and len(ax.patches) == 40
    ax = plot_cv_against_noise(stats)
    assert len(ax.get_lines()) == 2  # points and the theory line
    adapting = AdExParams(b=60 * pA, a=2 * nS, tau_w=100 * _ms)
    stats = isi_statistics(adapting, np.array([0.5, 0.5]) * nA, sigma=np.array([1.0, 3.0]) * mV,
                           duration=0.3 * second, dt=0.05 * _ms, seed=2)
    assert len(plot_cv_against_noise(stats).get_lines()) == 1  # no theory for adaptation
