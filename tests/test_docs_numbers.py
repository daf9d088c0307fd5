"""Numbers in docs/ are reruns: each marked number is recomputed by the command it names.

A measured number in the docs carries a marker right after it, ``40.53 <!-- number KEY -->``
(invisible when rendered).  :data:`REGISTRY` ties ``KEY`` to the code that produces it
(the same call as the command the prose names, same seeds) and says whether it is slow.
The test fails when a quoted number drifts from what its code gives (by more than half a
unit of its last quoted digit: the precision it states), when a marker has no registry
entry, or when an entry is quoted nowhere.

Cheap entries (seconds) run in every test run; the expensive ones (seeds x trials of noisy
curves, NEST networks) carry the ``slow`` marker: the README's ``pytest`` leaves them out
(``-m "not slow"`` in pyproject.toml), ``pytest -m slow`` runs them, and ``.ci/run`` runs
both.
Seed-varying numbers are registered as the mean (or sd) over the seeds the prose names.
"""

import re
from functools import lru_cache
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ("bio.md", "network.md", "bridge.md", "performance.md", "classroom.md", "convert.md")
MARKER = re.compile(
    r"([-+]?\d+(?:\.\d+)?(?:e[-+]?\d+)?)\s*(?:%|Hz|ms)?\**\)?\s*<!-- number ([\w.]+) -->")


def _quoted():
    found = {}
    for name in DOCS:
        path = ROOT / "docs" / name
        if path.exists():
            for m in MARKER.finditer(path.read_text(encoding="utf-8")):
                found.setdefault(m.group(2), []).append((name, m.group(1)))
    return found


def _hz(q):
    from brian2 import Hz

    return float(q / Hz)


# ---- the code behind each number -------------------------------------------------------
def mean_field_ai():
    from neurosim.bio.network import brunel2000
    from neurosim.bridge import mean_field

    return _hz(mean_field(brunel2000("AI")).rate("E"))


@lru_cache(maxsize=None)
def _nest_rates(scale, seeds):
    from brian2 import second

    from neurosim.bio.network import brunel2000, simulate_network

    spec = brunel2000("AI", scale=scale)
    return np.array([_hz(simulate_network(spec, 1 * second, backend="nest", seed=s)
                         .mean_rate("E")) for s in seeds])


@lru_cache(maxsize=None)
def _paired(case, seeds, scale=0.25, duration=1.0):
    """Brian2 (cython) and NEST excitatory rates per seed, as benchmarks/engine_agreement.py."""
    import sys

    from brian2 import second

    from neurosim.bio.network import brunel2000, simulate_network

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from engine_agreement import unconnected

    spec = unconnected() if case == "unconnected" else brunel2000("AI", scale=scale)
    return np.array([[_hz(simulate_network(spec, duration * second, backend=b, target="cython",
                                           seed=s).mean_rate("E")) for b in ("brian2", "nest")]
                     for s in seeds])


def _difference(case, seeds, **kwargs):
    rates = _paired(case, tuple(seeds), **kwargs)
    return rates[:, 0] - rates[:, 1]


def _relative_pct(case, seeds, **kwargs):
    rates = _paired(case, tuple(seeds), **kwargs)
    return 100 * (rates[:, 0] / rates[:, 1] - 1)


def _nest_check(name, current):
    from neurosim.bio import compare_with_nest, load_preset

    return compare_with_nest(load_preset(name), current(load_preset(name)), target="cython")


def _hh_10():
    from brian2 import cm, uA

    return _nest_check("hh_squid", lambda p: p.current(10 * uA / cm**2))


def _adex_500():
    from brian2 import pA

    return _nest_check("adex_tonic", lambda p: 500 * pA)


@lru_cache(maxsize=1)
def _adex_tonic_750_reference():
    from tests.bio import scipy_models as ref
    from tests.bio.test_adex_dt_band import DURATION, _steady_rate

    spikes = ref.fire_and_reset(ref.adex_rhs(200, 10, -70, -50, 2, 30, 2, 750), [-70, 0],
                                DURATION, 0, lambda y: [-58, y[1]], v_switch=-40)
    return _steady_rate(spikes)


