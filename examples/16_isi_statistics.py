"""16 - Spike-train statistics: ISI histograms and CV against noise
================================================================

The figure of the Neuromatch W2D3 tutorial for one preset of every model (LIF, EIF,
AdEx, Izhikevich, Hodgkin-Huxley), each at its own default dt in one vectorised
Cython run (neurosim.bio.isi_statistics: 6 noise levels x 4 trials of 1.5 s at a fixed
current 1.2x the preset's rheobase, found by neurosim.bio.find_rheobase).
Rows 1-2: ISI histograms at weak and strong noise. Row 3: the coefficient of variation
against noise sigma, with the threshold-integration CV (neurosim.bio.theory.isi_cv)
where a one-dimensional theory exists (LIF, EIF): nearly regular trains at weak noise,
more irregular the more noise; the LIF and EIF CVs lie within 4 standard errors
(CV/sqrt(2 n), n intervals) of the theory. The Hodgkin-Huxley axon is bistable near its
rheobase (example 15): weak noise knocks it between firing and rest, long pauses make
its CV far above 1 at 1 mV, and stronger noise lowers it again.

Run:  python examples/16_isi_statistics.py [OUTPUT_DIR]   (default examples/output)
"""

import sys
from pathlib import Path

import numpy as np
from brian2 import ms, mV, nA, second
from matplotlib.figure import Figure

from neurosim.bio import find_rheobase, isi_statistics, load_preset, preset_info
from neurosim.bio.theory import isi_cv
from neurosim.errors import NeurosimError
from neurosim.plotting import projector_style
from neurosim.plotting.isi import plot_cv_against_noise, plot_isi_histogram

out = Path(sys.argv[1] if len(sys.argv) > 1 else "examples/output")
out.mkdir(parents=True, exist_ok=True)

PRESETS = ["neuronal_dynamics", "eif_cortical", "adex_tonic", "izhikevich_rs", "hh_squid"]
sigmas = np.array([0.5, 1, 2, 3, 4, 6]) * mV
WEAK, STRONG = 1, 4  # indices of the histogram rows: 1 mV and 4 mV

runs, rising = [], 0
for name in PRESETS:
    params, info = load_preset(name), preset_info(name)
    high = 2 * (info.step_current if info.step_current is not None else params.rheobase)
    rheobase = find_rheobase(params, 0 * nA, high, points=7, duration=200 * ms,
                             target="cython").current
    current = 1.2 * rheobase
    stats = isi_statistics(params, current, sigma=sigmas, duration=1.5 * second, n_trials=4,
                           seed=16, target="cython")
    rising += bool(stats.cv[-1] > stats.cv[0])
    cvs = ", ".join(f"{c:.2f}" for c in stats.cv)
    print(f"{name:<18} rheobase {float(rheobase / nA):.3g} nA, I = {float(current / nA):.3g} nA, "
          f"dt {float(stats.dt / ms):g} ms: CV at sigma 0.5-6 mV: {cvs}")
    try:
        theory = isi_cv(params, current, sigmas)
    except NeurosimError:
        theory = None
    if theory is not None:
        error = 4 * stats.cv / np.sqrt(2 * stats.n_intervals)
        inside = np.count_nonzero(np.abs(stats.cv - theory) <= error)
        print(f"  {type(params).__name__[:-6]}: CV within 4 standard errors of threshold "
              f"integration at {inside} of {len(sigmas)} noise levels "
              f"(theory {', '.join(f'{t:.2f}' for t in theory)})")
    runs.append((name, stats))
print(f"CV rises from sigma 0.5 mV to 6 mV for {rising} of {len(PRESETS)} models")

with projector_style():
    fig = Figure(figsize=(24, 13), layout="constrained")
    axes = fig.subplots(3, len(PRESETS))
    for column, (name, stats) in enumerate(runs):
        plot_isi_histogram(stats, WEAK, axes[0, column])
        plot_isi_histogram(stats, STRONG, axes[1, column])
        plot_cv_against_noise(stats, axes[2, column])
        axes[2, column].set_ylim(0, max(1.1, 1.05 * np.nanmax(stats.cv)))
        for row in range(3):
            axes[row, column].title.set_fontsize("small")
        axes[0, column].set_title(f"{name}\n" + axes[0, column].get_title(), fontsize="small")
    fig.savefig(out / "16_isi_statistics.png")
print(f"saved {out / '16_isi_statistics.png'}")
