"""What makes neuron models differ, measured: step responses, rheobase, excitability class.

Every measurement is one vectorised Brian2 run (one neuron per current) or
two (a coarse grid, then a refinement grid), never a loop of runs; each works
for any model that :func:`neurosim.bio.simulate` accepts.  Bistability (up
and down current ramps) is in :mod:`neurosim.bio.ramps`.

References
----------
Hodgkin, A. L. (1948). The local electric changes associated with repetitive
action in a non-medullated axon. J. Physiol. 107, 165-181 (classes of
excitability).
Rinzel, J. & Ermentrout, G. B. (1998). Analysis of neural excitability and
oscillations. In *Methods in Neuronal Modeling*, 2nd ed., MIT Press, ch. 7.
Izhikevich, E. M. (2007). *Dynamical Systems in Neuroscience*, MIT Press,
sections 1.2 and 7.1 (class 1 and 2 excitability, bistability of rest and
repetitive firing).
"""

from __future__ import annotations

from dataclasses import dataclass

import brian2
import numpy as np
from brian2 import Hz, Quantity, amp, ms, nA, pA, second

from neurosim.bio import brian2_tools, engine
from neurosim.bio.spiketrains import FiringPattern, classify_pattern
from neurosim.errors import ParameterError
from neurosim.provenance import Result, model_settings
from neurosim.units import check_quantity, format_quantity
from neurosim.validation import check_instance, check_integer

#: Onset rate / rate at twice the rheobase above which a model is type II.
TYPE_II_RATIO = 0.4

#: Spikes a neuron must fire in the second half of a window to count as firing repetitively.
MIN_LATE_SPIKES = 2


class _CurrentSweep(Result):
    """What a run of one neuron per current shares: its length and its settings (needs
    ``currents``, ``duration``, ``dt``, ``params`` and ``target``)."""

    def __len__(self) -> int:
        return len(self.currents)

    @property
    def settings(self) -> dict:
        """Everything needed to repeat this run (the currents excepted), as JSON-ready text."""
        return {**model_settings(self.params), "n_currents": len(self),
                "duration": format_quantity(self.duration, ms),
                "dt": format_quantity(self.dt, ms), "target": self.target}


@dataclass(frozen=True, eq=False)
class StepResponses(_CurrentSweep):
    """Spike trains of one neuron per constant current, all started from rest at t = 0.

    Attributes
    ----------
    currents : Quantity (current), shape (n,)
    spike_times : tuple of Quantity (time)
        One array per current.
    duration, dt : Quantity (time)
    params : the neuron model
    target : str
    traced : int or None
        Index of the current whose membrane potential was recorded.
    t, v : Quantity (time, voltage) or None
        That neuron's trace (sampled every ``max(dt, 0.05 ms)``), so that
        :func:`neurosim.plotting.cells.plot_step_response` draws it.
    """

    currents: Quantity
    spike_times: tuple
    duration: Quantity
    dt: Quantity
    params: object
    target: str
    traced: int | None = None
    t: Quantity | None = None
    v: Quantity | None = None

    def summary(self) -> dict:
        """Per current: current (nA), onset and steady rate (Hz), repetitive firing."""
        return {"current_nA": np.asarray(self.currents / nA, dtype=float).tolist(),
                "onset_rate_Hz": np.asarray(self.onset_rates / Hz, dtype=float).tolist(),
                "steady_rate_Hz": np.asarray(self.steady_rates / Hz, dtype=float).tolist(),
                "repetitive": self.repetitive.tolist()}

    def _late(self, times):
        return times[times >= 0.5 * float(self.duration / second)]

    @property
    def onset_rates(self) -> Quantity:
        """``1 / first inter-spike interval`` per current (0 Hz with fewer than two spikes)."""
        rates = [1.0 / (t[1] - t[0]) if len(t) >= 2 else 0.0 for t in self._seconds()]
        return np.asarray(rates) * Hz

    @property
    def steady_rates(self) -> Quantity:
        """``1 / mean interval`` in the second half of the window (0 Hz if it holds < 2 spikes)."""
        rates = []
        for times in self._seconds():
            late = self._late(times)
            rates.append(
                (len(late) - 1) / (late[-1] - late[0]) if len(late) >= MIN_LATE_SPIKES else 0.0
            )
        return np.asarray(rates) * Hz

    @property
    def repetitive(self) -> np.ndarray:
        """True where the neuron still fires in the second half of the window."""
        return np.array([len(self._late(t)) >= MIN_LATE_SPIKES for t in self._seconds()])

    def patterns(self) -> list[FiringPattern]:
        """The firing pattern of each response (:func:`classify_pattern` over the whole window)."""
        return [classify_pattern(times, 0 * ms, self.duration) for times in self.spike_times]

    def _seconds(self):
        return [np.asarray(t / second) for t in self.spike_times]


