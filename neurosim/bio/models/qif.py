"""The quadratic integrate-and-fire (QIF) neuron, the normal form of type I excitability."""

from __future__ import annotations

from dataclasses import field

import brian2
import numpy as np
from brian2 import Hz, Mohm, Quantity, amp, ms, mV

from neurosim.bio.models.base import NOISE_TERM, BrianModel, ModelParams, model_dataclass
from neurosim.errors import ParameterError
from neurosim.units import check_quantity, readable

QIF_EQUATION = (
    "dv/dt = ((v - E_L)*(v - V_T)/(V_T - E_L) + R_m*I)/tau_m{noise}"
    " : volt (unless refractory)"
)


@model_dataclass
class QIFParams(ModelParams):
    """Quadratic integrate-and-fire neuron: a parabola instead of the LIF's line.

    Parameters
    ----------
    tau_m : Quantity (time)
        Membrane time constant at rest (> 0). Default 10 ms.
    R_m : Quantity (resistance)
        Input resistance at rest (> 0). Default 100 Mohm.
    E_L : Quantity (voltage)
        Resting potential, the stable fixed point without input. Default -65 mV.
    V_T : Quantity (voltage)
        Threshold, the unstable fixed point without input (above ``E_L``). Default -50 mV.
    V_peak : Quantity (voltage)
        Spike cut-off; a spike is counted when ``v`` passes it (above ``V_T``
        and ``V_reset``). Default 0 mV.
    V_reset : Quantity (voltage)
        Reset potential. Default -65 mV.
    t_ref : Quantity (time)
        Refractory period (>= 0). Default 2 ms.
    name, source : str

    Notes
    -----
    The membrane equation (Latham et al. 2000; Ermentrout & Kopell 1986 in the
    variable ``theta`` with ``v = tan(theta/2)``)::

        tau_m dv/dt = (v - E_L)(v - V_T)/(V_T - E_L) + R_m I
                    = E_L - v + (v - E_L)**2/(V_T - E_L) + R_m I
        if v > V_peak: spike, v <- V_reset, held for t_ref

    The parabola is scaled so that its slope at ``E_L`` is -1: ``tau_m`` and
    ``R_m`` are the time constant and input resistance of the resting
    membrane, and the second line shows the QIF as a LIF plus the spike
    current ``(v - E_L)**2/(V_T - E_L)``.  It is Izhikevich's simple model
    (2007, Eq. 8.5) with ``u = 0``: ``C = tau_m/R_m``,
    ``k = 1/(R_m (V_T - E_L))``, ``v_r = E_L``, ``v_t = V_T``.

    Writing ``dV = V_T - E_L``, ``v* = (E_L + V_T)/2`` (the bottleneck, where
    the drift is smallest) and ``mu = R_m (I - I_rh)``, the drift is
    ``((v - v*)**2 + dV mu)/dV``.  The rheobase (saddle-node on invariant
    circle: the rate starts at 0 Hz) is::

        I_rh = (V_T - E_L) / (4 R_m)

    Noise-free, the time from ``V_reset`` to ``V_peak`` is
    ``T = tau_m integral dv/G(v)``, in closed form (Latham et al. 2000;
    Izhikevich 2007, ch. 3, for the dimensionless form)::

        mu > 0:  T = tau_m sqrt(dV/mu) [atan(x_p/a) - atan(x_r/a)],  a = sqrt(dV mu)
        mu = 0:  T = tau_m dV (1/x_r - 1/x_p)                         (x_r > 0)
        mu < 0:  T = tau_m dV/(2b) ln[(x_p - b)(x_r + b)/((x_p + b)(x_r - b))]
                 b = sqrt(-dV mu), only if x_r > b (reset above the unstable point)

    with ``x_p = V_peak - v*``, ``x_r = V_reset - v*``; the rate is
    ``1/(t_ref + T)``.  For ``V_peak -> +inf`` and ``V_reset -> -inf`` the
    brackets give ``pi`` and::

        r = 1 / (t_ref + pi tau_m sqrt((V_T - E_L) / (R_m (I - I_rh))))

    the square-root onset of type I excitability.  Under white noise the rate
    follows from threshold integration with this drift
    (:func:`neurosim.bio.theory.stationary_rate`; Brunel & Latham 2003 give the
    infinite-peak limit).

    Forward Euler (the parabola is not linear in ``v``) at dt 0.01 ms by
    default; the largest dt is a tenth of the fastest time scale, the smaller
    of ``tau_m`` and ``tau_m dV/(2 (V_peak - v*))`` (the linearised time
    constant of the upswing at the cut-off).  With noise: Euler-Maruyama,
    ``tau_noise = tau_m``.  Start: ``v = E_L``.

    References
    ----------
    Ermentrout, G. B. & Kopell, N. (1986). Parabolic bursting in an excitable system
    coupled with a slow oscillation. *SIAM J. Appl. Math.* 46, 233-253.

    Latham, P. E., Richmond, B. J., Nelson, P. G. & Nirenberg, S. (2000). Intrinsic
    dynamics in neuronal networks. I. Theory. *J. Neurophysiol.* 83, 808-827.

    Brunel, N. & Latham, P. E. (2003). Firing rate of the noisy quadratic
    integrate-and-fire neuron. *Neural Comput.* 15, 2281-2306.

    Izhikevich, E. M. (2007). *Dynamical Systems in Neuroscience*, MIT Press,
    ch. 3 (the dimensionless quadratic integrate-and-fire) and ch. 8 (Eq. 8.5).
    """

    MODEL = "qif"
    #: Rate error at the default dt against the reference (measured: docs/bio.md).
    DT_BAND = "-0.03% at 100 pA, -0.2% at 210 pA against the closed form (qif_rs)"
    KEY_FIELDS = ("tau_m", "R_m", "E_L", "V_T", "V_peak", "V_reset")
    SLIDERS = {"R_m": ("R_m (Mohm)", brian2.Mohm, 0.25, 4.0)}
    FIELD_UNITS = {
        "tau_m": brian2.ms,
        "R_m": brian2.Mohm,
        "E_L": brian2.mV,
        "V_T": brian2.mV,
        "V_peak": brian2.mV,
        "V_reset": brian2.mV,
        "t_ref": brian2.ms,
    }

    tau_m: Quantity = field(default_factory=lambda: 10 * ms)
    R_m: Quantity = field(default_factory=lambda: 100 * Mohm)
    E_L: Quantity = field(default_factory=lambda: -65 * mV)
    V_T: Quantity = field(default_factory=lambda: -50 * mV)
    V_peak: Quantity = field(default_factory=lambda: 0 * mV)
    V_reset: Quantity = field(default_factory=lambda: -65 * mV)
    t_ref: Quantity = field(default_factory=lambda: 2 * ms)
    name: str = field(default="custom", compare=False)
    source: str = field(default="", compare=False)

    def _check_ranges(self):
        self._positive("tau_m", "R_m")
        self._non_negative("t_ref")
        self._above("V_T", "E_L")
        self._above("V_peak", "V_T")
        self._above("V_peak", "V_reset")

    @property
    def tau_noise(self) -> Quantity:
        return self.tau_m

    @property
    def v_bottleneck(self) -> Quantity:
        """``(E_L + V_T)/2``, where the drift is smallest (the saddle-node at the rheobase)."""
        return (self.E_L + self.V_T) / 2

    def closed_form_rheobase(self) -> Quantity:
        """``(V_T - E_L)/(4 R_m)``: the smallest constant current with repetitive firing
        from rest (see Notes of the class)."""
        return (self.V_T - self.E_L) / (4 * self.R_m)

    def _max_dt(self) -> Quantity:
        upswing = self.tau_m * (self.V_T - self.E_L) / (2 * (self.V_peak - self.v_bottleneck))
        return min(self.tau_m, upswing) / 10

    def brian_model(self, noisy: bool = False) -> BrianModel:
        """This neuron for Brian2 (see Notes of the class)."""
        namespace = self.namespace()
        if noisy:
            namespace["tau_noise"] = self.tau_m
        limit = self._max_dt()
        return BrianModel(
            equations=QIF_EQUATION.format(noise=NOISE_TERM if noisy else ""),
            threshold="v > V_peak", reset="v = V_reset", refractory="t_ref", method="euler",
            namespace=namespace, initial={"v": "E_L"}, dt=0.01 * ms, max_dt=limit,
            max_dt_rule=(f"min(tau_m, tau_m (V_T - E_L)/(2 (V_peak - (E_L + V_T)/2)))/10"
                         f" = {readable(limit)}"),
            state_variables=(), tau_noise=self.tau_m,
        )

    def diffusion(self, *, frozen_adaptation: bool = False) -> dict:
        """The one-dimensional drift ``tau_m dv/dt = E_L - v + psi(v) + R_m I`` in SI floats,
        for threshold integration (:mod:`neurosim.bio.theory.threshold`).

        ``psi(v) = (v - E_L)**2/(V_T - E_L)``; the drift is smallest at ``v_min =
        (E_L + V_T)/2``; the absorbing boundary is ``V_peak``.
        """
        e_l, scale = float(self.E_L), float(self.V_T - self.E_L)
        return {
            "tau": float(self.tau_m), "resistance": float(self.R_m), "e_l": e_l,
            "v_top": float(self.V_peak), "v_reset": float(self.V_reset),
            "t_ref": float(self.t_ref), "psi": lambda v: (v - e_l) ** 2 / scale,
            "v_min": float(self.v_bottleneck),
        }

    def closed_form_rate(self, current, *, infinite: bool = False) -> Quantity:
        """The exact noise-free firing rate at constant ``current`` (any shape).

        Parameters
        ----------
        current : Quantity (current)
        infinite : bool
            False (default): this neuron, peak ``V_peak`` and reset ``V_reset``
            (the arctan form).  True: the limit ``V_peak -> +inf``,
            ``V_reset -> -inf``: ``1/(t_ref + pi tau_m sqrt(dV/(R_m (I - I_rh))))``.

        Returns
        -------
        Quantity (frequency)
            0 Hz where the neuron does not fire from ``V_reset``.

        Notes
        -----
        The formulas are in the Notes of the class (Latham et al. 2000;
        Izhikevich 2007, ch. 3).
        """
        current = check_quantity(current, "current", amp)
        i_amp = np.asarray(current / amp, dtype=float)
        if not np.all(np.isfinite(i_amp)):
            raise ParameterError("current: must be finite, got a nan or inf")
        tau, scale = float(self.tau_m), float(self.V_T - self.E_L)
        mu = float(self.R_m) * (i_amp - float(self.closed_form_rheobase()))
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            if infinite:
                interval = np.where(mu > 0, np.pi * tau * np.sqrt(scale / np.where(mu > 0, mu, 1)),
                                    np.inf)
            else:
                interval = _finite_interval(tau, scale, mu, float(self.V_peak - self.v_bottleneck),
                                            float(self.V_reset - self.v_bottleneck))
            rate = np.where(np.isfinite(interval), 1.0 / (float(self.t_ref) + interval), 0.0)
        return rate * Hz


def _finite_interval(tau, scale, mu, x_p, x_r):
    """Reset-to-peak time (s) of ``tau dx/dt = (x**2 + scale mu)/scale`` from ``x_r`` to
    ``x_p`` (inf where a fixed point lies between), elementwise in ``mu``."""
    mu = np.asarray(mu, dtype=float)
    out = np.full(mu.shape, np.inf)
    above, below = mu > 0, mu < 0
    a = np.sqrt(scale * np.where(above, mu, 1.0))
    out = np.where(above, tau * scale / a * (np.arctan(x_p / a) - np.arctan(x_r / a)), out)
    if x_r > 0:
        out = np.where(mu == 0, tau * scale * (1 / x_r - 1 / x_p), out)
    b = np.sqrt(-scale * np.where(below, mu, -1.0))
    fires = below & (x_r > b)
    log_term = np.log((x_p - b) * (x_r + b) / ((x_p + b) * np.where(fires, x_r - b, 1.0)))
    return np.where(fires, tau * scale / (2 * b) * log_term, out)
