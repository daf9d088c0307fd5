"""The demo's step registry: every step module is found, in order, with complete texts."""

import pytest

from neurosim.demo import DemoStep, steps
from neurosim.demo._base import fill
from neurosim.errors import ParameterError


def test_steps_are_found_sorted_and_unique():
    found = steps()
    assert [s.key for s in found][:2] == ["side_by_side", "fi_presets"]
    orders = [s.order for s in found]
    assert orders == sorted(orders) and len(set(orders)) == len(orders)
    assert len({s.key for s in found}) == len(found)
    for step in found:
        assert isinstance(step, DemoStep)
        assert {"progress", "title", "caption"} <= set(step.text), step.key
        for qa in step.text.get("answers", {}).values():
            assert set(qa) == {"question", "answer"}, step.key


def test_fill_names_a_missing_number():
    assert fill("R^2 = {r2:.3f}", {"r2": 0.98123}) == "R^2 = 0.981"
    with pytest.raises(ParameterError, match="'r2'"):
        fill("R^2 = {r2:.3f}", {}, where="step x")


#: Cheap steps (LIF on numpy, a few seconds each) for the jobs test below.
CHEAP_STEPS = ("side_by_side", "fi_presets", "noise")


def _data_rows(folder):
    """Each data file's lines without its ``#`` comments (the provenance records the time)."""
    return {p.name: [line for line in p.read_text().splitlines() if not line.startswith("#")]
            for p in sorted(folder.glob("*.csv"))}


def test_steps_in_worker_processes_equal_steps_run_here(tmp_path):
    """The steps are independent and seeded: run in two worker processes, costliest first,
    they give the numbers and data rows of the same steps run here one after the other; the
    progress callback hears of every step as it starts."""
    from neurosim.demo import DemoOptions, run_demo, steps

    options = DemoOptions(quick=True)
    heard = {}
    runs = {}
    for jobs in (1, 2):
        folder = tmp_path / f"jobs{jobs}"
        folder.mkdir()
        calls = heard[jobs] = []
        runs[jobs] = run_demo(folder, options, only=CHEAP_STEPS, jobs=jobs,
                              progress=lambda k, n, text, s, calls=calls: calls.append((k, text)))
    assert [f.numbers for f in runs[1].figures] == [f.numbers for f in runs[2].figures]
    assert [f.key for f in runs[2].figures] == list(CHEAP_STEPS)  # the running order
    assert _data_rows(tmp_path / "jobs1") == _data_rows(tmp_path / "jobs2")
    texts = {s.key: s.texts("en")["progress"] for s in steps()}
    costliest_first = sorted(CHEAP_STEPS, key=lambda k: -next(s.cost for s in steps()
                                                              if s.key == k))
    assert heard[2][:3] == [(k, texts[key]) for k, key in enumerate(costliest_first, start=1)]
    assert heard[1][:3] == [(k, texts[key]) for k, key in enumerate(CHEAP_STEPS, start=1)]


@pytest.mark.parametrize("jobs, error", [(0, "ParameterError"), (1.5, "ParameterTypeError")])
def test_jobs_must_be_a_positive_integer(tmp_path, jobs, error):
    from neurosim.demo import run_demo

    with pytest.raises(Exception, match=r"jobs: must be an integer >= 1") as info:
        run_demo(tmp_path, jobs=jobs)
    assert type(info.value).__name__ == error
    assert not any(tmp_path.iterdir())


def test_quick_runs_every_model_on_numpy_at_its_coarsest_step_up_to_0_1_ms():
    # --quick with target auto compiles nothing (short runs at a coarse step: numpy is faster
    # than a cold compile); the full demo leaves each model its own target and dt.
    from brian2 import ms

    from neurosim.bio import load_preset
    from neurosim.demo import DemoOptions

    quick, full = DemoOptions(quick=True), DemoOptions()
    hh, qif, lif = (load_preset(n) for n in ("hh_squid", "qif_rs", "neuronal_dynamics"))
    assert [quick.target_for(p) for p in (hh, qif, lif)] == ["numpy"] * 3
    assert [full.target_for(p) for p in (hh, lif)] == ["cython", "numpy"]
    assert DemoOptions(quick=True, target="cython").target_for(hh) == "cython"
    assert quick.dt_for(hh) == 0.1 * ms and quick.dt_for(qif) == qif.brian_model().max_dt
    assert full.dt_for(hh) == 0.01 * ms and full.dt_for(lif) == 0.1 * ms
