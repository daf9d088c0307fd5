"""11 - Type II: the Hodgkin-Huxley f-I curve jumps, Wang-Buzsaki's rises from zero.
==================================================================================

The squid axon of Hodgkin & Huxley (1952) cannot fire slowly: below about
6.3 uA/cm^2 it fires a few spikes and falls silent, above it fires at once at
~50 Hz (a type II neuron, like a step or a steep sigmoid).  The Wang-Buzsaki
(1996) interneuron is type I: its rate starts at zero and grows like a
square root (like softplus or ReLU).  Each curve is one vectorised Brian2
run; the rate is 1/mean ISI over the second half of each 1 s run (the first
half lets transients die out).

Run:  python examples/11_hh_type2_fi.py [OUTPUT_DIR]   (default examples/output)
"""

import sys
from pathlib import Path

import numpy as np
from brian2 import Hz, cm, ms, second, uA
from matplotlib.figure import Figure

from neurosim.bio import fi_curve, load_preset
from neurosim.plotting import projector_style
from neurosim.plotting.style import CYCLE

out = Path(sys.argv[1] if len(sys.argv) > 1 else "examples/output")
out.mkdir(parents=True, exist_ok=True)

cells = {"hh_squid": np.linspace(0, 15, 61), "wang_buzsaki": np.linspace(0, 1.5, 61)}
with projector_style():
    fig = Figure(figsize=(12, 4.8), layout="constrained")
    for ax, (name, densities), color in zip(fig.subplots(1, 2), cells.items(), CYCLE):
        params = load_preset(name)
        curve = fi_curve(params, params.current(densities * uA / cm**2), duration=1 * second,
                         settle=0.5 * second, target="cython")  # dt 0.01 ms, exponential Euler
        rates = np.asarray(curve.rates / Hz)
        onset = np.argmax(rates > 0)
        ax.plot(
            densities,
            rates,
            "o-",
            ms=4,
            color=color,
            label=f"{name} (dt {float(curve.dt / ms):g} ms)",
        )
        ax.axvline(densities[onset], color="0.6", ls=":", lw=1)
        ax.set_xlabel("input current density (uA/cm$^2$)")
        ax.set_ylabel("firing rate (Hz)")
        kind = "type II: jumps" if rates[onset] > 20 else "type I: rises from 0"
        ax.set_title(f"{params.name}: {kind}", fontsize=13)
        ax.legend(loc="upper left", frameon=False)
        print(
            f"{name}: silent up to {densities[onset - 1]:.3g} uA/cm^2; first rate "
            f"{rates[onset]:.1f} Hz at {densities[onset]:.3g} uA/cm^2 ({kind})"
        )
    fig.savefig(out / "11_hh_type2_fi.png")
print(f"saved {out / '11_hh_type2_fi.png'}")
