"""The NEST engine of :func:`neurosim.bio.network.simulate_network` (NEST 3.10).

NEST is imported only here, only when this engine runs; its start-up banner
and messages are silenced (nothing below the CLI prints).
"""

from __future__ import annotations

import contextlib
import os
import time

import numpy as np
from brian2 import Hz, amp, ms, mV, pA, second

from neurosim.bio.network._connect import connect, initial_potentials
from neurosim.bio.network._models import describe
from neurosim.bio.synapses import DeltaSynapse, ExpCurrentSynapse
from neurosim.errors import NeurosimError, ParameterError


class BackendUnavailable(NeurosimError, ValueError):
    """The requested simulation engine is not installed."""


def import_nest():
    """Import NEST quietly (no banner), or raise :class:`BackendUnavailable`."""
    os.environ.setdefault("PYNEST_QUIET", "1")
    try:
        with open(os.devnull, "w") as devnull, contextlib.redirect_stdout(devnull):
            import nest
    except ImportError as err:
        raise BackendUnavailable(
            "backend: 'nest' needs the nest-simulator package (pip install 'neurosim[test]'): "
            f"{err}"
        ) from None
    return nest


def _node_model(spec, population):
    """NEST model name and parameters for ``population`` and its incoming synapses."""
    desc = describe(population.model)
    if desc.nest_model is None:
        raise ParameterError(
            f"backend: 'nest' has no model for {type(population.model).__name__} "
            f"(population {population.name}); use backend='brian2'"
        )
    inputs = [
        (p.synapse, p.weight, f"projection {p.source}->{p.target}")
        for p in spec.projections
        if p.target == population.name
    ]
    inputs += [
        (s.synapse, s.weight, f"source {s.name}")
        for s in spec.sources
        if s.target == population.name
    ]
    params = dict(desc.nest_params)
    if all(isinstance(s, DeltaSynapse) for s, _, _ in inputs):
        return "iaf_psc_delta", params
    if all(isinstance(s, ExpCurrentSynapse) for s, _, _ in inputs):
        for sign, key in ((1, "tau_syn_ex"), (-1, "tau_syn_in")):
            taus = {float(s.tau_s / ms) for s, w, _ in inputs if np.sign(float(w / amp)) == sign}
            if len(taus) > 1:
                raise ParameterError(
                    f"backend: 'nest' (iaf_psc_exp) needs one tau_s per sign of weight "
                    f"into population {population.name}, got {sorted(taus)} ms"
                )
            if taus:
                params[key] = taus.pop()
        return "iaf_psc_exp", params
    kinds = sorted({s.kind for s, _, _ in inputs})
    raise ParameterError(
        f"backend: 'nest' supports delta or exponential-current synapses into one LIF "
        f"population, got {kinds} into {population.name}; use backend='brian2'"
    )


def _weight(synapse, weight) -> float:
    if isinstance(synapse, DeltaSynapse):
        return float(weight / mV)
    return float(weight / pA)


def run(spec, duration, *, threads, seeds):
    """Simulate ``spec`` on NEST; return ``(spikes, wall_time, build_time)``."""
    conn_rng, init_rng, engine_seed = seeds
    nest = import_nest()
    started = time.perf_counter()
    if hasattr(nest, "VerbosityLevel"):
        nest.verbosity = nest.VerbosityLevel.ERROR
    else:  # NEST < 3.10
        nest.set_verbosity("M_ERROR")
    nest.ResetKernel()
    nest.SetKernelStatus(
        {
            "resolution": float(spec.dt / ms),
            "local_num_threads": int(threads),
            "rng_seed": int(engine_seed),
            "print_time": False,
        }
    )
    nodes, recorders, first_id = {}, {}, {}
    for pop in spec.populations:
        model, params = _node_model(spec, pop)
        v0 = initial_potentials(pop, init_rng)
        nodes[pop.name] = nest.Create(model, pop.n)
        nodes[pop.name].set(params)
        nodes[pop.name].set({"V_m": list(v0 * 1e3) if v0 is not None else params["E_L"]})
        first_id[pop.name] = nodes[pop.name][0].global_id
        recorders[pop.name] = nest.Create("spike_recorder")
        nest.Connect(nodes[pop.name], recorders[pop.name])
    for proj in spec.projections:
        src, tgt = spec.population(proj.source), spec.population(proj.target)
        pre, post = connect(proj, src.n, tgt.n, proj.source == proj.target, conn_rng)
        delay = float(proj.delay / ms)
        if isinstance(proj.synapse, ExpCurrentSynapse):
            # iaf_psc_exp adds an arriving spike to its current after the step's voltage update,
            # one step later than iaf_psc_delta's jump: deliver one step early to keep `delay`.
            delay -= float(spec.dt / ms)
            if delay < float(spec.dt / ms) - 1e-12:
                raise ParameterError(
                    f"Projection {proj.source}->{proj.target}: delay must be >= 2 dt = "
                    f"{2 * spec.dt} for exponential synapses on NEST, got {proj.delay}"
                )
        if len(pre):
            nest.Connect(
                pre + first_id[src.name],
                post + first_id[tgt.name],
                "one_to_one",
                {
                    "synapse_model": "static_synapse",
                    "weight": np.full(len(pre), _weight(proj.synapse, proj.weight)),
                    "delay": np.full(len(pre), delay),
                },
            )
    generators = []
    for src in spec.sources:
        gen = nest.Create(
            "poisson_generator", params={"rate": src.in_degree * float(src.rate / Hz)}
        )
        nest.Connect(
            gen,
            nodes[src.target],
            "all_to_all",
            {
                "synapse_model": "static_synapse",
                "weight": _weight(src.synapse, src.weight),
                "delay": float(spec.dt / ms),
            },
        )
        generators.append((src, gen))
    nest.Prepare()
    built = time.perf_counter()
    for t_from, t_to in _phases(spec, duration):
        for src, gen in generators:
            gen.rate = src.in_degree * float(src.rate_at(t_from * second) / Hz)
        nest.Run(round((t_to - t_from) / float(spec.dt / second)) * float(spec.dt / ms))
    nest.Cleanup()
    done = time.perf_counter()
    spikes = {}
    for pop in spec.populations:
        events = recorders[pop.name].get("events")
        # NEST stamps a spike with the end of its step, Brian2 with the start: use Brian2's.
        t = (np.asarray(events["times"], dtype=float) - float(spec.dt / ms)) * 1e-3
        idx = np.asarray(events["senders"], dtype=np.int64) - first_id[pop.name]
        order = np.argsort(t, kind="stable")
        spikes[pop.name] = (t[order] * second, idx[order])
    return spikes, done - built, built - started


def _phases(spec, duration):
    """Stretches of constant source rates (seconds): split at every rate change."""
    end = float(duration / second)
    cuts = sorted(
        {float(s.change_at / second) for s in spec.sources if s.change_at is not None} | {0.0}
    )
    cuts = [c for c in cuts if c < end] + [end]
    return list(zip(cuts[:-1], cuts[1:]))
