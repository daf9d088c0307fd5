"""One engine for every neuron model: a vectorised group built from a ``BrianModel``.

:func:`neurosim.bio.fi_curve` and :func:`neurosim.bio.simulate` call these
helpers; they read a model's :class:`~neurosim.bio.models.BrianModel` and
never ask which model it is.  On the runtime targets (numpy, cython) the
parameters are constants of the namespace; on cpp_standalone they are shared
variables of the group, so that one compiled binary reruns with new values
(``device.run(run_args=...)``) without recompiling.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import brian2
import numpy as np
from brian2 import Quantity, ms, second

from neurosim.bio import brian2_tools
from neurosim.bio.models import MODEL_TYPES, BrianModel
from neurosim.bio.models.base import unit_text
from neurosim.errors import ParameterError
from neurosim.units import check_quantity, readable
from neurosim.validation import check_instance

#: Counted at each spike (appended to the model's reset), so that rates need
#: no spike monitor: the spike count and the first spike time at or after
#: ``t_settle`` (the last one is Brian2's ``lastspike``).
COUNTER_RESET = """
t_first = t_first + (t - t_first) * int(n_spikes == 0 and t >= t_settle)
n_spikes += int(t >= t_settle)
"""

COUNTER_STATE = """
n_spikes : integer
t_first : second
"""

#: The input of a sweep: one constant current per neuron.
CONSTANT_CURRENT = "I : amp (constant)"

#: The name of every runtime group of one model's neurons (f-I curves, step responses,
#: traces).  On Cython the generated code names the group's arrays, so one name, and the
#: same counters in every path, make the code of one model the same text in every path
#: (its parameters are constants read from the namespace at run time, not part of the
#: code): an extension compiled for an f-I curve serves the rheobase, the trace and every
#: preset of that model, and is compiled once (each costs ~2-3 s of CPU).
GROUP_NAME = "neurons"

#: The name of the spike monitor on :data:`GROUP_NAME` (for the same reason).
SPIKES_NAME = "neurons_spikes"


def counters(model: BrianModel) -> tuple[str, str]:
    """The counter equations and reset for ``model`` (without the input current).

    Brian2 keeps ``lastspike`` only for groups with a refractory period; a
    model without one (Izhikevich) records its last spike time itself.
    """
    if model.refractory is False:
        return COUNTER_STATE + "t_last : second\n", COUNTER_RESET + "t_last = t\n"
    return COUNTER_STATE, COUNTER_RESET


def counted_group(model: BrianModel, n: int, dt, *, standalone: bool = False,
                  current: str = CONSTANT_CURRENT) -> brian2.NeuronGroup:
    """:data:`GROUP_NAME`: ``n`` neurons of ``model`` with the spike counters and ``current``.

    The namespace (runtime targets) must hold ``t_settle``; every runtime path builds its
    group here, so that their generated code is shared (see :data:`GROUP_NAME`).
    """
    state, reset = counters(model)
    return build_group(model, n, dt, GROUP_NAME, standalone=standalone,
                       extra_equations=current + "\n" + state, extra_reset=reset)


def check_model(params):
    """Return ``params`` if it is a neuron model (any class in ``MODEL_TYPES``)."""
    return check_instance(params, "params", MODEL_TYPES, hint="load_preset('hh_squid')")


def check_dt(dt, model: BrianModel) -> Quantity:
    """``dt`` must be positive and at most the model's ``max_dt``."""
    check_quantity(dt, "dt", second, scalar=True)
    if not 0 * ms < dt <= model.max_dt:
        raise ParameterError(f"dt: must be in (0 ms, {model.max_dt_rule}], got {readable(dt)}")
    return dt


def dt_at_most(model: BrianModel, dt) -> Quantity:
    """``dt``, or the model's ``max_dt`` where that is smaller: the coarsest step the model's
    accuracy allows up to ``dt`` (e.g. ``--quick``'s 0.1 ms; the QIF's limit is 0.084 ms)."""
    check_quantity(dt, "dt", second, scalar=True)
    if not dt > 0 * ms:
        raise ParameterError(f"dt: must be positive, got {readable(dt)}")
    return min(dt, model.max_dt)


def shared_declarations(namespace: dict) -> str:
    """Declare every namespace entry as a shared constant of the group (for run_args)."""
    return "\n".join(f"{key} : {unit_text(value)} (constant, shared)"
                     for key, value in namespace.items())


