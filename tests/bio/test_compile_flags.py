"""gcc's flags for neurosim's Cython runs: -O1 for Brian2's -O3, only inside neurosim's runs."""

import brian2
import numpy as np
import pytest
from brian2 import ms, nA

from neurosim.bio import brian2_tools, fi_curve, load_preset


@pytest.fixture
def gcc_args():
    saved = list(brian2.prefs.codegen.cpp.extra_compile_args_gcc)
    yield brian2.prefs.codegen.cpp
    brian2.prefs.codegen.cpp.extra_compile_args_gcc = saved


def test_cython_runs_compile_with_o1_and_restore_the_users_flags(gcc_args):
    before = list(gcc_args.extra_compile_args_gcc)
    assert "-O3" in before  # Brian2's default
    with brian2_tools.codegen_target("cython"):
        inside = list(gcc_args.extra_compile_args_gcc)
        assert brian2.prefs.codegen.target == "cython"
    assert inside == ["-O1" if a == "-O3" else a for a in before]
    assert "-ffast-math" in inside and "-O3" not in inside
    assert list(gcc_args.extra_compile_args_gcc) == before


def test_numpy_runs_and_a_users_own_flags_are_left_alone(gcc_args):
    before = list(gcc_args.extra_compile_args_gcc)
    with brian2_tools.codegen_target("numpy"):
        assert list(gcc_args.extra_compile_args_gcc) == before
    gcc_args.extra_compile_args_gcc = ["-w", "-O2"]
    with brian2_tools.codegen_target("cython"):
        assert list(gcc_args.extra_compile_args_gcc) == ["-w", "-O2"]


def test_the_flags_are_restored_when_a_run_fails(gcc_args):
    before = list(gcc_args.extra_compile_args_gcc)
    with pytest.raises(RuntimeError), brian2_tools.codegen_target("cython"):
        raise RuntimeError("a run that fails")
    assert list(gcc_args.extra_compile_args_gcc) == before


def test_a_cython_curve_equals_the_numpy_one():
    # The same spike counts from the code compiled with -O1 as from numpy (Wang-Buzsaki at
    # its own dt: an HH-type model, where optimisation could reorder the arithmetic).
    wb = load_preset("wang_buzsaki")
    currents = np.linspace(0, 1.5, 6) * nA
    compiled = fi_curve(wb, currents, duration=100 * ms, target="cython")
    plain = fi_curve(wb, currents, duration=100 * ms, target="numpy")
    np.testing.assert_array_equal(compiled.spike_counts, plain.spike_counts)
