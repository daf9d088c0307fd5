"""The MLP: back-propagation against finite differences, training, inspection, bad input."""

import warnings

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from neurosim.ann import ACTIVATIONS, MLP, datasets, get_activation
from neurosim.ann.backprop import forward_pass
from neurosim.errors import (
    DataError,
    NeurosimError,
    NotFittedError,
    ParameterError,
    ParameterTypeError,
    TrainingDivergedError,
)

EPS = np.finfo(np.float64).eps
# Step of the five-point central difference used here (error O(h**4) plus
# rounding O(eps/h)): h = eps**(1/5), about 7e-4, balances the two (Nocedal &
# Wright 2006, Numerical Optimization, section 8.1, for the two-point case).
H = EPS ** (1 / 5)
RTOL = 1e-6
# Stacked exponential units can reach exp(exp(exp(z))): the loss's third
# derivative then dwarfs its first and no step size makes the truncation error
# of a central difference small.  Networks with a pre-activation beyond this
# are skipped (they also overflow float64 soon after).
MAX_PRE_ACTIVATION = 10.0

OUTPUTS_FOR_LOSS = {
    "mse": list(ACTIVATIONS),
    "bce": ["sigmoid"],  # cross-entropy needs outputs in (0, 1)
    "hinge": ["tanh", "linear", "leaky_relu"],
}


def snap_to_step(value, step):
    """Power-of-two step and a value on its grid: value +/- step are then exact."""
    step = 2.0 ** np.floor(np.log2(step))
    return np.round(value / step) * step, step


def largest_pre_activation(mlp, X):
    with np.errstate(over="ignore", invalid="ignore"):
        try:
            pre_activations, _ = forward_pass(mlp.weights_, mlp.biases_, mlp.activations_, X)
        except NeurosimError:  # the exponential overflowed
            return np.inf
    return max(np.max(np.abs(z)) for z in pre_activations)


def kink_sides(mlp, X, y):
    """On which side of each kink every unit and sample lies (ReLU at 0, hinge at y*p = 1)."""
    pre_activations, outputs = forward_pass(mlp.weights_, mlp.biases_, mlp.activations_, X)
    sides = [z > kink for z, act in zip(pre_activations, mlp.activations_) for kink in act.kinks]
    if mlp.loss_function_.name == "hinge":
        sides.append(y.reshape(outputs[-1].shape) * outputs[-1] < 1)
    return sides


def same_sides(a, b):
    return all(np.array_equal(u, v) for u, v in zip(a, b))


def snap_parameters(mlp, X):
    """Choose a step for every parameter and put the parameter on its grid.

    The step of weight W_l[i, j] is H * max(1, |W|) / max(1, max |a_l[:, i]|):
    it moves the pre-activation z_l by about H whatever the size of the unit's
    input a_l, so the truncation error stays ~H**2 even after exponential
    units with large outputs.  Rounding the step to a power of two and the
    parameter to a multiple of it (a tiny change of the network) makes
    parameter +/- step exact, so the difference quotient is centred exactly on
    the parameter.  Returns the steps, keyed by (kind, layer).
    """
    _, outputs = forward_pass(mlp.weights_, mlp.biases_, mlp.activations_, X)
    steps = {}
    for layer, (W, b) in enumerate(zip(mlp.weights_, mlp.biases_)):
        input_size = np.maximum(1.0, np.max(np.abs(outputs[layer]), axis=0))
        W[...], steps["weights_", layer] = snap_to_step(
            W, H * np.maximum(1.0, np.abs(W)) / input_size[:, None])
        b[...], steps["biases_", layer] = snap_to_step(b, H * np.maximum(1.0, np.abs(b)))
    return steps


