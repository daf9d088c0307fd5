"""The Activation type: a named, immutable, picklable (f, df) pair.

:mod:`neurosim.ann.activations` builds the named activations from it;
your own activation is any pair of callables wrapped in an :class:`Activation`.
"""

from __future__ import annotations

import types
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np

from neurosim.errors import DataError, ParameterError, ParameterTypeError
from neurosim.validation import check_instance

__all__ = ["Activation", "ActivationOverflowError", "EXP_MAX_ARG"]

#: Activation factories by name; ``FACTORIES[name](**coefficients)`` builds one.  Filled by
#: :mod:`neurosim.ann.activations` (which defines them); lives here so that pickling an
#: :class:`Activation` needs no import back into that module.
FACTORIES: dict = {}


ArrayFunction = Callable[[np.ndarray], np.ndarray]

#: Largest ``z`` with a finite ``exp(z)`` in float64 (``log(max float)``, about 709.78).
EXP_MAX_ARG = float(np.log(np.finfo(np.float64).max))


class ActivationOverflowError(DataError):
    """An activation would overflow float64 (e.g. ``exp(a*x)`` for ``a*x > 709.78``)."""


@dataclass(frozen=True)
class Activation:
    """An activation function and its derivative.

    Parameters
    ----------
    name : str
        Name used in messages, figures and saved files (e.g. ``"sigmoid"``).
    f : callable
        The activation, ``f(x) -> array`` of the same shape as ``x``.
    df : callable
        Its derivative ``f'(x)``, same shape.
    coefficients : mapping of str to float, optional
        The coefficients ``f`` and ``df`` were built with (e.g. ``{"a": 1.0}``),
        read-only.  Informative only: changing them needs a new Activation.
    kinks : tuple of float, optional
        Inputs where ``f`` is not differentiable (``(0.0,)`` for ReLU).  At a
        kink ``df`` returns one one-sided derivative, documented per function.

    Notes
    -----
    Calling the object calls ``f``: ``act(x)`` is ``act.f(x)``.
    """

    name: str
    f: ArrayFunction
    df: ArrayFunction
    coefficients: Mapping[str, float] = field(default_factory=dict, hash=False)
    kinks: tuple[float, ...] = ()

    def __post_init__(self):
        check_instance(self.name, "Activation name", str)
        if not self.name:
            raise ParameterError("Activation name: expected a non-empty string, got ''")
        for role in ("f", "df"):
            if not callable(getattr(self, role)):
                raise ParameterTypeError(
                    f"Activation {role}: expected a callable, got {getattr(self, role)!r}"
                )
        object.__setattr__(self, "coefficients",
                           types.MappingProxyType(dict(self.coefficients)))
        object.__setattr__(self, "kinks", tuple(float(k) for k in self.kinks))

    def __call__(self, x):
        return self.f(x)

    # An Activation is immutable, so copies may share it; ``copy.deepcopy`` of
    # a model then works although ``coefficients`` is a read-only mapping.
    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self

    def __reduce__(self):
        # Built-in activations are closures made by their factory, which
        # pickle cannot store: store the factory's name and parameters
        # instead.  Other activations pickle their f and df by reference.
        factory = FACTORIES.get(self.name)
        if factory is not None and getattr(self.f, "__qualname__", "").startswith(
                factory.__name__ + ".<locals>."):
            return (_rebuild_builtin, (self.name, dict(self.coefficients)))
        return (Activation, (self.name, self.f, self.df, dict(self.coefficients), self.kinks))

    def __repr__(self):
        args = ", ".join(f"{k}={v!r}" for k, v in self.coefficients.items())
        return f"Activation({self.name}({args}))"


def _rebuild_builtin(name, coefficients):
    # Unpickling imports this module, hence its package first, which imports activations:
    # FACTORIES is full by then.
    return FACTORIES[name](**coefficients)


def _as_float_array(x) -> np.ndarray:
    return np.asarray(x, dtype=np.float64)
