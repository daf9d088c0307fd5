"""Handwritten digits read by spiking networks: the ANN, the LIF conversion, any cell type.

One LIF experiment on the whole test set (450 images, seed 0) is shared by the
module (about 20 s on a quiet 2-core machine: f-I sweep, training, one
Brian2 run); the four other cell types are the slow test below.
"""

import numpy as np
import pytest
from brian2 import ms, nA

from neurosim.ann import MLP, datasets
from neurosim.ann.losses import get_loss
from neurosim.bio import load_preset
from neurosim.bridge import cell_activation, digits_experiment, run_cell_network
from neurosim.bridge.digits import DIGITS_CELLS, sklearn_peer, train_digits_mlp
from neurosim.errors import ParameterError

SEED = 0


@pytest.fixture(scope="module")
def lif():
    return digits_experiment("neuronal_dynamics", seed=SEED)


def test_the_split_is_fixed_seeded_and_stratified():
    a, b, c = datasets.digits(seed=SEED), datasets.digits(seed=SEED), datasets.digits(seed=1)
    assert (len(a.y_train), len(a.y_test)) == (1347, 450)
    assert np.array_equal(a.X_test, b.X_test) and np.array_equal(a.y_train, b.y_train)
    assert not np.array_equal(a.y_test, c.y_test)
    assert 0.0 <= a.X_train.min() and a.X_train.max() <= 1.0
    # Stratified: every digit keeps its share of the 1797 images (+- one image).
    counts = np.bincount(a.y_test, minlength=10)
    whole = np.bincount(np.concatenate([a.y_train, a.y_test]), minlength=10)
    assert np.all(np.abs(counts - whole * 450 / 1797) <= 1)


def test_softmax_cross_entropy_gradient_is_its_derivative():
    loss = get_loss("softmax_ce")
    rng = np.random.default_rng(3)
    p = rng.normal(size=(5, 10))
    y = np.eye(10)[rng.integers(0, 10, 5)]
    h = 1e-6
    numeric = np.zeros_like(p)
    for idx in np.ndindex(p.shape):
        up, down = p.copy(), p.copy()
        up[idx] += h
        down[idx] -= h
        numeric[idx] = (loss.f(y, up) - loss.f(y, down)) / (2 * h)
    assert np.allclose(loss.df(y, p), numeric, atol=1e-8)
    with pytest.raises(ParameterError, match="output_activation: softmax cross-entropy"):
        MLP((64, 10), output_activation="sigmoid", loss="softmax_ce").fit(
            np.zeros((2, 64)), np.eye(10)[:2])


def test_the_ann_reaches_96_percent_and_the_sklearn_peer_is_comparable(lif):
    assert lif.run.ann_accuracy >= 0.96
    peer = sklearn_peer(datasets.digits(seed=SEED), seed=SEED)
    # The peer (ReLU, Adam, same hidden layers) is an MLP of the same size: within 3 points.
    assert abs(peer["accuracy"] - lif.run.ann_accuracy) <= 0.03 and peer["seconds"] > 0


def test_spiking_lif_within_one_point_of_the_ann_at_500_ms(lif):
    run = lif.run
    assert float(run.times[-1] / ms) == 500
    assert abs(run.snn_accuracy() - run.ann_accuracy) <= 0.01
    # Accuracy grows with the presentation: a count over T resolves a rate to 1/T.
    assert run.snn_accuracy(10 * ms) < run.snn_accuracy(500 * ms)
    reach = run.time_to_fraction(0.95)
    assert reach is not None and reach <= 100 * ms


def test_lif_rates_match_the_ann_activations_per_layer(lif):
    # Layer 1 has constant input (only the soft threshold and the 1/T count differ);
    # layer 2 sees synaptic current with 5 ms fluctuations: both >= 0.95.
    assert all(r2 >= 0.95 for r2 in lif.run.r2())
    assert len(lif.run.r2()) == 2


