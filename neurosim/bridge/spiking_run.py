"""Running a converted network: :func:`run_spiking` builds and runs one Brian2 network.

A whole data set is one run: one copy of the network per input pattern, each
layer one ``NeuronGroup`` of ``n_patterns * n_units`` neurons, synapses only
within a copy.  Also the input checks (:func:`check_presentation`).

References
----------
.. [1] Rueckauer, B., Lungu, I.-A., Hu, Y., Pfeiffer, M. & Liu, S.-C. (2017).
   Conversion of continuous-valued deep networks to efficient event-driven
   networks for image classification. *Front. Neurosci.* 11, 682 (error
   against simulation time).
"""

from __future__ import annotations

import time

import brian2
import numpy as np
from brian2 import Hz, Quantity, amp, coulomb, ms, second

from neurosim.bio import brian2_tools
from neurosim.bio.engine import check_dt
from neurosim.bio.models.lif import LIF_EQUATION
from neurosim.bridge.conversion import SpikingMLP
from neurosim.bridge.conversion_results import ConversionResult, Raster
from neurosim.errors import DataError, ParameterError
from neurosim.units import check_quantity, format_quantity
from neurosim.validation import check_finite_array, check_instance, check_integer

__all__ = ["MIN_SPIKES", "check_presentation", "run_spiking"]


#: Spikes the most active hidden unit must be able to fire in a presentation
#: (``T * r_peak >= MIN_SPIKES``): a spike count resolves a rate only to one
#: spike per window, so this bounds the quantisation error of the most active
#: unit to 1/MIN_SPIKES = 10 % of its rate.
MIN_SPIKES = 10



def check_presentation(snn: SpikingMLP, X, presentation, dt=0.1 * ms) -> Quantity:
    """Check that a presentation is long enough to resolve the rates of ``X``.

    Parameters
    ----------
    snn : SpikingMLP
    X : array_like, shape (n_patterns, n_inputs)
    presentation, dt : Quantity (time)

    Returns
    -------
    Quantity
        ``presentation``.

    Raises
    ------
    ParameterError
        If ``presentation < 10*dt`` or ``presentation * r_peak < MIN_SPIKES``,
        where ``r_peak`` is the largest rate the MLP asks of any hidden unit
        on ``X`` (the message gives the shortest presentation that works), or
        no hidden unit is active at all.

    Notes
    -----
    A spike count over ``T`` resolves a rate to ``1/T``; the check keeps that
    quantisation below ``1/MIN_SPIKES`` of the largest rate involved.
    """
    X = _check_X(snn, X)
    check_quantity(presentation, "presentation", second, scalar=True)
    brian2_tools.check_duration(presentation, dt)
    hidden = snn.mlp.layer_outputs(X)[:-1]
    peak = max(float(np.max(a)) * float(r / Hz) for a, r in zip(hidden, snn.r_max))
    if not peak > 0:
        raise ParameterError("X: no hidden unit fires for any of these inputs; the spiking "
                             "network has nothing to count")
    needed = MIN_SPIKES / peak
    if float(presentation / second) < needed * (1 - 1e-9):
        raise ParameterError(
            f"presentation: {format_quantity(presentation, ms)} is too short for the rates "
            f"involved: the most active hidden unit fires at {peak:.4g} Hz, and a rate is "
            f"resolved to 1/{MIN_SPIKES} only with >= {MIN_SPIKES} spikes, i.e. presentation "
            f">= {needed * 1000:.4g} ms")
    return presentation


def _check_X(snn, X) -> np.ndarray:
    n_inputs = snn.layers[0]
    X = check_finite_array(X, "X")
    if X.ndim != 2 or X.shape[1] != n_inputs or X.shape[0] == 0:
        raise DataError(f"X: expected shape (n_patterns, {n_inputs}) with n_patterns >= 1, "
                        f"got {X.shape}")
    return X


def _check_labels(y, n):
    if y is None:
        return None
    y = check_finite_array(y, "y")
    if y.ndim == 2 and y.shape[1] > 1:
        y = np.argmax(y, axis=1)
    y = y.reshape(-1)
    if y.shape[0] != n:
        raise DataError(f"y: has {y.shape[0]} labels but X has {n} patterns")
    return y


