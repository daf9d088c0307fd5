"""The Brian2 engine of :func:`neurosim.bio.network.simulate_network`.

It follows the step of NEST's ``iaf_psc_delta`` (``models/iaf_psc_delta.cpp``, ``update``):
propagate ``V`` over the step, add the delta jumps arriving in it (none while the neuron is
refractory), test ``V >= V_th``, and clamp for ``t_ref`` counted from the end of the spike's
step.  Brian2's default schedule (state update, threshold, synapses, reset) adds a jump after
the threshold test, so that it meets its first test one step later and ``exp(-dt/tau_m)``
smaller, and its clamp ends one step earlier (docs/network.md, "Agreement", has what that
did to Brunel's network).
"""

from __future__ import annotations

import shutil
import tempfile
import time

import brian2
import numpy as np
from brian2 import Hz, second, volt

from neurosim.bio import brian2_tools
from neurosim.bio.engine import standalone_cache_dir
from neurosim.bio.network._connect import connect, initial_potentials
from neurosim.bio.network._models import describe
from neurosim.bio.synapses import DeltaSynapse, ExpConductanceSynapse


def _synapse_variables(spec, population):
    """Distinct non-delta synapse types into ``population`` -> state variable name."""
    found = {}
    inputs = [p.synapse for p in spec.projections if p.target == population.name]
    inputs += [s.synapse for s in spec.sources if s.target == population.name]
    for synapse in inputs:
        if not isinstance(synapse, DeltaSynapse) and synapse not in found:
            found[synapse] = f"s{len(found)}"
    return found


def _slot(synapse) -> str:
    """When in a step a synapse's jump acts: a delta jump before the threshold test.

    Current and conductance synapses act through the next step's state update
    whichever slot they are added in, and keep Brian2's ``"synapses"`` slot.
    """
    return "before_thresholds" if isinstance(synapse, DeltaSynapse) else "synapses"


def _refractory(desc):
    """NEST's clamp: ``t_ref`` from the end of the spike's step.

    NEST counts ``t_ref/dt`` steps after the spike's step; Brian2 stamps the
    spike with the start of that step and releases the neuron in the step
    where ``t - lastspike >= refractory``, one step earlier for ``t_ref``.
    """
    return f"{desc.brian.refractory} + dt" if desc.gates_input else desc.brian.refractory


def _neuron_group(spec, population, v0, n_blocks=1):
    desc = describe(population.model)
    model = desc.brian
    variables = _synapse_variables(spec, population)
    namespace = dict(model.namespace)
    lines = [model.equations]
    currents = []
    for synapse, var in variables.items():
        lines.append(synapse.equations(var))
        currents.append(synapse.current(var))
        namespace[f"tau_{var}"] = synapse.tau_s
        if isinstance(synapse, ExpConductanceSynapse):
            namespace[f"E_{var}"] = synapse.E_rev
    lines.append(f"I = {' + '.join(currents) if currents else '0*amp'} : amp")
    method = model.method
    if method == "exact" and any(isinstance(s, ExpConductanceSynapse) for s in variables):
        method = "exponential_euler"  # g*(E - v) is not linear in the state
    group = brian2.NeuronGroup(
        population.n * n_blocks,
        "\n".join(lines),
        threshold=model.threshold,
        reset=model.reset or None,
        refractory=_refractory(desc),
        method=method,
        namespace=namespace,
        dt=spec.dt,
        name=f"pop_{population.name}",
    )
    for variable, expression in model.initial.items():
        setattr(group, variable, expression)
    if v0 is not None:
        group.v = v0 * volt
    return group, variables


def _literal(quantity, unit, unit_name):
    return f"({float(quantity / unit)!r}*{unit_name})"


def _weight_expression(synapse, weight, gated):
    unit_name = {"delta": "volt", "exp_current": "amp", "exp_conductance": "siemens"}[synapse.kind]
    unit = getattr(brian2, unit_name)
    text = _literal(weight, unit, unit_name)
    return text + " * int(not_refractory)" if gated and isinstance(synapse, DeltaSynapse) else text


