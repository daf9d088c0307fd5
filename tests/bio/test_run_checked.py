"""A Brian2 run that stops before its requested duration is an error, never a result."""

import os
import signal

import brian2
import numpy as np
import pytest
from brian2 import ms, nA, second

from neurosim.bio import fi_curve, load_preset, simulate_lif
from neurosim.bio.brian2_tools import run_checked
from neurosim.errors import ParameterError, SimulationError


def test_a_run_stopped_early_raises_simulation_error():
    group = brian2.NeuronGroup(1, "v : 1", dt=0.1 * ms, name="stopper_group")
    net = brian2.Network(group, name="stopper_network")

    @brian2.network_operation(dt=1 * ms, name="stopper_op")
    def stop(t):
        if t >= 5 * ms:
            net.stop()

    net.add(stop)
    with pytest.raises(SimulationError, match=r"stopped after 5\.1 ms of the requested 20 ms"):
        run_checked(net, 20 * ms)


def test_a_complete_run_passes_and_runs_can_continue():
    group = brian2.NeuronGroup(1, "v : 1", dt=0.1 * ms, name="plain_group")
    net = brian2.Network(group, name="plain_network")
    run_checked(net, 3 * ms)
    run_checked(net, 2 * ms)  # a second run starts at 3 ms: checked against its own start
    assert float(net.t / ms) == pytest.approx(5)


def test_ctrl_c_during_fi_curve_raises_keyboard_interrupt_not_a_result():
    """Brian2 turns SIGINT into 'stop the run'; fi_curve must not return the shorter run."""
    params = load_preset("brunel2000")
    previous_int = signal.signal(signal.SIGINT, brian2._int_handler)  # Brian2's own handler

    def ctrl_c_once_running(signum, frame):
        # Before the run starts (code generation takes seconds on a cold, loaded machine),
        # Brian2's handler would raise KeyboardInterrupt wherever the program is, which a
        # callback may swallow, and the 10^4 s run would go on: wait for the run instead.
        if brian2.Network._globally_running:
            signal.setitimer(signal.ITIMER_REAL, 0)
            os.kill(os.getpid(), signal.SIGINT)

    previous_alarm = signal.signal(signal.SIGALRM, ctrl_c_once_running)
    signal.setitimer(signal.ITIMER_REAL, 0.2, 0.2)
    try:
        with pytest.raises(KeyboardInterrupt):
            fi_curve(params, np.linspace(0, 1, 5) * nA, duration=10_000 * second)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous_alarm)
        signal.signal(signal.SIGINT, previous_int)
    # Brian2's stop flag is cleared: the next run is complete.
    trace = simulate_lif(params, 0.5 * nA, 20 * ms, seed=1)
    assert len(trace.t) == 200


@pytest.mark.parametrize("kwargs, words", [
    ({"dt": 1e-30 * ms}, ["duration: 1 s", "1e+33 time steps", "Brian2's step counter",
                          "largest duration"]),
    ({"duration": 1e30 * second}, ["duration: 1e+30 s", "largest duration", "9.223e+14 s"]),
])
def test_runs_beyond_brians_step_counter_are_refused(kwargs, words):
    """They overflow Brian2's int64 step counter and would silently simulate nothing."""
    with pytest.raises(ParameterError) as info:
        fi_curve(load_preset("brunel2000"), [0.5] * nA, **kwargs)
    for word in words:
        assert word in str(info.value)


def test_a_run_brian2_would_skip_is_refused_before_any_work():
    """Past the int64 step counter Brian2 sets ``t`` to the end and simulates nothing."""
    net = brian2.Network(brian2.NeuronGroup(1, "dv/dt=-v/(10*ms):1", name="skipped_group"),
                         name="skipped_network")
    with pytest.raises(ParameterError, match=r"duration: 1e\+30 s is 1e\+34 time steps"):
        run_checked(net, 1e30 * second)
    assert float(net.t_) == 0  # nothing ran


def test_steps_are_counted_not_the_networks_time(monkeypatch):
    """A run that moves ``t`` to the end without stepping the clock is not a result."""
    group = brian2.NeuronGroup(1, "dv/dt=-v/(10*ms):1", name="timeonly_group")
    net = brian2.Network(group, name="timeonly_network")

    def run_without_steps(duration, namespace=None):
        net.t_ = float(net.t_ + duration / second)  # what Brian2 does past its step counter

    monkeypatch.setattr(net, "run", run_without_steps)
    with pytest.raises(SimulationError, match=r"stopped after 0 ms of the requested 20 ms"):
        run_checked(net, 20 * ms)
