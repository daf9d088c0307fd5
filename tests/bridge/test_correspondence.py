"""The cell-type x activation-family table: shapes, ranking, readings, files."""

import json

import matplotlib
import numpy as np
import pytest
from brian2 import ms, mV, second

from neurosim.bridge.correspondence_table import correspondence, correspondence_record
from neurosim.errors import ParameterError

matplotlib.use("Agg")

PRESETS = ["brunel2000", "neuronal_dynamics"]


@pytest.fixture(scope="module")
def table():
    return correspondence(PRESETS, points=12, duration=0.5 * second, n_trials=2, seed=4)


def test_matrix_ranks_within_each_cell_type_and_noise_level(table):
    assert table.r2.shape == table.delta_aicc.shape == (2, 2, 5)
    assert "lif" not in table.families  # a neuron model, not an activation function
    for i in range(2):
        for s in range(2):
            row = table.delta_aicc[i, s]
            assert np.nanmin(row) == 0 and np.all(row[np.isfinite(row)] >= 0)
            assert table.best(PRESETS[i], s) == table.families[int(np.nanargmin(row))]
    # A LIF is a thresholded, nearly linear rise: ReLU (2 parameters) fits it far better
    # than the exponential, which has no threshold (R^2 measured 0.99 against 0.87-0.90).
    relu, exponential = table.families.index("relu"), table.families.index("exponential")
    assert np.all(table.r2[:, :, relu] > table.r2[:, :, exponential] + 0.05)


def test_readings_rank_families_and_name_the_excitability(table):
    for preset in PRESETS:
        text = table.readings[preset]
        assert text.startswith(preset) and "(type I)" in text
        assert table.best(preset, 0) in text.split(";")[0]
    assert np.all(table.onset_jump < 0.4)  # LIF: rate rises continuously from 0 Hz


def test_record_is_json_ready_with_settings(table):
    record = json.loads(json.dumps(correspondence_record(table)))
    assert record["presets"] == PRESETS and record["sigmas_mV"] == [0.0, 2.0]
    assert record["settings"]["seed"] == 4 and len(record["r2"][0][1]) == 5
    assert set(record["best"]) == set(PRESETS)


def test_models_can_be_given_as_parameter_objects():
    from brian2 import ms, nS, pA, pF

    from neurosim.bio import AdExParams

    adapting = AdExParams(C=200 * pF, g_L=12 * nS, E_L=-70 * mV, V_T=-50 * mV, Delta_T=2 * mV,
                          tau_w=300 * ms, a=2 * nS, b=60 * pA, V_reset=-58 * mV, name="adapting")
    table = correspondence([adapting], sigmas=(0 * mV,), points=12, duration=0.5 * second,
                           seed=1, families=["sigmoid", "relu", "softplus"])
    # Measured: adaptation makes the curve threshold-linear: ReLU R^2 0.9995 and the
    # sigmoid, which must bend, behind by dAICc 40; the onset is continuous (jump 0.09).
    assert table.best("adapting") == "relu" and table.onset_jump[0] < 0.4
    assert table.delta_aicc[0, 0, 0] > 10 and "adaptation" in table.readings["adapting"]


def test_heat_map_figure_has_a_panel_per_value_and_noise_level(table):
    from neurosim.plotting.correspondence import (
        correspondence_figure,
        plot_correspondence,
    )

    fig = correspondence_figure(table)
    assert len([ax for ax in fig.axes if ax.get_title()]) == 4
    ax = plot_correspondence(table, value="delta_aicc", sigma_index=1)
    assert [t.get_text() for t in ax.get_yticklabels()] == PRESETS


@pytest.mark.parametrize("kwargs, words", [
    ({"sigmas": (2 * mV,)}, "sigmas"),
    ({"points": 3}, "points"),
    ({"families": ["tanh"]}, "families"),
    ({"dt": -1 * ms}, "dt"),
])
def test_bad_settings_are_refused(kwargs, words):
    with pytest.raises(ParameterError, match=words):
        correspondence(["brunel2000"], **kwargs)


