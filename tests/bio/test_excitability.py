"""Rheobase, excitability class and bistability, against independent numbers.

HH and Wang-Buzsaki numbers come from an independent scipy LSODA integration
(``tests/bio/scipy_models.py``; rtol 1e-9, from rest, rate over the last second of 2 s): HH
fires repetitively from 6.3 uA/cm^2 (6.2: three spikes, then silence), WB is
silent at 0.16 and fires at 4.0 Hz at 0.17 uA/cm^2.  The Hopf point of HH's
rest is computed here from the linearised equations (numpy, no Brian2).
"""

import numpy as np
import pytest
from brian2 import Hz, cm, ms, nA, pA, second, uA
from scipy.optimize import brentq

from neurosim.bio import HHParams, LIFParams, WangBuzsakiParams, load_preset
from neurosim.bio.excitability import find_rheobase, step_responses
from neurosim.bio.ramps import bistability
from neurosim.errors import ParameterError

DENSITY = uA / cm**2


def density(params, current) -> float:
    return float(params.density(current) / DENSITY)


# --- the HH linearisation, written out independently of neurosim ------------------------

def _hh_rates(v):
    return (0.1 * (v + 40) / (1 - np.exp(-(v + 40) / 10)), 4 * np.exp(-(v + 65) / 18),
            0.07 * np.exp(-(v + 65) / 20), 1 / (1 + np.exp(-(v + 35) / 10)),
            0.01 * (v + 55) / (1 - np.exp(-(v + 55) / 10)), 0.125 * np.exp(-(v + 65) / 80))


def _hh_rhs(x, current):
    v, m, h, n = x
    am, bm, ah, bh, an, bn = _hh_rates(v)
    return np.array([0.3 * (-54.387 - v) + 120 * m**3 * h * (50 - v) + 36 * n**4 * (-77 - v) + current,
                     am * (1 - m) - bm * m, ah * (1 - h) - bh * h, an * (1 - n) - bn * n])


def _hh_rest_growth(current) -> float:
    """Largest real part (1/ms) of the eigenvalues at HH's resting point for ``current`` uA/cm^2."""
    def gates(v):
        am, bm, ah, bh, an, bn = _hh_rates(v)
        return np.array([v, am / (am + bm), ah / (ah + bh), an / (an + bn)])

    v_rest = brentq(lambda v: _hh_rhs(gates(v), current)[0], -80, -41)
    x = gates(v_rest)
    jac = np.empty((4, 4))
    for k in range(4):
        step = np.zeros(4)
        step[k] = 1e-6
        jac[:, k] = (_hh_rhs(x + step, current) - _hh_rhs(x - step, current)) / 2e-6
    return float(np.max(np.linalg.eigvals(jac).real))


def test_the_independent_hopf_point_of_hh_rest_lies_near_9_8_ua_per_cm2():
    hopf = brentq(_hh_rest_growth, 8.0, 11.0)
    assert 9.7 < hopf < 9.85


# --- LIF: the closed-form rheobase -------------------------------------------------------

def test_lif_rheobase_equals_the_closed_form_within_the_resolution():
    params = load_preset("neuronal_dynamics")
    exact = params.rheobase
    result = find_rheobase(params, 0.5 * exact, 2 * exact, points=11, duration=500 * ms)
    # Type I: the rate rises from 0, so the first firing current sits just above (V_th - E_L)/R_m;
    # a rate must reach ~2 spikes per 250 ms to be seen, which for this LIF is within 1e-6 of it.
    assert exact <= result.current < exact + result.resolution
    assert float(result.resolution / exact) == pytest.approx(1.5 / 10 / 11)
    assert result.excitability == "type I"
    # the result protocol: theory() is the closed form the measurement brackets
    assert result.theory() == exact
    assert result.summary()["rheobase_nA"] == pytest.approx(float(result.current / nA))
    assert result.provenance()["parameters"]["preset"] == "neuronal_dynamics"


def test_without_a_bracket_the_search_spans_1_pa_to_100_na():
    params = load_preset("neuronal_dynamics")
    exact = params.rheobase  # 2 nA: between the default grid's 10**3.25 and 10**3.375 pA
    rough = find_rheobase(params, refine=False, duration=200 * ms)
    # One run, no refinement: the first default-grid current that fires repetitively (a LIF
    # just above its rheobase fires at once), the grid step below it as the resolution.
    assert float(rough.current / pA) == pytest.approx(10**3.375)
    assert float(rough.resolution / pA) == pytest.approx(10**3.375 - 10**3.25)
    assert rough.current - rough.resolution < exact <= rough.current
    assert rough.fine is None and rough.excitability is None and np.isnan(rough.onset_ratio)
    summary = rough.summary()
    assert summary["excitability"] is None and summary["reference_current_nA"] is None
    assert rough.settings["refined"] is False and rough.theory() == exact
    refined = find_rheobase(params, duration=500 * ms)
    # Refined inside (10**3.25, 10**3.375] pA: as the bracketed search above, within one step.
    assert exact <= refined.current < exact + refined.resolution
    assert refined.excitability == "type I" and refined.settings["refined"] is True


def test_a_half_given_bracket_or_a_bad_refine_is_refused():
    from neurosim.errors import ParameterTypeError

    params = load_preset("neuronal_dynamics")
    with pytest.raises(ParameterError, match="high: give both low and high"):
        find_rheobase(params, low=1 * nA)
    with pytest.raises(ParameterError, match="low: give both"):
        find_rheobase(params, high=1 * nA)
    with pytest.raises(ParameterTypeError, match="refine"):
        find_rheobase(params, refine="no")


def test_a_rheobase_without_a_closed_form_says_so():
    params = WangBuzsakiParams()
    result = find_rheobase(params, params.current(0 * DENSITY), params.current(2 * DENSITY),
                           points=3, duration=100 * ms)
    with pytest.raises(ParameterError, match="no closed-form rheobase"):
        result.theory()


