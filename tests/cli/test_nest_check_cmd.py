"""neurosim nest-check: one cell on both engines, printed side by side; bad input is one line."""

import importlib.util

import pytest

from neurosim.bio.nest_check import NEST_MISSING
from neurosim.cli import main

needs_nest = pytest.mark.skipif(importlib.util.find_spec("nest") is None, reason=NEST_MISSING)


@needs_nest
def test_izhikevich_side_by_side(capsys):
    code = main(["nest-check", "--preset", "izhikevich_rs", "--current", "100 pA",
                 "--duration", "200 ms", "--target", "numpy"])
    out = capsys.readouterr().out
    assert code == 0
    assert "NEST izhikevich" in out and "13.1374 Hz" in out.splitlines()[4]
    assert out.count("spike ") == 3


@pytest.mark.parametrize("argv, words", [
    (["--preset", "wang_buzsaki", "--current", "1 nA"], "--preset: NEST has no counterpart"),
    (["--preset", "izhikevich_rs", "--current", "100 mV"], "--current: expected current"),
    (["--preset", "izhikevich_rs", "--current", "1 nA", "--duration", "-1 ms"], "--duration:"),
    (["--preset", "izhikevich_rs", "--current", "1 nA", "--dt", "1 s"], "--dt:"),
])
def test_bad_input_is_one_line_and_exit_2(argv, words, capsys):
    assert main(["nest-check", *argv]) == 2
    err = capsys.readouterr().err
    assert words in err and len(err.strip().splitlines()) == 1
