"""One function, two engines: simulate a :class:`NetworkSpec` on Brian2 or NEST."""

from __future__ import annotations

import warnings

import numpy as np
from brian2 import ms, second

from neurosim.bio import brian2_tools
from neurosim.bio.network import _connect
from neurosim.bio.network.result import NetworkResult
from neurosim.bio.network.spec import NetworkSpec
from neurosim.errors import ParameterError, ParameterTypeError, UnitError
from neurosim.provenance import provenance
from neurosim.resources import check_steps
from neurosim.units import check_quantity
from neurosim.validation import check_choice, check_seed

BACKENDS = ("brian2", "nest")


class OpenMPWarning(UserWarning):
    """Brian2's OpenMP code for this network may not match its single-threaded result."""


def simulate_network(
    spec: NetworkSpec,
    duration,
    *,
    backend: str = "brian2",
    target: str = "numpy",
    threads: int = 1,
    seed: int | None = None,
    transient=None,
) -> NetworkResult:
    """Simulate a network and return its spikes and statistics.

    Parameters
    ----------
    spec : NetworkSpec
    duration : Quantity (time)
        Simulated time (>= 10 dt).
    backend : {"brian2", "nest"}
        The engine.  ``"nest"`` needs the ``nest-simulator`` package (NEST
        3.10; in the ``[test]`` and ``[peers]`` extras) and supports LIF
        populations with delta or exponential-current synapses.
    target : {"numpy", "cython", "cpp_standalone"}
        Brian2's code-generation target (ignored by NEST).
    threads : int
        Threads: NEST's ``local_num_threads``, or OpenMP threads of Brian2's
        ``cpp_standalone`` (other Brian2 targets run on one thread).
    seed : int, optional
        Seeds the connectivity and initial potentials (drawn in numpy, so
        both engines build the same network) and the engine's own random
        numbers (the Poisson sources).  Drawn and recorded when None.
    transient : Quantity (time), optional
        Left out of the statistics; default ``min(200 ms, duration/5)``.

    Returns
    -------
    NetworkResult

    Warns
    -----
    OpenMPWarning
        For ``cpp_standalone`` with ``threads > 1``: Brian2 2.9 warns that its
        OpenMP code "may be inaccurate".  For this engine's networks (delta
        synapses gated by refractoriness, one writer per target variable) the
        2-thread rates of Brunel's network matched the 1-thread ones within
        the spread of independent drives (docs/network.md, "OpenMP"), but a
        hand-written Brian2 version was measured 30 % off: compare with
        ``threads=1`` before trusting a new network.

    Notes
    -----
    Results are exactly reproducible from ``seed`` on one backend, target
    and thread count; different engines agree in distribution only.

    References
    ----------
    Stimberg, M., Brette, R. & Goodman, D. F. M. (2019). Brian 2, an
    intuitive and efficient neural simulator. *eLife* 8, e47314.

    Gewaltig, M.-O. & Diesmann, M. (2007). NEST (NEural Simulation Tool).
    *Scholarpedia* 2(4):1430.
    """
    transient, seed = _check_run(spec, duration, backend, target, threads, transient, seed)
    seeds = _connect.streams(seed)
    if backend == "nest":
        from neurosim.bio.network import _engine_nest

        spikes, wall, build = _engine_nest.run(spec, duration, threads=threads, seeds=seeds)
        target = "nest"
    else:
        from neurosim.bio.network import _engine_brian2 as engine

        if threads > 1:
            warnings.warn(
                f"Brian2's OpenMP code (threads={threads}) may be inaccurate for this network: "
                "compare with threads=1 (see docs/network.md)",
                OpenMPWarning,
                stacklevel=2,
            )
        spikes, wall, build = engine.run(
            spec, duration, target=target, threads=threads, seeds=seeds
        )
    return _result(spec, duration, transient, spikes, backend, target, threads, seed, wall,
                   build)


def _result(spec, duration, transient, spikes, backend, target, threads, seed, wall, build,
            **extra) -> NetworkResult:
    """The :class:`NetworkResult` of a run, with its provenance record."""
    record = provenance(
        spec.settings,
        seed,
        backend=backend,
        target=target,
        threads=int(threads),
        duration=str(duration),
        transient=str(transient),
        **extra,
    )
    if backend == "nest":
        record["versions"]["nest-simulator"] = _nest_version()
    return NetworkResult(
        spec=spec,
        duration=duration,
        transient=transient,
        spikes=spikes,
        backend=backend,
        target=target,
        threads=int(threads),
        seed=seed,
        wall_time=wall,
        build_time=build,
        record=record,
    )


