"""The AdEx presets of Naud et al. (2008, Table 1) classified as their names say."""

import pytest
from brian2 import amp, second

from neurosim.bio import load_preset, preset_info, step_responses

NAUD_PRESETS = ("adex_tonic", "adex_adapting", "adex_initial_burst", "adex_bursting", "adex_irregular",
                "adex_transient", "adex_delayed")


@pytest.mark.slow
def test_each_naud_preset_shows_the_pattern_it_is_named_after():
    """One second of each preset's own step current (its source's), at its own dt 0.01 ms."""
    found = {}
    for name in NAUD_PRESETS:
        params, info = load_preset(name), preset_info(name)
        responses = step_responses(params, [float(info.step_current / amp)] * amp, 1 * second,
                                   target="cython")
        found[name] = responses.patterns()[0].pattern
    expected = {name: name.removeprefix("adex_").replace("_", " ") for name in NAUD_PRESETS}
    assert found == expected
    assert all(preset_info(name).pattern == expected[name] for name in NAUD_PRESETS)
