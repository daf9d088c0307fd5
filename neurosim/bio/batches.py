"""Presets of one model in one group: their f-I curves and rheobase searches in one run.

Presets of one model share their equations and differ in parameter values.  Run together,
the values that differ are per-neuron constants of one group
(:func:`neurosim.bio.engine.run_fi_batch_runtime`), and a run pays Brian2's per-step cost
once instead of once per preset (docs/bio.md, "Several presets of one model in one run";
``benchmarks/preset_batches.py``).  :func:`fi_curves` is :func:`neurosim.bio.fi_curve` of a
batch, :func:`find_rheobases` :func:`neurosim.bio.find_rheobase`'s (default bracket,
refined); the correspondence table (:mod:`neurosim.bridge.correspondence_table`) runs one
batch per model.
"""

from __future__ import annotations

import brian2
import numpy as np
from brian2 import Quantity, amp, ms, mV, second

from neurosim import results_cache
from neurosim.bio import brian2_tools, engine, excitability, fi
from neurosim.errors import ParameterError
from neurosim.validation import check_integer, check_seed


def fi_curves(
    models,
    currents,
    *,
    duration: Quantity = 1 * second,
    dt: Quantity | None = None,
    sigma: Quantity = 0 * mV,
    n_trials: int = 1,
    seed: int | None = None,
    target: str = "numpy",
    settle: Quantity | None = None,
) -> list:
    """The f-I curves of several models of one kind in one Brian2 run: one group, one neuron
    per (model, current, trial).

    Presets of one model (e.g. the seven AdEx presets) share their equations and differ in
    parameter values: run together, the values that differ are per-neuron constants of the
    group and the run pays Brian2's per-step cost once instead of once per model (on
    Cython, also one compiled extension per code object for the whole batch).

    Parameters
    ----------
    models : sequence of neuron models
        At least one, all of one class and one set of equations (the presets of one model;
        a LIF and an AdEx cannot share a group).
    currents : sequence of Quantity (current)
        One array per model, as ``currents`` of :func:`fi_curve`.
    duration, dt, sigma, n_trials, seed, settle
        As in :func:`fi_curve`, the same for every model (``dt`` None: the models' default,
        which must be one; ``settle`` None: each model's own).
    target : {"numpy", "cython"}
        The runtime targets (a standalone binary is built per network shape: use
        :func:`fi_curve`).

    Returns
    -------
    list of FICurve
        One per model, in order.  A batch of one equals :func:`fi_curve` of that model.
        With noise, the curves of a batch share one seed (recorded in each) and draw from
        one random stream, so a curve is reproduced by rerunning its batch, not by
        :func:`fi_curve` with that seed alone.

    Notes
    -----
    The rates are those of :func:`fi_curve` (its Notes).  Without noise every neuron is
    independent, so a model's curve in a batch differs from its own run only by the
    rounding of expressions Brian2 can no longer hoist out of the loop (per-neuron instead
    of scalar constants): last digits of the spike times, measured in
    ``tests/bio/test_fi_curves.py``.
    """
    sigma = brian2_tools.check_sigma(sigma)
    models, built, dt = check_batch(models, sigma, dt)
    currents = list(currents) if not isinstance(currents, Quantity) else [currents]
    if len(currents) != len(models):
        raise ParameterError(f"currents: one array per model ({len(models)}), got "
                             f"{len(currents)}")
    currents = [fi._check_currents(c) for c in currents]
    shape = _code_shape(built[0])
    duration = brian2_tools.check_duration(duration, dt)
    n_trials = fi._check_trials(n_trials)
    seed = check_seed(seed)
    target = brian2_tools.check_target(target, runtime=True)
    n_steps = int(round(float(duration / dt)))
    duration = n_steps * dt
    if settle is None:
        settles = [fi.default_settle(m, duration) for m in models]
    else:
        settles = [fi._check_settle(settle, duration)] * len(models)
    if len(models) == 1:
        return [fi.fi_curve(models[0], currents[0], duration=duration, dt=dt, sigma=sigma,
                         n_trials=n_trials, seed=seed, target=target, settle=settles[0])]
    neurons = [np.repeat(np.asarray(c / amp, dtype=float), n_trials) * amp for c in currents]

    def simulate():
        out = engine.run_fi_batch_runtime(built, neurons, n_steps, dt, sigma, settles, seed,
                                          target)
        return dict(zip(("counts", "t_first", "t_last"), out))

    found = results_cache.cached_arrays("fi_curves", {
        "models": [type(m).__name__ for m in models],
        "params": [m.namespace() for m in models],
        "code": shape, "namespaces": [dict(b.namespace) for b in built],
        "currents": [np.asarray(n / amp, dtype=float) for n in neurons], "n_steps": n_steps,
        "dt": float(dt / second), "sigma": float(sigma / mV),
        "settle": [float(x / second) for x in settles],
        "seed": seed if sigma > 0 * mV else None,  # noise-free: the seed changes nothing
        "target": target,
    }, simulate)
    bounds = np.cumsum([0] + [len(n) for n in neurons])
    return [
        fi._summarise(c, *(found[key][a:b] for key in ("counts", "t_first", "t_last")), params,
                   duration, dt, sigma, n_trials, seed, target, "grid", settle_k)
        for c, params, settle_k, a, b in zip(currents, models, settles, bounds[:-1], bounds[1:])
    ]


