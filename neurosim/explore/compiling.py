"""A compiled model's first run, in the background: the explorers stay on numpy meanwhile.

A model other than the LIF runs best compiled (Cython,
:func:`~neurosim.bio.brian2_tools.preferred_target`), but the first run of a model on a
machine compiles its code: 5-7 Brian2 extensions of ~2 s of CPU each, ~15 s for
Hodgkin-Huxley's trace and f-I curve (``python benchmarks/run.py --only-classroom``, the
explorer rows).  The explorers do not wait for it: :func:`target_now` answers ``"numpy"``
for a compiled model whose code has not been built on this machine yet and starts one
background process (:func:`start`) that runs the explorer's simulations of that model on
Cython for a few steps, which leaves its compiled code in Brian2's Cython cache, and then
writes a marker (:func:`marker`); its trace has the explorer's duration (a trace's length
is part of its generated code), its f-I points a few steps (their code does not depend on
the duration).  The next change after it finishes runs compiled.

The marker is a file under ``$NEUROSIM_CACHE/compiled`` named after a hash of what the
compiled code depends on: the model's equations, threshold, reset and method (with and
without noise), the Python, Brian2 and Cython versions, gcc's flags and Brian2's Cython cache folder
(deleting that folder makes the marker stale: then the first compiled run compiles in the
foreground, as Brian2 always does).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

from brian2 import second

#: Background processes started in this process: (marker, trace duration in s) -> Popen.
_RUNNING: dict = {}


def _cython_cache() -> Path:
    import brian2

    folder = brian2.prefs.codegen.runtime.cython.cache_dir
    return Path(folder) if folder else Path.home() / ".cython" / "brian_extensions"


def marker(params) -> Path:
    """The file that says ``params``' model has been compiled on this machine."""
    import brian2

    from neurosim.bio.brian2_tools import cython_compile_args
    from neurosim.results_cache import _version, cache_root

    parts = [sys.version, brian2.__version__, _version("Cython"), str(_cython_cache()),
             cython_compile_args(brian2.prefs.codegen.cpp.extra_compile_args_gcc)]
    for noisy in (False, True):
        model = params.brian_model(noisy=noisy)
        parts += [model.equations, model.threshold, model.reset, model.method]
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:16]
    return cache_root() / "compiled" / f"{type(params).__name__}-{digest}.done"


def is_compiled(params) -> bool:
    """Whether the marker exists and Brian2's Cython cache still holds files."""
    folder = _cython_cache()
    return marker(params).exists() and folder.is_dir() and any(folder.iterdir())


def start(preset: str, params, duration) -> subprocess.Popen:
    """Start (once per model in this process) the background compile of ``preset``'s model
    for traces of ``duration`` (Brian2 writes a trace's length into its code)."""
    key = (marker(params), float(duration / second))
    running = _RUNNING.get(key)
    if running is None:
        running = _RUNNING[key] = subprocess.Popen(
            [sys.executable, "-c", "import sys; from neurosim.explore.compiling import main; "
             "main(sys.argv[1:])", preset, repr(float(duration / second))],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True,  # a Ctrl-C in the explorer's terminal leaves it to finish
            env={**os.environ, "NEUROSIM_CACHE": str(marker(params).parents[1])})
    return running


def target_now(preset: str, params, preferred: str, duration) -> str:
    """The target to run ``params`` on now: ``preferred``, except ``"numpy"`` while the
    model's compiled code is being built in the background (started here if need be)."""
    if preferred == "numpy" or is_compiled(params):
        return preferred
    process = start(preset, params, duration)
    if process.poll() is None:
        return "numpy"
    return preferred  # finished: compiled (or failed: then compile here, as Brian2 would)


def compile_model(preset: str, duration) -> Path:
    """Run the explorer's simulations of ``preset`` on Cython (with and without noise: a
    trace of ``duration``, f-I points of a few steps), then write the marker; return it."""
    from brian2 import mV, nA

    from neurosim import results_cache
    from neurosim.bio import fi_curve, load_preset, simulate

    params = load_preset(preset)
    dt = params.default_dt
    with results_cache.using_cache(False):
        for sigma in (0 * mV, 1 * mV):
            simulate(params, 0.5 * nA, duration, sigma=sigma, seed=1, target="cython")
            fi_curve(params, [0.0, 0.5] * nA, duration=20 * dt, sigma=sigma, seed=1,
                     target="cython")
    path = marker(params)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.tmp")
    partial.write_text(f"{preset}\n")
    partial.replace(path)
    return path


def main(argv) -> None:
    """The background process of :func:`start`: ``[preset, trace duration in seconds]``."""
    compile_model(argv[0], float(argv[1]) * second)
