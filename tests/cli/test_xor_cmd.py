"""``neurosim xor``: the article's settings fail, the working ones learn XOR; files and errors."""

import csv
import json

import pytest

from neurosim.cli import main
from neurosim.io import read_csv_provenance


def test_reports_article_failure_and_working_success(capsys):
    assert main(["xor"]) == 0
    out = capsys.readouterr().out
    assert "Article's settings (learning rate 0.01, 1000 epochs): does NOT learn XOR." in out
    assert "Working settings (learning rate 0.5, 10000 epochs): learns XOR." in out
    assert "The article's settings (learning rate 0.01, 1000 epochs) do not learn XOR" in out
    assert "0.2505 at epoch 1000" in out  # the loss summary, seed 0
    assert out.count("WRONG") >= 1 and "wrote" not in out


def test_out_saves_figures_and_data_with_provenance(tmp_path, capsys):
    out_dir = tmp_path / "xor"
    assert main(["xor", "--seed", "3", "--epochs", "5000", "--out", str(out_dir)]) == 0
    assert "wrote" in capsys.readouterr().out
    names = {"xor_loss_curve.png", "xor_decision_boundary.png", "xor_results.json",
             "xor_loss_curve.csv", "xor_predictions.csv"}
    assert {p.name for p in out_dir.iterdir()} == names
    for png in ("xor_loss_curve.png", "xor_decision_boundary.png"):
        assert (out_dir / png).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    saved = json.loads((out_dir / "xor_results.json").read_text())
    assert saved["provenance"]["seed"] == 3
    assert saved["provenance"]["parameters"]["working"]["epochs"] == 5000
    assert saved["provenance"]["parameters"]["article"]["learning_rate"] == 0.01
    assert "numpy" in saved["provenance"]["versions"]
    assert saved["results"]["article"]["solved"] is False
    assert saved["results"]["working"]["solved"] is True

    curve = read_table(out_dir / "xor_loss_curve.csv")
    assert len(curve) == 1000 + 5000
    assert [row["setting"] for row in curve[999:1001]] == ["article", "working"]
    working_epoch_1000 = curve[1000 + 999]
    assert working_epoch_1000["epoch"] == "1000"
    assert float(working_epoch_1000["loss"]) == pytest.approx(
        saved["results"]["working"]["loss_at_epoch"]["1000"], rel=1e-15)
    assert read_csv_provenance(out_dir / "xor_loss_curve.csv")["seed"] == 3
    predictions = read_table(out_dir / "xor_predictions.csv")
    assert [float(row["target"]) for row in predictions] == [0, 1, 1, 0] * 2
    assert [int(row["predicted"]) for row in predictions[4:]] == [0, 1, 1, 0]


def read_table(path):
    """Rows of a neurosim CSV as dicts, skipping its '#' header lines."""
    with open(path, newline="") as fh:
        return list(csv.DictReader(line for line in fh if not line.startswith("#")))


def test_settings_that_fail_are_reported_as_failing(capsys):
    assert main(["xor", "--lr", "0.01", "--epochs", "1000"]) == 0
    out = capsys.readouterr().out
    assert "Working settings (learning rate 0.01, 1000 epochs): does NOT learn XOR." in out
    assert "did not learn XOR" in out and "--lr 0.5 --epochs 10000" in out


@pytest.mark.parametrize("argv, match", [
    (["--lr", "0"], "--lr: must be a finite number > 0, got 0.0"),
    (["--lr", "-1"], "--lr: must be a finite number > 0"),
    (["--lr", "nan"], "--lr"),
    (["--lr", "fast"], "invalid float value: 'fast'"),
    (["--epochs", "0"], "--epochs: must be an integer >= 1, got 0"),
    (["--epochs", "1e4"], "invalid int value"),
    (["--seed", "-1"], "--seed: must be None or an integer in [0, 2**32), got -1"),
    (["--bogus"], "unrecognized arguments: --bogus"),
])
def test_bad_input_exits_2_with_one_line(argv, match, capsys):
    assert main(["xor", *argv]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("neurosim: error: ")
    assert match in lines[0]


def test_out_refuses_non_empty_folder_without_force(tmp_path, capsys):
    (tmp_path / "keep.txt").write_text("mine")
    assert main(["xor", "--epochs", "10", "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "not empty" in err and "--force" in err and len(err.strip().splitlines()) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.txt"]

    assert main(["xor", "--epochs", "10", "--out", str(tmp_path), "--force"]) == 0
    assert (tmp_path / "keep.txt").read_text() == "mine"
    assert (tmp_path / "xor_results.json").exists()


def test_out_that_is_a_file_is_an_error(tmp_path, capsys):
    target = tmp_path / "file.txt"
    target.write_text("")
    assert main(["xor", "--epochs", "10", "--out", str(target)]) == 2
    assert "not a folder" in capsys.readouterr().err


def test_non_empty_out_is_refused_before_training(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("mine")
    assert main(["xor", "--out", str(tmp_path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""  # nothing trained or printed
    assert len(captured.err.strip().splitlines()) == 1 and "not empty" in captured.err


def test_saved_csv_files_read_back_with_their_text_columns(tmp_path):
    from neurosim.io import read_csv

    assert main(["xor", "--epochs", "50", "--out", str(tmp_path / "o")]) == 0
    table = read_csv(tmp_path / "o" / "xor_predictions.csv")
    assert set(table["setting"]) == {"article", "working"}
    assert table["x1"].dtype == float
