"""Benchmark: Brunel's full-size AI network, 1 s, on Brian2 cpp_standalone and NEST 3.10.

    python benchmarks/network_rows.py [--scale 1.0] [--duration 1.0] [--out DIR]

Each row is one fresh process (``--row``), so memory is that row's alone: the
peak resident set of the process (NEST runs in it) and of its finished
children (the compiler and the standalone binary).  Build (network
construction, code generation, compilation, NEST's connection set-up) and
simulation are timed separately.  Rows run in one session, interleaved by
engine, so the ratios compare like with like on a shared machine; the table
(markdown) goes to stdout, progress to stderr, the raw numbers to
``DIR/network-latest.json``.  Threaded rows are checked against the
single-threaded row of the same engine (rate and CV).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROWS = [("nest", 1), ("brian2", 1), ("nest", 2), ("brian2", 2)]


def run_row(backend: str, threads: int, scale: float, duration: float) -> dict:
    sys.path.insert(0, str(ROOT))
    from brian2 import Hz, second

    from neurosim.bio.network import brunel2000, simulate_network

    spec = brunel2000("AI", scale)
    started = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the OpenMP warning: this row is checked against 1 thread
        result = simulate_network(
            spec,
            duration * second,
            backend=backend,
            target="cpp_standalone",
            threads=threads,
            seed=1,
        )
    total = time.perf_counter() - started
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {
        "backend": backend,
        "threads": threads,
        "scale": scale,
        "neurons": spec.n_neurons,
        "synapses": spec.n_synapses,
        "build_s": result.build_time,
        "run_s": result.wall_time,
        "total_s": total,
        "rate_Hz": float(result.mean_rate("E") / Hz),
        "cv": result.mean_cv("E"),
        "peak_rss_MB": own,
        "peak_rss_children_MB": children,
    }


def _row_in_subprocess(backend, threads, scale, duration, cache):
    env = {**os.environ, "NEUROSIM_CACHE": cache, "PYTHONPATH": str(ROOT)}
    cmd = [
        sys.executable,
        __file__,
        "--row",
        backend,
        str(threads),
        "--scale",
        str(scale),
        "--duration",
        str(duration),
    ]
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, check=True, timeout=3600)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--row", nargs=2, metavar=("BACKEND", "THREADS"))
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--duration", type=float, default=1.0)
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "results"))
    args = parser.parse_args(argv)
    if args.row:
        print(json.dumps(run_row(args.row[0], int(args.row[1]), args.scale, args.duration)))
        return 0
    rows = []
    with tempfile.TemporaryDirectory(prefix="neurosim-bench-") as cache:
        for backend, threads in ROWS:
            print(
                f"{backend}, {threads} thread(s), scale {args.scale:g} ...",
                file=sys.stderr,
                flush=True,
            )
            row = _row_in_subprocess(backend, threads, args.scale, args.duration, cache)
            print(
                f"  build {row['build_s']:.1f} s, run {row['run_s']:.1f} s, {row['rate_Hz']:.2f} Hz",
                file=sys.stderr,
                flush=True,
            )
            rows.append(row)
    single = {r["backend"]: r for r in rows if r["threads"] == 1}
    nest_run = {r["threads"]: r["run_s"] for r in rows if r["backend"] == "nest"}
    print(
        f"| engine | threads | build (s) | simulate {args.duration:g} s (s) | vs NEST, same threads "
        "| rate E (Hz) | CV | agrees with 1 thread | peak RSS (MB) |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        ref = single[r["backend"]]
        agrees = abs(r["rate_Hz"] / ref["rate_Hz"] - 1) < 0.05 and abs(r["cv"] - ref["cv"]) < 0.05
        rss = max(r["peak_rss_MB"], r["peak_rss_children_MB"])
        print(
            f"| {r['backend']} | {r['threads']} | {r['build_s']:.1f} | {r['run_s']:.1f} | "
            f"{r['run_s'] / nest_run[r['threads']]:.2f}x | {r['rate_Hz']:.2f} | {r['cv']:.3f} | "
            f"{'yes' if agrees else 'NO'} | {rss:.0f} |"
        )
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "network-latest.json").write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
