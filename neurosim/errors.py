"""Errors raised by neurosim: one class per kind of failure.

Every error neurosim raises on purpose is a :class:`NeurosimError` (so the
command-line interface turns any of them into one line on stderr) and a
subclass of the built-in exception a Python user would expect (``ValueError``
or ``TypeError``), so ``except ValueError`` keeps working.

=============================== ============ =========================================
class                           built-in     raised when
=============================== ============ =========================================
:class:`ParameterError`         ValueError   an argument has a bad value (out of range,
                                             not finite, an unknown name)
:class:`ParameterTypeError`     TypeError    an argument has the wrong type (a string
                                             where a number or a parameter object is
                                             needed)
:class:`UnitError`              TypeError    a quantity has no unit or the wrong one
                                             (a :class:`ParameterTypeError`)
:class:`DataError`              ValueError   input data are unusable (NaN, wrong shape,
                                             labels that do not match)
:class:`FitError`               ValueError   data cannot be fitted (too few points,
                                             all-zero rates, a failed optimiser)
:class:`TrainingDivergedError`  ValueError   gradient descent diverged (overflow
                                             or NaN during training)
:class:`NotFittedError`         ValueError   a model is used before it was fitted
:class:`PresetError`            ValueError   a neuron preset is unknown or malformed
:class:`OutputError`            ValueError   an output folder cannot be used
:class:`SimulationError`        RuntimeError a simulation stopped before its requested
                                             duration (never returned as a result)
:class:`CompilationError`       RuntimeError the C++ compiler failed on a compiled
                                             (``cpp_standalone``) project
=============================== ============ =========================================

The checks that raise most of these live in :mod:`neurosim.validation`.
This module imports nothing: both ``neurosim.bio`` and ``neurosim.ann`` use it.
"""

from __future__ import annotations

__all__ = [
    "NeurosimError", "ParameterError", "ParameterTypeError", "UnitError", "DataError",
    "FitError", "TrainingDivergedError", "NotFittedError", "PresetError", "OutputError",
    "SimulationError", "CompilationError",
]


class NeurosimError(Exception):
    """Base class of every error neurosim raises on purpose."""


class ParameterError(NeurosimError, ValueError):
    """An argument has a value outside its allowed range.

    The message names the parameter, the value it got and the allowed range.
    """


class ParameterTypeError(NeurosimError, TypeError):
    """An argument has the wrong type (e.g. a string where ``LIFParams`` is needed).

    The message names the parameter, the type it needs and the type it got.
    """


class UnitError(ParameterTypeError):
    """A quantity is missing its physical unit or has the wrong one.

    The message names the parameter and the unit it needs (e.g. ``ms``).
    """


class DataError(NeurosimError, ValueError):
    """Input data are unusable: NaN or infinite values, a wrong shape, bad labels.

    The message names the argument (``X``, ``y``, ``rates``, ...) and what is wrong.
    """


class FitError(NeurosimError, ValueError):
    """Data cannot be fitted (too few points, all-zero rates, the optimiser failed)."""


class TrainingDivergedError(NeurosimError, ValueError):
    """Gradient descent diverged: the loss or the weights overflowed or became NaN.

    The message names the epoch and the setting to change (e.g. ``learning_rate``).
    """


class NotFittedError(NeurosimError, ValueError):
    """A model is used before it was fitted."""


class PresetError(NeurosimError, ValueError):
    """A neuron preset is unknown or its file is malformed."""


class OutputError(NeurosimError, ValueError):
    """An output folder cannot be used (unwritable, or not empty)."""


class SimulationError(NeurosimError, RuntimeError):
    """A simulation did not simulate all of its requested duration.

    Raised by :func:`neurosim.bio.brian2_tools.run_checked` instead of
    returning results of a shorter run (a Ctrl-C during a run raises
    ``KeyboardInterrupt`` instead).
    """


class CompilationError(NeurosimError, RuntimeError):
    """Brian2's C++ project did not compile (``target="cpp_standalone"``).

    The message names the target, the compiler's first error line and what to change.
    """
