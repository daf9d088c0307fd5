"""neurosim fi / presets / python -m neurosim: outputs, provenance, one-line errors."""

import os
import subprocess
import sys

import numpy as np
import pytest

from neurosim.bio import list_presets
from neurosim.cli import main
from neurosim.io import read_csv, read_csv_provenance


def test_fi_writes_csv_with_provenance_and_png(tmp_path, capsys):
    out = tmp_path / "fi"
    code = main(["fi", "--preset", "brunel2000", "--points", "12", "--duration", "300ms",
                 "--seed", "5", "--out", str(out)])
    assert code == 0
    csv = out / "fi_brunel2000.csv"
    png = out / "fi_brunel2000.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    data = read_csv(csv)
    assert len(data["current_nA"]) == 12
    assert np.all(data["rate_Hz"] >= 0)
    assert data["current_nA"][-1] == pytest.approx(1.25)  # 5x the 250 pA rheobase
    record = read_csv_provenance(csv)
    assert record["seed"] == 5
    assert record["parameters"]["params"]["tau_m"] == "20 ms"
    assert {"brian2", "numpy", "neurosim", "python"} <= set(record["versions"])
    assert "wrote" in capsys.readouterr().out


@pytest.mark.parametrize(
    "args, words",
    [
        (["--sigma", "2"], ["--sigma", "no unit", "voltage"]),
        (["--dt", "5 ms"], ["dt", "tau_m"]),
        (["--from", "1 nA", "--to", "0.5 nA"], ["--to", "--from"]),
        (["--to", "abc"], ["--to", "cannot read"]),
        (["--preset", "nope"], ["unknown name", "brunel2000"]),
        (["--points", "1"], ["--points", ">= 2"]),
        (["--duration", "-1 s"], ["duration"]),
        (["--bogus"], ["unrecognized arguments"]),
    ],
)
def test_bad_input_is_one_line_exit_2_and_no_files(tmp_path, capsys, args, words):
    out = tmp_path / "out"
    code = main(["fi", "--out", str(out), *args])
    captured = capsys.readouterr()
    assert code == 2
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("neurosim: error:")
    for word in words:
        assert word in lines[0]
    assert "Traceback" not in captured.err
    assert not out.exists()
    assert os.listdir(tmp_path) == []  # no staging folder left behind


def test_output_folder_checks(tmp_path, capsys):
    full = tmp_path / "full"
    full.mkdir()
    (full / "mine.txt").write_text("keep me")
    assert main(["fi", "--points", "3", "--duration", "50ms", "--out", str(full)]) == 2
    assert "not empty" in capsys.readouterr().err
    assert main(["fi", "--points", "3", "--duration", "50ms", "--out", str(full), "--force"]) == 0
    assert (full / "mine.txt").read_text() == "keep me"
    assert (full / "fi_neuronal_dynamics.csv").exists()
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    if os.access(locked, os.W_OK):  # root can write anywhere: use a path under a file instead
        locked = full / "mine.txt"
    assert main(["fi", "--out", str(locked / "sub")]) == 2
    err = capsys.readouterr().err
    assert "not writable" in err or "not a folder" in err


def test_presets_lists_every_preset_with_source(capsys):
    assert main(["presets"]) == 0
    out = capsys.readouterr().out
    for name in list_presets("lif"):
        assert name in out
    assert "Brunel" in out and "rheobase" in out


def test_python_dash_m_and_console_script_exit_2_on_bad_input(tmp_path):
    result = subprocess.run([sys.executable, "-m", "neurosim", "fi", "--sigma", "x", "--out", str(tmp_path / "o")],
                            capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "--sigma" in result.stderr
    result = subprocess.run([sys.executable, "-m", "neurosim", "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and "neurosim" in result.stdout
