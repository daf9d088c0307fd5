"""neurosim benchmarks: every row of the table (benchmarks/README.md) measured in one run.

Usage (from the repository root)::

    .venv/bin/python benchmarks/run.py              # the full run (~5-8 min on 2 cores)
    .venv/bin/python benchmarks/run.py --smoke      # tiny sizes, seconds: checks the script works

Prints a markdown table on standard output (progress goes to standard
error) and writes the same numbers with machine facts as JSON into
``benchmarks/results/`` (``latest.json``, ``latest.md`` and a time-stamped
copy).  See benchmarks/README.md for what each row measures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import shutil
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import benchlib  # noqa: E402
import classroom_rows  # noqa: E402
import fi_rows  # noqa: E402
import hh_rows  # noqa: E402
import other_rows  # noqa: E402
import workload as wl  # noqa: E402
from benchlib import HERE, Row, load_average, log, machine_info, write_json  # noqa: E402

#: Wall-time budget of the whole benchmark (benchmarks/README.md).
BUDGET_S = 600.0


def _fmt_seconds(x) -> str:
    if x is None:
        return "—"
    if x >= 100:
        return f"{x:.0f}"
    if x >= 10:
        return f"{x:.1f}"
    if x >= 0.01:
        return f"{x:.3f}"
    return f"{x:.2g}"


def _fmt_rate(x) -> str:
    return "—" if x is None else f"{x:.2e}"


def _fmt_error(x) -> str:
    if x is None:
        return "—"
    if x == 0:
        return "0"
    return f"{x:.3g}" if x >= 1e-3 else f"{x:.1e}"


def _repeats(row: Row) -> str:
    t = row.timing
    if row.status == "extrapolated":
        return f"{t.get('runs_timed')} runs, x{t.get('extrapolated_to')}"
    return str(t.get("repeats", "—")) if t else "—"


def markdown_table(rows: list[Row]) -> str:
    lines = ["| section | what | median wall (s) | CPU (s) | repeats | neuron updates/s | max \\|error\\| (Hz) | notes |",
             "|---|---|---:|---:|---:|---:|---:|---|"]
    for r in rows:
        seconds = _fmt_seconds(r.seconds)
        if r.status == "extrapolated":
            seconds = f"~{seconds} (extrap.)"
        elif r.status in ("skipped", "unavailable", "failed"):
            seconds = r.status
        lines.append(f"| {r.section} | {r.name} | {seconds} | {_fmt_seconds(r.cpu_seconds)} | {_repeats(r)} | "
                     f"{_fmt_rate(r.updates_per_s)} | {_fmt_error(r.max_error_hz)} | {r.note} |")
    return "\n".join(lines)


def accuracy_table(rows: list[Row]) -> str:
    lines = ["| route | target | dt (ms) | median wall (s) | CPU (s) | max \\|error\\| (Hz) | "
             "error x wall time (Hz s, lower is better) |",
             "|---|---|---:|---:|---:|---:|---:|"]
    for r in rows:
        if r.section != fi_rows.ACCURACY or r.seconds is None:
            continue
        target = r.name.rsplit(", ", 1)[-1]
        lines.append(f"| {r.extra['route']} | {target} | {r.extra['dt_ms']:g} | {_fmt_seconds(r.seconds)} | "
                     f"{_fmt_seconds(r.cpu_seconds)} | {_fmt_error(r.max_error_hz)} | "
                     f"{_fmt_error(r.max_error_hz * r.seconds)} |")
    return "\n".join(lines)


def _ratio_text(ours: Row, theirs: Row) -> tuple[float, str]:
    """The wall-time ratio that a target judges, and a text with the other views of it.

    For interleaved rows (the same number of repeats, call k of each made back
    to back) the judged ratio is the median of the per-pair ratios: a change
    of machine load between pairs cancels out.  Otherwise, the ratio of medians.
    """
    a, b = ours.timing.get("times_s", []), theirs.timing.get("times_s", [])
    medians = ours.seconds / theirs.seconds
    if len(a) > 1 and len(a) == len(b):
        ratio = statistics.median(x / y for x, y in zip(a, b))
        text = (f"{ratio:.2f}x wall (median of {len(a)} paired ratios); ratio of medians {medians:.2f}x "
                f"({ours.seconds:.3g} s / {theirs.seconds:.3g} s); best-of {min(a) / min(b):.2f}x")
    else:
        ratio = medians
        text = f"{ratio:.2f}x wall ({ours.seconds:.3g} s / {theirs.seconds:.3g} s)"
    if ours.cpu_seconds and theirs.cpu_seconds:
        text += f"; {ours.cpu_seconds / theirs.cpu_seconds:.2f}x CPU"
    return ratio, text


def _find(rows, name) -> Row | None:
    for r in rows:
        if r.name == name and r.seconds is not None:
            return r
    return None


def targets(rows: list[Row], work: wl.Workload, total_s: float | None) -> list[dict]:
    """Each target of the benchmark (:func:`targets_table`): what was measured, and whether it is met."""
    out = []

    def add(target, measured, met, detail=""):
        out.append({"target": target, "measured": measured, "met": met, "detail": detail})

    def missing(target, what):
        add(target, f"not measured ({what} missing)", None)

    for target in ("numpy", "cython"):
        ours = _find(rows, f"neurosim fi_curve, {target}, warm")
        hand = _find(rows, f"hand Brian2, one group, {target}, warm")
        label = f"fi_curve <= 1.1x hand-written one-group Brian2 ({target}, warm)"
        if ours and hand:
            ratio, text = _ratio_text(ours, hand)
            add(label, text, ratio <= 1.1)
        else:
            missing(label, "a row")
    ours = _find(rows, "neurosim fi_curve, cpp_standalone, rerun new currents")
    hand = _find(rows, "hand Brian2, one group, cpp_standalone, rerun new currents")
    label = "fi_curve <= 1.1x hand-written one-group Brian2 (cpp_standalone, rerun with new currents)"
    if ours and hand:
        ratio, text = _ratio_text(ours, hand)
        add(label, text, ratio <= 1.1)
    else:
        missing(label, "a row")
    ours_cold = _find(rows, "neurosim fi_curve, cpp_standalone, cold")
    hand_cold = _find(rows, "hand Brian2, one group, cpp_standalone, cold")
    if ours_cold and hand_cold:
        add("(for information) cpp_standalone cold build, neurosim / by hand", _ratio_text(ours_cold, hand_cold)[1],
            None)

    ours = _find(rows, "neurosim fi_curve, numpy, warm")
    loop = _find(rows, "Python loop, one Brian2 run per current, numpy")
    label = ">= 200x faster than the per-current loop (numpy)"
    if ours and loop:
        ratio = loop.seconds / ours.seconds
        add(label, f"{ratio:.0f}x (loop ~{loop.seconds:.0f} s extrapolated / {ours.seconds:.3g} s)", ratio >= 200)
    else:
        missing(label, "a row")

    for name, label in (("neurosim fi_curve, cpp_standalone, rerun new currents",
                         "cpp_standalone second sweep, new currents, no recompiling: < 1 s"),
                        ("neurosim fi_curve, cpp_standalone, rerun new parameters",
                         "cpp_standalone second sweep, new parameters, no recompiling: < 1 s")):
        row = _find(rows, name)
        if row:
            add(label, f"{row.seconds:.3g} s (slowest of {row.timing['repeats']}: {max(row.timing['times_s']):.3g} s)",
                row.seconds < 1.0)
        else:
            missing(label, "the row")

    dt_ms = work.dt_s * 1e3
    for target in ("numpy", "cython"):
        exact = _find(rows, f"neurosim, exact spike timing, dt {dt_ms:g} ms, {target}")
        fine = _find(rows, f"neurosim, grid, dt {dt_ms / 10:g} ms, {target}")
        if exact is None:
            continue
        add(f"exact spike timing at dt {dt_ms:g} ms within 0.1 Hz of the closed form ({target})",
            f"{exact.max_error_hz:.2g} Hz", exact.max_error_hz <= 0.1)
        if fine is not None:
            ratio = fine.seconds / exact.seconds
            add(f"... at a cost well below the grid at dt {dt_ms / 10:g} ms ({target}; met if <= 0.5x)",
                f"{exact.seconds:.3g} s vs {fine.seconds:.3g} s ({ratio:.1f}x cheaper) and "
                f"{exact.max_error_hz:.2g} Hz vs {fine.max_error_hz:.3g} Hz",
                exact.seconds <= 0.5 * fine.seconds)

    siegert = next((r for r in rows if r.section == other_rows.SIEGERT), None)
    label = "Siegert, 10^4 (current, sigma) pairs < 0.5 s"
    if siegert and siegert.seconds is not None:
        add(label, f"{siegert.seconds:.3g} s ({siegert.extra['pairs']} pairs)", siegert.seconds < 0.5)
    else:
        missing(label, "siegert_rate")
    fits = next((r for r in rows if r.section == other_rows.FITS), None)
    label = f"fit_all on {work.n_currents} points < 1 s"
    if fits and fits.seconds is not None:
        add(label, f"{fits.seconds:.3g} s", fits.seconds < 1.0)
    else:
        missing(label, "fit_all")
    for target in ("cython",):
        ours = _find(rows, f"neurosim fi_curve HH, {target}, warm")
        hand = _find(rows, f"hand Brian2 HH, one group, {target}, warm")
        label = f"HH fi_curve <= 1.1x hand-written one-group Brian2 ({target}, warm)"
        if ours and hand:
            ratio, text = _ratio_text(ours, hand)
            add(label, text, ratio <= 1.1)
        else:
            missing(label, "a row")
        loop = _find(rows, f"Python loop HH, one Brian2 run per current, {target}")
        label = f"HH fi_curve >= 100x faster than the per-current loop ({target})"
        if ours and loop:
            ratio = loop.seconds / ours.seconds
            cpu = (f"; {loop.cpu_seconds / ours.cpu_seconds:.0f}x CPU"
                   if loop.cpu_seconds and ours.cpu_seconds else "")
            add(label, f"{ratio:.0f}x wall (loop ~{loop.seconds:.0f} s extrapolated / {ours.seconds:.3g} s){cpu}",
                ratio >= 100)
        else:
            missing(label, "a row")
        fastest = _find(rows, "neurosim fi_curve HH, cpp_standalone, rerun")
        if fastest and loop:
            add(f"(for information) per-current loop on {target} / neurosim HH on cpp_standalone (rerun)",
                f"{loop.seconds / fastest.seconds:.0f}x wall, "
                f"{loop.cpu_seconds / fastest.cpu_seconds:.0f}x CPU ({fastest.seconds:.3g} s per sweep)", None)
    if total_s is not None:
        add(f"whole benchmark < {BUDGET_S / 60:.0f} min on this machine", f"{total_s:.0f} s", total_s < BUDGET_S)
    return out


def targets_table(items: list[dict]) -> str:
    lines = ["| target | measured | met |", "|---|---|---|"]
    for t in items:
        met = {True: "yes", False: "**no**", None: "—"}[t["met"]]
        lines.append(f"| {t['target']} | {t['measured']} | {met} |")
    return "\n".join(lines)


def machine_lines(info: dict) -> str:
    v = info["versions"]
    env = ", ".join(f"{k}={val}" for k, val in info["env"].items() if val and k != "NEUROSIM_CACHE") or "none"
    return (f"Machine: {info['cpu_model']}, {info['cores_usable']} cores usable "
            f"(load average at start {info['load_average_start']}, at end {info.get('load_average_end')}); "
            f"{info['platform']}; Python {info['python']}; neurosim {v['neurosim']} "
            f"(git {info['git_commit']}{', uncommitted changes in neurosim/' if info['neurosim_tree_dirty'] else ''}), "
            f"brian2 {v['brian2']}, numpy {v['numpy']}, scipy {v['scipy']}, cython {v['cython']}, "
            f"nengo {v['nengo']}, nest-simulator {v['nest-simulator']}; {info['gcc']}; BLAS env: {env}.")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Run neurosim's benchmarks and print the table.")
    parser.add_argument("--smoke", action="store_true",
                        help="tiny sizes; no new processes, compiled targets, peers or demo: checks the script runs")
    parser.add_argument("--repeats", type=int, default=None, help="timed repeats per row (default 7; 1 with --smoke)")
    parser.add_argument("--no-peers", action="store_true", help="skip nengo and NEST even when installed")
    parser.add_argument("--no-demo", action="store_true", help="skip the demo rows")
    parser.add_argument("--only-classroom", action="store_true",
                        help="only section C (fit --preset all, the explorer's preset switch; "
                             "with --fresh-venv the README's first command)")
    parser.add_argument("--fresh-venv", action="store_true",
                        help="section C also times the README's first command in a new venv")
    parser.add_argument("--only-hh", action="store_true",
                        help="only workload H (the Hodgkin-Huxley f-I curve, a few minutes)")
    parser.add_argument("--out", type=Path, default=HERE / "results", help="folder for the JSON (default %(default)s)")
    args = parser.parse_args(argv)
    repeats = args.repeats or (1 if args.smoke else 7)
    if repeats < 1:
        parser.error("--repeats: must be >= 1")

    if args.smoke:
        benchlib.DEFAULT_WARMUP = 0
    logging.getLogger("brian2").setLevel(logging.ERROR)
    started = time.perf_counter()
    info = machine_info()
    work = wl.smoke_workload() if args.smoke else wl.Workload()
    log(f"neurosim benchmarks: {work.label} = {work.describe()}, {repeats} repeats")
    tmp = fi_rows.scratch_folder()
    hh_work = hh_rows.smoke_hh() if args.smoke else hh_rows.HHWorkload()
    try:
        rows = []
        if args.only_classroom:
            rows = classroom_rows.all_rows(tmp, fresh_venv=args.fresh_venv)
            print(markdown_table(rows))
            print()
            print(classroom_rows.goals_table(rows))
            return 0
        if not args.only_hh:
            rows += fi_rows.all_rows(work, repeats=repeats, smoke=args.smoke,
                                     peers=not (args.no_peers or args.smoke), tmp=tmp)
            rows += other_rows.all_rows(work, repeats=repeats, smoke=args.smoke,
                                        demo=not (args.no_demo or args.smoke), tmp=tmp)
            if not (args.no_demo or args.smoke):
                rows += classroom_rows.all_rows(tmp, fresh_venv=args.fresh_venv)
        log(f"{hh_work.label} = {hh_work.describe()}")
        # numpy runs HH ~10x slower than Cython (one array operation per term per step):
        # at full size only the compiled target is measured.
        rows += hh_rows.all_rows(hh_work, repeats=repeats, targets=["numpy"] if args.smoke else ["cython"],
                                 loop_runs=2 if args.smoke else 3, standalone=not args.smoke)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    total = time.perf_counter() - started
    info["load_average_end"] = load_average()
    info["total_wall_s"] = total
    goals = [] if args.smoke else targets(rows, work, total)

    text = "\n\n".join([
        f"## neurosim benchmarks ({work.label}: {work.describe()}; {hh_work.label}: {hh_work.describe()}; "
        f"median of {repeats} unless stated)",
        markdown_table(rows),
        "### Accuracy per second of compute (W at coarse dt)",
        accuracy_table(rows),
        "### Targets",
        "(not judged at --smoke sizes)" if args.smoke else targets_table(goals),
        "### The classroom's goals (section C)",
        classroom_rows.goals_table(rows),
        machine_lines(info) + f" Whole run: {total:.0f} s.",
    ])
    print(text)

    stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S")
    prefix = "smoke" if args.smoke else "bench"
    record = {"workload": {"label": work.label, "n_currents": work.n_currents, "duration_s": work.duration_s,
                           "dt_s": work.dt_s, "max_multiple_of_rheobase": work.max_multiple,
                           "params": work.params.as_text(), "neuron_updates": work.updates},
              "repeats": repeats, "machine": info, "rows": [r.as_dict() for r in rows], "targets": goals,
              "markdown": text}
    args.out.mkdir(parents=True, exist_ok=True)
    path = write_json(args.out / f"{prefix}-{stamp}.json", record)
    write_json(args.out / f"{prefix}-latest.json", record)
    (args.out / f"{prefix}-latest.md").write_text(text + "\n")
    log(f"wrote {path} and {prefix}-latest.json/.md ({total:.0f} s in all)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