def _check_target(target):
    """These measurements are runtime runs (no standalone build)."""
    return brian2_tools.check_target(target, runtime=True)


def _model_and_dt(params, dt):
    params = engine.check_model(params)
    model = params.brian_model(noisy=False)
    dt = model.dt if dt is None else engine.check_dt(dt, model)
    return params, model, dt


def _currents(currents, name="currents") -> Quantity:
    check_quantity(currents, name, amp)
    currents = np.atleast_1d(currents)
    if currents.ndim != 1 or len(currents) == 0:
        raise ParameterError(
            f"{name}: must be a one-dimensional array of at least one current, "
            f"got shape {currents.shape}"
        )
    return currents


def _run(
    model,
    dt,
    duration,
    target,
    per_neuron: dict,
    current_equation: str = engine.CONSTANT_CURRENT,
    extra_namespace=None,
    record_from=None,
    trace_of=None,
):
    """One group, one neuron per entry of ``per_neuron``: each neuron's spike times.

    With ``record_from`` (a time), also ``v`` of every neuron from then on,
    sampled every 0.1 ms: ``(trains, v array (n, samples) in volt)``.  With
    ``trace_of`` (an index), ``v`` of that neuron from t = 0, sampled every
    ``max(dt, 0.05 ms)``: ``(trains, (t, v) in s and volt)``.  The group is the
    engine's counted group (:func:`~neurosim.bio.engine.counted_group`): with a
    constant current its compiled code is the f-I curves' code.
    """
    n = len(next(iter(per_neuron.values())))
    namespace = {**model.namespace, "t_settle": 0 * second, **(extra_namespace or {})}
    with brian2_tools.quiet_brian(), brian2_tools.codegen_target(target):
        group = engine.counted_group(model, n, dt, current=current_equation)
        group.namespace.update(namespace)
        engine.set_initial(group, model)
        for key, values in per_neuron.items():
            setattr(group, key + "_", np.asarray(values / amp, dtype=float))
        spikes = brian2.SpikeMonitor(group, name=engine.SPIKES_NAME)
        network = brian2.Network(group, spikes, name="neurons_network")
        if trace_of is not None:
            trace = brian2.StateMonitor(
                group, "v", record=[trace_of], dt=max(dt, 0.05 * ms), name="neurons_trace"
            )
            network.add(trace)
        if record_from is None:
            brian2_tools.run_checked(network, duration, namespace=namespace)
        else:
            brian2_tools.run_checked(network, record_from, namespace=namespace)
            sample = max(dt, 0.1 * ms)
            voltage = brian2.StateMonitor(group, "v", record=True, dt=sample, name="neurons_v")
            network.add(voltage)
            brian2_tools.run_checked(network, duration - record_from, namespace=namespace)
        trains = spikes.spike_trains()
        spike_times = tuple(np.asarray(trains[i] / second) * second for i in range(n))
        if trace_of is not None:
            return spike_times, (np.asarray(trace.t_[:]), np.asarray(trace.v_[0]))
        if record_from is None:
            return spike_times
        return spike_times, np.asarray(voltage.v_[:])


