"""An interactive explorer for live teaching: sliders for current, noise, tau_m, t_ref.

:class:`Explorer` draws into a matplotlib figure: the membrane trace of a LIF
neuron (Brian2) at the chosen current, and the neuron's f-I curve (closed
form without noise, Siegert with noise) with the current operating point
and the sigmoid and ReLU fitted to that curve.  Moving a slider recomputes
everything.  It never shows a window itself: ``neurosim explore`` does.
"""

from __future__ import annotations

import numpy as np
from brian2 import Hz, ms, mV, nA

from neurosim.bio import load_preset, simulate
from neurosim.bio.theory import has_lif_theory, rate_theory
from neurosim.bridge import fit_activation
from neurosim.plotting.style import ANN, BIO, OKABE_ITO, PROJECTOR_RC, THEORY

#: Slider name -> (label, unit, minimum, maximum) ; ranges cover the presets.
SLIDERS = {
    "current": ("input current (nA)", nA, 0.0, None),  # maximum: 4x rheobase of the preset
    "sigma": ("noise sigma (mV)", mV, 0.0, 8.0),
    "tau_m": ("tau_m (ms)", ms, 2.0, 50.0),
    "t_ref": ("t_ref (ms)", ms, 0.0, 10.0),
}


class Explorer:
    """Sliders and live plots of one LIF neuron.

    Parameters
    ----------
    params : LIFParams (a model with the LIF's theory) or str
        The neuron (or a preset name); sliders start at its values.
    fig : matplotlib Figure, optional
        Drawn into (from ``pyplot.figure()`` for a window); a new
        ``Figure`` is made when None (no window, e.g. for tests).
    duration : Quantity (time)
        Length of the membrane trace.
    seed : int
        Seed of the noise (fixed, so moving a slider changes only that).

    Attributes
    ----------
    sliders : dict of str -> matplotlib.widgets.Slider
    params : LIFParams
        The neuron as set by the sliders.
    trace : Trace
        The last simulated trace.
    fits : dict of str -> FitResult
        The sigmoid and ReLU fitted to the current f-I curve.
    """

    def __init__(self, params="neuronal_dynamics", fig=None, *, duration=200 * ms, seed=1):
        from matplotlib.figure import Figure
        from matplotlib.widgets import Slider

        self.base = load_preset(params) if isinstance(params, str) else params
        if not has_lif_theory(self.base):
            from neurosim.errors import UnitError

            raise UnitError(
                f"params: expected a LIF model (LIFParams: closed-form and Siegert rates) or a "
                f"preset name, got {getattr(self.base, 'name', type(params).__name__)!r}"
            )
        self.duration, self.seed = duration, seed
        self.fig = fig if fig is not None else Figure(figsize=(13, 8))
        rh = float(self.base.closed_form_rheobase() / nA)
        self.i_max = 4 * rh
        with _rc():
            self.fig.subplots_adjust(
                left=0.08, right=0.97, top=0.95, bottom=0.32, hspace=0.45, wspace=0.28
            )
            self.ax_trace = self.fig.add_subplot(2, 1, 1)
            self.ax_fi = self.fig.add_subplot(2, 2, 3)
            self.ax_text = self.fig.add_subplot(2, 2, 4)
            self.ax_text.axis("off")
            start = {
                "current": 1.5 * rh,
                "sigma": 0.0,
                "tau_m": float(self.base.tau_m / ms),
                "t_ref": float(self.base.t_ref / ms),
            }
            self.sliders = {}
            for k, (name, (label, unit, low, high)) in enumerate(SLIDERS.items()):
                ax = self.fig.add_axes([0.2, 0.22 - 0.05 * k, 0.6, 0.03])
                high = self.i_max if high is None else high
                slider = Slider(ax, label, low, high, valinit=start[name], color=BIO)
                slider.on_changed(self.update)
                self.sliders[name] = slider
        self.update()

    def values(self) -> dict:
        """The slider values with units."""
        unit = {name: spec[1] for name, spec in SLIDERS.items()}
        return {name: s.val * unit[name] for name, s in self.sliders.items()}

    def update(self, _value=None):
        """Recompute and redraw everything from the slider values."""
        v = self.values()
        self.params = self.base.replace(tau_m=v["tau_m"], t_ref=v["t_ref"])
        self.trace = simulate(
            self.params, v["current"], self.duration, sigma=v["sigma"], seed=self.seed
        )
        currents = np.linspace(0, self.i_max, 80) * nA
        name, theory = rate_theory(self.params, currents, v["sigma"])
        theory_label = (f"{name} (sigma = {float(v['sigma'] / mV):.1f} mV)"
                        if v["sigma"] > 0 * mV else f"{name} (no noise)")
        self.fits = {
            family: fit_activation(currents, theory, family) for family in ("sigmoid", "relu")
        }
        with _rc():
            self._draw_trace()
            self._draw_fi(currents, theory, theory_label, v["current"])
        self.fig.canvas.draw_idle()

    def _draw_trace(self):
        from neurosim.plotting.bio import plot_membrane

        ax = self.ax_trace
        ax.clear()
        plot_membrane(self.trace, ax)
        ax.set_title(
            f"{self.trace.n_spikes} spikes in {float(self.duration / ms):g} ms "
            f"= {float(self.trace.rate / Hz):.0f} Hz"
        )

    def _draw_fi(self, currents, theory, theory_label, current):
        ax = self.ax_fi
        ax.clear()
        x = np.asarray(currents / nA)
        ax.plot(x, np.asarray(theory / Hz), color=THEORY, lw=2.5, label=theory_label)
        styles = {"sigmoid": (ANN, "--"), "relu": (OKABE_ITO["bluish_green"], ":")}
        lines = []
        for family, fit in self.fits.items():
            if fit.success:
                color, ls = styles[family]
                ax.plot(
                    x,
                    np.asarray(fit.predict(currents) / Hz),
                    color=color,
                    ls=ls,
                    label=f"{family} fit, R$^2$ = {fit.r2:.3f}",
                )
                lines.append(f"{family}: {fit.param_text()}")
            else:
                lines.append(f"{family}: fit failed ({fit.message})")
        ax.plot(
            [float(current / nA)],
            [float(self.trace.rate / Hz)],
            "o",
            ms=10,
            color=BIO,
            label="operating point (simulated)",
        )
        ax.set_xlabel("input current (nA)")
        ax.set_ylabel("firing rate (Hz)")
        low, high = ax.get_ylim()  # headroom: the legend sits above the curve, not on it
        ax.set_ylim(low, high + 0.5 * (high - low))
        ax.legend(loc="upper left", fontsize=12, frameon=False)
        self.ax_text.clear()
        self.ax_text.axis("off")
        p = self.params
        text = (
            f"rheobase (V_th - E_L)/R_m = {float(p.closed_form_rheobase() / nA):.3g} nA\n"
            f"max rate 1/t_ref = "
            + (f"{float(1 / p.t_ref / Hz):.0f} Hz" if p.t_ref > 0 * ms else "unbounded")
            + "\n\n"
            + "\n".join(lines)
        )
        self.ax_text.text(0, 1, text, va="top", fontsize=12, wrap=True)


def _rc():
    import matplotlib as mpl

    return mpl.rc_context({**PROJECTOR_RC, "font.size": 12, "axes.titlesize": 13})
