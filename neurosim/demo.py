"""The classroom demonstration: a list of steps, each writing figures and data.

``run_demo`` is a pure library function: it writes into a folder and reports
progress through a callback; the CLI (``neurosim demo``) prints.  Each step
returns :class:`DemoFigure` records (file names, title, caption) from which
the report is made.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np

from neurosim.io import write_csv
from neurosim.provenance import provenance

#: Formats every demo figure is saved in.
FORMATS = ("png", "svg")


@dataclass(frozen=True)
class DemoSettings:
    """Settings of one demo run.

    Parameters
    ----------
    quick : bool
        Shorter simulations and fewer points (for tests and a first look).
    seed : int
        Seed of every random thing in the demo.
    target : str
        Brian2 code-generation target for the f-I sweeps.
    """

    quick: bool = False
    seed: int = 2024
    target: str = "numpy"

    @property
    def points(self) -> int:
        return 25 if self.quick else 60

    @property
    def duration_s(self) -> float:
        return 0.5 if self.quick else 1.0

    def as_dict(self) -> dict:
        return {"quick": self.quick, "seed": self.seed, "target": self.target}


@dataclass(frozen=True)
class DemoFigure:
    """One figure of the demo: its files, title and what it shows."""

    key: str
    title: str
    caption: str
    files: tuple = ()
    data: tuple = ()
    table: str = ""
    example: str = ""


@dataclass
class DemoResult:
    """What :func:`run_demo` made."""

    folder: Path
    figures: list = field(default_factory=list)
    seconds: float = 0.0
    report: Path | None = None


def _save(fig, folder: Path, stem: str) -> tuple:
    names = []
    for fmt in FORMATS:
        fig.savefig(folder / f"{stem}.{fmt}", format=fmt)
        names.append(f"{stem}.{fmt}")
    return tuple(names)


def step_side_by_side(folder: Path, settings: DemoSettings) -> DemoFigure:
    """Step and sine currents into a LIF neuron and into an artificial neuron."""
    from brian2 import Hz, mV, ms, nA, second
    from matplotlib.figure import Figure

    from neurosim.bio import Sine, Step, fi_curve, load_preset, simulate_lif
    from neurosim.bridge import fit_activation
    from neurosim.plotting.side_by_side import plot_side_by_side
    from neurosim.plotting.style import projector_style

    params = load_preset("neuronal_dynamics")
    rh = params.rheobase
    # The artificial neuron: weighted sum w*I + b, then a sigmoid scaled to Hz,
    # fitted once to this neuron's f-I curve (step 4 shows that fit).
    curve = fi_curve(params, np.linspace(0, 4, settings.points) * rh,
                     duration=settings.duration_s * second, seed=settings.seed)
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
            trace = simulate_lif(params, stim, duration, sigma=0.5 * mV, seed=settings.seed)
            ann = sigmoid.predict(trace.current)
            plot_side_by_side(trace, ann, grid[:, col], ann_label="artificial neuron (fitted sigmoid)")
            grid[0, col].set_title(f"{name} input: {trace.n_spikes} spikes")
            columns[f"{name}_I_nA"] = trace.current / nA
            columns[f"{name}_v_mV"] = trace.v / mV
            columns[f"{name}_spiking_rate_Hz"] = trace.smoothed_rate(10 * ms) / Hz
            columns[f"{name}_ann_activation_Hz"] = ann / Hz
        columns = {"t_ms": trace.t / ms, **columns}
        grid[2, 1].legend(loc="upper right", fontsize=12, framealpha=0.9)
        files = _save(fig, folder, "01_side_by_side")
    write_csv(folder / "01_side_by_side.csv", columns,
              provenance({"preset": params.name, "params": params.as_text(), "sigma": "0.5 mV",
                          "sigmoid": sigmoid.param_text()}, settings.seed),
              title="one input, two neurons")
    return DemoFigure(
        "side_by_side", "One input, two neurons",
        "The same current enters a spiking neuron and an artificial neuron. The LIF neuron "
        "(blue) integrates it on its membrane (time constant tau_m) and fires when it crosses "
        "threshold; its spikes, smoothed, give a rate. The artificial neuron (vermillion) "
        f"computes a weighted sum plus bias and passes it through a sigmoid ({sigmoid.param_text()}), "
        "fitted to the LIF neuron's f-I curve. The rates agree except where the biology has "
        "memory: the membrane needs time to charge, and no spike comes below the rheobase "
        "(the smoothing kernel is centred, so the blue rate starts to rise a little early).",
        files, ("01_side_by_side.csv",), example="01_membrane_trace.py",
    )


def step_fi_presets(folder: Path, settings: DemoSettings) -> DemoFigure:
    """f-I curves of three presets, with the closed-form rate over them."""
    from brian2 import Hz, nA, second
    from matplotlib.figure import Figure

    from neurosim.bio import fi_curve, load_preset
    from neurosim.plotting.bio import plot_fi_curve
    from neurosim.plotting.style import CYCLE, projector_style

    names = ["neuronal_dynamics", "cortical_pyramidal", "fast_spiking"]
    columns, settings_used = {}, {}
    with projector_style():
        fig = Figure(figsize=(15, 4.8), layout="constrained")
        for ax, name, color in zip(fig.subplots(1, len(names)), names, CYCLE):
            params = load_preset(name)
            currents = np.linspace(0, 5, settings.points) * params.rheobase
            curve = fi_curve(params, currents, duration=settings.duration_s * second,
                             seed=settings.seed, target=settings.target)
            plot_fi_curve(curve, ax, color=color, label="simulated")
            ax.set_title(f"{name} (rheobase {float(params.rheobase / nA):.3g} nA)", fontsize=13)
            columns[f"{name}_current_nA"] = curve.currents / nA
            columns[f"{name}_rate_Hz"] = curve.rates / Hz
            columns[f"{name}_closed_form_Hz"] = curve.theory() / Hz
            settings_used[name] = curve.settings()
        files = _save(fig, folder, "02_fi_presets")
    write_csv(folder / "02_fi_presets.csv", columns, provenance(settings_used, settings.seed),
              title="f-I curves of three presets")
    return DemoFigure(
        "fi_presets", "f-I curves: the neuron's activation function",
        "Firing rate against constant input current for three cell types, simulated in "
        "Brian2 (dots) and from the closed-form LIF rate (line): zero below the rheobase, "
        "a steep rise above it, and saturation towards 1/t_ref.",
        files, ("02_fi_presets.csv",),
    )


def _noisy_trials(settings: DemoSettings) -> int:
    return 4 if settings.quick else 12


def step_noise(folder: Path, settings: DemoSettings) -> DemoFigure:
    """f-I curves at sigma = 0, 1, 3, 6 mV against the Siegert rate."""
    from brian2 import Hz, mV, nA, second
    from matplotlib.figure import Figure

    from neurosim.bio import fi_curve, load_preset
    from neurosim.bridge import compare
    from neurosim.plotting.bridge import plot_noise_panel
    from neurosim.plotting.style import projector_style

    params = load_preset("neuronal_dynamics")
    currents = np.linspace(0, 3, settings.points) * params.rheobase
    curves, columns, errors = [], {"current_nA": currents / nA}, {}
    for sigma in (0, 1, 3, 6):
        curve = fi_curve(params, currents, duration=settings.duration_s * second, sigma=sigma * mV,
                         n_trials=1 if sigma == 0 else _noisy_trials(settings), seed=settings.seed,
                         target=settings.target)
        curves.append(curve)
        comparison = compare(curve)
        theory = comparison.siegert if sigma else comparison.closed_form
        errors[sigma] = float(np.max(np.abs(np.asarray((comparison.simulated - theory) / Hz))))
        columns[f"rate_sigma{sigma}mV_Hz"] = curve.rates / Hz
        columns[f"theory_sigma{sigma}mV_Hz"] = theory / Hz
    with projector_style():
        fig = Figure(figsize=(10, 6.5), layout="constrained")
        ax = plot_noise_panel(curves, fig.add_subplot())
        ax.set_title(f"{params.name}: noise rounds off the threshold")
        files = _save(fig, folder, "03_noise")
    write_csv(folder / "03_noise.csv", columns,
              provenance({str(c.sigma): c.settings() for c in curves}, settings.seed),
              title="f-I curves at several noise levels, with Siegert rates")
    ratio = np.asarray(currents / params.rheobase)
    k = int(np.searchsorted(ratio, 0.8))  # first simulated current at or above 0.8 rheobase
    below, below_ratio = float(curves[-1].rates[k] / Hz), float(ratio[k])
    return DemoFigure(
        "noise", "Noise smooths the threshold",
        "The same neuron with membrane noise sigma = 0, 1, 3 and 6 mV (the fluctuating input "
        "from thousands of synapses). Without noise the rate is exactly zero below the "
        f"rheobase ({float(params.rheobase / nA):.3g} nA); with 6 mV of noise the neuron already "
        f"fires at {below:.1f} Hz at {below_ratio:.2f} x rheobase, and the sharp corner becomes a smooth, "
        "softplus-like curve. Lines: the exact closed form (no noise) and the Siegert formula "
        "(noise); the largest gap between simulation and theory is "
        + ", ".join(f"{e:.1f} Hz at {s} mV" for s, e in errors.items()) + ".",
        files, ("03_noise.csv",), example="06_noise_smooths_threshold.py",
    )


def _ranking_html(rankings: dict) -> str:
    """The fit rankings as an HTML table (values we computed; no user text)."""
    import html

    from brian2 import Hz

    rows = ["<table><tr><th>noise</th><th>rank</th><th>family</th><th>R&sup2;</th>"
            "<th>RMSE (Hz)</th><th>parameters</th></tr>"]
    for label, results in rankings.items():
        for k, r in enumerate(results, 1):
            if r.success:
                rows.append(f"<tr><td>{html.escape(label)}</td><td>{k}</td><td>{r.family}</td>"
                            f"<td>{r.r2:.4f}</td><td>{float(r.rmse / Hz):.2f}</td>"
                            f"<td>{html.escape(r.param_text())}</td></tr>")
            else:
                rows.append(f"<tr><td>{html.escape(label)}</td><td>{k}</td><td>{r.family}</td>"
                            f"<td colspan=3>failed: {html.escape(r.message)}</td></tr>")
    rows.append("</table>")
    return "\n".join(rows)


def step_fits(folder: Path, settings: DemoSettings) -> DemoFigure:
    """The article's activations (and softplus, LIF) fitted to a simulated f-I curve."""
    from brian2 import Hz, mV, second

    from neurosim.bio import fi_curve, load_preset
    from neurosim.bridge import fit_all
    from neurosim.io import write_json
    from neurosim.plotting.bridge import fit_figure
    from neurosim.plotting.style import projector_style

    params = load_preset("neuronal_dynamics")
    currents = np.linspace(0, 3, settings.points) * params.rheobase
    rankings, curves = {}, {}
    for sigma in (0, 3):
        curve = fi_curve(params, currents, duration=settings.duration_s * second, sigma=sigma * mV,
                         n_trials=1 if sigma == 0 else _noisy_trials(settings), seed=settings.seed,
                         target=settings.target)
        curves[sigma] = curve
        rankings[f"{sigma} mV"] = fit_all(curve)
    with projector_style():
        fig = fit_figure(curves[0], rankings["0 mV"],
                         title=f"{params.name}: activation functions fitted to the f-I curve (no noise)")
        files = _save(fig, folder, "04_fits")
    payload = {
        "provenance": provenance({f"{s} mV": c.settings() for s, c in curves.items()}, settings.seed),
        "rankings": {
            label: [{"family": r.family, "success": r.success, "r2": r.r2, "rmse_Hz": float(r.rmse / Hz),
                     "aic": r.aic, "parameters": r.param_text(), "meaning": r.meaning,
                     "message": r.message} for r in results]
            for label, results in rankings.items()
        },
    }
    write_json(folder / "04_fits.json", payload)
    by_name = {r.family: r for r in rankings["0 mV"]}
    best = {label: next(r.family for r in results if r.success) for label, results in rankings.items()}
    article = [by_name[f] for f in ("linear", "exponential", "sigmoid", "relu") if by_name[f].success]
    best_article = max(article, key=lambda r: r.r2)
    relu = by_name["relu"]
    reading = relu.meaning if relu.success else ""
    return DemoFigure(
        "fits", "The correspondence: which activation function is a neuron?",
        "The article's four activation functions (linear, exponential, sigmoid, ReLU), softplus "
        "and the LIF rate curve itself, each scaled and shifted (weight and bias) and fitted by "
        f"least squares to the simulated rates. Of the article's four, {best_article.family} fits "
        f"best (R^2 = {best_article.r2:.3f}); the exponential, with no threshold and no ceiling, "
        f"worst (R^2 = {by_name['exponential'].r2:.3f}). Best overall: {best['0 mV']} without noise, "
        f"{best['3 mV']} with 3 mV of noise. {reading}",
        files, ("04_fits.json",), table=_ranking_html(rankings), example="05_fit_activations.py",
    )


