"""``neurosim presets``: list the neuron presets of every model with key values and sources."""

from __future__ import annotations

import textwrap

from neurosim.bio.presets import list_presets, load_preset, preset_info
from neurosim.units import readable

#: Per model, the parameters that say most about the cell (the rest: ``as_text()``).
KEY_FIELDS = {
    "lif": ("tau_m", "R_m", "E_L", "V_th", "V_reset", "t_ref"),
    "hh": ("g_Na", "g_K", "g_L", "E_L", "area"),
    "wang_buzsaki": ("g_Na", "g_K", "g_L", "phi", "area"),
    "eif": ("tau_m", "R_m", "V_T", "Delta_T", "V_reset"),
    "adex": ("C", "g_L", "tau_w", "a", "b", "V_reset"),
    "izhikevich": ("C", "k", "a", "b", "c", "d"),
}


def add_parser(subparsers):
    parser = subparsers.add_parser(
        "presets", help="list the neuron presets (models/*.toml) with their sources",
        description="List the neuron presets in models/, every model (LIF, Hodgkin-Huxley, "
                    "Wang-Buzsaki, EIF, AdEx, Izhikevich), with key values and literature sources.",
    )
    parser.set_defaults(func=run)
    return parser


def key_values(params) -> str:
    """The key parameters of a preset as ``name=value`` text, plus the LIF rheobase."""
    from brian2 import pA

    text = params.as_text()
    model = getattr(params, "MODEL", "lif")
    keys = [key for key in KEY_FIELDS.get(model, ()) if key in text] or list(text)[:5]
    values = [f"{key}={text[key].replace(' ', '')}" for key in keys]
    if model == "lif":
        values.append(f"rheobase={float(params.rheobase / pA):.4g}pA")
    return " ".join(values)


def run(args) -> int:
    names = list_presets()
    rows = []
    for name in names:
        params, info = load_preset(name), preset_info(name)
        values = key_values(params)
        step = getattr(info, "step_current", None)
        if step is not None:
            values += f" | step {readable(step)}" + (
                f": {info.pattern}" if getattr(info, "pattern", "") else ""
            )
        rows.append((name, getattr(params, "MODEL", "lif"), values))
    width = max(len(name) for name, _, _ in rows) + 1
    header = f"{'name':<{width}} {'model':<13} key values (rheobase: the closed form, LIF only)"
    print(header)
    print("-" * len(header))
    for name, model, values in rows:
        print(f"{name:<{width}} {model:<13} {values}")
    print()
    print("Sources:")
    for name in names:
        info = preset_info(name)
        wrapped = textwrap.fill(
            info.source, width=96, initial_indent="  ", subsequent_indent="    "
        )
        print(f"- {name}: {info.title}")
        print(wrapped)
    return 0
