"""What a spiking run returns: :class:`ConversionResult` and its :class:`Raster`."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from brian2 import Hz, Quantity, ms, second

from neurosim.errors import ParameterError
from neurosim.provenance import Result
from neurosim.units import check_quantity, format_quantity

__all__ = ["ConversionResult", "Raster"]


@dataclass(frozen=True, eq=False)
class Raster:
    """Spikes of every hidden neuron during one presentation.

    Attributes
    ----------
    pattern : int
        Index of the input pattern (row of ``X``).
    times : tuple of Quantity (time)
        Spike times, one array per hidden layer.
    units : tuple of ndarray of int
        The unit (0 .. n_l - 1) of each spike, one array per hidden layer.
    sizes : tuple of int
        Units per hidden layer.
    """

    pattern: int
    times: tuple
    units: tuple
    sizes: tuple

    def until(self, presentation) -> "Raster":
        """The spikes before ``presentation``."""
        keep = [np.asarray(t / second) < float(presentation / second) for t in self.times]
        return Raster(self.pattern, tuple(t[k] for t, k in zip(self.times, keep)),
                      tuple(u[k] for u, k in zip(self.units, keep)), self.sizes)


@dataclass(frozen=True, eq=False)
class ConversionResult(Result):
    """The MLP and its spiking version on the same inputs, after one presentation.

    Attributes
    ----------
    presentation : Quantity (time)
        How long each input was presented.
    dt : Quantity (time)
    ann_activations : tuple of ndarray
        Hidden activations of the MLP, one ``(n_patterns, n_l)`` array per
        hidden layer (units of ``r_max``).
    snn_activations : tuple of ndarray
        Spike count / (presentation * r_max) of the same units.
    spike_counts : tuple of ndarray of int
    ann_drive, snn_drive : ndarray, shape (n_patterns, n_outputs)
        Net input of the output layer: computed by the MLP, and read from the
        spiking readout.
    ann_output, snn_output : ndarray, shape (n_patterns, n_outputs)
        The output activation applied to each drive.
    ann_predictions, snn_predictions : ndarray, shape (n_patterns,)
        Class labels by the MLP's decision rule (``MLP.predict``).
    labels : ndarray or None
        True labels, when given.
    r_max : Quantity (frequency)
        Per hidden layer.
    rasters : tuple of Raster
        Spikes of each recorded pattern (see ``record`` of :func:`run_spiking`).
    checkpoints : tuple of ConversionResult
        The same network read at earlier times (ascending), the last one being
        this result; empty for a result that is itself a checkpoint.
    settings : dict
        Everything needed to repeat the run (JSON-ready).
    seconds : float
        Wall-clock time of the Brian2 run.
    """

    presentation: Quantity
    dt: Quantity
    ann_activations: tuple
    snn_activations: tuple
    spike_counts: tuple
    ann_drive: np.ndarray
    snn_drive: np.ndarray
    ann_output: np.ndarray
    snn_output: np.ndarray
    ann_predictions: np.ndarray
    snn_predictions: np.ndarray
    labels: np.ndarray | None
    r_max: Quantity
    rasters: tuple = ()
    checkpoints: tuple = ()
    settings: dict = field(default_factory=dict)
    seconds: float = 0.0

    def __len__(self) -> int:
        return len(self.ann_predictions)

    @property
    def raster(self) -> Raster | None:
        """The spikes of the first recorded pattern (None if none was recorded)."""
        return self.rasters[0] if self.rasters else None

    @property
    def snn_rates(self) -> tuple:
        """Firing rates (Quantity, Hz), one array per hidden layer."""
        return tuple(a * r for a, r in zip(self.snn_activations, self.r_max))

    @property
    def agreement(self) -> float:
        """Fraction of patterns where the spiking network predicts what the MLP predicts."""
        return float(np.mean(self.snn_predictions == self.ann_predictions))

    @property
    def ann_accuracy(self) -> float | None:
        """Fraction of patterns the MLP classifies correctly (None without labels)."""
        return None if self.labels is None else float(np.mean(self.ann_predictions == self.labels))

    @property
    def snn_accuracy(self) -> float | None:
        """Fraction of patterns the spiking network classifies correctly (None without labels)."""
        return None if self.labels is None else float(np.mean(self.snn_predictions == self.labels))

    @property
    def correlation(self) -> tuple:
        """Pearson correlation of ANN activation and spiking rate, per hidden layer (all units)."""
        return tuple(_pearson(a.ravel(), s.ravel())
                     for a, s in zip(self.ann_activations, self.snn_activations))

    @property
    def max_activation_error(self) -> tuple:
        """Largest ``|snn - ann|`` activation (units of ``r_max``), per hidden layer."""
        return tuple(float(np.max(np.abs(s - a)))
                     for a, s in zip(self.ann_activations, self.snn_activations))

    def at(self, presentation) -> "ConversionResult":
        """The result read at checkpoint ``presentation`` (one of ``checkpoints``)."""
        check_quantity(presentation, "presentation", second)
        for result in self.checkpoints or (self,):
            if abs(float((result.presentation - presentation) / self.dt)) < 0.5:
                return result
        known = ", ".join(format_quantity(r.presentation, ms) for r in self.checkpoints or (self,))
        raise ParameterError(f"presentation: {format_quantity(presentation, ms)} is not a "
                             f"checkpoint of this run ({known})")

    def latency_table(self) -> list[dict]:
        """Agreement, accuracies and correlation at every checkpoint (JSON-ready rows)."""
        rows = []
        for result in self.checkpoints or (self,):
            rows.append({
                "presentation_ms": float(result.presentation / ms),
                "agreement": result.agreement,
                "ann_accuracy": result.ann_accuracy,
                "snn_accuracy": result.snn_accuracy,
                "correlation": list(result.correlation),
                "max_activation_error": list(result.max_activation_error),
            })
        return rows

    def summary(self) -> dict:
        """The headline numbers (JSON-ready)."""
        return {
            "n_patterns": len(self),
            "presentation": format_quantity(self.presentation, ms),
            "ann_accuracy": self.ann_accuracy,
            "snn_accuracy": self.snn_accuracy,
            "agreement": self.agreement,
            "correlation": list(self.correlation),
            "max_activation_error": list(self.max_activation_error),
            "peak_rate_Hz": [float(np.max(np.asarray(r / Hz), initial=0.0))
                             for r in self.snn_rates],
            "run_seconds": self.seconds,
        }


def _pearson(a, b) -> float:
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    a, b = a - a.mean(), b - b.mean()
    norm = math.sqrt(float(a @ a) * float(b @ b))
    return float(a @ b / norm) if norm > 0 else float("nan")
