"""The result of a network simulation: spikes and the statistics computed from them."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from brian2 import Hz, Quantity, ms, second

from neurosim.errors import ParameterError
from neurosim.provenance import Result

#: A neuron's ISI CV is computed only with at least this many intervals.
MIN_INTERVALS = 3

#: Bin of the spike counts used for the synchrony measure chi.
CHI_BIN = 1 * ms

#: Neurons used for chi (the first ones of the population): its finite-size
#: floor is ~1/sqrt(this) for independent neurons.
CHI_NEURONS = 1000


@dataclass(frozen=True, eq=False)
class NetworkResult(Result):
    """Spikes of every population and their statistics.

    Attributes
    ----------
    spec : NetworkSpec
    duration : Quantity (time)
        Simulated time.
    transient : Quantity (time)
        Spikes before this time are kept in ``spikes`` but left out of every
        statistic (rates, CV, chi).
    spikes : dict
        Population name -> ``(times, indices)``: spike times (Quantity, time)
        and neuron indices (int array) within the population, sorted by time.
    backend, target : str
        ``"brian2"`` with a code-generation target, or ``"nest"`` (target
        ``"nest"``).
    threads : int
    seed : int
        Reproduces the run exactly on the same backend, target and threads.
    wall_time, build_time : float
        Seconds spent running the simulation and building/compiling it.
    record : dict
        What :meth:`provenance` returns: parameters, seed and versions, recorded when the
        run was made (:func:`neurosim.provenance.provenance`).
    """

    spec: object
    duration: Quantity
    transient: Quantity
    spikes: dict
    backend: str
    target: str
    threads: int
    seed: int
    wall_time: float
    build_time: float
    record: dict

    @property
    def settings(self) -> dict:
        """Everything needed to repeat this run: the spec and the run's options (JSON-ready)."""
        return {**self.spec.settings, "duration": str(self.duration),
                "transient": str(self.transient), "backend": self.backend,
                "target": self.target, "threads": self.threads, "seed": self.seed}

    def provenance(self) -> dict:
        """Parameters, seed and versions, as recorded when the run was made."""
        return self.record

    def _pop(self, population):
        if population not in self.spikes:
            raise ParameterError(
                f"population: unknown name {population!r}; known: {', '.join(self.spikes)}"
            )
        return self.spec.population(population).n

    def _window(self, population):
        n = self._pop(population)
        times, idx = self.spikes[population]
        t = np.asarray(times / second)
        keep = t >= float(self.transient / second)
        return n, t[keep], idx[keep]

    @property
    def window(self) -> Quantity:
        """Length of the analysed window, ``duration - transient``."""
        return self.duration - self.transient

    def rates(self, population: str) -> Quantity:
        """Firing rate of every neuron of ``population`` (Hz), over the analysed window."""
        n, _, idx = self._window(population)
        return np.bincount(idx, minlength=n) / float(self.window / second) * Hz

    def mean_rate(self, population: str) -> Quantity:
        """Population-averaged rate (Hz)."""
        return float(np.mean(self.rates(population) / Hz)) * Hz

    def cvs(self, population: str) -> np.ndarray:
        """Coefficient of variation of the inter-spike intervals of each neuron.

        Only neurons with at least :data:`MIN_INTERVALS` intervals in the
        analysed window (others are left out).

        Notes
        -----
        ``CV = std(ISI) / mean(ISI)``: 1 for a Poisson process, 0 for a clock.

        References
        ----------
        Softky, W. R. & Koch, C. (1993). The highly irregular firing of cortical
        cells is inconsistent with temporal integration of random EPSPs.
        *J. Neurosci.* 13, 334-350.
        """
        n, t, idx = self._window(population)
        order = np.lexsort((t, idx))
        t, idx = t[order], idx[order]
        counts = np.bincount(idx, minlength=n)
        starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
        out = []
        for i in np.flatnonzero(counts > MIN_INTERVALS):
            isi = np.diff(t[starts[i] : starts[i] + counts[i]])
            out.append(np.std(isi) / np.mean(isi))
        return np.asarray(out, dtype=float)

    def mean_cv(self, population: str) -> float:
        """Mean ISI CV over the neurons that have one (NaN when none has)."""
        cvs = self.cvs(population)
        return float(np.mean(cvs)) if len(cvs) else float("nan")

    def population_rate(self, population: str, bin_width: Quantity = 1 * ms):
        """Population rate in time: spikes per neuron per bin / bin width, whole run.

        Returns
        -------
        t : Quantity (time)
            Bin starts.
        rate : Quantity (frequency)
        """
        n = self._pop(population)
        times, _ = self.spikes[population]
        width = float(bin_width / second)
        if not width > 0:
            raise ParameterError(f"bin_width: must be > 0 ms, got {bin_width}")
        edges = np.arange(0.0, float(self.duration / second) + width / 2, width)
        counts, _ = np.histogram(np.asarray(times / second), bins=edges)
        return edges[:-1] * second, counts / (n * width) * Hz

    def chi(self, population: str) -> float:
        """Synchrony measure chi of the population (0 asynchronous, 1 fully synchronous).

        Notes
        -----
        With ``s_i(t)`` the spike count of neuron ``i`` in bins of
        :data:`CHI_BIN` (over the analysed window, first :data:`CHI_NEURONS`
        neurons) and ``S(t)`` their mean::

            chi**2 = Var_t[S(t)] / mean_i Var_t[s_i(t)]

        For ``N`` independent neurons chi is ~``1/sqrt(N)``, not 0.  Golomb
        defines chi on membrane potentials; spike counts make it engine-free
        and need no voltage recording.

        References
        ----------
        Golomb, D. (2007). Neuronal synchrony measures. *Scholarpedia* 2(1):1347.
        """
        n, t, idx = self._window(population)
        m = min(n, CHI_NEURONS)
        keep = idx < m
        width = float(CHI_BIN / second)
        start = float(self.transient / second)
        n_bins = max(int(float(self.window / second) / width), 1)
        bins = np.minimum(((t[keep] - start) / width).astype(int), n_bins - 1)
        counts = np.zeros((m, n_bins))
        np.add.at(counts, (idx[keep], bins), 1.0)
        single = counts.var(axis=1).mean()
        if single == 0:
            return float("nan")
        return float(np.sqrt(counts.mean(axis=0).var() / single))

    def summary(self) -> dict:
        """Per population: mean rate (Hz), mean CV and chi, as plain numbers."""
        return {
            name: {
                "rate_Hz": float(self.mean_rate(name) / Hz),
                "cv": self.mean_cv(name),
                "chi": self.chi(name),
            }
            for name in self.spikes
        }
