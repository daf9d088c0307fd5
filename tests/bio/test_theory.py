"""The closed-form LIF rate and the rheobase."""

import warnings

import numpy as np
import pytest
from brian2 import Hz, amp, ms, nA, second

from neurosim.bio import LIFParams, lif_rate, list_presets, load_preset, rheobase
from neurosim.errors import ParameterTypeError, UnitError


def _by_hand(i_amp, p):
    """T = tau ln((R I + E_L - V_reset)/(R I + E_L - V_th)), r = 1/(t_ref + T) (Neuronal Dynamics 1.3)."""
    R, EL, Vr, Vt = float(p.R_m), float(p.E_L), float(p.V_reset), float(p.V_th)
    T = float(p.tau_m) * np.log((R * i_amp + EL - Vr) / (R * i_amp + EL - Vt))
    return 1.0 / (float(p.t_ref) + T)


@pytest.mark.parametrize("name", list_presets("lif"))
def test_matches_the_textbook_formula_above_rheobase(name):
    p = load_preset(name)
    currents = np.linspace(1.001, 20, 200) * float(p.rheobase)
    expected = _by_hand(currents, p)
    got = np.asarray(lif_rate(currents * amp, p) / Hz)
    np.testing.assert_allclose(got, expected, rtol=1e-12)


def test_zero_at_and_below_rheobase_without_warnings():
    p = LIFParams()
    currents = np.concatenate([np.linspace(-5, 1, 50) * float(p.rheobase), [float(p.rheobase)]]) * amp
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        rates = lif_rate(currents, p)
    assert np.all(np.asarray(rates / Hz) == 0.0)
    assert rheobase(p) == p.rheobase
    assert float(rheobase(p) / nA) == pytest.approx(1.5, rel=1e-12)


def test_limits_monotone_and_shapes():
    p = LIFParams()
    currents = np.geomspace(1.0001, 1e9, 500) * p.rheobase
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        rates = np.asarray(lif_rate(currents, p) / Hz)
    assert np.all(np.diff(rates) > 0)
    assert rates[-1] <= 1 / float(p.t_ref / second)
    assert rates[-1] == pytest.approx(1 / float(p.t_ref / second), rel=1e-6)
    assert lif_rate(2 * nA, p).shape == ()
    assert lif_rate(np.ones((3, 4)) * nA, p).shape == (3, 4)


def test_no_refractoriness_gives_unbounded_linear_growth():
    # With t_ref = 0 the rate grows like R I / (tau (V_th - V_reset)) for large I.
    p = LIFParams(t_ref=0 * ms)
    big = 1e4 * p.rheobase
    slope = float(p.R_m / (p.tau_m * (p.V_th - p.V_reset)) * big / Hz)
    assert float(lif_rate(big, p) / Hz) == pytest.approx(slope, rel=1e-3)


def test_needs_units_and_params():
    with pytest.raises(UnitError, match="current"):
        lif_rate(2.0, LIFParams())
    with pytest.raises(ParameterTypeError, match="LIFParams"):
        lif_rate(2 * nA, {"tau_m": 10 * ms})
