"""``neurosim fi``: simulate an f-I curve of a preset; save a CSV and a PNG."""

from __future__ import annotations

import time

import numpy as np
from brian2 import Hz, mV, ms, nA, second, amp

from neurosim.bio import fi_curve, load_preset
from neurosim.bio.theory import lif_rate
from neurosim.cli._args import add_output_options, positive_int, quantity
from neurosim.units import parse_quantity
from neurosim.cli._output import staged_output
from neurosim.errors import ParameterError
from neurosim.io import write_csv
from neurosim.provenance import provenance


def add_parser(subparsers):
    parser = subparsers.add_parser(
        "fi", help="simulate the f-I curve of a neuron preset",
        description="Simulate firing rate against constant input current for a LIF preset "
                    "(one Brian2 run, one neuron per current), with the closed-form rate over it.",
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
                        help="last current (default 5x the preset's rheobase)")
    parser.add_argument("--points", type=int, default=50, help="number of currents (default 50)")
    parser.add_argument("--sigma", default="0 mV", help="noise amplitude (default 0 mV)")
    parser.add_argument("--dt", default="0.1 ms", help="time step (default 0.1 ms)")
    parser.add_argument("--duration", default="1 s", help="simulated time per current (default 1 s)")
    parser.add_argument("--trials", type=int, default=1, help="neurons per current (default 1)")
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: drawn, and saved)")
    parser.add_argument("--target", default="numpy", choices=["numpy", "cython", "cpp_standalone"],
                        help="Brian2 code generation target (default numpy)")


def curve_from_args(args):
    """Read the options of :func:`add_curve_options`: ``(params, currents, fi_curve keywords)``."""
    params = load_preset(args.preset)
    currents = currents_from_args(args, params)
    kwargs = {
        "sigma": quantity(args, "sigma", mV),
        "dt": quantity(args, "dt", ms),
        "duration": quantity(args, "duration", second),
        "n_trials": positive_int(args.trials, "trials"),
        "seed": args.seed,
        "target": args.target,
    }
    return params, currents, kwargs


def currents_from_args(args, params):
    """The current grid from --from/--to/--points (``--to`` defaults to 5x rheobase)."""

    start = parse_quantity(args.from_, "--from", amp)
    stop = parse_quantity(args.to, "--to", amp) if args.to is not None else 5 * params.rheobase
    points = positive_int(args.points, "points", minimum=2)
    if not stop > start:
        raise ParameterError(f"--to: must be above --from ({start}), got {stop}")
    return np.linspace(float(start / amp), float(stop / amp), points) * amp


def run(args) -> int:
    params, currents, kwargs = curve_from_args(args)
    sigma, duration = kwargs["sigma"], kwargs["duration"]
    with staged_output(args.out, force=args.force) as staging:
        started = time.perf_counter()
        curve = fi_curve(params, currents, spike_timing=args.spike_timing, **kwargs)
        elapsed = time.perf_counter() - started
        record = provenance(curve.settings(), curve.seed, source=params.source)
        name = f"fi_{params.name}"
        write_csv(
            staging / f"{name}.csv",
            {
                "current_nA": curve.currents / nA,
                "rate_Hz": curve.rates / Hz,
                "rate_isi_Hz": curve.rates_isi / Hz,
                "rate_count_Hz": curve.rates_count / Hz,
                "rate_std_Hz": curve.rates_std / Hz,
                "closed_form_Hz": lif_rate(curve.currents, params) / Hz,
            },
            record,
            title=f"f-I curve of preset {params.name}",
        )
        from neurosim.plotting.bio import plot_fi_curve
        from neurosim.plotting.style import projector_style

        with projector_style():
            ax = plot_fi_curve(curve)
            ax.set_title(f"f-I curve: {params.name} (sigma = {float(sigma / mV):g} mV)")
            ax.figure.savefig(staging / f"{name}.png")
    theory = np.asarray(lif_rate(curve.currents, params) / Hz)
    max_err = float(np.max(np.abs(np.asarray(curve.rates / Hz) - theory))) if sigma == 0 * mV else None
    print(f"simulated {len(curve)} currents x {curve.n_trials} trial(s) of {duration} in {elapsed:.2f} s "
          f"(target {curve.target}, seed {curve.seed})")
    print(f"rheobase {params.rheobase}, max rate {float(np.max(curve.rates / Hz)):.1f} Hz"
          + (f", max |simulated - closed form| = {max_err:.2f} Hz" if max_err is not None else ""))
    print(f"wrote {args.out}/{name}.csv and {args.out}/{name}.png")
    return 0
