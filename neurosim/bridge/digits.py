"""Handwritten digits read by spiking networks of any cell type: :func:`digits_experiment`.

The recipe (:data:`DIGITS_RECIPE`): scikit-learn's 8x8 digits in a fixed
stratified split (:func:`neurosim.ann.datasets.digits`), a 64-32-32-10 MLP
whose hidden units are one cell type's own f-I curve
(:func:`~neurosim.bridge.cell_curve.cell_activation`), softmax
cross-entropy on linear outputs, mini-batch gradient descent with momentum;
then the same weights run as spiking neurons of that cell type
(:func:`~neurosim.bridge.cell_network.run_cell_network`), read at every
presentation time of :data:`~neurosim.bridge.cell_network.PRESENTATIONS`.
:func:`sklearn_peer` trains scikit-learn's ``MLPClassifier`` on the same
split, for comparison.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from neurosim.ann import datasets
from neurosim.ann.mlp import MLP
from neurosim.bridge.cell_curve import NETWORK_DT, CellRateActivation, cell_activation
from neurosim.bridge.cell_network import PRESENTATIONS, TAU_SYN, run_cell_network
from neurosim.bridge.cell_results import CellRunResult
from neurosim.provenance import Result
from neurosim.validation import check_seed

__all__ = ["DIGITS_CELLS", "DIGITS_RECIPE", "DigitsExperiment", "digits_experiment",
           "sklearn_peer", "train_digits_mlp"]

#: The network and its training, for every cell type alike.
DIGITS_RECIPE = {
    "layers": (64, 32, 32, 10), "output_activation": "linear", "loss": "softmax_ce",
    "learning_rate": 0.05, "epochs": 60, "batch_size": 32, "momentum": 0.9, "init": "glorot",
}

#: The cell types of the comparison: a LIF, an adapting AdEx, an Izhikevich
#: regular-spiking cell, Wang-Buzsaki (type I) and Hodgkin-Huxley (type II).
DIGITS_CELLS = ("neuronal_dynamics", "adex_adapting", "izhikevich_rs", "wang_buzsaki",
                "hh_squid")


def train_digits_mlp(activation, split, *, seed: int = 0) -> tuple[MLP, float]:
    """Train :data:`DIGITS_RECIPE` with ``activation`` in its hidden layers.

    Returns the fitted MLP and the training time (s).
    """
    started = time.perf_counter()
    mlp = MLP(activation=activation, seed=seed, **DIGITS_RECIPE)
    mlp.fit(split.X_train, np.eye(10)[split.y_train])
    return mlp, time.perf_counter() - started


def sklearn_peer(split, *, seed: int = 0) -> dict:
    """scikit-learn's ``MLPClassifier`` (ReLU, Adam) with the same hidden layers on the same split.

    Returns
    -------
    dict
        ``accuracy`` (test), ``seconds`` (training) and its ``settings``.
    """
    import warnings

    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    hidden = DIGITS_RECIPE["layers"][1:-1]
    settings = {"hidden_layer_sizes": list(hidden), "activation": "relu", "solver": "adam",
                "max_iter": 300, "random_state": seed}
    started = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        clf = MLPClassifier(hidden_layer_sizes=hidden, activation="relu", solver="adam",
                            max_iter=300, random_state=seed).fit(split.X_train, split.y_train)
    seconds = time.perf_counter() - started
    return {"accuracy": float(clf.score(split.X_test, split.y_test)), "seconds": seconds,
            "settings": settings}


@dataclass(frozen=True, eq=False)
class DigitsExperiment(Result):
    """One cell type on the digits: its activation, the trained MLP and the spiking run.

    Attributes
    ----------
    preset : str
    seed : int
        Seed of the split and of the weights.
    activation : CellRateActivation
    mlp : MLP
    run : CellRunResult
        The whole test set, read at every presentation time.
    timings : dict
        Wall-clock seconds of the f-I sweep, training and the spiking run.

    Notes
    -----
    It has no ``theory()``: the accuracy the spiking network approaches as the
    presentation grows is the trained ANN's, a measurement too (``summary()["ann_accuracy"]``,
    ``run.ann_accuracy``), not a closed form of what was measured.
    """

    preset: str
    seed: int
    activation: CellRateActivation
    mlp: MLP
    run: CellRunResult
    timings: dict

    @property
    def settings(self) -> dict:
        """JSON-ready: data, recipe, seed, the cell's curve and the run."""
        split = datasets.digits(seed=self.seed)
        return {"preset": self.preset, "seed": self.seed, "data": split.settings,
                "training": {k: list(v) if isinstance(v, tuple) else v
                             for k, v in DIGITS_RECIPE.items()},
                **self.run.settings}

    def provenance(self) -> dict:
        from neurosim.provenance import provenance

        return provenance(self.settings, self.seed, source=getattr(
            self.activation.neuron, "source", ""))

    def summary(self) -> dict:
        """Headline numbers (JSON-ready): accuracies, R^2, time to 95 %, family, timings."""
        return {"preset": self.preset, "family": self.activation.fit.family,
                "fit_r2": self.activation.fit.r2, **self.run.summary(),
                "timings": dict(self.timings)}


def digits_experiment(preset: str = "neuronal_dynamics", *, seed: int = 0,
                      presentations=PRESENTATIONS, n_test: int | None = None,
                      target: str = "cpp_standalone", tau_syn=TAU_SYN,
                      dt=NETWORK_DT) -> DigitsExperiment:
    """Train :data:`DIGITS_RECIPE` with one cell type's f-I curve and run it as those cells.

    Parameters
    ----------
    preset : str or model parameters
        A preset name (any model) or parameters.
    seed : int
        Seed of the split and of the weights (:func:`neurosim.validation.check_seed`).
    presentations : sequence of Quantity (time)
        Read-out times of the one spiking run; the f-I curve is measured over
        the longest.
    n_test : int, optional
        Run only the first ``n_test`` test images (default all 450).
    target : {"cpp_standalone", "cython", "numpy"}
        Of the spiking run (:func:`run_cell_network`); the default compiles
        once per network shape and uses both cores.
    tau_syn : Quantity (time)
    dt : Quantity (time)
        Of the f-I sweep and of the network (the same, so the curve is the
        one the network's neurons have).

    Returns
    -------
    DigitsExperiment
    """
    from brian2 import second

    from neurosim.bio.presets import load_preset
    from neurosim.validation import check_integer

    seed = check_seed(seed)
    params = load_preset(preset) if isinstance(preset, str) else preset
    split = datasets.digits(seed=seed)
    X_test, y_test = split.X_test, split.y_test
    if n_test is not None:
        n_test = check_integer(n_test, "n_test", low=1, high=len(y_test))
        X_test, y_test = X_test[:n_test], y_test[:n_test]
    longest = max(presentations, key=lambda t: float(t / second))
    started = time.perf_counter()
    sweep_target = "cython" if target == "cpp_standalone" else target
    activation = cell_activation(params, duration=longest, dt=dt, target=sweep_target)
    timings = {"f_i_sweep": time.perf_counter() - started}
    mlp, timings["training"] = train_digits_mlp(activation, split, seed=seed)
    run = run_cell_network(mlp, X_test, y_test, presentations=presentations, tau_syn=tau_syn,
                           target=target)
    timings["spiking_run"] = run.seconds
    return DigitsExperiment(params.name, seed, activation, mlp, run, timings)
