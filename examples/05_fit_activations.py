"""05 - The article's activation functions, fitted to a spiking neuron's f-I curve.
================================================================================

Brian2's IF_curve_LIF example neuron (preset brian2_if_curve: threshold 10 mV
above rest, reset to rest, 5 ms refractory period, drive 0-20 mV = 0-2 nA) is
simulated at 200 currents in one run.  Linear, exponential, sigmoid and ReLU
(the article's four), softplus and the LIF rate curve itself are fitted by
least squares and ranked by AICc; each fit is read biologically (ReLU threshold
against the true rheobase, sigmoid ceiling against 1/t_ref, ...).  The figure
shows the simulated points, the closed-form rate, every fit with its R^2 and
RMSE, and the residuals.

Run:  python examples/05_fit_activations.py [OUTPUT_DIR]   (default examples/output)
"""

import sys
from pathlib import Path

import numpy as np
from brian2 import ms, nA, second

from neurosim.bio import fi_curve, load_preset
from neurosim.bridge import compare, fit_all, format_table
from neurosim.plotting import projector_style
from neurosim.plotting.bridge import fit_figure

out = Path(sys.argv[1] if len(sys.argv) > 1 else "examples/output")
out.mkdir(parents=True, exist_ok=True)

params = load_preset("brian2_if_curve")
curve = fi_curve(params, np.linspace(0, 2, 200) * nA, duration=1 * second, dt=0.1 * ms, seed=1)
results = fit_all(curve)

print(f"{params.name}: rheobase {params.rheobase}, 1/t_ref = {1 / params.t_ref}")
print(format_table(results))
print()
for result in results:
    print(f"{result.family:>11}: {result.meaning}")
print()
print(compare(curve).describe())

with projector_style():
    fig = fit_figure(
        curve, results, title="Activation functions fitted to a LIF neuron (Brian2 IF_curve_LIF)"
    )
    fig.savefig(out / "05_fit_activations.png")
print(f"saved {out / '05_fit_activations.png'}")
