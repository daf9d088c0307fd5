"""Mean field of a network: self-consistent rates, all fixed points, stability, rate network."""

import numpy as np
import pytest
from brian2 import Hz, ms, mV, second
from scipy import integrate, optimize, special

from neurosim.bio import load_preset
from neurosim.bio.network import (
    NetworkSpec,
    PoissonSource,
    Population,
    Projection,
    brunel2000,
)
from neurosim.bridge import input_moments, mean_field, rate_network, transfer
from neurosim.errors import ParameterError

NEURON = load_preset("brunel2000")


def siegert_quad(mu, sigma, tau=0.02, theta=0.02, v_r=0.01, t_ref=0.002):
    """Brunel (2000) Eq. (21) by adaptive quadrature, written independently of neurosim."""
    integral, _ = integrate.quad(
        lambda u: special.erfcx(-u), (v_r - mu) / sigma, (theta - mu) / sigma
    )
    return 1.0 / (t_ref + tau * np.sqrt(np.pi) * integral)


def test_brunel_ai_rate_is_the_independent_self_consistent_siegert_rate():
    # Model A in the AI state: nu = phi(mu(nu), sigma(nu)), mu = C_E J tau (nu_ext + nu (1 - g/4)),
    # sigma^2 = C_E J^2 tau (nu_ext + nu (1 + g^2/4)); 37.95 Hz measured independently.
    g, j, c, tau, nu_ext = 5.0, 1e-4, 1000, 0.02, 20.0

    def phi(nu):
        mu = c * j * tau * (nu_ext + nu * (1 - g / 4))
        sigma = np.sqrt(c * j * j * tau * (nu_ext + nu * (1 + g * g / 4)))
        return siegert_quad(mu, sigma)

    expected = optimize.brentq(lambda nu: phi(nu) - nu, 1, 200, xtol=1e-12)
    assert expected == pytest.approx(37.95, abs=0.01)
    mf = mean_field(brunel2000("AI"))
    assert len(mf.fixed_points) == 1 and mf.fixed_points[0].stable
    np.testing.assert_allclose(np.asarray(mf.rates / Hz), [expected, expected], rtol=1e-8)


def test_moments_follow_brunel_eqs_4_and_5():
    spec = brunel2000("AI")
    mu, sigma, tau_s = input_moments(spec, [10.0, 10.0] * Hz)
    # mu = C_E J tau (nu_ext + nu (1 - g gamma)), gamma = 1/4: 0.1 mV * 1000 * 20 ms * (20 - 2.5) Hz
    np.testing.assert_allclose(np.asarray(mu / mV), [35.0, 35.0])
    np.testing.assert_allclose(
        np.asarray(sigma / mV), np.sqrt(0.01 * 1000 * 0.02 * (20 + 10 * 7.25))
    )
    assert list(tau_s) == [0.0, 0.0]


def bistable(rate_ext=7 * Hz):
    """One excitatory population with strong recurrence: a low and a high state."""
    pop = (Population("E", 1000, NEURON),)
    proj = (Projection("E", "E", 0.2 * mV, 1.5 * ms, in_degree=400),)
    src = (PoissonSource("x", "E", 1000, rate_ext, 0.1 * mV),)
    return NetworkSpec(pop, proj, src)


def test_bistable_population_has_three_fixed_points_stable_unstable_stable():
    mf = mean_field(bistable())
    assert [fp.stable for fp in mf.fixed_points] == [True, False, True]
    for fp in mf.fixed_points:  # each is self-consistent
        assert float(transfer(bistable(), fp.rates)[0] / Hz) == pytest.approx(
            float(fp.rates[0] / Hz), rel=1e-6
        )
    low, mid, high = (float(fp.rates[0] / Hz) for fp in mf.fixed_points)
    assert low < 1e-6 and 1 < mid < 5 and high > 400
    # 1-D stability by hand: stable where phi'(nu) < 1.
    for fp in mf.fixed_points:
        nu = float(fp.rates[0] / Hz)
        h = 1e-6 * max(nu, 1.0)
        slope = (
            float(transfer(bistable(), [nu + h] * Hz)[0] / Hz)
            - float(transfer(bistable(), [nu - h] * Hz)[0] / Hz)
        ) / (2 * h)
        assert (slope < 1) == fp.stable
        assert float(fp.eigenvalues[0].real) == pytest.approx(
            (slope - 1) / 0.02, rel=1e-3, abs=1e-6
        )


