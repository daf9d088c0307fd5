"""A trained MLP run as spiking neurons of any cell type: :func:`run_cell_network`.

The MLP's hidden units use a :class:`~neurosim.bridge.cell_curve.CellRateActivation`
(the cell's own fitted f-I curve); each becomes one neuron of that cell
type, in one Brian2 run for a whole data set:

- every hidden layer is one ``NeuronGroup`` of ``n_images * n_units``
  neurons (neuron ``p * n_units + k`` is unit ``k`` for image ``p``), built
  from the model's own :class:`~neurosim.bio.models.BrianModel`, so any
  model runs unchanged;
- the first hidden layer receives the constant current of its net input,
  ``I = I_on + I_unit * (x @ W_0 + b_0)``;
- a deeper layer receives ``I = I_on + I_unit * b + I_syn`` through
  exponential current synapses from the layer below (only within one image):
  a spike of unit ``j`` adds ``q_jk / tau_syn`` to ``I_syn`` of unit ``k``,
  ``q_jk = W_jk * I_unit / r_unit``, so a presynaptic rate ``r_j`` delivers
  the mean current ``I_unit * W_jk * r_j / r_unit``: the MLP's drive in amperes;
- every input current is kept within ``[-i_max, i_max]``, ``i_max`` the top
  of the measured curve, where the activation saturates: a deeper layer's neuron
  integrates ``clip(I_bias + I_syn, -i_max, i_max)`` (set at the start of each step)
  while ``I_syn`` itself stays the exact filtered sum of its spikes (a clip applied at
  each event instead would discard charge and hold the current below its mean even
  when the mean drive is below ``i_max``);
- the output layer is read from the last hidden layer's spike counts:
  ``logits = (n / (T r_unit)) @ W + b``, the linear readout of the MLP.

Spikes are counted in the reset (no monitors), once per presentation time
``T_k`` (``count_k += int(t < T_k)``), so one run gives the accuracy at every
presentation time.  The simulation is deterministic (no noise, every neuron
starts at the model's resting state).

References
----------
.. [1] Rueckauer, B., Lungu, I.-A., Hu, Y., Pfeiffer, M. & Liu, S.-C. (2017).
   Conversion of continuous-valued deep networks to efficient event-driven
   networks for image classification. *Front. Neurosci.* 11, 682 (analog
   input currents and biases as constant currents; accuracy against
   simulation time).
.. [2] Hunsberger, E. & Eliasmith, C. (2015). Spiking deep networks with LIF
   neurons. arXiv:1510.08829 (rates from the neurons' own response curve;
   synaptic filtering).
"""

from __future__ import annotations

import time

import brian2
import numpy as np
from brian2 import Hz, amp, ms, second

from neurosim.ann.mlp import MLP
from neurosim.bio import brian2_tools, engine
from neurosim.bridge.cell_curve import CellRateActivation
from neurosim.bridge.cell_results import CellRunResult
from neurosim.errors import DataError, NotFittedError, ParameterError
from neurosim.units import check_quantity, format_quantity
from neurosim.validation import check_finite_array, check_instance

__all__ = ["PRESENTATIONS", "check_cell_mlp", "run_cell_network"]

#: OpenMP threads of a cpp_standalone run (at most the machine's cores).
STANDALONE_THREADS = 2

#: Presentation times read from one run (the accuracy/latency curve).
PRESENTATIONS = tuple(t * ms for t in (10, 20, 30, 50, 75, 100, 150, 200, 300, 500))

#: Time constant of the exponential synaptic current between hidden layers.
TAU_SYN = 5 * ms


def check_cell_mlp(mlp) -> list:
    """The hidden activations of ``mlp``, if every one is a cell's f-I curve (same dt)."""
    check_instance(mlp, "mlp", MLP, hint="a fitted neurosim.ann.MLP")
    if not hasattr(mlp, "weights_"):
        raise NotFittedError("mlp: the network is not fitted yet; call mlp.fit(X, y) first")
    hidden = list(mlp.activations_[:-1])
    if not hidden:
        raise ParameterError(f"mlp: needs at least one hidden layer, got {list(mlp.layers_)}")
    for layer, act in enumerate(hidden, start=1):
        if not isinstance(act, CellRateActivation):
            raise ParameterError(
                f"mlp: hidden layer {layer} uses {act.name!r}, which is no cell's f-I curve; "
                "train with activation=cell_activation(params)")
    if mlp.activations_[-1].name != "linear":
        raise ParameterError("mlp: the output activation must be 'linear' (logits), got "
                             f"{mlp.activations_[-1].name!r}")
    if len({float(a.curve.dt / second) for a in hidden}) != 1:
        raise ParameterError("mlp: every hidden activation must be measured at the same dt")
    for layer, (W, b) in enumerate(zip(mlp.weights_, mlp.biases_)):
        if not (np.all(np.isfinite(W)) and np.all(np.isfinite(b))):
            raise DataError(f"mlp: the weights or biases of layer {layer} are not finite")
    return hidden