@dataclass(frozen=True, eq=False)
class LateFiring(_CurrentSweep):
    """Spike counters of one neuron per constant current over the second half of a window.

    What :func:`find_rheobase` needs of a step response, counted in the neurons' reset
    (the engine's counters, no spike monitor): the same numbers as
    :attr:`StepResponses.repetitive` and :attr:`StepResponses.steady_rates` of that run.

    Attributes
    ----------
    currents : Quantity (current), shape (n,)
    counts : ndarray of int, shape (n,)
        Spikes at or after ``duration / 2``.
    t_first, t_last : ndarray of float (s), shape (n,)
        The first and last of them (meaningless where ``counts < 2``).
    duration, dt : Quantity (time)
    params : the neuron model
    target : str
    """

    currents: Quantity
    counts: np.ndarray
    t_first: np.ndarray
    t_last: np.ndarray
    duration: Quantity
    dt: Quantity
    params: object
    target: str

    def summary(self) -> dict:
        """Per current: current (nA), steady rate (Hz), repetitive firing."""
        return {"current_nA": np.asarray(self.currents / nA).tolist(), "steady_rate_Hz":
                np.asarray(self.steady_rates / Hz).tolist(), "repetitive": self.repetitive.tolist()}

    @property
    def repetitive(self) -> np.ndarray:
        """True where the neuron still fires in the second half of the window."""
        return np.asarray(self.counts) >= MIN_LATE_SPIKES

    @property
    def steady_rates(self) -> Quantity:
        """``1 / mean interval`` in the second half of the window (0 Hz if it holds < 2 spikes)."""
        rates = [(n - 1) / (last - first) if n >= MIN_LATE_SPIKES else 0.0
                 for n, first, last in zip(self.counts, self.t_first, self.t_last)]
        return np.asarray(rates, dtype=float) * Hz


def late_firing(params, currents: Quantity, duration: Quantity, *, dt: Quantity | None = None,
                target: str = "numpy") -> LateFiring:
    """:class:`LateFiring` of one neuron per constant current, in one vectorised run."""
    params, model, dt = _model_and_dt(params, dt)
    currents = _currents(currents)
    brian2_tools.check_duration(duration, dt)  # >= 10 dt, within Brian2's step counter
    n_steps = int(round(float(duration / dt)))
    counts, t_first, t_last = engine.run_fi_runtime(
        model, currents, n_steps, dt, 0 * brian2.mV, duration / 2, 0, _check_target(target))
    return LateFiring(currents=currents, counts=np.asarray(counts, dtype=int),
                      t_first=np.asarray(t_first, dtype=float),
                      t_last=np.asarray(t_last, dtype=float), duration=duration, dt=dt,
                      params=params, target=target)


def step_responses(
    params,
    currents: Quantity,
    duration: Quantity = 1 * second,
    *,
    dt: Quantity | None = None,
    target: str = "numpy",
    trace: int | None = None,
) -> StepResponses:
    """Spike trains of one neuron per constant current, in one vectorised run.

    Parameters
    ----------
    params : any neuron model (e.g. ``load_preset("adex_adapting")``)
    currents : Quantity (current), shape (n,)
        One constant current per neuron, switched on at t = 0 with the neuron at rest.
    duration : Quantity (time)
    dt : Quantity (time) or None
        None: the model's default.
    target : {"numpy", "cython"}
    trace : int or None
        Index of a current whose membrane potential to record as well.

    Returns
    -------
    StepResponses
    """
    params, model, dt = _model_and_dt(params, dt)
    currents = _currents(currents)
    brian2_tools.check_duration(duration, dt)  # >= 10 dt, within Brian2's step counter
    if trace is not None:
        trace = check_integer(trace, "trace", low=0, high=len(currents) - 1)
    result = _run(model, dt, duration, _check_target(target), {"I": currents}, trace_of=trace)
    t = v = None
    if trace is not None:
        result, (t_s, v_volt) = result
        t, v = t_s * second, v_volt * brian2.volt
    return StepResponses(
        currents=currents,
        spike_times=result,
        duration=duration,
        dt=dt,
        params=params,
        target=target,
        traced=trace,
        t=t,
        v=v,
    )


