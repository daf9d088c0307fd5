"""A multi-layer perceptron trained by back-propagation and gradient descent.

The estimator: hyperparameters, ``fit``, inference.  The maths of training
(initialisation, forward and backward pass, the update rule) is in
:mod:`neurosim.ann.backprop`, one visible line per step of the article's
recipe (its section 3.2).

Conventions follow scikit-learn: ``__init__`` only stores hyperparameters,
``get_params``/``set_params`` read and change them, ``fit(X, y)`` checks them
and returns the model, and what was learned ends in ``_`` (``weights_``,
``biases_``, ``activations_``, ``loss_curve_``).
"""

from __future__ import annotations

import math
import types

import numpy as np

from neurosim.ann.activations import ACTIVATIONS, Activation, get_activation
from neurosim.ann.backprop import (
    INIT_SCHEMES,
    backward_pass,
    forward_pass,
    gradient_descent,
    initial_weights,
    overflow_as_data_error,
)
from neurosim.ann.losses import get_loss
from neurosim.errors import DataError, NotFittedError, ParameterError
from neurosim.validation import (
    check_choice,
    check_finite_array,
    check_integer,
    check_real,
    check_seed,
)

__all__ = ["ARTICLE_XOR_SETTINGS", "INIT_SCHEMES", "MLP", "WORKING_XOR_SETTINGS"]

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

