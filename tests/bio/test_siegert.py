"""The Siegert (diffusion-approximation) rate of a LIF neuron under white noise."""

import warnings

import numpy as np
import pytest
from brian2 import Hz, Mohm, amp, ms, mV, nA, second
from scipy.integrate import quad
from scipy.special import erfcx

from neurosim.bio import LIFParams, lif_rate, list_presets, load_preset
from neurosim.bio.theory import siegert_rate
from neurosim.bio.theory.lif import FOURCAUD_BRUNEL_ALPHA
from neurosim.errors import ParameterError, ParameterTypeError, UnitError

# NEST's siegert_neuron test (testsuite/pytests/test_siegert_neuron.py,
# test_RatePredictionAtThreshold): mean input exactly at threshold.
NEST = LIFParams(tau_m=10 * ms, R_m=1 * Mohm, E_L=-70 * mV, V_th=-55 * mV, V_reset=-70 * mV, t_ref=2 * ms)


def _by_quad(current_amp, sigma_v, p, tau_s_s=0.0):
    """1/r = t_ref + tau sqrt(pi) int_a^b erfcx(-u) du by adaptive quadrature (Brunel 2000, Eq. 21).

    Below threshold the integrand grows like exp(u**2): both terms are then
    scaled by exp(-b**2), as the implementation does, so quad sees O(1) numbers.
    """
    mu = float(p.E_L) + float(p.R_m) * current_amp
    shift = sigma_v * FOURCAUD_BRUNEL_ALPHA / 2 * np.sqrt(tau_s_s / float(p.tau_m))
    a = (float(p.V_reset) + shift - mu) / sigma_v
    b = (float(p.V_th) + shift - mu) / sigma_v
    if b > 27.3:  # exp(-b**2) < 1e-324: the rate is 0 in double precision
        return 0.0
    # Below threshold the scaled integrand peaks in a layer of width ~1/b under b.
    peak = [b - c / b for c in (1.0, 5.0, 20.0)] if b > 3 else []
    cuts = sorted({a, b, *[c for c in (-1e3, -100.0, -10.0, -1.0, 0.0, 1.0, 3.0, *peak) if a < c < b]})
    scale = b * b if b > 0 else 0.0

    def integrand(u):
        if u > 0:  # exp(u^2)(1 + erf u) exp(-scale) without overflow
            return np.exp(u * u - scale) * (2.0 - np.exp(-u * u) * erfcx(u))
        return np.exp(-scale) * erfcx(-u)

    total = sum(quad(integrand, lo, hi, epsabs=0, epsrel=1e-12, limit=500)[0]
                for lo, hi in zip(cuts[:-1], cuts[1:]))
    decay = np.exp(-scale)
    return decay / (decay * float(p.t_ref) + float(p.tau_m) * np.sqrt(np.pi) * total)


def test_reproduces_nest_published_value():
    rate = float(siegert_rate(15 * nA, np.sqrt(1.5) * mV, NEST) / Hz)
    assert abs(rate - 27.1095934379) / 27.1095934379 < 1e-8


@pytest.mark.parametrize("name", list_presets("lif"))
def test_matches_adaptive_quadrature_from_far_below_to_far_above_threshold(name):
    p = load_preset(name)
    currents = np.linspace(-1.0, 6.0, 15) * float(p.rheobase)
    for sigma_mv in (0.1, 1.0, 4.0, 20.0):
        got = np.asarray(siegert_rate(currents * amp, sigma_mv * mV, p) / Hz)
        expected = np.array([_by_quad(i, sigma_mv * 1e-3, p) for i in currents])
        big = expected > 1e-250  # deep below threshold both underflow towards 0
        np.testing.assert_allclose(got[big], expected[big], rtol=1e-10)
        assert np.all(got[~big] < 1e-240)


def test_fourcaud_brunel_shift_matches_quadrature_and_lowers_the_rate():
    p = load_preset("brunel2000")
    currents = np.linspace(0.5, 2.0, 7) * float(p.rheobase)
    got = np.asarray(siegert_rate(currents * amp, 5 * mV, p, tau_s=2 * ms) / Hz)
    expected = np.array([_by_quad(i, 5e-3, p, 2e-3) for i in currents])
    np.testing.assert_allclose(got, expected, rtol=1e-10)
    white = np.asarray(siegert_rate(currents * amp, 5 * mV, p) / Hz)
    assert np.all(got < white)
    assert FOURCAUD_BRUNEL_ALPHA == pytest.approx(2.0652, abs=1e-4)