def run_cell_network(mlp, X, y=None, *, presentations=PRESENTATIONS, tau_syn=TAU_SYN,
                     target: str = "cython") -> CellRunResult:
    """Present every row of ``X`` to its own copy of the spiking network, in one Brian2 run.

    Parameters
    ----------
    mlp : MLP
        Fitted; hidden activations from :func:`cell_activation`, linear output.
    X : array_like, shape (n_images, n_inputs)
    y : array_like of int, shape (n_images,), optional
        Labels, for the accuracies.
    presentations : sequence of Quantity (time)
        Times at which the spike counts are read (the run lasts the longest).
    tau_syn : Quantity (time)
        Decay of the synaptic current between hidden layers (> 0).
    target : {"cython", "cpp_standalone", "numpy"}
        ``cython`` compiles once per model (cached on disk by Brian2) and runs on
        one core; ``cpp_standalone`` compiles the whole network once per shape
        (model equations, layer sizes, number of images and of steps, dt; cached
        on disk) and reruns it with new weights, currents and parameters as
        ``run_args``, on two OpenMP threads.

    Returns
    -------
    CellRunResult

    Notes
    -----
    See the module docstring.  The time step is that of the hidden
    activations' f-I sweep, so the network runs with the integration the
    curve was measured with.
    """
    hidden = check_cell_mlp(mlp)
    X = check_finite_array(X, "X")
    if X.ndim != 2 or X.shape[1] != mlp.layers_[0] or X.shape[0] == 0:
        raise DataError(f"X: expected shape (n_images, {mlp.layers_[0]}), got {X.shape}")
    labels = None if y is None else np.asarray(y, dtype=int).reshape(-1)
    if labels is not None and labels.shape[0] != X.shape[0]:
        raise DataError(f"y: has {labels.shape[0]} labels but X has {X.shape[0]} images")
    check_quantity(tau_syn, "tau_syn", second, scalar=True)
    if not tau_syn > 0 * ms:
        raise ParameterError(f"tau_syn: must be > 0 ms, got {tau_syn}")
    brian2_tools.check_target(target)
    dt = hidden[0].curve.dt
    steps = sorted({int(round(float(t / dt))) for t in _checked_times(presentations, dt)})

    started = time.perf_counter()
    counts = _simulate(mlp, hidden, X, steps, dt, tau_syn, target)
    seconds = time.perf_counter() - started
    n_neurons = X.shape[0] * sum(mlp.layers_[1:-1])
    settings = {
        "layers": list(mlp.layers_), "cells": [a.settings for a in hidden],
        "n_images": X.shape[0], "dt": format_quantity(dt, ms),
        "presentations": [format_quantity(n * dt, ms) for n in steps],
        "tau_syn": format_quantity(tau_syn, ms), "target": target,
        "readout": "logits = (count / (T r_unit)) @ W + b of the last hidden layer",
        "initial_state": "every neuron at its model's resting state",
    }
    return CellRunResult(
        mlp=mlp, X=X, labels=labels, times=tuple(n * dt for n in steps), counts=counts,
        r_unit=tuple(a.r_unit for a in hidden), settings=settings, seconds=seconds,
        neuron_steps=n_neurons * steps[-1])


def _checked_times(presentations, dt):
    times = list(presentations)
    if not times:
        raise ParameterError("presentations: needs at least one time")
    for k, value in enumerate(times):
        check_quantity(value, f"presentations[{k}]", second, scalar=True)
        if not value >= 10 * dt:
            raise ParameterError(f"presentations[{k}]: must be at least 10 dt = "
                                 f"{format_quantity(10 * dt, ms)}, got {value}")
    return times


def _counters(n_times: int) -> tuple[str, str]:
    """Counter equations (with the read-out times ``T_k`` as shared constants) and reset."""
    equations = "\n".join(f"count_{k} : integer\nT_{k} : second (constant, shared)"
                          for k in range(n_times))
    reset = "\n".join(f"count_{k} += int(t < T_{k})" for k in range(n_times))
    return equations, reset


