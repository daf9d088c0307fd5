"""``neurosim nest-check``: one cell of a preset on neurosim and on NEST, side by side."""

from __future__ import annotations

from brian2 import Hz, amp, ms, second

from neurosim.bio import load_preset
from neurosim.cli._args import quantity
from neurosim.errors import ParameterError

#: Library parameter name -> option name.
OPTION_NAMES = {"current": "--current", "params": "--preset", "settle": "--settle"}


def add_parser(subparsers):
    parser = subparsers.add_parser(
        "nest-check", help="run one cell on neurosim and on its NEST counterpart",
        description="Simulate one neuron of a preset at a constant current on neurosim (Brian2) "
                    "and on the NEST model with the same equations (HH: hh_psc_alpha, AdEx: "
                    "aeif_psc_delta, Izhikevich: izhikevich, LIF: iaf_psc_delta); print their "
                    "spike times and steady-state rates side by side, with neurosim's "
                    "first-order dt error (Richardson) where NEST's integrator is adaptive. "
                    "Writes nothing.",
    )
    parser.add_argument("--preset", required=True,
                        help="preset name (see `neurosim presets`) or path of a .toml file")
    parser.add_argument("--current", required=True,
                        help="constant input current, e.g. '500 pA' (HH-type presets also take "
                             "a density, e.g. '10 uA/cm^2')")
    parser.add_argument("--duration", default="1 s", help="simulated time (default 1 s)")
    parser.add_argument("--dt", default=None, help="neurosim's time step (default: the model's)")
    parser.add_argument("--settle", default=None,
                        help="count spikes from this time (default: the model's settle time)")
    parser.add_argument("--target", default="auto", choices=["auto", "numpy", "cython"],
                        help="Brian2 target (default auto: cython when installed)")
    parser.set_defaults(func=run)
    return parser


def _current(args, params):
    """``--current`` as a current, or (``.../cm^2`` on a membrane patch) as a density."""
    import brian2

    from neurosim.units import parse_quantity

    text = args.current.strip()
    for tail in ("/cm^2", "/cm**2", "/cm2"):
        if text.replace(" ", "").endswith(tail) and hasattr(params, "current"):
            head = text.replace(" ", "")[: -len(tail)]
            return params.current(parse_quantity(head, "--current", amp) / brian2.cm**2)
    return parse_quantity(text, "--current", amp)


def run(args) -> int:
    from neurosim.bio.brian2_tools import resolve_target
    from neurosim.bio.nest_check import compare_with_nest, import_nest

    params = load_preset(args.preset)
    if params.nest_counterpart() is None:
        raise ParameterError(f"--preset: NEST has no counterpart of {params.name} "
                             f"({type(params).__name__}); HH, AdEx, Izhikevich and LIF do")
    current = _current(args, params)
    duration = quantity(args, "duration", second)
    dt = quantity(args, "dt", ms) if args.dt is not None else None
    settle = quantity(args, "settle", second) if args.settle is not None else None
    import_nest()
    result = compare_with_nest(params, current, duration, dt=dt, settle=settle,
                               target=resolve_target(args.target, params, runtime=True,
                                                     name="--target"))
    _print(result)
    return 0


def _print(result):
    from neurosim.units import readable
    def hz(q):
        return "-" if q is None else f"{float(q / Hz):.6g} Hz"

    print(f"{result.params.name} at {readable(result.current)} for {readable(result.duration)}, "
          f"dt {float(result.dt / ms):.6g} ms, rates from {readable(result.settle)}: neurosim "
          f"(Brian2) against NEST {result.nest_model}")
    print(f"  integrators: {result.integrator}; NEST's spike: {result.spike}")
    print(f"  {'':24}{'neurosim':>18}{'NEST':>18}")
    print(f"  {'spikes':24}{len(result.times):>18}{len(result.nest_times):>18}")
    print(f"  {'rate at dt':24}{hz(result.rate):>18}{hz(result.nest_rate):>18}")
    if result.rate_richardson is not None:
        print(f"  {'rate at dt/2':24}{hz(result.rate_half_dt):>18}")
        print(f"  {'Richardson 2r(dt/2)-r(dt)':24}{hz(result.rate_richardson):>18}")
        print(f"  neurosim's first-order error at dt: {100 * result.dt_error:+.3f}%")
    print(f"  neurosim's best estimate / NEST - 1: {100 * result.rate_difference:+.4f}%")
    diffs = result.paired_times()
    for k in range(min(5, len(diffs))):
        print(f"  spike {k + 1}: {float(result.times[k] / ms):.6f} ms  "
              f"{float(result.nest_times[k] / ms):.6f} ms  (difference {diffs[k]:+.3g} ms)")
