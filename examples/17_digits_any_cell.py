"""17 - Handwritten digits read by networks of five different cell types.
========================================================================

For each cell type (a LIF, an adapting AdEx, an Izhikevich regular-spiking
cell, Wang-Buzsaki and Hodgkin-Huxley) its own f-I curve, fitted in physical
units (nA in, Hz out), is the activation of a 64-32-32-10 network trained on
scikit-learn's 8x8 digits. The same weights then run as spiking neurons of that
cell type: 150 test images at once, one Brian2 run per cell type, read after
10 to 500 ms. The figure shows the spiking accuracy against presentation time,
one line per cell type, each cell's ANN as a dashed line: type I cells (rates
from 0 Hz) follow their ANN closely; Hodgkin-Huxley (type II) cannot fire
between 0 and ~60 Hz, and loses a few points.

Run:  python examples/17_digits_any_cell.py [OUTPUT_DIR]   (default examples/output)
"""

import sys
from pathlib import Path

from brian2 import ms
from matplotlib.figure import Figure

from neurosim.bridge import digits_experiment
from neurosim.bridge.digits import DIGITS_CELLS
from neurosim.plotting import projector_style
from neurosim.plotting.digits import plot_digits_accuracy

out = Path(sys.argv[1] if len(sys.argv) > 1 else "examples/output")
out.mkdir(parents=True, exist_ok=True)

experiments = [digits_experiment(preset, seed=0, n_test=150) for preset in DIGITS_CELLS]
with projector_style():
    fig = Figure(figsize=(10, 6), layout="constrained")
    plot_digits_accuracy(experiments, fig.add_subplot())
    fig.savefig(out / "17_digits_any_cell.png")

times = experiments[0].run.times
print("cell type          fit   ANN    " + " ".join(f"{float(t / ms):>5g}" for t in times)
      + "  (ms: spiking accuracy)")
for e in experiments:
    run = e.run
    print(f"{e.preset:18s} {e.activation.fit.family:5s} {run.ann_accuracy:.3f}  "
          + " ".join(f"{a:.3f}" for a in run.accuracies()))
print(f"saved {out / '17_digits_any_cell.png'}")
