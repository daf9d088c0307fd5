"""Plot helpers of the conversion: each draws into a given axes, returns it, and refuses what it cannot draw."""

import matplotlib
import numpy as np
import pytest
from brian2 import ms
from matplotlib.figure import Figure

from neurosim.bridge import conversion_experiment
from neurosim.bridge.experiment import decision_grid_points
from neurosim.errors import DataError, ParameterError
from neurosim.plotting.ann import plot_output_on_grid
from neurosim.plotting.convert import (
    conversion_figure,
    plot_activation_vs_rate,
    plot_decision_boundaries,
    plot_latency,
    plot_raster,
)
from neurosim.plotting.style import BIO

matplotlib.use("Agg")


@pytest.fixture(scope="module")
def xor():
    return conversion_experiment("xor", seed=0, grid=8, checkpoints=(20 * ms, 50 * ms))


def test_grid_matches_the_one_plot_decision_boundary_evaluates(xor):
    points = decision_grid_points(xor.X_test, 8, 0.5)
    assert np.array_equal(points, xor.grid.points)
    assert points[0].tolist() == [-0.5, -0.5] and points[-1].tolist() == [1.5, 1.5]
    # The spiking outputs computed on that grid are shaded where the MLP's would be.
    fig = Figure()
    ax = plot_output_on_grid(xor.grid.result.snn_output[:, 0], xor.X_test, xor.y_test,
                             fig.subplots(), resolution=8, margin=0.5)
    assert ax.get_xlim() == (-0.5, 1.5) and ax.get_ylim() == (-0.5, 1.5)
    with pytest.raises(DataError, match=r"values: expected 64 values"):
        plot_output_on_grid(np.zeros(63), xor.X_test, resolution=8, margin=0.5)


def test_each_helper_draws_into_the_given_axes(xor):
    fig = Figure()
    axes = fig.subplots(2, 3)
    ann, snn = plot_decision_boundaries(xor, (axes[0, 0], axes[0, 1]))
    assert (ann, snn) == (axes[0, 0], axes[0, 1])
    assert "accuracy 100.0%" in snn.get_title()
    assert plot_raster(xor.result.raster, axes[0, 2], presentation=200 * ms) is axes[0, 2]
    assert axes[0, 2].get_xlim() == (0.0, 200.0)
    assert plot_activation_vs_rate(xor.result, axes[1, 0]) is axes[1, 0]
    assert "correlation 0.99" in axes[1, 0].get_title()
    ax = plot_latency(xor.latency, axes[1, 1])
    assert ax is axes[1, 1]
    agreement_line = ax.get_lines()[0]
    assert list(agreement_line.get_xdata()) == [20.0, 50.0, 200.0]
    assert matplotlib.colors.same_color(agreement_line.get_color(), BIO)


def test_raster_draws_one_mark_per_spike(xor):
    raster = xor.result.raster
    ax = plot_raster(raster)
    (points,) = ax.collections
    assert len(points.get_offsets()) == sum(len(t) for t in raster.times)


def test_overview_figure_has_every_panel(xor):
    fig = conversion_figure(xor)
    assert len(fig.axes) >= 5  # two boundaries (+ colour bar), scatter, raster, latency
    assert "agreement 100.0% of 4 test points" in fig._suptitle.get_text()


def test_helpers_refuse_what_they_cannot_draw(xor):
    without_grid = conversion_experiment("xor", seed=0, grid=None, checkpoints=())
    with pytest.raises(ParameterError, match="no grid"):
        plot_decision_boundaries(without_grid)
    with pytest.raises(ParameterError, match="single presentation time"):
        plot_latency(without_grid.latency)  # run for 200 ms only: one row
    with pytest.raises(ParameterError, match="no spikes were recorded"):
        plot_raster(None)
