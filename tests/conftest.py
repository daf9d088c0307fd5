"""Shared test set-up: headless matplotlib, a private Brian2 standalone cache, test workers.

The suite runs on every core with pytest-xdist (``-n auto`` in pyproject.toml). Tests of one
file share a worker (their module fixtures are built once), and every file that uses one of
the session fixtures below (:data:`SHARED_FIXTURES`, each a whole quick demo) goes to one
worker, so that each demo is run once per suite rather than once per worker. All workers
share one ``$NEUROSIM_CACHE``: compiled cpp_standalone projects are locked per folder
(:func:`neurosim.bio.engine.standalone_project`) and Brian2 locks its Cython extensions.
"""

import contextlib
import io
import os
import subprocess
import sys
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


#: Session fixtures that each run a demo: the files using them share one xdist worker.
SHARED_FIXTURES = ("quick_demo", "quick_demo_zh")


def pytest_xdist_auto_num_workers(config):
    """``-n auto``: one worker per core, but none for a single test file (start-up costs more)."""
    files = {str(arg).split("::")[0] for arg in config.args}
    if len(files) == 1 and Path(next(iter(files))).is_file():
        return 0
    return min(os.cpu_count() or 1, 4)


def pytest_configure_node(node):
    """Every xdist worker gets the controller's cache folder (made here, once)."""
    node.workerinput["neurosim_cache"] = _cache_folder(node.config)


def _cache_folder(config) -> str:
    if os.environ.get("NEUROSIM_CACHE"):
        return os.environ["NEUROSIM_CACHE"]
    if not hasattr(config, "_neurosim_cache"):
        config._neurosim_cache = str(config._tmp_path_factory.mktemp("neurosim-cache"))
    return config._neurosim_cache


@pytest.hookimpl(tryfirst=True)  # before xdist reads the group marks (its hook runs later)
def pytest_collection_modifyitems(config, items):
    """Group the tests for ``--dist loadgroup``: by file, and demo users together."""
    demo_files = {item.path for item in items
                  if set(SHARED_FIXTURES) & set(getattr(item, "fixturenames", ()))}
    for item in items:
        group = "quick_demo" if item.path in demo_files else item.path.relative_to(ROOT).as_posix()
        item.add_marker(pytest.mark.xdist_group(group))


@pytest.fixture(scope="session", autouse=True)
def _private_standalone_cache(request):
    """Compiled cpp_standalone projects go to a temporary folder, not ~/.cache."""
    worker = getattr(request.config, "workerinput", None)
    folder = worker["neurosim_cache"] if worker else _cache_folder(request.config)
    os.environ.setdefault("NEUROSIM_CACHE", folder)
    yield


def run_example(name: str, out_dir: Path, timeout: int = 300) -> subprocess.CompletedProcess:
    """Run ``examples/<name>`` headless with ``out_dir`` as its output folder."""
    env = {**os.environ, "MPLBACKEND": "Agg"}
    return subprocess.run(
        [sys.executable, str(EXAMPLES / name), str(out_dir)],
        capture_output=True, text=True, timeout=timeout, env=env, cwd=ROOT,
    )


@pytest.fixture(scope="session")
def quick_demo(tmp_path_factory):
    """``neurosim demo --quick --single-file --seed 2024``, once per session: (folder, stderr).

    Seed 2024 is the default, the run docs/classroom.md quotes (tests/test_answer_key.py).
    """
    from neurosim.cli import main

    out = tmp_path_factory.mktemp("demo") / "out"
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(["demo", "--quick", "--single-file", "--out", str(out), "--seed", "2024"])
    assert code == 0, err.getvalue()
    return out, err.getvalue()


#: Steps of the Chinese run (a subset, to keep it short; every step's Chinese texts are
#: also filled with the numbers of the English run in tests/test_i18n.py).
ZH_STEPS = ("side_by_side", "fi_presets", "fits", "xor")


@pytest.fixture(scope="session")
def quick_demo_zh(tmp_path_factory):
    """``run_demo`` in Chinese (quick, seed 2024) for :data:`ZH_STEPS`, once: (folder, result)."""
    from neurosim.demo import DemoSettings, run_demo

    out = tmp_path_factory.mktemp("demo_zh")
    result = run_demo(out, DemoSettings(quick=True, lang="zh"), only=ZH_STEPS)
    return out, result