def simulate_networks(specs, duration, *, target: str = "numpy", seed: int | None = None,
                      transient=None) -> list:
    """Simulate several networks that differ only in their drives as blocks of one Brian2
    network; return one :class:`NetworkResult` per spec.

    Each block is the network :func:`simulate_network` builds for its spec with this
    ``seed``: the same connectivity and initial potentials, drawn from the seed alone, so
    every block has the same ones; its Poisson sources run at its own spec's rates.  No
    synapse joins two blocks.  One network pays Brian2's per-step cost (~20 generated code
    objects, each a Python call per step on numpy) once instead of once per spec; the work
    per spike, most of the time of Brunel's network, is the same (five drives at scale
    0.25: 1.15x faster, docs/network.md, "Several drives in one run").

    Parameters
    ----------
    specs : sequence of NetworkSpec
        At least one; all equal but for their names and their sources' ``rate`` and
        ``rate_after`` (e.g. ``brunel2000("AI", eta=e)`` for several ``e``).
    duration, target, seed, transient
        As :func:`simulate_network` (Brian2, one thread).

    Returns
    -------
    list of NetworkResult
        One per spec, in order.  A list of one spec is :func:`simulate_network` of it
        exactly.  With several, the blocks draw their Poisson input from one random stream
        (Brian2's, seeded from ``seed``), so a block's spikes are reproduced by rerunning
        the same list, and equal those of :func:`simulate_network` in distribution only
        (``tests/bio/test_network_blocks.py``).  Each result's ``wall_time`` and
        ``build_time`` are the whole run's, and its record names the block
        (``block``, ``blocks``).
    """
    from neurosim.bio.network import _engine_brian2 as engine

    if isinstance(specs, NetworkSpec):
        specs = [specs]
    if not isinstance(specs, (list, tuple)):
        raise ParameterTypeError(
            f"specs: expected a list of NetworkSpec, got {type(specs).__name__}")
    specs = list(specs)
    if not specs:
        raise ParameterError("specs: give at least one NetworkSpec")
    for k, spec in enumerate(specs):
        if not isinstance(spec, NetworkSpec):
            raise UnitError(f"specs[{k}]: expected a NetworkSpec (e.g. brunel2000()), got "
                            f"{type(spec).__name__}")
    shared = engine.same_but_rates(specs[0])
    for k, spec in enumerate(specs[1:], start=1):
        if engine.same_but_rates(spec) != shared:
            raise ParameterError(
                f"specs: specs[{k}] ({spec.name!r}) differs from specs[0] ({specs[0].name!r}) "
                "in more than its sources' rates; simulate it on its own (simulate_network)"
            )
    # The specs share their dt: checked against the first, the run is checked for all.
    transient, seed = _check_run(specs[0], duration, "brian2", target, 1, transient, seed)
    if len(specs) == 1:
        return [simulate_network(specs[0], duration, target=target, seed=seed,
                                 transient=transient)]
    spikes, wall, build = engine.run(specs[0], duration, target=target, threads=1,
                                     seeds=_connect.streams(seed), blocks=specs)
    return [_result(spec, duration, transient, block, "brian2", target, 1, seed, wall, build,
                    block=b, blocks=len(specs))
            for b, (spec, block) in enumerate(zip(specs, engine.split_blocks(spikes, specs[0],
                                                                             len(specs))))]


def _check_run(spec, duration, backend, target, threads, transient, seed) -> tuple:
    """Check the arguments of :func:`simulate_network`; return ``(transient, seed)``."""
    if not isinstance(spec, NetworkSpec):
        raise UnitError(
            f"spec: expected a NetworkSpec (e.g. brunel2000()), got {type(spec).__name__}"
        )
    check_quantity(duration, "duration", second)
    if np.ndim(duration) != 0 or not duration >= 10 * spec.dt:
        raise ParameterError(
            f"duration: must be a single value >= 10*dt = {10 * spec.dt}, got {duration}"
        )
    check_steps(duration, spec.dt)  # past the int64 step counter Brian2 simulates nothing
    check_choice(backend, "backend", BACKENDS)
    brian2_tools.check_target(target)
    if isinstance(threads, bool) or not isinstance(threads, (int, np.integer)) or threads < 1:
        raise ParameterError(f"threads: must be an integer >= 1, got {threads!r}")
    if backend == "brian2" and threads > 1 and target != "cpp_standalone":
        raise ParameterError(
            f"threads: Brian2's {target} target runs on one thread; use "
            f"target='cpp_standalone' for threads={threads}"
        )
    if transient is None:
        transient = min(200 * ms, duration / 5)
    check_quantity(transient, "transient", second)
    if not 0 * ms <= transient < duration:
        raise ParameterError(
            f"transient: must be in [0 ms, duration = {duration}), got {transient}"
        )
    return transient, check_seed(seed)


def _nest_version() -> str:
    from importlib import metadata

    try:
        return metadata.version("nest-simulator")
    except metadata.PackageNotFoundError:
        return "unknown"
