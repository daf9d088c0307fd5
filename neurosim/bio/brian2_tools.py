"""Brian2 machinery shared by the simulations: targets, seeding, checks.

Public: ``neurosim.bridge`` builds its spiking networks with these too.

Library code builds an explicit ``brian2.Network`` with a ``namespace`` and
explicit object names (the name is part of Brian2's code cache key), never
the magic ``run()``.
"""

from __future__ import annotations

import contextlib
import logging

import brian2
import numpy as np
from brian2 import Quantity, mV, second
from brian2.core.network import Network as _Network  # the class (brian2.Network may be wrapped)

from neurosim.errors import CompilationError, ParameterError, SimulationError
from neurosim.resources import check_steps
from neurosim.units import check_quantity, readable
from neurosim.validation import check_choice, check_instance

#: The one table of Brian2 code-generation targets neurosim accepts: each target and
#: whether it runs inside this process (``"runtime"``: one network can be run again and
#: again) or builds a standalone program (``"standalone"``: one build per network shape).
TARGETS = {"numpy": "runtime", "cython": "runtime", "cpp_standalone": "standalone"}

#: The targets that run inside this process (what measurements that re-run one network take).
RUNTIME_TARGETS = tuple(name for name, kind in TARGETS.items() if kind == "runtime")


#: Above ``log`` of the largest float, ``expm1`` overflows (Brian2's exprel is inf there).
_LOG_MAX = float(np.log(np.finfo(float).max))


def _exprel(x):
    """``(exp(x) - 1)/x`` of a plain array, 1 at 0 (Brian2's ``exprel`` algorithm, no units).

    A model's state update calls it a dozen times per step on a few hundred values
    (Wang-Buzsaki: 12 calls, ``m_inf**3`` expanded by Brian2's simplifier), so the common
    case -- every value finite, none near 0 or past overflow -- is one ``expm1`` and one
    division (~5 us instead of ~11 us on 30 values); the rest takes Brian2's masks.
    """
    x = np.asarray(x, dtype=float)
    if x.size and np.minimum.reduce(np.abs(x), axis=None) >= 1e-16 \
            and np.maximum.reduce(x, axis=None) <= _LOG_MAX:
        return np.expm1(x) / x  # NaN fails the first test, +-inf one of the two
    small = np.abs(x) < 1e-16
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        result = np.expm1(x) / np.where(small, 1.0, x)
    return np.where(small, 1.0, np.where(x > 717, np.inf, result))


def _fast_numpy_functions() -> None:
    """Give ``exprel``, ``expm1`` and ``log1p`` plain-array numpy implementations in Brian2.

    Brian2 2.9 implements these three on the numpy target through its
    unit-checking wrapper, which formats the whole result array into an error
    message text at every call, whether or not there is an error
    (``brian2.core.functions``, ``wrapper_function``): with 200 neurons a
    Hodgkin-Huxley step spent ~98% of its time printing arrays (cProfile of
    ``fi_curve(load_preset("hh_squid"), ...)`` on numpy).  Brian2 registers
    ``exp``, ``log`` and the other ufuncs the same way as here (its
    ``numpy_generator`` module); the values are unchanged (same formulas;
    ``tests/bio/test_numpy_functions.py``).  Compiled targets are untouched.
    """
    from brian2.codegen.generators.numpy_generator import NumpyCodeGenerator
    from brian2.core.functions import DEFAULT_FUNCTIONS

    for name, code in (("exprel", _exprel), ("expm1", np.expm1), ("log1p", np.log1p)):
        DEFAULT_FUNCTIONS[name].implementations.add_implementation(NumpyCodeGenerator, code=code)


_fast_numpy_functions()


def integration_method(sigma_mv: float) -> str:
    """Integration method: exact for the deterministic linear equation,
    Euler-Maruyama when there is noise (Brian2 has no exact stochastic method).
    """
    return "exact" if sigma_mv == 0 else "euler"


