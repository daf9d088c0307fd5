"""Hostile input to the Python API: neurosim's own errors naming the parameter, never raw ones.

The command-line counterpart is tests/cli/test_hostile.py; see docs/guarantees.md.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from brian2 import ms, second, volt

from neurosim.bio.network import brunel2000, simulate_network
from neurosim.errors import DataError, ParameterError


@pytest.mark.parametrize("duration", [1e20 * second, 1e30 * second])
def test_a_network_past_the_step_counter_is_refused_not_silent(duration):
    """Brian2 would set t to the end without a step: every rate 0 Hz, no exception."""
    with pytest.raises(ParameterError, match=r"^duration: .* largest duration that works"):
        simulate_network(brunel2000("AI", 0.1), duration, seed=1)


def _fit_sigmoid_to_huge_rates():
    from brian2 import Hz, nA

    from neurosim.bridge import fit_activation

    currents = np.linspace(0, 1, 20) * nA
    rates = np.maximum(0, np.linspace(-10, 100, 20)) * Hz
    fit_activation(currents, rates * 1e298, "sigmoid")


def _mlp(**kwargs):
    from neurosim.ann import MLP

    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    y = kwargs.pop("y", np.array([0.0, 1.0, 1.0, 0.0]))
    MLP(**kwargs).fit(X, y)


def _mean_field_of(**kwargs):
    from neurosim.bridge import mean_field

    mean_field(brunel2000("AI", 0.1, **kwargs))


@pytest.mark.parametrize("call, error, words", [
    (lambda: brunel2000(["AI"]), ParameterError, "state: must be one of SR, AI"),
    (lambda: _mean_field_of(J=1e300 * volt), ParameterError, "J: must be in (0 mV, "),
    (_fit_sigmoid_to_huge_rates, DataError, "rates: must be finite and within"),
    (lambda: _mlp(layers=(2, 10**12, 1)), ParameterError, "layers: [2, 1000000000000, 1] means"),
    (lambda: _mlp(epochs=5, y=np.array([5.0, 0, 0, 1])), DataError,
     "y: targets must lie in [0, 1], the range of output_activation 'sigmoid'"),
    (lambda: _mlp(epochs=5, output_activation="tanh", y=np.array([-2.0, 0, 0, 1])), DataError,
     "y: targets must lie in [-1, 1]"),
])
def test_api_errors_are_ours_and_name_the_parameter(call, error, words):
    with pytest.raises(error) as info:
        call()
    assert str(info.value).startswith(words.split(":")[0] + ":")
    assert words in str(info.value)


def test_a_network_whose_mean_field_overflows_names_the_spec():
    from brian2 import mV

    from neurosim.bio.network.spec import NetworkSpec
    from neurosim.bridge import mean_field

    spec = brunel2000("AI", 0.1)
    huge = [dataclasses.replace(p, weight=p.weight * 1e300) for p in spec.projections]
    with pytest.raises(ParameterError, match=r"^spec: the mean field overflows"):
        mean_field(dataclasses.replace(spec, projections=tuple(huge)))
    assert isinstance(spec, NetworkSpec) and spec.projections[0].weight == 0.1 * mV


def test_a_list_of_quantities_is_one_array_of_currents():
    from brian2 import mV, nA

    from neurosim.bio import fi_curve, load_preset
    from neurosim.errors import UnitError

    params = load_preset("brunel2000")
    listed = fi_curve(params, [1 * nA, 2 * nA], duration=100 * ms)
    array = fi_curve(params, np.array([1.0, 2.0]) * nA, duration=100 * ms)
    np.testing.assert_array_equal(listed.rates, array.rates)
    with pytest.raises(UnitError, match=r"currents: .* is not one quantity in current .*; give an "
                                        r"array times a unit"):
        fi_curve(params, [1 * nA, 2 * mV])