def test_rate_network_relaxes_to_the_fixed_point_of_a_stepped_drive():
    spec = brunel2000("AI", scale=0.1)
    stepped = brunel2000("AI", scale=0.1, eta=2.5)
    source = spec.sources[0]
    sources = tuple(
        PoissonSource(
            s.name,
            s.target,
            s.in_degree,
            s.rate,
            s.weight,
            s.synapse,
            rate_after=stepped.sources[0].rate,
            change_at=100 * ms,
        )
        for s in spec.sources
    )
    step_spec = NetworkSpec(spec.populations, spec.projections, sources, name="step")
    trace = rate_network(step_spec, 400 * ms)
    before, after = mean_field(spec).rate("E"), mean_field(stepped).rate("E")
    assert float(trace.rate("E")[999] / Hz) == pytest.approx(float(before / Hz), rel=1e-6)
    assert float(trace.rate("E")[-1] / Hz) == pytest.approx(float(after / Hz), rel=1e-3)
    assert source.rate < sources[0].rate_after


def test_mean_field_refuses_what_it_cannot_do():
    with pytest.raises(ParameterError, match="rates: need one rate per population"):
        input_moments(brunel2000("AI"), [1.0] * Hz)
    with pytest.raises(ParameterError, match="dt"):
        rate_network(brunel2000("AI"), 100 * ms, dt=5 * ms)
    assert second  # units imported for the calls above


def test_eif_population_rate_is_its_threshold_integration_mean_field():
    # 400 unconnected EIF neurons, each with 1000 Poisson inputs of 0.1 mV at 15 Hz:
    # mu = 15 mV, sigma = 1.22 mV (Brunel's convention). The mean field is Richardson's
    # threshold integration. Measured 23.00 Hz against 23.09 Hz (0.4 %); the statistical error
    # of the simulated mean is ~0.2 % (about 2e4 spikes, CV 0.18), and the diffusion
    # approximation's shot-noise error is small for J/sigma = 0.08: 3 % leaves room only for a
    # real mismatch between the engine's EIF and the theory's.
    from neurosim.bio import EIFParams
    from neurosim.bio.network import simulate_network

    spec = NetworkSpec((Population("E", 400, EIFParams()),), (),
                       (PoissonSource("x", "E", 1000, 15 * Hz, 0.1 * mV),))
    mf = mean_field(spec)
    assert len(mf.fixed_points) == 1 and mf.fixed_points[0].stable
    result = simulate_network(spec, 1.2 * second, seed=1)
    assert float(result.mean_rate("E") / Hz) == pytest.approx(float(mf.rate("E") / Hz), rel=0.03)


def mixed_three_populations():
    """E receives delta (external) and exponential-current (from I, J) inputs: its effective
    synaptic time constant depends on the rates."""
    from brian2 import pA

    from neurosim.bio.synapses import ExpCurrentSynapse

    syn = ExpCurrentSynapse(2 * ms)
    pops = tuple(Population(name, n, NEURON) for name, n in (("E", 400), ("I", 100), ("J", 100)))
    proj = (Projection("E", "I", 20 * pA, 1.5 * ms, in_degree=100, synapse=syn),
            Projection("I", "E", -60 * pA, 1.5 * ms, in_degree=50, synapse=syn),
            Projection("J", "E", -30 * pA, 1.5 * ms, in_degree=50, synapse=syn),
            Projection("E", "J", 20 * pA, 1.5 * ms, in_degree=100, synapse=syn))
    src = tuple(PoissonSource(f"x{name}", name, 1000, rate * Hz, 0.1 * mV)
                for name, rate in (("E", 12), ("I", 10), ("J", 9)))
    return NetworkSpec(pops, proj, src)


def test_transfer_of_many_rate_vectors_is_each_one_alone():
    # The variance-weighted tau_s of E mixes delta and exponential inputs in proportions that
    # depend on the rates: each column must get its own (it once got the batch's average).
    spec = mixed_three_populations()
    rates = np.array([[0.0, 5.0, 40.0], [1.0, 20.0, 3.0], [80.0, 0.5, 10.0]])
    batch = np.asarray(transfer(spec, rates * Hz) / Hz)
    one_by_one = np.array([np.asarray(transfer(spec, rates[:, j] * Hz) / Hz) for j in range(3)]).T
    np.testing.assert_array_equal(batch, one_by_one)
    _, _, tau_s = input_moments(spec, rates * Hz)
    assert tau_s.shape == rates.shape and len(set(np.round(tau_s[0], 12))) == 3


def test_three_population_mean_field_is_self_consistent():
    # More than two populations: the others are solved by root finding continued along the
    # scan; Brent's refinement must stay on the scan's branch (it once restarted from 1 Hz
    # and found no sign change).
    spec = mixed_three_populations()
    mf = mean_field(spec)
    assert len(mf.fixed_points) >= 1
    for fp in mf.fixed_points:
        np.testing.assert_allclose(np.asarray(transfer(spec, fp.rates) / Hz),
                                   np.asarray(fp.rates / Hz), rtol=1e-7, atol=1e-9)
