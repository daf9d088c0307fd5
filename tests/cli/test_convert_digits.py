"""``neurosim convert --dataset digits``: files with provenance; bad input is one line and exit 2."""

import json

import pytest

from neurosim.cli import main
from neurosim.cli.convert_digits import DIGITS_FIGURES
from neurosim.io import read_csv, read_csv_provenance


def test_a_short_digits_run_writes_figures_summary_and_table(tmp_path, capsys):
    out_dir = tmp_path / "digits"
    assert main(["convert", "--dataset", "digits", "--test-images", "30", "--presentation",
                 "50 ms", "--seed", "0", "--target", "cython", "--out", str(out_dir)]) == 0
    printed = capsys.readouterr().out
    assert "digits: 64-32-32-10 network, 30 test images" in printed
    assert "scikit-learn MLPClassifier" in printed and "neuronal_dynamics (lif fit" in printed
    names = {f"{name}.png" for name in DIGITS_FIGURES} | {"summary.json", "digits_accuracy.csv"}
    assert {p.name for p in out_dir.iterdir()} == names
    summary = json.loads((out_dir / "summary.json").read_text())
    cell = summary["cells"][0]
    assert cell["preset"] == "neuronal_dynamics" and cell["n_images"] == 30
    assert [row["presentation_ms"] for row in cell["latency"]] == [10, 20, 30, 50]
    assert summary["provenance"]["seed"] == 0 and "brian2" in summary["provenance"]["versions"]
    table = read_csv(out_dir / "digits_accuracy.csv")
    assert table["presentation_ms"].tolist() == [10, 20, 30, 50]
    assert read_csv_provenance(out_dir / "digits_accuracy.csv")["seed"] == 0


@pytest.mark.parametrize("argv, words", [
    (["--dataset", "digits", "--neuron", "no_such_cell"], "--neuron: "),
    (["--dataset", "digits", "--grid", "10"], "--grid: the digits have 64 inputs"),
    (["--dataset", "digits", "--dt", "0.2 ms"], "--dt: must be in (0 ms, 0.1 ms]"),
    (["--dataset", "digits", "--presentation", "0.1 ms"], "--presentation: must be in [10 dt"),
    (["--dataset", "digits", "--test-images", "451"], "--test-images: must be in [1, 450]"),
    (["--dataset", "xor", "--neuron", "hh_squid"], "--neuron: is for --dataset digits only"),
    (["--dataset", "xor", "--target", "cpp_standalone"], "--target: cpp_standalone is for"),
    (["--dataset", "mnist"], "invalid choice: 'mnist'"),
])
def test_bad_input_is_one_line_and_exit_2(tmp_path, capsys, argv, words):
    out_dir = tmp_path / "never"
    assert main(["convert", "--out", str(out_dir), *argv]) == 2
    err = capsys.readouterr().err
    assert err.startswith("neurosim: error: ") and err.count("\n") == 1
    assert words in err
    assert not out_dir.exists()


def test_a_cell_that_never_fires_in_the_range_is_refused(tmp_path, capsys):
    # A LIF cell whose rheobase (30 mV / 1 Mohm = 30 nA) is above the 20 nA the sweep tries.
    preset = tmp_path / "deaf.toml"
    preset.write_text('model = "lif"\nsource = "a test cell"\n[params]\ntau_m = "10 ms"\nR_m = "1 Mohm"\n'
                      'E_L = "-80 mV"\nV_th = "-50 mV"\nV_reset = "-80 mV"\nt_ref = "2 ms"\n')
    out_dir = tmp_path / "never"
    assert main(["convert", "--dataset", "digits", "--neuron", str(preset), "--out",
                 str(out_dir)]) == 2
    err = capsys.readouterr().err
    assert "--neuron:" in err and "never fires at 100 Hz" in err and err.count("\n") == 1
    assert not out_dir.exists()
