"""Bridge plot helpers: draw into the given axes, return it, projector-sized text, no pyplot."""

from pathlib import Path

import numpy as np
import pytest
from brian2 import ms, mV
from matplotlib.figure import Figure

from neurosim.bio import fi_curve, load_preset
from neurosim.bridge import dt_convergence, fit_all
from neurosim.plotting import projector_style
from neurosim.plotting.bridge import (
    fit_figure,
    plot_dt_convergence,
    plot_fits,
    plot_noise_panel,
    plot_residuals,
)


@pytest.fixture(scope="module")
def curves():
    p = load_preset("brian2_if_curve")
    currents = np.linspace(0, 3, 25) * p.rheobase
    return [fi_curve(p, currents, duration=300 * ms, sigma=s * mV, n_trials=2, seed=1) for s in (0, 3)]


def _texts(fig):
    texts = [t for t in fig.findobj(lambda o: hasattr(o, "get_fontsize") and hasattr(o, "get_text"))
             if t.get_text().strip()]
    assert texts
    return texts


def test_helpers_draw_into_the_given_axes_and_return_it(curves):
    results = fit_all(curves[1])
    with projector_style():
        fig = Figure()
        axes = fig.subplots(2, 2).ravel()
        assert plot_fits(curves[1], results, ax=axes[0]) is axes[0]
        assert plot_residuals(curves[1], results, ax=axes[1], legend=True) is axes[1]
        assert plot_noise_panel(curves, ax=axes[2]) is axes[2]
        study = dt_convergence(curves[0].params, curves[0].currents, np.array([0.2, 0.1]) * ms,
                               duration=200 * ms)
        assert plot_dt_convergence(study, ax=axes[3]) is axes[3]
        labels = axes[0].get_legend_handles_labels()[1]
        assert any("Siegert" in label for label in labels)
        assert any("$R^2$" in label and "RMSE" in label for label in labels)
        # Each fit's AICc above the best drawn one: 0.0 for exactly one, never negative.
        fitted = [label for label in labels if "AICc" in label]
        assert all("$R^2$" in label and "RMSE" in label for label in fitted)
        deltas = [float(label.rsplit("AICc ", 1)[1]) for label in fitted]
        assert len(deltas) == sum(r.success for r in results) and min(deltas) == 0.0
        assert len(axes[1].lines) == 1 + sum(r.success for r in results)
        for text in _texts(fig):
            assert text.get_fontsize() >= 12, text.get_text()
    # Brian2 itself imports pyplot, so check our source rather than sys.modules.
    assert "import matplotlib.pyplot" not in Path(plot_fits.__code__.co_filename).read_text()


def test_fit_figure_has_fits_and_residuals(curves, tmp_path):
    results = fit_all(curves[0])
    with projector_style():
        fig = fit_figure(curves[0], results)
        fig.savefig(tmp_path / "fits.png")
        assert len(fig.axes) == 2
        assert fig.axes[1].get_ylabel() == "residual (Hz)"
        for text in _texts(fig):
            assert text.get_fontsize() >= 12, text.get_text()
    assert (tmp_path / "fits.png").stat().st_size > 20_000
    # Without a given axes the helpers make their own figure (never pyplot).
    ax = plot_fits(curves[0])
    assert ax.figure is not None and len(ax.lines) >= 2