def check_batch(models, sigma, dt) -> tuple:
    """``(models, their BrianModels, dt)`` of a batch: at least one model, all of one class
    and one set of equations (:func:`_code_shape`), ``dt`` within every model's limit
    (None: their common default)."""
    models = list(models)
    if not models:
        raise ParameterError("models: give at least one neuron model")
    models = [engine.check_model(m) for m in models]
    if len({type(m) for m in models}) > 1:
        raise ParameterError("models: must all be of one class, got "
                             f"{sorted({type(m).__name__ for m in models})}")
    built = [engine.fi_model(m, sigma) for m in models]
    shape = _code_shape(built[0])
    for k, model in enumerate(built[1:], start=1):
        if _code_shape(model) != shape:
            raise ParameterError(f"models: {models[k].name!r} does not share the equations "
                                 f"of {models[0].name!r}; run it on its own (fi_curve)")
    if dt is None and len({float(m.dt / second) for m in built}) > 1:
        raise ParameterError("dt: the models' default steps differ; give one")
    dt = built[0].dt if dt is None else dt
    for model in built:
        dt = engine.check_dt(dt, model)
    return models, built, dt


def _code_shape(model) -> tuple:
    """What makes two models' generated code the same text (all but parameter values)."""
    return (model.equations, model.threshold, model.reset, str(model.refractory),
            model.method, tuple(model.initial.items()), tuple(model.namespace))


def find_rheobases(models, *, points: int = 41, duration: Quantity = 500 * ms,
                   dt: Quantity | None = None, target: str = "numpy") -> list:
    """:func:`find_rheobase` (default bracket, refined) of several presets of one model, in
    two runs of one group each (:func:`neurosim.bio.fi_curves`' per-neuron parameters).

    Parameters
    ----------
    models : sequence of neuron models
        Of one class and one set of equations.
    points, duration, dt, target
        As in :func:`find_rheobase` (``dt`` None: the models' default, which must be one).

    Returns
    -------
    list of Rheobase or None
        One per model, in order; None where :func:`find_rheobase` would raise (the neuron
        fires already at 1 pA, or never repetitively up to 100 nA).  Without noise each
        model's neurons are independent: the results are :func:`find_rheobase`'s up to the
        rounding of per-neuron against scalar constants (docs/bio.md).
    """
    points = check_integer(points, "points", low=3)
    models, built, dt = check_batch(models, 0 * brian2.mV, dt)
    brian2_tools.check_duration(duration, dt)
    target = excitability._check_target(target)
    low, high = excitability.DEFAULT_BRACKET
    grid = np.geomspace(float(low / amp), float(high / amp), points) * amp
    coarse = _late_firing_batch(models, built, [grid] * len(models), duration, dt, target)
    fine_grids = []
    for c in coarse:
        try:
            onset = excitability._onset_index(c, low, high)
            fine_grids.append(excitability._fine_grid(c, onset, points))
        except ParameterError:
            fine_grids.append(None)
    # A model without an onset keeps its coarse grid in the second run, so that the group,
    # and its compiled code, stay those of the first.
    fine = _late_firing_batch(models, built, [grid if g is None else g[0] for g in fine_grids],
                              duration, dt, target)
    return [None if g is None else excitability._refined(c, f, g[1])
            for c, f, g in zip(coarse, fine, fine_grids)]


def _late_firing_batch(models, built, currents, duration, dt, target) -> list:
    n_steps = int(round(float(duration / dt)))
    if len(models) == 1:
        out = engine.run_fi_runtime(built[0], currents[0], n_steps, dt, 0 * brian2.mV,
                                    duration / 2, 0, target)
    else:
        out = engine.run_fi_batch_runtime(built, currents, n_steps, dt, 0 * brian2.mV,
                                          [duration / 2] * len(models), 0, target)
    bounds = np.cumsum([0] + [len(c) for c in currents])
    return [excitability.LateFiring(currents=c, counts=np.asarray(out[0][a:b], dtype=int),
                       t_first=np.asarray(out[1][a:b], dtype=float),
                       t_last=np.asarray(out[2][a:b], dtype=float), duration=duration, dt=dt,
                       params=m, target=target)
            for m, c, a, b in zip(models, currents, bounds[:-1], bounds[1:])]