def _check_record(record, n_patterns) -> tuple:
    """Pattern indices whose raster is kept: None, one index or a list of indices."""
    if record is None:
        return ()
    indices = list(record) if isinstance(record, (list, tuple, np.ndarray, range)) else [record]
    return tuple(dict.fromkeys(check_integer(k, "record", low=0, high=n_patterns - 1)
                               for k in indices))


def _check_checkpoints(checkpoints, presentation, dt) -> list[int]:
    """Checkpoint step counts, ascending, ending with the presentation's."""
    total = int(round(float(presentation / dt)))
    steps = {total}
    for k, value in enumerate(checkpoints):
        check_quantity(value, f"checkpoints[{k}]", second)
        n = int(round(float(value / dt)))
        if not 1 <= n <= total:
            raise ParameterError(
                f"checkpoints[{k}]: must be in (0, presentation = {presentation}], got {value}")
        steps.add(n)
    return sorted(steps)


def run_spiking(snn: SpikingMLP, X, y=None, *, presentation=200 * ms, dt=0.1 * ms,
                checkpoints=(), record=0, target: str = "numpy") -> ConversionResult:
    """Present every row of ``X`` to its own copy of the spiking network, in one Brian2 run.

    Parameters
    ----------
    snn : SpikingMLP
        From :func:`convert`.
    X : array_like, shape (n_patterns, n_inputs)
        Inputs, finite.
    y : array_like, shape (n_patterns,), optional
        Labels, for the accuracies.
    presentation : Quantity (time)
        How long each input is presented; see :func:`check_presentation`.
    dt : Quantity (time)
        Time step, in ``(0, tau_m/10]`` for every hidden neuron.
    checkpoints : sequence of Quantity (time)
        Earlier times at which the same run is also read out (e.g. 50, 100
        ms): the accuracy/latency trade-off without extra runs.
    record : int, sequence of int, or None
        Pattern(s) whose spikes are recorded (:attr:`ConversionResult.rasters`);
        None records none (fastest, e.g. for a grid of points).
    target : {"numpy", "cython"}
        Brian2 code generation.

    Returns
    -------
    ConversionResult

    Raises
    ------
    ParameterError, UnitError
        Bad shapes, units or ranges (each message names the argument).

    Notes
    -----
    Every layer is one ``NeuronGroup`` with ``n_patterns * n_l`` neurons
    (neuron ``p * n_l + k`` is unit ``k`` of copy ``p``); synapses connect
    only neurons of the same copy.  Each neuron starts at ``V_reset``, not
    refractory, and counts its spikes in its reset statement.  The simulation
    is deterministic (no noise), so no seed is involved.

    Accuracy: a count over ``T`` resolves a rate to ``1/T`` (activation
    ``1/(T r_max)``); spikes lie on the time grid, which shortens each
    interval by k ``dt``, f <= k <= 1 + f with f = frac(t_ref/dt) (rate error ``~ r**2 dt``,
    see ``docs/bio.md``).
    """
    check_instance(snn, "snn", SpikingMLP, hint="convert(mlp)")
    X = _check_X(snn, X)
    n_patterns = X.shape[0]
    labels = _check_labels(y, n_patterns)
    check_quantity(dt, "dt", second, scalar=True)
    for neuron in snn.neurons:
        check_dt(dt, neuron.brian_model())
    presentation = check_presentation(snn, X, presentation, dt)
    steps = _check_checkpoints(checkpoints, presentation, dt)
    record = _check_record(record, n_patterns)
    # runtime targets only: the presentation runs in segments to read the checkpoints,
    # which a standalone binary cannot do
    brian2_tools.check_target(target, runtime=True)

    started = time.perf_counter()
    snapshots, rasters = _simulate_cached(snn, X, steps, dt, record, target)
    seconds = time.perf_counter() - started

    mlp = snn.mlp
    hidden_ann = mlp.layer_outputs(X)[:-1]
    ann_drive = hidden_ann[-1] @ mlp.weights_[-1] + mlp.biases_[-1]
    output_act = mlp.activations_[-1]
    ann_output = output_act.f(ann_drive)
    ann_predictions = mlp.decide(ann_output)
    settings = {
        **snn.settings, "n_patterns": n_patterns,
        "presentation": format_quantity(presentation, ms),
        "dt": format_quantity(dt, ms), "checkpoints": [format_quantity(n * dt, ms) for n in steps],
        "initial_state": "v = V_reset, not refractory", "target": target,
    }
    results = []
    for n_steps, (counts, charge) in zip(steps, snapshots):
        window = n_steps * dt
        window_s = float(window / second)
        snn_activations = tuple(c / (window_s * float(r / Hz)) for c, r in zip(counts, snn.r_max))
        snn_drive = charge / (float(snn.readout_unit / amp) * window_s) + snn.readout_bias
        snn_output = output_act.f(snn_drive)
        results.append(ConversionResult(
            presentation=window, dt=dt, ann_activations=tuple(hidden_ann),
            snn_activations=snn_activations, spike_counts=tuple(counts), ann_drive=ann_drive,
            snn_drive=snn_drive, ann_output=ann_output, snn_output=snn_output,
            ann_predictions=ann_predictions, snn_predictions=mlp.decide(snn_output),
            labels=labels, r_max=snn.r_max,
            rasters=tuple(r.until(window) for r in rasters),
            settings={**settings, "presentation": format_quantity(window, ms)}, seconds=seconds,
        ))
    final = results[-1]
    return ConversionResult(**{**final.__dict__, "checkpoints": tuple(results)})


