"""A multi-layer perceptron trained by back-propagation and gradient descent.

Written in plain numpy so that every step of the article's training recipe
(its section 3.2) is one visible line: initialise the weights, forward pass,
loss, backward pass (back-propagation), update ``theta <- theta - lr *
grad``, repeat.

Conventions follow scikit-learn: ``__init__`` only stores hyperparameters,
``fit(X, y)`` returns the model, and what was learned ends in ``_``
(``weights_``, ``biases_``, ``activations_``, ``loss_curve_``).

Shapes, for ``layers = [n_0, n_1, ..., n_L]``: ``X`` is ``(n_samples, n_0)``;
``weights_[l]`` is ``(n_l, n_{l+1})`` and ``biases_[l]`` is ``(n_{l+1},)``;
layer ``l`` computes ``a_{l+1} = f_l(a_l @ weights_[l] + biases_[l])`` with
``a_0 = X``, so a whole batch goes through one matrix product per layer.

The sources (back-propagation, initialisation, momentum) are cited in
:class:`MLP`'s References.
"""

from __future__ import annotations

import contextlib
import math
import numbers
import types

import numpy as np

from neurosim.ann.activations import ACTIVATIONS, Activation, ActivationOverflowError, get_activation
from neurosim.ann.losses import get_loss
from neurosim.errors import FitError, NotFittedError, ParameterError

__all__ = ["ARTICLE_XOR_SETTINGS", "INIT_SCHEMES", "MLP", "WORKING_XOR_SETTINGS"]

#: Weight initialisation schemes (biases always start at 0).
INIT_SCHEMES = ("glorot", "he", "normal")

#: The article's XOR experiment (its section 4): 2-4-1 sigmoid network, MSE,
#: learning rate 0.01, 1000 epochs.  It does not learn XOR (see docs/ann.md).
ARTICLE_XOR_SETTINGS = types.MappingProxyType({
    "layers": (2, 4, 1),
    "activation": "sigmoid",
    "output_activation": "sigmoid",
    "loss": "mse",
    "learning_rate": 0.01,
    "epochs": 1000,
})

#: The same network with settings that do learn XOR: learning rate 0.5, 10^4 epochs.
WORKING_XOR_SETTINGS = types.MappingProxyType({**ARTICLE_XOR_SETTINGS,
                                               "learning_rate": 0.5, "epochs": 10_000})


