"""Section C: what a teacher waits for, each in a new process with empty caches, cold then warm.

Rows:

- the README's first command word for word in a fresh virtual environment (a new
  ``.venv`` in a copy-free temporary folder: ``python3 -m venv``, ``pip install -q -e``
  of this checkout, ``neurosim demo --out demo --force``), cold (temporary HOME,
  NEUROSIM_CACHE, MPLCONFIGDIR, Brian2 Cython cache) and warm (the same caches, a second
  run); only with ``--fresh-venv`` (the install takes minutes and needs the package index
  or a wheelhouse);
- ``neurosim demo`` in this environment, cold (temporary HOME, NEUROSIM_CACHE,
  MPLCONFIGDIR, Brian2 Cython cache), then warm (a second run into a new folder with the
  same caches), each step's wall time from the demo's progress lines, whether the answer
  keys of both runs are equal (the same numbers cold and warm), then ``neurosim fit
  --preset all`` with the caches the demo left (the curves they share);
- ``neurosim fit --preset all`` cold and warm;
- the notebook explorer (``neurosim.explore.notebook``): switching the preset menu to
  ``hh_squid`` and to ``wang_buzsaki`` the first time (cold: it runs on numpy while the
  model compiles in the background), one slider change right after, the background
  compile's remaining time, then one slider change once compiled;
- what one compiled model costs cold: ``hh_squid``'s f-I curve, rheobase, trace and noisy
  f-I curve on Cython in a new process with an empty Brian2 Cython cache, and how many
  extensions Brian2 compiled for them (each is ~2-3 s of CPU; the paths share their code).

Each row gives wall time and CPU time (the process and its children, compilers
included); on a shared machine the CPU time is the one to compare.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchlib import ROOT, Row, _timed, log, run_command
from other_rows import _cold_environment

SECTION = "C: the classroom, cold and warm"

#: A new process: open the explorer on the LIF, switch to ``preset``, move a slider.
WIDGET_SCRIPT = """
import json, sys, time, resource
from neurosim.explore.notebook import NotebookExplorer

def cpu():
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime

explorer = NotebookExplorer("neuronal_dynamics")
out = {}
t, c = time.perf_counter(), cpu()
explorer.preset.value = sys.argv[1]
out["switch"] = [time.perf_counter() - t, cpu() - c, explorer.core.target]
slider = explorer.controls["current"]
t, c = time.perf_counter(), cpu()
slider.value = round(0.9 * slider.value, 4)
out["slider"] = [time.perf_counter() - t, cpu() - c, explorer.core.target]
# The background compile (neurosim.explore.compiling), if one runs: wait for it, then move
# the slider again (now compiled).
from neurosim.explore import compiling
t = time.perf_counter()
for process in compiling._RUNNING.values():
    process.wait()
out["compile_wait"] = time.perf_counter() - t
t, c = time.perf_counter(), cpu()
slider.value = round(0.9 * slider.value, 4)
out["slider_compiled"] = [time.perf_counter() - t, cpu() - c, explorer.core.target]
# Later changes: the compiled code is loaded now (median of three).
later = []
for _ in range(3):
    t = time.perf_counter()
    slider.value = round(0.95 * slider.value, 4)
    later.append(time.perf_counter() - t)
out["slider_later"] = sorted(later)[1]
print(json.dumps(out))
"""


def _cold_folder(tmp: Path, prefix: str) -> tuple[Path, dict]:
    folder = Path(tempfile.mkdtemp(prefix=prefix, dir=tmp))
    (folder / "home").mkdir()
    return folder, {**_cold_environment(folder), "HOME": str(folder / "home")}


def _command_rows(label: str, make_cmd, tmp: Path, prefix: str, timeout: float = 1800) -> list[Row]:
    rows = []
    folder, env = _cold_folder(tmp, prefix)
    for state in ("cold", "warm"):
        log(f"  {label}, {state}")
        try:
            timing = run_command(make_cmd(folder, state), env=env, cwd=folder, timeout=timeout)
        except (RuntimeError, subprocess.TimeoutExpired) as err:
            rows.append(Row(SECTION, f"{label}, {state}", note=f"failed: {str(err).splitlines()[0]}",
                            status="failed"))
            continue
        note = (f"new process, empty caches; CPU {timing.cpu_times[0]:.1f} s" if state == "cold"
                else f"new process, caches of the cold run; CPU {timing.cpu_times[0]:.1f} s")
        rows.append(Row(SECTION, f"{label}, {state}", seconds=timing.median, timing=timing.as_dict(),
                        note=note))
    return rows


def readme_rows(tmp: Path) -> list[Row]:
    """The README's first command, word for word, from a fresh venv next to this checkout."""
    def cmd(folder, state):
        venv = folder / ".venv"
        setup = "" if state == "warm" else (
            f"python3 -m venv {venv} && {venv}/bin/python -m pip install -q -e {ROOT} && ")
        return ["bash", "-c", f"{setup}{venv}/bin/python -m neurosim demo --out demo --force"]

    return _command_rows("README's first command (fresh venv)", cmd, tmp, "readme-", timeout=3600)


