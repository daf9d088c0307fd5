"""Shared test set-up: headless matplotlib, a private Brian2 standalone cache, test workers.

The suite runs on every core with pytest-xdist (``-n auto --dist loadfile`` in
pyproject.toml). Tests of one file share a worker (their module fixtures are built once), and
every file that uses one of the session fixtures below (:data:`SHARED_FIXTURES`, each a whole
quick demo) goes to one worker (:func:`pytest_xdist_make_scheduler`), so that each demo is run once per suite rather than once per worker. All workers
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


def _demo_files() -> set:
    """Test files (relative to the repository) that use a fixture of :data:`SHARED_FIXTURES`."""
    return {path.relative_to(ROOT).as_posix() for path in (ROOT / "tests").rglob("test_*.py")
            if any(name in path.read_text(encoding="utf-8") for name in SHARED_FIXTURES)}


def pytest_xdist_make_scheduler(config, log):
    """``--dist loadfile``, with every file of :func:`_demo_files` in one group.

    (Marks with ``--dist loadgroup`` would do this, but pytest 9.2 derives a test's node id
    from its path, so the group suffix xdist 3.8 appends to ``item._nodeid`` is lost.)
    """
    from xdist.scheduler import LoadScopeScheduling

    demo = _demo_files()

    class Scheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::", 1)[0]
            return "quick_demo" if path in demo else path

    return Scheduling(config, log)


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
