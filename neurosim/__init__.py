"""neurosim: spiking and artificial neurons side by side.

Sub-packages
------------
neurosim.bio
    Leaky integrate-and-fire neurons simulated in Brian2, with units.
neurosim.ann
    Activation functions, losses, gradient descent and a small MLP in numpy.
neurosim.bridge
    The correspondence: rate theory, activation fits, ANN-to-SNN conversion.
neurosim.plotting
    Plot helpers that take and return a matplotlib ``ax``.

Importing ``neurosim`` itself is cheap: the sub-packages load Brian2 or
matplotlib only when you import them.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
