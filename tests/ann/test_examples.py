"""The artificial-side examples run headless and save their figures."""

import pytest

from tests.conftest import run_example

EXPECTED_OUTPUT = {
    "03_activations.py": [],
    "04_xor_mlp.py": ["article: lr 0.01, 1000 epochs: final MSE 0.25",
                      "working: lr 0.5, 10^4 epochs: final MSE 0.000"],
}


@pytest.mark.parametrize("name", sorted(EXPECTED_OUTPUT))
def test_example_runs_and_saves_png(tmp_path, name):
    result = run_example(name, tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    png = tmp_path / name.replace(".py", ".png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert png.stat().st_size > 20_000  # a real figure, not an empty canvas
    for text in EXPECTED_OUTPUT[name]:
        assert text in result.stdout