def step_xor(folder: Path, settings: DemoSettings) -> DemoFigure:
    """The article's XOR experiment: its settings fail, working settings succeed."""
    from matplotlib.figure import Figure

    from neurosim.ann import ARTICLE_XOR_SETTINGS, MLP, WORKING_XOR_SETTINGS, datasets
    from neurosim.io import write_json
    from neurosim.plotting.ann import plot_xor_experiment
    from neurosim.plotting.style import projector_style

    X, y = datasets.xor()
    seeds = range(settings.seed, settings.seed + (3 if settings.quick else 10))
    tally = {}
    for name, kw in (("article", ARTICLE_XOR_SETTINGS), ("working", WORKING_XOR_SETTINGS)):
        fits = [MLP(**kw, seed=s).fit(X, y) for s in seeds]
        tally[name] = {
            "settings": {k: list(v) if isinstance(v, tuple) else v for k, v in kw.items()},
            "seeds": list(seeds),
            "solved": [bool(np.all(m.predict(X) == y)) for m in fits],
            "final_loss": [float(m.loss_) for m in fits],
            "outputs_first_seed": fits[0].forward(X)[:, 0].tolist(),
        }
        tally[name]["model"] = fits[0]
    labels = {
        "article": f"article: lr {ARTICLE_XOR_SETTINGS['learning_rate']:g}, "
                   f"{ARTICLE_XOR_SETTINGS['epochs']} epochs",
        "working": f"working: lr {WORKING_XOR_SETTINGS['learning_rate']:g}, "
                   f"{WORKING_XOR_SETTINGS['epochs']} epochs",
    }
    with projector_style():
        fig = Figure(figsize=(16, 5), layout="constrained")
        plot_xor_experiment({labels[k]: tally[k]["model"] for k in labels}, X, y, fig)
        files = _save(fig, folder, "05_xor")
    summary = {k: {kk: vv for kk, vv in v.items() if kk != "model"} for k, v in tally.items()}
    record = provenance({k: v["settings"] for k, v in summary.items()}, settings.seed, init="glorot")
    write_json(folder / "05_xor.json", {"provenance": record, "runs": summary})
    n = len(seeds)
    art, work = (sum(tally[k]["solved"]) for k in ("article", "working"))
    art_loss = np.median(tally["article"]["final_loss"])
    return DemoFigure(
        "xor", "Learning XOR by gradient descent: the article's settings and working ones",
        f"The article's network (2 inputs, 4 hidden sigmoid neurons, 1 output; MSE loss) trained "
        f"by back-propagation and gradient descent, theta <- theta - lr * dL/dtheta. With the "
        f"article's learning rate 0.01 and 1000 epochs it learns XOR for {art} of {n} seeds: the "
        f"loss stays at {art_loss:.3f} (0.25 means 'answer 0.5 to everything'). With lr 0.5 and "
        f"10,000 epochs it learns XOR for {work} of {n} seeds. Weights and biases are what change; "
        "the activation and the loss stay fixed.",
        files, ("05_xor.json",), example="04_xor_mlp.py",
    )


