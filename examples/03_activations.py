"""03 - The article's activation functions and their derivatives, side by side.
============================================================================

Every built-in activation (solid) with its derivative (dashed), the pair that
back-propagation needs: the article's linear, exponential, sigmoid and ReLU,
plus tanh, softplus and leaky ReLU. The last panel shows what the article's
slope parameter ``a`` does to the sigmoid 1/(1 + exp(-a x)): a larger ``a``
makes it steeper, approaching a step (a threshold unit).

Run:  python examples/03_activations.py [OUTPUT_DIR]   (default examples/output)
"""

import sys
from pathlib import Path

import numpy as np
from matplotlib.figure import Figure

from neurosim.ann import ACTIVATIONS, get_activation
from neurosim.plotting import projector_style
from neurosim.plotting.ann import plot_activation
from neurosim.plotting.style import CYCLE

out = Path(sys.argv[1] if len(sys.argv) > 1 else "examples/output")
out.mkdir(parents=True, exist_ok=True)

x = np.linspace(-4, 4, 401)
# The leaky ReLU's default slope (0.01) is invisible at this scale; 0.1 shows it.
shown = [get_activation("leaky_relu", slope=0.1) if name == "leaky_relu" else act
         for name, act in ACTIVATIONS.items()]

with projector_style():
    fig = Figure(figsize=(16, 8), layout="constrained")
    axes = fig.subplots(2, 4).ravel()
    for index, (ax, act) in enumerate(zip(axes, shown)):
        plot_activation(act, x, ax)
        ax.set_title(act.name)
        if index % 4:  # y scales differ, so every panel keeps its ticks
            ax.set_ylabel("")
        if index < 4:
            ax.set_xlabel("")
    axes[1].set_ylim(-0.5, 10)  # exp(4) = 55 would flatten the curve
    axes[1].set_title("exponential (f' = f for a = 1)")
    axes[6].set_title("leaky_relu (slope 0.1)")
    ax = axes[-1]
    for colour, a in zip(CYCLE, (0.5, 1.0, 2.0, 5.0)):
        plot_activation(get_activation("sigmoid", a=a), x, ax, derivative=False,
                        color=colour, label=f"a = {a:g}")
    ax.set_title("sigmoid, slope parameter a")
    ax.set_ylabel("")
    ax.legend(loc="upper left", frameon=False)
    axes[0].legend(loc="upper left", frameon=False)
    fig.suptitle("Activation functions f(x) (solid) and derivatives f'(x) (dashed)")
    fig.savefig(out / "03_activations.png")
slopes = [float(get_activation("sigmoid", a=a).df(0.0)) for a in (0.5, 1.0, 2.0, 5.0)]
print("sigmoid slope at 0 is a/4: " + ", ".join(f"{s:g}" for s in slopes))
print(f"saved {out / '03_activations.png'}")
