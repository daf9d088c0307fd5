"""Grid convergence of threshold integration (docs/bridge.md, "Threshold integration").

Prints markdown tables: the largest relative error of ``stationary_rate`` against the Siegert
rate and of ``isi_cv`` against the closed-form CV integral (LIF, preset brunel2000) for several
grid steps ``dv`` and noise amplitudes, the self-convergence of the EIF
against a grid 8 times finer (``EIFParams()``), and the time for 1000 (current, sigma) pairs (median of 5).

    python benchmarks/threshold_convergence.py
"""

import sys
import time
from pathlib import Path

import numpy as np
from brian2 import Hz, mV

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "bio"))

from test_threshold_integration import _cv_by_quad  # noqa: E402

from neurosim.bio import EIFParams, load_preset  # noqa: E402
from neurosim.bio.theory import isi_cv, siegert_rate, stationary_rate  # noqa: E402

DVS_MV = (0.04, 0.02, 0.01, 0.005)
SIGMAS_MV = (0.1, 0.5, 2.0, 10.0)


def _rel(got, ref):
    alive = ref > 1e-3
    return float(np.max(np.abs(got[alive] / ref[alive] - 1)))


def main():
    lif = load_preset("brunel2000")
    currents = np.linspace(-1.0, 4.0, 11) * lif.rheobase
    print("LIF rate vs Siegert (max relative error over 11 currents, -1 to 4 rheobase)\n")
    print("| dv (mV) | " + " | ".join(f"sigma {s:g} mV" for s in SIGMAS_MV) + " |")
    print("|---" * (len(SIGMAS_MV) + 1) + "|")
    refs = {s: np.asarray(siegert_rate(currents, s * mV, lif) / Hz) for s in SIGMAS_MV}
    for dv in DVS_MV:
        row = [_rel(np.asarray(stationary_rate(lif, currents, s * mV, dv=dv * mV) / Hz), refs[s])
               for s in SIGMAS_MV]
        print(f"| {dv:g} | " + " | ".join(f"{e:.1e}" for e in row) + " |")

    cases = [(1.0, 1.0), (1.5, 1.0), (3.0, 3.0), (1.0, 8.0)]
    print("\nLIF ISI CV vs the closed-form integral (relative error)\n")
    print("| dv (mV) | " + " | ".join(f"I = {f:g} I_rh, sigma {s:g} mV" for f, s in cases) + " |")
    print("|---" * (len(cases) + 1) + "|")
    expected = [_cv_by_quad(f * float(lif.rheobase), s * 1e-3, lif) for f, s in cases]
    for dv in DVS_MV:
        row = [abs(float(isi_cv(lif, f * lif.rheobase, s * mV, dv=dv * mV)) / e - 1)
               for (f, s), e in zip(cases, expected)]
        print(f"| {dv:g} | " + " | ".join(f"{e:.1e}" for e in row) + " |")

    eif = EIFParams()  # tau_m 10 ms, R_m 100 Mohm, V_T -50 mV, Delta_T 2 mV, V_peak 0 mV
    if eif is not None:
        rheobase = (eif.V_T - eif.E_L - eif.Delta_T) / eif.R_m
        eif_currents = np.linspace(0.5, 3.0, 11) * rheobase
        print("\nEIF rate and CV, self-convergence against dv / 8 (max relative error)\n")
        print("| dv (mV) | " + " | ".join(f"rate, sigma {s:g} mV" for s in SIGMAS_MV[1:])
              + " | CV, sigma 2 mV |")
        print("|---" * len(SIGMAS_MV) + "|---|")
        for dv in DVS_MV:
            row = []
            for s in SIGMAS_MV[1:]:
                fine = np.asarray(stationary_rate(eif, eif_currents, s * mV, dv=dv / 8 * mV) / Hz)
                row.append(_rel(np.asarray(stationary_rate(eif, eif_currents, s * mV, dv=dv * mV) / Hz),
                                fine))
            fine_cv = isi_cv(eif, eif_currents, 2 * mV, dv=dv / 8 * mV)
            row.append(float(np.nanmax(np.abs(isi_cv(eif, eif_currents, 2 * mV, dv=dv * mV) / fine_cv - 1))))
            print(f"| {dv:g} | " + " | ".join(f"{e:.1e}" for e in row) + " |")

    eif_rheobase = (eif.V_T - eif.E_L - eif.Delta_T) / eif.R_m
    pairs_s = np.linspace(0.5, 5.0, 1000) * mV
    for model, rheobase, label in ((lif, lif.rheobase, "LIF"), (eif, eif_rheobase, "EIF")):
        pairs_i = np.linspace(0.0, 4.0, 1000) * rheobase
        for name, func in (("stationary_rate", stationary_rate), ("isi_cv", isi_cv)):
            times = []
            for _ in range(5):
                start = time.perf_counter()
                func(model, pairs_i, pairs_s)
                times.append(time.perf_counter() - start)
            print(f"\n{name}, 1000 pairs ({label}, 0-4 rheobase, sigma 0.5-5 mV, dv 0.01 mV): "
                  f"median {np.median(times):.2f} s")


if __name__ == "__main__":
    main()
