"""``neurosim presets``: list the neuron presets with key values and sources."""

from __future__ import annotations

import textwrap

from brian2 import Hz, mV, ms, Mohm, pA

from neurosim.bio.presets import list_presets, load_preset, preset_info


def add_parser(subparsers):
    parser = subparsers.add_parser(
        "presets", help="list the neuron presets (models/*.toml) with their sources",
        description="List the LIF presets in models/ with their key values and literature sources.",
    )
    parser.set_defaults(func=run)
    return parser


def run(args) -> int:
    header = f"{'name':<20} {'tau_m':>7} {'R_m':>9} {'E_L':>7} {'V_th':>7} {'V_reset':>8} {'t_ref':>6} {'rheobase':>9} {'max rate':>9}"
    print(header)
    print("-" * len(header))
    for name in list_presets():
        p = load_preset(name)
        print(
            f"{name:<20} {float(p.tau_m / ms):>4.3g} ms {float(p.R_m / Mohm):>4.4g} Mohm"
            f" {float(p.E_L / mV):>4.3g} mV {float(p.V_th / mV):>4.3g} mV {float(p.V_reset / mV):>5.3g} mV"
            f" {float(p.t_ref / ms):>3.2g} ms {float(p.rheobase / pA):>6.4g} pA"
            f" {float(1 / p.t_ref / Hz):>6.4g} Hz"
        )
    print()
    print("Sources:")
    for name in list_presets():
        info = preset_info(name)
        wrapped = textwrap.fill(info.source, width=96, initial_indent="  ", subsequent_indent="    ")
        print(f"- {name}: {info.title}")
        print(wrapped)
    return 0
