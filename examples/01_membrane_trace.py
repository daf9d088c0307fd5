"""01 - One LIF neuron, one input: the membrane charges, fires, resets.
====================================================================

A step of current into the textbook LIF neuron (Neuronal Dynamics, ch. 1),
without and with membrane noise. Below threshold the membrane relaxes
exponentially with time constant tau_m; each time it crosses V_th it emits a
spike and is reset, then held for the refractory period t_ref.

Run:  python examples/01_membrane_trace.py [OUTPUT_DIR]   (default examples/output)
"""

import sys
from pathlib import Path

from brian2 import ms, mV, nA
from matplotlib.figure import Figure

from neurosim.bio import Step, load_preset, simulate
from neurosim.plotting import projector_style
from neurosim.plotting.bio import plot_current, plot_membrane

out = Path(sys.argv[1] if len(sys.argv) > 1 else "examples/output")
out.mkdir(parents=True, exist_ok=True)

params = load_preset("neuronal_dynamics")
stimulus = Step(2.5 * nA, start=20 * ms, stop=170 * ms)
quiet = simulate(params, stimulus, 200 * ms)
noisy = simulate(params, stimulus, 200 * ms, sigma=2 * mV, seed=1)

with projector_style():
    fig = Figure(figsize=(10, 7), layout="constrained")
    ax_i, ax_v, ax_n = fig.subplots(3, 1, sharex=True, height_ratios=[1, 2, 2])
    plot_current(quiet, ax_i)
    plot_membrane(quiet, ax_v, label="no noise")
    plot_membrane(noisy, ax_n, label="noise sigma = 2 mV")
    ax_v.set_title(f"{params.name}: {quiet.n_spikes} spikes without noise, "
                   f"{noisy.n_spikes} with noise (seed {noisy.seed})")
    for ax in (ax_i, ax_v, ax_n):
        ax.label_outer()
    for ax in (ax_v, ax_n):
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    fig.savefig(out / "01_membrane_trace.png")
print(f"{params.name}, 2.5 nA step for 150 ms: {quiet.n_spikes} spikes without noise, "
      f"{noisy.n_spikes} with sigma = 2 mV (seed {noisy.seed})")
print(f"saved {out / '01_membrane_trace.png'}")
