"""Step: one input, two neurons (a LIF neuron beside a fitted artificial neuron)."""

from __future__ import annotations

import numpy as np

from neurosim.demo._base import DemoStep, StepContext, StepOutput

#: Membrane noise of this figure (mV): small fluctuations that make the trace look alive.
SIGMA_MV = 0.5
#: Time scale of the causal (alpha) kernel that turns spikes into a rate (ms).
KERNEL_MS = 5.0


def run(ctx: StepContext) -> StepOutput:
    """Step and sine currents into a LIF neuron and into an artificial neuron."""
    from brian2 import Hz, ms, mV, nA, second
    from matplotlib.figure import Figure

    from neurosim.bio import Sine, Step, fi_curve, load_preset, simulate
    from neurosim.bridge import fit_activation
    from neurosim.io import write_csv
    from neurosim.plotting.side_by_side import plot_side_by_side
    from neurosim.plotting.style import projector_style
    from neurosim.provenance import provenance

    options = ctx.options
    params = load_preset("neuronal_dynamics")
    rh = params.rheobase
    # The artificial neuron: weighted sum w*I + b, then a sigmoid scaled to Hz,
    # fitted once to this neuron's f-I curve from 0 to 4 rheobases (step 4 fits 0 to 3).
    curve = fi_curve(params, np.linspace(0, 4, options.points) * rh,
                     duration=options.duration_s * second, seed=options.seed)
    sigmoid = fit_activation(curve.currents, curve.rates, "sigmoid")
    duration = 300 * ms
    stimuli = {
        "step": Step(2.5 * rh, 50 * ms, 250 * ms),
        "sine": Sine(1.2 * rh, 5 * Hz, offset=1.6 * rh),
    }
    columns = {}
    with projector_style():
        fig = Figure(figsize=(16, 9), layout="constrained")
        grid = fig.subplots(3, 2, sharex=True, sharey="row", height_ratios=[1, 1.6, 1.6])
        for col, (name, stim) in enumerate(stimuli.items()):
            trace = simulate(params, stim, duration, sigma=SIGMA_MV * mV, seed=options.seed)
            ann = sigmoid.predict(trace.current)
            plot_side_by_side(trace, ann, grid[:, col], width=KERNEL_MS * ms, kernel="alpha",
                              ann_label="artificial neuron (fitted sigmoid)")
            grid[0, col].set_title(f"{name} input: {trace.n_spikes} spikes")
            spikes = np.zeros(len(trace.t))
            spikes[np.rint(np.asarray(trace.spike_times / trace.dt)).astype(int)] = 1
            columns[f"{name}_I_nA"] = trace.current / nA
            columns[f"{name}_v_mV"] = trace.v / mV
            columns[f"{name}_spike"] = spikes
            columns[f"{name}_spiking_rate_Hz"] = trace.smoothed_rate(KERNEL_MS * ms,
                                                                     kernel="alpha") / Hz
            columns[f"{name}_ann_activation_Hz"] = ann / Hz
        columns = {"t_ms": trace.t / ms, **columns}
        # Below the panels, not over the data: both columns fill their rate panels.
        handles, labels = grid[2, 1].get_legend_handles_labels()
        fig.legend(handles, labels, loc="outside lower center", ncol=2, fontsize=14,
                   frameon=False)
        files = ctx.save(fig)
    write_csv(ctx.path(".csv"), columns,
              provenance({"preset": params.name, "params": params.as_text(),
                          "sigma": f"{SIGMA_MV:g} mV", "rate_kernel": f"alpha, {KERNEL_MS:g} ms",
                          "step_on": "50 ms", "sigmoid": sigmoid.param_text()}, options.seed),
              title="one input, two neurons")
    numbers = {"sigmoid": sigmoid.param_text(), "tau_m_ms": float(params.tau_m / ms),
               "rheobase_nA": float(rh / nA), "fit_to_nA": float(4 * rh / nA),
               "charge_theory_ms": charge_time_ms(params, 2.5 * rh),
               **numbers_from_columns(columns)}
    return StepOutput(files, (ctx.stem + ".csv",), numbers)


def charge_time_ms(params, current) -> float:
    """Time from rest to threshold under a constant current (ms), no noise.

    Notes
    -----
    ``t = tau_m ln(R I / (R I - (V_th - E_L)))``, the solution of
    ``tau_m dv/dt = E_L - v + R I`` from ``v = E_L`` to ``V_th``.

    References
    ----------
    Gerstner, W. et al. (2014). *Neuronal Dynamics*, Cambridge University
    Press, §1.3.
    """
    from brian2 import ms

    drive = float(params.R_m * current / (params.V_th - params.E_L))
    return float(params.tau_m / ms) * float(np.log(drive / (drive - 1)))


def numbers_from_columns(columns: dict) -> dict:
    """The numbers this figure's texts quote, computed from its data columns (unitless arrays).

    Works on the CSV's columns as written (``t_ms``, ``step_spike``, ...), so
    a test can recompute them from the file.
    """
    t = np.asarray(columns["t_ms"], dtype=float)
    step_on = 50.0
    after = t >= step_on
    spikes = np.asarray(columns["step_spike"], dtype=float) > 0
    first = float(t[after & spikes][0])
    rate = np.asarray(columns["step_spiking_rate_Hz"], dtype=float)
    plateau = float(rate[(t >= 150) & (t < 250)].mean())
    half = float(t[after & (rate >= plateau / 2)][0])
    sine_spikes = t[np.asarray(columns["sine_spike"], dtype=float) > 0]
    gap = int(np.argmax(np.diff(sine_spikes)))
    sine_i = np.asarray(columns["sine_I_nA"], dtype=float)
    trough = (t >= 100) & (t <= 200)
    return {
        "sigma_mV": SIGMA_MV, "kernel_ms": KERNEL_MS, "kernel_delay_ms": 2 * KERNEL_MS,
        "step_on_ms": step_on, "first_spike_ms": first, "charge_ms": first - step_on,
        "rate_half_ms": half, "step_plateau_Hz": plateau,
        "trough_nA": float(sine_i[trough].min()),
        "silent_from_ms": float(sine_spikes[gap]), "silent_to_ms": float(sine_spikes[gap + 1]),
        "spiking_trough_Hz": float(_col(columns, "sine_spiking_rate_Hz")[trough].min()),
        "ann_trough_Hz": float(_col(columns, "sine_ann_activation_Hz")[trough].min()),
    }


def _col(columns: dict, name: str) -> np.ndarray:
    return np.asarray(columns[name], dtype=float)


STEP = DemoStep("side_by_side", 10, run, example="01_membrane_trace.py", cost=1)
