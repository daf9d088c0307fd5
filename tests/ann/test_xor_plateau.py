"""Why the article's XOR settings fail: the numbers docs/ann.md, Lesson 5 and docs/classroom.md
quote (not small initial weights, but a plateau at the best constant answer)."""

import numpy as np
import pytest

from neurosim.ann import ARTICLE_XOR_SETTINGS, MLP, WORKING_XOR_SETTINGS

X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], float)
Y = np.array([0, 1, 1, 0], float)
SEEDS = range(20)


def _norm(grads) -> float:
    flat = []

    def walk(node):
        if isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, (list, tuple)):
            for value in node:
                walk(value)
        else:
            flat.append(np.ravel(node))

    walk(grads)
    return float(np.linalg.norm(np.concatenate(flat)))


@pytest.fixture(scope="module")
def article_runs():
    rows = []
    for seed in SEEDS:
        model = MLP(**ARTICLE_XOR_SETTINGS, seed=seed).initialize()
        largest = max(float(np.abs(w).max()) for w in model.weights_)
        start = _norm(model.gradients(X, Y))
        model.fit(X, Y)
        rows.append((largest, start, _norm(model.gradients(X, Y)), model.loss_))
    return np.array(rows)


def test_the_initial_weights_are_not_small(article_runs):
    # Glorot: U(-r, r), r = sqrt(6 / (n_in + n_out)) = 1 and 1.095 for the 2-4-1 network.
    assert 0.8 <= article_runs[:, 0].min() and article_runs[:, 0].max() <= 1.1


def test_xor_is_uncorrelated_with_every_weighted_sum_of_its_inputs():
    centred = Y - Y.mean()
    assert np.allclose(centred @ X, 0) and centred.sum() == 0


def test_the_plateau_gradient_is_ten_times_smaller_than_at_the_start(article_runs):
    start, end = np.median(article_runs[:, 1]), np.median(article_runs[:, 2])
    assert start == pytest.approx(0.065, abs=0.005)
    assert end == pytest.approx(0.0074, abs=0.0008)
    assert np.median(article_runs[:, 3]) == pytest.approx(0.2505, abs=0.0005)


def test_the_working_settings_leave_the_plateau_at_a_training_time_of_about_300():
    model = MLP(**WORKING_XOR_SETTINGS, seed=0).fit(X, Y)
    exit_epoch = int(np.argmax(model.loss_curve_ < 0.2))
    assert exit_epoch == pytest.approx(563, abs=5)
    assert 250 <= WORKING_XOR_SETTINGS["learning_rate"] * exit_epoch <= 300


def test_a_single_neuron_settles_on_the_constant_answer():
    single = MLP(**{**WORKING_XOR_SETTINGS, "layers": (2, 1)}, seed=0).fit(X, Y)
    assert np.allclose(single.forward(X)[:, 0], 0.5, atol=5e-4)
    assert single.loss_ == pytest.approx(0.25, abs=1e-4) and single.score(X, Y) == 0.25
