"""Losses: values, gradients against finite differences, stability, label checks."""

import warnings

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import array_shapes, arrays

from neurosim.ann import LOSSES, get_loss
from neurosim.ann.losses import BCE_EPS
from neurosim.errors import DataError, ParameterError, ParameterTypeError

EPS = np.finfo(np.float64).eps
H = EPS ** (1 / 3)  # balances truncation and rounding error (see test_activations.py)
RTOL = 1e-6


def snap_to_step(x, step):
    """Round step down to a power of two and x to a multiple of it.

    Then x + step and x - step are exact floating-point numbers, so the
    difference quotient is centred exactly on x: otherwise rounding x + h
    shifts the centre by up to an ulp of x, which matters where the gradient
    is ~0 (MSE at p = y).
    """
    step = 2.0 ** np.floor(np.log2(step))
    return np.round(x / step) * step, step


def loss_finite_differences(loss, y, p, steps):
    """Central difference of the scalar loss in each entry of p, and the noise floor.

    The floor is what rounding alone can cause: the loss is a sum of n terms,
    each a few ulps off, so about n ulps of |L|, divided by the step.
    """
    fd, floor = np.empty_like(p), np.empty_like(p)
    for index in np.ndindex(p.shape):
        p_plus, p_minus = p.copy(), p.copy()
        p_plus[index] += steps[index]
        p_minus[index] -= steps[index]
        taken = p_plus[index] - p_minus[index]
        l_plus, l_minus = loss.f(y, p_plus), loss.f(y, p_minus)
        fd[index] = (l_plus - l_minus) / taken
        floor[index] = 4 * (p.size + 1) * EPS * (abs(l_plus) + abs(l_minus)) / taken
    return fd, floor


def assert_gradient_matches(loss, y, p, steps):
    p, steps = snap_to_step(p, steps)
    fd, floor = loss_finite_differences(loss, y, p, steps)
    analytic = loss.gradient(y, p)
    assert analytic.shape == p.shape
    np.testing.assert_array_less(np.abs(fd - analytic), RTOL * np.abs(analytic) + floor + 1e-300)


shapes = array_shapes(max_dims=2, max_side=4)


@st.composite
def targets_and_predictions(draw, target_values, prediction_values):
    shape = draw(shapes)
    return (draw(arrays(np.float64, shape, elements=target_values)),
            draw(arrays(np.float64, shape, elements=prediction_values)))


@settings(max_examples=80, deadline=None)
@given(yp=targets_and_predictions(st.floats(-10, 10), st.floats(-10, 10)))
def test_mse_gradient(yp):
    y, p = yp
    assert_gradient_matches(LOSSES["mse"], y, p, H * np.maximum(1.0, np.abs(p)))


@settings(max_examples=80, deadline=None)
@given(yp=targets_and_predictions(st.floats(0, 1), st.floats(1e-3, 1 - 1e-3)))
def test_bce_gradient(yp):
    y, p = yp
    # log(p) curves sharply near 0 and 1: a step proportional to the distance
    # from the nearer end keeps the truncation error ~ H**2 relative.
    assert_gradient_matches(LOSSES["bce"], y, p, H * np.minimum(p, 1 - p))


@settings(max_examples=80, deadline=None)
@given(yp=targets_and_predictions(st.sampled_from([-1.0, 1.0]), st.floats(-5, 5)))
def test_hinge_gradient(yp):
    y, p = yp
    p, steps = snap_to_step(p, H * np.maximum(1.0, np.abs(p)))
    # The hinge has a kink where y*p = 1 (i.e. p = y); a central difference
    # across it averages the two slopes, so those points are left out.
    assume(np.all(np.abs(p - y) > 2 * steps))
    assert_gradient_matches(LOSSES["hinge"], y, p, steps)


def test_article_formulas():
    y = np.array([0.0, 1.0, 1.0, 0.0])
    half = np.full(4, 0.5)
    assert LOSSES["mse"](y, half) == pytest.approx(0.25)
    assert LOSSES["bce"](y, half) == pytest.approx(np.log(2))
    p = np.array([0.1, 0.8, 0.6, 0.3])
    expected = -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
    assert LOSSES["bce"](y, p) == pytest.approx(expected, rel=1e-14)
    signed = 2 * y - 1
    assert LOSSES["hinge"](signed, np.array([-2.0, 0.5, 1.0, 0.0])) == pytest.approx(
        (0 + 0.5 + 0 + 1) / 4)
    np.testing.assert_allclose(LOSSES["mse"].gradient(y, half), 2 * (half - y) / 4)


def test_bce_is_finite_at_exactly_zero_and_one():
    y = np.array([0.0, 1.0, 0.0, 1.0])
    p = np.array([0.0, 1.0, 1.0, 0.0])  # two perfect, two totally wrong
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        value = LOSSES["bce"](y, p)
        grad = LOSSES["bce"].gradient(y, p)
    assert value == pytest.approx(-2 * np.log(BCE_EPS) / 4, rel=1e-6)
    assert np.all(np.isfinite(grad))
    # The gradient still points towards the target for the wrong predictions.
    assert grad[2] > 0 and grad[3] < 0


def test_hinge_rejects_zero_one_labels_and_says_how_to_convert():
    with pytest.raises(DataError, match=r"\{-1, \+1\}.*\{0, 1\}.*y = 2\*y - 1"):
        LOSSES["hinge"](np.array([0.0, 1.0]), np.array([0.3, 0.2]))
    with pytest.raises(DataError, match=r"got \{0.5, 1\}$"):
        LOSSES["hinge"](np.array([0.5, 1.0]), np.array([0.3, 0.2]))


@pytest.mark.parametrize("name, y, p, match", [
    ("bce", [0.0, 2.0], [0.5, 0.5], r"targets in \[0, 1\], got values from 0 to 2"),
    ("bce", [0.0, 1.0], [-0.1, 0.5], r"predictions in \[0, 1\]"),
    ("mse", [0.0, 1.0], [0.5], "same shape, got \\(2,\\) and \\(1,\\)"),
    ("mse", [0.0, np.nan], [0.5, 0.5], "y_true: contains NaN"),
    ("mse", [0.0, 1.0], [np.inf, 0.5], "y_pred: contains NaN or infinite"),
    ("mse", [], [], "empty"),
    ("mse", ["a", "b"], [0.5, 0.5], "y_true: expected an array of numbers"),
])
def test_bad_loss_inputs(name, y, p, match):
    with pytest.raises(DataError, match=match):
        LOSSES[name].value(y, p)


def test_get_loss():
    assert get_loss("mse") is LOSSES["mse"]
    assert get_loss("binary-cross-entropy") is LOSSES["bce"]
    assert get_loss(LOSSES["hinge"]) is LOSSES["hinge"]
    with pytest.raises(ParameterError, match="unknown name 'l1'; known: mse, bce, hinge"):
        get_loss("l1")
    with pytest.raises(ParameterTypeError, match="expected a name"):
        get_loss(3)
