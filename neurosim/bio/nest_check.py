"""The same cell on neurosim (Brian2) and on its NEST counterpart, side by side.

Each model that NEST also has says so through its ``nest_counterpart()`` hook
(:class:`~neurosim.bio.models.base.NestCounterpart`: NEST's model name, the
parameter and unit mapping, Izhikevich's change of variables).
:func:`compare_with_nest` runs one neuron at a constant current on both
engines and reports spike times and steady-state rates
(:func:`~neurosim.bio.steady_state.steady_state_rates`), with what the
integrators make of dt: where NEST's integrator is adaptive (HH, AdEx)
neurosim's rate carries a first-order dt error, estimated by Richardson
extrapolation from a run at ``dt/2`` (``2 r(dt/2) - r(dt)``), which is what
should equal NEST's rate.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass

import numpy as np
from brian2 import Hz, Quantity, amp, ms, second

from neurosim.bio import brian2_tools, engine
from neurosim.bio.steady_state import spike_counters, steady_state_rates
from neurosim.bio.trace import simulate
from neurosim.errors import NeurosimError, ParameterError
from neurosim.provenance import Result, model_settings
from neurosim.units import check_quantity, format_quantity

#: What a missing NEST says (one line).
NEST_MISSING = "NEST is not installed: pip install nest-simulator"


class NestUnavailable(NeurosimError, ValueError):
    """NEST (the ``nest-simulator`` package) is not installed."""


@dataclass(frozen=True, eq=False)
class NestComparison(Result):
    """One cell, one constant current, on neurosim and on NEST.

    Attributes
    ----------
    params : the neurosim model
    nest_model : str
    current, duration, dt, settle : Quantity
    times : Quantity (time), shape (n,)
        neurosim's spike times (start of the step, as Brian2 stamps them).
    nest_times : Quantity (time), shape (m,)
        NEST's spike times, in neurosim's time (NEST stamps the end of a step: one step
        earlier is shown, and Izhikevich's rescaled time is converted back).
    rate, nest_rate : Quantity (frequency)
        Steady-state rates (spikes from ``settle`` on; firing that stopped reads 0 Hz).
    rate_half_dt, rate_richardson : Quantity (frequency) or None
        neurosim at ``dt/2`` and the extrapolation ``2 r(dt/2) - r(dt)``, where NEST's
        integrator is adaptive (None otherwise).
    integrator, spike : str
        The counterpart's notes: which dt difference to expect, what NEST calls a spike.
    """

    params: object
    nest_model: str
    current: Quantity
    duration: Quantity
    dt: Quantity
    settle: Quantity
    times: Quantity
    nest_times: Quantity
    rate: Quantity
    nest_rate: Quantity
    rate_half_dt: Quantity | None
    rate_richardson: Quantity | None
    integrator: str
    spike: str

    @property
    def reference(self) -> Quantity:
        """neurosim's best estimate to set against NEST: Richardson where it applies."""
        return self.rate if self.rate_richardson is None else self.rate_richardson

    @property
    def rate_difference(self) -> float:
        """``reference / nest_rate - 1`` (NaN when NEST is silent)."""
        nest = float(self.nest_rate / Hz)
        return float(self.reference / Hz) / nest - 1 if nest > 0 else float("nan")

    @property
    def dt_error(self) -> float | None:
        """neurosim's first-order rate error at ``dt``: ``r(dt) / r_richardson - 1``."""
        if self.rate_richardson is None or float(self.rate_richardson / Hz) == 0:
            return None
        return float(self.rate / self.rate_richardson) - 1

    def paired_times(self) -> np.ndarray:
        """``neurosim - NEST`` spike time (ms) for the first spikes both engines fired."""
        n = min(len(self.times), len(self.nest_times))
        return np.asarray((self.times[:n] - self.nest_times[:n]) / ms)

    @property
    def settings(self) -> dict:
        """What was compared: the model, its NEST counterpart and the run (JSON-ready)."""
        return {**model_settings(self.params), "nest_model": self.nest_model,
                "current": format_quantity(self.current, brian2_tools.brian2.pA),
                "duration": format_quantity(self.duration, ms),
                "dt": format_quantity(self.dt, ms), "settle": format_quantity(self.settle, ms),
                "integrator": self.integrator, "spike": self.spike}

    def summary(self) -> dict:
        """The comparison as JSON-ready numbers (Hz, ms)."""
        diffs = self.paired_times()

        def hz(q):
            return None if q is None else float(q / Hz)

        return {
            "preset": self.params.name, "nest_model": self.nest_model,
            "current": format_quantity(self.current, brian2_tools.brian2.pA),
            "duration": format_quantity(self.duration, ms), "dt": format_quantity(self.dt, ms),
            "settle": format_quantity(self.settle, ms),
            "n_spikes": len(self.times), "nest_n_spikes": len(self.nest_times),
            "rate_Hz": hz(self.rate), "rate_half_dt_Hz": hz(self.rate_half_dt),
            "rate_richardson_Hz": hz(self.rate_richardson), "nest_rate_Hz": hz(self.nest_rate),
            "rate_difference": self.rate_difference, "dt_error": self.dt_error,
            "max_time_difference_ms": float(np.max(np.abs(diffs))) if len(diffs) else None,
            "integrator": self.integrator, "spike": self.spike,
        }


def import_nest():
    """Import NEST quietly, or raise :class:`NestUnavailable` (one line naming the package)."""
    os.environ.setdefault("PYNEST_QUIET", "1")
    try:
        with open(os.devnull, "w") as devnull, contextlib.redirect_stdout(devnull):
            import nest
    except ImportError:
        raise NestUnavailable(NEST_MISSING) from None
    return nest


def _steady_rate(times_s, settle, duration) -> float:
    start, end = float(settle / second), float(duration / second)
    n, first, last = spike_counters(times_s, start, end)
    return float(steady_state_rates([[n]], [[first]], [[last]], start, end).rates[0])


#: NEST's clock for a rescaled time: a finer tic than its default 1000 per ms.
TICS_PER_MS = 1_000_000


def matched_dt(counterpart, dt: Quantity) -> Quantity:
    """``dt`` moved (by < 1e-6 ms / time_scale) so that NEST's ``dt / time_scale`` is whole tics.

    NEST's clock counts integer tics; with a rescaled time (Izhikevich) the
    step ``dt / time_scale`` would fall between them, and both engines must
    take the same step for the spikes to agree to rounding.
    """
    if counterpart.time_scale == 1.0:
        return dt
    tics = max(1, round(float(dt / ms) / counterpart.time_scale * TICS_PER_MS))
    return tics / TICS_PER_MS * counterpart.time_scale * ms


def run_nest(counterpart, current, duration, dt) -> np.ndarray:
    """One NEST neuron of ``counterpart`` at ``current``; its spike times (s, neurosim's time)."""
    nest = import_nest()
    nest.ResetKernel()
    if hasattr(nest, "VerbosityLevel"):
        nest.verbosity = nest.VerbosityLevel.ERROR
    else:  # NEST < 3.10
        nest.set_verbosity("M_ERROR")
    h = float(dt / ms) / counterpart.time_scale
    kernel = {"resolution": h, "print_time": False, "local_num_threads": 1}
    if counterpart.time_scale != 1.0:
        kernel["tics_per_ms"] = TICS_PER_MS
    nest.SetKernelStatus(kernel)
    node = nest.Create(counterpart.model)
    node.set({**counterpart.nest_params, "I_e": counterpart.i_e(current)})
    recorder = nest.Create("spike_recorder")
    nest.Connect(node, recorder)
    n_steps = int(round(float(duration / dt)))
    nest.Simulate(n_steps * h)
    t = np.asarray(recorder.get("events")["times"], dtype=float)
    return np.sort((t - h) * counterpart.time_scale * 1e-3)


def compare_with_nest(params, current: Quantity, duration: Quantity = 1 * second, *,
                      dt: Quantity | None = None, settle: Quantity | None = None,
                      target: str = "numpy") -> NestComparison:
    """Run one cell at a constant current on neurosim and on NEST; report both.

    Parameters
    ----------
    params : a neurosim model whose ``nest_counterpart()`` is not None
        HH (``hh_psc_alpha``), AdEx (``aeif_psc_delta``), Izhikevich (``izhikevich``,
        after a change of variables), LIF (``iaf_psc_delta``).
    current : Quantity (current)
        A constant input current.
    duration : Quantity (time)
        At least ``10*dt``.
    dt : Quantity (time) or None
        neurosim's step (None: the model's default); NEST runs at ``dt/time_scale``
        (with a rescaled time, ``dt`` moves to the nearest step NEST's clock has:
        :func:`matched_dt`; the result holds the step used).
    settle : Quantity (time) or None
        Rates count spikes from here (None: the model's ``settle_time``, at most half the
        run).
    target : {"numpy", "cython", "cpp_standalone"}
        Brian2's code generation for neurosim's runs.

    Returns
    -------
    NestComparison

    Raises
    ------
    ParameterError
        If the model has no NEST counterpart, or an argument is out of range.
    NestUnavailable
        If NEST is not installed (``pip install nest-simulator``).

    Notes
    -----
    Richardson extrapolation for a first-order method: ``r(dt) = r + c dt + O(dt^2)``
    gives ``r = 2 r(dt/2) - r(dt) + O(dt^2)`` (Hairer, Norsett & Wanner, *Solving
    Ordinary Differential Equations I*, §II.4).
    """
    params = engine.check_model(params)
    counterpart = params.nest_counterpart()
    if counterpart is None:
        raise ParameterError(
            f"params: NEST has no counterpart of {type(params).__name__} ({params.name}); "
            "HH, AdEx, Izhikevich and LIF models have one")
    check_quantity(current, "current", amp, scalar=True)
    model = params.brian_model()
    dt = engine.check_dt(model.dt if dt is None else dt, model)
    duration = brian2_tools.check_duration(duration, dt)
    dt = matched_dt(counterpart, dt)
    if settle is None:
        settle = min(params.settle_time, duration / 2)
    check_quantity(settle, "settle", second, scalar=True)
    if not 0 * second <= settle < duration:
        raise ParameterError(f"settle: must be in [0 s, duration = {duration}), got {settle}")
    import_nest()  # before any work: a missing NEST says so at once
    trace = simulate(params, current, duration, dt=dt, target=target)
    times = np.asarray(trace.spike_times / second)
    rate = _steady_rate(times, settle, duration)
    half = richardson = None
    if counterpart.converged:
        fine = simulate(params, current, duration, dt=dt / 2, target=target)
        half = _steady_rate(np.asarray(fine.spike_times / second), settle, duration)
        richardson = 2 * half - rate
    nest_times = run_nest(counterpart, current, duration, dt)
    return NestComparison(
        params=params, nest_model=counterpart.model, current=current, duration=duration,
        dt=dt, settle=settle, times=times * second, nest_times=nest_times * second,
        rate=rate * Hz, nest_rate=_steady_rate(nest_times, settle, duration) * Hz,
        rate_half_dt=None if half is None else half * Hz,
        rate_richardson=None if richardson is None else richardson * Hz,
        integrator=counterpart.integrator, spike=counterpart.spike,
    )
