"""The benchmark script runs end to end at tiny sizes (speed itself is never tested)."""

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_benchmark_smoke_run_prints_the_table_and_writes_json(tmp_path):
    result = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--smoke", "--out", str(tmp_path)],
                            capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "| neurosim fi_curve, numpy, warm |" in result.stdout
    record = json.loads((tmp_path / "smoke-latest.json").read_text())
    rows = {row["name"]: row for row in record["rows"]}
    for name in ("neurosim fi_curve, numpy, warm", "hand Brian2, one group, numpy, warm",
                 "hand numpy, vectorised over neurons, loop over steps",
                 "Python loop, one Brian2 run per current, numpy",
                 "neurosim, exact spike timing, dt 0.1 ms, numpy"):
        assert rows[name]["seconds"] > 0, name
        assert math.isfinite(rows[name]["max_error_hz"]), name
    # Workload H (Hodgkin-Huxley): the hand-written group and the extrapolated loop
    assert rows["hand Brian2 HH, one group, numpy, warm"]["seconds"] > 0
    assert rows["Python loop HH, one Brian2 run per current, numpy"]["status"] == "extrapolated"
    # Every implementation of W answers the same question: the closed-form rate.
    assert rows["neurosim, exact spike timing, dt 0.1 ms, numpy"]["max_error_hz"] < 1e-6
    assert rows["hand numpy, vectorised over neurons, loop over steps"]["max_error_hz"] < 10
    assert record["machine"]["versions"]["brian2"].startswith("2.9")
