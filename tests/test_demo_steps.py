"""The demo's step registry: every step module is found, in order, with complete texts."""

import pytest

from neurosim.demo import DemoStep, steps
from neurosim.demo._base import fill
from neurosim.errors import ParameterError


def test_steps_are_found_sorted_and_unique():
    found = steps()
    assert [s.key for s in found][:2] == ["side_by_side", "fi_presets"]
    orders = [s.order for s in found]
    assert orders == sorted(orders) and len(set(orders)) == len(orders)
    assert len({s.key for s in found}) == len(found)
    for step in found:
        assert isinstance(step, DemoStep)
        assert {"progress", "title", "caption"} <= set(step.text), step.key
        for qa in step.text.get("answers", {}).values():
            assert set(qa) == {"question", "answer"}, step.key


def test_fill_names_a_missing_number():
    assert fill("R^2 = {r2:.3f}", {"r2": 0.98123}) == "R^2 = 0.981"
    with pytest.raises(ParameterError, match="'r2'"):
        fill("R^2 = {r2:.3f}", {}, where="step x")
