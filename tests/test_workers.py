"""neurosim.workers: results in order, errors that cross processes, no nesting, a clean stop."""

import os
import pickle
import time

import pytest

from neurosim.errors import ParameterError
from neurosim.workers import Pool, portable, worker_pool


def _pid_of(x):
    return x, os.getpid()


def _refuse(x):
    raise ParameterError(f"x: must be in [0, 1], got {x}")


class _Unpicklable(Exception):
    def __init__(self, a, b):  # pickling calls _Unpicklable(message): one argument, not two
        super().__init__(f"{a} {b}")


def _raise_unpicklable(x):
    raise _Unpicklable("odd", x)


def _nested(x):
    with worker_pool(2) as pool:  # inside a worker: runs here
        return os.getpid(), [pid for _, pid in pool.map(_pid_of, [x, x + 1])]


def _sleep(seconds):
    time.sleep(seconds)
    return seconds


def test_results_come_back_in_order_from_other_processes():
    with worker_pool(2) as pool:
        out = pool.map(_pid_of, range(6))
    assert [x for x, _ in out] == list(range(6))
    assert os.getpid() not in {pid for _, pid in out}


def test_our_error_comes_back_as_itself():
    with pytest.raises(ParameterError, match=r"x: must be in \[0, 1\], got 3"):
        with worker_pool(2) as pool:
            pool.map(_refuse, [3])


def test_an_error_that_cannot_cross_becomes_text():
    err = portable(_Unpicklable("odd", 1))
    assert type(err) is RuntimeError and str(err) == "_Unpicklable: odd 1"
    with pytest.raises(RuntimeError, match="_Unpicklable: odd 2"):
        with worker_pool(2) as pool:
            pool.map(_raise_unpicklable, [2])


def test_a_compiler_failure_deep_in_the_chain_is_what_crosses():
    class CompileError(Exception):
        pass

    try:
        try:
            raise CompileError("g++ failed")
        except CompileError as inner:
            raise RuntimeError("Brian2: code object failed") from inner
    except RuntimeError as outer:
        crossed = portable(outer)
    assert type(crossed).__name__ == "CompileError" and str(crossed) == "g++ failed"
    pickle.dumps(ParameterError("x: bad"))  # our errors cross as they are


def test_a_worker_runs_its_own_pool_in_process():
    with worker_pool(2) as pool:
        (worker, inner), = pool.map(_nested, [0])
    assert worker != os.getpid() and inner == [worker, worker]


def test_one_process_runs_here():
    with worker_pool(1) as pool:
        assert pool.map(_pid_of, [5]) == [(5, os.getpid())]
    assert isinstance(pool, Pool)


def test_an_interrupt_in_the_block_stops_the_workers():
    """Ctrl-C while workers run: they are terminated before the interrupt goes on."""
    with pytest.raises(KeyboardInterrupt):
        with worker_pool(2) as pool:
            futures = [pool.submit(_sleep, 600) for _ in range(2)]
            processes = list(pool._executor._processes.values())
            while not all(p.is_alive() for p in processes) or not futures[0].running():
                time.sleep(0.05)
            raise KeyboardInterrupt
    assert processes and not any(p.is_alive() for p in processes)
    assert {p.exitcode for p in processes} <= {143, -15}


def _frozen_during_and_after(x):
    """In a worker: objects frozen during a task, and during one that a nested (in-process)
    pool runs."""
    import gc

    during = gc.get_freeze_count()
    with worker_pool(2) as pool:  # inside a worker: runs here, its own task
        nested = pool.map(_freeze_count, [0])[0]
    return during, nested


def _freeze_count(_):
    import gc

    return gc.get_freeze_count()


def test_a_worker_task_freezes_what_was_there_before_it_and_unfreezes_after():
    # Brian2 collects garbage at every run: a worker's imports are frozen during a task so
    # that each collection skips them; the caller's own heap is never frozen.
    import gc

    with worker_pool(2) as pool:
        (during, nested), after = pool.map(_frozen_during_and_after, [0])[0], \
            pool.map(_freeze_count, [0])[0]
    assert during > 1000 and nested > 1000 and after > 1000  # each a task: frozen in it
    with worker_pool(1) as pool:  # in this process: nothing frozen
        assert pool.map(_freeze_count, [0]) == [0]
    assert gc.get_freeze_count() == 0
