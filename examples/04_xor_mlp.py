"""04 - XOR with the article's 2-4-1 network: its settings fail, others work.
==========================================================================

The article trains a 2-4-1 sigmoid network with MSE loss on XOR at learning
rate 0.01 for 1000 epochs. Trained correctly (back-propagation checked
against finite differences in the tests), that network barely moves: the loss
stays near 0.25, every output near 0.5. Learning rate 0.5 with 10^4 epochs
learns XOR. The figure shows both loss curves and both decision boundaries,
from the same initial weights.

Run:  python examples/04_xor_mlp.py [OUTPUT_DIR]   (default examples/output)
"""

import sys
from pathlib import Path

from matplotlib.figure import Figure

from neurosim.ann import ARTICLE_XOR_SETTINGS, MLP, WORKING_XOR_SETTINGS, datasets
from neurosim.plotting import projector_style
from neurosim.plotting.ann import plot_xor_experiment

out = Path(sys.argv[1] if len(sys.argv) > 1 else "examples/output")
out.mkdir(parents=True, exist_ok=True)

X, y = datasets.xor()
runs = {
    "article: lr 0.01, 1000 epochs": MLP(**ARTICLE_XOR_SETTINGS, seed=0).fit(X, y),
    "working: lr 0.5, 10^4 epochs": MLP(**WORKING_XOR_SETTINGS, seed=0).fit(X, y),
}

with projector_style():
    fig = Figure(figsize=(16, 5), layout="constrained")
    plot_xor_experiment(runs, X, y, fig)
    fig.savefig(out / "04_xor_mlp.png")

for label, model in runs.items():
    outputs = ", ".join(f"{v:.3f}" for v in model.forward(X)[:, 0])
    print(f"{label}: final MSE {model.loss_:.4f}, outputs for {X.tolist()}: {outputs}")
print(f"saved {out / '04_xor_mlp.png'}")
