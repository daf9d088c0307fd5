"""Small two-class data sets in two dimensions, generated with numpy; and real digits.

``xor`` is the article's task; ``moons`` and ``circles`` are noisy, seeded
variants for decision-boundary demonstrations, defined as in scikit-learn [2]_.
None of them can be separated by a straight line [1]_, which is what a hidden
layer is for.

Every function returns ``(X, y)``: ``X`` of shape ``(n_samples, 2)`` and
``y`` of shape ``(n_samples,)`` with labels 0 and 1 (float), or -1 and +1
with ``signed=True`` (what the hinge loss needs).  :func:`digits` is a real
data set of ten classes (scikit-learn's handwritten digits) in a fixed,
seeded, stratified train/test split.

References
----------
.. [1] Minsky, M. & Papert, S. (1969). *Perceptrons*. MIT Press (XOR is not
   linearly separable, so a single-layer perceptron cannot compute it).
.. [2] Pedregosa, F. et al. (2011). Scikit-learn: machine learning in Python.
   *JMLR* 12, 2825-2830 (``make_moons`` and ``make_circles``, whose
   definitions these follow).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from neurosim.validation import check_integer, check_real, check_seed

__all__ = ["DigitsSplit", "circles", "digits", "moons", "xor"]


def xor(*, signed: bool = False):
    """Return the four points of XOR: ``y = 1`` when exactly one input is 1.

    Parameters
    ----------
    signed : bool
        Labels -1/+1 instead of 0/1 (and inputs unchanged).

    Returns
    -------
    X : ndarray, shape (4, 2)
        ``[[0, 0], [0, 1], [1, 0], [1, 1]]``, the article's order.
    y : ndarray, shape (4,)
        ``[0, 1, 1, 0]`` (or ``[-1, 1, 1, -1]``).
    """
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    y = np.array([0.0, 1.0, 1.0, 0.0])
    return X, _signed(y) if signed else y


def moons(n_samples: int = 200, *, noise: float = 0.1, seed: int = 0, signed: bool = False):
    """Return two interleaving half circles ("moons") with Gaussian noise.

    Parameters
    ----------
    n_samples : int
        Number of points (>= 2); the first moon gets ``n_samples // 2``.
    noise : float
        Standard deviation of the Gaussian noise added to each coordinate, >= 0.
    seed : int or None
        Seed of the noise (the rule of :func:`neurosim.validation.check_seed`).
    signed : bool
        Labels -1/+1 instead of 0/1.

    Returns
    -------
    X : ndarray, shape (n_samples, 2)
    y : ndarray, shape (n_samples,)
        0 for the upper moon, 1 for the lower one.

    Notes
    -----
    Upper moon: ``(cos t, sin t)``; lower moon: ``(1 - cos t, 0.5 - sin t)``,
    ``t`` evenly spaced in ``[0, pi]``, as scikit-learn's ``make_moons`` [1]_
    (points are not shuffled).

    References
    ----------
    .. [1] Pedregosa et al. (2011), Scikit-learn, *JMLR* 12
       (``sklearn.datasets.make_moons``).
    """
    n_samples, noise, rng = _check_common(n_samples, noise, seed)
    n_upper = n_samples // 2
    n_lower = n_samples - n_upper
    t_upper = np.linspace(0.0, math.pi, n_upper)
    t_lower = np.linspace(0.0, math.pi, n_lower)
    X = np.concatenate([
        np.column_stack([np.cos(t_upper), np.sin(t_upper)]),
        np.column_stack([1.0 - np.cos(t_lower), 0.5 - np.sin(t_lower)]),
    ])
    y = np.concatenate([np.zeros(n_upper), np.ones(n_lower)])
    X = X + rng.normal(0.0, noise, size=X.shape) if noise > 0 else X
    return X, _signed(y) if signed else y


def circles(n_samples: int = 200, *, noise: float = 0.05, factor: float = 0.5, seed: int = 0,
            signed: bool = False):
    """Return a small circle inside a large one, with Gaussian noise.

    Parameters
    ----------
    n_samples : int
        Number of points (>= 2); the outer circle gets ``n_samples // 2``.
    noise : float
        Standard deviation of the Gaussian noise added to each coordinate, >= 0.
    factor : float
        Radius of the inner circle relative to the outer one (radius 1), in (0, 1).
    seed : int or None
        Seed of the noise (the rule of :func:`neurosim.validation.check_seed`).
    signed : bool
        Labels -1/+1 instead of 0/1.

    Returns
    -------
    X : ndarray, shape (n_samples, 2)
    y : ndarray, shape (n_samples,)
        0 for the outer circle, 1 for the inner one.

    References
    ----------
    .. [1] Pedregosa et al. (2011), Scikit-learn, *JMLR* 12
       (``sklearn.datasets.make_circles``).
    """
    n_samples, noise, rng = _check_common(n_samples, noise, seed)
    factor = check_real(factor, "factor", low=0.0, high=1.0, low_open=True, high_open=True)
    n_outer = n_samples // 2
    n_inner = n_samples - n_outer
    # endpoint=False: 0 and 2*pi are the same point.
    t_outer = np.linspace(0.0, 2.0 * math.pi, n_outer, endpoint=False)
    t_inner = np.linspace(0.0, 2.0 * math.pi, n_inner, endpoint=False)
    X = np.concatenate([
        np.column_stack([np.cos(t_outer), np.sin(t_outer)]),
        float(factor) * np.column_stack([np.cos(t_inner), np.sin(t_inner)]),
    ])
    y = np.concatenate([np.zeros(n_outer), np.ones(n_inner)])
    X = X + rng.normal(0.0, noise, size=X.shape) if noise > 0 else X
    return X, _signed(y) if signed else y


def grid_points(X, resolution: int, margin: float) -> np.ndarray:
    """A square grid covering the 2-D data ``X``, for drawing decision boundaries.

    ``resolution`` points per axis from ``min - margin`` to ``max + margin``,
    flattened row-major: shape ``(resolution**2, 2)``; reshape a score of it
    to ``(resolution, resolution)``.
    """
    X = np.asarray(X, dtype=float)
    lows, highs = X.min(axis=0) - margin, X.max(axis=0) + margin
    gx, gy = np.meshgrid(np.linspace(lows[0], highs[0], int(resolution)),
                         np.linspace(lows[1], highs[1], int(resolution)))
    return np.column_stack([gx.ravel(), gy.ravel()])


def _signed(y01):
    return 2.0 * y01 - 1.0


def _check_common(n_samples, noise, seed):
    n_samples = check_integer(n_samples, "n_samples", low=2)
    noise = check_real(noise, "noise", low=0.0)
    return n_samples, noise, np.random.default_rng(check_seed(seed))


@dataclass(frozen=True, eq=False)
class DigitsSplit:
    """The handwritten digits, split once into training and test images (see :func:`digits`).

    Attributes
    ----------
    X_train, X_test : ndarray, shape (n, 64)
        Pixel intensities scaled to [0, 1] (the data's 0..16 divided by 16).
    y_train, y_test : ndarray of int, shape (n,)
        The digit, 0..9.
    test_size : float
    seed : int
        ``random_state`` of the stratified split.
    """

    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    test_size: float
    seed: int

    @property
    def settings(self) -> dict:
        return {"dataset": "digits", "source": "sklearn.datasets.load_digits",
                "n_train": len(self.y_train), "n_test": len(self.y_test),
                "test_size": self.test_size, "split": "stratified", "seed": self.seed}


def digits(*, test_size: float = 0.25, seed: int = 0) -> DigitsSplit:
    """Return the 1797 handwritten digits (8x8 pixels, 10 classes) in a stratified split.

    Parameters
    ----------
    test_size : float
        Fraction of the images held out for testing, in (0, 1).  Default 0.25
        (450 test images).
    seed : int
        Seed of the split (``random_state`` of scikit-learn's
        ``train_test_split``); the same seed gives the same split.

    Returns
    -------
    DigitsSplit

    Notes
    -----
    The images ship inside scikit-learn (no download): the UCI "optical
    recognition of handwritten digits" test set [1]_, 8x8 blocks of 0..16
    counts.  Every class keeps its share in both parts (``stratify=y``).
    scikit-learn is used for the data and the split only.

    References
    ----------
    .. [1] Alpaydin, E. & Kaynak, C. (1998). Optical Recognition of
       Handwritten Digits. UCI Machine Learning Repository,
       https://doi.org/10.24432/C50P49 (``sklearn.datasets.load_digits``).
    """
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    test_size = check_real(test_size, "test_size", low=0.0, high=1.0, low_open=True,
                           high_open=True)
    seed = check_seed(seed)
    data = load_digits()
    X = np.asarray(data.data, dtype=float) / 16.0
    y = np.asarray(data.target, dtype=int)
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=float(test_size), stratify=y, random_state=seed)
    return DigitsSplit(X_train, y_train, X_test, y_test, float(test_size), seed)
