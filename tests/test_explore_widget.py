"""The notebook explorer: driving its ipywidgets sliders from Python redraws the figure."""

import numpy as np
import pytest
from brian2 import Hz, ms, mV, nA, nS, pA

from neurosim.bio.theory import lif_rate, siegert_rate, stationary_rate


@pytest.fixture(scope="module")
def box():
    from neurosim.explore import widget

    return widget("neuronal_dynamics", duration=100 * ms)


def _fi_line(explorer):
    return explorer.ax_fi.get_lines()[0].get_data()


def test_widget_is_an_ipywidgets_box_with_the_sliders(box):
    import ipywidgets

    assert isinstance(box, ipywidgets.VBox)
    explorer = box.explorer
    assert {"preset", "current", "sigma", "tau_m", "t_ref"} <= set(explorer.controls)
    assert explorer.image.value[:8] == b"\x89PNG\r\n\x1a\n"


def test_sliders_redraw_trace_and_fi_curve_with_the_lif_theory(box):
    ex = box.explorer
    ex.controls["current"].value = 3.0
    rate_3 = float(ex.trace.rate / Hz)
    trace_before = ex.ax_trace.get_lines()[0].get_ydata().copy()
    png = ex.image.value
    ex.controls["current"].value = 5.0
    assert float(ex.trace.current[0] / nA) == pytest.approx(5.0)
    assert float(ex.trace.rate / Hz) > rate_3
    assert not np.array_equal(ex.ax_trace.get_lines()[0].get_ydata(), trace_before)
    assert ex.image.value != png
    ex.controls["tau_m"].value = 20.0
    ex.controls["t_ref"].value = 5.0
    assert ex.params.tau_m == 20 * ms and ex.params.t_ref == 5 * ms
    x, y = _fi_line(ex)
    np.testing.assert_allclose(y, np.asarray(lif_rate(x * nA, ex.params) / Hz))
    ex.controls["sigma"].value = 4.0
    x, y = _fi_line(ex)
    assert ex.theory_name == "Siegert"
    np.testing.assert_allclose(y, np.asarray(siegert_rate(x * nA, 4 * mV, ex.params) / Hz))
    assert ex.fits["sigmoid"].success and ex.fits["sigmoid"].r2 > 0.9
    # Back to a setting seen before: served from the cache (the same trace object).
    trace = ex.trace
    ex.controls["sigma"].value = 0.0
    ex.controls["sigma"].value = 4.0
    assert ex.trace is trace


def test_preset_menu_switches_model_and_its_sliders(box):
    ex = box.explorer
    ex.controls["preset"].value = "adex_tonic"
    assert type(ex.params).__name__ == "AdExParams"
    assert {"a", "b", "tau_w", "Delta_T", "t_ref"} <= set(ex.controls)
    assert "tau_m" not in ex.controls
    ex.controls["a"].value = 0.0
    ex.controls["b"].value = 0.0
    assert ex.theory_name == "threshold integration"
    x, y = _fi_line(ex)
    np.testing.assert_allclose(y, np.asarray(stationary_rate(ex.params, x * nA, 0 * mV) / Hz),
                               rtol=1e-9)
    assert ex.params.a == 0 * nS and ex.params.b == 0 * pA
    ex.controls["preset"].value = "neuronal_dynamics"
    assert "tau_m" in ex.controls and "a" not in ex.controls