def assert_backprop_matches_finite_differences(mlp, X, y, steps):
    """Compare every back-propagated gradient with a central difference.

    The five-point central difference
    (L(-2h) - 8 L(-h) + 8 L(+h) - L(+2h)) / 12h has truncation error O(h**4)
    instead of O(h**2): a gradient that is a small sum of large per-sample
    terms of opposite sign (cross-entropy with exponential units) otherwise
    shows the h**2 error of the terms as a relative error above 1e-6 of the
    sum.  Its rounding error is that of the two-point formula.

    A parameter whose evaluation points put some unit on the other side of a
    kink (a ReLU at 0, the hinge at y*p = 1) than the parameter itself is
    skipped: a difference quotient across a kink averages two one-sided
    slopes and is no derivative.  Returns the number of parameters compared.
    """
    dW, db = mlp.gradients(X, y)
    sides = kink_sides(mlp, X, y)
    # Rounding of the output p (about eps*|p|) moves the loss by about
    # sum |dL/dp * p| * eps: large where cross-entropy sees p close to 1.
    p = mlp.forward(X)
    output_condition = np.sum(np.abs(mlp.loss_function_.df(y.reshape(p.shape), p) * p))
    compared = 0
    for kind, analytic in (("weights_", dW), ("biases_", db)):
        for layer, values in enumerate(getattr(mlp, kind)):
            assert analytic[layer].shape == values.shape
            for index in np.ndindex(values.shape):
                original, step = values[index], steps[kind, layer][index]
                losses, on_same_side = {}, True
                for k in (-2, -1, 1, 2):
                    values[index] = original + k * step
                    losses[k] = mlp.compute_loss(X, y)
                    on_same_side = on_same_side and same_sides(sides, kink_sides(mlp, X, y))
                values[index] = original
                if not on_same_side:
                    continue
                fd = (losses[-2] - 8 * losses[-1] + 8 * losses[1] - losses[2]) / (12 * step)
                # Rounding floor: the loss carries a few dozen ulps from the
                # layers and the sum over samples, plus the output's rounding;
                # the stencil's weights sum to 18/12.
                noise = 64 * EPS * (max(abs(v) for v in losses.values()) + output_condition)
                floor = 18 * noise / (12 * step)
                g = analytic[layer][index]
                assert abs(fd - g) <= RTOL * abs(g) + floor, (
                    f"{kind}[{layer}][{index}]: backprop {g!r}, finite difference {fd!r}")
                compared += 1
    return compared


@st.composite
def random_networks(draw, hidden, loss):
    n_hidden_layers = draw(st.integers(1, 3))
    layers = [draw(st.integers(1, 4)) for _ in range(n_hidden_layers + 2)]
    output = draw(st.sampled_from(OUTPUTS_FOR_LOSS[loss]))
    seed = draw(st.integers(0, 2**32 - 1))
    mlp = MLP(layers, activation=hidden, output_activation=output, loss=loss, seed=seed)
    mlp.initialize()
    rng = np.random.default_rng(seed)
    n_samples = draw(st.integers(1, 6))
    X = rng.uniform(-2, 2, size=(n_samples, layers[0]))
    if loss == "mse":
        y = rng.normal(size=(n_samples, layers[-1]))
    elif loss == "bce":
        y = rng.uniform(0, 1, size=(n_samples, layers[-1]))
    else:
        y = rng.choice([-1.0, 1.0], size=(n_samples, layers[-1]))
    # Non-zero biases, so that bias gradients are tested away from the start.
    for b in mlp.biases_:
        b[...] = rng.normal(0, 0.5, size=b.shape)
    return mlp, X, y


@pytest.mark.parametrize("loss", ["mse", "bce", "hinge"])
@pytest.mark.parametrize("hidden", list(ACTIVATIONS))
@settings(max_examples=15, deadline=None)
@given(data=st.data())
def test_backprop_matches_finite_differences(hidden, loss, data):
    mlp, X, y = data.draw(random_networks(hidden, loss))
    assume(largest_pre_activation(mlp, X) <= MAX_PRE_ACTIVATION)
    steps = snap_parameters(mlp, X)
    assert assert_backprop_matches_finite_differences(mlp, X, y, steps) > 0


def test_backprop_with_per_layer_and_custom_activations():
    def square_plus(x):
        return np.maximum(x, 0.0) ** 2 + 0.1 * x

    def square_plus_slope(x):
        return 2 * np.maximum(x, 0.0) + 0.1

    mlp = MLP([3, 4, 3, 2], activation=["tanh", (square_plus, square_plus_slope)],
              output_activation="linear", seed=3).initialize()
    assert [a.name for a in mlp.activations_] == ["tanh", "square_plus", "linear"]
    rng = np.random.default_rng(3)
    X, y = rng.normal(size=(5, 3)), rng.normal(size=(5, 2))
    steps = snap_parameters(mlp, X)
    n_parameters = sum(W.size + b.size for W, b in zip(mlp.weights_, mlp.biases_))
    assert assert_backprop_matches_finite_differences(mlp, X, y, steps) == n_parameters


