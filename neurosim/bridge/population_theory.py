"""Mean field of a spiking network: its populations' rates, fixed points, stability and rate model.

The mean-field (diffusion) approximation replaces every population of a
:class:`neurosim.bio.network.NetworkSpec` by its rate ``nu_a``.  A neuron of
population ``a`` then receives a Gaussian input whose mean ``mu_a`` and
noise ``sigma_a`` depend on all rates, and fires at the Siegert rate
``phi_a(mu_a, sigma_a)``: the population's activation function.  The
network's stationary states are the fixed points ``nu = phi(nu)``; their
stability is judged under the rate dynamics ``tau dnu/dt = -nu + phi(nu)``,
which is also the rate network (Wilson-Cowan form) that runs beside the
spiking one (:mod:`neurosim.bridge.rate_dynamics`).

The entry points are importable from :mod:`neurosim.bridge`
(``from neurosim.bridge import mean_field``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from brian2 import Hz, Quantity, amp, ohm, second, volt
from scipy import optimize

from neurosim.bio.synapses import DeltaSynapse, ExpCurrentSynapse
from neurosim.bio.theory import has_lif_theory, siegert_rate, stationary_rate
from neurosim.bio.theory.lif import siegert_hz
from neurosim.errors import ParameterError, UnitError
from neurosim.provenance import Result
from neurosim.units import check_quantity

#: Rates scanned for fixed points (Hz, before the cap at 1/t_ref).
_SCAN = np.concatenate([[0.0], np.geomspace(1e-3, 1000.0, 400)])
_BISECTIONS = 60


def _check_spec(spec):
    from neurosim.bio.network.spec import NetworkSpec

    if not isinstance(spec, NetworkSpec):
        raise UnitError(
            f"spec: expected a NetworkSpec (e.g. brunel2000()), got {type(spec).__name__}"
        )
    for pop in spec.populations:
        hook = getattr(pop.model, "diffusion", None)
        if not callable(hook) or hook(frozen_adaptation=True) is None:
            raise ParameterError(
                f"spec: the mean field needs one-dimensional integrate-and-fire populations "
                f"(LIF, EIF, QIF, AdEx with a = b = 0); population {pop.name} is "
                f"{type(pop.model).__name__}"
            )
    return spec


def _resistance(params):
    """Input resistance (ohm) of the model's one-dimensional drift (its ``diffusion`` hook)."""
    return params.diffusion(frozen_adaptation=True)["resistance"] * ohm


def _inputs(spec, pop):
    """Inputs into ``pop``: (source index or None, mean in-degree, PSP jump J in volt,
    tau_s in s, source)."""
    names = [p.name for p in spec.populations]
    sizes = {p.name: p.n for p in spec.populations}
    params = pop.model
    out = []
    items = [
        (names.index(p.source), p.mean_in_degree(sizes[p.source]), p.synapse, p.weight, None)
        for p in spec.projections
        if p.target == pop.name
    ]
    items += [
        (None, float(s.in_degree), s.synapse, s.weight, s)
        for s in spec.sources
        if s.target == pop.name
    ]
    for index, k, synapse, weight, source in items:
        if isinstance(synapse, DeltaSynapse):
            jump, tau_s = float(weight / volt), 0.0
        elif isinstance(synapse, ExpCurrentSynapse):
            # Charge w tau_s through R_m: the same mean and white-noise variance as a jump
            # R_m w tau_s / tau_m (Fourcaud & Brunel 2002, section 4).
            jump = float(_resistance(params) * weight * synapse.tau_s / params.tau_m / volt)
            tau_s = float(synapse.tau_s / second)
        else:
            raise ParameterError(
                f"spec: the mean field supports delta and exponential-current synapses, "
                f"got {type(synapse).__name__} into population {pop.name}"
            )
        out.append((index, k, jump, tau_s, source))
    return out


def input_moments(spec, rates, t=0 * second):
    """Mean input ``mu`` and noise ``sigma`` of every population, given the rates.

    Parameters
    ----------
    spec : NetworkSpec
    rates : Quantity (frequency), shape (n_populations,) or (n_populations, m)
    t : Quantity (time)
        Time at which the Poisson sources' rates are read.

    Returns
    -------
    mu, sigma : Quantity (voltage), the shape of ``rates``
        ``mu`` relative to ``E_L``; ``sigma`` in Brunel's convention
        (``tau dV/dt = -V + mu + sigma sqrt(tau) xi``).
    tau_s : ndarray (seconds), the shape of ``rates``
        Effective synaptic time constant (variance-weighted over the inputs, for each set
        of rates), 0 for delta synapses.

    Notes
    -----
    For inputs ``k`` with in-degree ``C_k``, PSP jump ``J_k`` and rate ``nu_k``::

        mu    = tau_m * sum_k C_k J_k nu_k
        sigma = sqrt(tau_m * sum_k C_k J_k**2 nu_k)

    References
    ----------
    Brunel, N. (2000). *J. Comput. Neurosci.* 8, 183-208, Eqs. (4)-(5).
    """
    spec = _check_spec(spec)
    nu = _check_rates(spec, rates)
    mu, var, tau_s = _Theory(spec, t).moments(nu)
    return mu * volt, np.sqrt(var) * volt, tau_s


