"""The standard conversion experiment: train a soft-LIF MLP, convert it, run test set and grid.

:func:`conversion_experiment` is what the CLI, the examples and the demo use;
:func:`train_lif_mlp` is its training recipe per data set (:data:`DATASETS`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
from brian2 import ms, second

from neurosim.ann import datasets
from neurosim.ann.mlp import MLP
from neurosim.bio import brian2_tools
from neurosim.bio.models.lif import LIFParams
from neurosim.bridge.conversion import SpikingMLP, convert
from neurosim.bridge.conversion_results import ConversionResult
from neurosim.bridge.lif_activation import soft_lif
from neurosim.bridge.spiking_run import check_presentation, run_spiking
from neurosim.provenance import Result
from neurosim.units import check_quantity
from neurosim.validation import SEED_LIMIT, check_choice, check_integer, check_real, check_seed

__all__ = [
    "TrainedMLP",
    "ConversionExperiment",
    "DATASETS",
    "DecisionGrid",
    "LATENCY_CHECKPOINTS",
    "conversion_experiment",
    "decision_grid_points",
    "train_lif_mlp",
]


#: Training recipe and data of each data set of :func:`conversion_experiment`.
#: XOR uses the article's 2-4-1 shape; the noisier moons (0.2, not the
#: default 0.1) put more test points near the boundary, where spiking and
#: artificial networks can disagree.  Cross-entropy loss throughout.
DATASETS = {
    "xor": {"data": {}, "layers": (2, 4, 1), "training": {"learning_rate": 2.0, "epochs": 2000}},
    "moons": {
        "data": {"n_samples": 200, "noise": 0.2},
        "layers": (2, 16, 1),
        "training": {"learning_rate": 0.1, "epochs": 300, "batch_size": 16, "momentum": 0.9},
    },
    "circles": {
        "data": {"n_samples": 200, "noise": 0.1, "factor": 0.5},
        "layers": (2, 16, 1),
        "training": {"learning_rate": 0.1, "epochs": 300, "batch_size": 16, "momentum": 0.9},
    },
}

#: Presentation times at which :func:`conversion_experiment` reads the test
#: set (the accuracy/latency trade-off), from a single run.
LATENCY_CHECKPOINTS = (5 * ms, 10 * ms, 20 * ms, 50 * ms, 100 * ms, 200 * ms, 500 * ms)


@dataclass(frozen=True, eq=False)
class DecisionGrid:
    """ANN and SNN outputs on a square grid of 2-D inputs (for decision boundaries).

    Attributes
    ----------
    points : ndarray, shape (resolution**2, 2)
        Grid points, row-major as ``np.meshgrid`` (x varies fastest).
    resolution : int
    margin : float
        Space added around the data on every side (data units).
    result : ConversionResult
        Both networks on ``points`` (one Brian2 run).
    """

    points: np.ndarray
    resolution: int
    margin: float
    result: ConversionResult


def decision_grid_points(X, resolution: int, margin: float) -> np.ndarray:
    """The grid :func:`neurosim.plotting.ann.plot_decision_boundary` evaluates for ``X``.

    ``resolution`` points per axis from ``min - margin`` to ``max + margin``,
    flattened row-major (shape ``(resolution**2, 2)``).
    """
    return datasets.grid_points(X, resolution, margin)


@dataclass(frozen=True, eq=False)
class ConversionExperiment(Result):
    """A trained MLP, its spiking version, and both on a test set and a grid.

    Attributes
    ----------
    dataset : str
    seed : int
        Seed of the training data (test data: ``seed + 1``) and of the weights.
    mlp : MLP
    snn : SpikingMLP
    X_train, y_train, X_test, y_test : ndarray
    result : ConversionResult
        The test set after ``presentation``.
    latency : ConversionResult
        The test set read at every time of ``LATENCY_CHECKPOINTS`` (one run).
    grid : DecisionGrid or None
    settings : dict
        JSON-ready: data set, training recipe, neuron, presentation, dt, ...
    timings : dict
        Wall-clock seconds of training and of each Brian2 run, by name.
    """

    dataset: str
    seed: int
    mlp: MLP
    snn: SpikingMLP
    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    result: ConversionResult
    latency: ConversionResult
    grid: DecisionGrid | None
    settings: dict
    timings: dict

    @property
    def seconds(self) -> float:
        """Total wall-clock seconds (the sum of ``timings``)."""
        return float(sum(self.timings.values()))

    def summary(self) -> dict:
        """Headline numbers, the latency table and the settings (JSON-ready)."""
        return {
            "dataset": self.dataset,
            **self.result.summary(),
            "n_train": len(self.X_train),
            "latency": self.latency.latency_table(),
            "settings": self.settings,
            "timings": self.timings,
            "seconds": self.seconds,
        }


@dataclass(frozen=True, eq=False)
class TrainedMLP:
    """What :func:`train_lif_mlp` returns: the fitted MLP and the data it was trained and tested on.

    Attributes
    ----------
    mlp : MLP
        Fitted, with LIF-rate hidden units.
    X_train, y_train, X_test, y_test : ndarray
        For XOR both sets are the four points.
    seed : int
        Seed of the weights and the training data.
    test_seed : int
        Seed of the test data (``seed + 1`` modulo 2**32; ``seed`` for XOR).
    """

    mlp: MLP
    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    seed: int
    test_seed: int


def train_lif_mlp(
    dataset: str = "moons",
    *,
    seed: int | None = 0,
    params: LIFParams | None = None,
    smoothing: float = 0.02,
) -> TrainedMLP:
    """Train the MLP of :data:`DATASETS` with LIF-rate hidden units.

    Parameters
    ----------
    dataset : {"xor", "moons", "circles"}
    seed : int or None
        Seed of the weights and the training data; the test data use
        ``seed + 1`` (modulo 2**32).  The rule of :func:`neurosim.validation.check_seed`.
    params : LIFParams, optional
        The hidden neurons; default the ``neuronal_dynamics`` preset.
    smoothing : float
        Of :func:`soft_lif`.

    Returns
    -------
    TrainedMLP
    """
    from neurosim.bio.presets import load_preset

    check_choice(dataset, "dataset", DATASETS)
    seed = check_seed(seed)
    params = (
        load_preset("neuronal_dynamics") if params is None else brian2_tools.check_params(params)
    )
    recipe = DATASETS[dataset]
    make = getattr(datasets, dataset)
    if dataset == "xor":
        X_train, y_train = make()
        X_test, y_test = X_train, y_train
        test_seed = seed
    else:
        test_seed = (seed + 1) % SEED_LIMIT
        X_train, y_train = make(**recipe["data"], seed=seed)
        X_test, y_test = make(**recipe["data"], seed=test_seed)
    mlp = MLP(
        recipe["layers"],
        activation=soft_lif(params, smoothing=smoothing),
        output_activation="sigmoid",
        loss="bce",
        seed=seed,
        **recipe["training"],
    )
    mlp.fit(X_train, y_train)
    return TrainedMLP(mlp, X_train, y_train, X_test, y_test, seed, test_seed)


def conversion_experiment(
    dataset: str = "moons",
    *,
    seed: int = 0,
    params: LIFParams | None = None,
    smoothing: float = 0.02,
    presentation=200 * ms,
    dt=0.1 * ms,
    checkpoints=LATENCY_CHECKPOINTS,
    grid: int | None = 40,
    margin: float = 0.5,
    target: str = "numpy",
) -> ConversionExperiment:
    """Train an MLP with LIF-rate units, convert it, and compare both networks.

    Parameters
    ----------
    dataset : {"xor", "moons", "circles"}
    seed : int or None
        See :func:`train_lif_mlp`.
    params : LIFParams, optional
        Hidden neurons (default preset ``neuronal_dynamics``).
    smoothing : float
        Of :func:`soft_lif`.
    presentation : Quantity (time)
        Presentation of the headline result and of the grid.
    dt : Quantity (time)
    checkpoints : sequence of Quantity (time)
        Times of the latency table; the test set is run once, for the longest
        of these and ``presentation``, and read at each.
    grid : int or None
        Points per axis of the decision-boundary grid (>= 2; one Brian2 run
        for all ``grid**2`` points); None skips it.
    margin : float
        Space around the data in the grid (data units, >= 0).
    target : {"numpy", "cython"}

    Returns
    -------
    ConversionExperiment
    """
    if grid is not None:
        grid = check_integer(grid, "grid", low=2)
    margin = check_real(margin, "margin", low=0.0)
    started = time.perf_counter()
    trained = train_lif_mlp(dataset, seed=seed, params=params, smoothing=smoothing)
    mlp, X_test, y_test = trained.mlp, trained.X_test, trained.y_test
    timings = {"training": time.perf_counter() - started}
    snn = convert(mlp)
    check_quantity(presentation, "presentation", second)
    check_presentation(snn, X_test, presentation, dt)
    times = [presentation, *checkpoints]
    for k, value in enumerate(checkpoints):
        check_quantity(value, f"checkpoints[{k}]", second)
    longest = max(times, key=lambda t: float(t / second))
    latency = run_spiking(
        snn,
        X_test,
        y_test,
        presentation=longest,
        dt=dt,
        checkpoints=times,
        record=list(range(min(4, len(X_test)))),
        target=target,
    )
    timings["test_run"] = latency.seconds
    result = latency.at(presentation)
    decision = None
    if grid is not None:
        points = decision_grid_points(X_test, int(grid), float(margin))
        grid_result = run_spiking(
            snn, points, presentation=presentation, dt=dt, record=None, target=target
        )
        timings["grid_run"] = grid_result.seconds
        decision = DecisionGrid(points, int(grid), float(margin), grid_result)
    recipe = DATASETS[dataset]
    settings = {
        "dataset": dataset,
        "data": dict(recipe["data"]),
        "seed": trained.seed,
        "test_seed": trained.test_seed,
        "training": {
            "loss": "bce",
            "output_activation": "sigmoid",
            "init": mlp.init,
            **recipe["training"],
        },
        **result.settings,
        "smoothing": smoothing,
        "grid": grid,
        "margin": margin,
    }
    return ConversionExperiment(
        dataset=dataset,
        seed=trained.seed,
        mlp=mlp,
        snn=snn,
        X_train=trained.X_train,
        y_train=trained.y_train,
        X_test=X_test,
        y_test=y_test,
        result=result,
        latency=latency,
        grid=decision,
        settings=settings,
        timings=timings,
    )
