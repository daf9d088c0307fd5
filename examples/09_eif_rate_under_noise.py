"""09 - The EIF neuron under noise: simulation against threshold integration.
==========================================================================

The exponential integrate-and-fire neuron (Fourcaud-Trocme et al. 2003) has no
closed-form rate, but Richardson's threshold integration gives its exact rate and
interval variability under white noise (neurosim.bio.theory.stationary_rate, isi_cv).
Left: f-I curves simulated at sigma = 0, 2 and 4 mV (5 trials of 1 s each) beside
the theory lines. Right: the ISI coefficient of variation from one vectorised run
(neurosim.bio.isi_statistics) beside the theory: regular firing far above the
rheobase, nearly Poisson below it.

Run:  python examples/09_eif_rate_under_noise.py [OUTPUT_DIR]   (default examples/output)
"""

import sys
from pathlib import Path

import numpy as np
from brian2 import Hz, ms, mV, nA, second
from matplotlib.figure import Figure

from neurosim.bio import EIFParams, fi_curve, isi_statistics
from neurosim.bio.theory import isi_cv, stationary_rate
from neurosim.bridge import rate_estimate
from neurosim.plotting import projector_style
from neurosim.plotting.style import CYCLE

out = Path(sys.argv[1] if len(sys.argv) > 1 else "examples/output")
out.mkdir(parents=True, exist_ok=True)

params = EIFParams()  # tau_m 10 ms, R_m 100 Mohm, V_T -50 mV, Delta_T 2 mV, V_peak 0 mV
rheobase = (params.V_T - params.E_L - params.Delta_T) / params.R_m  # minimum of the drift
currents = np.linspace(0.6, 2.0, 15) * rheobase
fine = np.linspace(0.6, 2.0, 200) * rheobase
sigmas = [0, 2, 4]
dt = 0.05 * ms

print(f"EIF, rheobase {float(rheobase / nA):.3g} nA; rate: simulation vs threshold integration")
curves = [fi_curve(params, currents, duration=1 * second, dt=dt, sigma=s * mV,
                   n_trials=5 if s else 1, seed=9) for s in sigmas]
for s, curve in zip(sigmas, curves):
    sim = np.asarray(rate_estimate(curve).rates / Hz)
    theory = np.asarray(stationary_rate(params, currents, s * mV) / Hz)
    print(f"  sigma {s} mV: max |simulation - threshold integration| "
          f"{np.max(np.abs(sim - theory)):.2f} Hz (rates up to {theory.max():.0f} Hz)")

noisy = np.repeat([2.0, 4.0], len(currents)) * mV
stats = isi_statistics(params, np.tile(np.asarray(currents / nA), 2) * nA, sigma=noisy,
                       duration=2 * second, dt=dt, n_trials=5, seed=9)
theory_cv = isi_cv(params, np.tile(np.asarray(currents / nA), 2) * nA, noisy)
# Long intervals do not fit in a short window: trust the CV where each trial holds >= 20.
ok = np.isfinite(stats.cv) & (stats.n_intervals >= 20 * stats.n_trials)
print(f"  ISI CV: max |simulation - theory| {np.max(np.abs(stats.cv - theory_cv)[ok]):.3f} "
      f"over {np.count_nonzero(ok)} (current, sigma) pairs with >= 20 intervals per trial")

with projector_style():
    fig = Figure(figsize=(15, 5.5), layout="constrained")
    left, right = fig.subplots(1, 2)
    for k, (s, curve) in enumerate(zip(sigmas, curves)):
        colour = CYCLE[k % len(CYCLE)]
        left.plot(currents / nA, rate_estimate(curve).rates / Hz, "o", color=colour)
        left.plot(fine / nA, stationary_rate(params, fine, s * mV) / Hz, "-", color=colour,
                  label=f"sigma = {s} mV")
    left.set(xlabel="current (nA)", ylabel="rate (Hz)",
             title="points: Brian2; lines: threshold integration")
    left.legend(frameon=False)
    for k, s in enumerate([2, 4]):
        colour = CYCLE[(k + 1) % len(CYCLE)]
        part = slice(k * len(currents), (k + 1) * len(currents))
        shown = np.where(ok[part], stats.cv[part], np.nan)
        right.plot(currents / nA, shown, "o", color=colour)
        right.plot(fine / nA, isi_cv(params, fine, s * mV), "-", color=colour,
                   label=f"sigma = {s} mV")
    right.set(xlabel="current (nA)", ylabel="ISI CV", ylim=(0, 1.1),
              title="interval variability: Poisson-like below, regular above")
    right.legend(frameon=False)
    fig.savefig(out / "09_eif_rate_under_noise.png")
print(f"saved {out / '09_eif_rate_under_noise.png'}")
