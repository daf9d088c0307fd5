"""The bridge examples run headless, print their findings and save their figures."""

import pytest

from tests.conftest import run_example

EXPECTED_OUTPUT = {
    "05_fit_activations.py": ["lif ", "sigmoid", "relu", "true rheobase 1 nA", "points inside the dt band"],
    "06_noise_smooths_threshold.py": ["R^2 of each family", "40/40 inside the dt band"],
}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(EXPECTED_OUTPUT))
def test_example_runs_and_saves_png(tmp_path, name):
    result = run_example(name, tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    png = tmp_path / name.replace(".py", ".png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert png.stat().st_size > 20_000  # a real figure, not an empty canvas
    for text in EXPECTED_OUTPUT[name]:
        assert text in result.stdout
