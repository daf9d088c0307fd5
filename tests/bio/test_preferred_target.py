"""Which target a model runs on when nobody says: numpy for the LIF, compiled for the others."""

import pytest

from neurosim.bio import list_presets, load_preset
from neurosim.bio.brian2_tools import TARGETS, preferred_target
from neurosim.demo import DemoOptions


def test_the_lif_runs_on_numpy():
    assert preferred_target(load_preset("neuronal_dynamics")) == "numpy"


@pytest.mark.parametrize("preset", ["hh_squid", "wang_buzsaki", "adex_adapting"])
def test_conductance_and_exponential_models_run_compiled(preset):
    # Cython is a dependency of Brian2, so it is always installed here.
    assert preferred_target(load_preset(preset)) in ("cython", "cpp_standalone")


def test_every_preset_has_a_known_target():
    assert {preferred_target(load_preset(p)) for p in list_presets(None)} <= set(TARGETS)


def test_demo_auto_asks_the_model_and_an_explicit_target_wins():
    hh = load_preset("hh_squid")
    assert DemoOptions().target == "auto"
    assert DemoOptions().target_for(hh) == preferred_target(hh)
    assert DemoOptions().target_for() == "numpy"
    assert DemoOptions(target="numpy").target_for(hh) == "numpy"
