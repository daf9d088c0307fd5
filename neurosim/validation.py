"""Checks of arguments, written once and used by every layer of neurosim.

Each check either returns the value (converted to the plain type it stands
for: ``int``, ``float``, a float array) or raises one error from
:mod:`neurosim.errors` whose message names the argument, the value it got and
what is allowed:

=========================== ============================================================
check                       rule
=========================== ============================================================
:func:`check_real`          a finite real number (``bool`` refused), optionally in a range
:func:`check_integer`       an integer (``bool`` refused), optionally in a range
:func:`check_scalar`        a single value, not an array
:func:`check_finite_array`  an array of finite numbers, optionally of a given ``ndim``
:func:`check_instance`      an object of a given class (parameter objects, models)
:func:`check_choice`        one of a fixed set of names
:func:`check_seed`          THE seed rule: ``None`` (draw one) or an integer in [0, 2**32)
=========================== ============================================================

A wrong type raises :class:`~neurosim.errors.ParameterTypeError` (a missing or
wrong unit its subclass :class:`~neurosim.errors.UnitError`), a bad value
:class:`~neurosim.errors.ParameterError`, unusable data
:class:`~neurosim.errors.DataError`.

This module imports only numpy and :mod:`neurosim.errors`, so ``neurosim.ann``
can use it without loading Brian2.  The check of Brian2 quantities,
:func:`neurosim.units.check_quantity`, lives with the other unit helpers.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from neurosim.errors import DataError, ParameterError, ParameterTypeError

__all__ = [
    "SEED_LIMIT", "check_choice", "check_finite_array", "check_instance", "check_integer",
    "check_real", "check_scalar", "check_seed", "new_seed",
]

#: Seeds are integers in ``[0, SEED_LIMIT)``: the range that numpy's
#: ``RandomState``/``default_rng``, ``brian2.seed`` and Brian2's standalone
#: ``device.seed`` all accept.
SEED_LIMIT = 2**32


def _range_text(low, high, low_open, high_open) -> str:
    """Say the allowed range in words: '>= 0', '> 0', 'in [0, 1)'."""
    has_low = low is not None and low != -math.inf
    has_high = high is not None and high != math.inf
    if has_low and has_high:
        return f"in {'(' if low_open else '['}{low:g}, {high:g}{')' if high_open else ']'}"
    if has_low:
        return f"{'>' if low_open else '>='} {low:g}"
    if has_high:
        return f"{'<' if high_open else '<='} {high:g}"
    return ""


def _in_range(value, low, high, low_open, high_open) -> bool:
    if low is not None and not (value > low if low_open else value >= low):
        return False
    if high is not None and not (value < high if high_open else value <= high):
        return False
    return True


def check_real(value, name: str, *, low=None, high=None, low_open: bool = False,
               high_open: bool = False) -> float:
    """Check that ``value`` is one finite real number, optionally in a range.

    Parameters
    ----------
    value : int or float
        The value to check; ``bool`` and numpy scalars of bool type are refused.
    name : str
        The argument's name, for the message (e.g. ``"learning_rate"``).
    low, high : float, optional
        Bounds of the allowed range (inclusive unless ``low_open``/``high_open``).

    Returns
    -------
    float

    Raises
    ------
    ParameterTypeError
        If ``value`` is not a real number (a string, a bool, an array, ...).
    ParameterError
        If it is NaN, infinite or outside the range.
    """
    allowed = " ".join(filter(None, ("a finite number", _range_text(low, high, low_open,
                                                                      high_open))))
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise ParameterTypeError(f"{name}: must be {allowed}, got {value!r}")
    if not math.isfinite(value) or not _in_range(value, low, high, low_open, high_open):
        raise ParameterError(f"{name}: must be {allowed}, got {value!r}")
    return float(value)


def check_integer(value, name: str, *, low=None, high=None) -> int:
    """Check that ``value`` is one integer (not a bool), optionally in ``[low, high]``.

    Returns
    -------
    int

    Raises
    ------
    ParameterTypeError
        If ``value`` is not an integer (``True``, ``2.0`` and ``"2"`` are refused).
    ParameterError
        If it is outside the range.
    """
    allowed = " ".join(filter(None, ("an integer", _range_text(low, high, False, False))))
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise ParameterTypeError(f"{name}: must be {allowed}, got {value!r}")
    if not _in_range(value, low, high, False, False):
        raise ParameterError(f"{name}: must be {allowed}, got {value!r}")
    return int(value)


def check_scalar(value, name: str):
    """Check that ``value`` is a single value, not an array; return it unchanged.

    Raises
    ------
    ParameterError
        If ``value`` has one or more dimensions.
    """
    if np.ndim(value) != 0:
        raise ParameterError(
            f"{name}: must be a single value, got an array of shape {np.shape(value)}")
    return value


def check_finite_array(values, name: str, *, ndim: int | None = None) -> np.ndarray:
    """Return ``values`` as a float64 array, checking that every element is finite.

    Parameters
    ----------
    values : array_like
        Numbers (not quantities: check those with :func:`neurosim.units.check_quantity`).
    name : str
        The argument's name, for the message (e.g. ``"X"``).
    ndim : int, optional
        The number of dimensions the array must have.

    Raises
    ------
    DataError
        If ``values`` are not numbers, contain NaN or infinite values, or have
        the wrong number of dimensions.
    """
    try:
        arr = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError):
        raise DataError(f"{name}: expected an array of numbers, got {values!r}") from None
    if not np.all(np.isfinite(arr)):
        raise DataError(f"{name}: contains NaN or infinite values")
    if ndim is not None and arr.ndim != ndim:
        raise DataError(f"{name}: expected a {ndim}-d array, got shape {arr.shape}")
    return arr


def check_instance(value, name: str, expected: type | tuple, *, hint: str = ""):
    """Check that ``value`` is an instance of ``expected`` (e.g. a parameter object).

    Parameters
    ----------
    value : object
    name : str
        The argument's name, e.g. ``"params"``.
    expected : type or tuple of types
    hint : str, optional
        How to get a right one, e.g. ``"load_preset('brunel2000')"``.

    Raises
    ------
    ParameterTypeError
        ``"params: expected LIFParams (e.g. load_preset('brunel2000')), got str"``.
    """
    if not isinstance(value, expected):
        types = expected if isinstance(expected, tuple) else (expected,)
        wanted = " or ".join(t.__name__ for t in types)
        extra = f" (e.g. {hint})" if hint else ""
        raise ParameterTypeError(
            f"{name}: expected {wanted}{extra}, got {type(value).__name__}")
    return value


def check_choice(value, name: str, choices):
    """Check that ``value`` is one of ``choices`` (names, targets, ...); return it.

    Raises
    ------
    ParameterError
        Naming every allowed choice.
    """
    try:
        ok = value in choices
    except TypeError:  # unhashable value against a set or dict
        ok = False
    if not ok:
        raise ParameterError(
            f"{name}: must be one of {', '.join(map(str, choices))}; got {value!r}")
    return value


def new_seed() -> int:
    """Draw a fresh seed in ``[0, SEED_LIMIT)`` from the operating system's entropy.

    Results record the seed they used, so a run with a drawn seed can be repeated.
    """
    return int(np.random.SeedSequence().generate_state(1)[0])


def check_seed(seed, name: str = "seed") -> int:
    """The one seed rule of neurosim: ``None`` or an integer in ``[0, 2**32)``.

    Every function and command that takes a seed checks it here.  ``None``
    draws a fresh seed (:func:`new_seed`), returned so that the result can
    record it.  The range is what numpy (``RandomState``, ``default_rng``)
    and Brian2 (``brian2.seed``, ``device.seed``) all accept.

    Returns
    -------
    int

    Raises
    ------
    ParameterTypeError
        If ``seed`` is not None or an integer (``True`` and ``1.0`` are refused).
    ParameterError
        If it is outside ``[0, 2**32)``.
    """
    if seed is None:
        return new_seed()
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, numbers.Integral):
        raise ParameterTypeError(
            f"{name}: must be None or an integer in [0, 2**32), got {seed!r}")
    if not 0 <= seed < SEED_LIMIT:
        raise ParameterError(f"{name}: must be None or an integer in [0, 2**32), got {seed}")
    return int(seed)
