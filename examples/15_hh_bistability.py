"""15 - Type II bistability: the Hodgkin-Huxley axon rests or fires at the same current
====================================================================================

Between about 6.3 and 9.8 uA/cm^2 the squid axon of Hodgkin & Huxley (1952)
has two stable states: rest, and repetitive firing.  Which one it is in
depends on where it came from.  One vectorised Brian2 run, two halves: each
neuron of the first half ramps slowly up from rest to its held current, each
of the second half ramps down from firing at 11.8 uA/cm^2 (ramp 500 ms, then
300 ms held).  Coming up, rest is lost only at the Hopf bifurcation (~9.8);
coming down, firing stops only at the fold of limit cycles (~6.3).  A type I
cell (Wang-Buzsaki, the LIF) has no such range: its rate starts at 0 Hz.

:func:`neurosim.bio.find_rheobase` gives the rheobase from rest (two
vectorised runs) and the excitability class from the rate at onset.

Run: ``python examples/15_hh_bistability.py OUTPUT_DIR``
"""

import sys
from pathlib import Path

import numpy as np
from brian2 import Hz, cm, ms, uA
from matplotlib.figure import Figure

from neurosim.bio import bistability, find_rheobase, load_preset
from neurosim.plotting.cells import plot_bistability
from neurosim.plotting.style import projector_style

out = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
out.mkdir(parents=True, exist_ok=True)

hh = load_preset("hh_squid")
density = uA / cm**2


def per_area(current):
    return np.asarray(hh.density(current) / density)


held = np.round(np.arange(5.5, 10.8, 0.25), 2)
result = bistability(hh, hh.current(held * density), target="cython")
onset = find_rheobase(hh, hh.current(2 * density), hh.current(12 * density), points=21,
                      duration=300 * ms, target="cython")

inside = held[result.bistable]
print(f"up ramp (from rest): rest lost from {per_area(result.onset_up):.2f} uA/cm^2 on")
print(f"down ramp (from firing): still firing from {per_area(result.offset_down):.2f} uA/cm^2 on")
print(f"bistable: rest and firing both at {inside.min():.2f}-{inside.max():.2f} uA/cm^2 "
      f"(grid {per_area(result.resolution):.2f})")
print(f"rheobase from rest {per_area(onset.current):.3f} "
      f"+- {per_area(onset.resolution):.3f} uA/cm^2, "
      f"{onset.excitability}: onset {float(onset.onset_rate / Hz):.1f} Hz, "
      f"{float(onset.reference_rate / Hz):.1f} Hz "
      f"at {per_area(onset.reference_current):.1f} uA/cm^2")

with projector_style():
    fig = Figure(figsize=(10, 4.5), layout="constrained")
    ax = fig.add_subplot()
    plot_bistability(result, ax, scale=per_area, unit_name="uA/cm$^2$")
    ax.set_title("Hodgkin-Huxley: rest and firing coexist (type II bistability)")
    fig.savefig(out / "15_hh_bistability.png")
print(f"saved {out / '15_hh_bistability.png'}")