def test_shapes_and_inspection():
    mlp = MLP([3, 5, 2, 1], activation="relu", epochs=5, seed=1)
    X = np.random.default_rng(0).normal(size=(7, 3))
    y = (X[:, 0] > 0).astype(float)
    assert mlp.fit(X, y) is mlp
    assert [W.shape for W in mlp.weights_] == [(3, 5), (5, 2), (2, 1)]
    assert [b.shape for b in mlp.biases_] == [(5,), (2,), (1,)]
    assert [a.name for a in mlp.activations_] == ["relu", "relu", "sigmoid"]
    outputs = mlp.layer_outputs(X)
    assert [o.shape for o in outputs] == [(7, 5), (7, 2), (7, 1)]
    np.testing.assert_array_equal(outputs[-1], mlp.forward(X))
    assert mlp.predict(X).shape == (7,)
    assert mlp.loss_curve_.shape == (5,) and mlp.n_epochs_ == 5
    assert mlp.loss_ == pytest.approx(mlp.compute_loss(X, y))
    dW, db = mlp.gradients(X, y)
    assert [g.shape for g in dW] == [W.shape for W in mlp.weights_]
    assert [g.shape for g in db] == [b.shape for b in mlp.biases_]
    assert mlp.loss == "mse" and mlp.loss_function_.name == "mse"


def test_same_seed_same_network_and_fit_restarts():
    X, y = datasets.xor()
    first = MLP(epochs=50, seed=7).fit(X, y)
    second = MLP(epochs=50, seed=7).fit(X, y)
    for a, b in zip(first.weights_, second.weights_):
        np.testing.assert_array_equal(a, b)
    np.testing.assert_array_equal(first.loss_curve_, second.loss_curve_)
    refit = first.fit(X, y)  # fit starts again from the seed's initial weights
    np.testing.assert_array_equal(refit.loss_curve_, second.loss_curve_)
    other = MLP(epochs=50, seed=8).fit(X, y)
    assert not np.array_equal(first.weights_[0], other.weights_[0])


@pytest.mark.parametrize("init", ["glorot", "he", "normal"])
def test_initialisation_schemes(init):
    mlp = MLP([200, 100, 1], init=init, seed=0).initialize()
    W = mlp.weights_[0]
    if init == "glorot":
        limit = np.sqrt(6 / 300)
        assert np.abs(W).max() <= limit and W.std() == pytest.approx(limit / np.sqrt(3), rel=0.05)
    elif init == "he":
        assert W.std() == pytest.approx(np.sqrt(2 / 200), rel=0.05)
    else:
        assert W.std() == pytest.approx(1.0, rel=0.05)
    assert all(np.all(b == 0) for b in mlp.biases_)


def test_one_step_is_gradient_descent():
    X, y = datasets.xor()
    start = MLP(seed=2).initialize()
    dW, db = start.gradients(X, y)
    trained = MLP(learning_rate=0.3, epochs=1, seed=2).fit(X, y)
    for W0, g, W1 in zip(start.weights_, dW, trained.weights_):
        np.testing.assert_allclose(W1, W0 - 0.3 * g, rtol=1e-14, atol=1e-15)
    for b0, g, b1 in zip(start.biases_, db, trained.biases_):
        np.testing.assert_allclose(b1, b0 - 0.3 * g, rtol=1e-14, atol=1e-15)
    assert trained.loss_curve_[0] == pytest.approx(start.compute_loss(X, y))


def test_momentum_and_mini_batches_learn_moons():
    X, y = datasets.moons(200, noise=0.1, seed=0)
    mlp = MLP([2, 8, 1], activation="tanh", loss="bce", learning_rate=0.1, epochs=300,
              batch_size=16, momentum=0.9, seed=0).fit(X, y)
    assert mlp.score(X, y) >= 0.95
    assert mlp.loss_curve_[-1] < 0.5 * mlp.loss_curve_[0]


def test_hinge_with_signed_labels():
    X, y = datasets.circles(200, noise=0.05, seed=1, signed=True)
    mlp = MLP([2, 8, 1], activation="tanh", output_activation="tanh", loss="hinge",
              learning_rate=0.2, epochs=1000, momentum=0.9, seed=0).fit(X, y)
    assert set(np.unique(mlp.predict(X))) <= {-1, 1}
    assert mlp.score(X, y) >= 0.95


def test_several_outputs_predict_argmax():
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    onehot = np.eye(2)[[0, 1, 1, 0]]
    mlp = MLP([2, 4, 2], learning_rate=2.0, epochs=5000, seed=0).fit(X, onehot)
    np.testing.assert_array_equal(mlp.predict(X), [0, 1, 1, 0])
    assert mlp.score(X, onehot) == 1.0


