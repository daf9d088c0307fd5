"""08 - Two moons classified by spiking neurons, and how long they must look.
==========================================================================

A 2-16-1 network with LIF-rate hidden units is trained on noisy moons (200
points), converted to 16 LIF neurons per input pattern, and all 200 test
points are presented at once (one copy of the network per point, one Brian2
run). The same run is read after 5, 10, 20, 50, 100, 200 and 500 ms: with
more time each neuron's spike count pins its rate down more finely (one
spike in T is a rate step of 1/T), so the spiking network agrees with the
artificial one on more points: the accuracy/latency trade-off of converted
networks (Rueckauer et al. 2017).

Run:  python examples/08_spiking_moons.py [OUTPUT_DIR]   (default examples/output)
"""

import sys
from pathlib import Path

from brian2 import ms

from neurosim.bridge import conversion_experiment
from neurosim.plotting import projector_style
from neurosim.plotting.convert import conversion_figure

out = Path(sys.argv[1] if len(sys.argv) > 1 else "examples/output")
out.mkdir(parents=True, exist_ok=True)

experiment = conversion_experiment("moons", seed=0, presentation=200 * ms, grid=40)
with projector_style():
    conversion_figure(experiment).savefig(out / "08_spiking_moons.png")

result = experiment.result
print(f"{len(result)} test points, {float(result.presentation / ms):g} ms each: "
      f"ANN accuracy {result.ann_accuracy:.1%}, spiking accuracy {result.snn_accuracy:.1%}, "
      f"agreement {result.agreement:.1%}")
print("presentation (ms) | agreement | spiking accuracy | activation-rate correlation")
for row in experiment.latency.latency_table():
    print(f"{row['presentation_ms']:17g} | {row['agreement']:9.1%} | {row['snn_accuracy']:16.1%} | "
          f"{row['correlation'][0]:.4f}")
print(f"saved {out / '08_spiking_moons.png'}")
