"""Artificial neurons in plain numpy: activations, losses, gradient descent, an MLP.

The artificial half of neurosim, written so that a student can read every
line.  It imports only numpy, :mod:`neurosim.errors` and :mod:`neurosim.validation`
(never Brian2 or the biological half).

Modules, each with one job
--------------------------
activation_base
    The :class:`Activation` type: a named, immutable (f, df) pair.
activations
    The named activation functions and their registry (``get_activation``).
losses
    MSE, binary cross-entropy and hinge loss with their gradients.
backprop
    The maths of training: initial weights, forward pass, back-propagation,
    gradient descent (pure functions).
mlp
    :class:`MLP`, the estimator (scikit-learn's conventions) that calls backprop.
datasets
    XOR, moons and circles, and the grid of a decision-boundary plot.

See ``docs/ann.md`` for the theory and the article's XOR experiment.
"""

from neurosim.ann import datasets
from neurosim.ann.activations import ACTIVATIONS, Activation, get_activation
from neurosim.ann.losses import LOSSES, Loss, get_loss
from neurosim.ann.mlp import ARTICLE_XOR_SETTINGS, MLP, WORKING_XOR_SETTINGS

__all__ = [
    "ACTIVATIONS",
    "ARTICLE_XOR_SETTINGS",
    "Activation",
    "LOSSES",
    "Loss",
    "MLP",
    "WORKING_XOR_SETTINGS",
    "datasets",
    "get_activation",
    "get_loss",
]