def fit_all_rows(tmp: Path) -> list[Row]:
    return _command_rows(
        "neurosim fit --preset all",
        lambda folder, state: [sys.executable, "-m", "neurosim", "fit", "--preset", "all",
                               "--out", str(folder / f"out-{state}")],
        tmp, "fit-all-")


#: A demo progress line: ``[k/n] what the step shows (cumulative seconds)``.
PROGRESS = re.compile(r"^\[(\d+)/(\d+)\] (.*) \(([\d.]+) s\)$")


def step_seconds(stderr: str, total: float) -> list[tuple[str, float]]:
    """(step text, wall seconds) per demo step, from the progress lines' cumulative times
    (counted from the first step's start); the last line (the report) runs to ``total``, the
    whole process, so it holds the start-up, the imports and the exit too."""
    marks = [(m.group(3), float(m.group(4))) for line in stderr.splitlines()
             if (m := PROGRESS.match(line.strip()))]
    ends = [t for _, t in marks[1:]] + [total]
    out = [(text, end - start) for (text, start), end in zip(marks, ends)]
    if out:
        out[-1] = (out[-1][0] + ", start-up and exit", out[-1][1])
    return out


def _run_demo(cmd: list, env: dict, cwd: Path, timeout: float):
    full_env = {**os.environ, "MPLBACKEND": "Agg", **env}
    wall, cpu, proc = _timed(lambda: subprocess.run(cmd, capture_output=True, text=True,
                                                     env=full_env, cwd=cwd, timeout=timeout))
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}): {proc.stderr[-300:]}")
    return wall, cpu, proc.stderr


def quick_rows(tmp: Path) -> list[Row]:
    """``neurosim demo --quick`` cold (empty caches), per step."""
    folder, env = _cold_folder(tmp, "demo-quick-")
    log("  neurosim demo --quick, cold")
    cmd = [sys.executable, "-m", "neurosim", "demo", "--quick", "--out", str(folder / "out")]
    try:
        wall, cpu, stderr = _run_demo(cmd, env, folder, timeout=3600)
    except (RuntimeError, subprocess.TimeoutExpired) as err:
        return [Row(SECTION, "neurosim demo --quick, cold", status="failed",
                    note=f"failed: {str(err).splitlines()[0]}")]
    per_step = "; ".join(f"{text.split(':')[0][:40]} {seconds:.1f} s"
                         for text, seconds in step_seconds(stderr, wall))
    return [Row(SECTION, "neurosim demo --quick, cold", seconds=wall,
                timing={"wall_median_s": wall, "cpu_median_s": cpu},
                note=f"CPU {cpu:.1f} s; per step: {per_step}")]


#: The issue's goals for section C: (row label, at most seconds).
GOALS = (
    ("neurosim demo, cold", 60.0),
    ("neurosim demo, warm (new folder)", 15.0),
    ("neurosim demo --quick, cold", 15.0),
    ("neurosim fit --preset all, cold", 60.0),
    ("explorer: switch to hh_squid, first time (cold)", 10.0),
    ("explorer: switch to wang_buzsaki, first time (cold)", 10.0),
    ("explorer: hh_squid, one slider change once compiled", 1.0),
    ("explorer: wang_buzsaki, one slider change once compiled", 1.0),
)


def goals_table(rows: list[Row]) -> str:
    """Markdown: each goal of section C, what this run measured, and whether it is met."""
    found = {r.name: r for r in rows if r.section == SECTION}
    lines = ["| goal | measured (wall) | met |", "|---|---|---|"]
    for name, limit in GOALS:
        row = found.get(name)
        if row is None or row.seconds is None:
            lines.append(f"| {name} <= {limit:g} s | not measured | — |")
        else:
            met = "yes" if row.seconds <= limit else "**no**"
            lines.append(f"| {name} <= {limit:g} s | {row.seconds:.1f} s | {met} |")
    return "\n".join(lines)


