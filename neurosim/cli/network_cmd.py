"""``neurosim network``: Brunel's E/I network in one state, or its (g, eta) phase diagram."""

from __future__ import annotations

import sys
import time

from neurosim.cli._args import add_output_options, quantity
from neurosim.cli._output import check_output_dir, staged_output
from neurosim.errors import ParameterError
from neurosim.resources import check_network_memory

STATES = ("SR", "AI", "SI_fast", "SI_slow")


def add_parser(subparsers):
    parser = subparsers.add_parser(
        "network",
        help="Brunel's (2000) E/I network: one state, or the (g, eta) phase diagram",
        description="Simulate Brunel's model A (LIF neurons, delta synapses, C_E = 1000 fixed) on "
        "Brian2 or NEST beside its mean field. --state: raster, population rate, rate and "
        "CV histograms; --phase-diagram: rate, CV and chi over a coarse (g, eta) grid.",
    )
    what = parser.add_mutually_exclusive_group()
    what.add_argument("--state", choices=STATES, default=None, help="one named state (default AI)")
    what.add_argument("--phase-diagram", action="store_true", help="sweep a coarse (g, eta) grid")
    parser.add_argument(
        "--scale",
        type=float,
        default=None,
        help="size relative to N_E = 10000, N_I = 2500, in [0.1, 10] "
        "(default 0.2 for --state, 0.1 for --phase-diagram)",
    )
    parser.add_argument(
        "--duration",
        default=None,
        help="simulated time (default 1 s for --state, 0.5 s per point for the diagram)",
    )
    parser.add_argument(
        "--g",
        default="3,4.5,5,6",
        metavar="LIST",
        help="relative inhibition values of the diagram (default 3,4.5,5,6)",
    )
    parser.add_argument(
        "--eta",
        default="0.9,2,4",
        metavar="LIST",
        help="external drives nu_ext/nu_thr of the diagram (default 0.9,2,4)",
    )
    parser.add_argument(
        "--backend",
        default="brian2",
        choices=["brian2", "nest"],
        help="simulation engine (default brian2; nest needs nest-simulator)",
    )
    parser.add_argument(
        "--target",
        default="auto",
        choices=["auto", "numpy", "cython", "cpp_standalone"],
        help="Brian2 code generation target (default auto: cython when Cython is installed, "
        "else numpy)",
    )
    parser.add_argument(
        "--threads", type=int, default=1, help="threads (NEST, or Brian2 cpp_standalone)"
    )
    parser.add_argument(
        "--seed", type=int, default=None, help="random seed (default: drawn, and saved)"
    )
    add_output_options(parser)
    parser.set_defaults(func=run)
    return parser


def _numbers(text: str, option: str) -> list[float]:
    try:
        values = [float(x) for x in text.split(",") if x.strip()]
    except ValueError:
        raise ParameterError(
            f"--{option}: expected numbers separated by commas, got {text!r}"
        ) from None
    if not values or any(not 0 <= v < float("inf") for v in values):
        raise ParameterError(
            f"--{option}: expected finite numbers >= 0 separated by commas, got {text!r}")
    return values


def _progress(done, total, message):
    print(f"[{done}/{total}] {message}", file=sys.stderr, flush=True)


#: Library names -> this command's options (``scale: ...`` from brunel2000 reads ``--scale: ...``).
OPTION_NAMES = {"scale": "--scale", "threads": "--threads", "g": "--g", "eta": "--eta"}


def run(args) -> int:
    from brian2 import second

    from neurosim.validation import check_seed

    check_output_dir(args.out, force=args.force)
    seed = check_seed(args.seed, "--seed")
    if args.target == "auto":
        import importlib.util

        args.target = "cython" if importlib.util.find_spec("Cython") else "numpy"
    args.duration = args.duration or ("0.5 s" if args.phase_diagram else "1 s")
    duration = _check_options(args, quantity(args, "duration", second))
    if args.phase_diagram:
        return _run_phase_diagram(args, duration, seed)
    return _run_state(args, args.state or "AI", duration, seed)


