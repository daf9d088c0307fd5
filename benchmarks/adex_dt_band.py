"""AdEx's dt band: the steady rate error of forward Euler against its Richardson value, per dt.

For each AdEx preset: 8 currents from 0.2 to 1.5x its step current (the range the demo's
cell-type step uses, 0-1.5x), 2 s at each dt, the rate after the model's settle time
(``fi_curve``'s default), on Cython. The reference is the Richardson value
``2 r(h) - r(2h)`` of the two smallest steps (first order: forward Euler). Prints, per preset
and dt, the largest relative error over the firing currents and where it is. docs/bio.md's dt
band and ``AdExParams.DT_BAND`` quote it::

    python benchmarks/adex_dt_band.py                       # every preset, dt 0.01 and 0.1 ms
    python benchmarks/adex_dt_band.py --presets adex_tonic --dts 0.01,0.02,0.05,0.1

No random numbers are drawn (no noise), so there is no seed. Minutes per preset: the
reference steps (0.00125 and 0.0025 ms) take most of the time.
"""

from __future__ import annotations

import argparse

import numpy as np


def main(argv=None) -> int:
    from brian2 import Hz, ms, pA, second

    from neurosim.bio import fi_curve, list_presets, load_preset, preset_info

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presets", default=",".join(list_presets("adex")))
    parser.add_argument("--dts", default="0.01,0.1", help="steps in ms (default %(default)s)")
    parser.add_argument("--reference", default="0.00125", help="the smaller Richardson step, ms")
    args = parser.parse_args(argv)
    small = float(args.reference)
    for name in args.presets.split(","):
        params = load_preset(name)
        currents = np.linspace(0.2, 1.5, 8) * preset_info(name).step_current

        def rates(dt_ms):
            curve = fi_curve(params, currents, duration=2 * second, dt=dt_ms * ms, target="cython")
            return np.asarray(curve.rates / Hz)

        reference = 2 * rates(small) - rates(2 * small)
        firing = reference > 0
        for dt in (float(x) for x in args.dts.split(",")):
            error = rates(dt)[firing] / reference[firing] - 1
            k = int(np.argmax(abs(error)))
            print(f"{name:20s} dt {dt:g} ms: largest error {100 * error[k]:+.2f} % at "
                  f"{float(currents[firing][k] / pA):.0f} pA ({reference[firing][k]:.1f} Hz)",
                  flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
