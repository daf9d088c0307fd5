"""Spike-train analysis on synthetic step responses whose pattern is known by construction."""

import numpy as np
import pytest
from brian2 import Hz, ms, second
from hypothesis import given, settings
from hypothesis import strategies as st

from neurosim.bio.spiketrains import PATTERNS, adaptation, adaptation_index, classify_pattern
from neurosim.errors import ParameterError, UnitError

STOP = 1000.0  # ms: every synthetic step lasts 1 s


def train(latency, intervals):
    """Spike times (ms) from a latency and the intervals that follow, cut at STOP."""
    times = latency + np.concatenate([[0.0], np.cumsum(intervals)])
    return times[times <= STOP] * ms


def cycle(pattern, n=200):
    return np.resize(np.asarray(pattern, dtype=float), n)


SYNTHETIC = {
    "tonic": train(10, np.full(100, 20.0)),
    # intervals grow from 10 ms towards 50 ms with a time constant of 5 intervals
    "adapting": train(5, 10 + 40 * (1 - np.exp(-np.arange(60) / 5))),
    "initial burst": train(5, np.r_[3.0, 4.0, np.full(40, 40.0)]),
    "bursting": train(5, cycle([3, 3, 3, 60])),
    # no clear gap between sorted intervals (neighbour ratios < 3), CV ~0.35
    "irregular": train(10, cycle([10, 25, 15, 30, 12, 20])),
    "transient": train(10, [8.0, 12.0, 20.0]),
    "delayed": train(250, np.full(60, 20.0)),
    "silent": np.array([]) * ms,
}


@pytest.mark.parametrize("expected", sorted(SYNTHETIC))
def test_synthetic_trains_are_classified_as_built(expected):
    result = classify_pattern(SYNTHETIC[expected], 0 * ms, STOP * ms)
    assert result.pattern == expected, result.reason
    assert result.pattern in PATTERNS


def test_spikes_outside_the_step_are_ignored():
    before_and_after = np.r_[np.asarray(SYNTHETIC["tonic"] / ms) + 100, [20, 40, 60, 1500, 1600]] * ms
    result = classify_pattern(before_and_after, 100 * ms, 1100 * ms)
    assert result.pattern == "tonic"
    assert result.adaptation.n_spikes == len(SYNTHETIC["tonic"])


def test_adaptation_index_by_hand():
    # intervals 1, 2, 4: terms (2-1)/(2+1) and (4-2)/(4+2), both 1/3
    assert adaptation_index(np.array([1.0, 2.0, 4.0])) == pytest.approx(1 / 3)
    assert adaptation_index(np.array([4.0, 2.0, 1.0])) == pytest.approx(-1 / 3)
    assert adaptation_index(np.array([9.0, 1.0, 2.0, 4.0]), skip=1) == pytest.approx(1 / 3)
    assert np.isnan(adaptation_index(np.array([5.0])))


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(0.1, 100.0), min_size=2, max_size=30), st.floats(0.01, 100.0))
def test_adaptation_index_is_bounded_and_scale_free(intervals, scale):
    values = np.asarray(intervals)
    index = adaptation_index(values)
    assert -1 < index < 1
    assert adaptation_index(values * scale) == pytest.approx(index, abs=1e-12)


def test_adaptation_rates_of_a_known_train():
    # first interval 10 ms (100 Hz), then 25 ms forever (40 Hz): steady state 40 Hz
    result = adaptation(train(5, np.r_[10.0, np.full(50, 25.0)]), 0 * ms, 1 * second)
    assert float(result.initial_rate / Hz) == pytest.approx(100)
    assert float(result.steady_rate / Hz) == pytest.approx(40)
    assert float(result.latency / ms) == pytest.approx(5)
    assert result.ratio == pytest.approx(2.5)
    assert result.adaptation_index > 0


def test_a_neuron_that_stops_has_zero_steady_rate():
    result = adaptation(SYNTHETIC["transient"], 0 * ms, STOP * ms)
    assert result.steady_rate == 0 * Hz
    assert result.ratio == float("inf")
    assert float(result.initial_rate / Hz) == pytest.approx(125)


def test_no_spikes_give_nan_rates_not_errors():
    result = adaptation(np.array([]) * ms, 0 * ms, STOP * ms)
    assert result.n_spikes == 0 and np.isnan(float(result.initial_rate / Hz))
    assert np.isnan(result.ratio)


def test_bad_input_names_the_parameter():
    with pytest.raises(UnitError, match="spike_times"):
        classify_pattern(np.array([1.0, 2.0]), 0 * ms, STOP * ms)
    with pytest.raises(ParameterError, match="stop"):
        adaptation(SYNTHETIC["tonic"], 10 * ms, 10 * ms)
    with pytest.raises(ParameterError, match="skip"):
        adaptation_index(np.array([1.0, 2.0, 3.0]), skip=-1)
    with pytest.raises(ParameterError, match="spike_times"):
        adaptation(np.array([1.0, np.nan]) * ms, 0 * ms, STOP * ms)