@dataclass(frozen=True, eq=False)
class Rheobase(Result):
    """The smallest constant current that makes a neuron fire repetitively from rest.

    Attributes
    ----------
    current : Quantity (current)
        The rheobase: the first current of the refinement grid that fires repetitively
        (of the coarse grid when the search was not refined).
    resolution : Quantity (current)
        Spacing of the grid below ``current``: the true rheobase lies in
        ``(current - resolution, current]``.
    onset_rate : Quantity (frequency)
        Steady-state rate at ``current``.
    reference_current : Quantity (current) or None
        Twice the coarse grid's first firing current, about twice the rheobase (or None).
    reference_rate : Quantity (frequency) or None
        Steady-state rate at ``reference_current``.
    excitability : str or None
        ``"type I"`` (the rate rises from ~0) or ``"type II"`` (it jumps to a
        finite rate): ``onset_rate / reference_rate`` above :data:`TYPE_II_RATIO`;
        None when the search was not refined (the coarse grid cannot tell them apart).
    coarse, fine : LateFiring
        The two runs (spike counters over the second half of the window; ``fine`` is None
        without refinement).
    """

    current: Quantity
    resolution: Quantity
    onset_rate: Quantity
    reference_current: Quantity | None
    reference_rate: Quantity | None
    excitability: str | None
    coarse: LateFiring
    fine: LateFiring | None

    @property
    def onset_ratio(self) -> float:
        """``onset_rate / reference_rate`` (nan when the search was not refined)."""
        if self.reference_rate is None:
            return float("nan")
        return float(self.onset_rate / self.reference_rate)

    @property
    def settings(self) -> dict:
        """The last run's settings and the resolution (JSON-ready text)."""
        last = self.coarse if self.fine is None else self.fine
        return {**last.settings, "refined": self.fine is not None,
                "resolution": format_quantity(self.resolution, nA)}

    def theory(self) -> Quantity:
        """The model's closed-form rheobase (``params.closed_form_rheobase()``).

        Raises
        ------
        ParameterError
            For a model without one (HH, Wang-Buzsaki, AdEx, ...): only the measured
            :attr:`current` exists.
        """
        params = self.coarse.params
        exact = params.closed_form_rheobase()
        if exact is None:
            raise ParameterError(
                f"theory: {type(params).__name__} has no closed-form rheobase; the measured "
                f"one is {self.current}")
        return exact

    def summary(self) -> dict:
        """Rheobase (nA), resolution, onset and reference rates, class (None if unrefined)."""
        refined = self.fine is not None
        return {"rheobase_nA": float(self.current / nA),
                "resolution_nA": float(self.resolution / nA),
                "onset_rate_Hz": float(self.onset_rate / Hz),
                "reference_current_nA": float(self.reference_current / nA) if refined else None,
                "reference_rate_Hz": float(self.reference_rate / Hz) if refined else None,
                "onset_ratio": self.onset_ratio if refined else None,
                "excitability": self.excitability}


#: The default bracket of :func:`find_rheobase` (a model's scale is not known beforehand):
#: 1 pA to 100 nA, on a geometric grid.
DEFAULT_BRACKET = (1 * pA, 100 * nA)


