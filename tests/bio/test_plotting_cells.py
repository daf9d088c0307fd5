"""Plot helpers of neurosim.plotting.cells: they draw what they are given and return it."""

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from brian2 import Hz, ms, mV, nA, pA, uA  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from neurosim.bio import LIFParams, step_responses  # noqa: E402
from neurosim.plotting.cells import (  # noqa: E402
    current_unit,
    gallery_figure,
    plot_onset_steady,
    plot_step_response,
)


@pytest.fixture(scope="module")
def responses():
    params = LIFParams()
    currents = np.r_[np.linspace(0, 3, 7), 2.0] * params.rheobase
    return step_responses(params, currents, 200 * ms, trace=7)


def test_the_traced_neuron_is_the_one_asked_for(responses):
    assert responses.traced == 7
    assert len(responses.t) == len(responses.v) == 2000  # 200 ms at dt 0.1 ms
    # the traced neuron (2x rheobase) spikes: v resets below threshold after each spike
    assert responses.v.min() < LIFParams().V_th and len(responses.spike_times[7]) > 5
    np.testing.assert_array_equal(responses.spike_times[7], responses.spike_times[4])  # same current


def test_onset_steady_plot_is_sorted_by_current_and_returns_ax(responses):
    ax = plot_onset_steady(responses, Figure().add_subplot())
    onset, steady = ax.lines
    x = onset.get_xdata()
    assert np.all(np.diff(x) >= 0) and len(x) == 8
    np.testing.assert_allclose(np.sort(steady.get_ydata()), np.sort(np.asarray(responses.steady_rates / Hz)))
    assert ax.get_xlabel() == "current (nA)"


def test_step_response_and_gallery(responses):
    ax = plot_step_response(responses, Figure().add_subplot())
    np.testing.assert_allclose(ax.lines[0].get_ydata(), np.asarray(responses.v / mV))
    fig = gallery_figure([("a", responses, responses), ("b", responses, responses)], columns=2)
    assert len(fig.axes) == 4 and fig.axes[0].get_title(loc="left") == "a"


def test_current_unit_keeps_numbers_readable():
    assert current_unit(np.array([0, 300]) * pA)[1] == "pA"
    assert current_unit(np.array([0, 4]) * nA)[1] == "nA"
    assert current_unit(np.array([0, 5]) * uA)[1] == "uA"
