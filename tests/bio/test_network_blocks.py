"""Several drives as blocks of one Brian2 network (simulate_networks), checked against
separate runs: the same connections and start in every block, each block at its own drive."""

import brian2
import numpy as np
import pytest
from brian2 import Hz, ms, mV, second

from neurosim.bio import brian2_tools, load_preset
from neurosim.bio.network import (
    NetworkSpec,
    PoissonSource,
    Population,
    Projection,
    _connect,
    simulate_network,
    simulate_networks,
)
from neurosim.bio.network import _engine_brian2 as engine
from neurosim.errors import ParameterError, ParameterTypeError, UnitError

NEURON = load_preset("brunel2000")


def recurrent(rate=25 * Hz, weight=0.2 * mV):
    pops = (Population("E", 160, NEURON), Population("I", 40, NEURON))
    projs = (
        Projection("E", "E", weight, 1.5 * ms, in_degree=16),
        Projection("E", "I", weight, 1.5 * ms, in_degree=16),
        Projection("I", "E", -1.0 * mV, 1.5 * ms, in_degree=4),
        Projection("I", "I", -1.0 * mV, 1.5 * ms, in_degree=4),
    )
    sources = (PoissonSource("xE", "E", 1000, rate, 0.1 * mV),
               PoissonSource("xI", "I", 1000, rate, 0.1 * mV))
    return NetworkSpec(pops, projs, sources, name=f"recurrent_{float(rate / Hz):g}")


def driven(rate):
    """Poisson drive only: every neuron independent, so a block's rate is an average of
    independent neurons and its standard error is known from their spread."""
    return NetworkSpec((Population("E", 400, NEURON),), (),
                       (PoissonSource("xE", "E", 1000, rate, 0.1 * mV),),
                       name=f"driven_{float(rate / Hz):g}")


def test_a_list_of_one_spec_is_simulate_network():
    (block,) = simulate_networks([recurrent()], 100 * ms, seed=5)
    alone = simulate_network(recurrent(), 100 * ms, seed=5)
    for name in ("E", "I"):
        assert len(alone.spikes[name][0]) > 50
        np.testing.assert_array_equal(np.asarray(block.spikes[name][0]),
                                      np.asarray(alone.spikes[name][0]))
        np.testing.assert_array_equal(block.spikes[name][1], alone.spikes[name][1])