def transfer(spec, rates, t=0 * second) -> Quantity:
    """``phi(nu)``: the Siegert rate of every population given all rates.

    Parameters and shapes as :func:`input_moments`.  LIF populations use the
    Siegert formula (with the Fourcaud-Brunel shift for exponential synapses);
    EIF and AdEx (``a = b = 0``) populations use Richardson's threshold
    integration (:func:`neurosim.bio.theory.stationary_rate`) in the
    white-noise limit (no synaptic-filtering correction).

    References
    ----------
    Amit, D. J. & Brunel, N. (1997). *Cerebral Cortex* 7, 237-252;
    Brunel, N. (2000), Eq. (21); Fourcaud, N. & Brunel, N. (2002) for
    ``tau_s > 0`` (see :func:`neurosim.bio.theory.siegert_rate`).

    Richardson, M. J. E. (2007). *Phys. Rev. E* 76, 021919 (threshold integration).
    """
    spec = _check_spec(spec)
    return _Theory(spec, t).phi(_check_rates(spec, rates)) * Hz


def _check_rates(spec, rates) -> np.ndarray:
    nu = np.asarray(check_quantity(rates, "rates", Hz) / Hz, dtype=float)
    if nu.shape[0] != len(spec.populations):
        raise ParameterError(
            f"rates: need one rate per population ({len(spec.populations)}), got {nu.shape}"
        )
    return nu


class _Theory:
    """A checked network's mean-field maps on plain floats (SI units), built once per
    ``(spec, t)``: the fixed-point search evaluates ``phi`` thousands of times, and unit
    bookkeeping would cost more than the Siegert formula itself.

    ``moments`` is :func:`input_moments` and ``phi`` is :func:`transfer` (their docstrings
    give the formulas); rates in Hz, shape ``(n_populations,)`` or ``(n_populations, m)``.
    """

    def __init__(self, spec, t):
        self.models = [pop.model for pop in spec.populations]
        self.tau_m = [float(params.tau_m / second) for params in self.models]
        # Per population: (source index or None, in-degree, jump in V, tau_s in s, rate in Hz).
        self.inputs = [
            [(index, k, jump, ts,
              None if source is None else float(np.asarray(source.rate_at(t) / Hz)))
             for index, k, jump, ts, source in _inputs(spec, pop)]
            for pop in spec.populations]
        self.resistance = [float(_resistance(params) / ohm) for params in self.models]
        self.lif = [params.si() if has_lif_theory(params) else None for params in self.models]

    def moments(self, nu, populations=None):
        """``mu`` (V, relative to E_L), variance ``sigma**2`` (V**2), ``tau_s`` (s)."""
        mu, var, weighted = np.zeros_like(nu), np.zeros_like(nu), np.zeros_like(nu)
        for a in range(len(self.models)) if populations is None else populations:
            tau_m = self.tau_m[a]
            for index, k, jump, ts, source_rate in self.inputs[a]:
                rate = nu[index] if index is not None else source_rate
                mu[a] += tau_m * k * jump * rate
                var[a] += tau_m * k * jump**2 * rate
                weighted[a] += ts * tau_m * k * jump**2 * rate
        # Variance-weighted synaptic time constant, rate by rate (0 where there is no input).
        tau_s = np.divide(weighted, var, out=np.zeros_like(var), where=var > 0)
        return mu, var, tau_s

    def phi(self, nu, populations=None):
        """The Siegert (LIF) or threshold-integration rate of each population (Hz); with
        ``populations`` (indices), only theirs (the other rows are left 0)."""
        mu, var, tau_s = self.moments(nu, populations)
        out = np.zeros(np.shape(mu))
        for a in range(len(self.models)) if populations is None else populations:
            params, c = self.models[a], self.lif[a]
            current = mu[a] / self.resistance[a]
            if c is not None and np.all((tau_s[a] >= 0.0) & (tau_s[a] <= c.tau_m)):
                i_amp, sigma_v, ts = np.broadcast_arrays(current, np.sqrt(var[a]), tau_s[a])
                out[a] = siegert_hz(i_amp.ravel(), sigma_v.ravel(), c,
                                    ts.ravel()).reshape(i_amp.shape)
            elif c is not None:  # siegert_rate refuses this tau_s, with its message
                siegert_rate(0 * amp, 0 * volt, params, tau_s=np.max(tau_s[a]) * second)
            else:  # EIF, QIF, AdEx without adaptation: threshold integration, white-noise limit
                out[a] = stationary_rate(params, current * amp, np.sqrt(var[a]) * volt) / Hz
        return out


