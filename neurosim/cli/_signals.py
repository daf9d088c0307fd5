"""Signals for the command line: Ctrl-C, ``kill`` and a closed terminal end a command cleanly.

:func:`install` (called by :func:`neurosim.cli.main`) makes SIGINT, SIGTERM
and SIGHUP raise :class:`Interrupted` wherever the program is, so every
``with`` block unwinds (a staging folder is removed) and ``main`` prints one
line and exits with ``128 + signal number`` (130, 143, 129).  A Ctrl-C that
Brian2 catches during a run is raised as ``KeyboardInterrupt`` by
:func:`neurosim.bio.brian2_tools.run_checked` instead.

:func:`deferred` holds signals back for a short critical section (moving
results into place, removing a staging folder) and reports the ones that
arrived, so the caller can undo its work before raising.
"""

from __future__ import annotations

import contextlib
import signal
import threading

#: The signals that end a command.
SIGNALS = tuple(s for s in (getattr(signal, name, None) for name in ("SIGINT", "SIGTERM", "SIGHUP"))
                if s is not None)


class Interrupted(KeyboardInterrupt):
    """The command was ended by a signal; ``exit_code`` is 128 + its number."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = int(signum)
        self.exit_code = 128 + self.signum
        self.name = signal.Signals(signum).name


def _raise(signum, frame):
    raise Interrupted(signum)


#: How many :func:`install` calls are active (the CLI's ``main`` may be called in-process).
_installed = 0


def install() -> dict:
    """Make the signals of :data:`SIGNALS` raise :class:`Interrupted`; return the old handlers."""
    global _installed
    if threading.current_thread() is not threading.main_thread():
        return {}
    _installed += 1
    return {signum: signal.signal(signum, _raise) for signum in SIGNALS}


def uninstall(previous: dict) -> None:
    """Undo :func:`install`: put back the handlers it returned."""
    global _installed
    if previous:
        _installed -= 1
    restore(previous)


def restore(previous: dict) -> None:
    """Put back signal handlers saved as ``{signum: handler}``."""
    for signum, handler in previous.items():
        signal.signal(signum, handler if handler is not None else signal.SIG_DFL)


@contextlib.contextmanager
def deferred():
    """Hold the signals of :data:`SIGNALS` back; yield the list of those that arrive.

    After the block the previous handlers are back; the caller decides what
    a pending signal means (``raise Interrupted(pending[0])``).
    """
    pending: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield pending
        return
    previous = {signum: signal.signal(signum, lambda s, f: pending.append(s)) for signum in SIGNALS}
    try:
        yield pending
    finally:
        restore(previous)


def ignore() -> None:
    """Ignore the signals from now on (the results are in place: the command has succeeded).

    Only while :func:`install` is active (a command of ``main``), never in a
    program that merely uses the CLI's helpers.
    """
    if _installed and threading.current_thread() is threading.main_thread():
        for signum in SIGNALS:
            signal.signal(signum, signal.SIG_IGN)