def test_every_block_has_the_connections_and_start_of_the_spec_alone():
    specs = [recurrent(r * Hz) for r in (20, 25, 30)]
    with brian2_tools.codegen_target("numpy"):  # as the engine builds: nothing to compile
        objects, _ = engine.build(specs[0], *_connect.streams(9)[:2], blocks=specs)
        alone, _ = engine.build(specs[0], *_connect.streams(9)[:2])
    by_name = {o.name: o for o in alone}
    sizes = {"E": 160, "I": 40}
    for obj in objects:
        if isinstance(obj, brian2.Synapses):
            src, tgt = (sizes[x] for x in obj.name.split("_")[1:])
            i, j = np.asarray(obj.i[:]), np.asarray(obj.j[:])
            one = by_name[obj.name]
            assert len(i) == 3 * len(one.i[:])
            np.testing.assert_array_equal(i // src, j // tgt)  # no synapse joins two blocks
            for b in range(3):
                mine = i // src == b
                np.testing.assert_array_equal(i[mine] - b * src, one.i[:])
                np.testing.assert_array_equal(j[mine] - b * tgt, one.j[:])
        elif isinstance(obj, brian2.NeuronGroup):
            np.testing.assert_array_equal(np.asarray(obj.v[:]),
                                          np.tile(np.asarray(by_name[obj.name].v[:]), 3))
    inputs = [o for o in objects if isinstance(o, brian2.PoissonInput)]
    assert [(o._group.start, o._group.stop, float(o.rate / Hz)) for o in inputs] == [
        (0, 160, 20), (0, 40, 20), (160, 320, 25), (40, 80, 25), (320, 480, 30), (80, 120, 30)]


def test_each_block_fires_at_its_own_drive_as_it_would_alone():
    # Without recurrent synapses the neurons are independent: a block's mean rate and the
    # same spec's own run differ by chance only, within 5 standard errors of the difference
    # (from the spread of the neurons' rates; seed 11: -2.0, 0.0 and 0.1 of them).  Around
    # threshold (1000 x 0.1 mV x 10 Hz x 20 ms = 20 mV) the neurons fire 3, 16 and 28 Hz at
    # drives of 9, 10 and 11 Hz: a block fed another block's drive is ~100 errors off.
    rates = (9 * Hz, 10 * Hz, 11 * Hz)
    blocks = simulate_networks([driven(r) for r in rates], 1 * second, seed=11)
    mean_rates = []
    for rate, block in zip(rates, blocks):
        alone = simulate_network(driven(rate), 1 * second, seed=11)
        a, b = np.asarray(block.rates("E") / Hz), np.asarray(alone.rates("E") / Hz)
        error = np.sqrt(a.var(ddof=1) / len(a) + b.var(ddof=1) / len(b))
        assert abs(a.mean() - b.mean()) < 5 * error, (rate, a.mean(), b.mean(), error)
        mean_rates.append(a.mean())
        assert block.record["blocks"] == 3 and block.spec.name == driven(rate).name
    assert np.all(np.diff(mean_rates) > 10 * error)


def test_blocks_are_independent_draws_of_one_network():
    first, second_ = simulate_networks([recurrent(), recurrent()], 200 * ms, seed=3)
    again = simulate_networks([recurrent(), recurrent()], 200 * ms, seed=3)
    t0, t1 = np.asarray(first.spikes["E"][0]), np.asarray(second_.spikes["E"][0])
    assert len(t0) > 100 and not (len(t0) == len(t1) and np.array_equal(t0, t1))
    np.testing.assert_array_equal(np.asarray(again[1].spikes["E"][0]), t1)
    np.testing.assert_array_equal(again[1].spikes["E"][1], second_.spikes["E"][1])
    assert first.spikes["E"][1].max() < 160 and second_.spikes["E"][1].max() < 160


def test_specs_that_differ_beyond_their_drive_are_refused():
    with pytest.raises(ParameterError, match=r"specs\[1\] \('recurrent_25'\) differs"):
        simulate_networks([recurrent(), recurrent(weight=0.3 * mV)], 100 * ms, seed=1)
    with pytest.raises(ParameterError, match="specs: give at least one"):
        simulate_networks([], 100 * ms)
    # Initial potentials are part of a block's network, and compared exactly.
    low, high = recurrent(), recurrent(25.000000001 * Hz)
    moved = NetworkSpec((Population("E", 160, NEURON, (15 * mV, 19 * mV)), low.populations[1]),
                        low.projections, low.sources, name="moved")
    with pytest.raises(ParameterError, match=r"specs\[1\] \('moved'\) differs"):
        simulate_networks([low, moved], 100 * ms, seed=1)
    simulate_networks([low, high], 10 * ms, seed=1)  # rates may differ in any digit
    with pytest.raises(ParameterTypeError, match="specs: expected a list of NetworkSpec, got int"):
        simulate_networks(5, 100 * ms)
    with pytest.raises(UnitError, match=r"specs\[1\]: expected a NetworkSpec"):
        simulate_networks([low, "AI"], 100 * ms)
    with pytest.raises(ParameterError, match="duration"):
        simulate_networks([recurrent()], 0.1 * ms)


def test_the_inputs_draw_the_same_numbers_whatever_else_the_process_holds():
    # Brian2 names every PoissonInput after those alive ("poissoninput_10" sorts before
    # "poissoninput_9"); the engine's order keeps the draws of a seed independent of that.
    first = simulate_network(recurrent(), 100 * ms, seed=1)
    held = [brian2.PoissonInput(brian2.NeuronGroup(1, "v : 1"), "v", 1, 1 * Hz, 1)
            for _ in range(9)]
    again = simulate_network(recurrent(), 100 * ms, seed=1)
    assert len(held) == 9
    np.testing.assert_array_equal(np.asarray(again.spikes["E"][0]),
                                  np.asarray(first.spikes["E"][0]))


def test_phase_diagram_checks_threads_before_any_work():
    from neurosim.bridge.phase_diagram import phase_diagram

    for bad, error in ((0, ParameterError), (True, ParameterTypeError)):
        with pytest.raises(error, match="threads: must be an integer >= 1"):
            phase_diagram([5.0], [2.0], backend="brian2", threads=bad)


def test_phase_diagram_runs_a_row_of_drives_as_blocks(monkeypatch):
    from neurosim import results_cache
    from neurosim.bio.network import brunel2000
    from neurosim.bridge import phase_diagram as module

    with results_cache.using_cache(False):
        diagram = module.phase_diagram([5.0], [1.5, 2.0], scale=0.1, duration=0.1 * second,
                                       backend="brian2", seed=2)
        direct = simulate_networks([brunel2000("AI", 0.1, eta=e) for e in (1.5, 2.0)],
                                   0.1 * second, seed=2)
        np.testing.assert_array_equal(np.asarray(diagram.rate[0] / Hz),
                                      [float(r.mean_rate("E") / Hz) for r in direct])
        # A run holds at most MAX_BLOCK_SYNAPSES: one network per drive below that.
        monkeypatch.setattr(module, "MAX_BLOCK_SYNAPSES", 1)
        single = module.phase_diagram([5.0], [1.5, 2.0], scale=0.1, duration=0.1 * second,
                                      backend="brian2", seed=2)
        alone = [simulate_network(brunel2000("AI", 0.1, eta=e), 0.1 * second, seed=2)
                 for e in (1.5, 2.0)]
    np.testing.assert_array_equal(np.asarray(single.rate[0] / Hz),
                                  [float(r.mean_rate("E") / Hz) for r in alone])