def test_bad_brackets_and_targets_raise_naming_the_parameter():
    params = load_preset("neuronal_dynamics")
    with pytest.raises(ParameterError, match="low"):
        find_rheobase(params, 2 * params.rheobase, 3 * params.rheobase, points=3, duration=100 * ms)
    with pytest.raises(ParameterError, match="high"):
        find_rheobase(params, 0 * nA, 0.5 * params.rheobase, points=3, duration=100 * ms)
    with pytest.raises(ParameterError, match="high"):
        find_rheobase(params, 1 * nA, 0.5 * nA)
    with pytest.raises(ParameterError, match="target"):
        step_responses(params, [1] * nA, 100 * ms, target="cpp_standalone")
    with pytest.raises(ParameterError, match="points"):
        find_rheobase(params, 0 * nA, 1 * nA, points=2)


def test_step_responses_rates_of_a_lif_match_the_closed_form():
    params = LIFParams()
    currents = np.array([0.5, 2.0, 4.0]) * params.rheobase
    responses = step_responses(params, currents, 500 * ms)
    # No adaptation: onset and steady-state intervals equal the closed form up to the time
    # grid: spikes on the grid and a refractory period of whole steps shorten each interval by
    # k dt, 0 <= k <= 1 here (t_ref/dt is whole), so the rate is high by at most ~r^2 dt
    # (docs/bio.md, "How accurate are simulated rates?").
    from neurosim.bio import lif_rate

    theory = np.asarray(lif_rate(currents, params) / Hz)
    band = theory**2 * float(responses.dt / second) * 1.01
    assert responses.steady_rates[0] == 0 * Hz and not responses.repetitive[0]
    for rates in (responses.steady_rates, responses.onset_rates):
        error = np.asarray(rates / Hz)[1:] - theory[1:]
        assert np.all((error >= -1e-9) & (error <= band[1:])), error


# --- HH and Wang-Buzsaki: type II against type I ----------------------------------------

@pytest.mark.slow
def test_hh_rheobase_and_type_ii_onset():
    params = HHParams()  # the squid axon at 6.3 degC (preset hh_squid)
    result = find_rheobase(params, params.current(2 * DENSITY), params.current(12 * DENSITY), points=21,
                           duration=300 * ms, target="cython")
    rheobase, resolution = density(params, result.current), density(params, result.resolution)
    # LSODA: 6.2 stops after three spikes, 6.3 fires on; the answer lies in (6.2, 6.3] up to
    # the refined grid's step (~0.024).
    assert 6.2 - resolution < rheobase <= 6.3 + resolution
    assert result.excitability == "type II"
    # the rate jumps to ~50 Hz at onset (LSODA: 52.4 Hz at 6.3 uA/cm^2)
    assert 40 * Hz < result.onset_rate < 60 * Hz
    assert result.onset_ratio > 0.5


@pytest.mark.slow
def test_wang_buzsaki_rheobase_and_type_i_onset():
    params = WangBuzsakiParams()  # preset wang_buzsaki
    result = find_rheobase(params, params.current(0 * DENSITY), params.current(1 * DENSITY), points=21,
                           duration=1 * second, target="cython")
    rheobase, resolution = density(params, result.current), density(params, result.resolution)
    # LSODA: silent at 0.16, 4.0 Hz at 0.17
    assert 0.16 - resolution < rheobase <= 0.17 + resolution
    assert result.excitability == "type I"
    # rates below ~4/duration are not seen, so the onset rate is a few Hz, not 0
    assert result.onset_rate < 10 * Hz
    assert result.onset_ratio < 0.3


@pytest.mark.slow
def test_hh_bistability_range():
    params = HHParams()  # the squid axon at 6.3 degC (preset hh_squid)
    held = np.round(np.arange(5.9, 10.75, 0.2), 2)
    result = bistability(params, params.current(held * DENSITY), target="cython")
    step = density(params, result.resolution)
    assert step == pytest.approx(0.2)
    hopf = brentq(_hh_rest_growth, 8.0, 11.0)
    onset, offset = density(params, result.onset_up), density(params, result.offset_down)
    # Coming up, rest is lost at the Hopf point: the first held current above it (the growth
    # threshold 1.2 over the hold adds ~0.05 uA/cm^2, less than one grid step).
    assert hopf < onset <= hopf + step
    # Coming down, firing stops at the fold of limit cycles, between 6.2 and 6.3 (LSODA).
    assert 6.2 - step < offset <= 6.3 + step
    bistable = held[result.bistable]
    assert bistable.min() == pytest.approx(offset) and bistable.max() < onset
    assert result.width > params.current(3 * DENSITY)


def test_fi_curve_agrees_with_the_spike_trains_of_a_model_without_refractory_period():
    """Izhikevich has no refractory period (so Brian2 keeps no ``lastspike``): fi_curve's
    counters and rates must equal those read from a SpikeMonitor in the same run setup."""
    from neurosim.bio import fi_curve

    params = load_preset("izhikevich_fs")
    currents = np.array([0.0, 60.0, 100.0, 200.0]) * pA
    # settle = 0: every spike counts, as in the monitor (the model's settle time is 3/a).
    curve = fi_curve(params, currents, duration=200 * ms, settle=0 * ms)
    responses = step_responses(params, currents, 200 * ms)
    counts = [len(t) for t in responses.spike_times]
    np.testing.assert_array_equal(curve.spike_counts[:, 0], counts)
    for times, rate in zip(responses.spike_times, np.asarray(curve.rates / Hz)):
        if len(times) >= 2:
            assert rate == pytest.approx((len(times) - 1) / float((times[-1] - times[0]) / second))
