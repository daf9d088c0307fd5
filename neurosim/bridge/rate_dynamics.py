"""The rate network whose activation function is a spiking network's mean field.

``tau_a dnu_a/dt = -nu_a + phi_a(nu, t)`` (Wilson-Cowan form), with ``phi`` the
Siegert transfer of :func:`neurosim.bridge.population_theory.transfer`.
Importable as ``from neurosim.bridge import rate_network``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from brian2 import Hz, Quantity, ms, second

from neurosim.bridge.population_theory import _check_spec, _Theory, mean_field
from neurosim.errors import ParameterError
from neurosim.provenance import Result
from neurosim.units import check_quantity


@dataclass(frozen=True, eq=False)
class RateTrace(Result):
    """Rates of the mean-field rate network against time (:func:`rate_network`).

    Attributes
    ----------
    t : Quantity (time), shape (n_steps,)
    rates : Quantity (frequency), shape (n_populations, n_steps)
    populations : tuple of str
    spec : NetworkSpec
    dt : Quantity (time)
        Euler step of the integration.
    """

    t: Quantity
    rates: Quantity
    populations: tuple
    spec: object = None
    dt: Quantity = None

    @property
    def settings(self) -> dict:
        """The network's spec, the duration and the Euler step (JSON-ready)."""
        return {**(self.spec.settings if self.spec is not None else {}),
                "duration": str(self.t[-1]) if len(self.t) else "0 s", "dt": str(self.dt)}

    def summary(self) -> dict:
        """The last rate of every population (Hz)."""
        return {name: float(self.rates[i][-1] / Hz) for i, name in enumerate(self.populations)}

    def theory(self) -> Quantity:
        """The rates of the lowest stable fixed point of the mean field at the end of the run."""
        return mean_field(self.spec, t=self.t[-1]).rates

    def rate(self, population: str) -> Quantity:
        if population not in self.populations:
            raise ParameterError(
                f"population: unknown name {population!r}; known: {', '.join(self.populations)}"
            )
        return self.rates[self.populations.index(population)]


def rate_network(spec, duration, *, dt=0.1 * ms, rates0=None) -> RateTrace:
    """Run the rate network whose activation function is the spiking network's mean field.

    ``tau_a dnu_a/dt = -nu_a + phi_a(nu, t)`` (Wilson-Cowan form) with
    ``tau_a = tau_m`` and ``phi`` the Siegert transfer of :func:`transfer`;
    the Poisson sources' rates may step in time (``PoissonSource.rate_after``).

    Parameters
    ----------
    spec : NetworkSpec
    duration, dt : Quantity (time)
        Explicit Euler with step ``dt`` (``dt <= tau/10``).
    rates0 : Quantity (frequency), optional
        Initial rates; default the lowest stable fixed point at ``t = 0``.

    Returns
    -------
    RateTrace

    References
    ----------
    Wilson, H. R. & Cowan, J. D. (1972). *Biophys. J.* 12, 1-24.

    Gerstner, W., Kistler, W. M., Naud, R. & Paninski, L. (2014). *Neuronal
    Dynamics*, §15.3 (rate models from the population activity).
    """
    spec = _check_spec(spec)
    check_quantity(duration, "duration", second)
    check_quantity(dt, "dt", second)
    tau = np.array([float(p.model.tau_m / second) for p in spec.populations])
    step = float(dt / second)
    if not 0 < step <= tau.min() / 10:
        raise ParameterError(
            f"dt: must be in (0, tau_m/10 = {tau.min() / 10 * 1e3:g} ms], got {dt}"
        )
    if not duration > dt:
        raise ParameterError(f"duration: must be > dt = {dt}, got {duration}")
    if rates0 is None:
        nu = np.asarray(mean_field(spec).rates / Hz, dtype=float)
        if np.any(np.isnan(nu)):
            raise ParameterError(
                "rates0: the mean field has no stable fixed point at t = 0; give rates0"
            )
    else:
        nu = np.asarray(check_quantity(rates0, "rates0", Hz) / Hz, dtype=float).copy()
    n_steps = int(round(float(duration / dt)))
    times = np.arange(n_steps) * step
    out = np.empty((len(nu), n_steps))
    # The sources' rates are constant between their steps: one float transfer per stretch.
    changes = sorted({float(s.change_at / second) for s in spec.sources
                      if s.change_at is not None})
    theory = _Theory(spec, times[0] * second)
    for k, t in enumerate(times):
        if changes and t >= changes[0]:
            theory = _Theory(spec, t * second)
            changes = [c for c in changes if c > t]
        out[:, k] = nu
        nu = nu + step / tau * (-nu + theory.phi(nu))
    return RateTrace(
        t=times * second, rates=out * Hz, populations=tuple(p.name for p in spec.populations),
        spec=spec, dt=dt,
    )