_HIDDEN_FIRST = LIF_EQUATION + """
I : amp (constant)
n_spikes : integer
"""

_HIDDEN_DEEP = LIF_EQUATION + """
I = I_bias + I_syn : amp
dI_syn/dt = -I_syn / tau_syn : amp
I_bias : amp (constant)
n_spikes : integer
"""

_RESET = """
v = V_reset
n_spikes += 1
"""


def _connect(pre, post, weights, n_patterns, name, on_pre, namespace):
    """Synapses from every unit to every unit of the same copy, weight per synapse (coulomb)."""
    n_pre, n_post = weights.shape
    copies = np.arange(n_patterns)[:, None, None]
    i = (copies * n_pre + np.arange(n_pre)[None, :, None]) + np.zeros((1, 1, n_post), dtype=int)
    j = (copies * n_post + np.arange(n_post)[None, None, :]) + np.zeros((1, n_pre, 1), dtype=int)
    syn = brian2.Synapses(pre, post, "w : coulomb (constant)", on_pre=on_pre, name=name,
                          namespace=namespace)
    syn.connect(i=i.ravel(), j=j.ravel())
    w = np.broadcast_to(np.asarray(weights / coulomb, dtype=float)[None],
                        (n_patterns, n_pre, n_post))
    syn.w_ = w.ravel()
    return syn


def _simulate_cached(snn, X, steps, dt, record, target):
    """:func:`_simulate`, kept in the results cache when it is in use
    (:mod:`neurosim.results_cache`), keyed by everything the run reads: the layer sizes,
    neurons, input and bias currents, synaptic weights, ``tau_syn``, the inputs, the
    checkpoints, ``dt``, the recorded patterns and the target."""
    from neurosim import results_cache

    sizes = snn.layers[1:-1]

    def compute():
        snapshots, spikes = _simulate(snn, X, steps, dt, record, target)
        arrays = {}
        for k, (counts, charge) in enumerate(snapshots):
            arrays[f"charge_{k}"] = charge
            arrays.update({f"counts_{k}_{layer}": c for layer, c in enumerate(counts)})
        for layer, (t, i) in enumerate(spikes):
            arrays[f"spike_t_{layer}"], arrays[f"spike_i_{layer}"] = t, i
        return arrays

    found = results_cache.cached_arrays("spiking_run", {
        "layers": list(snn.layers), "neurons": list(snn.neurons),
        "input_currents": snn.input_currents, "bias_currents": list(snn.bias_currents),
        "synaptic_weights": list(snn.synaptic_weights), "tau_syn": snn.tau_syn,
        "X": np.ascontiguousarray(X, dtype=float), "steps": list(steps), "dt": dt,
        "record": list(record), "target": target,
    }, compute)
    snapshots = [([found[f"counts_{k}_{layer}"] for layer in range(len(sizes))],
                  found[f"charge_{k}"]) for k in range(len(steps))]
    spikes = [(found[f"spike_t_{layer}"], found[f"spike_i_{layer}"])
              for layer in range(len(sizes) if record else 0)]
    return snapshots, _rasters(spikes, sizes, record)


