"""A results cache: simulated results on disk, keyed by everything that determines them.

A second ``neurosim demo``, ``neurosim fi`` or ``neurosim fit`` with the same settings reads
its f-I curves (and the solutions of its fits) from here instead of computing them again,
and a demo step and ``fit --preset all`` that need the same curve compute it once.  The
command line switches the cache on (``--no-cache`` switches it off); in the library it is
off unless a caller asks for it with :func:`using_cache`, so that a script or a test always
simulates.

What an entry is keyed by
-------------------------
A SHA-256 hash of: the kind of result, every input of the computation (for an f-I curve:
the model's equations, threshold, reset, refractoriness, method, initial values and
parameter values with units; the currents; ``dt``, the number of steps, ``sigma``,
``settle``, the seed, the target, the spike timing; for a trained network, a converted
network's run or a network simulation: its settings, data, weights and seed; for a fit's
least-squares solution: the family, the currents, rates and weights), the versions
of Python, neurosim, Brian2, numpy and (where a kind needs it) scipy or NEST, and a
fingerprint of neurosim's computing code (the text of every module of ``neurosim.bio``,
``neurosim.ann`` and ``neurosim.bridge``), so that an entry made by other parameters, other
versions or other code is never served.  Values enter the key exactly: numbers as their
shortest round-trip text, arrays and quantities by the hash of their bytes (with dtype,
shape and unit), dataclasses field by field (never a rounded ``repr``).

Where, and how to clear it
--------------------------
``$NEUROSIM_CACHE/results`` (default ``~/.cache/neurosim/results``), one ``.npz`` file per
entry.  Deleting the folder clears it (:func:`clear` does that); ``--no-cache`` neither
reads nor writes it.  An entry is written to a temporary file and renamed into place
(atomic on POSIX and Windows), so concurrent runs sharing the folder never read half a
file; an unreadable or corrupt entry is recomputed and rewritten.
"""

from __future__ import annotations

import contextlib
import contextvars
import hashlib
import json
import os
import platform
import shutil
import tempfile
import zipfile
from importlib import metadata
from pathlib import Path

__all__ = ["cache_root", "results_dir", "using_cache", "enabled", "cached_arrays", "key_of",
           "clear", "only_cached", "CacheMiss"]

_ENABLED = contextvars.ContextVar("neurosim_results_cache", default=False)
_ONLY_CACHED = contextvars.ContextVar("neurosim_results_cache_only", default=False)


class CacheMiss(LookupError):
    """Inside :func:`only_cached`: a result that is not in the cache (nothing was computed)."""
_FINGERPRINT: list = []


def cache_root() -> Path:
    """The cache folder: ``$NEUROSIM_CACHE`` or ``~/.cache/neurosim``."""
    return Path(os.environ.get("NEUROSIM_CACHE") or Path.home() / ".cache" / "neurosim")


def results_dir() -> Path:
    """Folder of the cached results (``<cache_root>/results``)."""
    return cache_root() / "results"


@contextlib.contextmanager
def using_cache(enabled: bool = True):
    """Read and write the results cache inside this block (``enabled=False``: neither)."""
    token = _ENABLED.set(bool(enabled))
    try:
        yield
    finally:
        _ENABLED.reset(token)


@contextlib.contextmanager
def only_cached():
    """Inside this block, :func:`cached_arrays` serves what the cache holds and raises
    :class:`CacheMiss` instead of computing anything else (e.g. to run in this process what
    is cached, and hand the rest to worker processes)."""
    token = _ONLY_CACHED.set(True)
    try:
        yield
    finally:
        _ONLY_CACHED.reset(token)


def enabled() -> bool:
    """Whether the results cache is in use here (see :func:`using_cache`)."""
    return _ENABLED.get()


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


#: The packages whose code computes cached results (their text is in the fingerprint).
COMPUTING_PACKAGES = ("bio", "ann", "bridge")


def code_fingerprint() -> str:
    """SHA-256 of the text of every module of :data:`COMPUTING_PACKAGES` (once per process)."""
    if not _FINGERPRINT:
        digest = hashlib.sha256()
        root = Path(__file__).resolve().parent
        for package in COMPUTING_PACKAGES:
            for path in sorted((root / package).rglob("*.py")):
                digest.update(path.relative_to(root).as_posix().encode())
                digest.update(path.read_bytes())
        _FINGERPRINT.append(digest.hexdigest())
    return _FINGERPRINT[0]


