"""10 - Adaptation linearises the f-I curve: the biological origin of ReLU.
=========================================================================

An adapting AdEx neuron (Naud et al. 2008, "adaptation": tau_w 300 ms, a 2 nS,
b 60 pA). Each spike adds b to an adaptation current w, which subtracts from the
input: the steady-state rate solves r = f(I - <w>), <w> = a(<V> - E_L) + b tau_w r
(the adiabatic approximation, neurosim.bio.theory.adiabatic_fi). This negative
feedback turns the square-root onset of the unadapted neuron into a straight line
(Ermentrout 1998). Points: Brian2 simulations, steady state (after 1.5 s) and the
first interspike interval (onset); lines: theory with and without adaptation.

Run:  python examples/10_adaptation_linearises.py [OUTPUT_DIR]   (default examples/output)
"""

import sys
from pathlib import Path

import numpy as np
from brian2 import Hz, ms, mV, nA, nS, pA, pF, second
from matplotlib.figure import Figure

from neurosim.bio import AdExParams, fi_curve, isi_statistics
from neurosim.bio.theory import adiabatic_fi
from neurosim.plotting import projector_style
from neurosim.plotting.style import BIO, CYCLE, THEORY

out = Path(sys.argv[1] if len(sys.argv) > 1 else "examples/output")
out.mkdir(parents=True, exist_ok=True)

params = AdExParams(C=200 * pF, g_L=12 * nS, E_L=-70 * mV, V_T=-50 * mV, Delta_T=2 * mV,
                    tau_w=300 * ms, a=2 * nS, b=60 * pA, V_reset=-58 * mV)
currents = np.linspace(0, 0.8, 17) * nA
fine = np.linspace(0, 0.8, 161) * nA
steady = fi_curve(params, currents, duration=3 * second, dt=0.05 * ms, settle=1.5 * second, seed=10)
onset = isi_statistics(params, currents, duration=500 * ms, dt=0.05 * ms, transient=0 * ms, seed=10)
first = np.array([1 / float(g[0] / second) if len(g) else 0.0 for g in onset.intervals])
theory = adiabatic_fi(params, fine)


def nonlinearity(x, y):
    """1 - R^2 of a straight line over 0.4 nA above the rheobase."""
    start = np.flatnonzero(y > 0)[0]
    x, y = x[start:start + 81], y[start:start + 81]
    residual = y - np.polyval(np.polyfit(x, y, 1), x)
    return np.sum(residual ** 2) / np.sum((y - y.mean()) ** 2)


x = np.asarray(fine / nA)
adapted, plain = np.asarray(theory.rates / Hz), np.asarray(theory.onset_rates / Hz)
print(f"1 - R^2 of a linear fit, 0.4 nA above the rheobase: adapted "
      f"{nonlinearity(x, adapted):.1e}, without adaptation {nonlinearity(x, plain):.1e}")
sim = np.asarray(steady.rates / Hz)
th = np.asarray(adiabatic_fi(params, currents).rates / Hz)
slow = sim * float(params.tau_w / second) >= 3  # the adiabatic condition: ISI < tau_w / 3
print(
    f"adiabatic theory vs simulated steady state: max relative error "
    f"{np.max(np.abs(sim[slow] / th[slow] - 1)):.3f} where ISI < tau_w/3 "
    f"({np.count_nonzero(slow)} currents); near onset (ISI ~ tau_w) it is "
    f"{np.abs(sim[~slow & (sim > 0)] / th[~slow & (sim > 0)] - 1).max():.2f}"
)
print(f"mean adaptation current at 0.8 nA: {float(theory.w_mean[-1] / pA):.0f} pA")

with projector_style():
    fig = Figure(figsize=(15, 5.5), layout="constrained")
    left, right = fig.subplots(1, 2)
    left.plot(fine / nA, plain, "-", color=CYCLE[2], label="theory, no adaptation (w = 0)")
    left.plot(currents / nA, first, "s", color=CYCLE[2], mfc="none", label="simulated, first ISI")
    left.plot(fine / nA, adapted, "-", color=THEORY, label="adiabatic theory, steady state")
    left.plot(currents / nA, sim, "o", color=BIO, label="simulated, steady state")
    left.set(xlabel="current (nA)", ylabel="rate (Hz)", title="onset vs adapted steady state")
    left.legend(frameon=False)
    right.plot(fine / nA, adapted / adapted.max(), "-", color=THEORY, label="adapted")
    right.plot(fine / nA, plain / plain.max(), "-", color=CYCLE[2], label="no adaptation")
    right.set(xlabel="current (nA)", ylabel="rate / its maximum",
              title="adaptation straightens the curve: ReLU-like")
    right.legend(frameon=False)
    fig.savefig(out / "10_adaptation_linearises.png")
print(f"saved {out / '10_adaptation_linearises.png'}")
