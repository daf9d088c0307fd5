"""Brian2's exprel, expm1 and log1p on the numpy target: plain-array versions, same values."""

import brian2
import numpy as np
import pytest
from brian2.codegen.runtime.numpy_rt import NumpyCodeObject
from brian2.core.functions import DEFAULT_FUNCTIONS
from brian2.units import unitsafefunctions

from neurosim.bio import brian2_tools

X = np.array([-800.0, -40.0, -1.0, -1e-17, 0.0, 1e-20, 1e-8, 0.5, 1.0, 30.0, 716.0, 718.0])


def test_exprel_equals_brian2s_own():
    # Brian2's unit-checked implementation is the reference, bit for bit (same formula).
    with np.errstate(over="ignore"):
        expected = np.asarray(unitsafefunctions.exprel(X))
    np.testing.assert_array_equal(brian2_tools._exprel(X), expected)


@pytest.mark.parametrize("x", [
    np.linspace(-30.0, 30.0, 61) + 0.05,        # the common case: one expm1, one division
    np.array([-2.0, 3.0, np.nan]),              # NaN stays NaN
    np.array([1.0, np.inf]), np.array([1.0, -np.inf]),
    np.array([1.0, 709.78, 709.79, 716.0, 717.5]),  # past expm1's overflow: inf, as Brian2
    np.array([1.0, 1e-17]), np.array(2.5), np.array([]),
], ids=["typical", "nan", "inf", "-inf", "overflow", "near-0", "0-d", "empty"])
def test_exprel_fast_and_masked_paths_equal_brian2s(x):
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        expected = np.asarray(unitsafefunctions.exprel(x))
    with np.errstate(all="raise"):  # and neither path warns
        got = brian2_tools._exprel(x)
    np.testing.assert_array_equal(got, expected)
    assert got.shape == expected.shape


@pytest.mark.parametrize("name, reference", [("exprel", brian2_tools._exprel),
                                             ("expm1", np.expm1), ("log1p", np.log1p)])
def test_numpy_target_uses_the_plain_array_version(name, reference):
    code = DEFAULT_FUNCTIONS[name].implementations[NumpyCodeObject].get_code(None)
    assert code is reference


def test_a_numpy_group_evaluates_exprel_like_brian2():
    x = np.array([-3.0, -1e-18, 0.0, 2.0])
    with brian2_tools.codegen_target("numpy"), brian2_tools.quiet_brian():
        group = brian2.NeuronGroup(len(x), "x : 1\ny = exprel(x) : 1", name="exprel_check")
        group.x = x
        brian2.Network(group).run(0 * brian2.ms)  # Brian2 warns about groups never run
        values = np.asarray(group.y[:])
    np.testing.assert_array_equal(values, np.asarray(unitsafefunctions.exprel(x)))