def adex_tonic_750_error_pct(dt_ms):
    """adex_tonic at 750 pA against DOP853 (tests/bio/test_adex_dt_band.py's run)."""
    from brian2 import ms

    from tests.bio.test_adex_dt_band import _error

    return 100 * _error(dt_ms * ms, _adex_tonic_750_reference())


# ---- docs/bridge.md ---------------------------------------------------------------------
def siegert_nest_value():
    # NEST's siegert_neuron test case (testsuite/pytests/test_siegert_neuron.py).
    from brian2 import Mohm, ms, mV, nA

    from neurosim.bio import LIFParams
    from neurosim.bio.theory import siegert_rate

    nest = LIFParams(tau_m=10 * ms, R_m=1 * Mohm, E_L=-70 * mV, V_th=-55 * mV, V_reset=-70 * mV,
                     t_ref=2 * ms)
    return _hz(siegert_rate(15 * nA, np.sqrt(1.5) * mV, nest))


def siegert_at_rheobase(sigma_mv):
    from brian2 import mV

    from neurosim.bio import load_preset
    from neurosim.bio.theory import siegert_rate

    p = load_preset("neuronal_dynamics")
    return _hz(siegert_rate(p.rheobase, sigma_mv * mV, p))


@lru_cache(maxsize=1)
def _brian2_example_fits():
    """Brian2's IF_curve_LIF: 1000 currents over 0-2 nA, 1 s, dt 0.1 ms (seed 0, no noise)."""
    from brian2 import ms, nA, second

    from neurosim.bio import fi_curve, lif_rate, load_preset
    from neurosim.bridge import fit_activation, rate_estimate

    p = load_preset("brian2_if_curve")
    curve = fi_curve(p, np.linspace(0, 2, 1000) * nA, duration=1 * second, dt=0.1 * ms, seed=0)
    data = {"count": curve.rates_count, "isi": rate_estimate(curve).rates,
            "closed": lif_rate(curve.currents, p)}
    return {(name, family): fit_activation(curve.currents, rates, family)
            for name, rates in data.items() for family in ("sigmoid", "relu")}


@lru_cache(maxsize=1)
def _isi_bias():
    """Pooled ISI rate and count rate where the Siegert rate is 0.3 Hz, seeds 1-8.

    ``neuronal_dynamics``, sigma 2 mV, 40 trials of 2 s, dt 0.1 ms (fi_curve's default). One
    run per seed: 8 copies of the current in one run would leave copies whose trials never
    fire twice (no ISI estimate at all), and the mean would depend on how those are counted.
    """
    from brian2 import mV, nA, second
    from scipy.optimize import brentq

    from neurosim.bio import fi_curve, load_preset
    from neurosim.bio.theory import siegert_rate

    p, sigma = load_preset("neuronal_dynamics"), 2 * mV
    rheobase = float(p.rheobase / nA)
    current = brentq(lambda i: _hz(siegert_rate(i * nA, sigma, p)) - 0.3,
                     0.01 * rheobase, 1.5 * rheobase) * nA
    curves = [fi_curve(p, current[None], sigma=sigma, n_trials=40, duration=2 * second, seed=s)
              for s in range(1, 9)]
    isi = np.array([_hz(c.rates_isi[0]) for c in curves])
    count = np.array([_hz(c.rates_count[0]) for c in curves])
    return isi.mean(), isi.std(ddof=1), count.mean()


@lru_cache(maxsize=None)
def _grid_k(dt_ms):
    """Interval shortening in steps, ``k = (1/r - 1/r_sim)/dt``, noise-free brian2_if_curve."""
    from brian2 import Hz, ms, nA, second

    from neurosim.bio import fi_curve, lif_rate, load_preset

    p = load_preset("brian2_if_curve")
    curve = fi_curve(p, np.linspace(1.05, 2, 300) * nA, duration=1 * second, dt=dt_ms * ms)
    closed, simulated = np.asarray(lif_rate(curve.currents, p) / Hz), np.asarray(curve.rates / Hz)
    k = (1 / closed - 1 / simulated) / (dt_ms * 1e-3)
    return {"min": k.min(), "max": k.max(), "mean": k.mean()}


