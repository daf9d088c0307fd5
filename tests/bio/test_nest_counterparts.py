"""Every model NEST also has, on both engines: the agreements each integrator allows."""

import builtins
import importlib.util

import numpy as np
import pytest
from brian2 import Hz, cm, ms, mV, nA, pA, second, uA

from neurosim.bio import load_preset
from neurosim.bio.nest_check import NEST_MISSING, NestUnavailable, compare_with_nest
from neurosim.errors import ParameterError


def test_counterparts_map_parameters_and_units():
    hh = load_preset("hh_squid").nest_counterpart()
    assert hh.model == "hh_psc_alpha"
    # 1 uF/cm^2 and 120/36/0.3 mS/cm^2 over 20000 um^2 = 2e-4 cm^2.
    assert hh.nest_params["C_m"] == pytest.approx(200.0)
    assert (hh.nest_params["g_Na"], hh.nest_params["g_K"], hh.nest_params["g_L"]) == pytest.approx(
        (24000.0, 7200.0, 60.0))
    adex = load_preset("adex_tonic").nest_counterpart()
    assert adex.model == "aeif_psc_delta"
    assert adex.nest_params["V_th"] == float(load_preset("adex_tonic").V_T / mV)
    lif = load_preset("brunel2000").nest_counterpart()
    assert lif.model == "iaf_psc_delta" and lif.nest_params["t_ref"] == pytest.approx(2.0)
    assert lif.i_e(1 * nA) == pytest.approx(1000.0)
    izh = load_preset("izhikevich_rs").nest_counterpart()
    assert izh.model == "izhikevich" and izh.nest_params["consistent_integration"]
    for name in ("eif_cortical", "wang_buzsaki", "qif_rs"):
        assert load_preset(name).nest_counterpart() is None


def test_izhikevich_change_of_variables_gives_the_2003_quadratic():
    # v = v_r + s (x - x_r), t = T t': the 2007 right-hand side divided by s/T must be
    # 0.04 x^2 + 5 x + 140 - u' + I' at any x (u = 0, I = 0 here, so u' = b' x_r = I' offset).
    p = load_preset("izhikevich_rs")
    c = p.nest_counterpart()
    x = np.linspace(-90, 20, 12)
    root = 1625**0.5
    x_r = (-125 - root) / 2
    s = float((p.v_t - p.v_r) / mV) / root
    v = float(p.v_r / mV) + s * (x - x_r)
    k_over_c = float(p.k / p.C * mV * ms)  # 1/(mV ms)
    dv_dt = k_over_c * (v - float(p.v_r / mV)) * (v - float(p.v_t / mV))
    np.testing.assert_allclose(dv_dt * c.time_scale / s, 0.04 * x**2 + 5 * x + 140, rtol=1e-12,
                               atol=1e-9)


def test_a_model_without_counterpart_is_refused():
    with pytest.raises(ParameterError, match="params: NEST has no counterpart"):
        compare_with_nest(load_preset("wang_buzsaki"), 1 * nA, 100 * ms)


def test_without_nest_one_line_names_the_package(monkeypatch):
    real_import = builtins.__import__

    def no_nest(name, *args, **kwargs):
        if name == "nest" or name.startswith("nest."):
            raise ImportError("No module named 'nest'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_nest)
    with pytest.raises(NestUnavailable, match="pip install nest-simulator") as err:
        compare_with_nest(load_preset("izhikevich_rs"), 100 * pA, 100 * ms)
    assert str(err.value) == NEST_MISSING


needs_nest = pytest.mark.skipif(importlib.util.find_spec("nest") is None, reason=NEST_MISSING)


@needs_nest
@pytest.mark.parametrize("name, current", [("izhikevich_rs", 100 * pA), ("izhikevich_fs", 200 * pA),
                                           ("izhikevich_ch", 400 * pA)])
def test_izhikevich_equals_nest_spike_for_spike(name, current):
    # Forward Euler on both sides and an exact change of variables: the spike times agree to
    # rounding (measured 1.1e-13 ms for izhikevich_rs over 0.5 s); 1e-10 ms allows for the
    # accumulated rounding of longer trains, and is 1e8 times below one step.
    result = compare_with_nest(load_preset(name), current, 0.5 * second)
    assert len(result.times) == len(result.nest_times) >= 3
    assert np.max(np.abs(result.paired_times())) < 1e-10


@needs_nest
def test_lif_differs_from_nest_by_one_step_per_interval():
    # Same exact membrane; NEST clamps for t_ref = 20 steps from the end of the spike's step,
    # the grid LIF for 20 steps from the reset in it: each interval is one step (0.1 ms) longer
    # on NEST (measured 5.1 ms against 5.0 ms at 1 nA).
    result = compare_with_nest(load_preset("brunel2000"), 1 * nA, 300 * ms)
    np.testing.assert_allclose(np.diff(np.asarray(result.nest_times / ms)) -
                               np.diff(np.asarray(result.times / ms))[:len(result.nest_times) - 1],
                               0.1, atol=1e-9)


@needs_nest
@pytest.mark.slow
def test_hh_richardson_matches_nest():
    p = load_preset("hh_squid")
    result = compare_with_nest(p, p.current(10 * uA / cm**2), 1 * second, target="cython")
    nest_rate = float(result.nest_rate / Hz)
    # Exponential Euler at 0.01 ms is first order (0.5% low against NEST's adaptive RKF45);
    # the Richardson estimate removes it: 0.02% (measured) -> 0.05% allowed.
    assert float(result.rate / Hz) == pytest.approx(nest_rate, rel=0.01)
    assert float(result.rate_richardson / Hz) == pytest.approx(nest_rate, rel=5e-4)


@needs_nest
@pytest.mark.slow
@pytest.mark.parametrize("name", ["adex_tonic", "adex_adapting"])
def test_adex_agrees_with_nest_to_first_order_in_dt(name):
    result = compare_with_nest(load_preset(name), 500 * pA, 1 * second, target="cython")
    nest_rate = float(result.nest_rate / Hz)
    err_dt = float(result.rate / Hz) - nest_rate
    err_half = float(result.rate_half_dt / Hz) - nest_rate
    # First order: halving dt halves the error (ratio 2 within 20%), and Richardson is closer.
    assert err_dt / err_half == pytest.approx(2.0, rel=0.2)
    assert abs(float(result.rate_richardson / Hz) - nest_rate) < abs(err_half) / 2
