"""Hostile input to the Python API: neurosim's own errors naming the parameter, never raw ones.

The command-line counterpart is tests/cli/test_hostile.py; see docs/guarantees.md.
"""

from __future__ import annotations

import pytest
from brian2 import second

from neurosim.bio.network import brunel2000, simulate_network
from neurosim.errors import ParameterError


@pytest.mark.parametrize("duration", [1e20 * second, 1e30 * second])
def test_a_network_past_the_step_counter_is_refused_not_silent(duration):
    """Brian2 would set t to the end without a step: every rate 0 Hz, no exception."""
    with pytest.raises(ParameterError, match=r"^duration: .* largest duration that works"):
        simulate_network(brunel2000("AI", 0.1), duration, seed=1)
