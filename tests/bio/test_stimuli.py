"""Input current shapes."""

import numpy as np
import pytest
from brian2 import Hz, ms, nA, second

from neurosim.bio.stimuli import Constant, Ramp, Sine, Step
from neurosim.errors import ParameterError, ParameterTypeError, UnitError

T = np.arange(0, 1000) * 0.1 * ms  # 0 .. 99.9 ms


def test_step_ramp_sine_values():
    step = np.asarray(Step(1 * nA, 20 * ms, 50 * ms, baseline=0.1 * nA).sample(T) / nA)
    assert step[0] == pytest.approx(0.1) and step[200] == pytest.approx(1) and step[499] == pytest.approx(1)
    assert step[500] == pytest.approx(0.1)
    ramp = np.asarray(Ramp(0 * nA, 2 * nA, 0 * ms, 100 * ms).sample(T) / nA)
    np.testing.assert_allclose(ramp, np.asarray(T / (50 * ms)), atol=1e-12)
    sine = np.asarray(Sine(1 * nA, 10 * Hz, offset=0.5 * nA).sample(T) / nA)
    np.testing.assert_allclose(sine, 0.5 + np.sin(2 * np.pi * 10 * np.asarray(T / second)), atol=1e-12)
    total = np.asarray((Constant(1 * nA) + Sine(1 * nA, 10 * Hz)).sample(T) / nA)
    np.testing.assert_allclose(total, 1 + np.sin(2 * np.pi * 10 * np.asarray(T / second)), atol=1e-12)


def test_bad_stimuli():
    with pytest.raises(UnitError, match="amplitude"):
        Step(1.0, 0 * ms)
    with pytest.raises(ParameterError, match="stop"):
        Step(1 * nA, 50 * ms, 20 * ms)
    with pytest.raises(ParameterError, match="frequency"):
        Sine(1 * nA, 0 * Hz)
    with pytest.raises(UnitError, match="frequency"):
        Sine(1 * nA, 10 * ms)
    with pytest.raises(ParameterError, match="stop"):
        Ramp(0 * nA, 1 * nA, 10 * ms, 10 * ms)


def test_stimulus_parameters_must_be_single_values():
    with pytest.raises(ParameterError, match="amplitude: must be a single value"):
        Step([1, 2] * nA, 0 * ms)
    with pytest.raises(ParameterError, match="amplitude"):
        Constant([1, 2] * nA)
    with pytest.raises(ParameterTypeError, match="phase"):
        Sine(1 * nA, 10 * Hz, phase="a")
