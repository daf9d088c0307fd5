"""Brunel's network on two engines, and against its mean field at full size."""

import numpy as np
import pytest
from brian2 import Hz, second

from neurosim.bio.network import brunel2000, simulate_network
from neurosim.bridge import mean_field


@pytest.mark.slow
def test_brian2_and_nest_agree_on_a_reduced_ai_network():
    # Same connectivity and initial state (drawn from the seed), independent Poisson drive.
    # Measured over seeds 11-20 (python benchmarks/engine_agreement.py brunel --seeds 11-20):
    # NEST 40.53 +- 0.60 Hz (sd, 1.5 %); seeds 11-14 paired, Brian2 - NEST -1.16 +- 0.38 Hz
    # (-2.8 %): Brian2 adds delta jumps after the threshold test, NEST's iaf_psc_delta before
    # it (docs/network.md).  5 % holds that known difference plus three seed spreads.
    spec = brunel2000("AI", scale=0.25)
    runs = {
        b: simulate_network(spec, 1 * second, backend=b, target="cython", seed=11)
        for b in ("brian2", "nest")
    }
    for pop in ("E", "I"):
        rate_b, rate_n = (float(runs[b].mean_rate(pop) / Hz) for b in ("brian2", "nest"))
        assert rate_b == pytest.approx(rate_n, rel=0.05)
        assert abs(runs["brian2"].mean_cv(pop) - runs["nest"].mean_cv(pop)) < 0.05
        assert rate_n > 30 and runs["nest"].mean_cv(pop) > 0.3  # asynchronous irregular, not silent


@pytest.mark.slow
def test_full_size_ai_network_matches_the_mean_field():
    # Brunel (2000) model A at full size (N = 12500, 12.5 M synapses), 1.2 s, first 200 ms
    # dropped. The diffusion approximation neglects the finite PSP size (J/theta = 0.005) and the
    # weak input correlations (C/N = 0.1): measured 38.28 Hz against 37.95 Hz (+0.9 %, seed 5).
    spec = brunel2000("AI")
    result = simulate_network(spec, 1.2 * second, backend="nest", threads=2, seed=5)
    theory = float(mean_field(spec).rate("E") / Hz)
    assert float(result.mean_rate("E") / Hz) == pytest.approx(theory, rel=0.05)
    assert float(result.mean_rate("I") / Hz) == pytest.approx(theory, rel=0.05)
    assert 0.3 < result.mean_cv("E") < 0.6 and result.chi("E") < 0.2
    assert np.isfinite(result.wall_time)