def test_sigma_to_zero_converges_to_the_closed_form():
    p = load_preset("neuronal_dynamics")
    # Away from threshold the difference is ~ (sigma/(mu - V_th))**2; at mu = V_th
    # it vanishes only like 1/ln(1/sigma), so the rheobase itself is excluded.
    rh = float(p.rheobase)
    currents = np.concatenate([np.linspace(-2, 0.95, 40), np.linspace(1.05, 20, 200)]) * rh * amp
    exact = np.asarray(lif_rate(currents, p) / Hz)
    got = np.asarray(siegert_rate(currents, 1e-4 * mV, p) / Hz)
    np.testing.assert_allclose(got, exact, rtol=1e-6, atol=1e-6)
    # sigma == 0 is the closed form exactly, element by element.
    sigmas = np.array([0.0, 2.0, 0.0]) * mV
    mixed = np.asarray(siegert_rate(3 * rh * amp, sigmas, p) / Hz)
    assert mixed[0] == mixed[2] == float(lif_rate(3 * rh * amp, p) / Hz)
    assert mixed[1] != mixed[0]


def test_grid_is_finite_non_negative_monotone_and_silent():
    currents = np.linspace(-50, 50, 1001)[None, :] * nA
    for name in list_presets("lif"):
        p = load_preset(name)
        sigmas = np.array([0.1, 0.3, 1.0, 3.0, 10.0, 20.0])[:, None] * mV
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            rates = np.asarray(siegert_rate(currents * float(p.rheobase / nA), sigmas, p) / Hz)
        assert rates.shape == (6, 1001)
        assert np.all(np.isfinite(rates)) and np.all(rates >= 0)
        assert np.all(np.diff(rates, axis=1) >= 0)
        assert np.all(rates <= 1 / float(p.t_ref / second))
        assert rates[:, 0].max() < 1e-250  # 50 rheobases below: underflows cleanly towards 0
        far = np.asarray(lif_rate(50 * p.rheobase, p) / Hz)
        np.testing.assert_allclose(rates[:, -1], far, rtol=2e-3)  # noise hardly matters far above


def test_extreme_inputs_stay_finite_without_warnings():
    p = LIFParams(t_ref=0 * ms)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        rates = siegert_rate(np.array([-1e9, -1, 0, 1.5, 1e6]) * nA,
                             np.array([1e-200, 1e-12, 1e3, 1e-9, 1e-100])[:, None] * mV, p)
    values = np.asarray(rates / Hz)
    assert np.all(np.isfinite(values)) and np.all(values >= 0)


def test_broadcasting_and_scalar_shapes():
    p = load_preset("brunel2000")
    assert siegert_rate(0.3 * nA, 2 * mV, p).shape == ()
    assert siegert_rate(np.ones(5) * nA, 2 * mV, p).shape == (5,)
    assert siegert_rate(np.ones((1, 4)) * nA, np.ones((3, 1)) * mV, p).shape == (3, 4)


@pytest.mark.parametrize(
    "kwargs, error, words",
    [
        ({"current": 1.0}, UnitError, ["current", "no unit"]),
        ({"sigma": 2 * ms}, UnitError, ["sigma", "voltage"]),
        ({"sigma": -1 * mV}, ParameterError, ["sigma", ">= 0"]),
        ({"sigma": np.nan * mV}, ParameterError, ["sigma", "finite"]),
        ({"tau_s": 1 * mV}, UnitError, ["tau_s", "time"]),
        ({"tau_s": -1 * ms}, ParameterError, ["tau_s", "tau_m"]),
        ({"tau_s": 30 * ms}, ParameterError, ["tau_s", "tau_m"]),
        ({"params": "brunel2000"}, ParameterTypeError, ["params", "LIFParams"]),
    ],
)
def test_bad_input_names_the_parameter(kwargs, error, words):
    args = {"current": 1 * nA, "sigma": 2 * mV, "params": load_preset("brunel2000"), "tau_s": 0 * ms, **kwargs}
    with pytest.raises(error) as info:
        siegert_rate(args["current"], args["sigma"], args["params"], tau_s=args["tau_s"])
    for word in words:
        assert word in str(info.value)
