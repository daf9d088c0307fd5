"""neurosim fit --preset all: the correspondence table from one command."""

import json

import pytest

from neurosim.bio import list_presets
from neurosim.cli import main
from neurosim.io import read_csv, read_csv_provenance

#: One preset of each kind of model (all that exist): the full table of every preset takes
#: minutes (docs/bridge.md); the test budget allows this many.
KINDS = ("neuronal_dynamics", "brunel2000", "eif_cortical", "adex_adapting", "hh_squid",
         "wang_buzsaki", "izhikevich_rs", "qif_rs")


@pytest.mark.slow
def test_fit_all_presets_writes_the_table(tmp_path, capsys, monkeypatch):
    import importlib

    table_module = importlib.import_module("neurosim.bridge.correspondence_table")

    presets = [p for p in list_presets() if p in KINDS]
    monkeypatch.setattr(table_module, "list_presets", lambda model=None: presets)
    out = tmp_path / "table"
    code = main(["fit", "--preset", "all", "--points", "8", "--duration", "200ms", "--trials", "2",
                 "--seed", "5", "--out", str(out)])
    printed = capsys.readouterr().out
    assert code == 0
    for preset in presets:
        assert f"\n{preset}: noise-free " in "\n" + printed and "Reading:" in printed
    data = read_csv(out / "correspondence.csv")
    assert set(data["preset"]) == set(presets) and set(data["sigma_mV"]) == {0.0, 2.0}
    assert read_csv_provenance(out / "correspondence.csv")["seed"] == 5
    record = json.loads((out / "correspondence.json").read_text())
    assert record["presets"] == presets and {"versions", "seed"} <= set(record["provenance"])
    assert all(len(record["best"][p]) == 2 for p in presets)
    assert (out / "correspondence.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_fit_all_refuses_a_bad_option_in_one_line(tmp_path, capsys):
    code = main(["fit", "--preset", "all", "--points", "3", "--out", str(tmp_path / "x")])
    err = capsys.readouterr().err
    assert code == 2 and "--points" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "x").exists()