def _simulate(snn, X, steps, dt, record, target):
    """Build and run the network; return per-checkpoint (counts, readout charge) and the
    recorded spikes (times in s, neuron indices) of each hidden layer."""
    n_patterns = X.shape[0]
    sizes = snn.layers[1:-1]
    n_out = snn.layers[-1]
    first_currents = (X @ np.asarray(snn.input_currents / amp)
                      + np.asarray(snn.bias_currents[0] / amp))
    with brian2_tools.quiet_brian(), brian2_tools.codegen_target(target):
        groups, objects, monitors = [], [], []
        for layer, (neuron, size) in enumerate(zip(snn.neurons, sizes)):
            namespace = {**neuron.namespace(), "tau_syn": snn.tau_syn}
            group = brian2.NeuronGroup(
                n_patterns * size, _HIDDEN_FIRST if layer == 0 else _HIDDEN_DEEP,
                threshold="v > V_th", reset=_RESET, refractory="t_ref", method="exact", dt=dt,
                name=f"convert_hidden{layer + 1}", namespace=namespace)
            group.v_ = float(neuron.V_reset / brian2.volt)
            if layer == 0:
                group.I_ = first_currents.ravel()
            else:
                group.I_bias_ = np.tile(np.asarray(snn.bias_currents[layer] / amp), n_patterns)
            groups.append(group)
            objects.append(group)
            if record:
                # One monitor over the span of recorded copies (split by pattern below).
                monitor = brian2.SpikeMonitor(group[min(record) * size:(max(record) + 1) * size],
                                              name=f"convert_raster{layer + 1}")
                monitors.append(monitor)
                objects.append(monitor)
        readout = brian2.NeuronGroup(n_patterns * n_out, "charge : coulomb", dt=dt,
                                     name="convert_readout")
        objects.append(readout)
        for layer, weights in enumerate(snn.synaptic_weights):
            last = layer == len(snn.synaptic_weights) - 1
            post = readout if last else groups[layer + 1]
            on_pre = "charge_post += w" if last else "I_syn_post += w / tau_syn"
            objects.append(_connect(groups[layer], post, weights, n_patterns,
                                    f"convert_synapses{layer + 1}", on_pre,
                                    {"tau_syn": snn.tau_syn}))
        net = brian2.Network(*objects, name="convert_network")
        snapshots, done = [], 0
        for n_steps in steps:
            brian2_tools.run_checked(net, (n_steps - done) * dt, namespace={})
            done = n_steps
            counts = [np.array(g.n_spikes[:], dtype=int).reshape(n_patterns, size)
                      for g, size in zip(groups, sizes)]
            charge = np.array(readout.charge_[:], dtype=float).reshape(n_patterns, n_out)
            snapshots.append((counts, charge))
        spikes = [(np.array(m.t_[:], dtype=float), np.array(m.i[:], dtype=int)) for m in monitors]
    return snapshots, spikes


def _rasters(spikes, sizes, record) -> tuple:
    """One :class:`Raster` per recorded pattern, from the monitors' spikes."""
    rasters = []
    for pattern in record:
        times, units = [], []
        for (t, i), size in zip(spikes, sizes):
            copy_index = i // size + min(record)
            mine = copy_index == pattern
            times.append(t[mine] * second)
            units.append(i[mine] % size)
        rasters.append(Raster(pattern, tuple(times), tuple(units), tuple(sizes)))
    return tuple(rasters)
