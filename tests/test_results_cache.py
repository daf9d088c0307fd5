"""The results cache (neurosim.results_cache): same results, never a wrong entry, robust files."""

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from brian2 import ms, mV, nA

from neurosim import results_cache
from neurosim.bio import fi_curve, load_preset

ROOT = Path(__file__).resolve().parent.parent
CURRENTS = np.linspace(0, 3, 7) * nA


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """A private, empty cache folder, in use."""
    monkeypatch.setenv("NEUROSIM_CACHE", str(tmp_path / "cache"))
    with results_cache.using_cache():
        yield tmp_path / "cache" / "results"


def _curve(params=None, **kwargs):
    options = {"duration": 100 * ms, "sigma": 2 * mV, "n_trials": 2, "seed": 5, **kwargs}
    return fi_curve(params or load_preset("neuronal_dynamics"), CURRENTS, **options)


def _same(a, b):
    np.testing.assert_array_equal(a.spike_counts, b.spike_counts)
    np.testing.assert_array_equal(np.asarray(a.rates), np.asarray(b.rates))
    np.testing.assert_array_equal(np.asarray(a.trial_rates), np.asarray(b.trial_rates))


def test_off_unless_asked(tmp_path, monkeypatch):
    monkeypatch.setenv("NEUROSIM_CACHE", str(tmp_path))
    assert not results_cache.enabled()
    _curve()
    assert not (tmp_path / "results").exists()


def test_cached_equals_uncached(cache):
    fresh = _curve()
    assert len(list(cache.glob("*.npz"))) == 1
    served = _curve()
    with results_cache.using_cache(False):
        uncached = _curve()
    _same(fresh, served)
    _same(served, uncached)
    assert served.seed == 5 and served.params == fresh.params


def test_other_inputs_are_never_served(cache):
    base = _curve()
    changed = {
        "seed": _curve(seed=6),
        "sigma": _curve(sigma=3 * mV),
        "params": _curve(load_preset("neuronal_dynamics").replace(tau_m=12 * ms)),
        "duration": _curve(duration=120 * ms),
    }
    assert len(list(cache.glob("*.npz"))) == 1 + len(changed)
    for name, curve in changed.items():
        assert not np.array_equal(curve.spike_counts, base.spike_counts), name


def test_noise_free_entry_does_not_depend_on_the_seed(cache):
    a = _curve(sigma=0 * mV, n_trials=1, seed=1)
    b = _curve(sigma=0 * mV, n_trials=1, seed=2)
    assert len(list(cache.glob("*.npz"))) == 1
    _same(a, b)
    assert (a.seed, b.seed) == (1, 2)


def test_other_versions_or_code_are_never_served(cache, monkeypatch):
    _curve()
    key = results_cache.key_of("k", {"x": 1})
    monkeypatch.setattr(results_cache, "_version", lambda name: "9.9.9")
    assert results_cache.key_of("k", {"x": 1}) != key
    monkeypatch.setattr(results_cache, "_FINGERPRINT", ["other code"])
    monkeypatch.setattr(results_cache, "_version", lambda name: "0")
    assert results_cache.key_of("k", {"x": 1}) != key
    _curve()
    assert len(list(cache.glob("*.npz"))) == 2


def test_corrupt_file_is_recomputed(cache):
    fresh = _curve()
    (entry,) = cache.glob("*.npz")
    entry.write_bytes(b"not a zip file")
    again = _curve()
    _same(fresh, again)
    assert entry.read_bytes()[:2] == b"PK"  # rewritten as a valid .npz
    entry.write_bytes(entry.read_bytes()[:40])  # truncated
    _same(fresh, _curve())


def test_entry_under_another_key_is_not_served(cache):
    _curve()
    (entry,) = cache.glob("*.npz")
    other = _curve(seed=9)
    entry.unlink()
    (cache / f"{entry.stem}.npz").write_bytes(
        next(p for p in cache.glob("*.npz")).read_bytes())  # seed 9's file under seed 5's name
    recomputed = _curve()
    assert not np.array_equal(recomputed.spike_counts, other.spike_counts)


def test_clear_removes_every_entry(cache):
    _curve()
    results_cache.clear()
    assert not cache.exists()


SCRIPT = """
import numpy as np
from brian2 import mV, ms, nA
from neurosim import results_cache
from neurosim.bio import fi_curve, load_preset
with results_cache.using_cache():
    c = fi_curve(load_preset("neuronal_dynamics"), np.linspace(0, 3, 7) * nA, duration=100 * ms,
                 sigma=2 * mV, n_trials=2, seed=5)
print(c.spike_counts.sum())
"""


def test_two_processes_sharing_the_cache_both_succeed(tmp_path):
    env = {**os.environ, "NEUROSIM_CACHE": str(tmp_path / "cache"),
           "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    procs = [subprocess.Popen([sys.executable, "-c", SCRIPT], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, cwd=tmp_path) for _ in range(2)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [err for _, err in outs]
    assert outs[0][0] == outs[1][0]
    files = list((tmp_path / "cache" / "results").iterdir())
    assert [f.suffix for f in files] == [".npz"]  # one entry, no temporary file left