def versions(extra: tuple = ()) -> dict:
    """The versions an entry depends on (and the distributions named in ``extra``, e.g.
    ``("scipy",)``), and the code fingerprint."""
    found = {"python": platform.python_version(), "neurosim": _version("neurosim"),
             "brian2": _version("brian2"), "numpy": _version("numpy"),
             "code": code_fingerprint()}
    found.update({name: _version(name) for name in extra})
    return found


def _jsonable(value):
    """``value`` as exact JSON: arrays and quantities by the hash of their bytes, dtype, shape
    (and unit), dataclasses field by field, other objects by ``repr``."""
    import dataclasses

    import numpy as np

    if isinstance(value, np.ndarray):  # Brian2 quantities are arrays with a ``dim``
        data = np.ascontiguousarray(value)
        out = {"array": hashlib.sha256(data.tobytes()).hexdigest(), "dtype": str(data.dtype),
               "shape": list(data.shape)}
        if hasattr(value, "dim"):
            out["dim"] = repr(value.dim)
        return out
    if isinstance(value, np.generic):
        return {"scalar": value.item(), "dtype": str(value.dtype)}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {"dataclass": f"{type(value).__module__}.{type(value).__qualname__}",
                "fields": {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}}
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=repr)
    return repr(value)


def key_of(kind: str, parts: dict, *, extra_versions: tuple = ()) -> str:
    """The cache key (hex SHA-256) of a result of ``kind`` computed from ``parts``.

    ``parts`` maps names to values: numbers (exact: JSON writes the shortest text that
    reads back as the same float), text, numpy arrays and Brian2 quantities (hashed by their
    bytes, dtype, shape and unit), dataclasses (field by field), lists, tuples and dicts of
    these, or anything else with a faithful ``repr``.  ``extra_versions`` names
    distributions beyond Python, neurosim, Brian2 and numpy whose versions the result
    depends on.
    """
    text = json.dumps({"kind": kind, "parts": parts, "versions": versions(extra_versions)},
                      sort_keys=True, default=_jsonable)
    return hashlib.sha256(text.encode()).hexdigest()


def _path(key: str) -> Path:
    return results_dir() / f"{key}.npz"


def _load(key: str):
    import numpy as np

    path = _path(key)
    if not path.is_file():
        return None
    try:
        with np.load(path, allow_pickle=False) as data:
            arrays = {name: data[name] for name in data.files}
    except (OSError, ValueError, EOFError, KeyError, zipfile.BadZipFile):
        return None  # corrupt or unreadable: recompute (and overwrite)
    return arrays if arrays.get("__key__", np.array("")).item() == key else None


def _store(key: str, arrays: dict) -> None:
    import numpy as np

    folder = results_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, tmp = tempfile.mkstemp(dir=folder, prefix=f".{key[:12]}-", suffix=".tmp")
        with os.fdopen(handle, "wb") as file:
            np.savez(file, __key__=np.array(key), **arrays)
        os.replace(tmp, _path(key))
    except OSError:  # a read-only or full disk: the result is still returned
        with contextlib.suppress(OSError, UnboundLocalError):
            os.unlink(tmp)


def cached_arrays(kind: str, parts: dict, compute, *, extra_versions: tuple = ()) -> dict:
    """``compute()`` (a dict of numpy arrays), or its cached copy when the cache is in use
    (keyed by :func:`key_of`)."""
    if not enabled():
        return compute()
    key = key_of(kind, parts, extra_versions=extra_versions)
    hit = _load(key)
    if hit is not None:
        hit.pop("__key__", None)
        return hit
    if _ONLY_CACHED.get():
        raise CacheMiss(kind)
    import numpy as np

    arrays = {name: np.asarray(value) for name, value in compute().items()}
    _store(key, arrays)
    return arrays


def clear() -> None:
    """Delete every cached result (the folder :func:`results_dir`)."""
    shutil.rmtree(results_dir(), ignore_errors=True)