def threshold_integration_error(what):
    """benchmarks/threshold_convergence.py's tables at the default grid, dv 0.01 mV."""
    from brian2 import Hz, mV

    from neurosim.bio import EIFParams, load_preset
    from neurosim.bio.theory import isi_cv, siegert_rate, stationary_rate
    from tests.bio.test_threshold_integration import _cv_by_quad

    dv = 0.01 * mV
    if what == "lif_rate_sigma01":  # brunel2000, 11 currents from -1 to 4 rheobases
        lif = load_preset("brunel2000")
        currents = np.linspace(-1.0, 4.0, 11) * lif.rheobase
        exact = np.asarray(siegert_rate(currents, 0.1 * mV, lif) / Hz)
        got = np.asarray(stationary_rate(lif, currents, 0.1 * mV, dv=dv) / Hz)
        alive = exact > 1e-3
        return float(np.max(np.abs(got[alive] / exact[alive] - 1)))
    if what == "lif_cv_1rh_1mV":
        lif = load_preset("brunel2000")
        exact = _cv_by_quad(float(lif.rheobase), 1e-3, lif)
        return abs(float(isi_cv(lif, lif.rheobase, 1 * mV, dv=dv)) / exact - 1)
    eif = EIFParams()  # "eif_rate_sigma2": against a grid 8 times finer, 0.5-3 rheobases
    currents = np.linspace(0.5, 3.0, 11) * (eif.V_T - eif.E_L - eif.Delta_T) / eif.R_m
    fine = np.asarray(stationary_rate(eif, currents, 2 * mV, dv=dv / 8) / Hz)
    got = np.asarray(stationary_rate(eif, currents, 2 * mV, dv=dv) / Hz)
    return float(np.max(np.abs(got[fine > 1e-3] / fine[fine > 1e-3] - 1)))


BAND_ROWS = {"nd2": ("neuronal_dynamics", 2, 0.1), "nd5": ("neuronal_dynamics", 5, 0.05),
             "b1": ("brunel2000", 1, 0.1)}


@lru_cache(maxsize=None)
def _band_row(row):
    """docs/bridge.md's band table: 11 currents 0.5-3 rheobases, 40 trials of 2 s, seeds 3-7.

    Per seed: max |sim - Siegert|, max |sim - middle of band|, median SE (Hz), and whether
    every point lies inside the band.
    """
    from brian2 import ms, mV, second

    from neurosim.bio import fi_curve, load_preset
    from neurosim.bridge import compare

    name, sigma, dt = BAND_ROWS[row]
    p = load_preset(name)
    currents = np.linspace(0.5, 3, 11) * p.rheobase
    out = []
    for seed in range(3, 8):
        c = compare(fi_curve(p, currents, sigma=sigma * mV, n_trials=40, duration=2 * second,
                             dt=dt * ms, seed=seed))
        middle = (c.band_low + c.band_high) / 2
        out.append((_hz(np.max(abs(c.simulated - c.siegert))),
                    _hz(np.max(abs(c.simulated - middle))), _hz(np.median(c.stderr)),
                    float(c.all_within)))
    return np.array(out)


def _band(row, column, stat):
    values = _band_row(row)[:, column]
    return values.mean() if stat == "mean" else values.std(ddof=1)


# ---- docs/performance.md ----------------------------------------------------------------
def workload_w_error(dt_ms, target="numpy"):
    """Workload W (benchmarks/workload.py): max |fi_curve - lif_rate| over 1000 currents."""
    from brian2 import ms, second

    from neurosim.bio import LIFParams, fi_curve, lif_rate

    p = LIFParams()
    currents = np.linspace(0, 5, 1000) * p.rheobase
    curve = fi_curve(p, currents, duration=1 * second, dt=dt_ms * ms, target=target)
    return _hz(np.max(abs(curve.rates - lif_rate(currents, p))))


