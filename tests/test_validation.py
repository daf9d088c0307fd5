"""neurosim.validation: one rule per kind of argument, one error class per kind of failure."""

import math

import numpy as np
import pytest

from neurosim import errors
from neurosim.errors import (
    DataError,
    FitError,
    NeurosimError,
    ParameterError,
    ParameterTypeError,
    TrainingDivergedError,
    UnitError,
)
from neurosim.units import check_quantity
from neurosim.validation import (
    SEED_LIMIT,
    check_choice,
    check_finite_array,
    check_instance,
    check_integer,
    check_real,
    check_scalar,
    check_seed,
)


def test_every_error_is_a_neurosim_error_and_a_builtin_one():
    for name in errors.__all__:
        cls = getattr(errors, name)
        assert issubclass(cls, NeurosimError)
        if cls in (errors.SimulationError, errors.CompilationError):
            # not bad input: a run that did not finish, a compiler that failed
            assert issubclass(cls, RuntimeError) and not issubclass(cls, (ValueError, TypeError))
        elif cls is not NeurosimError:
            assert issubclass(cls, (ValueError, TypeError)), name
    assert issubclass(UnitError, ParameterTypeError) and issubclass(UnitError, TypeError)
    kinds = [ParameterError, ParameterTypeError, DataError, FitError, TrainingDivergedError]
    for a in kinds:
        for b in kinds:
            assert (a is b) == issubclass(a, b), (a, b)


@pytest.mark.parametrize("value, error", [
    (True, ParameterTypeError), (np.bool_(False), ParameterTypeError), ("1", ParameterTypeError),
    ([1.0], ParameterTypeError), (math.nan, ParameterError), (math.inf, ParameterError),
    (-0.5, ParameterError), (2.0, ParameterError),
])
def test_check_real_refuses(value, error):
    with pytest.raises(error, match=r"rate: must be a finite number in \[0, 1\)"):
        check_real(value, "rate", low=0, high=1, high_open=True)


def test_check_real_and_integer_accept_and_convert():
    assert check_real(np.float32(0.5), "x", low=0) == 0.5
    assert type(check_real(3, "x")) is float
    assert check_integer(np.int64(4), "n", low=1) == 4
    assert type(check_integer(np.int64(4), "n")) is int
    with pytest.raises(ParameterError, match="n: must be an integer >= 1, got 0"):
        check_integer(0, "n", low=1)
    for bad in (True, 2.0, "2"):
        with pytest.raises(ParameterTypeError, match="n: must be an integer"):
            check_integer(bad, "n")


def test_the_one_seed_rule():
    assert check_seed(0) == 0 and check_seed(SEED_LIMIT - 1) == 2**32 - 1
    drawn = check_seed(None)
    assert isinstance(drawn, int) and 0 <= drawn < SEED_LIMIT
    np.random.RandomState(SEED_LIMIT - 1)  # what numpy accepts ...
    with pytest.raises(ValueError):
        np.random.RandomState(SEED_LIMIT)  # ... and refuses
    for bad, error in [(-1, ParameterError), (SEED_LIMIT, ParameterError),
                       (True, ParameterTypeError), (1.0, ParameterTypeError)]:
        with pytest.raises(error, match=r"seed: must be None or an integer in \[0, 2\*\*32\)"):
            check_seed(bad)


def test_finite_arrays_scalars_choices_and_instances():
    arr = check_finite_array([[1, 2]], "X", ndim=2)
    assert arr.dtype == np.float64 and arr.shape == (1, 2)
    with pytest.raises(DataError, match="X: contains NaN"):
        check_finite_array([1, np.nan], "X")
    with pytest.raises(DataError, match="X: expected a 2-d array, got shape"):
        check_finite_array([1, 2], "X", ndim=2)
    with pytest.raises(DataError, match="X: expected an array of numbers"):
        check_finite_array(["a"], "X")
    with pytest.raises(ParameterError, match=r"dt: must be a single value, got an array of shape \(2,\)"):
        check_scalar([1, 2], "dt")
    assert check_choice("numpy", "target", ("numpy", "cython")) == "numpy"
    with pytest.raises(ParameterError, match="target: must be one of numpy, cython; got 'gpu'"):
        check_choice("gpu", "target", ("numpy", "cython"))
    with pytest.raises(ParameterTypeError, match=r"params: expected dict \(e.g. \{\}\), got list"):
        check_instance([], "params", dict, hint="{}")


def test_check_quantity_names_the_unit():
    from brian2 import amp, ms, nA

    assert check_quantity(2 * ms, "dt", ms, scalar=True) == 2 * ms
    with pytest.raises(UnitError, match=r"dt: 2 has no unit; give it in time \(e.g. ms\)"):
        check_quantity(2, "dt", ms)
    with pytest.raises(UnitError, match=r"dt: expected time \(e.g. ms\), got 2 nA"):
        check_quantity(2 * nA, "dt", ms)
    with pytest.raises(ParameterError, match="I: must be a single value"):
        check_quantity([1, 2] * nA, "I", amp, scalar=True)
