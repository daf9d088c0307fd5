"""``neurosim presets``: list the neuron presets of every model with key values and sources."""

from __future__ import annotations

import textwrap

from neurosim.bio.models import MODELS
from neurosim.bio.presets import list_presets, load_preset, preset_info
from neurosim.units import readable


def add_parser(subparsers):
    parser = subparsers.add_parser(
        "presets", help="list the neuron presets (models/*.toml) with their sources",
        description=f"List the neuron presets in models/, every model ({', '.join(MODELS)}), "
                    "with key values and literature sources.",
    )
    parser.set_defaults(func=run)
    return parser


def key_values(params) -> str:
    """The key parameters of a preset as ``name=value`` text (the model's ``key_fields()``),
    plus its closed-form rheobase where it has one."""
    from brian2 import pA

    text = params.as_text()
    values = [f"{key}={text[key].replace(' ', '')}" for key in params.key_fields()
              if key in text]
    rheobase = params.closed_form_rheobase()
    if rheobase is not None:
        values.append(f"rheobase={float(rheobase / pA):.4g}pA")
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
        rows.append((name, params.MODEL, values))
    width = max(len(name) for name, _, _ in rows) + 1
    header = (f"{'name':<{width}} {'model':<13} key values "
              "(rheobase: the closed form, where there is one)")
    print(header)
    print("-" * len(header))
    for name, model, values in rows:
        print(f"{name:<{width}} {model:<13} {values}")
    print()
    print("Rate error at each model's default dt (docs/bio.md, 'The dt band of each model'):")
    seen = {}
    for name in names:
        params = load_preset(name)
        seen.setdefault(type(params), params)
    for params in seen.values():
        dt = readable(params.brian_model().dt)
        print(f"- {params.MODEL} (dt {dt}): {params.DT_BAND or 'not measured'}")
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
