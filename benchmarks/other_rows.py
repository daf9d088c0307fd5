"""The other workloads of the benchmark: Siegert rates, fit_all, MLP training, the demo."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import numpy as np
import workload as wl
from benchlib import Row, log, measure, run_command

SIEGERT = "Siegert rate"
FITS = "fit_all"
ANN = "MLP training"
DEMO = "neurosim demo"


def _unavailable(section, name, err) -> Row:
    note = f"not available in this tree ({type(err).__name__}: {err}); rerun when it lands"
    log(f"  {name}: {note}")
    return Row(section, name, note=note, status="unavailable")


def siegert_row(work: wl.Workload, repeats: int, n_side: int) -> Row:
    name = f"siegert_rate, {n_side * n_side} (current, sigma) pairs"
    try:
        from neurosim.bio.theory import siegert_rate
    except ImportError as err:
        return _unavailable(SIEGERT, name, err)
    from brian2 import Hz, amp, mV

    log(f"  {name}")
    currents = work.currents_amp()[np.linspace(0, work.n_currents - 1, n_side).round().astype(int)] * amp
    sigmas = np.linspace(0.5, 10.0, n_side) * mV
    grid_i, grid_s = currents[:, None], sigmas[None, :]
    timing, rates = measure(lambda: siegert_rate(grid_i, grid_s, work.params), repeats=repeats)
    rates = np.asarray(rates / Hz)
    return Row(SIEGERT, name, seconds=timing.median, timing=timing.as_dict(),
               note=f"currents 0..{work.max_multiple:g}x rheobase x sigma 0.5..10 mV, broadcast; "
                    f"all finite: {bool(np.all(np.isfinite(rates)))}",
               extra={"pairs": int(rates.size)})


MEAN_FIELD = "mean field"


def mean_field_row(repeats: int) -> Row:
    """``mean_field(brunel2000("AI"))`` computed (results cache off): 401 scanned rates, the
    E rate solved by 60 bisections at each, Brent's refinement and the Jacobian."""
    name = 'mean_field(brunel2000("AI")), uncached'
    from brian2 import Hz

    from neurosim import results_cache
    from neurosim.bio.network import brunel2000
    from neurosim.bridge import mean_field

    log(f"  {name}")
    spec = brunel2000("AI")

    def run():
        with results_cache.using_cache(False):
            return mean_field(spec)

    timing, found = measure(run, repeats=repeats)
    return Row(MEAN_FIELD, name, seconds=timing.median, timing=timing.as_dict(),
               note=f"rate {float(found.rate('E') / Hz):.6f} Hz; the demo's network step "
                    "computes 23 of these")


def fit_all_row(work: wl.Workload, repeats: int) -> Row:
    name = f"fit_all on {work.n_currents} points"
    try:
        from neurosim.bridge import fit_all
    except ImportError as err:
        return _unavailable(FITS, name, err)
    log(f"  {name}")
    curve = wl.neurosim_curve(work, "numpy")  # not timed: the curve is the input
    timing, results = measure(lambda: fit_all(curve), repeats=repeats)
    best = results[0]
    ok = sum(r.success for r in results)
    return Row(FITS, name, seconds=timing.median, timing=timing.as_dict(),
               note=f"{len(results)} families ({ok} converged); best: {best.family} (R^2 {best.r2:.5f})",
               extra={"best": best.family, "families": [r.family for r in results]})


def mlp_rows(repeats: int, smoke: bool) -> list[Row]:
    try:
        from neurosim.ann import MLP, datasets
        from neurosim.ann.mlp import WORKING_XOR_SETTINGS
    except ImportError as err:
        return [_unavailable(ANN, "MLP", err)]
    rows = []
    epochs = 200 if smoke else WORKING_XOR_SETTINGS["epochs"]
    settings = {**WORKING_XOR_SETTINGS, "epochs": epochs}
    X, y = datasets.xor()
    log(f"  MLP on XOR, {epochs} epochs")
    timing, model = measure(lambda: MLP(**settings, seed=0).fit(X, y), repeats=repeats)
    rows.append(Row(ANN, f"MLP 2-4-1 sigmoid on XOR, {epochs} epochs, full batch", seconds=timing.median,
                    timing=timing.as_dict(),
                    note=f"lr 0.5, MSE; accuracy {model.score(X, y):.2f}, final loss {model.loss_:.2g}"))
    epochs = 50 if smoke else 1000
    X, y = datasets.moons(200, noise=0.1, seed=0)
    log(f"  MLP on moons, {epochs} epochs")
    timing, model = measure(lambda: MLP([2, 8, 1], activation="tanh", loss="bce", learning_rate=0.1,
                                        epochs=epochs, batch_size=16, momentum=0.9, seed=0).fit(X, y),
                            repeats=repeats)
    rows.append(Row(ANN, f"MLP 2-8-1 tanh on moons (200 points), {epochs} epochs, batches of 16",
                    seconds=timing.median, timing=timing.as_dict(),
                    note=f"BCE, momentum 0.9; accuracy {model.score(X, y):.3f}"))
    return rows


def _cold_environment(folder: Path) -> dict:
    """Fresh caches: standalone projects, matplotlib's font cache, Brian2's Cython cache."""
    (folder / "brian_preferences").write_text(
        f"[codegen.runtime.cython]\ncache_dir = {str(folder / 'cython')!r}\n")
    # Not "neurosim": the commands run with this folder as their working directory, and a
    # folder named like the package there would shadow an editable install's neurosim (as
    # a namespace package) from the second run on.
    return {"NEUROSIM_CACHE": str(folder / "neurosim-cache"),
            "MPLCONFIGDIR": str(folder / "matplotlib")}


def demo_rows(tmp: Path) -> list[Row]:
    rows = []
    for quick in (True, False):
        label = "neurosim demo --quick" if quick else "neurosim demo"
        folder = Path(tempfile.mkdtemp(prefix="demo-", dir=tmp))
        env = _cold_environment(folder)
        for state in ("cold", "warm"):
            log(f"  {label}, {state}")
            cmd = [sys.executable, "-m", "neurosim", "demo", "--out", str(folder / f"out-{state}")]
            if quick:
                cmd.append("--quick")
            try:
                timing = run_command(cmd, env=env, cwd=folder, timeout=900)
            except RuntimeError as err:
                rows.append(Row(DEMO, f"{label}, {state}", note=f"failed: {str(err).splitlines()[0]}",
                                status="failed"))
                continue
            note = ("new process, empty caches (standalone, matplotlib fonts, Cython)" if state == "cold"
                    else "new process, caches left by the cold run")
            rows.append(Row(DEMO, f"{label}, {state}", seconds=timing.median, timing=timing.as_dict(), note=note))
    return rows


def all_rows(work: wl.Workload, *, repeats: int, smoke: bool, demo: bool, tmp: Path) -> list[Row]:
    rows = [siegert_row(work, repeats, n_side=10 if smoke else 100), fit_all_row(work, repeats=min(repeats, 3)),
            mean_field_row(repeats=min(repeats, 3) if smoke else repeats)]
    rows += mlp_rows(repeats=min(repeats, 3), smoke=smoke)
    if demo:
        rows += demo_rows(tmp)
    else:
        rows.append(Row(DEMO, "neurosim demo", note="--smoke or --no-demo: not run", status="skipped"))
    return rows