#: Extra state of a layer fed by constant current, and of one fed through synapses.
FIRST_LAYER_INPUT = "I : amp (constant)"
#: ``I`` is the clipped current (:data:`CLIPPED_CURRENT`); ``I_syn`` is not clipped, so no
#: charge is lost.
SYNAPTIC_INPUT = """I : amp
dI_syn/dt = -I_syn / tau_syn : amp
I_bias : amp (constant)
tau_syn : second (constant, shared)
I_cap : amp (constant, shared)"""

#: The synaptic event: the spike's charge, whole (the clip acts on the current, in ``I``).
ON_PRE = "I_syn_post += q_syn / tau_syn_post"

#: Set at the start of every step, before the neurons integrate: a parameter of the step
#: (not a subexpression), so every model keeps its method (the LIF's exact integration
#: needs equations linear in the state, which a clip is not).
CLIPPED_CURRENT = "I = clip(I_bias + I_syn, -I_cap, I_cap)"


def _simulate(mlp, hidden, X, steps, dt, tau_syn, target):
    """Build and run the network; return per presentation a list of (n_images, n_l) counts."""
    values = _values(mlp, hidden, X, steps, dt, tau_syn)
    if target == "cpp_standalone":
        return _simulate_standalone(mlp, hidden, X.shape[0], steps, dt, values)
    with brian2_tools.quiet_brian(), brian2_tools.codegen_target(target):
        objects, groups = _build(mlp, hidden, X.shape[0], len(steps), dt, standalone=False)
        by_name = {obj.name: obj for obj in objects}
        for name, variables in values.items():
            for variable, value in variables.items():
                setattr(by_name[name], variable, value)
        for group, act in zip(groups, hidden):
            engine.set_initial(group, act.neuron.brian_model())
        net = brian2.Network(*objects, name="cells_network")
        brian2_tools.run_checked(net, steps[-1] * dt, namespace={})
        return _read(groups, mlp, X.shape[0], len(steps))


def _standalone_key(mlp, hidden, n_images, steps, dt, threads) -> tuple:
    """What fixes a compiled project: each layer's equations (the model's and the input's),
    the synaptic event, the sizes, the steps, dt."""
    layers = []
    for act in hidden:
        m = act.neuron.brian_model()
        layers.append((m.equations, m.threshold, m.reset, str(m.refractory), m.method,
                       tuple(m.initial.items()), tuple(m.namespace)))
    return ("cells", tuple(layers), FIRST_LAYER_INPUT, SYNAPTIC_INPUT, ON_PRE, CLIPPED_CURRENT,
            tuple(mlp.layers_), n_images, len(steps), steps[-1], float(dt / second), threads)


def _simulate_standalone(mlp, hidden, n_images, steps, dt, values):
    """As :func:`_simulate` on cpp_standalone (OpenMP on every core, at most
    :data:`STANDALONE_THREADS`): compiled once per network shape (cached on disk,
    :func:`neurosim.bio.engine.standalone_project`), rerun with every weight, current,
    model parameter and read-out time as ``run_args``."""
    import os

    threads = max(1, min(os.cpu_count() or 1, STANDALONE_THREADS))
    key = _standalone_key(mlp, hidden, n_images, steps, dt, threads)

    def build(device):
        objects, groups = _build(mlp, hidden, n_images, len(steps), dt, standalone=True)
        device.apply_run_args()  # parameters first: the initial values use them
        for group, act in zip(groups, hidden):
            engine.set_initial(group, act.neuron.brian_model())
        brian2.Network(*objects, name="cells_network").run(steps[-1] * dt, namespace={})
        return {obj.name: obj for obj in objects}, groups

    prefs = brian2.prefs.devices.cpp_standalone
    previous_threads = prefs.openmp_threads
    prefs.openmp_threads = threads
    try:
        device, (by_name, groups), directory = engine.standalone_project(key, build)
    finally:
        prefs.openmp_threads = previous_threads
    # Threads sleep, not spin, at the barriers between code objects: on a shared machine
    # spinning threads burn CPU that the other thread's work is waiting for.
    device.run_environment_variables["OMP_WAIT_POLICY"] = "PASSIVE"
    run_args = {}
    for group, act in zip(groups, hidden):
        for variable, value in act.neuron.brian_model().namespace.items():
            run_args[getattr(group, variable)] = value
    for name, variables in values.items():
        for variable, value in variables.items():
            run_args[getattr(by_name[name], variable)] = value

    def read():
        counts = _read(groups, mlp, n_images, len(steps))
        # The run's input files (named by their contents) would pile up in the cache.
        device.delete(code=False, data=False, run_args=True, directory=False)
        return counts

    return engine.run_project(device, directory, steps[-1] * dt, run_args, read)


