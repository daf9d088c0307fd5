"""Brunel's (g, eta) phase diagram from simulations, with the mean-field rate beside each point."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from brian2 import Hz, Quantity, ms, second

from neurosim.bio.network import brunel2000, simulate_network
from neurosim.bridge.population_theory import mean_field
from neurosim.errors import ParameterError
from neurosim.provenance import Result
from neurosim.validation import check_integer, check_seed

#: Below this rate (Hz) a network is called quiescent.
QUIET_RATE = 0.1
#: chi above this: synchronous.  Calibrated on scale-0.1 networks (NEST, 0.6 s, seed 1),
#: where every neuron sees about all others (C_E = N_E) and even the AI state is partly
#: synchronous: chi measured AI 0.29, SI_fast 0.34, SI_slow 0.45, SR 0.52.  At scale 0.25 the
#: values are 0.20, 0.28, 0.29, 0.50: chi falls with C_E/N_E, so pass ``chi_sync`` for
#: other sizes (see docs/network.md).
CHI_SYNC = 0.31
#: CV below this: regular firing.
CV_REGULAR = 0.3
#: Population-rate oscillation above this frequency (Hz): "fast".
FAST_OSCILLATION = 60.0


def oscillation_frequency(result, population: str = "E", bin_width=0.5 * ms) -> float:
    """Frequency (Hz) of the highest peak of the population rate's power spectrum (analysed window).

    References
    ----------
    Brunel, N. (2000). *J. Comput. Neurosci.* 8, 183-208, section 4 (oscillation frequencies).
    """
    t, rate = result.population_rate(population, bin_width)
    keep = np.asarray(t / second) >= float(result.transient / second)
    x = np.asarray(rate / Hz)[keep]
    x = x - x.mean()
    if len(x) < 4 or not np.any(x):
        return float("nan")
    freqs = np.fft.rfftfreq(len(x), float(bin_width / second))
    power = np.abs(np.fft.rfft(x)) ** 2
    return float(freqs[1:][np.argmax(power[1:])])


def classify_state(
    rate: float, cv: float, chi: float, frequency: float, chi_sync: float = CHI_SYNC
) -> str:
    """Brunel's state name from measured statistics.

    ``Q`` (quiescent) below :data:`QUIET_RATE`; ``AI`` when chi is below
    ``chi_sync`` (default :data:`CHI_SYNC`); otherwise ``SR`` when firing is regular (CV below
    :data:`CV_REGULAR` and rate above 100 Hz), else ``SI_fast`` or ``SI_slow`` by the
    oscillation frequency (:data:`FAST_OSCILLATION`).

    References
    ----------
    Brunel, N. (2000). *J. Comput. Neurosci.* 8, 183-208, Fig. 2 and section 3.
    """
    if not rate >= QUIET_RATE:
        return "Q"
    if np.isnan(chi) or chi < chi_sync:
        return "AI"
    if cv < CV_REGULAR and rate > 100:
        return "SR"
    return "SI_fast" if frequency > FAST_OSCILLATION else "SI_slow"


@dataclass(frozen=True, eq=False)
class PhaseDiagram(Result):
    """Statistics of Brunel's network over a (g, eta) grid (arrays of shape (n_g, n_eta)).

    Attributes
    ----------
    g, eta : ndarray
    rate : Quantity (frequency)
        Mean rate of the excitatory population (simulated).
    cv, chi, frequency : ndarray
        Mean ISI CV, synchrony chi and the population's oscillation frequency (Hz).
    state : ndarray of str
        :func:`classify_state` of each point.
    mean_field_rate : Quantity (frequency)
        Lowest stable mean-field rate (NaN where none is stable).
    scale : float
    duration : Quantity (time)
    backend : str
    seed : int
    """

    g: np.ndarray
    eta: np.ndarray
    rate: object
    cv: np.ndarray
    chi: np.ndarray
    frequency: np.ndarray
    state: np.ndarray
    mean_field_rate: object
    scale: float
    duration: object
    backend: str
    seed: int

    @property
    def settings(self) -> dict:
        """The grid and the run's options (JSON-ready)."""
        return {"g": np.asarray(self.g, dtype=float).tolist(),
                "eta": np.asarray(self.eta, dtype=float).tolist(), "scale": self.scale,
                "duration": str(self.duration), "backend": self.backend, "seed": self.seed}

    def summary(self) -> dict:
        """Per grid point (``"g=.., eta=.."``): simulated and mean-field rate (Hz), state."""
        out = {}
        for a, g in enumerate(self.g):
            for b, eta in enumerate(self.eta):
                out[f"g={g:g}, eta={eta:g}"] = {
                    "rate_Hz": float(self.rate[a, b] / Hz),
                    "mean_field_Hz": float(self.mean_field_rate[a, b] / Hz),
                    "state": str(self.state[a, b])}
        return out

    def theory(self) -> Quantity:
        """The mean-field rate of every grid point (what :attr:`rate` is held against)."""
        return self.mean_field_rate

    def columns(self) -> dict:
        """One row per grid point, as columns of plain numbers (for a CSV)."""
        gg, ee = np.meshgrid(self.g, self.eta, indexing="ij")
        return {
            "g": gg.ravel(),
            "eta": ee.ravel(),
            "rate_Hz": np.asarray(self.rate / Hz).ravel(),
            "mean_field_Hz": np.asarray(self.mean_field_rate / Hz).ravel(),
            "cv": self.cv.ravel(),
            "chi": self.chi.ravel(),
            "frequency_Hz": self.frequency.ravel(),
            "state": self.state.ravel(),
        }