@dataclass(frozen=True, eq=False)
class FixedPoint:
    """One stationary state ``nu = phi(nu)``.

    Attributes
    ----------
    rates : Quantity (frequency), shape (n_populations,)
    eigenvalues : ndarray (1/second, complex)
        Of the Jacobian of ``(-nu + phi(nu)) / tau`` at the fixed point.
    stable : bool
        Every eigenvalue has a negative real part.
    """

    rates: Quantity
    eigenvalues: np.ndarray
    stable: bool


@dataclass(frozen=True, eq=False)
class MeanField(Result):
    """All fixed points of a network's mean field (see :func:`mean_field`).

    Attributes
    ----------
    populations : tuple of str
    fixed_points : tuple of FixedPoint, by increasing rate of the first population
    tau : Quantity (time), shape (n_populations,)
        Time constants of the rate dynamics.
    spec : NetworkSpec
        The network (None when built by hand).
    t : Quantity (time)
        The time at which time-dependent inputs were read.
    """

    populations: tuple
    fixed_points: tuple
    tau: Quantity
    spec: object = None
    t: Quantity = None

    @property
    def settings(self) -> dict:
        """The network's spec and the time its inputs were read at (JSON-ready)."""
        return {**(self.spec.settings if self.spec is not None else {}),
                "t": str(self.t if self.t is not None else 0 * second)}

    def summary(self) -> dict:
        """Every fixed point: rates (Hz) by population and stability."""
        return {"populations": list(self.populations),
                "fixed_points": [{"rates_Hz": np.asarray(fp.rates / Hz, dtype=float).tolist(),
                                  "stable": fp.stable} for fp in self.fixed_points]}

    @property
    def stable(self) -> tuple:
        return tuple(fp for fp in self.fixed_points if fp.stable)

    @property
    def rates(self) -> Quantity:
        """Rates of the lowest stable fixed point (NaN Hz when none is stable)."""
        stable = self.stable
        if not stable:
            return np.full(len(self.populations), np.nan) * Hz
        return stable[0].rates

    def rate(self, population: str) -> Quantity:
        """Rate of ``population`` at the lowest stable fixed point."""
        if population not in self.populations:
            raise ParameterError(
                f"population: unknown name {population!r}; known: {', '.join(self.populations)}"
            )
        return self.rates[self.populations.index(population)]


def _solve_rest(theory, nu0, cap, guess=None):
    """For each value of the first rate, the rates of the others (two populations: bisection;
    more: ``scipy.optimize.root`` from ``guess``, default 1 Hz, continued along ``nu0``)."""
    n_pop = len(theory.models)
    nu0 = np.atleast_1d(nu0).astype(float)
    if n_pop == 1:
        return nu0[None, :]
    if n_pop == 2:
        # phi_1 - nu_1 is >= 0 at nu_1 = 0 and < 0 at 1/t_ref: bisection always brackets a root.
        lo, hi = np.zeros_like(nu0), np.full_like(nu0, cap[1])
        for _ in range(_BISECTIONS):
            mid = 0.5 * (lo + hi)
            up = theory.phi(np.vstack([nu0, mid]), populations=(1,))[1] > mid
            lo, hi = np.where(up, mid, lo), np.where(up, hi, mid)
        return np.vstack([nu0, 0.5 * (lo + hi)])
    rest = []
    guess = np.full(n_pop - 1, 1.0) if guess is None else np.asarray(guess, dtype=float)
    others = tuple(range(1, n_pop))
    for value in nu0:
        sol = optimize.root(
            lambda x, v=value: theory.phi(np.concatenate([[v], x]), others)[1:] - x, guess
        )
        guess = np.clip(sol.x, 0, None)
        rest.append(guess)
    return np.vstack([nu0, np.array(rest).T])


def _jacobian(theory, nu, tau):
    n = len(nu)
    jac = np.empty((n, n))
    for b in range(n):
        h = 1e-4 * max(nu[b], 1.0)
        up, down = nu.copy(), nu.copy()
        up[b] += h
        down[b] = max(nu[b] - h, 0.0)
        jac[:, b] = (theory.phi(up) - theory.phi(down)) / (up[b] - down[b])
    return (jac - np.eye(n)) / tau[:, None]