@contextlib.contextmanager
def codegen_target(target: str):
    """Temporarily set Brian2's runtime code-generation target (and, for Cython, gcc's
    optimisation level: :func:`cython_compile_args`).

    Restores the previous preferences afterwards, so neurosim never changes a
    user's Brian2 settings.
    """
    prefs = brian2.prefs.codegen
    previous, previous_args = prefs.target, prefs.cpp.extra_compile_args_gcc
    prefs.target = target
    if target == "cython":
        prefs.cpp.extra_compile_args_gcc = cython_compile_args(previous_args)
    try:
        yield
    finally:
        prefs.target = previous
        prefs.cpp.extra_compile_args_gcc = previous_args


def cython_compile_args(args) -> list:
    """gcc's flags for neurosim's Cython code: Brian2's, with ``-O1`` where they say ``-O3``.

    A model's first Cython run compiles 4-6 small extensions, ~2 s of CPU each, most of it
    gcc; neurosim's groups hold tens to hundreds of neurons, so Brian2's Python loop over
    the code objects, not the compiled arithmetic, sets their run time.  ``-O1`` compiles
    the first Hodgkin-Huxley ``fi_curve`` faster and runs 200 HH neurons as fast, with the
    same rates (``python benchmarks/run.py --only-classroom``, its "gcc -O1" rows;
    docs/performance.md).  Other flags (``-ffast-math``, ``-march=native``) are Brian2's;
    flags a user set without ``-O3`` are kept as they are.
    """
    return ["-O1" if a == "-O3" else a for a in args]


@contextlib.contextmanager
def interruptible_build():
    """Around ``device.build``: compile so that Ctrl-C and SIGTERM end the compiler too.

    Brian2 compiles standalone projects with ``os.system("make")``, during
    which the calling process ignores SIGINT (C ``system()``), so a Ctrl-C
    was lost or surfaced as "compilation failed".  Here ``make`` runs in its
    own process group, its output in ``neurosim_make.log`` of the project
    folder; a signal raised while waiting kills the whole group.
    """
    import os
    import signal
    import subprocess

    logs = []

    def system(command):
        logs.append(os.path.abspath("neurosim_make.log"))
        with open("neurosim_make.log", "w") as log:
            proc = subprocess.Popen(command, shell=True, stdout=log, stderr=subprocess.STDOUT,
                                    start_new_session=True)
            try:
                return proc.wait()
            except BaseException:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
                raise

    original, os.system = os.system, system
    try:
        yield
    except RuntimeError as err:
        if "compilation failed" not in str(err):
            raise
        raise CompilationError(
            f"target: cpp_standalone: the C++ compilation failed ({_first_error(logs)}); check "
            "the compiler (g++, make) or use the numpy or cython target") from None
    finally:
        os.system = original


def _first_error(logs: list) -> str:
    """The compiler's first error line from the make log (or what Brian2 said)."""
    for path in logs[-1:]:
        try:
            with open(path, errors="replace") as log:
                for line in log:
                    if "error" in line.lower():
                        text = " ".join(line.split())
                        return text if len(text) <= 200 else text[:200] + "..."
        except OSError:
            pass
    return "no error line in the compiler's output"


@contextlib.contextmanager
def file_lock(path):
    """Hold an exclusive lock on the file ``path`` (created if needed) between processes.

    Used around each compiled standalone project, which one process at a
    time may build, run and read.  Where ``fcntl`` does not exist (Windows)
    this does nothing.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextlib.contextmanager
def quiet_brian():
    """Silence Brian2's INFO/WARNING chatter about method choice etc."""
    logger = logging.getLogger("brian2")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


@contextlib.contextmanager
def seeded(seed: int):
    """Seed Brian2's random numbers, restoring numpy's global random state after.

    Brian2's runtime targets draw from numpy's global generator; saving and
    restoring it keeps neurosim's functions free of side effects.
    """
    state = np.random.get_state()
    brian2.seed(seed)
    try:
        yield
    finally:
        np.random.set_state(state)


