"""Worker processes for independent runs: spawned, quiet, and stopped as one with their caller.

:func:`worker_pool` is the one way neurosim runs work in other processes (the
demo's steps, the cell types of the correspondence table).  Its workers are
*spawned*, not forked: the caller may have threads (a notebook kernel, a test
runner), which a fork does not copy safely.  Each worker

- draws with matplotlib's Agg backend (it never shows a window);
- ignores Ctrl-C and a closed terminal (SIGINT, SIGHUP): a terminal sends
  those to every process of the command, and the caller, not each worker,
  decides what they mean (Brian2's own Ctrl-C handler, installed when Brian2
  is imported, is replaced too, so a worker never stops a run half-way and
  reports it as done);
- on SIGTERM unwinds its ``with`` blocks (a cache write, a compiled project,
  its own workers) and exits at once, printing nothing.

When the caller's block ends with an exception (an error, or Ctrl-C raised in
the caller as ``KeyboardInterrupt``), the workers are terminated before the
exception goes on: nothing keeps running, or writing, behind it.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
from concurrent.futures import Future, ProcessPoolExecutor

#: Exit code of a worker stopped by SIGTERM (128 + 15, as a shell reports it).
TERMINATED = 128 + 15


class _Terminated(SystemExit):
    """Raised in a worker by SIGTERM, so that its ``with`` blocks unwind."""


#: Seconds a worker has to unwind after SIGTERM before it exits regardless (a signal raised
#: inside a weakref callback or a ``__del__`` is swallowed by Python, so the raise alone
#: may not end the task).
GRACE_S = 2.0

#: Whether this process is a worker of :func:`worker_pool` (whose pools then run in-process:
#: the cores are taken by its siblings).
_IN_WORKER = False


def _terminate_handler(signum, frame):
    import logging
    import threading

    logging.disable(logging.CRITICAL)  # unwinding, Brian2 would warn of objects never run

    timer = threading.Timer(GRACE_S, os._exit, (TERMINATED,))
    timer.daemon = True
    timer.start()
    raise _Terminated(TERMINATED)


def _unraisable(hook):
    """``sys.unraisablehook`` that keeps quiet about a swallowed :class:`_Terminated`."""
    def quiet(info):
        if not isinstance(info.exc_value, _Terminated):
            hook(info)

    return quiet


def _init_worker() -> None:
    global _IN_WORKER
    import sys

    _IN_WORKER = True
    sys.unraisablehook = _unraisable(sys.unraisablehook)
    import matplotlib

    matplotlib.use("Agg")
    import brian2  # noqa: F401 - installs Brian2's Ctrl-C handler, replaced just below

    for name in ("SIGINT", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _terminate_handler)


def _ready() -> None:
    """Nothing: submitted once per worker to start them all (see :func:`worker_pool`)."""


@contextlib.contextmanager
def _task_heap():
    """In a worker, around one task: one full garbage collection, then the objects left
    (imports, compiled code, the results of earlier tasks) frozen until the task ends.

    Brian2's ``Network.run`` starts with ``gc.collect()``; a worker that has imported Brian2
    and sympy and compiled Cython code holds 2e5-4e5 objects, and each of those collections
    took 0.07-0.19 s (a cold cell-type table makes 84 runs).  Frozen objects are skipped
    (:func:`gc.freeze`); the task's own objects are collected as before, so Brian2 still
    frees a finished run's objects and their names (its generated code, and so the compiled
    extension it reuses, holds them).  Only in workers: a caller's own heap is left alone.
    """
    if not _IN_WORKER:
        yield
        return
    import gc

    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _call(function, args):
    """Run ``function(*args)`` in a worker; an exception comes back as one the caller can read."""
    try:
        with _task_heap():
            return function(*args)
    except _Terminated:
        pass  # unwound; the caller is not listening for a result
    except Exception as err:  # noqa: BLE001 - handed to the caller, who raises it
        raise portable(err) from None
    os._exit(TERMINATED)


def portable(err: BaseException) -> BaseException:
    """``err`` as an exception that survives the trip to the caller's process.

    A compiler's failure deep in the chain of a Brian2 error is what the
    command line reports (its ``__cause__`` chain does not cross processes), so
    that link itself is returned; an exception that does not pickle becomes a
    ``RuntimeError`` with its type and message.
    """
    chain, link = [], err
    while link is not None and link not in chain:
        chain.append(link)
        link = link.__cause__ or link.__context__
    for link in chain:
        if type(link).__name__ in ("CompileError", "LinkError"):
            return link
    try:
        pickle.loads(pickle.dumps(err))
    except Exception:  # noqa: BLE001 - any failure to cross means: send text instead
        return RuntimeError(f"{type(err).__name__}: {err}")
    return err


class Pool:
    """The workers of :func:`worker_pool`: ``submit(function, *args)`` gives a future.

    Without an executor (inside a worker, or for one process) every call runs here, at
    once, and its future is already done.
    """

    def __init__(self, executor: ProcessPoolExecutor | None = None):
        self._executor = executor

    def submit(self, function, *args):
        """Run ``function(*args)`` in a worker (a module-level function, picklable arguments)."""
        if self._executor is not None:
            return self._executor.submit(_call, function, args)
        future = Future()
        with _task_heap():
            future.set_result(function(*args))
        return future

    def map(self, function, items) -> list:
        """``[function(item) for item in items]`` in the workers, in order."""
        return [f.result() for f in [self.submit(function, item) for item in items]]


@contextlib.contextmanager
def _starting():
    """Around the start of the workers: Ctrl-C and SIGHUP ignored, SIGTERM held back.

    A new process inherits ignored signals, so the worker ignores a terminal's Ctrl-C from
    its first instant (before :func:`_init_worker` runs, Python would print a
    ``KeyboardInterrupt`` traceback); and the caller cannot be interrupted half-way through
    handing the new process its start-up data (the worker would print an ``EOFError``).  A
    SIGTERM that arrives meanwhile is handled afterwards; a Ctrl-C in those few
    milliseconds is lost (press it again).  Only in the main thread (where signals are
    handled); elsewhere nothing changes.
    """
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    pending = []
    ignored = [getattr(signal, n) for n in ("SIGINT", "SIGHUP") if hasattr(signal, n)]
    previous = {signum: signal.signal(signum, signal.SIG_IGN) for signum in ignored}
    previous[signal.SIGTERM] = signal.signal(signal.SIGTERM, lambda s, f: pending.append(s))
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler if handler is not None else signal.SIG_DFL)
        if pending:
            signal.raise_signal(pending[0])


@contextlib.contextmanager
def worker_pool(processes: int):
    """``processes`` spawned workers (see the module docstring), yielded as a :class:`Pool`.

    On leaving the block normally the workers finish and exit; on an exception
    (``KeyboardInterrupt`` included) they are terminated first.  Inside a worker, or for
    fewer than two processes, the pool runs every call in this process: workers never start
    workers (their siblings have the cores), so a worker has no processes of its own to
    stop.
    """
    if _IN_WORKER or processes < 2:
        yield Pool()
        return
    import multiprocessing

    executor = ProcessPoolExecutor(processes, multiprocessing.get_context("spawn"),
                                   initializer=_init_worker)
    with _starting():  # every worker now (one per submit), not at some later submit
        for _ in range(processes):
            executor.submit(_ready)
    try:
        yield Pool(executor)
    except BaseException:
        _terminate(executor)
        raise
    executor.shutdown(wait=True)


def _terminate(executor: ProcessPoolExecutor) -> None:
    """Stop every worker now: SIGTERM (they unwind), then SIGKILL for one that lingers."""
    stop = getattr(executor, "terminate_workers", None)  # Python >= 3.14
    processes = list((getattr(executor, "_processes", None) or {}).values())
    if stop is None:
        for process in processes:
            with contextlib.suppress(Exception):
                process.terminate()
    else:
        stop()
    for process in processes:
        process.join(timeout=10)
        if process.is_alive():
            process.kill()
            process.join()
    executor.shutdown(wait=True, cancel_futures=True)  # its queues and threads end with them
