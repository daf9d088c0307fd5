"""Input currents as functions of time: constant, step, ramp, sine, and their sums.

A stimulus is a small frozen object; ``stimulus.sample(t)`` returns the current
at the times ``t`` (a Brian2 quantity array), which is how
:func:`neurosim.bio.simulate` turns it into a ``TimedArray``.  Stimuli
add up: ``Step(...) + Sine(...)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from brian2 import Hz, Quantity, amp, ms, nA, second

from neurosim.errors import ParameterError
from neurosim.units import check_quantity
from neurosim.validation import check_real


class Stimulus:
    """Base class: a current that depends on time."""

    def sample(self, t: Quantity) -> Quantity:
        """Return the current (amp) at times ``t`` (Quantity array, seconds)."""
        t = check_quantity(t, "t", second)
        return self._sample(np.asarray(t / second, dtype=float)) * amp

    def _sample(self, t_s: np.ndarray) -> np.ndarray:  # pragma: no cover - abstract
        raise NotImplementedError

    def __add__(self, other: "Stimulus") -> "Stimulus":
        if not isinstance(other, Stimulus):
            return NotImplemented
        return Sum((self, other))

    def describe(self) -> str:
        """A one-line description for figure titles and file headers."""
        return repr(self)


def _amp(value, name):
    return float(check_quantity(value, name, amp, scalar=True) / amp)


def _time(value, name, *, allow_none=False):
    if value is None and allow_none:
        return None
    return float(check_quantity(value, name, second, scalar=True) / second)


@dataclass(frozen=True, eq=False)
class Constant(Stimulus):
    """A constant current ``I(t) = amplitude``."""

    amplitude: Quantity

    def __post_init__(self):
        _amp(self.amplitude, "amplitude")

    def _sample(self, t_s):
        return np.full_like(t_s, _amp(self.amplitude, "amplitude"))

    def describe(self) -> str:
        return f"constant {self.amplitude}"


@dataclass(frozen=True, eq=False)
class Step(Stimulus):
    """A current step: ``baseline`` before ``start`` and after ``stop``, ``amplitude`` between.

    Parameters
    ----------
    amplitude : Quantity (current)
    start : Quantity (time)
    stop : Quantity (time) or None
        None: the step never ends.
    baseline : Quantity (current)
    """

    amplitude: Quantity
    start: Quantity = field(default_factory=lambda: 0 * ms)
    stop: Quantity | None = None
    baseline: Quantity = field(default_factory=lambda: 0 * nA)

    def __post_init__(self):
        _amp(self.amplitude, "amplitude")
        _amp(self.baseline, "baseline")
        start = _time(self.start, "start")
        stop = _time(self.stop, "stop", allow_none=True)
        if stop is not None and stop <= start:
            raise ParameterError(f"stop: must be after start ({self.start}), got {self.stop}")

    def _sample(self, t_s):
        start = _time(self.start, "start")
        stop = _time(self.stop, "stop", allow_none=True)
        on = t_s >= start
        if stop is not None:
            on &= t_s < stop
        return np.where(on, _amp(self.amplitude, "amplitude"), _amp(self.baseline, "baseline"))

    def describe(self) -> str:
        end = f" to {self.stop}" if self.stop is not None else ""
        return f"step to {self.amplitude} from {self.start}{end}"


@dataclass(frozen=True, eq=False)
class Ramp(Stimulus):
    """A current rising linearly from ``start_amplitude`` at ``start`` to ``end_amplitude``
    at ``stop``.

    Before ``start`` the current is ``start_amplitude``; after ``stop`` it
    stays at ``end_amplitude``.
    """

    start_amplitude: Quantity
    end_amplitude: Quantity
    start: Quantity
    stop: Quantity

    def __post_init__(self):
        _amp(self.start_amplitude, "start_amplitude")
        _amp(self.end_amplitude, "end_amplitude")
        if _time(self.stop, "stop") <= _time(self.start, "start"):
            raise ParameterError(f"stop: must be after start ({self.start}), got {self.stop}")

    def _sample(self, t_s):
        t0, t1 = _time(self.start, "start"), _time(self.stop, "stop")
        a0 = _amp(self.start_amplitude, "start_amplitude")
        a1 = _amp(self.end_amplitude, "end_amplitude")
        frac = np.clip((t_s - t0) / (t1 - t0), 0.0, 1.0)
        return a0 + frac * (a1 - a0)

    def describe(self) -> str:
        return f"ramp {self.start_amplitude} to {self.end_amplitude}"


@dataclass(frozen=True, eq=False)
class Sine(Stimulus):
    """A sinusoidal current ``offset + amplitude * sin(2*pi*frequency*t + phase)``.

    Parameters
    ----------
    amplitude : Quantity (current)
    frequency : Quantity (frequency), > 0
    offset : Quantity (current)
    phase : float
        In radians.
    """

    amplitude: Quantity
    frequency: Quantity
    offset: Quantity = field(default_factory=lambda: 0 * nA)
    phase: float = 0.0

    def __post_init__(self):
        _amp(self.amplitude, "amplitude")
        _amp(self.offset, "offset")
        freq = float(check_quantity(self.frequency, "frequency", Hz, scalar=True) / Hz)
        if freq <= 0:
            raise ParameterError(f"frequency: must be > 0 Hz, got {self.frequency}")
        check_real(self.phase, "phase (radians)")

    def _sample(self, t_s):
        freq = float(self.frequency / Hz)
        return _amp(self.offset, "offset") + _amp(self.amplitude, "amplitude") * np.sin(
            2 * np.pi * freq * t_s + self.phase
        )

    def describe(self) -> str:
        return f"sine {self.amplitude} at {self.frequency} around {self.offset}"


@dataclass(frozen=True, eq=False)
class Sum(Stimulus):
    """The sum of several stimuli (made by ``a + b``)."""

    parts: tuple

    def _sample(self, t_s):
        return sum(part._sample(t_s) for part in self.parts)

    def describe(self) -> str:
        return " + ".join(part.describe() for part in self.parts)


__all__ = ["Stimulus", "Constant", "Step", "Ramp", "Sine", "Sum"]
