"""The maths of training: initial weights, forward pass, back-propagation, gradient descent.

Pure functions on lists of numpy arrays; :class:`neurosim.ann.MLP` calls them.
Shapes, for ``layers = [n_0, n_1, ..., n_L]``: ``X`` is ``(n_samples, n_0)``;
``weights[l]`` is ``(n_l, n_{l+1})`` and ``biases[l]`` is ``(n_{l+1},)``.

Forward pass, for layer ``l = 0 .. L-1`` with ``a_0 = X``::

    z_l     = a_l @ W_l + b_l
    a_{l+1} = f_l(z_l)

Back-propagation [1]_ [2]_ [3]_, with ``delta_l = dL/dz_l``::

    delta_{L-1} = dL/da_L * f'_{L-1}(z_{L-1})
    dL/dW_l     = a_l.T @ delta_l
    dL/db_l     = delta_l summed over samples
    delta_{l-1} = (delta_l @ W_l.T) * f'_{l-1}(z_{l-1})

Initial weights: ``"glorot"`` [4]_, uniform on ``[-r, r]``, ``r = sqrt(6/(n_in + n_out))``;
``"he"`` [5]_, normal with standard deviation ``sqrt(2/n_in)``; ``"normal"``, standard normal.

Gradient descent with heavy-ball momentum ``mu`` [6]_::

    v <- mu*v - lr*grad;  theta <- theta + v      (mu = 0: theta <- theta - lr*grad)

References
----------
.. [1] Rumelhart, D. E., Hinton, G. E. & Williams, R. J. (1986). Learning
   representations by back-propagating errors. *Nature* 323, 533-536.
.. [2] Goodfellow, I., Bengio, Y. & Courville, A. (2016). *Deep Learning*,
   sections 6.5 (back-propagation, algorithms 6.3 and 6.4) and 8.3 (SGD and
   momentum). MIT Press. https://www.deeplearningbook.org/
.. [3] Nielsen, M. A. (2015). *Neural Networks and Deep Learning*, chapter 2
   (the four equations of back-propagation).
   http://neuralnetworksanddeeplearning.com/chap2.html
.. [4] Glorot, X. & Bengio, Y. (2010). Understanding the difficulty of
   training deep feedforward neural networks. *Proc. AISTATS*, 249-256.
.. [5] He, K., Zhang, X., Ren, S. & Sun, J. (2015). Delving deep into
   rectifiers. *Proc. ICCV*, 1026-1034.
.. [6] Polyak, B. T. (1964). Some methods of speeding up the convergence of
   iteration methods. *USSR Computational Mathematics and Mathematical
   Physics* 4(5), 1-17.
"""

from __future__ import annotations

import contextlib
import math

import numpy as np

from neurosim.ann.activations import ActivationOverflowError
from neurosim.errors import DataError, TrainingDivergedError

__all__ = ["INIT_SCHEMES", "backward_pass", "forward_pass", "gradient_descent",
           "initial_weights"]

#: Weight initialisation schemes (biases always start at 0).
INIT_SCHEMES = ("glorot", "he", "normal")


def initial_weights(layers, init: str, rng: np.random.Generator):
    """Draw initial weights (``"glorot"``, ``"he"`` or ``"normal"``); biases are 0.

    Glorot & Bengio (2010), He et al. (2015): see the module docstring.

    Returns
    -------
    weights, biases : list of ndarray
    """
    weights, biases = [], []
    for n_in, n_out in zip(layers[:-1], layers[1:]):
        if init == "glorot":
            limit = math.sqrt(6.0 / (n_in + n_out))
            W = rng.uniform(-limit, limit, size=(n_in, n_out))
        elif init == "he":
            W = rng.normal(0.0, math.sqrt(2.0 / n_in), size=(n_in, n_out))
        else:
            W = rng.standard_normal((n_in, n_out))
        weights.append(W)
        biases.append(np.zeros(n_out))
    return weights, biases


