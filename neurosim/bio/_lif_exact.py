"""LIF f-I sweeps with exact spike timing (``fi_curve(..., spike_timing="exact")``).

v is advanced by the exact solution of the linear equation for the part of
each step that is not refractory, and each spike is dated by inverting that
solution (constant input within a step), the idea of nengo's LIF.
"""

from __future__ import annotations

import brian2
import numpy as np
from brian2 import Quantity, amp

from neurosim.bio import brian2_tools
from neurosim.bio.engine import run_project, standalone_project
from neurosim.bio.models.lif import FIELD_UNITS, STANDALONE_PARAMS, LIFParams

_STATE = """
v : volt
t_free : second
t_last : second
I : amp (constant)
n_spikes : integer
t_first : second
"""

_UPDATE = """
h = clip(t + dt - t_free, 0*second, dt)
v = E_L + R_m*I + (v - E_L - R_m*I)*exp(-h/tau_m)
"""

_RESET = """
t_spike = t + dt - tau_m*log((E_L + R_m*I - V_th)/(E_L + R_m*I - v))
t_first = t_first + (t_spike - t_first) * int(n_spikes == 0)
t_last = t_spike
n_spikes += 1
t_free = t_spike + t_ref
v = E_L + R_m*I + (V_reset - E_L - R_m*I)*exp(-clip(t + dt - t_free, 0*second, dt)/tau_m)
"""


def _build(n: int, dt, name: str, namespace: dict | None):
    per_neuron = STANDALONE_PARAMS if namespace is None else ""
    group = brian2.NeuronGroup(
        n, _STATE + per_neuron, threshold="v > V_th", reset=_RESET,
        dt=dt, name=name, namespace=namespace or {},
    )
    group.run_regularly(_UPDATE, when="groups", name=name + "_exact_update")
    return group


def start_potential(params: LIFParams) -> Quantity:
    """E_L, or V_reset when E_L >= V_th.

    A neuron that rests at or above threshold fires at t = 0; the exact
    dating inverts the trajectory from below threshold, so it starts such a
    neuron at its reset potential instead (the ISI rate is unaffected).
    """
    return params.V_reset if params.E_L >= params.V_th else params.E_L


def _read(group):
    return (np.asarray(group.n_spikes[:]), np.asarray(group.t_first_[:]),
            np.asarray(group.t_last_[:]))


def run_runtime(params: LIFParams, currents, n_steps, dt, target):
    """Counts, first and last spike times (s) of one group, on numpy or cython."""
    namespace = {**params.namespace(), "sigma": 0 * brian2.mV}
    with brian2_tools.quiet_brian(), brian2_tools.codegen_target(target):
        group = _build(len(currents), dt, "fi_neurons", namespace)
        group.v_ = float(start_potential(params))  # trailing underscore: SI units
        group.I_ = np.asarray(currents / amp, dtype=float)
        net = brian2.Network(group, name="fi_network")
        brian2_tools.run_checked(net, n_steps * dt, namespace=namespace)
        return _read(group)


def run_standalone(params: LIFParams, currents, n_steps, dt):
    """As :func:`run_runtime` on cpp_standalone, compiled once per shape."""
    key = ("fi_exact", len(currents), n_steps, float(dt))

    def build(device):
        group = _build(len(currents), dt, "fi_neurons", None)
        net = brian2.Network(group, name="fi_network")
        net.run(n_steps * dt, namespace={})
        return group

    device, group, directory = standalone_project(key, build)
    values = {key: getattr(params, key) for key in FIELD_UNITS}
    values["sigma"] = 0 * brian2.mV
    values["I"] = currents
    start = start_potential(params)
    values["v"] = Quantity(np.full(len(currents), float(start)), dim=start.dim)
    run_args = {getattr(group, key): value for key, value in values.items()}
    return run_project(device, directory, n_steps * dt, run_args, lambda: _read(group))
