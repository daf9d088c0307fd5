"""The README's test command on a machine without Chromium or a CJK font: one skip line each,
and a failure instead under .ci/run (``NEUROSIM_REQUIRE_SYSTEM_PACKAGES=1``)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

#: Absence simulated as a user meets it: the browser test pointed at a missing Chromium,
#: the CJK test run with matplotlib's font lookup finding nothing (a conftest in a temporary
#: folder patches it before the test module is imported).
_NO_FONT = """
import pytest
from neurosim.demo import i18n

@pytest.fixture(autouse=True)
def _no_cjk_font(monkeypatch):
    monkeypatch.setattr(i18n, "cjk_font", lambda: None)
"""


def _pytest(args, tmp_path, **env):
    child_env = {k: v for k, v in os.environ.items() if k != "NEUROSIM_REQUIRE_SYSTEM_PACKAGES"}
    child_env.update(PYTHONPATH=str(ROOT), **env)
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-n", "0",
                           "-q", "--rootdir", str(ROOT), "-c", str(ROOT / "pyproject.toml"),
                           *args], cwd=tmp_path, env=child_env, capture_output=True, text=True,
                          timeout=300)


def _cases(tmp_path):
    (tmp_path / "conftest.py").write_text(_NO_FONT)
    font_test = tmp_path / "test_font.py"
    font_test.write_text((ROOT / "tests" / "test_i18n.py").read_text())
    return {
        "chromium": ([str(ROOT / "tests" / "test_report_browser.py")],
                     {"NEUROSIM_CHROMIUM": str(tmp_path / "no-chromium")}),
        "fonts-noto-cjk": ([f"{font_test}::test_label_figure_translates_labels_and_patterns"],
                           {}),
    }


@pytest.mark.parametrize("package", ["chromium", "fonts-noto-cjk"])
def test_a_missing_system_package_is_one_skip_line_and_a_ci_failure(tmp_path, package):
    args, env = _cases(tmp_path)[package]
    plain = _pytest(args, tmp_path, **env)
    # 5: "no tests collected", when the only file given is skipped whole; 0 in the suite
    assert plain.returncode in (0, 5), plain.stdout + plain.stderr
    lines = [line for line in plain.stdout.splitlines() if line.startswith("SKIPPED")]
    assert len(lines) == 1, plain.stdout
    assert f"Debian package {package} (sudo apt-get install {package}" in lines[0]
    ci = _pytest(args, tmp_path, NEUROSIM_REQUIRE_SYSTEM_PACKAGES="1", **env)
    assert ci.returncode != 0, ci.stdout
    assert f"apt-get install {package}" in ci.stdout
    assert "NEUROSIM_REQUIRE_SYSTEM_PACKAGES=1 requires it" in ci.stdout