def _check_options(args, duration):
    """Every option of the run, before any work: ``--duration``, ``--threads``, ``--scale``."""
    from brian2 import ms

    from neurosim.bio.network.brunel import C_E, N_E, N_I
    from neurosim.cli._args import positive_int
    from neurosim.resources import check_steps
    from neurosim.units import readable

    dt = 0.1 * ms  # brunel2000's integration step
    if not duration >= 10 * dt:
        raise ParameterError(f"--duration: must be at least 10 time steps of {readable(dt)} = "
                             f"{readable(10 * dt)}, got {readable(duration)}")
    check_steps(duration, dt, duration_name="--duration", dt_name="its dt")
    threads = positive_int(args.threads, "threads")
    if args.backend == "brian2" and threads > 1 and args.target != "cpp_standalone":
        raise ParameterError(
            f"--threads: Brian2's {args.target} target runs on one thread; give "
            f"--target cpp_standalone for --threads {threads} (or --backend nest)")
    scale = args.scale if args.scale is not None else (0.1 if args.phase_diagram else 0.2)
    if not 0.1 <= scale <= 10:  # also refuses nan and inf
        raise ParameterError(
            f"--scale: must be a number in [0.1, 10] (the size relative to N_E = {N_E}, "
            f"N_I = {N_I}; C_E = {C_E} stays fixed), got {scale:g}")
    neurons = int(round(N_E * scale)) + int(round(N_I * scale))
    if threads > neurons:
        raise ParameterError(f"--threads: {threads} is more than the {neurons} neurons of "
                             f"--scale {scale:g}; at most one thread per neuron")
    return duration


def _run_state(args, state, duration, seed) -> int:
    from brian2 import Hz

    from neurosim.bio.network import brunel2000, simulate_network
    from neurosim.bridge.population_theory import mean_field
    from neurosim.io import write_csv, write_json
    from neurosim.units import readable

    scale = 0.2 if args.scale is None else args.scale
    spec = brunel2000(state, scale)
    check_network_memory(spec.n_synapses, name="--scale", value=scale, backend=args.backend)
    theory = mean_field(spec)
    with staged_output(args.out, force=args.force) as staging:
        print(
            f"simulating {spec.n_neurons} neurons, {spec.n_synapses} synapses for "
            f"{readable(duration)} on "
            f"{args.backend} ...",
            file=sys.stderr,
            flush=True,
        )
        started = time.perf_counter()
        result = simulate_network(
            spec,
            duration,
            backend=args.backend,
            target=args.target,
            threads=args.threads,
            seed=seed,
        )
        elapsed = time.perf_counter() - started
        summary = result.summary()
        names = list(summary)
        mf = [float(theory.rate(n) / Hz) for n in names]
        write_csv(
            staging / f"network_{state}.csv",
            {
                "population": names,
                "rate_Hz": [summary[n]["rate_Hz"] for n in names],
                "mean_field_Hz": mf,
                "cv": [summary[n]["cv"] for n in names],
                "chi": [summary[n]["chi"] for n in names],
            },
            result.provenance(),
            title=f"Brunel (2000) network, state {state}",
        )
        write_json(
            staging / f"network_{state}.json",
            {
                "summary": summary,
                "mean_field_Hz": dict(zip(names, mf)),
                "fixed_points": [
                    {"rates_Hz": [float(r) for r in fp.rates / Hz], "stable": fp.stable}
                    for fp in theory.fixed_points
                ],
                "wall_time_s": result.wall_time,
                "build_time_s": result.build_time,
                "provenance": result.provenance(),
            },
        )
        _state_figure(result, theory, state).savefig(staging / f"network_{state}.png")
    _warn_undefined_cv(result, summary)
    for n, rate_mf in zip(names, mf):
        s = summary[n]
        print(
            f"{n}: {s['rate_Hz']:.2f} Hz (mean field {rate_mf:.2f} Hz), "
            f"CV {s['cv']:.2f}, chi {s['chi']:.2f}"
        )
    print(
        f"simulated in {elapsed:.1f} s (build {result.build_time:.1f} s, "
        f"run {result.wall_time:.1f} s; "
        f"{result.backend}/{result.target}, seed {result.seed})"
    )
    print(f"wrote {args.out}/network_{state}.png, .csv and .json")
    return 0


