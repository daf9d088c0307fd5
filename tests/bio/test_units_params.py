"""LIFParams validation and the unit parser."""

import brian2
import numpy as np
import pytest
from brian2 import Mohm, amp, ms, mV, nA, second

from neurosim.bio import LIFParams
from neurosim.errors import ParameterError, UnitError
from neurosim.units import check_quantity, format_quantity, parse_quantity


def test_defaults_and_derived_quantities():
    p = LIFParams()
    assert p.rheobase == (p.V_th - p.E_L) / p.R_m
    assert abs(float(p.rheobase / nA) - 1.5) < 1e-12
    assert abs(float(p.C_m / brian2.pfarad) - 1000.0) < 1e-9


@pytest.mark.parametrize(
    "field, value, error, words",
    [
        ("tau_m", 10, UnitError, "time"),
        ("tau_m", 10 * mV, UnitError, "time"),
        ("R_m", 10 * ms, UnitError, "resistance"),
        ("E_L", -65, UnitError, "voltage"),
        ("tau_m", 0 * ms, ParameterError, "> 0"),
        ("tau_m", -1 * ms, ParameterError, "> 0"),
        ("R_m", 0 * Mohm, ParameterError, "> 0"),
        ("t_ref", -1 * ms, ParameterError, ">= 0"),
        ("V_th", -70 * mV, ParameterError, "V_reset"),
        ("tau_m", np.nan * ms, ParameterError, "finite"),
        ("tau_m", [1, 2] * ms, ParameterError, "single value"),
    ],
)
def test_bad_parameters_name_the_field(field, value, error, words):
    with pytest.raises(error) as info:
        LIFParams(**{field: value})
    assert field in str(info.value)
    assert words in str(info.value)


def test_params_are_frozen_hashable_and_replaceable():
    p = LIFParams()
    with pytest.raises(Exception):
        p.tau_m = 5 * ms
    q = p.replace(tau_m=20 * ms)
    assert q.tau_m == 20 * ms and p.tau_m == 10 * ms
    assert p == LIFParams() and p != q
    assert len({p, LIFParams(), q}) == 2
    with pytest.raises(ParameterError):
        p.replace(V_reset=p.V_th)


def test_as_text_round_trips_through_the_parser():
    p = LIFParams(tau_m=12.5 * ms, R_m=150 * Mohm)
    again = {k: parse_quantity(v, k) for k, v in p.as_text().items()}
    assert LIFParams(**again) == p


@pytest.mark.parametrize(
    "text, expected",
    [("10 ms", 10 * ms), ("-70mV", -70 * mV), ("1e-3 s", 1 * ms), ("0.5 nA", 0.5 * nA),
     (".5nA", 0.5 * nA), ("100 Mohm", 100 * Mohm), ("3 * mV", 3 * mV), ("+2 mV", 2 * mV)],
)
def test_parse_quantity_reads_numbers_with_units(text, expected):
    value = parse_quantity(text, "x")
    assert abs(float(value - expected)) <= 1e-12 * abs(float(expected))
    assert value.dim is expected.dim


@pytest.mark.parametrize(
    "text, error, words",
    [
        ("10", UnitError, "no unit"),
        ("10 furlong", UnitError, "unknown unit"),
        ("__import__('os').system('true')", ParameterError, "cannot read"),
        ("ms", ParameterError, "cannot read"),
        ("10 mV", UnitError, "time"),
        ("", ParameterError, "cannot read"),
    ],
)
def test_parse_quantity_rejects_without_evaluating(text, error, words):
    with pytest.raises(error) as info:
        parse_quantity(text, "tau_m", ms)
    assert "tau_m" in str(info.value) and words in str(info.value)


def test_check_quantity_messages_name_the_unit():
    with pytest.raises(UnitError, match="current"):
        check_quantity(np.ones(3), "currents", amp)
    with pytest.raises(ParameterError, match="finite"):
        check_quantity([1, np.inf] * nA, "currents", amp)
    assert format_quantity(1.5 * second, ms) == "1500 ms"
