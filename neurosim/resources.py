"""Sizes: how many time steps a run takes and how much memory it needs, checked before it starts.

Two limits are real and checked here, never an arbitrary cap:

- Brian2 counts time steps in a signed 64-bit integer: a run of more than
  :data:`MAX_STEPS` steps overflows it and silently simulates nothing
  (every rate 0 Hz).  :func:`check_steps` refuses such a run.
- Memory: :func:`check_memory` (and :func:`check_network_memory` for a
  network's synapses) compares an estimate with what the machine has
  available now (``MemAvailable`` of ``/proc/meminfo``, bounded by a cgroup
  limit) and refuses a run that cannot fit, naming the largest value that
  would.

Both take the names the caller's user knows (``"--points"`` on the command
line, ``"currents"`` in Python), so the message names the option as typed.
Every command should call them before any work (see :mod:`neurosim.cli`).
This module imports nothing heavy.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

from neurosim.errors import ParameterError

#: Largest number of time steps Brian2's step counter (int64) holds.
MAX_STEPS = 2**63 - 1

#: Measured peak memory of ``fi_curve`` per neuron: ~150 bytes on numpy,
#: cython and with noise (10^6 neurons: 309 MB against 160 MB for 2), doubled
#: for safety.  Used by ``neurosim fi``'s size check.
FI_BYTES_PER_NEURON = 300

#: Measured peak memory per synapse of a Brian2 network run: 164 MB more for 6.25 million
#: synapses (``neurosim network --scale 0.4``) than for 1.56 million (0.1), ~35 bytes each;
#: doubled for safety.  Used by :func:`check_network_memory`.
NETWORK_BYTES_PER_SYNAPSE = 70

#: The same on NEST: 90 bytes per synapse measured (peak resident memory at 3.9 M and 7.8 M
#: synapses, 562 MB and 914 MB; docs/performance.md), doubled for safety.
NEST_BYTES_PER_SYNAPSE = 180


def available_memory() -> int | None:
    """Bytes of memory available to this process now, or None when unknown.

    ``MemAvailable`` from ``/proc/meminfo`` (what the kernel can give without
    swapping), lowered to the room left under a cgroup v2 ``memory.max``.
    """
    available = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                available = int(line.split()[1]) * 1024
                break
    except (OSError, ValueError, IndexError):
        pass
    if available is None:
        try:
            available = os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        except (AttributeError, ValueError, OSError):
            return None
    try:
        limit = Path("/sys/fs/cgroup/memory.max").read_text().strip()
        used = int(Path("/sys/fs/cgroup/memory.current").read_text().strip())
        if limit != "max":
            available = min(available, max(int(limit) - used, 0))
    except (OSError, ValueError):
        pass
    return available


def readable_bytes(n: float) -> str:
    """``1.5 GiB``, ``300 MiB``, ... for messages."""
    for unit in ("B", "KiB", "MiB", "GiB", "TiB", "PiB"):
        if abs(n) < 1024 or unit == "PiB":
            return f"{n:.3g} {unit}" if unit != "B" else f"{int(n)} B"
        n /= 1024
    return f"{n:.3g} EiB"  # pragma: no cover


def steps(duration, dt) -> float:
    """Number of time steps of ``duration`` at ``dt`` (as a float: it may exceed int64)."""
    return float(duration / dt)


def check_steps(duration, dt, *, duration_name: str = "duration", dt_name: str = "dt",
                blame: str = "duration") -> int:
    """Refuse a run longer than Brian2's step counter; return the number of steps.

    Parameters
    ----------
    duration, dt : Quantity (time)
    duration_name, dt_name : str
        How the caller's user calls them (``"--duration"``, ``"presentation"``).
    blame : {"duration", "dt"}
        Which one the message leads with (the one the user changed).

    Raises
    ------
    ParameterError
        If ``duration / dt`` exceeds :data:`MAX_STEPS`; the message names the
        largest duration (or smallest dt) that works.
    """
    from neurosim.units import readable

    n = steps(duration, dt)
    if not n <= MAX_STEPS:
        counter = f"more than Brian2's step counter holds (2**63 - 1 = {MAX_STEPS:.3g})"
        if blame == "dt":
            raise ParameterError(
                f"{dt_name}: {readable(dt)} makes {readable(duration)} {n:.3g} time steps, "
                f"{counter}; "
                f"the smallest {dt_name} that works with {duration_name} {readable(duration)} is "
                f"{readable(duration / MAX_STEPS * (1 + 1e-9))}")
        raise ParameterError(
            f"{duration_name}: {readable(duration)} is {n:.3g} time steps of {readable(dt)}, "
            f"{counter}; "
            f"the largest {duration_name} that works with {dt_name} {readable(dt)} is "
            f"{readable(dt * MAX_STEPS * (1 - 1e-9))}")
    return int(round(n))


def check_memory(units: int, bytes_per_unit: float, *, name: str, value, what: str,
                 per: int = 1) -> None:
    """Refuse a computation whose estimated memory exceeds what is available.

    Parameters
    ----------
    units : int
        How many of the things that cost memory (neurons, grid points, ...).
    bytes_per_unit : float
        Estimated bytes per unit (measured; see the constants of this module).
    name : str
        The option or argument that set the size, as the user wrote it.
    value
        Its value as the user gave it (printed back).
    what : str
        What the units are, e.g. ``"neurons"``.
    per : int
        Units per step of ``value``: the largest value that fits is
        ``floor(available / bytes_per_unit / per)`` (e.g. ``per=trials`` for
        ``--points``); see :func:`check_memory_square` for a grid side.

    Raises
    ------
    ParameterError
        Naming ``name``, the estimate, what is available and the largest value
        that fits.
    """
    available = available_memory()
    needed = float(units) * bytes_per_unit
    if available is None or needed <= available:
        return
    largest = int(available // bytes_per_unit // per)
    raise ParameterError(
        f"{name}: {value} means {units:.3g} {what}, about {readable_bytes(needed)} of memory, "
        f"more than the {readable_bytes(available)} available; the largest {name} that fits "
        f"is about {largest}")


def check_memory_square(side: int, bytes_per_point: float, *, name: str, what: str) -> None:
    """Like :func:`check_memory` for a square grid of ``side**2`` points."""
    available = available_memory()
    needed = float(side) ** 2 * bytes_per_point
    if available is None or needed <= available:
        return
    largest = math.isqrt(int(available // bytes_per_point))
    raise ParameterError(
        f"{name}: {side} means {float(side) ** 2:.3g} {what}, about {readable_bytes(needed)} of "
        f"memory, more than the {readable_bytes(available)} available; the largest {name} that "
        f"fits is about {largest}")


def check_network_memory(n_synapses: int, *, name: str, value: float,
                         backend: str = "brian2") -> None:
    """Refuse a network whose synapses cannot fit in the memory available (before building it).

    Parameters
    ----------
    n_synapses : int
        The network's number of synapses (:attr:`neurosim.bio.network.NetworkSpec.n_synapses`).
    name : str
        The option or argument that set the size, as the user wrote it (``"--scale"``).
    value : float
        Its value; the synapse count is taken to grow in proportion to it (Brunel's
        networks keep their in-degrees as they scale), so the largest value that fits is
        ``value * available / needed``.
    backend : {"brian2", "nest"}
        The engine: :data:`NETWORK_BYTES_PER_SYNAPSE` (Brian2) or
        :data:`NEST_BYTES_PER_SYNAPSE` per synapse.

    Raises
    ------
    ParameterError
        Naming ``name``, the estimate (:data:`NETWORK_BYTES_PER_SYNAPSE` per synapse), what
        is available and the largest value that fits.
    """
    per = NEST_BYTES_PER_SYNAPSE if backend == "nest" else NETWORK_BYTES_PER_SYNAPSE
    needed, available = float(n_synapses) * per, available_memory()
    if available is not None and needed > available:
        raise ParameterError(
            f"{name}: {value:g} means {n_synapses:.3g} synapses, about "
            f"{readable_bytes(needed)} of memory, more than the {readable_bytes(available)} "
            f"available; the largest {name} that fits is about {value * available / needed:.2g}")
