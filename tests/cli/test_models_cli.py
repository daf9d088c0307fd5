"""neurosim presets / fi / fit with presets of every model (not only the LIF)."""

import json

import numpy as np
import pytest

from neurosim.bio import list_presets, load_preset, preset_info
from neurosim.cli import main
from neurosim.io import read_csv, read_csv_provenance


def test_presets_lists_every_model_with_key_values(capsys):
    assert main(["presets"]) == 0
    out = capsys.readouterr().out
    for name in list_presets():
        line = next(line for line in out.splitlines() if line.startswith(name + " "))
        assert getattr(load_preset(name), "MODEL", "lif") in line
        info = preset_info(name)
        if info.pattern:
            assert info.pattern in line
    assert "g_Na=120mS/cm^2" in out and "tau_w=300ms" in out and "rheobase=250pA" in out


def test_fi_takes_an_adex_preset_with_its_own_dt_and_range(tmp_path, capsys):
    out = tmp_path / "fi"
    # no --to: the range ends at 3x the rough rheobase of one 200 ms run (AdEx tonic: 0.24 nA
    # -> 0.71 nA)
    code = main(["fi", "--preset", "adex_tonic", "--points", "6", "--duration", "200ms",
                 "--target", "numpy", "--seed", "1", "--out", str(out)])
    assert code == 0
    data = read_csv(out / "fi_adex_tonic.csv")
    assert "closed_form_Hz" not in data  # no closed form beyond the LIF
    assert 0.5 < data["current_nA"][-1] < 2.0
    assert data["rate_Hz"][0] == 0 and data["rate_Hz"][-1] > 50
    record = read_csv_provenance(out / "fi_adex_tonic.csv")
    assert record["parameters"]["dt"] == "0.01 ms"  # the model's dt, not the LIF's 0.1 ms
    assert record["parameters"]["params"]["tau_w"] == "30 ms"
    text = capsys.readouterr().out
    assert "AdExParams" in text and "first firing current" in text


def test_fi_refuses_exact_timing_for_a_non_lif_preset(tmp_path, capsys):
    code = main(["fi", "--preset", "izhikevich_fs", "--spike-timing", "exact", "--out", str(tmp_path / "x")])
    assert code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--spike-timing" in err and "LIF" in err
    assert not (tmp_path / "x").exists()


def test_fit_takes_an_eif_preset(tmp_path, capsys):
    out = tmp_path / "fit"
    code = main(["fit", "--preset", "eif_cortical", "--to", "0.4 nA", "--points", "10",
                 "--duration", "300ms", "--target", "numpy", "--seed", "2", "--out", str(out)])
    assert code == 0
    record = json.loads((out / "fit_eif_cortical.json").read_text())
    assert "comparison" not in record  # the LIF closed form does not apply
    fitted = [fit for fit in record["fits"] if fit["success"]]
    assert fitted and max(fit["r2"] for fit in fitted) > 0.9
    data = read_csv(out / "fit_eif_cortical.csv")
    assert "siegert_Hz" not in data and np.all(data["rate_Hz"] >= 0)
    assert "eif_cortical" in capsys.readouterr().out


@pytest.mark.parametrize("target", ["auto"])
def test_auto_target_is_numpy_for_lif(target):
    from neurosim.bio.brian2_tools import resolve_target

    assert resolve_target(target, load_preset("brunel2000")) == "numpy"
    assert resolve_target("cython", load_preset("brunel2000")) == "cython"
    assert resolve_target(target, load_preset("hh_squid")) in ("cython", "numpy")
