"""02 - f-I curves: firing rate against input current, simulated and exact.
========================================================================

One Brian2 run simulates a whole f-I curve (one neuron per current). The
closed-form LIF rate r = 1 / (t_ref + tau_m ln((R I + E_L - V_reset)/(R I + E_L - V_th)))
is drawn over the simulated points: zero below the rheobase (V_th - E_L)/R_m,
a steep rise just above it, and saturation towards 1/t_ref.

Run:  python examples/02_fi_curve.py [OUTPUT_DIR]   (default examples/output)
"""

import sys
from pathlib import Path

import numpy as np
from brian2 import Hz, nA
from matplotlib.figure import Figure

from neurosim.bio import fi_curve, lif_rate, load_preset
from neurosim.plotting import projector_style
from neurosim.plotting.bio import plot_fi_curve
from neurosim.plotting.style import CYCLE

out = Path(sys.argv[1] if len(sys.argv) > 1 else "examples/output")
out.mkdir(parents=True, exist_ok=True)

presets = ["neuronal_dynamics", "cortical_pyramidal", "fast_spiking"]
with projector_style():
    fig = Figure(figsize=(15, 4.8), layout="constrained")
    axes = fig.subplots(1, len(presets))
    for ax, name, color in zip(axes, presets, CYCLE):
        params = load_preset(name)
        currents = np.linspace(0, 5, 50) * params.rheobase
        curve = fi_curve(params, currents)  # one NeuronGroup of 50 neurons
        error = np.max(np.abs(np.asarray((curve.rates - lif_rate(currents, params)) / Hz)))
        plot_fi_curve(curve, ax, color=color, label="simulated")
        print(f"{name}: rheobase {float(params.rheobase / nA):.3g} nA, "
              f"max |simulated - closed form| {error:.1f} Hz")
        ax.set_title(f"{name}\nrheobase {float(params.rheobase / nA):.3g} nA, "
                     f"max error {error:.1f} Hz", fontsize=13)
    fig.savefig(out / "02_fi_curve.png")
print(f"saved {out / '02_fi_curve.png'}")
