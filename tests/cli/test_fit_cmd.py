"""neurosim fit: ranking table, CSV/JSON/PNG outputs with provenance, one-line errors."""

import json
import os
import re

import numpy as np
import pytest

from neurosim.bridge import FAMILIES
from neurosim.cli import main
from neurosim.io import read_csv, read_csv_provenance


def test_fit_prints_the_ranking_and_writes_csv_json_png(tmp_path, capsys):
    out = tmp_path / "fit"
    code = main(["fit", "--preset", "brian2_if_curve", "--to", "2nA", "--points", "30",
                 "--duration", "500ms", "--seed", "3", "--out", str(out)])
    printed = capsys.readouterr().out
    assert code == 0
    assert "R^2" in printed and "dAIC" in printed
    table = [line.split()[1] for line in printed.splitlines() if re.match(r"^ ?\d  [a-z]", line)]
    assert table[0] == "lif" and set(table) == set(FAMILIES)
    data = read_csv(out / "fit_brian2_if_curve.csv")
    assert len(data["current_nA"]) == 30 and data["current_nA"][-1] == pytest.approx(2.0)
    for family in FAMILIES:
        assert len(data[f"fit_{family}_Hz"]) == 30
    assert read_csv_provenance(out / "fit_brian2_if_curve.csv")["seed"] == 3
    record = json.loads((out / "fit_brian2_if_curve.json").read_text())
    assert record["seed"] == 3 and record["parameters"]["params"]["t_ref"] == "5 ms"
    assert {"brian2", "numpy", "scipy", "neurosim"} <= set(record["versions"])
    fits = {f["family"]: f for f in record["fits"]}
    assert fits["lif"]["r2"] > 0.999
    assert fits["relu"]["values"]["I_0"].endswith(" nA") and len(fits["relu"]["ci"]["I_0"]) == 2
    assert record["comparison"]["points_within_tolerance"] == 30
    assert (out / "fit_brian2_if_curve.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_default_range_is_five_rheobases_and_noise_uses_siegert(tmp_path, capsys):
    out = tmp_path / "noisy"
    code = main(["fit", "--preset", "brunel2000", "--sigma", "3 mV", "--points", "12", "--trials", "3",
                 "--duration", "300ms", "--seed", "1", "--families", "relu,sigmoid", "--out", str(out)])
    assert code == 0
    data = read_csv(out / "fit_brunel2000.csv")
    assert data["current_nA"][0] == 0 and data["current_nA"][-1] == pytest.approx(1.25)
    assert np.all(data["siegert_Hz"][:4] > data["closed_form_Hz"][:4])  # noise fires below rheobase
    assert {k for k in data if k.startswith("fit_")} == {"fit_relu_Hz", "fit_sigmoid_Hz"}
    assert "Siegert" in capsys.readouterr().out


@pytest.mark.parametrize(
    "args, words",
    [
        ([], ["--preset", "required"]),
        (["--preset", "nope"], ["unknown name", "brunel2000"]),
        (["--preset", "brunel2000", "--sigma", "2"], ["--sigma", "no unit", "voltage"]),
        (["--preset", "brunel2000", "--sigma", "-1 mV"], ["sigma", ">= 0"]),
        (["--preset", "brunel2000", "--from", "1 nA", "--to", "0.5 nA"], ["--to", "--from"]),
        (["--preset", "brunel2000", "--points", "1"], ["--points", ">= 2"]),
        (["--preset", "brunel2000", "--trials", "0"], ["--trials", ">= 1"]),
        (["--preset", "brunel2000", "--dt", "5 ms"], ["dt", "tau_m"]),
        (["--preset", "brunel2000", "--families", "relu,elu"], ["--families", "elu", "softplus"]),
        (["--preset", "brunel2000", "--to", "0.1 nA", "--points", "5", "--duration", "100ms"],
         ["no family could be fitted", "all rates are 0 Hz"]),
    ],
)
def test_bad_input_is_one_line_exit_2_and_no_files(tmp_path, capsys, args, words):
    out = tmp_path / "out"
    code = main(["fit", "--out", str(out), *args])
    captured = capsys.readouterr()
    assert code == 2
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("neurosim: error:")
    for word in words:
        assert word in lines[0]
    assert "Traceback" not in captured.err
    assert not out.exists()
    assert os.listdir(tmp_path) == []  # no staging folder left behind