class MLP:
    """A fully connected feed-forward network trained by gradient descent.

    Parameters
    ----------
    layers : sequence of int
        Units per layer, input first and output last, e.g. ``[2, 4, 1]``: 2
        inputs, one hidden layer of 4 units, 1 output.  At least 2 entries,
        each >= 1.
    activation : str, Activation, (f, df) pair, or list of these
        Activation of the hidden layers (see
        :func:`neurosim.ann.activations.get_activation`); a list gives one per
        hidden layer (``len(layers) - 2`` entries).
    output_activation : str, Activation or (f, df) pair
        Activation of the output layer.
    loss : str or Loss
        ``"mse"``, ``"bce"`` or ``"hinge"`` (see :mod:`neurosim.ann.losses`).
        Stored as the attribute ``loss_function``, because ``loss(X, y)`` is a
        method.
    learning_rate : float
        Step size ``lr`` of ``theta <- theta - lr * grad``; > 0.
    epochs : int
        Maximum number of passes over the training data; >= 1.
    tol : float
        Stop early once an epoch's training loss is <= ``tol``; >= 0.  The
        default 0 runs every epoch.
    batch_size : int or None
        None (the default) is full-batch gradient descent, as in the
        article: one update per epoch from all samples.  An int uses
        mini-batches of that size, reshuffled every epoch (larger than the
        data set means full batch).
    momentum : float
        Heavy-ball momentum ``mu`` in [0, 1): ``v <- mu*v - lr*grad; theta <-
        theta + v`` [6]_.  0 (the default) is plain gradient descent.
    init : {"glorot", "he", "normal"}
        Weight initialisation. ``"glorot"`` (default): uniform on
        ``[-r, r]`` with ``r = sqrt(6 / (n_in + n_out))`` [4]_; ``"he"``:
        normal with standard deviation ``sqrt(2 / n_in)``, suited to ReLU
        [5]_; ``"normal"``: standard normal, what the article's listing does
        (``np.random.randn``).  Biases start at 0.
    seed : int
        Seed (>= 0) of the random generator that draws the initial weights
        and shuffles mini-batches; the same seed gives the same network.

    Attributes
    ----------
    weights_ : list of ndarray
        ``weights_[l]`` has shape ``(layers[l], layers[l+1])``.
    biases_ : list of ndarray
        ``biases_[l]`` has shape ``(layers[l+1],)``.
    activations_ : list of Activation
        The activation of each layer, hidden layers first, output last.
    loss_function_ : Loss
        The resolved loss.
    loss_curve_ : ndarray
        Training loss of each epoch (for full batch, the loss before that
        epoch's update; for mini-batches, the mean of the batch losses).
    loss_ : float
        Training loss after the last update.
    n_epochs_ : int
        Epochs actually run (fewer than ``epochs`` when ``tol`` was reached).

    Notes
    -----
    Forward pass, for layer ``l = 0 .. L-1`` with ``a_0 = X``::

        z_l     = a_l @ W_l + b_l
        a_{l+1} = f_l(z_l)

    Back-propagation [1]_ [2]_ [3]_, with ``delta_l = dL/dz_l``::

        delta_{L-1} = dL/da_L * f'_{L-1}(z_{L-1})
        dL/dW_l     = a_l.T @ delta_l
        dL/db_l     = delta_l summed over samples
        delta_{l-1} = (delta_l @ W_l.T) * f'_{l-1}(z_{l-1})

    Training runs under ``np.errstate(over="raise", invalid="raise")``: if
    the numbers blow up (learning rate too large, exponential units), ``fit``
    stops with a :class:`~neurosim.errors.FitError` naming the epoch instead
    of carrying ``inf`` or NaN along.

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

    Examples
    --------
    >>> from neurosim.ann import MLP, datasets
    >>> X, y = datasets.xor()
    >>> mlp = MLP([2, 4, 1], learning_rate=0.5, epochs=10_000, seed=0).fit(X, y)
    >>> mlp.predict(X)
    array([0, 1, 1, 0])
    """

    def __init__(self, layers=(2, 4, 1), activation="sigmoid", output_activation="sigmoid",
                 loss="mse", learning_rate=0.5, epochs=10_000, *, tol=0.0, batch_size=None,
                 momentum=0.0, init="glorot", seed=0):
        self.layers = layers
        self.activation = activation
        self.output_activation = output_activation
        self.loss_function = loss
        self.learning_rate = learning_rate
        self.epochs = epochs
        self.tol = tol
        self.batch_size = batch_size
        self.momentum = momentum
        self.init = init
        self.seed = seed
        # Check now, so that a typo fails here and not after a long fit; fit
        # checks again, in case an attribute was changed in between.
        self._validate()

    def _validate(self):
        """Check the hyperparameters; resolve activation and loss names."""
        self.layers = _check_layers(self.layers)
        self.learning_rate = _check_number("learning_rate", self.learning_rate, low=0.0,
                                           low_open=True)
        self.epochs = _check_int("epochs", self.epochs, low=1)
        self.tol = _check_number("tol", self.tol, low=0.0)
        if self.batch_size is not None:
            self.batch_size = _check_int("batch_size", self.batch_size, low=1)
        self.momentum = _check_number("momentum", self.momentum, low=0.0, high=1.0,
                                      high_open=True)
        if self.init not in INIT_SCHEMES:
            raise ParameterError(
                f"init: must be one of {', '.join(INIT_SCHEMES)}, got {self.init!r}")
        self.seed = _check_int("seed", self.seed, low=0)
        self._activations = self._resolve_activations()
        self._loss = get_loss(self.loss_function)
        self._check_output_fits_loss()

    def _check_output_fits_loss(self):
        """Refuse loss/output pairs that cannot work (built-in activations only).

        Hinge loss decides by the sign of the output, so an output that is
        never negative would predict +1 for every input; cross-entropy takes
        the log of p and 1 - p, so the output must lie in (0, 1).
        """
        name = self._activations[-1].name
        if self._loss.name == "hinge" and name in _NON_NEGATIVE:
            raise ParameterError(
                f"output_activation: hinge loss needs an output that can be negative "
                f"(e.g. tanh or linear); {name!r} never is, so every prediction would be +1")
        if self._loss.name == "bce" and name in ACTIVATIONS and name != "sigmoid":
            raise ParameterError(
                f"output_activation: binary cross-entropy needs outputs in (0, 1) (use "
                f"'sigmoid'); got {name!r}")

    def __repr__(self):
        return (f"MLP(layers={list(self.layers)}, activation={self.activation!r}, "
                f"output_activation={self.output_activation!r}, loss={self.loss_function!r}, "
                f"learning_rate={self.learning_rate!r}, epochs={self.epochs!r}, "
                f"seed={self.seed!r})")

    # ------------------------------------------------------------------ set-up
    def _resolve_activations(self) -> list[Activation]:
        n_hidden = len(self.layers) - 2
        spec = self.activation
        if isinstance(spec, list):
            if len(spec) != n_hidden:
                raise ParameterError(
                    f"activation: a list needs one entry per hidden layer ({n_hidden} for "
                    f"layers={list(self.layers)}), got {len(spec)}"
                )
            hidden = [get_activation(s) for s in spec]
        else:
            hidden = [get_activation(spec)] * n_hidden
        return hidden + [get_activation(self.output_activation)]

    def initialize(self) -> MLP:
        """Draw fresh initial weights (from ``seed``) without training; return ``self``.

        ``fit`` calls this first.  Call it yourself to inspect or check the
        gradients of an untrained network.
        """
        self._validate()
        rng = np.random.default_rng(self.seed)
        self.weights_, self.biases_ = [], []
        for n_in, n_out in zip(self.layers[:-1], self.layers[1:]):
            if self.init == "glorot":
                limit = math.sqrt(6.0 / (n_in + n_out))
                W = rng.uniform(-limit, limit, size=(n_in, n_out))
            elif self.init == "he":
                W = rng.normal(0.0, math.sqrt(2.0 / n_in), size=(n_in, n_out))
            else:
                W = rng.standard_normal((n_in, n_out))
            self.weights_.append(W)
            self.biases_.append(np.zeros(n_out))
        self.activations_ = list(self._activations)
        self.loss_function_ = self._loss
        self.loss_curve_ = np.empty(0)
        self.loss_ = math.nan
        self.n_epochs_ = 0
        self._rng = rng
        return self

    # ------------------------------------------------------------- the maths
    def _forward_pass(self, X):
        """Return the pre-activations ``z_l`` and the outputs ``a_0 = X, a_1, ...``."""
        zs, outputs = [], [X]
        a = X
        for W, b, act in zip(self.weights_, self.biases_, self.activations_):
            z = a @ W + b
            a = act.f(z)
            zs.append(z)
            outputs.append(a)
        return zs, outputs

    def _backward_pass(self, y, zs, outputs):
        """Back-propagate ``dL/da_L`` into ``(dW, db)``; see the class Notes."""
        n_layers = len(self.weights_)
        dW, db = [None] * n_layers, [None] * n_layers
        delta = self._loss.df(y, outputs[-1]) * self.activations_[-1].df(zs[-1])
        for layer in range(n_layers - 1, -1, -1):
            dW[layer] = outputs[layer].T @ delta
            db[layer] = delta.sum(axis=0)
            if layer > 0:
                delta = (delta @ self.weights_[layer].T) * self.activations_[layer - 1].df(
                    zs[layer - 1])
        return dW, db

    # -------------------------------------------------------------- training
    def fit(self, X, y) -> MLP:
        """Train from fresh initial weights on ``X``, ``y``; return ``self``.

        Parameters
        ----------
        X : array_like, shape (n_samples, layers[0])
            Inputs, finite numbers.
        y : array_like, shape (n_samples,) or (n_samples, layers[-1])
            Targets in the loss's range (e.g. {-1, +1} for hinge).  1-D only
            for a single output unit.

        Raises
        ------
        ParameterError
            Bad shapes, non-finite values, targets outside the loss's range.
        FitError
            Training diverged (overflow or NaN); the message names the epoch.
        """
        self._validate()
        X = self._check_X(X)
        y = self._check_y(y, X.shape[0])
        self.initialize()
        n_samples = X.shape[0]
        batch = n_samples if self.batch_size is None else min(self.batch_size, n_samples)
        lr, mu = self.learning_rate, self.momentum
        velocities_W = [np.zeros_like(W) for W in self.weights_]
        velocities_b = [np.zeros_like(b) for b in self.biases_]
        curve = np.empty(self.epochs)
        epoch = 0
        with _diverged_as_fit_error(lambda: epoch):
            for epoch in range(self.epochs):
                if batch == n_samples:
                    batches = [(X, y)]
                else:
                    order = self._rng.permutation(n_samples)
                    batches = [(X[order[i:i + batch]], y[order[i:i + batch]])
                               for i in range(0, n_samples, batch)]
                epoch_loss = 0.0
                for X_batch, y_batch in batches:
                    zs, outputs = self._forward_pass(X_batch)
                    epoch_loss += self._loss.f(y_batch, outputs[-1]) * len(X_batch)
                    dW, db = self._backward_pass(y_batch, zs, outputs)
                    for layer in range(len(self.weights_)):
                        if mu == 0.0:
                            self.weights_[layer] -= lr * dW[layer]
                            self.biases_[layer] -= lr * db[layer]
                        else:
                            velocities_W[layer] *= mu
                            velocities_W[layer] -= lr * dW[layer]
                            velocities_b[layer] *= mu
                            velocities_b[layer] -= lr * db[layer]
                            self.weights_[layer] += velocities_W[layer]
                            self.biases_[layer] += velocities_b[layer]
                curve[epoch] = epoch_loss / n_samples
                if curve[epoch] <= self.tol:
                    break
            self.n_epochs_ = epoch + 1
            self.loss_curve_ = curve[:self.n_epochs_].copy()
            self.loss_ = float(self._loss.f(y, self._forward_pass(X)[1][-1]))
        return self

    # ------------------------------------------------------------- inference
    def forward(self, X) -> np.ndarray:
        """Return the network's output for ``X``, shape ``(n_samples, layers[-1])``."""
        return self.layer_outputs(X)[-1]

    def layer_outputs(self, X) -> list[np.ndarray]:
        """Return every layer's output (after its activation) for ``X``.

        Returns
        -------
        list of ndarray
            ``len(layers) - 1`` arrays: hidden layers first, the network's
            output last; entry ``l`` has shape ``(n_samples, layers[l+1])``.
            The input itself is not included.
        """
        self._check_fitted("layer_outputs")
        X = self._check_X(X)
        with _overflow_as_parameter_error("X"):
            return self._forward_pass(X)[1][1:]

    def predict(self, X) -> np.ndarray:
        """Return class labels for ``X``, shape ``(n_samples,)``.

        With one output unit: the loss's positive label (1) where the output
        is >= the loss's threshold (0.5 for MSE and cross-entropy, 0 for
        hinge), else its negative label (0, or -1 for hinge).  With several
        output units: the index of the largest output.
        """
        return self.decide(self.forward(X))

    def decide(self, outputs) -> np.ndarray:
        """Return the class labels :meth:`predict` gives for output values ``outputs``.

        Lets other code (e.g. a spiking version of this network) apply the same
        rule to outputs it computed itself.
        """
        outputs = np.asarray(outputs, dtype=float).reshape(-1, self.layers[-1])
        if outputs.shape[1] > 1:
            return np.argmax(outputs, axis=1)
        negative, positive = self.loss_function_.labels
        return np.where(outputs[:, 0] >= self.loss_function_.threshold, positive,
                        negative).astype(int)

    def score(self, X, y) -> float:
        """Return the fraction of samples whose :meth:`predict` label equals ``y``.

        ``y`` is 1-D labels, or one-hot rows for several output units.
        """
        X = self._check_X(X)
        y = _as_finite_array("y", y)
        if y.ndim == 2 and y.shape[1] > 1:
            y = np.argmax(y, axis=1)
        y = y.reshape(-1)
        if y.shape[0] != X.shape[0]:
            raise ParameterError(f"y: has {y.shape[0]} samples but X has {X.shape[0]}")
        return float(np.mean(self.predict(X) == y))

    def loss(self, X, y) -> float:
        """Return the current loss of the network on ``X``, ``y`` (no training)."""
        self._check_fitted("loss")
        X = self._check_X(X)
        y = self._check_y(y, X.shape[0])
        with _overflow_as_parameter_error("X"):
            return float(self._loss.f(y, self._forward_pass(X)[1][-1]))

    def gradients(self, X, y):
        """Return the back-propagated gradient of the loss for ``X``, ``y``.

        Returns
        -------
        dW, db : list of ndarray
            ``dL/dweights_[l]`` and ``dL/dbiases_[l]``, shaped like
            ``weights_`` and ``biases_``.  Nothing is updated.
        """
        self._check_fitted("gradients")
        X = self._check_X(X)
        y = self._check_y(y, X.shape[0])
        with _overflow_as_parameter_error("X"):
            zs, outputs = self._forward_pass(X)
            return self._backward_pass(y, zs, outputs)

    # ----------------------------------------------------------- validation
    def _check_fitted(self, method):
        if not hasattr(self, "weights_"):
            raise NotFittedError(
                f"MLP.{method}: the network has no weights yet; call fit(X, y) or "
                "initialize() first"
            )

    def _check_X(self, X) -> np.ndarray:
        X = _as_finite_array("X", X)
        if X.ndim != 2 or X.shape[1] != self.layers[0]:
            raise ParameterError(
                f"X: expected shape (n_samples, {self.layers[0]}) for layers="
                f"{list(self.layers)}, got {X.shape}"
            )
        if X.shape[0] == 0:
            raise ParameterError("X: has no samples")
        return X

    def _check_y(self, y, n_samples) -> np.ndarray:
        y = _as_finite_array("y", y)
        n_out = self.layers[-1]
        if y.ndim == 1 and n_out == 1:
            y = y.reshape(-1, 1)
        if y.ndim != 2 or y.shape != (n_samples, n_out):
            expected = f"({n_samples},) or ({n_samples}, 1)" if n_out == 1 else \
                f"({n_samples}, {n_out})"
            raise ParameterError(f"y: expected shape {expected} to match X and layers[-1], "
                                 f"got {y.shape}")
        self._loss.check_targets(y)
        return y