def mean_field(spec, *, t=0 * second) -> MeanField:
    """Every self-consistent stationary rate of a network, with its stability.

    Parameters
    ----------
    spec : NetworkSpec
        LIF populations with delta or exponential-current synapses.
    t : Quantity (time)
        Time at which the Poisson sources' rates are read (for a step).

    Returns
    -------
    MeanField

    Notes
    -----
    The first population's rate is scanned from 0 to ``1/t_ref`` (401
    points, log-spaced); for each value the others are solved (two
    populations: by bisection, which always finds a solution; more: by
    ``scipy.optimize.root`` continued along the scan), and the sign changes
    of ``phi_0(nu) - nu_0`` are refined with Brent's method.  A fixed point
    is stable when every eigenvalue of the Jacobian of
    ``tau dnu/dt = -nu + phi(nu)`` (``tau = tau_m``, finite differences) has
    a negative real part.  This rate dynamics has no delays: it cannot see
    the oscillatory instabilities of Brunel's SI states, which need the
    linear response of the spiking population (Brunel 2000, section 4).

    References
    ----------
    Brunel, N. (2000). *J. Comput. Neurosci.* 8, 183-208, Eqs. (4)-(5), (21).

    Wilson, H. R. & Cowan, J. D. (1972). Excitatory and inhibitory
    interactions in localized populations of model neurons. *Biophys. J.*
    12, 1-24.
    """
    spec = _check_spec(spec)
    check_quantity(t, "t", second)
    try:
        return _cached_mean_field(spec, t)
    except (OverflowError, FloatingPointError) as err:  # weights or rates beyond floats
        raise ParameterError(
            f"spec: the mean field overflows ({err}); its weights and rates must "
            "keep the input's mean and variance finite") from None


def _cached_mean_field(spec, t) -> MeanField:
    """:func:`_mean_field`, its fixed points kept in the results cache when it is in use
    (:mod:`neurosim.results_cache`), keyed by the whole network (populations, models,
    projections, sources, dt), ``t`` and scipy's version (its root finders)."""
    from neurosim import results_cache

    def compute():
        found = _mean_field(spec, t)
        n = len(found.populations)
        return {"tau": np.asarray(found.tau / second, dtype=float),
                "rates": np.array([np.asarray(fp.rates / Hz, dtype=float)
                                   for fp in found.fixed_points]).reshape(-1, n),
                "eigenvalues": np.array([fp.eigenvalues for fp in found.fixed_points],
                                        dtype=complex).reshape(-1, n),
                "stable": np.array([fp.stable for fp in found.fixed_points], dtype=bool)}

    arrays = results_cache.cached_arrays("mean_field", {"spec": spec, "t": t}, compute,
                                         extra_versions=("scipy",))
    points = tuple(FixedPoint(rates=rates * Hz, eigenvalues=eig, stable=bool(stable))
                   for rates, eig, stable in zip(arrays["rates"], arrays["eigenvalues"],
                                                 arrays["stable"]))
    return MeanField(populations=tuple(p.name for p in spec.populations), fixed_points=points,
                     tau=arrays["tau"] * second, spec=spec, t=t)


def _mean_field(spec, t) -> MeanField:
    tau = np.array([float(p.model.tau_m / second) for p in spec.populations])
    cap = np.array([1.0 / max(float(p.model.t_ref / second), 1e-4) for p in spec.populations])
    grid = np.unique(np.concatenate([_SCAN[_SCAN < cap[0]], [cap[0] * (1 - 1e-9)]]))
    theory = _Theory(spec, t)
    first = (0,)
    rest = _solve_rest(theory, grid, cap)
    residual = theory.phi(rest, first)[0] - grid
    # (root, the other rates at the scan point next to it: they pick the branch when n > 2)
    roots = [(grid[k], rest[1:, k]) for k in np.flatnonzero(residual == 0)]
    for k in np.flatnonzero(np.sign(residual[:-1]) * np.sign(residual[1:]) < 0):
        root = optimize.brentq(
            lambda x, k=k: theory.phi(_solve_rest(theory, x, cap, rest[1:, k]), first)[0, 0] - x,
            grid[k],
            grid[k + 1],
            xtol=1e-10,
            rtol=1e-12,
        )
        roots.append((root, rest[1:, k]))
    points = []
    for root, guess in sorted(roots, key=lambda pair: pair[0]):
        nu = _solve_rest(theory, root, cap, guess)[:, 0]
        eig = np.linalg.eigvals(_jacobian(theory, nu, tau))
        points.append(FixedPoint(rates=nu * Hz, eigenvalues=eig, stable=bool(np.all(eig.real < 0))))
    return MeanField(
        populations=tuple(p.name for p in spec.populations),
        fixed_points=tuple(points),
        tau=tau * second,
        spec=spec,
        t=t,
    )