#: The most synapses of one Brian2 run of :func:`phase_diagram`: the drives of one ``g`` run
#: as blocks of one network (:func:`neurosim.bio.network.simulate_networks`) up to this many
#: synapses in all: five drives at scale 0.25 (19.5 million synapses, 1.0 GB peak resident
#: memory on numpy, ``python benchmarks/network_blocks.py`` under ``/usr/bin/time``).  A fixed
#: number, not one read from the memory free, so that the blocks, and with them the random
#: draws, are the same on every machine.
MAX_BLOCK_SYNAPSES = 20_000_000


def _statistics(result) -> dict:
    return {"rate": float(result.mean_rate("E") / Hz), "cv": result.mean_cv("E"),
            "chi": result.chi("E"), "frequency": oscillation_frequency(result),
            "wall_time": float(result.wall_time)}


def _measured_points(specs, duration, backend, target, threads, seed) -> list:
    """The simulated points of ``specs`` (one ``g``, several drives): per point the
    excitatory rate (Hz), CV, chi, oscillation frequency and the run's wall time (s).

    On Brian2 with one thread the specs run as blocks of one network
    (:func:`~neurosim.bio.network.simulate_networks`), at most
    :data:`MAX_BLOCK_SYNAPSES` synapses per run; otherwise one run per point.  Brian2 runs
    are kept in the results cache when it is in use (:mod:`neurosim.results_cache`), keyed
    by the whole run: every block's network (populations, models, projections, sources,
    dt), the duration, target, threads and seed, since a block's spikes depend on the
    blocks run with it.  NEST runs are not cached (NEST's version is not a Python
    distribution the key could name).
    """
    from neurosim import results_cache
    from neurosim.bio.network import simulate_networks

    if backend != "brian2" or threads > 1:
        return [_statistics(simulate_network(spec, duration, backend=backend, target=target,
                                             threads=threads, seed=seed)) for spec in specs]
    per_run = max(1, MAX_BLOCK_SYNAPSES // max(1, specs[0].n_synapses))
    points = []
    for start in range(0, len(specs), per_run):
        chunk = specs[start:start + per_run]

        def compute(chunk=chunk):
            found = [_statistics(r) for r in simulate_networks(chunk, duration, target=target,
                                                               seed=seed)]
            return {key: np.array([f[key] for f in found]) for key in found[0]}

        found = results_cache.cached_arrays("network_blocks", {
            "specs": chunk, "duration": duration, "backend": backend, "target": target,
            "threads": threads, "seed": seed}, compute)
        points += [{key: found[key][k] for key in found} for k in range(len(chunk))]
    return points


def phase_diagram(
    g_values,
    eta_values,
    *,
    scale: float = 0.1,
    duration=0.5 * second,
    backend: str = "nest",
    target: str = "numpy",
    threads: int = 1,
    seed: int = 0,
    chi_sync: float = CHI_SYNC,
    progress: Callable[[int, int, str], None] | None = None,
) -> PhaseDiagram:
    """Simulate :func:`brunel2000` at every (g, eta) and compare with its mean field.

    Parameters
    ----------
    g_values, eta_values : sequence of float
    scale : float
        Network size (C_E fixed; see :func:`brunel2000`).  Small networks have
        more synchrony than Brunel's N -> infinity limit (see :data:`CHI_SYNC`).
    duration : Quantity (time)
        Per point; the first ``min(200 ms, duration/5)`` are left out.
    backend, target, threads, seed
        As :func:`neurosim.bio.network.simulate_network` (one seed for every point, so every
        point has the same connectivity and initial potentials).  On Brian2 with one thread
        the drives of one ``g`` run as blocks of one network
        (:func:`neurosim.bio.network.simulate_networks`, up to
        :data:`MAX_BLOCK_SYNAPSES` synapses per run): the same networks, Brian2's per-step
        cost paid once per run instead of once per point.
    chi_sync : float
        Synchrony threshold of :func:`classify_state` (calibrated for scale 0.1).
    progress : callable(done, total, message), optional
        Called after each point (the CLI prints it on stderr); points run as blocks of one
        network are reported together when their run ends, each with its wall time.

    Returns
    -------
    PhaseDiagram

    References
    ----------
    Brunel, N. (2000). Dynamics of sparsely connected networks of excitatory and
    inhibitory spiking neurons. *J. Comput. Neurosci.* 8, 183-208, Fig. 2.
    """
    threads = check_integer(threads, "threads", low=1)
    seed = check_seed(seed)  # None draws one, recorded (and the cache keyed by it)
    g_values = np.asarray(g_values, dtype=float)
    eta_values = np.asarray(eta_values, dtype=float)
    if g_values.ndim != 1 or eta_values.ndim != 1 or not len(g_values) or not len(eta_values):
        raise ParameterError("g_values, eta_values: must be non-empty 1-D sequences of numbers")
    shape = (len(g_values), len(eta_values))
    rate, mf, cv, chi, freq = (np.full(shape, np.nan) for _ in range(5))
    state = np.empty(shape, dtype=object)
    total, done = shape[0] * shape[1], 0
    for a, g in enumerate(g_values):
        specs = [brunel2000("AI", scale, g=float(g), eta=float(eta)) for eta in eta_values]
        points = _measured_points(specs, duration, backend, target, threads, seed)
        for b, (eta, spec, point) in enumerate(zip(eta_values, specs, points)):
            rate[a, b], cv[a, b], chi[a, b], freq[a, b] = (
                float(point[k]) for k in ("rate", "cv", "chi", "frequency"))
            state[a, b] = classify_state(rate[a, b], cv[a, b], chi[a, b], freq[a, b], chi_sync)
            mf[a, b] = float(mean_field(spec).rate("E") / Hz)
            done += 1
            if progress is not None:
                progress(
                    done,
                    total,
                    f"g = {g:g}, eta = {eta:g}: {rate[a, b]:.1f} Hz "
                    f"(mean field {mf[a, b]:.1f} Hz), CV {cv[a, b]:.2f}, "
                    f"chi {chi[a, b]:.2f}: {state[a, b]} "
                    f"[{float(point['wall_time']):.1f} s]",
                )
    return PhaseDiagram(
        g=g_values,
        eta=eta_values,
        rate=rate * Hz,
        cv=cv,
        chi=chi,
        frequency=freq,
        state=state.astype(str),
        mean_field_rate=mf * Hz,
        scale=scale,
        duration=duration,
        backend=backend,
        seed=seed,
    )
