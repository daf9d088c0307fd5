"""Which activation function is this neuron?  Every family fitted to every cell type.

:func:`correspondence` simulates the f-I curve of each preset (noise-free and with noise),
fits every activation family to it (:func:`neurosim.bridge.fit_all`) and collects a
cell-type x family matrix of R**2 and delta-AICc, with one ranked sentence per cell type
giving its biological reading.

References
----------
Burnham, K. P. & Anderson, D. R. (2002). *Model Selection and Multimodel Inference*, 2nd
ed., Springer, sections 2.4 (AICc) and 2.6 (delta-AIC above ~10: no support).

Hodgkin, A. L. (1948). The local electric changes associated with repetitive action in a
non-medullated axon. *J. Physiol.* 107, 165-181 (type I and type II excitability).

Ermentrout, B. (1998). Linearization of F-I curves by adaptation. *Neural Comput.* 10,
1721-1729.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass

import numpy as np
from brian2 import Hz, Quantity, amp, ms, mV, nA, second

from neurosim import results_cache
from neurosim.bio import brian2_tools, engine, list_presets, load_preset
from neurosim.bio.batches import fi_curves, find_rheobases
from neurosim.bio.excitability import find_rheobase
from neurosim.bio.theory import has_lif_theory
from neurosim.bridge.fit_families import FAMILIES
from neurosim.bridge.fitting import fit_all
from neurosim.errors import ParameterError
from neurosim.provenance import Result
from neurosim.units import check_quantity

__all__ = [
    "Correspondence",
    "correspondence",
    "correspondence_record",
    "ONSET_JUMP",
    "DEFAULT_SIGMA",
]

#: Noise of the noisy column of the table (a voltage: comparable across models).
DEFAULT_SIGMA = 2 * mV

#: Rate at the rheobase / rate at twice the rheobase above which the onset is a
#: jump (type II excitability, Hodgkin 1948) rather than a continuous rise from 0 Hz (type I);
#: the criterion of ``neurosim.bio.excitability`` (its ``TYPE_II_RATIO``).
ONSET_JUMP = 0.4

#: The fitted range is ``[0, RANGE_FACTOR x rheobase]``.
RANGE_FACTOR = 3.0

#: Currents per curve of the full table (the demo's and ``neurosim fit --preset all``'s).
TABLE_POINTS = 25



def _aicc(fit) -> float:
    """``AICc = AIC + 2k(k + 1)/(n - k - 1)`` (Burnham & Anderson 2002, Eq. 2.2)."""
    if hasattr(fit, "aicc"):
        return float(fit.aicc)
    n, k = fit.n_points, fit.n_params
    return float(fit.aic + 2 * k * (k + 1) / (n - k - 1)) if n - k - 1 > 0 else float("inf")


@dataclass(frozen=True, eq=False)
class Correspondence(Result):
    """Cell types x activation families (see :func:`correspondence`).

    Attributes
    ----------
    presets : tuple of str
    families : tuple of str
    sigmas : Quantity (voltage), shape (s,)
    r2 : ndarray, shape (presets, s, families)
        Coefficient of determination (NaN where the fit failed).
    delta_aicc : ndarray, same shape
        AICc minus the best AICc of that cell type and noise level (0: the best).
    onset_jump : ndarray, shape (presets,)
        Rate at the rheobase over the rate at twice it, the rheobase refined by
        :func:`neurosim.bio.excitability.find_rheobase` (above :data:`ONSET_JUMP`: type II).
    rheobase : Quantity (current), shape (presets,)
    curves : dict of (preset, sigma index) -> FICurve
    fits : dict of (preset, sigma index) -> list of FitResult (ranked)
    readings : dict of preset -> str
        The ranked sentence with the biological reading.
    settings : dict
    """

    presets: tuple
    families: tuple
    sigmas: Quantity
    r2: np.ndarray
    delta_aicc: np.ndarray
    onset_jump: np.ndarray
    rheobase: Quantity
    curves: dict
    fits: dict
    readings: dict
    settings: dict

    def best(self, preset: str, sigma_index: int = 0) -> str:
        """The family with the lowest AICc for one cell type and noise level."""
        row = self.delta_aicc[self.presets.index(preset), sigma_index]
        return self.families[int(np.nanargmin(np.where(np.isfinite(row), row, np.nan)))]

    def summary(self) -> dict:
        """Per preset and noise level (``"name @ sigma mV"``): the best family, its R^2 and the
        excitability reading (JSON-ready)."""
        out = {}
        for i, preset in enumerate(self.presets):
            for s, sigma in enumerate(self.sigmas):
                best = self.best(preset, s)
                out[f"{preset} @ {float(sigma / mV):g} mV"] = {
                    "best": best, "r2": float(self.r2[i, s, self.families.index(best)]),
                    "onset_jump": float(self.onset_jump[i]),
                    "rheobase_nA": float(self.rheobase[i] / nA)}
        return out

    def rows(self) -> list[dict]:
        """One row per (preset, sigma, family): the long form, for CSV."""
        out = []
        for i, preset in enumerate(self.presets):
            for s, sigma in enumerate(self.sigmas):
                for f, family in enumerate(self.families):
                    out.append(
                        {
                            "preset": preset,
                            "sigma_mV": float(sigma / mV),
                            "family": family,
                            "r2": float(self.r2[i, s, f]),
                            "delta_aicc": float(self.delta_aicc[i, s, f]),
                        }
                    )
        return out


def _rheobase(params, target: str, dt=None) -> tuple:
    """The rheobase (A) and the onset ratio (rate at the rheobase over the rate at twice it;
    nan where there is no onset to classify) from
    :func:`neurosim.bio.excitability.find_rheobase` (its default bracket, refined; 500 ms
    from rest).

    Kept in the results cache when it is in use (:mod:`neurosim.results_cache`), keyed by
    the model, its parameters, the target and the time step (None: the model's default).
    """
    key = {"model": type(params).__name__, "params": params.namespace(), "target": target}
    if dt is not None:  # the default step's key stays as it was (entries already cached)
        key["dt"] = float(dt / second)
    found = results_cache.cached_arrays(
        "rheobase", key, lambda: {"found": np.array(_measure_rheobase(params, target, dt))})
    rheobase, ratio = (float(x) for x in found["found"])
    return rheobase * amp, ratio


def _measure_rheobase(params, target: str, dt=None) -> tuple:
    try:
        found = find_rheobase(params, target=target, dt=dt)
    except ParameterError:  # fires without input, or never repetitively: nothing to measure
        return float("nan"), float("nan")
    return float(found.current / amp), float(found.onset_ratio)


def _reading(preset, params, families, r2, daicc, jump, sigmas) -> str:
    """A ranked sentence per cell type: the order of the families and why (from the measured
    onset jump, the model's adaptation and the winning families)."""

    def order(s):
        return [
            f
            for f in np.argsort(np.where(np.isfinite(daicc[s]), daicc[s], np.inf))
            if np.isfinite(daicc[s][f])
        ]

    def ranked(s):
        return ", ".join(
            f"{families[f]} (R^2 {r2[s][f]:.3f}, dAICc {daicc[s][f]:.0f})" for f in order(s)[:3]
        )

    best = families[order(0)[0]] if order(0) else "none"
    text = f"{preset}: noise-free {ranked(0)}"
    if len(sigmas) > 1:
        text += f"; with sigma = {float(sigmas[-1] / mV):g} mV {ranked(len(sigmas) - 1)}"
    bursts = np.isfinite(jump) and jump > 1.0
    if not np.isfinite(jump):
        why = ("no onset of repetitive firing was found (the neuron fires without input, or "
               "only transiently), so its excitability class is not read")
    elif bursts:
        why = (f"it fires in bursts (onset ratio {jump:.1f}: the first intervals are "
               "intra-burst ones), so the onset says nothing about its class; its "
               f"steady-state rate is best read as {best}")
    elif jump > ONSET_JUMP:
        why = (f"firing starts at {100 * jump:.0f}% of the rate at twice the onset current "
               "(type II excitability, a jump): a step, read as a steep sigmoid")
    elif params.adapting:
        why = (
            "an adaptation current (w of the AdEx, u of the Izhikevich model) grows with the "
            "rate and feeds it back negatively, which straightens the curve: a threshold, "
            "then linear, i.e. ReLU"
        )
    elif best == "sigmoid" and params.rate_ceiling is not None:
        why = (
            "the rate rises continuously from 0 Hz (type I), then bends towards its "
            f"refractory ceiling (1/t_ref = {float(params.rate_ceiling / Hz):.0f} Hz), which "
            "the sigmoid's saturation captures"
        )
    elif best == "sigmoid":
        why = (
            "the rate rises continuously from 0 Hz (type I), steeply at first and then "
            "ever more slowly (no refractory period: the dynamics alone bend it), which the "
            "sigmoid's saturation captures over this range"
        )
    else:
        why = (
            "the rate rises continuously from 0 Hz (type I) and then almost linearly: "
            "a threshold-linear unit, ReLU (softplus when rounded)"
        )
    if len(sigmas) > 1 and order(len(sigmas) - 1):
        noisy_best = families[order(len(sigmas) - 1)[0]]
        if noisy_best == "softplus":
            why += "; noise rounds the threshold into a softplus"
        elif noisy_best == best:
            why += f"; with noise {best} stays best"
        else:
            why += f"; with noise {noisy_best} fits best"
    return f"{text}. Reading: {why}."


def correspondence(
    presets=None,
    *,
    sigmas=(0 * mV, DEFAULT_SIGMA),
    points: int = TABLE_POINTS,
    duration=1 * second,
    n_trials: int = 5,
    seed: int = 0,
    target: str = "numpy",
    families=None,
    dt=None,
) -> Correspondence:
    """Fit every activation family to every cell type's f-I curve, with and without noise.

    Parameters
    ----------
    presets : sequence of str or neuron models, optional
        Preset names (default: all of :func:`neurosim.bio.list_presets`), or parameter
        objects (labelled by their ``name``).
    sigmas : sequence of Quantity (voltage)
        Noise levels; the first should be 0 mV (the reading uses the first and the last).
    points : int
        Currents per curve, evenly spaced on ``[0, 3 x rheobase]`` (the model's closed-form
        rheobase where it has one, else the one :func:`neurosim.bio.find_rheobase`
        measures, refined to better than 1%).
    duration, n_trials, seed
        As in :func:`neurosim.bio.fi_curve` (noise-free curves use one trial); each model
        runs at its own default time step.  Spikes in the first third of ``duration`` are
        not counted (``settle``): the table ranks steady-state curves, without the onset
        spike a type II neuron fires below its repetitive threshold or the fast start of
        an adapting one.
    target : {"numpy", "cython", "auto"}
        ``"auto"``: numpy for LIF presets, cython for the others when Cython is installed
        (conductance-based models at dt 0.01 ms run much faster compiled: docs/performance.md).
    families : sequence of str, optional
        Default: every family of :data:`neurosim.bridge.FAMILIES` but ``"lif"`` (the LIF's own
        rate curve is a neuron model, not an activation function: it fits LIF cells
        exactly and would sit at delta-AICc 0 in every LIF row).
    dt : Quantity (time), optional
        None (default): each model at its own default time step.  A step: each model at this
        one, or at its ``max_dt`` where that is smaller
        (:func:`neurosim.bio.engine.dt_at_most`; the demo's ``--quick`` runs at 0.1 ms).
        The rheobase uses the noise-free curve's step.  Recorded in ``settings["dt_ms"]``
        (per cell type, per noise level) when given.

    Returns
    -------
    Correspondence

    Notes
    -----
    ``delta_aicc`` ranks families within one cell type and noise level: AICc (the AIC with
    the small-sample correction ``2k(k+1)/(n-k-1)``) charges each parameter, so a family
    only wins by fitting better than its extra parameters explain.  Values above ~10 mean
    no support.  R**2 says how much of the curve's variance a family captures at all.
    """
    models = list(list_presets() if presets is None else presets)
    models = [load_preset(m) if isinstance(m, str) else m for m in models]
    names = tuple(getattr(m, "name", type(m).__name__) for m in models)
    if len(set(names)) != len(names):
        raise ParameterError(f"presets: names must be unique, got {list(names)}")
    families = tuple(f for f in FAMILIES if f != "lif") if families is None else tuple(families)
    for family in families:
        if family not in FAMILIES:
            raise ParameterError(
                f"families: unknown name {family!r}; families: {', '.join(FAMILIES)}"
            )
    sigma_list = [check_quantity(s, "sigmas", mV) for s in sigmas]
    if not sigma_list or float(sigma_list[0] / mV) != 0:
        raise ParameterError(
            f"sigmas: the first must be 0 mV (the noise-free column), got {sigmas}"
        )
    if not (isinstance(points, int) and points >= 8):
        raise ParameterError(f"points: must be an integer >= 8, got {points!r}")
    shape = (len(names), len(sigma_list), len(families))
    r2, daicc = np.full(shape, np.nan), np.full(shape, np.nan)
    jumps, rheobases = np.zeros(len(names)), np.zeros(len(names))
    curves, fits, readings = {}, {}, {}
    # Per cell type and noise level (with noise some models allow less: their max_dt).
    steps = [[engine.fi_model(params, sigma).dt if dt is None
              else engine.dt_at_most(engine.fi_model(params, sigma), dt)
              for sigma in sigma_list] for params in models]
    targets = [brian2_tools.resolve_target(target, params, runtime=True) for params in models]
    # The rheobase search runs at the model's default step unless one is given (its cache key).
    jobs = [(list(group), [models[i] for i in group], families, sigma_list, points,
             duration, n_trials, seed, targets[group[0]], results_cache.enabled(),
             steps[group[0]], None if dt is None else steps[group[0]][0])
            for group in _batches(models, steps, targets)]
    outcomes = {}
    for job, results in zip(jobs, _run_cells(jobs)):
        outcomes.update(zip(job[0], results))
    for i, (name, params) in enumerate(zip(names, models)):
        rheobases[i], cell_curves, cell_fits, r2[i], daicc[i], jumps[i] = outcomes[i]
        for s in range(len(sigma_list)):
            curves[name, s], fits[name, s] = cell_curves[s], cell_fits[s]
        readings[name] = _reading(name, params, families, r2[i], daicc[i], jumps[i], sigma_list)
    settings = {
        "presets": list(names),
        "families": list(families),
        "sigmas_mV": [float(s / mV) for s in sigma_list],
        "points": points,
        "range": f"0 to {RANGE_FACTOR:g} x rheobase",
        "duration_s": float(duration / second),
        "n_trials": n_trials,
        "seed": seed,
        "target": target,
    }
    if dt is not None:  # recorded only when given, so that the default table's stays as it was
        settings["dt_ms"] = {name: [float(x / ms) for x in step]
                             for name, step in zip(names, steps)}
    return Correspondence(
        presets=names,
        families=families,
        sigmas=np.array([float(s / mV) for s in sigma_list]) * mV,
        r2=r2,
        delta_aicc=daicc,
        onset_jump=jumps,
        rheobase=rheobases * amp,
        curves=curves,
        fits=fits,
        readings=readings,
        settings=settings,
    )


def correspondence_record(table: Correspondence) -> dict:
    """The table as JSON-ready data: settings, matrices, best family and reading per cell type."""
    return {
        "settings": table.settings,
        "presets": list(table.presets),
        "families": list(table.families),
        "sigmas_mV": [float(s / mV) for s in table.sigmas],
        "r2": np.where(np.isfinite(table.r2), table.r2, None).tolist(),
        "delta_aicc": np.where(np.isfinite(table.delta_aicc), table.delta_aicc, None).tolist(),
        "rheobase_nA": [float(r / nA) for r in table.rheobase],
        "onset_jump": table.onset_jump.tolist(),
        "best": {p: [table.best(p, s) for s in range(len(table.sigmas))] for p in table.presets},
        "readings": dict(table.readings),
        "curve_seeds": {
            f"{p}@{float(table.sigmas[s] / mV):g}mV": c.seed for (p, s), c in table.curves.items()
        },
    }


#: Worker processes of :func:`correspondence` (the batches are independent runs).
PROCESSES = 2


def _batches(models, steps, targets) -> list:
    """The indices of the cell types that run in one group (:func:`neurosim.bio.fi_curves`):
    the presets of one model, with one code, time steps and target; in table order."""
    from neurosim.bio.batches import _code_shape

    keyed = {}
    for i, params in enumerate(models):
        key = (type(params), _code_shape(params.brian_model()),
               _code_shape(params.brian_model(noisy=True)),
               tuple(float(x / second) for x in steps[i]), targets[i])
        keyed.setdefault(key, []).append(i)
    return list(keyed.values())


def _run_cells(jobs) -> list:
    """:func:`_one_batch` of every job: with the results cache in use, first here every batch
    whose simulations are all cached (starting workers costs more than reading them),
    then the others in :data:`PROCESSES` processes when there are several cores and
    batches (each batch is seeded by its first cell type's index, so the results equal
    those of a serial run; the workers: :func:`neurosim.workers.worker_pool`)."""
    done = {}
    if results_cache.enabled():
        with results_cache.only_cached():
            for k, job in enumerate(jobs):
                try:
                    done[k] = _one_batch(job)
                except results_cache.CacheMiss:
                    continue
    computed = iter(_run_in_processes([job for k, job in enumerate(jobs) if k not in done]))
    return [done[k] if k in done else next(computed) for k in range(len(jobs))]


def _run_in_processes(jobs) -> list:
    from neurosim.workers import worker_pool

    # One process (one core, one job, or inside a worker): worker_pool runs the jobs here.
    with worker_pool(min(PROCESSES, os.cpu_count() or 1, len(jobs))) as pool:
        return pool.map(_one_batch, jobs)


def _one_batch(job) -> list:
    """The cell types of one batch: per cell type the rheobase (A; the closed form where the
    model has one, else measured), then the curves of all of them per noise level in one
    run (:func:`neurosim.bio.fi_curves`), the fits, R^2 and delta-AICc rows, onset jump."""
    indices, models, families, sigma_list, points, duration, n_trials, seed, target, cache, \
        dts, search_dt = job
    with results_cache.using_cache(cache):
        found = [_current_range(params, rheobase, jump, points)
                 for params, (rheobase, jump) in zip(models, _rheobases(models, target,
                                                                         search_dt))]
        r2 = np.full((len(models), len(sigma_list), len(families)), np.nan)
        daicc = np.full_like(r2, np.nan)
        curves, fits = [[] for _ in models], [[] for _ in models]
        for s, sigma in enumerate(sigma_list):
            noisy = float(sigma / mV) > 0
            batch = fi_curves(models, [currents for _, _, currents in found], duration=duration,
                              sigma=sigma, n_trials=n_trials if noisy else 1,
                              seed=seed + 1000 * indices[0] + s, target=target,
                              settle=duration / 3, dt=dts[s])
            for k, (params, curve) in enumerate(zip(models, batch)):
                # The fits' biological reading compares with the LIF's closed-form rheobase
                # and t_ref; other models have none, so they are fitted as curves without a
                # model.
                lif = has_lif_theory(params)
                results = fit_all(curve if lif else dataclasses.replace(curve, params=None),
                                  families)
                curves[k].append(curve)
                fits[k].append(results)
                by_name = {r.family: r for r in results}
                aiccs = np.array(
                    [_aicc(by_name[f]) if by_name[f].success else np.inf for f in families]
                )
                best = np.min(aiccs)
                for f, family in enumerate(families):
                    if by_name[family].success:
                        r2[k, s, f] = by_name[family].r2
                        daicc[k, s, f] = aiccs[f] - best
    return [(float(rheobase / amp), curves[k], fits[k], r2[k], daicc[k], jump)
            for k, (rheobase, jump, _) in enumerate(found)]


def _current_range(params, measured, jump, points: int) -> tuple:
    """``(rheobase, onset jump, currents)``: the currents, evenly spaced on
    ``[0, RANGE_FACTOR x rheobase]``, of one cell type's curves (the closed-form rheobase
    where the model has one, else the ``measured`` one)."""
    closed = params.closed_form_rheobase()
    rheobase = measured if closed is None else closed
    if not np.isfinite(float(rheobase / amp)):
        raise ParameterError(f"presets: {params.name} fires at no constant current from "
                             "1 pA to 100 nA (or already at 1 pA): no range to fit")
    return rheobase, jump, np.linspace(0.0, RANGE_FACTOR, points) * rheobase


def _rheobases(models, target: str, dt=None) -> list:
    """``(rheobase, onset ratio)`` per model of a batch: :func:`_rheobase` for one model,
    else one search of the whole batch (:func:`neurosim.bio.find_rheobases`), kept in the
    results cache under every model of the batch (a batch rounds differently from a run of
    one model alone, so it is another result)."""
    if len(models) == 1:
        return [_rheobase(models[0], target, dt)]
    key = {"models": [type(m).__name__ for m in models],
           "params": [m.namespace() for m in models], "target": target}
    if dt is not None:
        key["dt"] = float(dt / second)

    def measure():
        found = find_rheobases(models, target=target, dt=dt)
        return {"found": np.array([(np.nan, np.nan) if r is None else
                                   (float(r.current / amp), float(r.onset_ratio))
                                   for r in found])}

    rows = results_cache.cached_arrays("rheobases", key, measure)["found"]
    return [(float(current) * amp, float(ratio)) for current, ratio in rows]
