"""Timing, subprocesses and machine facts shared by the benchmark sections.

Times are wall-clock (``time.perf_counter``).  A measurement is the median of
``repeats`` calls made after ``warmup`` untimed calls; when two ways of doing
the same thing are compared, their calls are interleaved (A B, B A, A B, ...)
so that a change of load on the machine hits both alike.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


#: Untimed calls before the timed ones (run.py sets 0 for --smoke).
DEFAULT_WARMUP = 1


def cpu_seconds() -> float:
    """CPU time of this process plus its finished children (user + system).

    Other people's jobs on a shared machine stretch wall time but hardly CPU
    time, so CPU ratios are the steadier check of wall ratios.
    """
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


@dataclass
class Timing:
    """Wall and CPU times of repeated calls, in seconds."""

    times: list[float]
    cpu_times: list[float]
    warmup: int = 0

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def best(self) -> float:
        return min(self.times)

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu_times)

    def as_dict(self) -> dict:
        return {"median_s": self.median, "min_s": self.best, "cpu_median_s": self.cpu_median,
                "times_s": self.times, "cpu_times_s": self.cpu_times, "repeats": len(self.times),
                "warmup": self.warmup}


def _timed(fn):
    wall, cpu = time.perf_counter(), cpu_seconds()
    value = fn()
    return time.perf_counter() - wall, cpu_seconds() - cpu, value


def measure(fn, repeats: int, warmup: int | None = None):
    """Call ``fn()`` ``warmup`` times untimed, then ``repeats`` times timed.

    Returns ``(Timing, last return value)``.
    """
    warmup = DEFAULT_WARMUP if warmup is None else warmup
    value = None
    for _ in range(warmup):
        value = fn()
    times, cpu_times = [], []
    for _ in range(repeats):
        wall, cpu, value = _timed(fn)
        times.append(wall)
        cpu_times.append(cpu)
    return Timing(times, cpu_times, warmup), value


def interleave(fns: dict, repeats: int, warmup: int | None = None) -> dict:
    """Time several functions in alternating order; ``{name: (Timing, last value)}``."""
    warmup = DEFAULT_WARMUP if warmup is None else warmup
    names = list(fns)
    values = {}
    for _ in range(warmup):
        for name in names:
            values[name] = fns[name]()
    times = {name: [] for name in names}
    cpu_times = {name: [] for name in names}
    for k in range(repeats):
        for name in (names if k % 2 == 0 else names[::-1]):
            wall, cpu, values[name] = _timed(fns[name])
            times[name].append(wall)
            cpu_times[name].append(cpu)
    return {name: (Timing(times[name], cpu_times[name], warmup), values[name]) for name in names}


def run_worker(case: str, *args: str, env: dict | None = None, cwd=None, timeout: float = 600) -> dict:
    """Run ``benchmarks/worker.py CASE ARGS`` in a fresh Python; return its JSON answer.

    The worker prints one JSON object as its last line of standard output.
    """
    full_env = {**os.environ, "PYNEST_QUIET": "1", "MPLBACKEND": "Agg", **(env or {})}
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, str(HERE / "worker.py"), case, *args], capture_output=True,
                          text=True, env=full_env, cwd=cwd or ROOT, timeout=timeout)
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        raise RuntimeError(f"worker {case} {' '.join(args)} failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise RuntimeError(f"worker {case} printed no JSON:\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    answer = json.loads(lines[-1])
    answer["process_wall_s"] = wall
    return answer


def run_command(cmd: list[str], *, env: dict | None = None, cwd=None, timeout: float = 600) -> Timing:
    """Run a command once; return its wall and CPU time (raises on failure)."""
    full_env = {**os.environ, "MPLBACKEND": "Agg", **(env or {})}
    wall, cpu, proc = _timed(lambda: subprocess.run(cmd, capture_output=True, text=True, env=full_env,
                                                     cwd=cwd or ROOT, timeout=timeout))
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return Timing([wall], [cpu], 0)


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _gcc_version() -> str:
    try:
        out = subprocess.run(["gcc", "--version"], capture_output=True, text=True, timeout=10).stdout
        return out.splitlines()[0] if out else "unknown"
    except (OSError, subprocess.SubprocessError):
        return "not found"


def _git(*args: str) -> str:
    try:
        return subprocess.run(["git", *args], capture_output=True, text=True, cwd=ROOT, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def load_average() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


def machine_info() -> dict:
    """CPU, cores, Python, package versions, BLAS settings and the code measured."""
    from neurosim.provenance import versions

    info = {
        "cpu_model": _cpu_model(),
        "logical_cores": os.cpu_count(),
        "cores_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "versions": {**versions(), **{name: _version(name) for name in ("cython", "nengo", "nest-simulator")}},
        "gcc": _gcc_version(),
        "env": {key: os.environ.get(key, "") for key in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE",
                                                          "OMP_NUM_THREADS", "NEUROSIM_CACHE")},
        "git_commit": _git("rev-parse", "--short", "HEAD"),
        # Uncommitted changes under neurosim/ are measured too: say so.
        "neurosim_tree_dirty": bool(_git("status", "--porcelain", "--", "neurosim")),
        "load_average_start": load_average(),
    }
    return info


def write_json(path: Path, data: dict) -> Path:
    from neurosim.io import write_json as _write

    path.parent.mkdir(parents=True, exist_ok=True)
    return _write(path, data)


@dataclass
class Row:
    """One line of the results table."""

    section: str
    name: str
    seconds: float | None = None  # median wall time
    timing: dict = field(default_factory=dict)
    updates: float | None = None  # neuron updates done by the timed call
    max_error_hz: float | None = None
    note: str = ""
    status: str = "measured"  # measured | extrapolated | skipped | unavailable | failed
    extra: dict = field(default_factory=dict)

    @property
    def cpu_seconds(self) -> float | None:
        return self.timing.get("cpu_median_s") if self.timing else None

    @property
    def updates_per_s(self) -> float | None:
        if self.updates is None or not self.seconds:
            return None
        return self.updates / self.seconds

    def as_dict(self) -> dict:
        out = asdict(self)
        out["updates_per_s"] = self.updates_per_s
        return out


def log(text: str) -> None:
    """Progress goes to standard error, so that standard output is the table alone."""
    print(text, file=sys.stderr, flush=True)
