"""14 - Brunel's phase diagram: rate, irregularity and synchrony over (g, eta).
============================================================================

Brunel (2000) mapped the states of his network against the relative strength of
inhibition g and the external drive eta = nu_ext/nu_thr (his Fig. 2): synchronous regular
(SR) where excitation dominates, asynchronous irregular (AI) where inhibition does, and
synchronous irregular states with fast (SI_fast) or slow (SI_slow) oscillations. Each cell
is one simulated network (scale 0.1: 1250 neurons with C_E = 1000): colour = rate, CV or
chi, text = the state label and the simulated rate with the mean-field rate in brackets.
Small networks are more synchronous than Brunel's large-N limit: see docs/network.md.

Run:  python examples/14_phase_diagram.py [OUTPUT_DIR]   (default examples/output)
"""

import importlib.util
import sys
from pathlib import Path

from brian2 import second
from matplotlib.figure import Figure

from neurosim.bridge.phase_diagram import phase_diagram
from neurosim.plotting import projector_style
from neurosim.plotting.network import plot_phase_diagram

out = Path(sys.argv[1] if len(sys.argv) > 1 else "examples/output")
out.mkdir(parents=True, exist_ok=True)
backend = "nest" if importlib.util.find_spec("nest") else "brian2"


def progress(done, total, message):
    print(f"[{done}/{total}] {message}", flush=True)


diagram = phase_diagram([4.5, 5.0, 6.0], [0.9, 2.0, 4.0], scale=0.1, duration=0.3 * second,
                        backend=backend, target="cython", seed=1, progress=progress)
print("states (rows g = 4.5, 5, 6; columns eta = 0.9, 2, 4):")
for g, row in zip(diagram.g, diagram.state):
    print(f"  g = {g:g}: {' '.join(f'{s:8s}' for s in row)}")

with projector_style():
    fig = Figure(figsize=(18, 5.5), layout="constrained")
    for ax, quantity in zip(fig.subplots(1, 3), ("rate", "cv", "chi")):
        plot_phase_diagram(diagram, ax, quantity=quantity)
    fig.suptitle(f"Brunel (2000) phase diagram, 1250 neurons per network ({backend})")
    fig.savefig(out / "14_phase_diagram.png")
print(f"saved {out / '14_phase_diagram.png'}")
