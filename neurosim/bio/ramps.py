"""Bistability: where rest and repetitive firing coexist, from an up and a down current ramp.

One vectorised run: half the neurons ramp up from rest, half ramp down from
firing, each to its own held current (:func:`bistability`).

References
----------
Rinzel, J. (1978). On repetitive activity in nerve. Fed. Proc. 37, 2793-2802.
Izhikevich, E. M. (2007). *Dynamical Systems in Neuroscience*, MIT Press, section 7.1.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from brian2 import Quantity, amp, ms, nA, second

from neurosim.bio.excitability import _check_target, _currents, _model_and_dt, _run
from neurosim.errors import ParameterError
from neurosim.provenance import Result, model_settings
from neurosim.units import check_quantity, format_quantity

#: Up ramp: growth of the oscillation around rest (last / first quarter of the hold)
#: above which rest counts as unstable (1 would count numerical drift; see bistability).
GROWTH_THRESHOLD = 1.2


@dataclass(frozen=True, eq=False)
class Bistability(Result):
    """Where rest and repetitive firing coexist, from an up and a down current ramp.

    Attributes
    ----------
    currents : Quantity (current), shape (n,)
        The held currents.
    rest_lost : ndarray of bool
        After a slow ramp up from rest to the held current, the neuron fires
        or its oscillation around rest grows during the hold
        (``growth > GROWTH_THRESHOLD``): rest is unstable.
    fires_down : ndarray of bool
        After a slow ramp down from ``start_current`` (firing all the way),
        the neuron still fires at the held current.
    growth : ndarray of float
        Up ramp: peak-to-peak ``v`` in the last quarter of the hold over that
        in the first quarter (inf where it fired).
    start_current : Quantity (current)
    onset_up : Quantity (current)
        Lowest held current where rest is lost (NaN if none).
    offset_down : Quantity (current)
        Lowest held current that still fires after the ramp down (NaN if none).
    resolution : Quantity (current)
        Largest spacing of ``currents``.
    params : the neuron model
    ramp, hold, dt : Quantity (time)
    target : str
    """

    currents: Quantity
    rest_lost: np.ndarray
    fires_down: np.ndarray
    growth: np.ndarray
    start_current: Quantity
    onset_up: Quantity
    offset_down: Quantity
    resolution: Quantity
    params: object = None
    ramp: Quantity = None
    hold: Quantity = None
    dt: Quantity = None
    target: str = "numpy"

    @property
    def settings(self) -> dict:
        """Everything needed to repeat this run (the currents excepted), as JSON-ready text."""
        return {**model_settings(self.params), "n_currents": len(self.currents),
                "start_current": format_quantity(self.start_current, nA),
                "ramp": format_quantity(self.ramp, ms), "hold": format_quantity(self.hold, ms),
                "dt": format_quantity(self.dt, ms), "target": self.target}

    def summary(self) -> dict:
        """Onset coming up, offset coming down, the bistable width (nA) and the resolution."""
        return {"onset_up_nA": float(self.onset_up / nA),
                "offset_down_nA": float(self.offset_down / nA),
                "width_nA": float(self.width / nA), "resolution_nA": float(self.resolution / nA)}

    @property
    def bistable(self) -> np.ndarray:
        """True where the neuron fires coming down but rests coming up."""
        return self.fires_down & ~self.rest_lost

    @property
    def width(self) -> Quantity:
        """``onset_up - offset_down`` (0 A without bistability, e.g. a type I neuron)."""
        width = float((self.onset_up - self.offset_down) / amp)
        return max(width, 0.0) * amp if np.isfinite(width) else np.nan * amp


def bistability(params, currents: Quantity, *, start_current: Quantity | None = None,
                ramp: Quantity = 500 * ms, hold: Quantity = 300 * ms, dt: Quantity | None = None,
                target: str = "numpy") -> Bistability:
    """Rest and repetitive firing side by side: an up ramp and a down ramp, one run.

    Parameters
    ----------
    params : any neuron model
    currents : Quantity (current), shape (n,)
        The currents to hold, increasing (evenly spaced for a meaningful ``resolution``).
    start_current : Quantity (current) or None
        Where the down ramps start, firing; default ``1.1 * max(currents)``
        (it must make the neuron fire).
    ramp : Quantity (time)
        Duration of each slow ramp (after 50 ms at its start current).
    hold : Quantity (time)
        Time at the held current.  Firing: a spike in the second half of the
        hold, so rates below ``2/hold`` are not seen: hold longer for a type I
        neuron near its rheobase.
    dt : Quantity (time) or None
    target : {"numpy", "cython"}

    Returns
    -------
    Bistability

    Notes
    -----
    ``2n`` neurons in one group: neuron ``k`` of the up half sees
    ``I(t) = I_k * clip((t - 50 ms)/ramp, 0, 1)`` from rest, neuron ``k`` of
    the down half ``I(t) = I_s + (I_k - I_s) * clip((t - 50 ms)/ramp, 0, 1)``,
    firing from the start.  A slow ramp keeps each neuron on the attractor it
    started on until that attractor disappears: the down half stops where
    the firing cycle disappears (Hodgkin-Huxley: a fold of limit cycles near
    6.3 uA/cm^2); the up half leaves rest where rest loses stability (a
    subcritical Hopf bifurcation near 9.8 uA/cm^2).  Just past a Hopf point
    rest is left slowly (the oscillation grows like ``exp(Re(lambda) t)``,
    ``Re(lambda)`` proportional to ``I - I_Hopf``: for HH ~0.002/ms at
    9.9 uA/cm^2), far too slowly to wait for a spike; so the up half also
    counts as "rest lost" where the small oscillation left by the end of the
    ramp grows during the hold (``growth > GROWTH_THRESHOLD``; for HH
    ``growth`` is ``exp(Re(lambda) * 3 hold/4)``, so the threshold 1.2 puts
    the detected onset ~0.05 uA/cm^2 above the Hopf point with the default hold).

    References
    ----------
    Rinzel, J. (1978). On repetitive activity in nerve. Fed. Proc. 37, 2793-2802.
    Izhikevich, E. M. (2007). *Dynamical Systems in Neuroscience*, MIT Press, section 7.1.
    """
    params, model, dt = _model_and_dt(params, dt)
    currents = _currents(currents)
    for name, value in (("ramp", ramp), ("hold", hold)):
        check_quantity(value, name, second)
        if not value >= 40 * dt:
            raise ParameterError(f"{name}: must be at least 40*dt ({40 * dt}), got {value}")
    if start_current is None:
        start_current = 1.1 * np.max(currents)
    start_current = _currents(start_current, "start_current")[0]
    n = len(currents)
    lead = 50 * ms
    equation = """
    I = I_from + (I_to - I_from)*clip((t - t_lead)/t_ramp, 0, 1) : amp
    I_from : amp (constant)
    I_to : amp (constant)
    """
    held = np.asarray(currents / amp, dtype=float)
    per_neuron = {"I_from": np.r_[np.zeros(n), np.full(n, float(start_current / amp))] * amp,
                  "I_to": np.r_[held, held] * amp}
    trains, voltage = _run(
        model,
        dt,
        lead + ramp + hold,
        _check_target(target),
        per_neuron,
        equation,
        extra_namespace={"t_lead": lead, "t_ramp": ramp},
        record_from=lead + ramp,
    )
    late = float((lead + ramp + 0.5 * hold) / second)
    fires = np.array([np.count_nonzero(np.asarray(t / second) >= late) >= 1 for t in trains])
    quarter = max(voltage.shape[1] // 4, 1)
    early = np.ptp(voltage[:n, :quarter], axis=1)
    final = np.ptp(voltage[:n, -quarter:], axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        growth = np.where(early > 0, final / early, 1.0)
    growth = np.where(fires[:n], np.inf, growth)
    rest_lost, down = growth > GROWTH_THRESHOLD, fires[n:]

    def lowest(mask):
        return currents[int(np.argmax(mask))] if mask.any() else np.nan * amp

    spacing = np.abs(np.diff(held))
    return Bistability(
        currents=currents,
        rest_lost=rest_lost,
        fires_down=down,
        growth=growth,
        start_current=start_current,
        onset_up=lowest(rest_lost),
        offset_down=lowest(down),
        resolution=(float(np.max(spacing)) if n > 1 else 0.0) * amp,
        params=params, ramp=ramp, hold=hold, dt=dt, target=target,
    )
