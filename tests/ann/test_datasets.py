"""Data sets: shapes, labels, seeding, bad arguments."""

import numpy as np
import pytest

from neurosim.ann import datasets
from neurosim.errors import ParameterError, ParameterTypeError


def test_xor_is_the_articles_table():
    X, y = datasets.xor()
    np.testing.assert_array_equal(X, [[0, 0], [0, 1], [1, 0], [1, 1]])
    np.testing.assert_array_equal(y, [0, 1, 1, 0])
    np.testing.assert_array_equal(y, np.logical_xor(X[:, 0], X[:, 1]))
    np.testing.assert_array_equal(datasets.xor(signed=True)[1], [-1, 1, 1, -1])


@pytest.mark.parametrize("make", [datasets.moons, datasets.circles])
def test_two_class_sets_are_seeded_and_balanced(make):
    X, y = make(101, seed=3)
    assert X.shape == (101, 2) and y.shape == (101,)
    assert set(np.unique(y)) == {0.0, 1.0}
    assert abs(np.sum(y == 0) - np.sum(y == 1)) <= 1
    again, _ = make(101, seed=3)
    np.testing.assert_array_equal(X, again)
    assert not np.array_equal(X, make(101, seed=4)[0])
    assert set(np.unique(make(10, seed=0, signed=True)[1])) == {-1.0, 1.0}


def test_noise_free_shapes():
    X, y = datasets.circles(40, noise=0.0, factor=0.3)
    np.testing.assert_allclose(np.hypot(*X[y == 0].T), 1.0)
    np.testing.assert_allclose(np.hypot(*X[y == 1].T), 0.3)
    X, y = datasets.moons(40, noise=0.0)
    np.testing.assert_allclose(np.hypot(*X[y == 0].T), 1.0)
    np.testing.assert_allclose(np.hypot(X[y == 1, 0] - 1, X[y == 1, 1] - 0.5), 1.0)


@pytest.mark.parametrize("make, kwargs, match", [
    (datasets.moons, {"n_samples": 1}, "n_samples: must be an integer >= 2, got 1"),
    (datasets.moons, {"n_samples": 10.0}, "n_samples"),
    (datasets.moons, {"noise": -0.1}, "noise: must be a finite number >= 0, got -0.1"),
    (datasets.circles, {"noise": float("inf")}, "noise"),
    (datasets.circles, {"factor": 1.0}, r"factor: must be a finite number in \(0, 1\), got 1.0"),
    (datasets.circles, {"seed": -2}, r"seed: must be None or an integer in \[0, 2\*\*32\), got -2"),
])
def test_bad_arguments(make, kwargs, match):
    with pytest.raises((ParameterError, ParameterTypeError), match=match):
        make(**kwargs)