def build_group(model: BrianModel, n: int, dt, name: str, *, standalone: bool,
                extra_equations: str = "", extra_reset: str = "") -> brian2.NeuronGroup:
    """A group of ``n`` neurons of ``model``, plus the caller's equations and reset code.

    With ``standalone`` the namespace becomes shared variables of the group
    (see the module docstring) and the group gets an empty namespace.
    """
    parts = [model.equations, extra_equations]
    if standalone:
        parts.append(shared_declarations(model.namespace))
    reset = "\n".join(part for part in (model.reset, extra_reset) if part.strip())
    return brian2.NeuronGroup(
        n, "\n".join(parts), threshold=model.threshold, reset=reset or None,
        refractory=model.refractory, method=model.method, dt=dt, name=name,
        namespace={} if standalone else dict(model.namespace),
    )


def set_initial(group, model: BrianModel):
    """Set the model's initial values (Brian2 expressions, in order)."""
    for variable, expression in model.initial.items():
        setattr(group, variable, expression)


def fi_namespace(model: BrianModel, sigma, settle) -> dict:
    return {**model.namespace, "sigma": sigma, "t_settle": settle}


def fi_model(params, sigma) -> BrianModel:
    """The model with noise if ``sigma > 0``, its namespace holding ``sigma`` and ``t_settle``."""
    return params.brian_model(noisy=float(sigma / brian2.mV) > 0)


def run_fi_runtime(model: BrianModel, currents, n_steps, dt, sigma, settle, seed, target):
    """Run one group of ``len(currents)`` neurons; return counts, first and last spike times."""
    namespace = fi_namespace(model, sigma, settle)
    model = _with_namespace(model, namespace)
    with brian2_tools.quiet_brian(), brian2_tools.codegen_target(target), brian2_tools.seeded(seed):
        group = counted_group(model, len(currents), dt)
        set_initial(group, model)
        group.I_ = np.asarray(currents / brian2.amp, dtype=float)
        net = brian2.Network(group, name="fi_network")
        brian2_tools.run_checked(net, n_steps * dt, namespace=namespace)
        return _read(group)


def split_namespaces(namespaces: list) -> tuple[dict, dict]:
    """The entries that every namespace of a batch shares, and those that differ.

    Returns ``(shared, varying)``: ``shared`` maps a name to its one value; ``varying`` maps
    a name to the list of values, one per namespace (scalars of one unit).  Raises
    :class:`~neurosim.errors.ParameterError` if the namespaces do not have the same names.
    """
    names = list(namespaces[0])
    if any(list(ns) != names for ns in namespaces[1:]):
        raise ParameterError("params: a batch needs models with the same parameters "
                             f"(names {names} against {[list(ns) for ns in namespaces]})")
    shared, varying = {}, {}
    for name in names:
        values = [ns[name] for ns in namespaces]
        if all(np.array_equal(np.asarray(v), np.asarray(values[0]))
               and brian2.get_dimensions(v) is brian2.get_dimensions(values[0])
               for v in values[1:]):
            shared[name] = values[0]
        else:
            varying[name] = values
    return shared, varying


def run_fi_batch_runtime(models: list, currents: list, n_steps, dt, sigma, settles, seed,
                         target):
    """:func:`run_fi_runtime` for several models of one set of equations in one group.

    ``models`` share their equations, threshold, reset, refractoriness, method and initial
    values and differ in parameter values; ``currents[k]`` are the neurons of
    ``models[k]`` (currents times trials), ``settles[k]`` its settle time.  Parameters that
    differ become per-neuron constants of the group (``name : unit (constant)``), the others
    stay constants of the namespace, so that Brian2 still hoists what they allow; a batch
    of one is :func:`run_fi_runtime`'s group.  Returns the counts, first and last spike
    times of all neurons, ``models[0]``'s first.
    """
    namespaces = [fi_namespace(m, sigma, settle) for m, settle in zip(models, settles)]
    shared, varying = split_namespaces(namespaces)
    sizes = [len(c) for c in currents]
    model = _with_namespace(models[0], shared)
    declared = "\n".join(f"{name} : {unit_text(values[0])} (constant)"
                         for name, values in varying.items())
    with brian2_tools.quiet_brian(), brian2_tools.codegen_target(target), brian2_tools.seeded(seed):
        state, reset = counters(model)
        group = build_group(model, sum(sizes), dt, GROUP_NAME, standalone=False,
                            extra_equations="\n".join([CONSTANT_CURRENT, state, declared]),
                            extra_reset=reset)
        for name, values in varying.items():  # SI values, as Brian2 stores them
            setattr(group, name + "_", np.repeat([float(np.asarray(v)) for v in values], sizes))
        set_initial(group, model)
        group.I_ = np.concatenate([np.asarray(c / brian2.amp, dtype=float) for c in currents])
        net = brian2.Network(group, name="fi_network")
        brian2_tools.run_checked(net, n_steps * dt, namespace=shared)
        return _read(group)