def demo_rows(tmp: Path) -> list[Row]:
    """``neurosim demo`` cold, warm into a new folder (per step), then ``fit --preset all``."""
    rows = []
    folder, env = _cold_folder(tmp, "demo-warm-")
    keys = {}
    for state in ("cold", "warm"):
        log(f"  neurosim demo, {state}")
        cmd = [sys.executable, "-m", "neurosim", "demo", "--out", str(folder / f"out-{state}")]
        try:
            wall, cpu, stderr = _run_demo(cmd, env, folder, timeout=3600)
        except (RuntimeError, subprocess.TimeoutExpired) as err:
            rows.append(Row(SECTION, f"neurosim demo, {state}", status="failed",
                            note=f"failed: {str(err).splitlines()[0]}"))
            return rows
        keys[state] = json.loads((folder / f"out-{state}" / "answer_key.json").read_text())["steps"]
        steps = step_seconds(stderr, wall)
        per_step = "; ".join(f"{text.split(':')[0][:40]} {seconds:.1f} s"
                             for text, seconds in steps)
        same = "" if state == "cold" else (
            "; answer key equal to the cold run's" if _numbers(keys["warm"]) ==
            _numbers(keys["cold"]) else "; ANSWER KEY DIFFERS from the cold run's")
        rows.append(Row(SECTION, f"neurosim demo, {state}" + (" (new folder)" if state == "warm"
                                                              else ""),
                        seconds=wall, timing={"wall_median_s": wall, "cpu_median_s": cpu},
                        note=f"CPU {cpu:.1f} s{same}; per step: {per_step}",
                        extra={"steps": steps}))
    log("  neurosim fit --preset all, after the demo")
    try:
        timing = run_command([sys.executable, "-m", "neurosim", "fit", "--preset", "all",
                              "--out", str(folder / "fit-all")], env=env, cwd=folder, timeout=3600)
        rows.append(Row(SECTION, "neurosim fit --preset all, after the demo", seconds=timing.median,
                        timing=timing.as_dict(),
                        note=f"the caches of the demo (its table's curves); CPU {timing.cpu_times[0]:.1f} s"))
    except (RuntimeError, subprocess.TimeoutExpired) as err:
        rows.append(Row(SECTION, "neurosim fit --preset all, after the demo", status="failed",
                        note=f"failed: {str(err).splitlines()[0]}"))
    return rows


def _numbers(answer_key) -> object:
    """The answer key without what records the run rather than its results (seconds)."""
    if isinstance(answer_key, dict):
        return {k: _numbers(v) for k, v in answer_key.items() if "second" not in k}
    if isinstance(answer_key, list):
        return [_numbers(v) for v in answer_key]
    return answer_key


def widget_rows(tmp: Path) -> list[Row]:
    rows = []
    for preset in ("hh_squid", "wang_buzsaki"):
        folder, env = _cold_folder(tmp, f"widget-{preset}-")
        log(f"  explorer: switch to {preset}")
        full_env = {**os.environ, "MPLBACKEND": "Agg", "PYTHONPATH": str(ROOT), **env}
        started = time.perf_counter()
        proc = subprocess.run([sys.executable, "-c", WIDGET_SCRIPT, preset], capture_output=True,
                              text=True, env=full_env, cwd=folder, timeout=900)
        if proc.returncode != 0:
            rows.append(Row(SECTION, f"explorer: switch to {preset}", status="failed",
                            note=f"failed: {proc.stderr.strip().splitlines()[-1:]}"))
            continue
        out = json.loads(proc.stdout.strip().splitlines()[-1])
        wall, cpu, target = out["switch"]
        rows.append(Row(SECTION, f"explorer: switch to {preset}, first time (cold)", seconds=wall,
                        note=f"empty caches; runs on {target}; CPU {cpu:.1f} s in the "
                             f"explorer's process; process {time.perf_counter() - started:.0f} s "
                             "with start-up"))
        wall, cpu, target = out["slider"]
        rows.append(Row(SECTION, f"explorer: {preset}, one slider change right after", seconds=wall,
                        note=f"the current slider; runs on {target}; CPU {cpu:.1f} s"))
        rows.append(Row(SECTION, f"explorer: {preset}, background compile's remaining time",
                        seconds=out["compile_wait"],
                        note="waited for after that change (0 when nothing compiles)"))
        wall, cpu, target = out["slider_compiled"]
        rows.append(Row(SECTION, f"explorer: {preset}, one slider change once compiled",
                        seconds=wall, note=f"runs on {target}; CPU {cpu:.1f} s"))
        rows.append(Row(SECTION, f"explorer: {preset}, later slider changes",
                        seconds=out["slider_later"],
                        note="median of three more current changes, compiled code loaded"))
    return rows


#: A new process: every path of one compiled model, short runs (the compiles dominate).
MODEL_PATHS_SCRIPT = """
import json, resource
import numpy as np
from brian2 import mV, ms, nA
from neurosim.bio import Step, fi_curve, find_rheobase, load_preset, simulate

def cpu():
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime

hh, c = load_preset("hh_squid"), cpu()
fi_curve(hh, np.linspace(0, 3, 5) * nA, duration=20 * ms, target="cython")
find_rheobase(hh, 0.1 * nA, 3 * nA, duration=50 * ms, target="cython")
simulate(hh, Step(2 * nA, 5 * ms), 30 * ms, target="cython")
fi_curve(hh, np.linspace(0, 3, 5) * nA, duration=20 * ms, sigma=2 * mV, target="cython")
print(json.dumps({"cpu": cpu() - c}))
"""


