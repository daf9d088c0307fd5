"""Errors raised by neurosim.

Every bad input raises one of these.  Each is a subclass of the built-in
exception a Python user would expect (``ValueError`` or ``TypeError``), so
``except ValueError`` keeps working, and of :class:`NeurosimError`, so the
command-line interface can turn any of them into one line on stderr.

This module imports nothing heavy: both ``neurosim.bio`` and ``neurosim.ann``
use it.
"""

from __future__ import annotations


class NeurosimError(Exception):
    """Base class of every error neurosim raises on purpose."""


class ParameterError(NeurosimError, ValueError):
    """A parameter has a value outside its allowed range.

    The message names the parameter, the value it got and the allowed range.
    """


class UnitError(NeurosimError, TypeError):
    """A quantity is missing its physical unit or has the wrong one.

    The message names the parameter and the unit it needs (e.g. ``ms``).
    """


class PresetError(NeurosimError, ValueError):
    """A neuron preset is unknown or its file is malformed."""


class OutputError(NeurosimError, ValueError):
    """An output folder cannot be used (unwritable, or not empty)."""


class NotFittedError(NeurosimError, ValueError):
    """A model is used before it was fitted."""


class FitError(NeurosimError, ValueError):
    """Data cannot be fitted (too few points, all-zero rates, ...)."""