# ---- docs/convert.md --------------------------------------------------------------------
@lru_cache(maxsize=1)
def _moons_seed0():
    from neurosim.bridge import conversion_experiment

    return conversion_experiment("moons", seed=0, grid=None).result


#: KEY -> (function giving the value, slow?)
REGISTRY = {
    "network.mean_field_ai": (mean_field_ai, False),
    "network.nest_scale01_mean": (lambda: _nest_rates(0.1, range(11, 19)).mean(), True),
    "network.nest_scale01_sd": (lambda: _nest_rates(0.1, range(11, 19)).std(ddof=1), True),
    # NEST's column of the paired runs: the same NEST runs as _nest_rates(0.25, seeds 11-20).
    "network.paired_nest_mean": (lambda: _paired("brunel", tuple(range(11, 21)))[:, 1].mean(),
                                 True),
    "network.paired_diff_025_mean": (lambda: _difference("brunel", range(11, 21)).mean(), True),
    "network.paired_diff_025_sd": (
        lambda: _difference("brunel", range(11, 21)).std(ddof=1), True),
    "network.paired_diff_01_mean": (
        lambda: _difference("brunel", range(11, 19), scale=0.1, duration=4.0).mean(), True),
    "network.paired_diff_01_sd": (
        lambda: _difference("brunel", range(11, 19), scale=0.1, duration=4.0).std(ddof=1), True),
    "network.unconnected_rel_mean": (
        lambda: _relative_pct("unconnected", range(11, 19)).mean(), True),
    "network.unconnected_rel_sd": (
        lambda: _relative_pct("unconnected", range(11, 19)).std(ddof=1), True),
    "bio.hh_nest_dt_error_pct": (lambda: 100 * _hh_10().dt_error, True),
    "bio.adex_nest_dt_error_pct": (lambda: 100 * _adex_500().dt_error, True),
    "bio.adex_tonic_750_default_pct": (lambda: adex_tonic_750_error_pct(0.01), False),
    "bio.adex_tonic_750_max_dt_pct": (lambda: adex_tonic_750_error_pct(0.1), False),
    "bridge.siegert_nest_value": (siegert_nest_value, False),
    "bridge.siegert_rheobase_sigma_1em3": (lambda: siegert_at_rheobase(1e-3), False),
    "bridge.siegert_rheobase_sigma_1em100": (lambda: siegert_at_rheobase(1e-100), False),
    **{f"bridge.if_curve_{data}_{family}_r2": (
        lambda data=data, family=family: _brian2_example_fits()[data, family].r2, False)
       for data in ("count", "isi", "closed") for family in ("sigmoid", "relu")},
    "bridge.if_curve_sigmoid_ceiling": (
        lambda: _hz(_brian2_example_fits()["isi", "sigmoid"].values["r_max"]), False),
    "bridge.if_curve_relu_threshold": (
        lambda: float(_brian2_example_fits()["isi", "relu"].values["I_0"] / 1e-9), False),
    **{f"bridge.grid_k_{name}_{stat}": (lambda dt=dt, stat=stat: _grid_k(dt)[stat], False)
       for name, dt in (("dt01", 0.1), ("dt003", 0.03), ("dt007", 0.07))
       for stat in ("min", "max", "mean") if stat != "mean" or name == "dt01"},
    **{f"bridge.threshold_{what}": (lambda what=what: threshold_integration_error(what), False)
       for what in ("lif_rate_sigma01", "lif_cv_1rh_1mV", "eif_rate_sigma2")},
    "bridge.isi_bias_mean": (lambda: _isi_bias()[0], True),
    "bridge.isi_bias_sd": (lambda: _isi_bias()[1], True),
    "bridge.isi_bias_count": (lambda: _isi_bias()[2], True),
    **{f"bridge.band_{row}_{what}_{stat}": (
        lambda row=row, column=column, stat=stat: _band(row, column, stat), True)
       for row in BAND_ROWS for column, what in enumerate(("siegert", "middle", "se"))
       for stat in ("mean", "sd") if (what, stat) != ("se", "sd")},
    "convert.moons0_ann_pct": (lambda: 100 * _moons_seed0().ann_accuracy, True),
    "convert.moons0_snn_pct": (lambda: 100 * _moons_seed0().snn_accuracy, True),
    "convert.moons0_agreement_pct": (lambda: 100 * _moons_seed0().agreement, True),
    "convert.moons0_correlation": (lambda: _moons_seed0().correlation[0], True),
    "performance.w_error_dt01": (lambda: workload_w_error(0.1), False),
    "performance.w_error_dt001": (lambda: workload_w_error(0.01, "cython"), True),
}