#: The hyperparameters of :class:`MLP`, in the order of its signature.
HYPERPARAMETERS = ("layers", "activation", "output_activation", "loss", "learning_rate",
                   "epochs", "tol", "batch_size", "momentum", "init", "seed")


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
        ``"mse"``, ``"bce"``, ``"hinge"``, or ``"softmax_ce"`` for several
        classes (one-hot targets, ``output_activation="linear"``: the outputs
        are logits); see :mod:`neurosim.ann.losses`.
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
        theta + v`` (Polyak 1964, see :mod:`neurosim.ann.backprop`).  0 (the
        default) is plain gradient descent.
    init : {"glorot", "he", "normal"}
        Weight initialisation. ``"glorot"`` (default): uniform on
        ``[-r, r]`` with ``r = sqrt(6 / (n_in + n_out))`` (Glorot & Bengio 2010); ``"he"``:
        normal with standard deviation ``sqrt(2 / n_in)``, suited to ReLU
        (He et al. 2015); ``"normal"``: standard normal, what the article's listing does
        (``np.random.randn``).  Biases start at 0.
    seed : int or None
        Seed of the random generator that draws the initial weights and
        shuffles mini-batches; the same seed gives the same network.  None
        draws one (recorded in ``seed_``).  The rule of every neurosim seed:
        :func:`neurosim.validation.check_seed`.

    Every argument is stored untouched (scikit-learn's convention:
    ``get_params``/``set_params`` work, ``clone``-style copies can be made);
    :meth:`fit` and :meth:`initialize` check them.

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
    seed_ : int
        The seed used (``seed``, or the one drawn when ``seed`` is None).

    Notes
    -----
    The forward pass, back-propagation and the update rule are written out
    in :mod:`neurosim.ann.backprop` (with their sources).  Training runs under
    ``np.errstate(over="raise", invalid="raise")``: if the numbers blow up
    (learning rate too large, exponential units), ``fit`` stops with a
    :class:`~neurosim.errors.TrainingDivergedError` naming the epoch instead
    of carrying ``inf`` or NaN along.

    References
    ----------
    .. [1] Pedregosa, F. et al. (2011). Scikit-learn: machine learning in
       Python. *JMLR* 12, 2825-2830 (the estimator interface followed here).

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
        self.loss = loss
        self.learning_rate = learning_rate
        self.epochs = epochs
        self.tol = tol
        self.batch_size = batch_size
        self.momentum = momentum
        self.init = init
        self.seed = seed

    # ------------------------------------------------------ hyperparameters
    def get_params(self, deep: bool = True) -> dict:
        """Return the hyperparameters as a dict, as given to ``__init__`` (scikit-learn)."""
        return {name: getattr(self, name) for name in HYPERPARAMETERS}

    def set_params(self, **params) -> MLP:
        """Set hyperparameters by name; return ``self`` (checked by the next ``fit``).

        Raises
        ------
        ParameterError
            For a name that is not a hyperparameter.
        """
        for name, value in params.items():
            if name not in HYPERPARAMETERS:
                raise ParameterError(
                    f"set_params: {name!r} is not a hyperparameter of MLP; "
                    f"they are {', '.join(HYPERPARAMETERS)}")
            setattr(self, name, value)
        return self

    def __repr__(self):
        args = ", ".join(f"{name}={value!r}" for name, value in self.get_params().items())
        return f"MLP({args})"

    def _checked(self) -> types.SimpleNamespace:
        """Check every hyperparameter; return the checked values (the attributes stay as given)."""
        hp = types.SimpleNamespace(
            layers=_check_layers(self.layers),
            learning_rate=check_real(self.learning_rate, "learning_rate", low=0.0,
                                     low_open=True),
            epochs=check_integer(self.epochs, "epochs", low=1),
            tol=check_real(self.tol, "tol", low=0.0),
            batch_size=(None if self.batch_size is None
                        else check_integer(self.batch_size, "batch_size", low=1)),
            momentum=check_real(self.momentum, "momentum", low=0.0, high=1.0, high_open=True),
            init=check_choice(self.init, "init", INIT_SCHEMES),
            seed=check_seed(self.seed),
        )
        hp.activations = _resolve_activations(self.activation, self.output_activation,
                                              hp.layers)
        hp.loss = get_loss(self.loss)
        _check_output_fits_loss(hp.activations[-1], hp.loss)
        return hp

    def initialize(self) -> MLP:
        """Draw fresh initial weights (from ``seed``) without training; return ``self``.

        ``fit`` calls this first.  Call it yourself to inspect or check the
        gradients of an untrained network.
        """
        hp = self._checked()
        _check_training_memory(hp.layers, 1)
        rng = np.random.default_rng(hp.seed)
        self.weights_, self.biases_ = initial_weights(hp.layers, hp.init, rng)
        self.activations_ = list(hp.activations)
        self.loss_function_ = hp.loss
        self.loss_curve_ = np.empty(0)
        self.loss_ = math.nan
        self.n_epochs_ = 0
        self.seed_ = hp.seed
        self.layers_ = hp.layers
        self._hp = hp
        self._rng = rng
        return self

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
        ParameterError, ParameterTypeError
            A bad hyperparameter.
        DataError
            Bad shapes, non-finite values, targets outside the loss's range.
        TrainingDivergedError
            Training diverged (overflow or NaN); the message names the epoch.
        """
        hp = self._checked()
        X = _check_X(X, hp.layers)
        y = _check_y(y, X.shape[0], hp.layers, hp.loss)
        _check_in_output_range(y, hp.activations[-1], self.output_activation)
        _check_training_memory(hp.layers, X.shape[0] if hp.batch_size is None
                               else min(hp.batch_size, X.shape[0]), hp.epochs)
        self.initialize()
        self.loss_curve_, self.loss_ = gradient_descent(
            self.weights_, self.biases_, self.activations_, hp.loss, X, y,
            learning_rate=hp.learning_rate, epochs=hp.epochs, tol=hp.tol,
            batch_size=hp.batch_size, momentum=hp.momentum, rng=self._rng)
        self.n_epochs_ = len(self.loss_curve_)
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
        X = _check_X(X, self.layers_)
        with overflow_as_data_error("X"):
            return forward_pass(self.weights_, self.biases_, self.activations_, X)[1][1:]

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
        self._check_fitted("decide")
        outputs = np.asarray(outputs, dtype=float).reshape(-1, self.layers_[-1])
        if outputs.shape[1] > 1:
            return np.argmax(outputs, axis=1)
        negative, positive = self.loss_function_.labels
        return np.where(outputs[:, 0] >= self.loss_function_.threshold, positive,
                        negative).astype(int)

    def score(self, X, y) -> float:
        """Return the fraction of samples whose :meth:`predict` label equals ``y``.

        ``y`` is 1-D labels, or one-hot rows for several output units.
        """
        self._check_fitted("score")
        X = _check_X(X, self.layers_)
        y = check_finite_array(y, "y")
        if y.ndim == 2 and y.shape[1] > 1:
            y = np.argmax(y, axis=1)
        y = y.reshape(-1)
        if y.shape[0] != X.shape[0]:
            raise DataError(f"y: has {y.shape[0]} samples but X has {X.shape[0]}")
        return float(np.mean(self.predict(X) == y))

    def compute_loss(self, X, y) -> float:
        """Return the current loss of the network on ``X``, ``y`` (no training)."""
        self._check_fitted("compute_loss")
        X = _check_X(X, self.layers_)
        y = _check_y(y, X.shape[0], self.layers_, self.loss_function_)
        with overflow_as_data_error("X"):
            outputs = forward_pass(self.weights_, self.biases_, self.activations_, X)[1]
            return float(self.loss_function_.f(y, outputs[-1]))

    def gradients(self, X, y):
        """Return the back-propagated gradient of the loss for ``X``, ``y``.

        Returns
        -------
        dW, db : list of ndarray
            ``dL/dweights_[l]`` and ``dL/dbiases_[l]``, shaped like
            ``weights_`` and ``biases_``.  Nothing is updated.
        """
        self._check_fitted("gradients")
        X = _check_X(X, self.layers_)
        y = _check_y(y, X.shape[0], self.layers_, self.loss_function_)
        with overflow_as_data_error("X"):
            zs, outputs = forward_pass(self.weights_, self.biases_, self.activations_, X)
            return backward_pass(self.weights_, self.activations_, self.loss_function_, y, zs,
                                 outputs)

    def _check_fitted(self, method):
        if not hasattr(self, "weights_"):
            raise NotFittedError(
                f"MLP.{method}: the network has no weights yet; call fit(X, y) or "
                "initialize() first"
            )


# ---------------------------------------------------------------- checks

#: Built-in activations whose output is never negative.
_NON_NEGATIVE = frozenset({"sigmoid", "softplus", "relu", "exponential"})


#: Output ranges of the built-in activations that are bounded (targets outside are unreachable).
_OUTPUT_RANGE = {"sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0), "softplus": (0.0, math.inf),
                 "relu": (0.0, math.inf), "exponential": (0.0, math.inf)}


def _check_in_output_range(y, output: Activation, given) -> None:
    """Refuse targets that the output activation can never produce (built-in ones only)."""
    if output is not ACTIVATIONS.get(output.name) or output.name not in _OUTPUT_RANGE:
        return
    low, high = _OUTPUT_RANGE[output.name]
    if np.any(y < low) or np.any(y > high):
        raise DataError(
            f"y: targets must lie in [{low:g}, {high:g}], the range of output_activation "
            f"{given!r}; got values from {y.min():g} to {y.max():g} (rescale y, or use "
            f"output_activation='linear')")


def _check_training_memory(layers, batch: int, epochs: int = 0) -> None:
    """Refuse a training run that cannot fit in memory, naming ``layers`` or ``epochs``.

    Counted, not measured: the weights, their gradients and momentum (3 float64 copies),
    the activations and their derivatives of one batch (2 copies per unit) and the loss
    curve (one float64 per epoch), 8 bytes each.
    """
    from neurosim.resources import available_memory, readable_bytes

    weights = sum((a + 1) * b for a, b in zip(layers[:-1], layers[1:]))
    network, curve = 8.0 * (3 * weights + 2 * batch * sum(layers)), 8.0 * epochs
    available = available_memory()
    if available is None or network + curve <= available:
        return
    if curve > network:
        raise ParameterError(
            f"epochs: {epochs} means a loss curve of {readable_bytes(curve)}, more than the "
            f"{readable_bytes(available)} available; the largest epochs that fits is about "
            f"{int(max(available - network, 0) // 8)}")
    raise ParameterError(
        f"layers: {list(layers)} means {float(weights):.3g} weights, about "
        f"{readable_bytes(network)} of memory to train, more than the "
        f"{readable_bytes(available)} available; use fewer or smaller layers")


def _check_layers(layers) -> tuple[int, ...]:
    try:
        sizes = tuple(layers)
    except TypeError:
        raise ParameterError(f"layers: expected a list of layer sizes, got {layers!r}") from None
    if len(sizes) < 2:
        raise ParameterError(
            f"layers: expected at least 2 integers >= 1 (inputs, ..., outputs), got {layers!r}")
    return tuple(check_integer(n, f"layers[{i}]", low=1) for i, n in enumerate(sizes))


def _resolve_activations(spec, output, layers) -> list[Activation]:
    n_hidden = len(layers) - 2
    if isinstance(spec, list):
        if len(spec) != n_hidden:
            raise ParameterError(
                f"activation: a list needs one entry per hidden layer ({n_hidden} for "
                f"layers={list(layers)}), got {len(spec)}"
            )
        hidden = [get_activation(s) for s in spec]
    else:
        hidden = [get_activation(spec)] * n_hidden
    return hidden + [get_activation(output)]


def _check_output_fits_loss(output: Activation, loss):
    """Refuse loss/output pairs that cannot work (built-in activations only).

    Hinge loss decides by the sign of the output, so an output that is
    never negative would predict +1 for every input; cross-entropy takes
    the log of p and 1 - p, so the output must lie in (0, 1).
    """
    name = output.name
    if loss.name == "hinge" and name in _NON_NEGATIVE:
        raise ParameterError(
            f"output_activation: hinge loss needs an output that can be negative "
            f"(e.g. tanh or linear); {name!r} never is, so every prediction would be +1")
    if loss.name == "softmax_ce" and name != "linear":
        raise ParameterError(
            f"output_activation: softmax cross-entropy takes the softmax of the outputs itself, "
            f"so they must be logits (use 'linear'); got {name!r}")
    if loss.name == "bce" and name in ACTIVATIONS and name != "sigmoid":
        raise ParameterError(
            f"output_activation: binary cross-entropy needs outputs in (0, 1) (use "
            f"'sigmoid'); got {name!r}")


def _check_X(X, layers) -> np.ndarray:
    X = check_finite_array(X, "X")
    if X.ndim != 2 or X.shape[1] != layers[0]:
        raise DataError(
            f"X: expected shape (n_samples, {layers[0]}) for layers={list(layers)}, "
            f"got {X.shape}"
        )
    if X.shape[0] == 0:
        raise DataError("X: has no samples")
    return X


def _check_y(y, n_samples, layers, loss) -> np.ndarray:
    y = check_finite_array(y, "y")
    n_out = layers[-1]
    if y.ndim == 1 and n_out == 1:
        y = y.reshape(-1, 1)
    if y.ndim != 2 or y.shape != (n_samples, n_out):
        expected = f"({n_samples},) or ({n_samples}, 1)" if n_out == 1 else \
            f"({n_samples}, {n_out})"
        raise DataError(f"y: expected shape {expected} to match X and layers[-1], "
                        f"got {y.shape}")
    loss.check_targets(y)
    return y
