"""Activation functions: values, derivatives against finite differences, stability, lookup."""

import dataclasses
import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import array_shapes, arrays

from neurosim.ann import ACTIVATIONS, Activation, get_activation
from neurosim.ann import activations as acts
from neurosim.errors import NeurosimError, ParameterError, ParameterTypeError

EPS = np.finfo(np.float64).eps
# Step of the central difference.  Its error is truncation ~ h**2 * |f'''| / 6
# plus rounding ~ eps * |f| / h; h = eps**(1/3) (about 6e-6) balances the two
# (Nocedal & Wright 2006, *Numerical Optimization*, section 8.1), leaving
# errors near 1e-11 relative: far below the 1e-6 we require.
H = EPS ** (1 / 3)
RTOL = 1e-6


def snap_to_step(x, step):
    """Round step down to a power of two and x to a multiple of it.

    Then x + step and x - step are exact floating-point numbers, so the
    difference quotient is centred exactly on x: otherwise rounding x + h
    shifts the centre by up to an ulp of x, which matters where f' is ~0.
    """
    step = 2.0 ** np.floor(np.log2(step))
    return np.round(x / step) * step, step


def central_difference(f, x, step):
    """Elementwise central difference of f at x, and its rounding-noise floor.

    The floor is the error rounding alone can cause: a few ulps of f(x +/- h)
    divided by the step.  Where the true derivative is smaller than that (the
    flat tails of a sigmoid), a central difference cannot resolve it and the
    comparison falls back to this absolute floor.
    """
    f_plus, f_minus = f(x + step), f(x - step)
    fd = (f_plus - f_minus) / (2 * step)
    floor = 4 * EPS * (np.abs(f_plus) + np.abs(f_minus)) / (2 * step)
    return fd, floor


def assert_derivative_matches(act, x):
    x, step = snap_to_step(np.asarray(x, dtype=float), H * np.ones(np.shape(x)))
    # ReLU and leaky ReLU have a kink at 0: a central difference straddling it
    # averages the two one-sided slopes, which is not the derivative on
    # either side.  Points within two steps of a kink are left out (the point,
    # not the whole example: Hypothesis favours zeros, and rejecting every
    # array that holds one fails its filter_too_much health check).
    keep = np.ones(x.shape, dtype=bool)
    for kink in act.kinks:
        keep &= np.abs(x - kink) > 2 * step
    x, step = x[keep], step[keep]
    fd, floor = central_difference(act.f, x, step)
    analytic = act.df(x)
    assert analytic.shape == x.shape
    np.testing.assert_array_less(np.abs(fd - analytic), RTOL * np.abs(analytic) + floor + 1e-300)


finite_x = st.floats(-50, 50, allow_nan=False, allow_infinity=False)
x_arrays = arrays(np.float64, array_shapes(max_dims=2, max_side=5), elements=finite_x)
gains = st.floats(-10, 10).filter(lambda a: abs(a) >= 0.05)


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "softplus", "relu", "leaky_relu",
                                  "linear", "exponential"])
@settings(max_examples=60, deadline=None)
@given(x=x_arrays)
def test_default_derivatives_match_finite_differences(name, x):
    assert_derivative_matches(ACTIVATIONS[name], x)


@settings(max_examples=60, deadline=None)
@given(x=x_arrays, a=gains)
def test_sigmoid_with_gain_derivative(x, a):
    assert_derivative_matches(acts.sigmoid(a), x)


@settings(max_examples=60, deadline=None)
@given(x=x_arrays, a=gains, b=st.floats(-10, 10))
def test_linear_derivative(x, a, b):
    assert_derivative_matches(acts.linear(a, b), x)


@settings(max_examples=60, deadline=None)
@given(x=x_arrays, a=st.floats(-5, 5).filter(lambda a: abs(a) >= 0.05))
def test_exponential_derivative(x, a):
    assert_derivative_matches(acts.exponential(a), x)


@settings(max_examples=60, deadline=None)
@given(x=x_arrays, slope=st.floats(0, 0.99))
def test_leaky_relu_derivative(x, slope):
    assert_derivative_matches(acts.leaky_relu(slope), x)


@settings(max_examples=40, deadline=None)
@given(x=arrays(np.float64, 5, elements=st.floats(-1e4, 1e4)))
def test_bounded_activations_derivatives_over_wide_range(x):
    for name in ("sigmoid", "tanh", "softplus", "relu", "leaky_relu"):
        assert_derivative_matches(ACTIVATIONS[name], x)


def test_article_formulas_at_known_points():
    x = np.array([-2.0, -0.5, 0.0, 0.5, 2.0])
    np.testing.assert_allclose(acts.linear(2.0, 1.0)(x), 2.0 * x + 1.0)
    np.testing.assert_allclose(acts.exponential(0.5)(x), np.exp(0.5 * x), rtol=1e-15)
    np.testing.assert_allclose(acts.sigmoid(3.0)(x), 1 / (1 + np.exp(-3.0 * x)), rtol=1e-15)
    np.testing.assert_array_equal(ACTIVATIONS["relu"](x), [0, 0, 0, 0.5, 2.0])
    np.testing.assert_allclose(ACTIVATIONS["tanh"](x), np.tanh(x))
    np.testing.assert_allclose(ACTIVATIONS["softplus"](x), np.log1p(np.exp(x)), rtol=1e-15)
    np.testing.assert_allclose(acts.leaky_relu(0.1)(x), np.where(x > 0, x, 0.1 * x))
    # Conventions at the kink: the ReLU's left slope, the leaky ReLU's slope.
    assert ACTIVATIONS["relu"].df(0.0) == 0.0
    assert acts.leaky_relu(0.1).df(0.0) == pytest.approx(0.1)


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "softplus", "relu", "leaky_relu",
                                  "linear"])
