"""The desktop explorer for every model: sliders from the model, theory or a coarse simulation,
a status line when a simulation runs (Agg backend, no window; short traces)."""

import numpy as np
import pytest
from brian2 import Hz, ms, mV, nA

from neurosim.bio import load_preset
from neurosim.bio.theory import stationary_rate
from neurosim.explore import Explorer
from neurosim.explore.core import COARSE_POINTS


def _fi_line(explorer):
    return explorer.ax_fi.get_lines()[0].get_data()


@pytest.fixture(scope="module")
def hh():
    lines = []
    explorer = Explorer("hh_squid", duration=60 * ms, status=lines.append)
    return explorer, lines


def test_hh_gets_its_own_sliders_a_simulated_curve_and_a_status_line(hh):
    explorer, lines = hh
    expected = {"current", "sigma"} | set(load_preset("hh_squid").explorer_sliders())
    assert set(explorer.sliders) == expected
    assert "tau_m" not in explorer.sliders  # the HH has no tau_m field
    # No formula for the HH: the f-I panel is a coarse simulated curve, said before it ran.
    assert explorer.theory_name == "simulated (coarse)"
    x, y = _fi_line(explorer)
    assert len(x) == COARSE_POINTS and np.all(y >= 0) and y.max() > 0
    assert lines[0].startswith("simulating hh_squid") and "done in" in lines[-1]
    assert explorer.status_text.get_text() == lines[-1]


def test_hh_reacts_to_a_slider_change(hh):
    explorer, lines = hh
    high = explorer.sliders["current"].valmax
    title = explorer.ax_trace.get_title()
    n_lines = len(lines)
    explorer.sliders["current"].set_val(0.9 * high)
    assert float(explorer.trace.current.max() / nA) == pytest.approx(0.9 * high)
    operating = explorer.ax_fi.get_lines()[-1].get_data()
    assert operating[0][0] == pytest.approx(0.9 * high)
    assert operating[1][0] == pytest.approx(float(explorer.trace.steady_state().rates[0]))
    assert explorer.ax_trace.get_title() != title
    assert len(lines) == n_lines + 3  # a new trace: "simulating ...", its part, "done in ..."
    # Back to the start: from the cache, no simulation, nothing reported.
    explorer.sliders["current"].set_val(explorer.sliders["current"].valinit)
    assert len(lines) == n_lines + 3


def test_eif_sliders_drive_the_threshold_integration_curve():
    explorer = Explorer("eif_cortical", duration=60 * ms)
    expected = {"current", "sigma"} | set(load_preset("eif_cortical").explorer_sliders())
    assert set(explorer.sliders) == expected and "Delta_T" in expected
    assert explorer.theory_name == "threshold integration"
    x, y = _fi_line(explorer)
    np.testing.assert_allclose(
        y, np.asarray(stationary_rate(explorer.params, x * nA, 0 * mV) / Hz),
        rtol=1e-9)
    before = y.copy()
    delta_t = explorer.sliders["Delta_T"]
    delta_t.set_val(min(delta_t.valmax, 1.5 * delta_t.valinit))
    assert float(explorer.params.Delta_T / mV) == pytest.approx(delta_t.val)
    x, y = _fi_line(explorer)
    assert not np.allclose(y, before)
    np.testing.assert_allclose(
        y, np.asarray(stationary_rate(explorer.params, x * nA, 0 * mV) / Hz),
        rtol=1e-9)
    # The preset box switches model: the QIF's sliders replace the EIF's in the figure.
    n_axes = len(explorer.fig.axes)
    explorer.preset_box.set_val("qif_rs")
    assert type(explorer.params).__name__ == "QIFParams"
    assert "R_m" in explorer.sliders and "Delta_T" not in explorer.sliders
    assert len(explorer.fig.axes) == n_axes - 5 + len(explorer.sliders)
    # A typo in the box says so and keeps the neuron.
    explorer.preset_box.set_val("no_such_preset")
    assert type(explorer.params).__name__ == "QIFParams"
    assert "no_such_preset" in explorer.status_text.get_text()
