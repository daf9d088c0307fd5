"""Numbers in docs/ are reruns: each marked number is recomputed by the command it names.

A measured number in the docs carries a marker right after it, ``40.53 <!-- number KEY -->``
(invisible when rendered).  :data:`REGISTRY` ties ``KEY`` to the code that produces it
(the same call as the command the prose names, same seeds) and says whether it is slow.
The test fails when a quoted number drifts from what its code gives (by more than half a
unit of its last quoted digit: the precision it states), when a marker has no registry
entry, or when an entry is quoted nowhere.
"""

import re
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ("bio.md", "network.md", "bridge.md", "performance.md", "classroom.md")
MARKER = re.compile(r"([-+]?\d+(?:\.\d+)?)\s*(?:%|Hz|ms)?\**\)?\s*<!-- number ([\w.]+) -->")


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


def _nest_rates(scale, seeds):
    from brian2 import second

    from neurosim.bio.network import brunel2000, simulate_network

    spec = brunel2000("AI", scale=scale)
    return np.array([_hz(simulate_network(spec, 1 * second, backend="nest", seed=s)
                         .mean_rate("E")) for s in seeds])


def _nest_check(name, current):
    from neurosim.bio import compare_with_nest, load_preset

    return compare_with_nest(load_preset(name), current(load_preset(name)), target="cython")


def _hh_10():
    from brian2 import cm, uA

    return _nest_check("hh_squid", lambda p: p.current(10 * uA / cm**2))


def _adex_500():
    from brian2 import pA

    return _nest_check("adex_tonic", lambda p: 500 * pA)


#: KEY -> (function giving the value, slow?)
REGISTRY = {
    "network.mean_field_ai": (mean_field_ai, False),
    "network.nest_scale01_mean": (lambda: _nest_rates(0.1, range(11, 19)).mean(), True),
    "network.nest_scale01_sd": (lambda: _nest_rates(0.1, range(11, 19)).std(ddof=1), True),
    "network.paired_nest_mean": (lambda: _nest_rates(0.25, range(11, 21)).mean(), True),
    "bio.hh_nest_dt_error_pct": (lambda: 100 * _hh_10().dt_error, True),
    "bio.adex_nest_dt_error_pct": (lambda: 100 * _adex_500().dt_error, True),
}


def _precision(text):
    decimals = len(text.partition(".")[2])
    return 0.5 * 10.0**-decimals


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


@pytest.mark.slow
@pytest.mark.parametrize("key", [k for k, (_, slow) in REGISTRY.items() if slow])
def test_slow_numbers_reproduce(key):
    pytest.importorskip("nest", reason="NEST is not installed: pip install nest-simulator")
    _check(key)


def test_a_drifted_number_fails():
    # The check itself can fail: a quote one unit off in its last digit is refused.
    assert abs(37.949697 - 37.96) > _precision("37.96")
    assert abs(37.949697 - 37.95) <= _precision("37.95")
