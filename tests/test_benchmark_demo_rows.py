"""The classroom benchmark reads each demo step's time from the demo's progress lines."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

import classroom_rows  # noqa: E402


def test_step_seconds_from_cumulative_progress_lines():
    stderr = ("[1/3] one input, two neurons (0.4 s)\n"
              "some warning\n"
              "[2/3] f-I curves: three presets (1.5 s)\n"
              "[3/3] writing the report (4.0 s)\n")
    steps = classroom_rows.step_seconds(stderr, 5.5)
    assert [t for t, _ in steps] == ["one input, two neurons", "f-I curves: three presets",
                                     "writing the report, start-up and exit"]
    assert [round(s, 6) for _, s in steps] == [1.1, 2.5, 1.5]


def test_answer_keys_compare_without_run_times():
    a = {"xor": {"numbers": {"n_seeds": 10, "seconds": 1.0}}}
    b = {"xor": {"numbers": {"n_seeds": 10, "seconds": 2.0}}}
    assert classroom_rows._numbers(a) == classroom_rows._numbers(b)
    assert classroom_rows._numbers(a) != classroom_rows._numbers({"xor": {"numbers": {"n_seeds": 9}}})