def _read(groups, mlp, n_images, n_times):
    sizes = mlp.layers_[1:-1]
    return [[np.array(getattr(g, f"count_{k}")[:], dtype=int).reshape(n_images, size)
             for g, size in zip(groups, sizes)] for k in range(n_times)]


def _group_name(layer: int) -> str:
    return f"cells_hidden{layer + 1}"


def _synapses_name(layer: int) -> str:
    return f"cells_synapses{layer}"


def _values(mlp, hidden, X, steps, dt, tau_syn) -> dict:
    """Every value the run is given, by object name and variable (Quantities).

    The first layer's constant current ``I = I_on + I_unit (x @ W_0 + b_0)`` and
    a deeper layer's bias current ``I_on + I_unit b``, each clipped to
    ``[-i_max, i_max]``; the read-out times; each synapse's charge
    ``q_jk = W_jk I_unit / r_unit(pre)``.
    """
    n_images = X.shape[0]
    sizes = mlp.layers_[1:-1]
    times = {f"T_{k}": n * dt for k, n in enumerate(steps)}
    values = {}
    for layer, (act, size) in enumerate(zip(hidden, sizes)):
        if layer == 0:
            drive = X @ mlp.weights_[0] + mlp.biases_[0]
        else:
            drive = np.broadcast_to(mlp.biases_[layer], (n_images, size))
        cap = float(act.i_max / amp)
        current = np.clip(np.asarray(act.current(drive) / amp, dtype=float), -cap, cap).ravel()
        entry = dict(times)
        if layer == 0:
            entry["I"] = current * amp
        else:
            entry.update(I_bias=current * amp, tau_syn=tau_syn, I_cap=act.i_max)
            charge = mlp.weights_[layer] * float(act.i_unit / amp) / float(
                hidden[layer - 1].r_unit / Hz)
            values[_synapses_name(layer)] = {"q_syn": np.broadcast_to(
                charge[None], (n_images,) + charge.shape).ravel() * amp * second}
        values[_group_name(layer)] = entry
    return values


def _build(mlp, hidden, n_images, n_times, dt, standalone):
    """The network's objects on the current device (no values set): one group per hidden
    layer, synapses between them; returns ``(objects, groups)``."""
    sizes = mlp.layers_[1:-1]
    counter_eqs, counter_reset = _counters(n_times)
    groups = []
    for layer, (act, size) in enumerate(zip(hidden, sizes)):
        inputs = FIRST_LAYER_INPUT if layer == 0 else SYNAPTIC_INPUT
        group = engine.build_group(act.neuron.brian_model(), n_images * size, dt,
                                   _group_name(layer), standalone=standalone,
                                   extra_equations=inputs + "\n" + counter_eqs,
                                   extra_reset=counter_reset)
        if layer > 0:
            group.run_regularly(CLIPPED_CURRENT, when="start",
                                name=f"{_group_name(layer)}_current")
        groups.append(group)
    objects = list(groups)
    for layer in range(1, len(groups)):
        objects.append(_connect(groups[layer - 1], groups[layer], n_images,
                                _synapses_name(layer)))
    return objects, groups


def _connect(pre, post, n_images, name):
    """Synapses from every unit to every unit of the same image; ``q_syn`` is the charge (C).

    Each event adds its whole charge to ``I_syn`` (:data:`ON_PRE`); the bound
    ``[-I_cap, I_cap]`` is applied to the current the neuron integrates
    (:data:`CLIPPED_CURRENT`).
    """
    n_pre, n_post = pre.N // n_images, post.N // n_images
    copies = np.arange(n_images)[:, None, None]
    i = np.broadcast_to(copies * n_pre + np.arange(n_pre)[None, :, None], (n_images, n_pre, n_post))
    j = np.broadcast_to(copies * n_post + np.arange(n_post)[None, None, :],
                        (n_images, n_pre, n_post))
    # q_syn, not w: the models' own variables (AdEx's adaptation current is w) are not shadowed.
    syn = brian2.Synapses(pre, post, "q_syn : coulomb (constant)", on_pre=ON_PRE, name=name,
                          namespace={})
    syn.connect(i=i.ravel(), j=j.ravel())
    return syn
