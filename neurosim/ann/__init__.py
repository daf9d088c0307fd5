"""Artificial neurons in plain numpy: activations, losses, gradient descent, an MLP.

The artificial half of neurosim, written so that a student can read every
line.  It imports only numpy and :mod:`neurosim.errors` (never Brian2 or the
biological half).

Modules
-------
activations
    Activation functions as (value, derivative) pairs, by name.
losses
    MSE, binary cross-entropy and hinge loss with their gradients.
mlp
    :class:`MLP`, a feed-forward network trained by back-propagation.
datasets
    XOR, moons and circles.

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
