"""The biological examples run headless and save their figures."""

import pytest

from tests.conftest import run_example


@pytest.mark.parametrize("name", ["01_membrane_trace.py", "02_fi_curve.py"])
def test_example_runs_and_saves_png(tmp_path, name):
    result = run_example(name, tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    png = tmp_path / name.replace(".py", ".png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert png.stat().st_size > 20_000  # a real figure, not an empty canvas
