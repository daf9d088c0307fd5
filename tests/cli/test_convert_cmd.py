"""``neurosim convert``: figures and summary.json with provenance; bad input is one line and exit 2."""

import json

import pytest

from neurosim.bridge.experiment import DATASETS
from neurosim.cli import main
from neurosim.cli.convert_cmd import DATASET_CHOICES, FIGURES
from neurosim.io import read_csv, read_csv_provenance


def test_xor_writes_figures_summary_and_tables(tmp_path, capsys):
    out_dir = tmp_path / "convert"
    assert main(["convert", "--dataset", "xor", "--seed", "2", "--presentation", "100ms",
                 "--grid", "10", "--out", str(out_dir)]) == 0
    printed = capsys.readouterr().out
    assert "ANN accuracy 100.0%, spiking accuracy 100.0%, agreement 100.0%" in printed
    assert "agreement by presentation time: 5 ms" in printed and "wrote" in printed

    names = {f"{name}.png" for name in FIGURES} | {"summary.json", "convert_latency.csv",
                                                   "convert_test_points.csv"}
    assert {p.name for p in out_dir.iterdir()} == names
    for name in FIGURES:
        assert (out_dir / f"{name}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    summary = json.loads((out_dir / "summary.json").read_text())
    assert summary["ann_accuracy"] == 1.0 and summary["snn_accuracy"] == 1.0
    assert summary["agreement"] == 1.0
    assert summary["presentation"] == "100 ms" and summary["presentation_ms"] == 100.0
    assert summary["dataset"] == "xor" and summary["n_patterns"] == 4
    assert summary["correlation"][0] > 0.99
    assert summary["provenance"]["seed"] == 2
    assert summary["provenance"]["parameters"]["neurons"][0]["preset"] == "neuronal_dynamics"
    assert "brian2" in summary["provenance"]["versions"]
    assert [row["presentation_ms"] for row in summary["latency"]] == [5, 10, 20, 50, 100, 200,
                                                                        500]

    latency = read_csv(out_dir / "convert_latency.csv")
    assert latency["presentation_ms"].tolist() == [5, 10, 20, 50, 100, 200, 500]
    assert read_csv_provenance(out_dir / "convert_latency.csv")["seed"] == 2
    points = read_csv(out_dir / "convert_test_points.csv")
    assert points["snn_predicted"].tolist() == [0, 1, 1, 0]


@pytest.mark.parametrize("argv, words", [
    (["--presentation", "10 ms"], "presentation: 10 ms is too short"),
    (["--presentation", "200"], "--presentation: '200' has no unit"),
    (["--presentation", "2 mV"], "--presentation: expected time"),
    (["--seed", "-1"], "--seed: must be None or an integer in [0, 2**32), got -1"),
    (["--grid", "1"], "--grid: must be an integer >= 2"),
    (["--preset", "no_such_cell"], "no_such_cell"),
    (["--dataset", "spirals"], "invalid choice: 'spirals'"),
])
def test_bad_input_is_one_line_and_exit_2(tmp_path, capsys, argv, words):
    out_dir = tmp_path / "never"
    args = ["convert", "--dataset", "xor", "--out", str(out_dir), *argv]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("neurosim: error: ") and err.count("\n") == 1
    assert words in err
    assert not out_dir.exists()


def test_non_empty_out_needs_force(tmp_path, capsys):
    (tmp_path / "keep.txt").write_text("mine")
    assert main(["convert", "--dataset", "xor", "--out", str(tmp_path)]) == 2
    assert "--force" in capsys.readouterr().err


def test_dataset_choices_are_the_experiments():
    assert list(DATASET_CHOICES) == sorted([*DATASETS, "digits"])