def test_tol_stops_early():
    X, y = datasets.xor()
    mlp = MLP(learning_rate=0.5, epochs=10_000, tol=0.01, seed=0).fit(X, y)
    assert mlp.n_epochs_ < 10_000
    assert mlp.loss_curve_[-1] <= 0.01 < mlp.loss_curve_[-2]
    assert len(mlp.loss_curve_) == mlp.n_epochs_


def test_divergence_is_a_clear_error_not_nan():
    X, y = datasets.xor()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(TrainingDivergedError, match=r"diverged at epoch \d+.*learning_rate"):
            MLP([2, 4, 1], activation="linear", output_activation="linear",
                learning_rate=1e3, epochs=1000, seed=0).fit(X * 1e3, y)
        with pytest.raises(TrainingDivergedError, match="diverged.*exponential"):
            MLP([2, 4, 1], activation="exponential", output_activation="linear",
                learning_rate=1.0, epochs=1000, seed=0).fit(X * 100, y * 1e6)


@pytest.mark.parametrize("kwargs, match", [
    ({"layers": [2]}, "layers: expected at least 2 integers"),
    ({"layers": [2, 0, 1]}, "layers"),
    ({"layers": [2, 2.5, 1]}, "layers"),
    ({"layers": 3}, "layers: expected a list"),
    ({"learning_rate": 0}, r"learning_rate: must be a finite number > 0, got 0"),
    ({"learning_rate": -0.1}, "learning_rate"),
    ({"learning_rate": float("nan")}, "learning_rate"),
    ({"epochs": 0}, "epochs: must be an integer >= 1, got 0"),
    ({"epochs": 10.5}, "epochs"),
    ({"tol": -1.0}, "tol"),
    ({"batch_size": 0}, "batch_size"),
    ({"momentum": 1.0}, r"momentum: must be a finite number in \[0, 1\)"),
    ({"init": "xavier"}, "init: must be one of glorot, he, normal"),
    ({"seed": -1}, r"seed: must be None or an integer in \[0, 2\*\*32\)"),
    ({"seed": 1.5}, "seed"),
    ({"layers": [2, True, 1]}, r"layers\[1\]: must be an integer >= 1"),
    ({"activation": "sigmod"}, "unknown name 'sigmod'"),
    ({"output_activation": 5}, "activation: expected a name"),
    ({"loss": "cross"}, "loss: unknown name 'cross'"),
    ({"layers": [2, 3, 3, 1], "activation": ["relu"]}, "one entry per hidden layer"),
])
def test_bad_hyperparameters_are_stored_untouched_and_refused_by_fit(kwargs, match):
    mlp = MLP(**kwargs)  # scikit-learn: __init__ only stores
    assert all(getattr(mlp, name) is value for name, value in kwargs.items())
    X, y = datasets.xor()
    with pytest.raises((ParameterError, ParameterTypeError), match=match):
        mlp.fit(X, y)


@pytest.mark.parametrize("X, y, loss, match", [
    (np.zeros((4, 3)), np.zeros(4), "mse", r"X: expected shape \(n_samples, 2\).*got \(4, 3\)"),
    (np.zeros(2), np.zeros(1), "mse", r"X: expected shape .* got \(2,\)"),
    (np.zeros((0, 2)), np.zeros(0), "mse", "X: has no samples"),
    (np.zeros((4, 2)), np.zeros(3), "mse", r"y: expected shape \(4,\) or \(4, 1\)"),
    (np.zeros((4, 2)), np.zeros((4, 2)), "mse", "y: expected shape"),
    (np.array([[0, np.nan], [1, 1]]), np.zeros(2), "mse", "X: contains NaN"),
    (np.zeros((2, 2)), np.array([0, np.inf]), "mse", "y: contains NaN or infinite"),
    (np.zeros((2, 2)), np.array([0.0, 2.0]), "bce", r"targets in \[0, 1\]"),
    (np.zeros((2, 2)), np.array([0.0, 1.0]), "hinge", r"y = 2\*y - 1"),
    ([["a", "b"]], [0.0], "mse", "X: expected an array of numbers"),
])
def test_bad_data(X, y, loss, match):
    mlp = MLP([2, 3, 1], loss=loss, output_activation="tanh" if loss == "hinge" else "sigmoid",
              epochs=2)
    with pytest.raises(DataError, match=match):
        mlp.fit(X, y)