def model_paths_rows(tmp: Path) -> list[Row]:
    folder, env = _cold_folder(tmp, "model-paths-")
    log("  hh_squid: every path on Cython, cold")
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **env}
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", MODEL_PATHS_SCRIPT], capture_output=True,
                          text=True, env=full_env, cwd=folder, timeout=900)
    name = "hh_squid: fi_curve, find_rheobase, simulate, noisy fi_curve on Cython (cold)"
    if proc.returncode != 0:
        return [Row(SECTION, name, status="failed",
                    note=f"failed: {proc.stderr.strip().splitlines()[-1:]}")]
    cpu = json.loads(proc.stdout.strip().splitlines()[-1])["cpu"]
    extensions = len(list((folder / "cython").glob("*.so")))
    return [Row(SECTION, name, seconds=time.perf_counter() - started,
                note=f"empty Cython cache; {extensions} extensions compiled; CPU {cpu:.1f} s "
                     "after start-up",
                extra={"extensions": extensions})]


#: A new process, empty Cython cache: Hodgkin-Huxley's first fi_curve (its compile), then
#: 200 neurons for 2 s at dt 0.01 ms; argv[1] "brian2" keeps Brian2's -O3.
COMPILE_FLAGS_SCRIPT = """
import json, sys, time
import numpy as np
from brian2 import ms, nA
from neurosim.bio import brian2_tools, fi_curve, load_preset

if sys.argv[1] == "brian2":
    brian2_tools.cython_compile_args = list
hh = load_preset("hh_squid")
t = time.perf_counter()
fi_curve(hh, np.linspace(0, 1, 20) * nA, duration=10 * ms, target="cython")
compiled = time.perf_counter() - t
t = time.perf_counter()
curve = fi_curve(hh, np.linspace(0, 20, 200) * nA, duration=2000 * ms, target="cython")
print(json.dumps({"compile": compiled, "run": time.perf_counter() - t,
                  "rates": [float(r) for r in np.asarray(curve.rates)]}))
"""


def compile_flags_rows(tmp: Path, pairs: int = 3) -> list[Row]:
    """gcc -O1 (neurosim's Cython runs) against Brian2's -O3: compile and run, alternating."""
    log("  gcc -O1 against -O3")
    found = {"brian2": [], "neurosim": []}
    for k in range(pairs):
        for arm in (("brian2", "neurosim") if k % 2 == 0 else ("neurosim", "brian2")):
            folder, env = _cold_folder(tmp, f"flags-{arm}-")
            proc = subprocess.run([sys.executable, "-c", COMPILE_FLAGS_SCRIPT, arm],
                                  capture_output=True, text=True, cwd=folder, timeout=900,
                                  env={**os.environ, "PYTHONPATH": str(ROOT), **env})
            if proc.returncode != 0:
                return [Row(SECTION, "gcc -O1 against -O3", status="failed",
                            note=f"failed: {proc.stderr.strip().splitlines()[-1:]}")]
            found[arm].append(json.loads(proc.stdout.strip().splitlines()[-1]))
    same = all(a["rates"] == b["rates"] for a, b in zip(found["brian2"], found["neurosim"]))
    rows = []
    for what, label in (("compile", "first HH fi_curve, empty Cython cache (4 extensions)"),
                        ("run", "200 HH neurons x 2 s at dt 0.01 ms, compiled")):
        for arm, flag in (("brian2", "-O3 (Brian2's)"), ("neurosim", "-O1 (neurosim's)")):
            values = sorted(r[what] for r in found[arm])
            rows.append(Row(SECTION, f"gcc {flag}: {label}", seconds=values[len(values) // 2],
                            note=f"median of {pairs} new processes, alternating with the other "
                                 f"flags; range {values[0]:.2f}-{values[-1]:.2f} s; rates "
                                 f"{'equal' if same else 'NOT equal'} to the other flags'"))
    return rows


def all_rows(tmp: Path, *, fresh_venv: bool) -> list[Row]:
    rows = readme_rows(tmp) if fresh_venv else [
        Row(SECTION, "README's first command (fresh venv)", status="skipped",
            note="run with --fresh-venv (installs a new venv)")]
    return (rows + demo_rows(tmp) + quick_rows(tmp) + fit_all_rows(tmp) + widget_rows(tmp)
            + model_paths_rows(tmp) + compile_flags_rows(tmp))
