"""neurosim network: one state and the phase diagram write their files; bad input is one line."""

import numpy as np
import pytest

from neurosim.bridge.phase_diagram import classify_state
from neurosim.cli import main
from neurosim.io import read_csv, read_csv_provenance


def test_state_writes_figure_table_and_provenance(tmp_path, capsys):
    out = tmp_path / "ai"
    code = main(
        [
            "network",
            "--state",
            "AI",
            "--scale",
            "0.1",
            "--duration",
            "300 ms",
            "--backend",
            "nest",
            "--seed",
            "4",
            "--out",
            str(out),
        ]
    )
    assert code == 0
    assert (out / "network_AI.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    data = read_csv(out / "network_AI.csv")
    assert list(data["population"]) == ["E", "I"]
    np.testing.assert_allclose(data["mean_field_Hz"], 37.95, atol=0.01)
    assert np.all((data["rate_Hz"] > 25) & (data["rate_Hz"] < 60))
    assert read_csv_provenance(out / "network_AI.csv")["seed"] == 4
    assert "mean field 37.95 Hz" in capsys.readouterr().out


@pytest.mark.slow
def test_phase_diagram_reports_progress_and_writes_a_table(tmp_path, capsys):
    out = tmp_path / "phase"
    code = main(
        [
            "network",
            "--phase-diagram",
            "--g",
            "5,6",
            "--eta",
            "2",
            "--duration",
            "300 ms",
            "--backend",
            "nest",
            "--seed",
            "1",
            "--out",
            str(out),
        ]
    )
    assert code == 0
    captured = capsys.readouterr()
    assert "[1/2] g = 5, eta = 2" in captured.err and "[2/2] g = 6" in captured.err
    data = read_csv(out / "phase_diagram.csv")
    assert list(data["g"]) == [5.0, 6.0] and list(data["eta"]) == [2.0, 2.0]
    assert data["mean_field_Hz"][0] == pytest.approx(37.95, abs=0.01)
    assert (out / "phase_diagram.png").stat().st_size > 20_000


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--phase-diagram", "--g", "a,b"], "--g: expected numbers"),
        (["--state", "AI", "--scale", "0.01"],
         "--scale: must be a number in [0.1, 10] (the size relative to N_E = 10000, N_I = 2500; "
         "C_E = 1000 stays fixed), got 0.01"),
        (["--state", "AI", "--duration", "1"], "--duration"),
    ],
)
def test_bad_input_is_one_line_and_no_folder(tmp_path, capsys, argv, message):
    out = tmp_path / "never"
    assert main(["network", *argv, "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1
    assert not out.exists()


def test_state_labels_follow_the_documented_rule():
    assert classify_state(0.01, np.nan, np.nan, np.nan) == "Q"
    assert classify_state(40, 0.6, 0.2, 100) == "AI"
    assert classify_state(330, 0.01, 0.5, 660) == "SR"
    assert classify_state(60, 1.2, 0.34, 175) == "SI_fast"
    assert classify_state(10, 0.35, 0.45, 18) == "SI_slow"
    assert classify_state(40, 0.6, 0.25, 100, chi_sync=0.2) == "SI_fast"
