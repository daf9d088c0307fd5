"""Both explorers: theory first (the line and the operating point drawn before any
simulation runs), simulated points beside an exact theory as its check, and a status line
and progress bar while a simulation runs (Agg backend, no window; short traces)."""

import numpy as np
import pytest
from brian2 import Hz, ms, mV, nA

import neurosim.explore.core as core_module


def _labels(ax) -> list:
    return [line.get_label() for line in ax.get_lines()]


@pytest.fixture
def spy(monkeypatch):
    """Records ``snapshot()`` each time the explorer simulates (a trace or an f-I curve)."""
    calls = []
    state = {"snapshot": lambda: None}
    real_simulate = core_module.simulate
    from neurosim import bio

    real_fi = bio.fi_curve

    def simulate(*args, **kwargs):
        calls.append(("trace", state["snapshot"]()))
        return real_simulate(*args, **kwargs)

    def fi_curve(*args, **kwargs):
        calls.append(("fi", state["snapshot"]()))
        return real_fi(*args, **kwargs)

    monkeypatch.setattr(core_module, "simulate", simulate)
    monkeypatch.setattr(bio, "fi_curve", fi_curve)
    return calls, state


@pytest.fixture
def notebook():
    from neurosim.explore import widget

    return widget("neuronal_dynamics", duration=60 * ms).explorer


def test_widget_draws_the_theory_before_it_simulates(notebook, spy):
    calls, state = spy
    pushed = []
    notebook.image.observe(lambda change: pushed.append(_labels(notebook.ax_fi)), names="value")
    state["snapshot"] = lambda: {"pushed": list(pushed), "status": notebook.status.value,
                                 "bar": (notebook.progress.layout.visibility,
                                         notebook.progress.value, notebook.progress.max)}
    notebook.controls["sigma"].value = 3.0  # a new noise level: a new trace and new points
    assert [kind for kind, _ in calls] == ["trace", "fi"]
    for _, seen in calls:
        # The image shown while the simulation runs: the Siegert line, the fits and the
        # operating point read off the line.
        (first, *_) = seen["pushed"]
        assert first[0] == "Siegert" and any(label.startswith("sigmoid fit") for label in first)
        assert "operating point (theory; simulating...)" in first
        assert seen["bar"][0] == "visible" and seen["bar"][2] == 2
    assert calls[0][1]["bar"][1] == 0 and "membrane trace" in calls[0][1]["status"]
    assert calls[1][1]["bar"][1] == 1 and "f-I points" in calls[1][1]["status"]
    # Then the simulated trace, the simulated points beside the line, and the bar hidden.
    final = pushed[-1]
    assert "operating point (simulated)" in final
    assert any(label.startswith("simulated (12 currents") for label in final)
    assert len(pushed) == 2 and notebook.progress.layout.visibility == "hidden"
    assert "Siegert" in notebook.status.value


def test_widget_shows_no_progress_when_nothing_runs(notebook, spy):
    calls, state = spy
    start = notebook.controls["current"].value
    notebook.controls["current"].value = 0.5 * start
    notebook.controls["current"].value = start  # back: everything from the cache
    n = len(calls)
    bars = []
    notebook.progress.observe(lambda change: bars.append(change), names="value")
    notebook.controls["current"].value = 0.5 * start
    assert len(calls) == n and not bars
    assert notebook.progress.layout.visibility == "hidden"


def test_simulated_points_check_the_exact_theory(notebook):
    """Noise-free LIF: the simulated points lie on the closed-form rate within the time
    grid's band: a spike on the grid shortens each interval by at most one dt (t_ref is a
    whole number of steps), so the rate is at most ``r**2 dt / (1 - r dt)`` above the
    formula and never below it."""
    from neurosim.bio.theory import rate_theory

    ex = notebook
    x, rates = ex.simulated[1]
    _, exact = rate_theory(ex.params, x * nA, 0 * mV)
    exact = np.asarray(exact / Hz)
    dt = float(ex.params.default_dt / ms) * 1e-3
    band = exact**2 * dt / (1 - exact * dt)
    assert np.all(rates - exact <= band + 1e-6) and np.all(rates - exact >= -1e-6)
    assert rates.max() > 100  # the check covers the curve, not only its silent part


def test_desktop_explorer_draws_the_theory_first_and_reports_each_part(spy):
    from neurosim.explore import Explorer

    calls, state = spy
    lines, seen, made = [], [], []

    def status(line):
        lines.append(line)
        seen.append(_labels(made[0].ax_fi) if made else None)

    explorer = Explorer("neuronal_dynamics", duration=60 * ms, status=status)
    made.append(explorer)
    state["snapshot"] = lambda: _labels(explorer.ax_fi)
    n_lines = len(lines)
    explorer.sliders["current"].set_val(0.3 * explorer.sliders["current"].valmax)
    new = lines[n_lines:]
    assert new[0] == "simulating neuronal_dynamics..."
    assert new[1] == "simulating neuronal_dynamics: membrane trace (1/1)..."
    assert new[-1].startswith("neuronal_dynamics: done in") and len(new) == 3
    # When the first line is shown, the theory line and the operating point on it are drawn.
    assert seen[n_lines][0] == "closed form (LIF)"
    assert "operating point (theory; simulating...)" in seen[n_lines]
    assert calls[-1] == ("trace", seen[n_lines])
    assert "operating point (simulated)" in _labels(explorer.ax_fi)
    assert explorer.rate == pytest.approx(float(explorer.trace.steady_state().rates[0]))


def test_without_a_theory_the_line_waits_for_the_simulation(monkeypatch):
    """A model without a rate theory: :meth:`ExplorerCore.draw_theory` leaves the line to the
    simulation, and drawing before it says what is coming instead of drawing nothing."""
    from matplotlib.figure import Figure

    from neurosim.explore.core import ExplorerCore

    core = ExplorerCore(duration=60 * ms)
    specs = core.load("izhikevich_rs")
    values = {name: spec[4] * spec[1] for name, spec in specs.items()}
    assert core.draw_theory(values) is False
    assert core.curve is None and core.trace is None and core.simulated is None
    assert core.pending(values).startswith("simulating izhikevich_rs")
    ax_trace, ax_fi = Figure().subplots(2)
    assert core.draw(ax_trace, ax_fi, values["current"]) is None
    assert "simulating" in ax_fi.get_title() and "simulating" in ax_trace.get_title()


def test_a_model_without_a_theory_draws_once_after_its_simulation(monkeypatch):
    """Without a rate theory the first image would show nothing new (no line, no trace yet):
    a slider change pushes one image, after the simulation, while the status line says
    what runs (numpy here, so that nothing compiles)."""
    monkeypatch.setattr(core_module, "preferred_target", lambda params: "numpy")
    from neurosim.explore import widget

    ex = widget("izhikevich_rs", duration=60 * ms).explorer
    assert ex.core.theory_name == "simulated (coarse)"
    ran, pushed = [], []
    real_simulate = core_module.simulate

    def simulate(*args, **kwargs):
        ran.append(ex.status.value)
        return real_simulate(*args, **kwargs)

    monkeypatch.setattr(core_module, "simulate", simulate)
    ex.image.observe(lambda change: pushed.append(len(ran)), names="value")
    ex.controls["current"].value = 0.8 * ex.controls["current"].value
    assert len(ran) == 1 and "simulating izhikevich_rs" in ran[0]
    assert pushed == [1]  # one image, drawn after the trace ran
    assert ex.progress.layout.visibility == "hidden"