def _precision(text):
    """Half a unit of the last quoted digit: ``"0.532"`` -> 5e-4, ``"2.5e-07"`` -> 5e-9."""
    mantissa, _, exponent = text.lower().partition("e")
    decimals = len(mantissa.partition(".")[2])
    return 0.5 * 10.0 ** (int(exponent or 0) - decimals)


def test_every_marker_is_registered_and_every_entry_is_quoted():
    quoted = _quoted()
    assert sorted(set(quoted) - set(REGISTRY)) == []
    assert sorted(set(REGISTRY) - set(quoted)) == []


def _check(key):
    compute, _ = REGISTRY[key]
    value = compute()
    for doc, text in _quoted()[key]:
        assert abs(value - float(text)) <= _precision(text) + 1e-12, (
            f"docs/{doc} quotes {text} for {key}; its code gives {value:.6g}")


@pytest.mark.parametrize("key", [k for k, (_, slow) in REGISTRY.items() if not slow])
def test_cheap_numbers_reproduce(key):
    _check(key)


#: Entries whose code runs NEST (skipped, with the reason, where it is not installed).
NEEDS_NEST = {"network.nest_scale01_mean", "network.nest_scale01_sd", "network.paired_nest_mean",
              "bio.hh_nest_dt_error_pct", "bio.adex_nest_dt_error_pct"}


#: Slow entries computed from one cached run set (``_paired``, ``_nest_rates``): each set's
#: tests run on one xdist worker (``shares``, tests/conftest.py), so it is computed once.
SHARES = {
    "network.paired_nest_mean": "paired-brunel-0.25",
    "network.paired_diff_025_mean": "paired-brunel-0.25",
    "network.paired_diff_025_sd": "paired-brunel-0.25",
    "network.paired_diff_01_mean": "paired-brunel-0.1",
    "network.paired_diff_01_sd": "paired-brunel-0.1",
    "network.unconnected_rel_mean": "paired-unconnected",
    "network.unconnected_rel_sd": "paired-unconnected",
    "network.nest_scale01_mean": "nest-scale-0.1",
    "network.nest_scale01_sd": "nest-scale-0.1",
}


def _slow_param(key):
    marks = [pytest.mark.shares(SHARES[key])] if key in SHARES else []
    return pytest.param(key, marks=marks, id=key)


@pytest.mark.slow
@pytest.mark.parametrize("key", [_slow_param(k) for k, (_, slow) in REGISTRY.items() if slow])
def test_slow_numbers_reproduce(key):
    if key in NEEDS_NEST:
        pytest.importorskip("nest", reason="NEST is not installed: pip install nest-simulator")
    _check(key)


def test_a_drifted_number_fails():
    # The check itself can fail: a quote one unit off in its last digit is refused.
    assert abs(37.949697 - 37.96) > _precision("37.96")
    assert abs(37.949697 - 37.95) <= _precision("37.95")
    assert _precision("2.5e-07") == pytest.approx(5e-9) and _precision("3") == 0.5
    assert MARKER.search("2.5e-07 <!-- number a.b -->").group(1) == "2.5e-07"
