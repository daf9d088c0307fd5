"""``neurosim fi``: simulate an f-I curve of a preset; save a CSV and a PNG."""

from __future__ import annotations

import math
import time

import numpy as np
from brian2 import Hz, amp, ms, mV, nA, second

from neurosim.bio import brian2_tools, fi_curve, load_preset
from neurosim.cli._args import (
    add_cache_option,
    add_output_options,
    positive_int,
    quantity,
    seed_option,
)
from neurosim.cli._output import check_output_dir, staged_output
from neurosim.errors import ParameterError
from neurosim.io import write_csv
from neurosim.provenance import provenance
from neurosim.resources import FI_BYTES_PER_NEURON, check_memory, check_steps
from neurosim.units import parse_quantity, readable

#: Default of --duration (the size check blames the option the user changed).
DEFAULT_DURATION = "1 s"
#: Currents of a curve when --points is not given.
DEFAULT_POINTS = 50


def add_parser(subparsers):
    parser = subparsers.add_parser(
        "fi", help="simulate the f-I curve of a neuron preset",
        description="Simulate firing rate against constant input current for any preset "
                    "(one Brian2 run, one neuron per current); for LIF presets with the "
                    "closed-form rate over it.",
    )
    add_curve_options(parser, preset_default="neuronal_dynamics")
    parser.add_argument("--spike-timing", default="grid", choices=["grid", "exact"],
                        help="grid: Brian2's standard LIF (error ~ r^2 dt); exact: spikes dated "
                             "within the step (no noise only)")
    add_output_options(parser)
    parser.set_defaults(func=run)
    return parser


def add_curve_options(parser, *, preset_default=None):
    """The options that define a simulated f-I curve (shared with ``neurosim fit``)."""
    parser.add_argument("--preset", default=preset_default, required=preset_default is None,
                        help="preset name (see `neurosim presets`) or path of a .toml file")
    parser.add_argument("--from", dest="from_", default="0 nA", metavar="CURRENT",
                        help="first current (default 0 nA)")
    parser.add_argument("--to", default=None, metavar="CURRENT",
                        help="last current (default: 5x the rheobase of a LIF preset, its closed "
                             "form; 3x for the other models, found in one 200 ms run)")
    add_cache_option(parser)
    parser.add_argument("--points", type=int, default=None,
                        help=f"number of currents (default {DEFAULT_POINTS}; with fit --preset "
                             "all 25, the demo's table)")
    parser.add_argument("--sigma", default="0 mV", help="noise amplitude (default 0 mV)")
    parser.add_argument("--dt", default=None,
                        help="time step (default: the model's, LIF 0.1 ms, the others 0.01 ms)")
    parser.add_argument("--duration", default=DEFAULT_DURATION,
                        help=f"simulated time per current (default {DEFAULT_DURATION})")
    parser.add_argument("--trials", type=int, default=1, help="neurons per current (default 1)")
    parser.add_argument(
        "--seed", type=int, default=None, help="random seed (default: drawn, and saved)"
    )
    parser.add_argument(
        "--target",
        default="auto",
        choices=["auto", "numpy", "cython", "cpp_standalone"],
        help="Brian2 code generation target (default auto: numpy for LIF presets, "
        "cython for the others when Cython is installed)",
    )




def curve_points(args) -> int:
    """--points, or :data:`DEFAULT_POINTS` when it is not given."""
    return DEFAULT_POINTS if args.points is None else args.points


def curve_from_args(args):
    """Read the options of :func:`add_curve_options`: ``(params, currents, fi_curve keywords)``.

    Checks the run's size before any work: its number of time steps
    (Brian2's step counter) and its memory (:mod:`neurosim.resources`).
    """
    dt = quantity(args, "dt", ms) if args.dt is not None else None
    kwargs = {
        "sigma": quantity(args, "sigma", mV),
        "duration": quantity(args, "duration", second),
        "n_trials": positive_int(args.trials, "trials"),
        "seed": seed_option(args),
    }
    params = load_preset(args.preset)
    brian2_tools.check_sigma(kwargs["sigma"])
    _check_size(args, kwargs["duration"], dt, params, kwargs["sigma"])
    target = kwargs["target"] = brian2_tools.resolve_target(args.target, params,
                                                             name="--target")
    if dt is not None:
        kwargs["dt"] = dt
    currents = currents_from_args(args, params, dt=dt, target=target)
    return params, currents, kwargs


def _check_size(args, duration, dt, params, sigma):
    """Refuse, before any work, a run past Brian2's step counter or the available memory."""
    from neurosim.bio import engine

    model = engine.fi_model(params, sigma)
    if dt is None:  # the model's default, as fi_curve will use it
        dt = model.dt
    else:  # (0, max_dt] first: a zero dt would make the step count a division by zero
        engine.check_dt(dt, model)
    blame = "dt" if args.dt is not None and args.duration == DEFAULT_DURATION else "duration"
    check_steps(duration, dt, duration_name="--duration", dt_name="--dt", blame=blame)
    points = positive_int(curve_points(args), "points", minimum=2)
    neurons, what = points * args.trials, "neurons (--points x --trials)"
    if points >= args.trials:
        check_memory(neurons, FI_BYTES_PER_NEURON, name="--points", value=points, what=what,
                     per=args.trials)
    else:
        check_memory(neurons, FI_BYTES_PER_NEURON, name="--trials", value=args.trials, what=what,
                     per=points)