def step_spiking_network(folder: Path, settings: DemoSettings) -> DemoFigure:
    """A trained network run as spiking LIF neurons, beside the artificial one."""
    from brian2 import ms

    from neurosim.bridge.convert import conversion_experiment
    from neurosim.io import write_json
    from neurosim.plotting.convert import conversion_figure
    from neurosim.plotting.style import projector_style

    # The conversion always runs on numpy: its network is rebuilt per data set and
    # grid size, which Cython would compile anew each time (measured 28 s vs 0.6 s).
    exp = conversion_experiment("moons", seed=settings.seed, grid=20 if settings.quick else 40,
                                target="numpy")
    with projector_style():
        files = _save(conversion_figure(exp), folder, "06_spiking_network")
    summary = exp.summary()
    write_json(folder / "06_spiking_network.json",
               {"provenance": provenance(summary["settings"], settings.seed), "summary": summary})
    r = exp.result
    return DemoFigure(
        "spiking_network", "The same trained network, as spiking neurons",
        "A network trained on the two-moons data (hidden units use the LIF rate curve as their "
        "activation) is rebuilt in Brian2: each hidden unit becomes a LIF neuron, each weight a "
        "synaptic strength, each bias a constant current, and an activation is read as a firing "
        f"rate over {float(r.presentation / ms):g} ms. "
        f"On {len(r)} test points the spiking network agrees with the artificial one on "
        f"{r.agreement:.1%} (accuracy {r.snn_accuracy:.1%} against {r.ann_accuracy:.1%}); "
        "longer presentations make the rates, and so the answers, more precise.",
        files, ("06_spiking_network.json",), example="08_spiking_moons.py",
    )


