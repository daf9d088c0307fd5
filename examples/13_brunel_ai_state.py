"""13 - Brunel's E/I network in its asynchronous irregular state, beside its mean field.
=====================================================================================

Brunel's (2000) model A: LIF neurons, 80 % excitatory, each receiving 1000 excitatory and
250 inhibitory delta synapses (J = 0.1 mV, inhibition g = 5 times stronger, delay 1.5 ms) and
Poisson drive at twice the threshold rate. Top: raster and population rate of a network of a
fifth of the full size (C_E stays 1000) with the mean-field rate, the self-consistent
Siegert rate. Bottom left: single-neuron rates. Bottom right: the drive steps from eta = 2 to
3 at 400 ms; the rate network tau dnu/dt = -nu + phi(nu), whose activation function phi is the
mean field, follows the spiking network. Runs on NEST when installed, else Brian2 (cython).

Run:  python examples/13_brunel_ai_state.py [OUTPUT_DIR]   (default examples/output)
"""

import importlib.util
import sys
from dataclasses import replace
from pathlib import Path

from brian2 import Hz, ms, second
from matplotlib.figure import Figure

from neurosim.bio.network import NetworkSpec, brunel2000, simulate_network
from neurosim.bridge import mean_field, rate_network
from neurosim.plotting import projector_style
from neurosim.plotting.network import (
    plot_population_rate,
    plot_raster,
    plot_rate_histogram,
    plot_step_response,
)

out = Path(sys.argv[1] if len(sys.argv) > 1 else "examples/output")
out.mkdir(parents=True, exist_ok=True)
backend = "nest" if importlib.util.find_spec("nest") else "brian2"

spec = brunel2000("AI", scale=0.2)
theory = mean_field(spec)
result = simulate_network(spec, 1 * second, backend=backend, target="cython", seed=1)
for pop in ("E", "I"):
    print(f"{pop}: simulated {float(result.mean_rate(pop) / Hz):.2f} Hz, mean field "
          f"{float(theory.rate(pop) / Hz):.2f} Hz, CV {result.mean_cv(pop):.2f}, "
          f"chi {result.chi(pop):.2f}")

# The same network with its drive stepped from eta = 2 to eta = 3 at 500 ms.
after = brunel2000("AI", scale=0.2, eta=3.0).sources[0].rate
step = NetworkSpec(spec.populations, spec.projections,
                   tuple(replace(s, rate_after=after, change_at=400 * ms) for s in spec.sources))
stepped = simulate_network(step, 0.8 * second, backend=backend, target="cython", seed=2)
trace = rate_network(step, 0.8 * second, dt=0.5 * ms)
late = float(stepped.population_rate("E", 300 * ms)[1][-1] / Hz)
print(f"after the step: spiking {late:.1f} Hz over the last 300 ms, rate network "
      f"{float(trace.rate('E')[-1] / Hz):.1f} Hz")

with projector_style():
    fig = Figure(figsize=(15, 10), layout="constrained")
    axes = fig.subplots(2, 2)
    plot_raster(result, axes[0, 0])
    plot_population_rate(result, axes[0, 1], mean_field_rate=theory.rate("E"))
    plot_rate_histogram(result, axes[1, 0], mean_field_rate=theory.rate("E"))
    plot_step_response(stepped, trace, axes[1, 1])
    fig.suptitle(f"Brunel (2000) AI state, {spec.n_neurons} neurons on {backend}")
    fig.savefig(out / "13_brunel_ai_state.png")
print(f"saved {out / '13_brunel_ai_state.png'}")