#: Built-in activations whose output is never negative.
_NON_NEGATIVE = frozenset({"sigmoid", "softplus", "relu", "exponential"})


def _as_finite_array(name, values) -> np.ndarray:
    try:
        arr = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        raise ParameterError(f"{name}: expected an array of numbers, got {values!r}") from None
    if not np.all(np.isfinite(arr)):
        raise ParameterError(f"{name}: contains NaN or infinite values")
    return arr


def _check_layers(layers) -> tuple[int, ...]:
    try:
        sizes = tuple(layers)
    except TypeError:
        raise ParameterError(f"layers: expected a list of layer sizes, got {layers!r}") from None
    if len(sizes) < 2 or not all(
            isinstance(n, numbers.Integral) and not isinstance(n, bool) and n >= 1
            for n in sizes):
        raise ParameterError(
            f"layers: expected at least 2 integers >= 1 (inputs, ..., outputs), got {layers!r}"
        )
    return tuple(int(n) for n in sizes)


def _check_int(name, value, *, low) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < low:
        raise ParameterError(f"{name}: must be an integer >= {low}, got {value!r}")
    return int(value)


def _check_number(name, value, *, low=-math.inf, high=math.inf, low_open=False,
                  high_open=False) -> float:
    ok = isinstance(value, numbers.Real) and not isinstance(value, bool) and math.isfinite(value)
    if ok:
        ok = (value > low if low_open else value >= low) and (
            value < high if high_open else value <= high)
    if not ok:
        left, right = "(" if low_open else "[", ")" if high_open else "]"
        raise ParameterError(
            f"{name}: must be a finite number in {left}{low:g}, {high:g}{right}, got {value!r}"
        )
    return float(value)


@contextlib.contextmanager
def _diverged_as_fit_error(current_epoch):
    """Turn float overflow / NaN during training into a FitError naming the epoch."""
    try:
        with np.errstate(over="raise", invalid="raise", divide="raise"):
            yield
    except (FloatingPointError, ActivationOverflowError) as err:
        raise FitError(
            f"training diverged at epoch {current_epoch() + 1} ({err}); "
            "try a smaller learning_rate or scaled inputs"
        ) from err


@contextlib.contextmanager
def _overflow_as_parameter_error(name):
    try:
        with np.errstate(over="raise", invalid="raise", divide="raise"):
            yield
    except FloatingPointError as err:
        raise ParameterError(
            f"{name}: the forward pass overflowed ({err}); the inputs or weights are too large"
        ) from err
