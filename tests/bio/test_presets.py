"""Presets in models/: cited, parsed with a unit whitelist, clear errors."""

import pytest
from brian2 import mV

from neurosim.bio import LIFParams, list_presets, load_preset, preset_info
from neurosim.errors import PresetError

GOOD = """
title = "t"
source = "Someone (2000)"
[params]
tau_m = "10 ms"
R_m = "10 Mohm"
E_L = "-65 mV"
V_th = "-50 mV"
V_reset = "-65 mV"
t_ref = "2 ms"
"""


def test_at_least_four_cited_presets_load():
    names = list_presets("lif")
    assert len(names) >= 4
    assert {"neuronal_dynamics", "brunel2000", "cortical_pyramidal", "fast_spiking"} <= set(names)
    for name in names:
        params = load_preset(name)
        assert isinstance(params, LIFParams)
        assert params.name == name
        assert len(preset_info(name).source) > 20  # a real reference, not a placeholder


def test_unknown_name_lists_the_presets():
    with pytest.raises(PresetError) as info:
        load_preset("no_such_cell")
    for name in list_presets("lif"):
        assert name in str(info.value)


def test_load_from_path(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text(GOOD)
    params = load_preset(path)
    assert params.name == "mine" and params.V_th == -50 * mV


@pytest.mark.parametrize(
    "change, words",
    [
        (('tau_m = "10 ms"', 'tau_m = "10"'), ["params.tau_m", "no unit"]),
        (('tau_m = "10 ms"', 'tau_m = "10 mV"'), ["params.tau_m", "time"]),
        (('tau_m = "10 ms"', "tau_m = 10"), ["params.tau_m", "expected text"]),
        (('tau_m = "10 ms"', 'tau_m = "__import__(\'os\')"'), ["params.tau_m", "cannot read"]),
        (('tau_m = "10 ms"\n', ""), ["params.tau_m", "missing"]),
        (('source = "Someone (2000)"\n', ""), ["source", "missing"]),
        (('t_ref = "2 ms"', 't_ref = "2 ms"\nC_m = "1 pF"'), ["params.C_m", "unknown"]),
        (('V_th = "-50 mV"', 'V_th = "-70 mV"'), ["V_th", "V_reset"]),
        (("[params]", "[params"), ["not valid TOML"]),
    ],
)
def test_malformed_file_names_file_key_and_problem(tmp_path, change, words):
    path = tmp_path / "bad.toml"
    path.write_text(GOOD.replace(*change))
    with pytest.raises(PresetError) as info:
        load_preset(path)
    message = str(info.value)
    assert str(path) in message
    for word in words:
        assert word in message


def test_missing_file():
    with pytest.raises(PresetError, match="does not exist"):
        load_preset("/nonexistent/cell.toml")
