"""The explorer's sliders drive the plots (on the Agg backend, without a window)."""

import numpy as np
import pytest
from brian2 import Hz, ms, mV, nA

from neurosim.bio import lif_rate
from neurosim.bio.theory import siegert_rate
from neurosim.cli import main
from neurosim.explore import Explorer


@pytest.fixture(scope="module")
def explorer():
    return Explorer("neuronal_dynamics")


def _theory_line(explorer):
    return explorer.ax_fi.get_lines()[0]


def test_sliders_change_the_neuron_and_the_curves(explorer):
    explorer.sliders["current"].set_val(3.0)
    assert float(explorer.trace.current[0] / nA) == pytest.approx(3.0)
    rate_3na = float(explorer.trace.rate / Hz)
    explorer.sliders["current"].set_val(5.0)
    assert float(explorer.trace.rate / Hz) > rate_3na
    # Without noise the f-I panel shows the closed form for the slider's tau_m and t_ref.
    explorer.sliders["tau_m"].set_val(20.0)
    explorer.sliders["t_ref"].set_val(5.0)
    assert explorer.params.tau_m == 20 * ms and explorer.params.t_ref == 5 * ms
    x, y = _theory_line(explorer).get_data()
    np.testing.assert_allclose(y, np.asarray(lif_rate(x * nA, explorer.params) / Hz))
    # With noise it shows the Siegert rate, and the fits follow.
    explorer.sliders["sigma"].set_val(4.0)
    x, y = _theory_line(explorer).get_data()
    np.testing.assert_allclose(y, np.asarray(siegert_rate(x * nA, 4 * mV, explorer.params) / Hz))
    assert explorer.fits["sigmoid"].success and explorer.fits["sigmoid"].r2 > 0.9
    operating = explorer.ax_fi.get_lines()[-1].get_data()
    assert operating[0][0] == pytest.approx(5.0)
    # The operating point is the trace's steady-state rate (the rule every rate follows).
    assert operating[1][0] == pytest.approx(float(explorer.trace.steady_state().rates[0]))


def test_without_a_display_the_command_says_so(monkeypatch, capsys):
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    assert main(["explore"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "display" in err[0]


def test_a_model_not_compiled_here_runs_on_numpy_while_it_compiles_in_the_background(
        tmp_path, monkeypatch):
    # A cache folder of its own: no marker yet. The first draw picks numpy and starts one
    # background process; when it has finished, the marker exists and the model runs compiled.
    from neurosim.explore import ExplorerCore, compiling

    monkeypatch.setenv("NEUROSIM_CACHE", str(tmp_path))
    core = ExplorerCore(duration=20 * ms)
    specs = core.load("adex_tonic")
    values = {name: spec[4] * spec[1] for name, spec in specs.items()}
    assert "numpy while its compiled code builds" in core.pending(values)
    core.draw_theory(values)
    assert core.target == "numpy"
    process = compiling.start("adex_tonic", core.params, core.duration)
    core.draw_theory(values)
    assert compiling.start("adex_tonic", core.params, core.duration) is process  # one only
    assert process.wait(timeout=600) == 0
    assert compiling.marker(core.params).exists()
    assert compiling.marker(core.params).is_relative_to(tmp_path)
    core.draw_theory(values)
    assert core.target == "cython"
    assert "numpy" not in core.pending(values)


def test_without_background_compiling_a_model_runs_on_its_own_target(tmp_path, monkeypatch):
    from neurosim.explore import ExplorerCore

    monkeypatch.setenv("NEUROSIM_CACHE", str(tmp_path))
    core = ExplorerCore(background_compile=False)
    specs = core.load("hh_squid")
    core.draw_theory({name: spec[4] * spec[1] for name, spec in specs.items()})
    assert core.target == "cython" and not (tmp_path / "compiled").exists()