def test_not_fitted_and_overflowing_inputs():
    mlp = MLP()
    X, y = datasets.xor()
    for method in (mlp.forward, mlp.predict, mlp.layer_outputs):
        with pytest.raises(NotFittedError, match="call fit"):
            method(X)
    for method in (mlp.compute_loss, mlp.gradients):
        with pytest.raises(NotFittedError, match="initialize"):
            method(X, y)
    linear = MLP([2, 2, 1], activation="linear", output_activation="linear").initialize()
    with pytest.raises(DataError, match="X: the forward pass overflowed"):
        linear.forward(np.full((1, 2), 1e308))
    assert issubclass(NotFittedError, NeurosimError)


def test_activation_objects_are_accepted():
    custom = get_activation("sigmoid", a=2.0)
    mlp = MLP(activation=custom, output_activation=custom, seed=0).initialize()
    assert mlp.activations_ == [custom, custom]
    assert mlp.activations_[0].coefficients["a"] == 2.0
    assert repr(mlp).startswith("MLP(layers=(2, 4, 1), activation=Activation(sigmoid(a=2.0))")


def test_hyperparameters_changed_after_construction_are_checked_and_used():
    X, y = datasets.xor()
    mlp = MLP(epochs=5, seed=0)
    mlp.learning_rate = -1.0
    with pytest.raises(ParameterError, match="learning_rate"):
        mlp.fit(X, y)
    mlp.learning_rate, mlp.activation = 0.5, "tanh"
    assert [a.name for a in mlp.fit(X, y).activations_] == ["tanh", "sigmoid"]


def test_fitted_model_can_be_copied_and_pickled():
    import copy
    import pickle

    X, y = datasets.xor()
    mlp = MLP(activation=get_activation("sigmoid", a=2.0), epochs=20, seed=0).fit(X, y)
    for clone in (copy.deepcopy(mlp), pickle.loads(pickle.dumps(mlp))):
        np.testing.assert_array_equal(clone.forward(X), mlp.forward(X))
        assert [a.name for a in clone.activations_] == ["sigmoid", "sigmoid"]
        assert clone.activations_[0].coefficients == {"a": 2.0}
        assert clone.weights_[0] is not mlp.weights_[0]


@pytest.mark.parametrize(
    "loss, output, words",
    [("hinge", "sigmoid", "can be negative"), ("hinge", "relu", "can be negative"),
     ("bce", "tanh", "(0, 1)"), ("bce", "linear", "(0, 1)")],
)
def test_loss_and_output_that_cannot_work_together_are_refused(loss, output, words):
    X, y = datasets.xor(signed=loss == "hinge")
    with pytest.raises(ParameterError) as info:
        MLP([2, 4, 1], output_activation=output, loss=loss, epochs=5).fit(X, y)
    assert "output_activation" in str(info.value) and words in str(info.value)


def test_score_refuses_labels_that_are_not_finite_numbers():
    X, y = datasets.xor()
    mlp = MLP([2, 4, 1], epochs=5).fit(X, y)
    with pytest.raises(DataError, match="y"):
        mlp.score(X, np.array(["a", "b", "c", "d"]))
    with pytest.raises(DataError, match="y"):
        mlp.score(X, np.array([0, 1, np.nan, 0]))


def test_decide_applies_predicts_rule_to_given_outputs():
    X, y = datasets.xor()
    mlp = MLP([2, 4, 1], epochs=2000, seed=1).fit(X, y)
    np.testing.assert_array_equal(mlp.decide(mlp.forward(X)), mlp.predict(X))
    np.testing.assert_array_equal(mlp.decide([[0.49], [0.5], [0.51]]), [0, 1, 1])


def test_scikit_learn_hyperparameter_protocol():
    mlp = MLP([2, 3, 1], loss="bce", momentum=0.5, seed=None)
    params = mlp.get_params()
    assert list(params) == ["layers", "activation", "output_activation", "loss", "learning_rate",
                            "epochs", "tol", "batch_size", "momentum", "init", "seed"]
    assert params["layers"] == [2, 3, 1] and params["loss"] == "bce" and params["seed"] is None
    assert MLP(**params).get_params() == params  # a clone from its own parameters
    assert mlp.set_params(epochs=7, tol=0.1) is mlp and mlp.epochs == 7 and mlp.tol == 0.1
    with pytest.raises(ParameterError, match="'epoch' is not a hyperparameter"):
        mlp.set_params(epoch=3)
    text = repr(mlp)
    for name, value in mlp.get_params().items():
        assert f"{name}={value!r}" in text
    X, y = datasets.xor()
    mlp.fit(X, y)
    assert mlp.seed is None and 0 <= mlp.seed_ < 2**32  # drawn, recorded, argument untouched
    assert mlp.n_epochs_ == 7 and mlp.layers == [2, 3, 1] and mlp.layers_ == (2, 3, 1)