# --------------------------------------------------------------------------
# Running: every Brian2 run of neurosim goes through one of these two checks.


def run_checked(network, duration, *, namespace=None) -> None:
    """Run ``network`` for ``duration`` and make sure all of it was simulated.

    Brian2 2.9 turns Ctrl-C during ``Network.run`` into "stop here" and
    returns normally, so a caller would get results of a shorter run; and a
    run past its int64 step counter sets ``network.t`` to the end without
    simulating a single step.  So this refuses, before any work, a run longer
    than the step counter holds (:func:`~neurosim.resources.check_steps`,
    a :class:`~neurosim.errors.ParameterError`), and afterwards compares the
    steps each clock actually took (its ``timestep`` counter) with the steps
    requested -- never the network's time.  A run stopped by Ctrl-C raises
    ``KeyboardInterrupt``, a run short of its steps for any other reason
    raises :class:`~neurosim.errors.SimulationError`.  Every model's runs must
    use it (or :func:`run_standalone_checked`), never ``network.run`` alone.
    """
    clocks = {obj.clock for obj in network.sorted_objects}
    start = float(np.asarray(network.t_))
    end = start + float(duration / second)
    if clocks:
        check_steps(end * second, min(c.dt_ for c in clocks) * second)
    first = {c: _step_of(start, c.dt_) for c in clocks}
    for clock in clocks:
        # A clock shared with earlier networks (Brian2's defaultclock) still counts their
        # steps; put it at this run's start, as Brian2's own Network.before_run does, so a run
        # that never steps cannot pass on another network's count.
        clock._set_t_update_dt(target_t=start * second)
    network.run(duration, namespace=namespace)
    _check_steps_taken(clocks, first, end, float(duration / second))


def run_standalone_checked(device, duration, **run_kwargs) -> None:
    """``device.run(**run_kwargs)`` for cpp_standalone, checked like :func:`run_checked`.

    The project's runs start at 0 s; each clock's step counter, read back
    from the binary's results, must have reached ``duration``.
    """
    requested = float(duration / second)
    clocks = set(getattr(device, "clocks", ()))
    if clocks:
        check_steps(duration, min(c.dt_ for c in clocks) * second)
    device.run(**run_kwargs)
    if clocks:
        _check_steps_taken(clocks, dict.fromkeys(clocks, 0), requested, requested)
        return
    fraction = device._last_run_completed_fraction  # pragma: no cover - a project without clocks
    _check_completed(requested * fraction, requested, rtol=1e-5)


def _step_of(t: float, dt: float) -> float:
    """The clock step Brian2 places time ``t`` at (``Clock._calc_timestep``, without int64).

    Exactly ``t/dt`` rounded when that is within 0.01 % of a step
    (``Clock.epsilon_dt``), else rounded up.
    """
    ratio = t / dt
    nearest = round(ratio) if np.isfinite(ratio) else ratio
    return nearest if abs(nearest - ratio) <= 1e-4 else float(np.ceil(ratio))


def _check_steps_taken(clocks, first: dict, end: float, requested: float) -> None:
    """Every clock's ``timestep`` counter reached the step of ``end`` (else raise)."""
    if _Network._globally_stopped:  # Brian2's Ctrl-C handler asked the run to stop
        _Network._globally_stopped = False
        raise KeyboardInterrupt
    short = []
    for clock in clocks:
        taken = int(np.asarray(clock.timestep[:]).item()) - first[clock]
        wanted = _step_of(end, clock.dt_) - first[clock]
        if taken < wanted:
            short.append(max(taken, 0) * clock.dt_)
    if short:
        _check_completed(min(short), requested)