def build(spec, conn_rng, init_rng, blocks=None):
    """Create every Brian2 object of ``spec``; return them and the spike monitors.

    ``blocks`` (a list of specs that differ from ``spec`` only in their sources' rates,
    :func:`same_but_rates`) makes one network of ``len(blocks)`` independent copies: each
    population holds the copies' neurons one block after another, each block has the
    connectivity and initial potentials that ``spec`` alone draws from these generators,
    and its own Poisson sources at its own spec's rates.  The monitors then record every
    block (:func:`split_blocks`).
    """
    blocks = [spec] if blocks is None else list(blocks)
    n_blocks = len(blocks)
    objects, groups, variables, monitors = [], {}, {}, {}
    for pop in spec.populations:
        v0 = initial_potentials(pop, init_rng)
        groups[pop.name], variables[pop.name] = _neuron_group(
            spec, pop, None if v0 is None else np.tile(v0, n_blocks), n_blocks
        )
        monitors[pop.name] = brian2.SpikeMonitor(groups[pop.name], name=f"spikes_{pop.name}")
        objects += [groups[pop.name], monitors[pop.name]]
    for k, proj in enumerate(spec.projections):
        src, tgt = spec.population(proj.source), spec.population(proj.target)
        pre, post = connect(proj, src.n, tgt.n, proj.source == proj.target, conn_rng)
        if n_blocks > 1:  # the same connections within every block, none between blocks
            shift = np.arange(n_blocks)[:, None]
            pre = (pre[None, :] + shift * src.n).ravel()
            post = (post[None, :] + shift * tgt.n).ravel()
        var = variables[tgt.name].get(proj.synapse)
        # A spike found in step n's threshold test is pushed in step n + 1 by a pathway acting
        # before the thresholds (its delay counted from there), in step n by one in the
        # "synapses" slot, whose jump then meets the test one step later: either way d - dt
        # puts the jump in the threshold test of step n + d/dt, as NEST's delay d does.
        on_pre = proj.synapse.on_pre(var)
        if not describe(tgt.model).gates_input:
            on_pre = on_pre.replace(" * int(not_refractory_post)", "")
        syn = brian2.Synapses(
            groups[src.name],
            groups[tgt.name],
            on_pre=on_pre,
            delay=proj.delay - spec.dt,
            namespace={"w": proj.weight},
            dt=spec.dt,
            name=f"proj{k}_{src.name}_{tgt.name}",
        )
        syn.connect(i=pre, j=post)
        syn.pre.when = _slot(proj.synapse)
        objects.append(syn)
    inputs = []
    for b, block in enumerate(blocks):
        for src in block.sources:
            group = groups[src.target]
            if n_blocks > 1:
                n = spec.population(src.target).n
                group = group[b * n:(b + 1) * n]
            inputs += _poisson_inputs(spec, src, group, variables)
    # PoissonInput takes no name= (Brian2 2.9): it is named poissoninput, poissoninput_1, ...
    # after whatever else the process holds, and Brian2 runs the objects of one slot sorted
    # by (order, name).  A negative order in the order of creation puts them before the
    # pathways of their slot, as their names did in a fresh process, and keeps which input
    # draws which random numbers independent of the names.
    for k, (group, var, n_sources, rate, weight, when) in enumerate(inputs):
        objects.append(brian2.PoissonInput(group, var, n_sources, rate, weight, when=when,
                                           order=k - len(inputs)))
    return objects, monitors


def _poisson_inputs(spec, src, group, variables) -> list:
    """The arguments of the ``PoissonInput`` objects of one source into ``group`` (one per
    rate phase)."""
    var = variables[src.target].get(src.synapse, "v")
    weight = _weight_expression(
        src.synapse, src.weight, describe(spec.population(src.target).model).gates_input
    )
    phases = [(src.rate, None)]
    if src.change_at is not None:
        at = _literal(src.change_at, second, "second")
        phases = [(src.rate, f" * int(t < {at})"), (src.rate_after, f" * int(t >= {at})")]
    return [(group, var, src.in_degree, rate, weight + (gate or ""), _slot(src.synapse))
            for rate, gate in phases if rate > 0 * Hz]