def test_the_activation_is_the_cell_curve_in_physical_units(lif):
    act = lif.activation
    assert act.fit.family == "lif" and act.fit.r2 > 0.9999
    # z = 0 is the LIF rheobase (V_th - E_L)/R_m = 2 nA, z = 1 its 100 Hz point.
    assert abs(float(act.i_on / nA) - 2.0) < 0.05
    assert abs(float(act.f(1.0)) - 1.0) < 0.02
    z = np.linspace(-0.3, 2.0, 41)
    h = 1e-6
    assert np.allclose(act.df(z), (act.f(z + h) - act.f(z - h)) / (2 * h), rtol=1e-4, atol=1e-4)


def test_identical_seeds_give_identical_results(lif):
    split = datasets.digits(seed=SEED)
    again, _ = train_digits_mlp(lif.activation, split, seed=SEED)
    for W, W2 in zip(lif.mlp.weights_, again.weights_):
        assert np.array_equal(W, W2)
    X, y = split.X_test[:12], split.y_test[:12]
    first = run_cell_network(again, X, y, presentations=(20 * ms, 50 * ms))
    second = run_cell_network(again, X, y, presentations=(20 * ms, 50 * ms))
    for a, b in zip(first.counts, second.counts):
        assert all(np.array_equal(x, z) for x, z in zip(a, b))
    k = [float(t / ms) for t in lif.run.times].index(50.0)
    assert np.array_equal(first.counts[-1][0], lif.run.counts[k][0][:12])
    assert lif.provenance()["seed"] == SEED and lif.summary()["fit_r2"] > 0.9999


def test_a_neuron_that_never_reaches_the_rate_is_refused():
    # neuronal_dynamics needs 2 nA to fire at all.
    with pytest.raises(ParameterError, match="never fires at 100 Hz for constant currents up to 1"):
        cell_activation(load_preset("neuronal_dynamics"), max_current=1 * nA)


#: Largest spiking deficit against the cell's own ANN at 500 ms (450 images, seed 0), from
#: each curve: the LIF fit is its exact theory (1 point, as above); Wang-Buzsaki (type I) and
#: Izhikevich RS rise continuously from 0 Hz (lif-family fits R^2 >= 0.999), but layer 2's
#: synaptic fluctuations move their fast-kinetics spikes (2 points); the adapting AdEx's curve
#: is its mean rate over 500 ms from rest, which layer 2, whose input changes while layer 1
#: adapts, follows less well (R^2 ~0.8: 3 points); Hodgkin-Huxley (type II) cannot fire between
#: ~2 Hz (one onset spike) and ~60 Hz, so units the ANN asks for a rate in that gap are silent
#: or too fast (6 points). Measured: 0.5, 0.5, 0.7, 0.2 and 3.4 points (docs/convert.md).
ALLOWED_DEFICIT = {"neuronal_dynamics": 0.01, "wang_buzsaki": 0.02, "izhikevich_rs": 0.02,
                   "adex_adapting": 0.03, "hh_squid": 0.06}


@pytest.mark.slow
@pytest.mark.parametrize("preset", [p for p in DIGITS_CELLS if p != "neuronal_dynamics"])
def test_every_cell_type_reads_digits_far_above_chance(preset):
    # The LIF (neuronal_dynamics) is the module's `lif` experiment, the same call: its ANN
    # >= 96% and its spiking accuracy within 1 point of it are asserted above, which imply
    # these three bounds for it.
    # Cost: up to about 60 s (HH) per cell type on a quiet 2-core machine, 2-4 min for the
    # four (the sweep, the training and one Brian2 run of 450 x 64 neurons each).
    run = digits_experiment(preset, seed=SEED).run
    assert run.ann_accuracy >= 0.95
    assert run.snn_accuracy() >= run.ann_accuracy - ALLOWED_DEFICIT[preset]
    assert run.snn_accuracy() >= 0.8  # eight times chance


@pytest.mark.slow
def test_cpp_standalone_fires_the_spikes_of_cython(lif):
    # Same equations, same dt, no noise: the compiled binary and Cython count the same spikes.
    # Cost: one standalone compilation (~20-80 s).
    split = datasets.digits(seed=SEED)
    X, y = split.X_test[:8], split.y_test[:8]
    runs = [run_cell_network(lif.mlp, X, y, presentations=(20 * ms, 50 * ms), target=target)
            for target in ("cython", "cpp_standalone")]
    for a, b in zip(runs[0].counts, runs[1].counts):
        assert all(np.array_equal(x, z) for x, z in zip(a, b))
