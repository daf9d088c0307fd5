"""Every numbered example runs headless, prints its finding and saves its figure."""

from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, run_example

#: Example -> text its output must contain (its finding, not just "saved").
EXPECTED_OUTPUT = {
    "01_membrane_trace.py": ["11 spikes without noise, 12 with sigma = 2 mV (seed 1)"],
    # Noise-free, deterministic: the grid error of dt = 0.1 ms (~ r**2 dt, docs/bio.md).
    "02_fi_curve.py": ["neuronal_dynamics: rheobase 2 nA, max |simulated - closed form| 7.9 Hz",
                       "cortical_pyramidal: rheobase 0.133 nA, max |simulated - closed form| 1.4 Hz",
                       "fast_spiking: rheobase 0.25 nA, max |simulated - closed form| 15.4 Hz"],
    "03_activations.py": ["sigmoid slope at 0 is a/4: 0.125, 0.25, 0.5, 1.25"],
    "04_xor_mlp.py": ["article: lr 0.01, 1000 epochs: final MSE 0.25",
                      "working: lr 0.5, 10^4 epochs: final MSE 0.000"],
    "05_fit_activations.py": ["lif ", "sigmoid", "relu", "true rheobase 1 nA", "points inside the dt band"],
    "06_noise_smooths_threshold.py": ["R^2 of each family", "40/40 inside the dt band"],
    "07_spiking_xor.py": ["agreement"],
    "08_spiking_moons.py": ["agreement"],
    "09_eif_rate_under_noise.py": ["max |simulation - threshold integration|", "ISI CV: max"],
    "10_adaptation_linearises.py": ["1 - R^2 of a linear fit", "adiabatic theory vs simulated"],
    "11_hh_type2_fi.py": ["hh_squid: silent up to", "type II: jumps", "wang_buzsaki", "type I: rises"],
    "12_preset_gallery.py": ["adex_adapting", "named adapting       found adapting", "hh_squid",
                             "patterns as named: 16 of 16"],
    "13_brunel_ai_state.py": ["E: simulated", "mean field 37.95 Hz", "after the step"],
    "14_phase_diagram.py": ["[9/9] g = 6, eta = 4", "states (rows"],
    "15_hh_bistability.py": ["bistable: rest and firing both at 6.50-9.75 uA/cm^2", "type II: onset"],
    # 4 standard errors of a sample CV, CV/sqrt(2 n): docs/bridge.md (threshold integration).
    "16_isi_statistics.py": [
        "LIF: CV within 4 standard errors of threshold integration at 6 of 6 noise levels",
        "EIF: CV within 4 standard errors of threshold integration at 6 of 6 noise levels",
        "CV rises from sigma 0.5 mV to 6 mV for 5 of 5 models"],
    "17_digits_any_cell.py": ["hh_squid", "wang_buzsaki", "adex_adapting", "(ms: spiking accuracy)"],
}

SLOW = {"05_fit_activations.py", "06_noise_smooths_threshold.py", "07_spiking_xor.py",
        "08_spiking_moons.py", "09_eif_rate_under_noise.py", "10_adaptation_linearises.py",
        "11_hh_type2_fi.py", "12_preset_gallery.py", "13_brunel_ai_state.py", "14_phase_diagram.py",
        "15_hh_bistability.py", "16_isi_statistics.py", "17_digits_any_cell.py"}


def test_every_example_is_listed_here():
    assert sorted(p.name for p in EXAMPLES.glob("[0-9][0-9]_*.py")) == sorted(EXPECTED_OUTPUT)


@pytest.mark.parametrize(
    "name", [pytest.param(n, marks=pytest.mark.slow) if n in SLOW else n for n in sorted(EXPECTED_OUTPUT)]
)
def test_example_runs_and_saves_png(tmp_path: Path, name):
    result = run_example(name, tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    png = tmp_path / name.replace(".py", ".png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert png.stat().st_size > 20_000  # a real figure, not an empty canvas
    for text in EXPECTED_OUTPUT[name]:
        assert text in result.stdout
    assert len((EXAMPLES / name).read_text().splitlines()) <= 80