def test_no_warning_and_finite_up_to_1e4(name):
    x = np.array([-1e4, -800.0, -50.0, 0.0, 50.0, 800.0, 1e4])
    act = ACTIVATIONS[name]
    with warnings.catch_warnings(), np.errstate(over="raise", invalid="raise", divide="raise"):
        warnings.simplefilter("error")
        values, slopes = act.f(x), act.df(x)
    assert np.all(np.isfinite(values)) and np.all(np.isfinite(slopes))


def test_saturating_tails_are_exact():
    sig, tanh, softplus = ACTIVATIONS["sigmoid"], ACTIVATIONS["tanh"], ACTIVATIONS["softplus"]
    np.testing.assert_array_equal(sig(np.array([-1e4, 1e4])), [0.0, 1.0])
    # In the lower tail sigmoid(x) = exp(x) to full relative precision (no 1 - f cancellation).
    x = np.array([-40.0, -200.0, -700.0])
    np.testing.assert_allclose(sig(x), np.exp(x), rtol=1e-14)
    np.testing.assert_allclose(sig.df(x), np.exp(x), rtol=1e-14)
    np.testing.assert_allclose(sig.df(-x), np.exp(x), rtol=1e-14)
    np.testing.assert_allclose(tanh.df(x / 2), 4 * np.exp(x), rtol=1e-14)
    np.testing.assert_allclose(softplus(np.array([1e4])), [1e4])
    np.testing.assert_allclose(softplus(x), np.exp(x), rtol=1e-14)


def test_exponential_overflow_raises_clear_error():
    exp = acts.exponential(2.0)
    assert np.isfinite(exp(np.array([354.0]))).all()
    with pytest.raises(acts.ActivationOverflowError, match=r"a\*x reaches 800"):
        exp(np.array([1.0, 400.0]))
    # The derivative 2*exp(2x) overflows a little earlier than exp(2x) itself.
    x_edge = (acts.EXP_MAX_ARG - 0.1) / 2.0
    assert np.isfinite(exp(x_edge))
    with pytest.raises(acts.ActivationOverflowError, match="derivative"):
        exp.df(x_edge)
    assert issubclass(acts.ActivationOverflowError, NeurosimError)
    # Underflow is harmless: exactly 0, no warning.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert exp(np.array([-1e4]))[0] == 0.0


def test_get_activation_accepts_name_object_pair_and_coefficients():
    assert get_activation("sigmoid") is ACTIVATIONS["sigmoid"]
    assert get_activation("Leaky-ReLU").name == "leaky_relu"
    act = acts.sigmoid(2.0)
    assert get_activation(act) is act
    assert get_activation("sigmoid", a=2.0).coefficients == {"a": 2.0}

    def rate(x):
        return np.maximum(x, 0.0) ** 2

    def rate_slope(x):
        return 2 * np.maximum(x, 0.0)

    custom = get_activation((rate, rate_slope))
    assert isinstance(custom, Activation) and custom.name == "rate"
    np.testing.assert_array_equal(custom(np.array([2.0])), [4.0])
    assert get_activation((lambda x: x, lambda x: np.ones_like(x))).name == "custom"


@pytest.mark.parametrize("spec, params, match", [
    ("sigmod", {}, "unknown name 'sigmod'; known: exponential, leaky_relu"),
    (3, {}, "expected a name"),
    ((np.exp,), {}, "expected a name"),
    ((np.exp, 2.0), {}, "expected a name"),
    ("relu", {"a": 1.0}, "unknown parameter"),
    (ACTIVATIONS["tanh"], {"a": 1.0}, "only be given with a name"),
    ((np.tanh, np.tanh), {"a": 1.0}, "cannot be given with an"),
    ("sigmoid", {"a": math.inf}, "sigmoid a: must be a finite number"),
    ("sigmoid", {"a": "big"}, "sigmoid a: must be a finite number, got 'big'"),
    ("leaky_relu", {"slope": 1.5}, r"slope: must be a finite number in \[0, 1\), got 1.5"),
    ("linear", {"b": math.nan}, "linear b"),
])
def test_bad_activation_specs(spec, params, match):
    with pytest.raises((ParameterError, ParameterTypeError), match=match):
        get_activation(spec, **params)


def test_activation_is_frozen_and_validated():
    act = ACTIVATIONS["sigmoid"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        act.name = "other"
    with pytest.raises(TypeError):
        act.coefficients["a"] = 3.0
    with pytest.raises(ParameterTypeError, match="df: expected a callable"):
        Activation("broken", np.tanh, 1.0)
    with pytest.raises(ParameterError, match="name"):
        Activation("", np.tanh, np.tanh)
    assert "sigmoid(a=1.0)" in repr(act)
    assert hash(act) == hash(ACTIVATIONS["sigmoid"])
