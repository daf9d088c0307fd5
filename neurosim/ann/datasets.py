"""Small two-class data sets in two dimensions, generated with numpy.

``xor`` is the article's task; ``moons`` and ``circles`` are noisy, seeded
variants for decision-boundary demonstrations, defined as in scikit-learn [2]_.
None of them can be separated by a straight line [1]_, which is what a hidden
layer is for.

Every function returns ``(X, y)``: ``X`` of shape ``(n_samples, 2)`` and
``y`` of shape ``(n_samples,)`` with labels 0 and 1 (float), or -1 and +1
with ``signed=True`` (what the hinge loss needs).

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

import numpy as np

from neurosim.validation import check_integer, check_real, check_seed

__all__ = ["circles", "moons", "xor"]


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
