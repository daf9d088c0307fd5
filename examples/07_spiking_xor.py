"""07 - XOR computed by spiking neurons: the article's 2-4-1 network, converted.
=============================================================================

The hidden units of a 2-4-1 network use the firing-rate curve of a LIF
neuron as their activation (soft LIF, Hunsberger & Eliasmith 2015), so each
unit's activation *is* a firing rate in units of r_max = 1/t_ref.  After
training, every hidden unit becomes a LIF neuron in Brian2: inputs and biases
become constant currents, the output is a readout that integrates the
hidden neurons' spikes over 200 ms.  All four inputs (and a 40 x 40 grid of
points for the decision boundary) are simulated in one run each.

The figure shows the decision boundaries of the artificial and the spiking
network, the hidden spikes for each XOR input, and activation against rate.

Run:  python examples/07_spiking_xor.py [OUTPUT_DIR]   (default examples/output)
"""

import sys
from pathlib import Path

from brian2 import ms
from matplotlib.figure import Figure

from neurosim.bridge import conversion_experiment
from neurosim.plotting import projector_style
from neurosim.plotting.convert import plot_activation_vs_rate, plot_decision_boundaries, plot_raster

out = Path(sys.argv[1] if len(sys.argv) > 1 else "examples/output")
out.mkdir(parents=True, exist_ok=True)

experiment = conversion_experiment("xor", seed=0, presentation=200 * ms, grid=40)
result = experiment.result

with projector_style():
    fig = Figure(figsize=(18, 10), layout="constrained")
    top, bottom = fig.subfigures(2, 1)
    ax_ann, ax_snn, ax_scatter = top.subplots(1, 3)
    plot_decision_boundaries(experiment, (ax_ann, ax_snn))
    plot_activation_vs_rate(result, ax_scatter)
    for ax, raster in zip(bottom.subplots(1, 4, sharey=True), result.rasters):
        x1, x2 = experiment.X_test[raster.pattern]
        plot_raster(raster, ax, presentation=result.presentation,
                    title=f"input ({x1:g}, {x2:g}) -> {result.snn_predictions[raster.pattern]}")
        ax.label_outer()
    fig.savefig(out / "07_spiking_xor.png")

print("x1 x2 | target | ANN output | spiking output")
for (x1, x2), target, ann, snn in zip(experiment.X_test, experiment.y_test,
                                      result.ann_output[:, 0], result.snn_output[:, 0]):
    print(f" {x1:g}  {x2:g} |   {target:g}    |   {ann:.3f}    |   {snn:.3f}")
print(f"agreement {result.agreement:.0%}, spiking accuracy {result.snn_accuracy:.0%}, "
      f"correlation of activation and rate {result.correlation[0]:.4f}")
print(f"saved {out / '07_spiking_xor.png'}")