def _with_namespace(model: BrianModel, namespace: dict) -> BrianModel:
    from dataclasses import replace

    return replace(model, namespace=namespace)


def _read(group):
    last = group.t_last_ if "t_last" in group.variables else group.lastspike_
    return (np.asarray(group.n_spikes[:]), np.asarray(group.t_first_[:]), np.asarray(last[:]))


# One compiled standalone project per network shape, kept for this process.
_STANDALONE = {}


def standalone_cache_dir() -> Path:
    """Folder of compiled cpp_standalone projects (``$NEUROSIM_CACHE`` or ``~/.cache/neurosim``)."""
    root = os.environ.get("NEUROSIM_CACHE") or Path.home() / ".cache" / "neurosim"
    return Path(root) / "standalone"


def standalone_project(key: tuple, build) -> tuple:
    """The compiled project for ``key``, building it once with ``build(device)``.

    ``build`` creates the network on the standalone device and returns the
    objects whose values are later read or set; the project is compiled into
    a folder named after a hash of ``key``.  Returns ``(device, objects,
    directory)``.
    """
    from brian2.devices.cpp_standalone.device import CPPStandaloneDevice
    from brian2.devices.device import reset_device, set_device

    entry = _STANDALONE.get(key)
    if entry is None:
        tag = hashlib.sha1(repr(key).encode()).hexdigest()[:12]
        directory = standalone_cache_dir() / f"{key[0]}_{tag}"
        directory.mkdir(parents=True, exist_ok=True)
        device = CPPStandaloneDevice()
        with brian2_tools.file_lock(f"{directory}.lock"), brian2_tools.quiet_brian():
            set_device(device, build_on_run=False)
            try:
                objects = build(device)
                with brian2_tools.interruptible_build():
                    device.build(directory=str(directory), compile=True, run=False,
                                 with_output=False)
            except BaseException:  # a half-compiled folder would fool the next make
                shutil.rmtree(directory, ignore_errors=True)
                raise
            finally:
                reset_device()
        entry = _STANDALONE[key] = (device, objects, str(directory))
    return entry


def run_fi_standalone(model: BrianModel, currents, n_steps, dt, sigma, settle, seed):
    """As :func:`run_fi_runtime` on cpp_standalone: compiled once per shape, rerun with run_args."""
    noisy = float(sigma / brian2.mV) > 0
    namespace = fi_namespace(model, sigma, settle)
    model = _with_namespace(model, namespace)
    key = ("fi", model.equations, model.threshold, model.reset, str(model.refractory),
           model.method, tuple(model.initial.items()), tuple(namespace), len(currents), n_steps,
           float(dt), seed if noisy else None)

    def build(device):
        if noisy:
            device.seed(seed)
        group = counted_group(model, len(currents), dt, standalone=True)
        device.apply_run_args()  # parameters first: the initial values use them
        set_initial(group, model)
        net = brian2.Network(group, name="fi_network")
        net.run(n_steps * dt, namespace={})
        return group

    device, group, directory = standalone_project(key, build)
    run_args = {getattr(group, key): value for key, value in namespace.items()}
    run_args[group.I] = currents
    return run_project(device, directory, n_steps * dt, run_args, lambda: _read(group))


def run_project(device, directory: str, duration, run_args: dict, read):
    """Run a project of :func:`standalone_project` with ``run_args``; return ``read()``.

    Other processes may build or run the same project folder at the same time
    (its results are files in it): a file lock makes build, run and reading
    one step at a time, and the run is checked to have simulated all of
    ``duration`` (:func:`~neurosim.bio.brian2_tools.run_standalone_checked`).
    """
    with brian2_tools.file_lock(f"{directory}.lock"), brian2_tools.quiet_brian():
        brian2_tools.run_standalone_checked(device, duration, directory=directory,
                                           with_output=False, run_args=run_args)
        return read()