def _warn_undefined_cv(result, summary) -> None:
    """Say why a CV is nan (in the CSV too): no neuron fired enough spikes after the transient."""
    import math

    from neurosim.bio.network.result import MIN_INTERVALS
    from neurosim.units import readable

    missing = [name for name in summary if math.isnan(summary[name]["cv"])]
    if missing:
        print(f"neurosim network: warning: CV of {', '.join(missing)} is nan: no neuron fired "
              f"{MIN_INTERVALS + 1} spikes or more in the {readable(result.window)} after the "
              f"transient; give a longer --duration", file=sys.stderr, flush=True)


def _state_figure(result, theory, state):
    from matplotlib.figure import Figure

    from neurosim.plotting.network import (
        plot_cv_histogram,
        plot_population_rate,
        plot_raster,
        plot_rate_histogram,
    )
    from neurosim.plotting.style import projector_style

    with projector_style():
        fig = Figure(figsize=(14, 9), layout="constrained")
        axes = fig.subplots(2, 2)
        plot_raster(result, axes[0, 0])
        plot_population_rate(result, axes[0, 1], mean_field_rate=theory.rate("E"))
        plot_rate_histogram(result, axes[1, 0], mean_field_rate=theory.rate("E"))
        plot_cv_histogram(result, axes[1, 1])
        fig.suptitle(
            f"Brunel (2000) model A, state {state}: {result.spec.n_neurons} neurons "
            f"({result.backend}, seed {result.seed})"
        )
    return fig


def _run_phase_diagram(args, duration, seed) -> int:
    from neurosim.bridge.phase_diagram import phase_diagram
    from neurosim.io import write_csv

    g_values, eta_values = _numbers(args.g, "g"), _numbers(args.eta, "eta")
    scale = 0.1 if args.scale is None else args.scale
    from neurosim.bio.network import brunel2000

    check_network_memory(brunel2000("AI", scale).n_synapses, name="--scale", value=scale,
                         backend=args.backend)
    with staged_output(args.out, force=args.force) as staging:
        print(
            f"phase diagram: {len(g_values)} x {len(eta_values)} networks at scale {scale:g}, "
            f"{duration} each, on {args.backend}",
            file=sys.stderr,
            flush=True,
        )
        diagram = phase_diagram(
            g_values,
            eta_values,
            scale=scale,
            duration=duration,
            backend=args.backend,
            target=args.target,
            threads=args.threads,
            seed=seed,
            progress=_progress,
        )
        from neurosim.provenance import provenance

        record = provenance(
            {"g": g_values, "eta": eta_values, "scale": scale, "duration": str(duration)},
            seed,
            backend=args.backend,
            target=args.target,
            threads=args.threads,
        )
        write_csv(
            staging / "phase_diagram.csv",
            diagram.columns(),
            record,
            title="Brunel (2000) phase diagram (excitatory population)",
        )
        _phase_figure(diagram).savefig(staging / "phase_diagram.png")
    print(f"wrote {args.out}/phase_diagram.png and phase_diagram.csv")
    return 0


def _phase_figure(diagram):
    from matplotlib.figure import Figure

    from neurosim.plotting.network import plot_phase_diagram
    from neurosim.plotting.style import projector_style

    with projector_style():
        fig = Figure(figsize=(18, 5.5), layout="constrained")
        for ax, quantity_name in zip(fig.subplots(1, 3), ("rate", "cv", "chi")):
            plot_phase_diagram(diagram, ax, quantity=quantity_name)
        fig.suptitle(
            f"Brunel (2000) phase diagram, scale {diagram.scale:g}: simulated rate "
            f"(mean field in brackets), CV, chi"
        )
    return fig
