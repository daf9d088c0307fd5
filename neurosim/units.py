"""Physical units: reading quantities from text and naming dimensions.

Brian2 quantities carry their units; these helpers name a dimension in
messages and turn text such as ``"10 ms"`` into a quantity
(:func:`check_quantity` checks one).  Text is parsed with
a regular expression and a whitelist of unit names: it is never evaluated.
"""

from __future__ import annotations

import math
import re

import brian2
import numpy as np
from brian2 import Quantity, get_dimensions
from brian2.units.fundamentalunits import DIMENSIONLESS

from neurosim.errors import ParameterError, UnitError
from neurosim.validation import check_scalar

#: Unit names accepted in text (presets, command line), by dimension.
UNITS = {
    # time
    "s": brian2.second,
    "second": brian2.second,
    "ms": brian2.ms,
    "us": brian2.us,
    "µs": brian2.us,
    # voltage
    "V": brian2.volt,
    "volt": brian2.volt,
    "mV": brian2.mV,
    "uV": brian2.uvolt,
    "µV": brian2.uvolt,
    # current
    "A": brian2.amp,
    "amp": brian2.amp,
    "mA": brian2.mA,
    "uA": brian2.uA,
    "µA": brian2.uA,
    "nA": brian2.nA,
    "pA": brian2.pA,
    # resistance
    "ohm": brian2.ohm,
    "kohm": brian2.kohm,
    "Mohm": brian2.Mohm,
    "Gohm": brian2.Gohm,
    "Ω": brian2.ohm,
    "kΩ": brian2.kohm,
    "MΩ": brian2.Mohm,
    "GΩ": brian2.Gohm,
    # conductance and capacitance
    "S": brian2.siemens,
    "mS": brian2.msiemens,
    "uS": brian2.usiemens,
    "nS": brian2.nsiemens,
    "pS": brian2.psiemens,
    "F": brian2.farad,
    "uF": brian2.ufarad,
    "nF": brian2.nfarad,
    "pF": brian2.pfarad,
    # frequency (and rate constants such as Izhikevich's ``a``)
    "Hz": brian2.Hz,
    "ms^-1": 1 / brian2.ms,
    "kHz": brian2.kHz,
    "s^-1": brian2.Hz,
    # areas and densities of conductance-based models (Hodgkin-Huxley type)
    "um^2": brian2.umetre**2,
    "µm^2": brian2.umetre**2,
    "cm^2": brian2.cmetre**2,
    "uF/cm^2": brian2.ufarad / brian2.cmetre**2,
    "µF/cm^2": brian2.ufarad / brian2.cmetre**2,
    "mS/cm^2": brian2.msiemens / brian2.cmetre**2,
    "uA/cm^2": brian2.uA / brian2.cmetre**2,
    "µA/cm^2": brian2.uA / brian2.cmetre**2,
    # Izhikevich (2007): k in nS/mV
    "nS/mV": brian2.nsiemens / brian2.mV,
}

#: The unit used to name each dimension in messages.
_DIM_NAMES = {
    get_dimensions(brian2.second): "time (e.g. ms)",
    get_dimensions(brian2.volt): "voltage (e.g. mV)",
    get_dimensions(brian2.amp): "current (e.g. nA)",
    get_dimensions(brian2.ohm): "resistance (e.g. Mohm)",
    get_dimensions(brian2.Hz): "frequency (e.g. Hz)",
    get_dimensions(brian2.farad): "capacitance (e.g. pF)",
    get_dimensions(brian2.siemens): "conductance (e.g. nS)",
    get_dimensions(brian2.metre**2): "area (e.g. um^2)",
    get_dimensions(brian2.farad / brian2.metre**2): "capacitance density (e.g. uF/cm^2)",
    get_dimensions(brian2.siemens / brian2.metre**2): "conductance density (e.g. mS/cm^2)",
    get_dimensions(brian2.amp / brian2.metre**2): "current density (e.g. uA/cm^2)",
    get_dimensions(brian2.siemens / brian2.volt): "conductance per voltage (e.g. nS/mV)",
}

_NUMBER_UNIT = re.compile(
    r"""^\s*
    (?P<number>[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)
    \s*\*?\s*
    (?P<unit>[A-Za-zµΩ][A-Za-zµΩ/^0-9-]*)?
    \s*$""",
    re.VERBOSE,
)


def dimension_name(unit) -> str:
    """Return a readable name of ``unit``'s dimension, e.g. ``"time (e.g. ms)"``."""
    dim = get_dimensions(unit)
    return _DIM_NAMES.get(dim, str(dim))


def parse_quantity(text: str, name: str, unit=None) -> Quantity:
    """Read a quantity such as ``"10 ms"`` or ``"-70mV"`` from text.

    Parameters
    ----------
    text : str
        A number followed by a unit from :data:`UNITS` (``"0.5 nA"``,
        ``"1e-3 s"``, ``"10ms"``).
    name : str
        What the value is (used in error messages), e.g. ``"tau_m"``.
    unit : Quantity, optional
        The unit whose dimension the result must have.

    Returns
    -------
    Quantity

    Raises
    ------
    UnitError
        If the text has no unit, an unknown unit, or the wrong dimension.
    ParameterError
        If the text is not a number with a unit at all.
    """
    if isinstance(text, Quantity):
        return check_quantity(text, name, unit) if unit is not None else text
    if not isinstance(text, str):
        raise UnitError(f"{name}: expected text such as '10 ms', got {text!r}")
    match = _NUMBER_UNIT.match(text)
    if match is None:
        raise ParameterError(f"{name}: cannot read {text!r} as a number with a unit (e.g. '10 ms')")
    number = float(match["number"])
    unit_name = match["unit"]
    if unit_name is None:
        need = f" in {dimension_name(unit)}" if unit is not None else ""
        raise UnitError(f"{name}: {text!r} has no unit; give it{need}")
    if unit_name not in UNITS:
        known = ", ".join(sorted(UNITS))
        raise UnitError(f"{name}: unknown unit {unit_name!r} in {text!r}; known units: {known}")
    value = number * UNITS[unit_name]
    if unit is not None:
        check_quantity(value, name, unit)
    return value