def same_but_rates(spec) -> str:
    """What two specs share when they can be blocks of one network: everything but their
    name and their sources' rates (:func:`build`), as an exact key (field by field, numbers
    by their bits: :func:`neurosim.results_cache.key_of`)."""
    import dataclasses

    from neurosim import results_cache

    sources = [dataclasses.replace(s, rate=0 * Hz,
                                   rate_after=None if s.rate_after is None else 0 * Hz)
               for s in spec.sources]
    return results_cache.key_of("network_shape", {
        "populations": list(spec.populations), "projections": list(spec.projections),
        "sources": sources, "dt": spec.dt})


def split_blocks(spikes: dict, spec, n_blocks: int) -> list:
    """The spikes of a :func:`build` with ``n_blocks`` blocks, one dict per block (indices
    within the block's population)."""
    out = [{} for _ in range(n_blocks)]
    for pop in spec.populations:
        times, indices = spikes[pop.name]
        block = indices // pop.n
        for b in range(n_blocks):
            keep = block == b
            out[b][pop.name] = (times[keep], indices[keep] - b * pop.n)
    return out


def _read(monitors):
    return {
        name: (np.asarray(mon.t / second) * second, np.asarray(mon.i[:], dtype=np.int64))
        for name, mon in monitors.items()
    }


def run(spec, duration, *, target, threads, seeds, blocks=None):
    """Simulate ``spec`` on Brian2; return ``(spikes, wall_time, build_time)``.

    With ``blocks`` (:func:`build`), ``spikes`` holds every block (:func:`split_blocks`).
    """
    conn_rng, init_rng, engine_seed = seeds
    if target == "cpp_standalone":
        return _run_standalone(spec, duration, threads, seeds, blocks)
    started = time.perf_counter()
    with (
        brian2_tools.codegen_target(target),
        brian2_tools.quiet_brian(),
        brian2_tools.seeded(engine_seed),
    ):
        objects, monitors = build(spec, conn_rng, init_rng, blocks)
        net = brian2.Network(*objects, name="network")
        net.run(0 * second, namespace={})  # code generation (and Cython compilation): build time
        built = time.perf_counter()
        brian2_tools.run_checked(net, duration, namespace={})
        done = time.perf_counter()
    return _read(monitors), done - built, built - started


def _run_standalone(spec, duration, threads, seeds, blocks=None):
    from brian2.devices.cpp_standalone.device import CPPStandaloneDevice
    from brian2.devices.device import reset_device, set_device

    conn_rng, init_rng, engine_seed = seeds
    cache = standalone_cache_dir()
    cache.mkdir(parents=True, exist_ok=True)
    # One folder per run: two processes compiling into one folder race ("Text file busy").
    directory = tempfile.mkdtemp(prefix="network_", dir=cache)
    prefs = brian2.prefs.devices.cpp_standalone
    previous_threads = prefs.openmp_threads
    device = CPPStandaloneDevice()
    started = time.perf_counter()
    try:
        with brian2_tools.quiet_brian():
            prefs.openmp_threads = threads if threads > 1 else 0
            set_device(device, build_on_run=False)
            try:
                device.seed(engine_seed)
                objects, monitors = build(spec, conn_rng, init_rng, blocks)
                net = brian2.Network(*objects, name="network")
                net.run(duration)
                with brian2_tools.interruptible_build():
                    device.build(directory=directory, compile=True, run=False, with_output=False)
            finally:
                reset_device()
                prefs.openmp_threads = previous_threads
            built = time.perf_counter()
            brian2_tools.run_standalone_checked(device, duration, directory=directory,
                                                with_output=False)
            done = time.perf_counter()
            spikes = _read(monitors)
    finally:
        shutil.rmtree(directory, ignore_errors=True)
    return spikes, done - built, built - started