def _check_completed(simulated: float, requested: float, rtol: float = 1e-9) -> None:
    if _Network._globally_stopped:  # Brian2's Ctrl-C handler asked the run to stop
        _Network._globally_stopped = False
        raise KeyboardInterrupt
    if not simulated >= requested * (1 - rtol):
        raise SimulationError(
            f"the simulation stopped after {readable(simulated * second)} of the requested "
            f"{readable(requested * second)}; its results are incomplete and were discarded")


# --------------------------------------------------------------------------
# Input checks shared by simulate and fi_curve.


def check_params(params):
    """Check that ``params`` is a :class:`~neurosim.bio.LIFParams` (raises ParameterTypeError).

    For the functions built on the LIF's closed forms (:mod:`neurosim.bio.theory.lif`,
    the bridge's LIF rate activations).
    """
    from neurosim.bio.models.lif import LIFParams

    return check_instance(params, "params", LIFParams, hint="load_preset('brunel2000')")


def check_duration(duration, dt) -> Quantity:
    """duration: at least 10 time steps, within Brian2's step counter (:func:`check_steps`)."""
    check_quantity(duration, "duration", second, scalar=True)
    if not duration >= 10 * dt:
        raise ParameterError(f"duration: must be at least 10*dt = {readable(10 * dt)}, "
                             f"got {readable(duration)}")
    check_steps(duration, dt)
    return duration


#: Largest noise amplitude accepted: membrane noise is a few mV (Brunel 2000 uses up to
#: ~5 mV); at 1 V every model only fires at its maximal rate, whatever the current.
MAX_SIGMA = 1000 * mV


def check_sigma(sigma) -> Quantity:
    """The noise amplitude sigma must be a single voltage in [0 mV, :data:`MAX_SIGMA`]."""
    check_quantity(sigma, "sigma", mV, scalar=True)
    if not 0 * mV <= sigma <= MAX_SIGMA:
        raise ParameterError(
            f"sigma: must be >= 0 mV and at most {readable(MAX_SIGMA)} (membrane noise is a few "
            f"mV; far above that every neuron fires at its maximal rate), got {readable(sigma)}")
    return sigma


def check_target(target, *, runtime: bool = False, auto: bool = False,
                 name: str = "target") -> str:
    """Check a Brian2 target against :data:`TARGETS`; return it.

    Parameters
    ----------
    target : str
    runtime : bool
        Only the targets that run inside this process (:data:`RUNTIME_TARGETS`).
    auto : bool
        Also accept ``"auto"`` (see :func:`resolve_target`).
    name : str
        The argument's name as the user typed it (``"--target"`` on the command line).
    """
    allowed = RUNTIME_TARGETS if runtime else tuple(TARGETS)
    return check_choice(target, name, (("auto",) if auto else ()) + allowed)


def resolve_target(target, params, *, runtime: bool = False, name: str = "target") -> str:
    """Check ``target`` (``"auto"`` allowed, see :func:`check_target`) and resolve ``"auto"``.

    ``"auto"`` is :func:`preferred_target`: the model's own choice (numpy for the LIF:
    fast enough, nothing to compile; cython for the others, whose conductance equations
    run slowly on numpy; docs/performance.md).
    """
    target = check_target(target, runtime=runtime, auto=True, name=name)
    return preferred_target(params) if target == "auto" else target


def preferred_target(params) -> str:
    """The target a model runs best on when the caller does not say (``"auto"``).

    The model's ``DEFAULT_TARGET`` (:mod:`neurosim.bio.models.base`): numpy for the LIF
    (which starts at once and runs there as fast as hand-written Brian2), compiled Cython
    for every other model -- numpy when Cython is not installed.  A conductance-based
    model at dt 0.01 ms costs several times more CPU per change on numpy
    (docs/performance.md, "Numbers that used to live in docstrings").
    """
    preferred = params.DEFAULT_TARGET
    if preferred == "cython":
        import importlib.util

        if importlib.util.find_spec("Cython") is None:
            return "numpy"
    return preferred