def format_quantity(value: Quantity, unit) -> str:
    """Format a scalar quantity in ``unit`` as text that :func:`parse_quantity` reads back."""
    number = float(value / unit)
    unit_name = next(
        k
        for k, v in UNITS.items()
        if v is unit
        or (get_dimensions(v) is get_dimensions(unit) and math.isclose(float(v), float(unit)))
    )
    return f"{number:.10g} {unit_name}"


#: The unit :func:`readable` prints each dimension in (the unit of neurosim's messages).
_SHOW_UNITS = {
    get_dimensions(brian2.second): ("ms", brian2.ms),
    get_dimensions(brian2.volt): ("mV", brian2.mV),
    get_dimensions(brian2.amp): ("nA", brian2.nA),
    get_dimensions(brian2.ohm): ("Mohm", brian2.Mohm),
    get_dimensions(brian2.Hz): ("Hz", brian2.Hz),
    get_dimensions(brian2.farad): ("pF", brian2.pfarad),
    get_dimensions(brian2.siemens): ("nS", brian2.nsiemens),
}


def readable(value) -> str:
    """A quantity as short readable text for messages: ``"0.1 ms"``, ``"1e+30 s"``, ``"inf s"``.

    Each dimension prints in one unit (ms, or s from 1 s on; mV, nA, Mohm, Hz, pF, nS) with 4
    significant digits, never with Brian2's extreme prefixes (no ``"inf Ys"``,
    no ``"1.e-09 ys"``); the text reads back with :func:`parse_quantity`.
    Arrays are summarised.
    """
    if not isinstance(value, Quantity):
        return str(value)
    if np.ndim(value) != 0:
        return f"array of {np.size(value)} values"
    dim = get_dimensions(value)
    name, unit = _SHOW_UNITS.get(dim, (None, None))
    if name is None:
        number = float(np.asarray(value, dtype=float))
        return f"{number:.4g}" if dim is DIMENSIONLESS else f"{number:.4g} {dim}"
    si = float(np.asarray(value, dtype=float))
    number = si / float(np.asarray(unit, dtype=float))  # Python floats: inf, no numpy warning
    if math.isfinite(si) and not math.isfinite(number):  # 1e308 A is inf nA: show it in SI
        return f"{si:.4g} {dim}"
    if dim is get_dimensions(brian2.second) and not abs(number) < 1000:
        name, number = "s", number / 1000  # times of a second or more (and inf) in s
    return f"{number:.4g} {name}"


def check_quantity(value, name: str, unit, *, finite: bool = True, scalar: bool = False):
    """Check that ``value`` is a Brian2 quantity with the dimension of ``unit``.

    Parameters
    ----------
    value : Quantity
        The value to check (scalar or array).
    name : str
        The parameter's name, for the message.
    unit : Quantity
        A unit of the required dimension, e.g. ``brian2.ms``.
    finite : bool
        Also require every element to be finite.
    scalar : bool
        Also require a single value (see :func:`check_scalar`).

    Returns
    -------
    Quantity
        ``value`` itself, or one array quantity for a list of scalar quantities of one
        dimension (``[1*nA, 2*nA]``).

    Raises
    ------
    UnitError
        If ``value`` has no unit or the wrong one (the message names the
        unit it needs, e.g. "give it in time (e.g. ms)").
    ParameterError
        If ``finite`` and some element is NaN or infinite, or if ``scalar``
        and ``value`` is an array.
    """
    need = dimension_name(unit)
    if isinstance(value, (list, tuple)) and value and all(isinstance(v, Quantity) for v in value):
        dims = {get_dimensions(v) for v in value}  # [1*nA, 2*nA]: one array quantity
        if len(dims) == 1 and all(np.ndim(v) == 0 for v in value):
            value = Quantity(np.array([float(np.asarray(v)) for v in value]), dim=dims.pop())
    if not isinstance(value, Quantity):
        if isinstance(value, (list, tuple)):
            raise UnitError(f"{name}: {_short(value)} is not one quantity in {need}; give an "
                            f"array times a unit (e.g. np.array([1, 2]) * nA) or a list of "
                            f"quantities of one unit")
        if isinstance(value, (int, float, np.number, np.ndarray)):
            raise UnitError(f"{name}: {_short(value)} has no unit; give it in {need}")
        raise UnitError(f"{name}: expected a quantity in {need}, got {type(value).__name__}")
    if get_dimensions(value) is not get_dimensions(unit):
        got = dimension_name(value) if get_dimensions(value) is not DIMENSIONLESS else "no unit"
        raise UnitError(f"{name}: expected {need}, got {_short(value)} ({got})")
    if scalar:
        check_scalar(value, name)
    if finite and not np.all(np.isfinite(np.asarray(value))):
        raise ParameterError(f"{name}: must be finite, got {_short(value)}")
    return value


def _short(value) -> str:
    """A short text of ``value`` for messages (arrays are summarised, no "inf Ys")."""
    arr = np.asarray(value)
    if arr.ndim == 0 and hasattr(value, "dim"):
        return readable(value)
    if arr.ndim == 0 or arr.size <= 4:
        return str(value)
    return f"array of {arr.size} values"
