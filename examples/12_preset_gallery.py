"""12 - Gallery of every neuron preset
===================================

Every preset in ``models/`` (LIF, Hodgkin-Huxley, Wang-Buzsaki, EIF, AdEx,
Izhikevich, QIF), each in one vectorised run: one neuron per current from 0 to 1.5x
the preset's step current (the step that shows its firing pattern; 2x the
rheobase for a LIF), plus that step, whose membrane potential is recorded.

Left of each pair: the step response, titled with the pattern the preset
names and the one :func:`neurosim.bio.classify_pattern` finds.  Right: the
rate at onset (1/first interval) and in steady state (second half of the
step) against current.  The Hodgkin-Huxley axon jumps to a finite rate (type
II); the others rise from 0 Hz (type I); adapting cells fire much faster at
onset than later.

Every model runs at dt 0.05 ms here (the non-LIF presets' own dt is 0.01 ms),
the integrate-and-fire models on numpy, the conductance-based ones (six rate
functions per step) compiled with Cython; rates move by a few per cent.

Run: ``python examples/12_preset_gallery.py OUTPUT_DIR``
"""

import sys
from pathlib import Path

import numpy as np
from brian2 import Hz, amp, ms

from neurosim.bio import (
    HHParams,
    WangBuzsakiParams,
    list_presets,
    load_preset,
    preset_info,
    step_responses,
)
from neurosim.plotting.cells import gallery_figure
from neurosim.plotting.style import projector_style

out = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
out.mkdir(parents=True, exist_ok=True)

cells, as_named = [], 0
for name in list_presets():
    params, info = load_preset(name), preset_info(name)
    step = info.step_current if info.step_current is not None else 2 * params.rheobase
    currents = np.r_[np.linspace(0, 1.5, 13), 1.0] * float(step / amp) * amp
    model = params.brian_model()
    dt = min(max(model.dt, 0.05 * ms), model.max_dt)
    target = "cython" if isinstance(params, (HHParams, WangBuzsakiParams)) else "numpy"
    responses = step_responses(params, currents, 500 * ms, dt=dt, trace=len(currents) - 1,
                               target=target)
    found = responses.patterns()[-1].pattern
    as_named += found == info.pattern
    onset, steady = responses.onset_rates[-1] / Hz, responses.steady_rates[-1] / Hz
    print(
        f"{name:<20} {type(params).__name__:<18} step {step!s:<10} named {info.pattern or '-':<14} "
        f"found {found:<14} onset {onset:6.1f} Hz, steady {steady:6.1f} Hz"
    )
    cells.append((f"{name}: {info.pattern or 'LIF'} / found {found}", responses, responses))

named = sum(1 for name in list_presets() if preset_info(name).pattern)
print(f"patterns as named: {as_named} of {named} presets that name one")
with projector_style():
    fig = gallery_figure(cells)
    fig.savefig(out / "12_preset_gallery.png")
print(f"saved {out / '12_preset_gallery.png'}")
