"""The adapting AdEx: adiabatic steady state against simulation, and linearisation."""

import numpy as np
import pytest
from brian2 import Hz, amp, ms, mV, nA, nS, pA, pF, second

from neurosim.bio import AdExParams, LIFParams, fi_curve, isi_statistics
from neurosim.bio.theory import adiabatic_fi, stationary_rate
from neurosim.errors import ParameterError, UnitError

# Naud et al. (2008), Table 1, "adaptation": tau_w = 300 ms, a = 2 nS, b = 60 pA.
ADAPTING = AdExParams(C=200 * pF, g_L=12 * nS, E_L=-70 * mV, V_T=-50 * mV, Delta_T=2 * mV,
                      tau_w=300 * ms, a=2 * nS, b=60 * pA, V_reset=-58 * mV)


@pytest.fixture(scope="module")
def simulated():
    currents = np.array([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8]) * nA
    steady = fi_curve(ADAPTING, currents, duration=3 * second, dt=0.05 * ms,
                      settle=1.5 * second, seed=0)
    onset = isi_statistics(ADAPTING, currents, duration=500 * ms, dt=0.05 * ms,
                           transient=0 * ms, seed=0)
    return currents, steady, onset


def test_adiabatic_steady_state_matches_simulation(simulated):
    """Tolerance: the adiabatic rate sees the mean of w, which saw-tooths by b each spike
    and relaxes by ISI/tau_w between spikes; the first-order effect averages out, the second
    remains, so the error falls like (ISI/tau_w)**2 (measured at most 0.41 (ISI/tau_w)**2
    here); the test allows (ISI/tau_w)**2 + 0.5% (forward Euler at dt = 0.05 ms, window),
    where the adiabatic condition ISI < tau_w/3 holds.
    """
    currents, steady, _ = simulated
    theory = adiabatic_fi(ADAPTING, currents)
    sim, th = np.asarray(steady.rates / Hz), np.asarray(theory.rates / Hz)
    assert np.all(sim[:2] == 0) and np.all(th[:2] == 0)  # below the rheobase
    slow = sim * float(ADAPTING.tau_w / second) >= 3
    assert np.count_nonzero(slow) >= 3
    isi_over_tau = 1 / (sim[slow] * float(ADAPTING.tau_w / second))
    assert np.all(np.abs(sim[slow] / th[slow] - 1) < isi_over_tau ** 2 + 0.005)


def test_first_interval_lies_between_steady_state_and_no_adaptation(simulated):
    currents, _, onset = simulated
    theory = adiabatic_fi(ADAPTING, currents)
    first = np.array([1 / float(g[0] / second) if len(g) else 0.0 for g in onset.intervals])
    firing = first > 0
    assert np.count_nonzero(firing) >= 4
    assert np.all(first[firing] > np.asarray(theory.rates / Hz)[firing])
    assert np.all(first[firing] < np.asarray(theory.onset_rates / Hz)[firing])


def test_mean_adaptation_solves_the_fixed_point():
    currents = np.linspace(0, 0.8, 9) * nA
    for sigma in (0 * mV, 2 * mV):
        t = adiabatic_fi(ADAPTING, currents, sigma)
        expected = ADAPTING.a * (t.v_mean - ADAPTING.E_L) + ADAPTING.b * ADAPTING.tau_w * t.rates
        np.testing.assert_allclose(np.asarray(t.w_mean / pA), np.asarray(expected / pA),
                                   rtol=1e-7, atol=1e-9)


def test_without_adaptation_it_is_the_one_dimensional_rate():
    plain = ADAPTING.replace(a=0 * nS, b=0 * pA)
    currents = np.linspace(0, 0.6, 7) * nA
    t = adiabatic_fi(plain, currents, 2 * mV)
    np.testing.assert_array_equal(np.asarray(t.w_mean / amp), 0.0)
    np.testing.assert_allclose(np.asarray(t.rates / Hz),
                               np.asarray(stationary_rate(plain, currents, 2 * mV) / Hz),
                               rtol=1e-3)  # adiabatic_fi's coarser grid (0.05 mV): ~1e-4


def _nonlinearity(currents_na, rates):
    """1 - R^2 of a straight line through the firing part of the curve."""
    firing = rates > 0
    x, y = currents_na[firing], rates[firing]
    residual = y - np.polyval(np.polyfit(x, y, 1), x)
    return float(np.sum(residual ** 2) / np.sum((y - y.mean()) ** 2))


def test_adaptation_linearises_the_f_i_curve():
    """Ermentrout (1998): 0.4 nA above each rheobase, a straight line leaves 1 - R^2 =
    2.3e-3 of the unadapted (square-root onset) curve unexplained and 2.5e-4 of the adapted
    one (measured); the test asks for at least a 5-fold reduction."""
    currents = np.linspace(0, 0.8, 81) * nA
    t = adiabatic_fi(ADAPTING, currents)
    x = np.asarray(currents / nA)
    spans = []
    for rates in (np.asarray(t.rates / Hz), np.asarray(t.onset_rates / Hz)):
        first = np.flatnonzero(rates > 0)[0]
        spans.append(_nonlinearity(x[first:first + 41], rates[first:first + 41]))
    adapted, plain = spans
    assert adapted * 5 < plain


def test_bad_models_are_refused():
    with pytest.raises(ParameterError, match="b"):
        adiabatic_fi(ADAPTING.replace(b=-10 * pA), [0.5] * nA)
    with pytest.raises((ParameterError, UnitError), match="params"):
        adiabatic_fi(LIFParams(), [0.5] * nA)