def default_stop(params, *, dt=None, target="numpy"):
    """The default top of the current range: 5x the model's closed-form rheobase where it has
    one (the LIF), else 3x a rough rheobase (:func:`neurosim.bio.find_rheobase` without
    refinement: one vectorised run of 200 ms on its default grid, 1 pA to 100 nA)."""
    closed = params.closed_form_rheobase()
    if closed is not None:
        return 5 * closed
    from neurosim.bio.excitability import find_rheobase
    from neurosim.bridge.correspondence_table import RANGE_FACTOR

    try:
        rough = find_rheobase(params, refine=False, duration=200 * ms, dt=dt,
                              target="numpy" if target == "cpp_standalone" else target)
    except ParameterError as error:  # never fires up to 100 nA, or already at 1 pA
        raise ParameterError(f"--to: no default range for {params.name} ({error}); "
                             "give --to") from None
    return RANGE_FACTOR * rough.current


def currents_from_args(args, params, *, dt=None, target="numpy"):
    """The current grid from --from/--to/--points (``--to``: :func:`default_stop`)."""

    start = parse_quantity(args.from_, "--from", amp)
    points = positive_int(curve_points(args), "points", minimum=2)
    if args.to is not None:
        stop = parse_quantity(args.to, "--to", amp)
        if not stop > start:
            raise ParameterError(f"--to: must be above --from ({readable(start)}), "
                                 f"got {readable(stop)}")
    else:
        stop = default_stop(params, dt=dt, target=target)
        if not stop > start:
            closed = params.closed_form_rheobase()
            why = (f"{params.name} rests at or above threshold, so its rheobase is "
                   f"{readable(closed)}"
                   if closed is not None and closed <= 0 * amp else
                   f"the default --to for {params.name} is {readable(stop)}")
            raise ParameterError(f"--from: {readable(start)} is not below the default --to: {why}; "
                                 "give --to")
    low, high = float(start / amp), float(stop / amp)
    if not math.isfinite((high - low) * 1e12):  # in pA (plots work in pA and nA)
        typed = f"{args.from_} to {args.to}" if args.to is not None else f"from {args.from_}"
        raise ParameterError(f"--from/--to: the range {typed} is too wide to compute (it "
                             "overflows double precision); keep it within +-1e290 A")
    return np.linspace(low, high, points) * amp


def run(args) -> int:
    check_output_dir(args.out, force=args.force)
    params, currents, kwargs = curve_from_args(args)
    sigma, duration = kwargs["sigma"], kwargs["duration"]
    if args.spike_timing not in params.SPIKE_TIMINGS:
        raise ParameterError(
            f"--spike-timing: {args.spike_timing!r} inverts the LIF solution; {params.name} "
            f"(model {params.MODEL!r}) takes {', '.join(params.SPIKE_TIMINGS)}"
        )
    with staged_output(args.out, force=args.force) as staging:
        started = time.perf_counter()
        timing = {"spike_timing": args.spike_timing} if args.spike_timing != "grid" else {}
        curve = fi_curve(params, currents, **timing, **kwargs)
        elapsed = time.perf_counter() - started
        record = provenance(curve.settings, curve.seed, source=params.source)
        name = f"fi_{params.name}"
        columns = {
            "current_nA": curve.currents / nA,
            "rate_Hz": curve.rates / Hz,
            "rate_isi_Hz": curve.rates_isi / Hz,
            "rate_count_Hz": curve.rates_count / Hz,
            "rate_std_Hz": curve.rates_std / Hz,
        }
        closed_form = params.closed_form_rate(curve.currents)
        if closed_form is not None:
            columns["closed_form_Hz"] = closed_form / Hz
        write_csv(
            staging / f"{name}.csv", columns, record, title=f"f-I curve of preset {params.name}"
        )
        from neurosim.plotting.bio import plot_fi_curve
        from neurosim.plotting.style import projector_style

        with projector_style():
            ax = plot_fi_curve(curve, theory=closed_form is not None)
            ax.set_title(f"f-I curve: {params.name} (sigma = {float(sigma / mV):g} mV)")
            ax.figure.savefig(staging / f"{name}.png")
    print(
        f"simulated {len(curve)} currents x {curve.n_trials} trial(s) of {readable(duration)} "
        f"at dt {readable(curve.dt)} "
        f"in {elapsed:.2f} s (target {curve.target}, seed {curve.seed})"
    )
    summary = f"max rate {float(np.max(curve.rates / Hz)):.1f} Hz"
    rheobase = params.closed_form_rheobase()
    if rheobase is not None:
        summary = f"rheobase {readable(rheobase)}, " + summary
    if closed_form is not None and sigma == 0 * mV:
        worst = np.max(np.abs(curve.rates / Hz - np.asarray(closed_form / Hz)))
        summary += f", max |simulated - closed form| = {worst:.2f} Hz"
    if rheobase is None:
        firing = np.flatnonzero(np.asarray(curve.rates / Hz) > 0)
        if len(firing):
            summary = f"first firing current {readable(curve.currents[firing[0]])}, " + summary
    print(f"{params.name} ({type(params).__name__}): {summary}")
    print(f"wrote {args.out}/{name}.csv and {args.out}/{name}.png")
    return 0
