"""What a spiking run of any cell type returns: :class:`CellRunResult`."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from brian2 import Hz, ms, second

from neurosim.errors import ParameterError
from neurosim.provenance import Result
from neurosim.units import format_quantity

__all__ = ["CellRunResult", "r_squared"]


def r_squared(target, estimate) -> float:
    """``1 - sum((estimate - target)**2) / sum((target - mean(target))**2)``: how well
    ``estimate`` equals ``target`` (about the identity line, no fitted slope)."""
    target = np.asarray(target, dtype=float).ravel()
    estimate = np.asarray(estimate, dtype=float).ravel()
    spread = float(np.sum((target - target.mean()) ** 2))
    if spread == 0:
        return float("nan")
    return 1.0 - float(np.sum((estimate - target) ** 2)) / spread


@dataclass(frozen=True, eq=False)
class CellRunResult(Result):
    """An MLP and its spiking version (one cell type) on the same images, at every presentation.

    Attributes
    ----------
    mlp : MLP
    X : ndarray, shape (n_images, n_inputs)
    labels : ndarray of int or None
    times : tuple of Quantity (time)
        Presentation times, ascending; ``counts[k]`` was read at ``times[k]``.
    counts : list of list of ndarray of int
        ``counts[k][l]``: spikes of hidden layer ``l``, shape (n_images, n_l), in ``[0, times[k])``.
    r_unit : tuple of Quantity (frequency)
        Rate of activation 1, per hidden layer.
    settings : dict
        JSON-ready: everything needed to repeat the run.
    seconds : float
        Wall-clock time of the Brian2 run (build, compile and simulate).
    neuron_steps : int
        Neurons times time steps simulated.
    """

    mlp: object
    X: np.ndarray
    labels: np.ndarray | None
    times: tuple
    counts: list
    r_unit: tuple
    settings: dict
    seconds: float
    neuron_steps: int

    def __len__(self) -> int:
        return self.X.shape[0]

    @property
    def ann_activations(self) -> list:
        """Hidden activations of the MLP, one (n_images, n_l) array per layer (units of r_unit)."""
        return self.mlp.layer_outputs(self.X)[:-1]

    @property
    def ann_predictions(self) -> np.ndarray:
        return self.mlp.predict(self.X)

    @property
    def ann_accuracy(self) -> float | None:
        return None if self.labels is None else float(np.mean(self.ann_predictions == self.labels))

    def _index(self, presentation) -> int:
        if presentation is None:
            return len(self.times) - 1
        for k, t in enumerate(self.times):
            if abs(float((t - presentation) / ms)) < 1e-6:
                return k
        known = ", ".join(format_quantity(t, ms) for t in self.times)
        raise ParameterError(f"presentation: {presentation} is not a time of this run ({known})")

    def snn_activations(self, presentation=None) -> list:
        """Spike count / (T r_unit) per hidden layer, at ``presentation`` (default the longest)."""
        k = self._index(presentation)
        window = float(self.times[k] / second)
        return [c / (window * float(r / Hz)) for c, r in zip(self.counts[k], self.r_unit)]

    def snn_logits(self, presentation=None) -> np.ndarray:
        """The readout: last hidden layer's activations through the MLP's output weights."""
        return self.snn_activations(presentation)[-1] @ self.mlp.weights_[-1] + \
            self.mlp.biases_[-1]

    def snn_predictions(self, presentation=None) -> np.ndarray:
        return np.argmax(self.snn_logits(presentation), axis=1)

    def snn_accuracy(self, presentation=None) -> float | None:
        if self.labels is None:
            return None
        return float(np.mean(self.snn_predictions(presentation) == self.labels))

    def agreement(self, presentation=None) -> float:
        """Fraction of images where both networks predict the same digit."""
        return float(np.mean(self.snn_predictions(presentation) == self.ann_predictions))

    def r2(self, presentation=None) -> list:
        """R^2 of spiking rate against ANN activation per hidden layer (identity line)."""
        return [r_squared(a, s) for a, s in zip(self.ann_activations,
                                                 self.snn_activations(presentation))]

    def accuracies(self) -> list:
        """Spiking accuracy at every presentation time, ascending."""
        return [self.snn_accuracy(t) for t in self.times]

    def time_to_fraction(self, fraction: float = 0.95):
        """The first presentation time whose spiking accuracy is >= ``fraction`` of the ANN's
        (None if none, or without labels)."""
        if self.labels is None:
            return None
        goal = fraction * self.ann_accuracy
        for t in self.times:
            if self.snn_accuracy(t) >= goal:
                return t
        return None

    @property
    def neuron_steps_per_second(self) -> float:
        """Cost: neurons x time steps simulated per wall-clock second of the run."""
        return self.neuron_steps / self.seconds if self.seconds > 0 else float("nan")

    def table(self) -> list[dict]:
        """One JSON-ready row per presentation time."""
        return [{"presentation_ms": float(t / ms), "snn_accuracy": self.snn_accuracy(t),
                 "agreement": self.agreement(t), "r2": self.r2(t),
                 "peak_rate_Hz": [float(c.max()) / float(t / second) for c in self.counts[k]]}
                for k, t in enumerate(self.times)]

    def summary(self) -> dict:
        """The headline numbers (JSON-ready)."""
        reach = self.time_to_fraction(0.95)
        return {
            "n_images": len(self), "ann_accuracy": self.ann_accuracy,
            "snn_accuracy": self.snn_accuracy(), "agreement": self.agreement(),
            "presentation": format_quantity(self.times[-1], ms), "r2": self.r2(),
            "time_to_95pct_ms": None if reach is None else float(reach / ms),
            "run_seconds": self.seconds, "neuron_steps": self.neuron_steps,
            "neuron_steps_per_second": self.neuron_steps_per_second,
            "latency": self.table(),
        }

    def provenance(self) -> dict:
        """Parameters and versions behind this run (deterministic: no seed of its own)."""
        from neurosim.provenance import provenance

        return provenance(self.settings, None)
