"""Shared test set-up: headless matplotlib, a private Brian2 standalone cache."""

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


@pytest.fixture(scope="session", autouse=True)
def _private_standalone_cache(tmp_path_factory):
    """Compiled cpp_standalone projects go to a temporary folder, not ~/.cache."""
    os.environ.setdefault("NEUROSIM_CACHE", str(tmp_path_factory.mktemp("neurosim-cache")))
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