#: The demo's steps, in order: (what it does, function).
STEPS: list[tuple[str, Callable]] = [
    ("one input, two neurons", step_side_by_side),
    ("f-I curves of three presets", step_fi_presets),
    ("noise smooths the threshold", step_noise),
    ("activation functions fitted to the f-I curve", step_fits),
    ("the article's XOR experiment", step_xor),
    ("the trained network as spiking neurons", step_spiking_network),
]


def run_demo(folder, settings: DemoSettings | None = None, progress: Callable | None = None) -> DemoResult:
    """Run every demo step, writing figures and data into ``folder``.

    Parameters
    ----------
    folder : path
        An existing, writable folder.
    settings : DemoSettings, optional
    progress : callable, optional
        Called as ``progress(k, n, text, elapsed_s)`` before each step.

    Returns
    -------
    DemoResult
    """
    settings = settings or DemoSettings()
    folder = Path(folder)
    result = DemoResult(folder)
    started = time.perf_counter()
    for k, (text, step) in enumerate(STEPS, start=1):
        if progress is not None:
            progress(k, len(STEPS), text, time.perf_counter() - started)
        result.figures.append(step(folder, settings))
    if progress is not None:
        progress(len(STEPS), len(STEPS), "writing index.html", time.perf_counter() - started)
    result.seconds = time.perf_counter() - started
    from neurosim.report import write_report

    result.report = write_report(folder, result.figures, settings=settings.as_dict(), seconds=result.seconds)
    return result