def find_rheobase(
    params,
    low: Quantity | None = None,
    high: Quantity | None = None,
    *,
    points: int = 41,
    duration: Quantity = 500 * ms,
    refine: bool = True,
    dt: Quantity | None = None,
    target: str = "numpy",
) -> Rheobase:
    """Rheobase and excitability class from two vectorised runs (coarse grid, then refined).

    Parameters
    ----------
    params : any neuron model
    low, high : Quantity (current) or None
        The bracket: the neuron must not fire repetitively at ``low`` and must at ``high``;
        the coarse grid is linear from ``low`` to ``high``.  Both None (the default): the
        coarse grid is geometric from 1 pA to 100 nA (:data:`DEFAULT_BRACKET`; with 41
        points, 8 per decade), for a model whose scale is not known.
    points : int
        Currents per grid (>= 3). With a bracket the resolution is
        ``(high - low)/((points - 1) * points)``.
    duration : Quantity (time)
        Window per neuron; a neuron fires repetitively if it spikes at least
        twice in the second half (a type I neuron near rheobase fires slowly:
        rates below ~``4/duration`` are not seen).
    refine : bool
        False: the coarse run only, a rough rheobase (e.g. to choose a current range): the
        first coarse current that fires repetitively, the coarse step below it as the
        resolution (25% of it on the default grid), no class (``excitability`` None).
    dt : Quantity (time) or None
    target : {"numpy", "cython"}

    Returns
    -------
    Rheobase

    Notes
    -----
    Run 1: ``points`` currents from ``low`` to ``high``; the first that fires
    repetitively, ``c_j``, brackets the rheobase in ``(c_{j-1}, c_j]``.  Run 2:
    ``points`` currents evenly filling that bracket, plus ``2 c_j``.  The
    excitability class follows from the rate at onset (Hodgkin 1948; Rinzel
    & Ermentrout 1998): type I rises continuously from 0 Hz (saddle-node on
    invariant circle), type II starts at a finite rate (Hopf).  Measured:
    ``onset_rate / rate(2 c_j)``, type II above :data:`TYPE_II_RATIO`.

    References
    ----------
    Hodgkin, A. L. (1948). J. Physiol. 107, 165-181.
    Rinzel, J. & Ermentrout, G. B. (1998). *Methods in Neuronal Modeling*, ch. 7.
    """
    if (low is None) != (high is None):
        raise ParameterError(f"{'low' if low is None else 'high'}: give both low and high, or "
                             "neither (the default bracket, 1 pA to 100 nA)")
    points = check_integer(points, "points", low=3)
    if low is None:
        low, high = DEFAULT_BRACKET
        grid = np.geomspace(float(low / amp), float(high / amp), points) * amp
    else:
        low, high = _currents(low, "low")[0], _currents(high, "high")[0]
        if not high > low:
            raise ParameterError(f"high: must be above low ({low}), got {high}")
        grid = np.linspace(float(low / amp), float(high / amp), points) * amp
    check_instance(refine, "refine", (bool, np.bool_))
    coarse = late_firing(params, grid, duration, dt=dt, target=target)
    j = _onset_index(coarse, low, high)
    if not refine:
        return Rheobase(current=coarse.currents[j], resolution=_fine_grid(coarse, j, 1)[1] * amp,
                        onset_rate=coarse.steady_rates[j], reference_current=None,
                        reference_rate=None, excitability=None, coarse=coarse, fine=None)
    fine_currents, step = _fine_grid(coarse, j, points)
    return _refined(coarse, late_firing(params, fine_currents, duration, dt=dt, target=target),
                    step)


def _onset_index(coarse, low, high) -> int:
    """The first coarse current that fires repetitively (none, or the first: an error)."""
    if not (firing := coarse.repetitive).any():
        raise ParameterError(f"high: the neuron does not fire repetitively at any current up "
                             f"to {high}; raise high (or duration)")
    j = int(np.argmax(firing))
    if j == 0:
        raise ParameterError(f"low: the neuron already fires repetitively at {low}; lower low")
    return j


def _fine_grid(coarse, j: int, points: int) -> tuple:
    """Run 2's currents, ``points`` filling ``(c_{j-1}, c_j]`` and ``2 c_j``; their step (A)."""
    below, above = float(coarse.currents[j - 1] / amp), float(coarse.currents[j] / amp)
    step = (above - below) / points
    return np.r_[below + step * np.arange(1, points + 1), 2 * above] * amp, step


def _refined(coarse, fine, step: float) -> "Rheobase":
    first = int(np.argmax(fine.repetitive[:-1]))  # the bracket's top fires, so one does
    onset, reference = fine.steady_rates[first], fine.steady_rates[-1]
    ratio = float(onset / reference) if reference > 0 * Hz else float("nan")
    return Rheobase(current=fine.currents[first], resolution=step * amp, onset_rate=onset,
                    reference_current=fine.currents[-1], reference_rate=reference,
                    excitability="type II" if ratio > TYPE_II_RATIO else "type I",
                    coarse=coarse, fine=fine)
