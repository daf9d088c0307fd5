"""Plot helpers of the artificial side: they draw into the given axes and return it."""

import numpy as np
import pytest
from matplotlib.figure import Figure

from neurosim.ann import ACTIVATIONS, MLP, datasets
from neurosim.errors import DataError, ParameterError, ParameterTypeError
from neurosim.plotting.ann import plot_activation, plot_decision_boundary, plot_loss_curve
from neurosim.plotting.style import ANN


@pytest.fixture(scope="module")
def xor_model():
    X, y = datasets.xor()
    return MLP(epochs=3000, learning_rate=0.5, seed=0).fit(X, y)


def test_plot_activation_draws_value_and_derivative():
    ax = Figure().add_subplot()
    assert plot_activation("sigmoid", ax=ax) is ax
    value, slope = ax.get_lines()[:2]
    np.testing.assert_allclose(value.get_ydata(), ACTIVATIONS["sigmoid"](value.get_xdata()))
    np.testing.assert_allclose(slope.get_ydata(), ACTIVATIONS["sigmoid"].df(slope.get_xdata()))
    assert value.get_color() == ANN and value.get_label() == "sigmoid (a=1)"
    fresh = plot_activation((np.tanh, lambda x: 1 - np.tanh(x) ** 2), derivative=False)
    assert fresh.figure is not ax.figure


def test_plot_loss_curve_accepts_model_or_array(xor_model):
    ax = plot_loss_curve(xor_model, label="lr 0.5")
    line = ax.get_lines()[0]
    assert len(line.get_xdata()) == 3000 and ax.get_yscale() == "log"
    assert ax.get_ylabel() == "training loss (mse)"
    ax2 = plot_loss_curve([0.3, 0.2, 0.0], log=True)
    assert ax2.get_yscale() == "linear"  # a zero loss cannot go on a log axis
    with pytest.raises(ParameterError, match="empty"):
        plot_loss_curve([])


def test_plot_decision_boundary(xor_model, tmp_path):
    X, y = datasets.xor()
    ax = Figure().add_subplot()
    assert plot_decision_boundary(xor_model, X, y, ax=ax, resolution=50) is ax
    assert len(ax.collections) >= 3  # shading, boundary, two classes of points
    ax.figure.savefig(tmp_path / "boundary.png")
    assert (tmp_path / "boundary.png").stat().st_size > 1000
    # Any callable works, and so does a model with only predict().
    plot_decision_boundary(lambda grid: grid[:, 0] - grid[:, 1], X, y, threshold=0.0,
                           colorbar=False)

    class Majority:
        def predict(self, grid):
            return np.zeros(len(grid))

    plot_decision_boundary(Majority(), X)


@pytest.mark.parametrize("kwargs, error, match", [
    ({"X": np.zeros((3, 3))}, DataError, r"X: expected shape \(n_samples, 2\)"),
    ({"resolution": 1}, ParameterError, "resolution: must be an integer >= 2"),
    ({"resolution": 2.0}, ParameterTypeError, "resolution: must be an integer >= 2"),
    ({"margin": -1.0}, ParameterError, "margin"),
    ({"y": [0, 1]}, ParameterError, "y: has 2 labels but X has 4 points"),
    ({"model": 3}, ParameterError, "model: expected a fitted model"),
])
def test_plot_decision_boundary_bad_input(xor_model, kwargs, error, match):
    args = {"model": xor_model, "X": datasets.xor()[0], **kwargs}
    with pytest.raises(error, match=match):
        plot_decision_boundary(**args)


def test_no_pyplot_figures_are_created(xor_model):
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    plot_activation("relu")
    plot_loss_curve(xor_model)
    plot_decision_boundary(xor_model, *datasets.xor(), resolution=20)
    assert plt.get_fignums() == before


def test_value_range_gives_panels_one_colour_scale():
    # An undecided model (outputs 0.49-0.51) must be coloured on the fixed 0-1 scale,
    # not stretched to its own min and max (which makes it look as confident as a good one).
    X = np.array([[0.0, 0.0], [1.0, 1.0]])
    undecided = lambda pts: 0.49 + 0.02 * pts[:, 0] / 1.5  # noqa: E731
    for value_range, expected in ((None, (0.49, 0.51)), ((0.0, 1.0), (0.0, 1.0))):
        ax = Figure().add_subplot()
        plot_decision_boundary(undecided, X, ax=ax, colorbar=False, value_range=value_range)
        shading = ax.collections[0]
        assert (shading.norm.vmin, shading.norm.vmax) == pytest.approx(expected, abs=0.01)
    with pytest.raises(ParameterError, match="value_range"):
        plot_decision_boundary(undecided, X, ax=Figure().add_subplot(), value_range=(1, 0))