def forward_pass(weights, biases, activations, X):
    """Return the pre-activations ``z_l`` and the outputs ``a_0 = X, a_1, ...``."""
    zs, outputs = [], [X]
    a = X
    for W, b, act in zip(weights, biases, activations):
        z = a @ W + b
        a = act.f(z)
        zs.append(z)
        outputs.append(a)
    return zs, outputs


def backward_pass(weights, activations, loss, y, zs, outputs):
    """Back-propagate ``dL/da_L`` into ``(dW, db)`` (see the module docstring)."""
    n_layers = len(weights)
    dW, db = [None] * n_layers, [None] * n_layers
    delta = loss.df(y, outputs[-1]) * activations[-1].df(zs[-1])
    for layer in range(n_layers - 1, -1, -1):
        dW[layer] = outputs[layer].T @ delta
        db[layer] = delta.sum(axis=0)
        if layer > 0:
            delta = (delta @ weights[layer].T) * activations[layer - 1].df(zs[layer - 1])
    return dW, db


def gradient_descent(weights, biases, activations, loss, X, y, *, learning_rate, epochs, tol,
                     batch_size, momentum, rng):
    """Train ``weights`` and ``biases`` in place; return the loss of each epoch run.

    Full batch when ``batch_size`` is None, else mini-batches reshuffled every
    epoch by ``rng``.  Stops early once an epoch's loss is ``<= tol``.

    Raises
    ------
    TrainingDivergedError
        If the numbers overflow or become NaN; the message names the epoch.
    """
    n_samples = X.shape[0]
    batch = n_samples if batch_size is None else min(batch_size, n_samples)
    lr, mu = learning_rate, momentum
    velocities_W = [np.zeros_like(W) for W in weights]
    velocities_b = [np.zeros_like(b) for b in biases]
    curve = np.empty(epochs)
    epoch = 0
    try:
        with np.errstate(over="raise", invalid="raise", divide="raise"):
            for epoch in range(epochs):
                if batch == n_samples:
                    batches = [(X, y)]
                else:
                    order = rng.permutation(n_samples)
                    batches = [(X[order[i:i + batch]], y[order[i:i + batch]])
                               for i in range(0, n_samples, batch)]
                epoch_loss = 0.0
                for X_batch, y_batch in batches:
                    zs, outputs = forward_pass(weights, biases, activations, X_batch)
                    epoch_loss += loss.f(y_batch, outputs[-1]) * len(X_batch)
                    dW, db = backward_pass(weights, activations, loss, y_batch, zs, outputs)
                    for layer in range(len(weights)):
                        if mu == 0.0:
                            weights[layer] -= lr * dW[layer]
                            biases[layer] -= lr * db[layer]
                        else:
                            velocities_W[layer] *= mu
                            velocities_W[layer] -= lr * dW[layer]
                            velocities_b[layer] *= mu
                            velocities_b[layer] -= lr * db[layer]
                            weights[layer] += velocities_W[layer]
                            biases[layer] += velocities_b[layer]
                curve[epoch] = epoch_loss / n_samples
                if curve[epoch] <= tol:
                    break
            final = float(loss.f(y, forward_pass(weights, biases, activations, X)[1][-1]))
    except (FloatingPointError, ActivationOverflowError) as err:
        raise TrainingDivergedError(
            f"training diverged at epoch {epoch + 1} ({err}); "
            "try a smaller learning_rate or scaled inputs"
        ) from err
    return curve[:epoch + 1].copy(), final


@contextlib.contextmanager
def overflow_as_data_error(name):
    """Turn float overflow in a forward pass into a DataError naming the input."""
    try:
        with np.errstate(over="raise", invalid="raise", divide="raise"):
            yield
    except FloatingPointError as err:
        raise DataError(
            f"{name}: the forward pass overflowed ({err}); the inputs or weights are too large"
        ) from err