def test_batches_in_parallel_processes_equal_a_serial_run(monkeypatch):
    # Two models, two batches: in two processes (PROCESSES = 2, 2 cores) and in one; each
    # batch is seeded by its first cell type's index, so the tables are equal.  At dt 0.1 ms
    # (the QIF at its 0.084 ms limit, as in --quick): which process runs a batch does not
    # depend on its step, and the QIF's 0.01 ms would cost ~8x the steps on numpy.
    from neurosim.bridge import correspondence_table

    options = {"points": 8, "duration": 0.3 * second, "n_trials": 2, "seed": 4, "dt": 0.1 * ms}
    presets = ["brunel2000", "qif_rs", "neuronal_dynamics"]
    parallel = correspondence(presets, **options)
    monkeypatch.setattr(correspondence_table, "PROCESSES", 1)
    serial = correspondence(presets, **options)
    np.testing.assert_array_equal(serial.r2, parallel.r2)
    np.testing.assert_array_equal(serial.delta_aicc, parallel.delta_aicc)
    np.testing.assert_array_equal(serial.onset_jump, parallel.onset_jump)
    for key, curve in parallel.curves.items():
        np.testing.assert_array_equal(serial.curves[key].spike_counts, curve.spike_counts)
    assert serial.readings == parallel.readings


def test_presets_of_one_model_run_as_one_batch_with_the_results_of_separate_runs(table):
    # The two LIF presets of the fixture ran in one group (per-neuron parameters); without
    # noise each one's row equals a table of that preset alone (LIF: bit for bit).
    from neurosim.bio import load_preset
    from neurosim.bridge.correspondence_table import _batches

    models = [load_preset(p) for p in PRESETS + ["qif_rs"]]
    steps = [[m.brian_model().dt] * 2 for m in models]
    assert _batches(models, steps, ["numpy"] * 3) == [[0, 1], [2]]
    for i, preset in enumerate(PRESETS):
        alone = correspondence([preset], sigmas=(0 * mV,), points=12, duration=0.5 * second,
                               seed=4)
        np.testing.assert_array_equal(alone.curves[preset, 0].spike_counts,
                                      table.curves[preset, 0].spike_counts)
        np.testing.assert_array_equal(alone.r2[0, 0], table.r2[i, 0])


def test_a_reading_names_a_refractory_ceiling_only_where_there_is_one():
    from neurosim.bio import load_preset
    from neurosim.bridge.correspondence_table import _reading

    families = ["sigmoid", "relu"]
    r2, daicc = np.array([[0.99, 0.95]]), np.array([[0.0, 12.0]])

    def reading(name):
        return _reading(name, load_preset(name), families, r2, daicc, 0.1, (0 * mV,))

    assert "refractory ceiling (1/t_ref = 500 Hz)" in reading("neuronal_dynamics")
    assert "ceiling" not in reading("qif_rs") and "no refractory period" in reading("qif_rs")


def test_a_dt_that_is_not_a_time_is_refused_before_any_run():
    from neurosim.errors import UnitError

    with pytest.raises(UnitError, match="dt: expected time"):
        correspondence(["brunel2000"], dt=3 * mV)


def test_a_given_dt_runs_each_model_at_it_or_at_its_limit_and_is_recorded():
    # qif_rs allows at most 0.084 ms (its max_dt), the LIF 0.8 ms: asked for 0.1 ms, the QIF
    # runs at its limit, with and without noise, the LIF at 0.1 ms; rheobase and curves alike.
    from neurosim.bio import load_preset

    limit = float(load_preset("qif_rs").brian_model().max_dt / ms)
    table = correspondence(["neuronal_dynamics", "qif_rs"], points=8, duration=0.2 * second,
                           n_trials=1, seed=3, dt=0.1 * ms)
    assert table.settings["dt_ms"] == {"neuronal_dynamics": [0.1, 0.1], "qif_rs": [limit, limit]}
    for s in range(2):
        assert float(table.curves["neuronal_dynamics", s].dt / ms) == pytest.approx(0.1)
        assert float(table.curves["qif_rs", s].dt / ms) == pytest.approx(limit)
    assert "dt_ms" not in correspondence(["brunel2000"], sigmas=(0 * mV,), points=8,
                                         duration=0.2 * second).settings
