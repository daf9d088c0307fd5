"""simulate_lif: traces against the analytic solution; seeds; bad input."""

import numpy as np
import pytest
from brian2 import Hz, ms, mV, nA, second

from neurosim.bio import LIFParams, simulate_lif
from neurosim.bio.stimuli import Sine, Step
from neurosim.errors import ParameterError, ParameterTypeError, UnitError

P = LIFParams()  # tau 10 ms, R 10 Mohm, rest -65 mV, threshold -50 mV, rheobase 1.5 nA


def test_subthreshold_trace_is_the_exact_exponential_relaxation():
    # Below threshold the LIF equation is linear: v(t) = E_L + R I (1 - exp(-t/tau))
    # (Neuronal Dynamics Eq. 1.8). Brian2 integrates it exactly, so only rounding remains.
    trace = simulate_lif(P, 1.0 * nA, 100 * ms)
    t = np.asarray(trace.t / second)
    expected = -65e-3 + 10e6 * 1e-9 * (1 - np.exp(-t / 10e-3))
    np.testing.assert_allclose(np.asarray(trace.v / mV), expected * 1e3, rtol=0, atol=1e-9)
    assert trace.n_spikes == 0 and trace.rate == 0 * Hz
    assert trace.t.shape == trace.v.shape == trace.current.shape == (1000,)


def test_first_spike_is_stamped_with_the_step_in_which_v_crossed():
    current = 2.0 * nA
    trace = simulate_lif(P, current, 200 * ms)
    # Time to reach V_th from E_L: T = tau ln(R I / (R I - (V_th - E_L)))
    exact = 10e-3 * np.log(20.0 / (20.0 - 15.0))
    first = float(trace.spike_times[0] / second)
    # Brian2 updates v from t to t + dt, then tests the threshold and stamps
    # the spike with t, the start of that step: so first is in [exact - dt, exact).
    assert exact - 0.1e-3 - 1e-12 <= first < exact
    assert np.all(np.asarray(trace.v / mV) <= -50 + 1e-9)  # reset happens within the step


def test_stimulus_and_array_inputs_agree():
    stim = Step(2 * nA, 20 * ms, 60 * ms)
    from_stim = simulate_lif(P, stim, 100 * ms)
    from_array = simulate_lif(P, stim.sample(np.arange(1000) * 0.1 * ms), 100 * ms)
    np.testing.assert_array_equal(np.asarray(from_stim.spike_times), np.asarray(from_array.spike_times))
    spikes = np.asarray(from_stim.spike_times / ms)
    assert spikes.size > 0 and spikes.min() > 20 and spikes.max() < 61
    sine = simulate_lif(P, Sine(1 * nA, 10 * Hz, offset=1.5 * nA), 200 * ms)
    assert sine.n_spikes > 0


def test_same_seed_same_spikes_other_seed_other_spikes():
    a = simulate_lif(P, 1.4 * nA, 500 * ms, sigma=3 * mV, seed=7)
    b = simulate_lif(P, 1.4 * nA, 500 * ms, sigma=3 * mV, seed=7)
    c = simulate_lif(P, 1.4 * nA, 500 * ms, sigma=3 * mV, seed=8)
    assert a.n_spikes > 0  # noise makes a subthreshold current fire
    np.testing.assert_array_equal(np.asarray(a.v), np.asarray(b.v))
    assert not np.array_equal(np.asarray(a.v), np.asarray(c.v))
    assert a.seed == 7
    drawn = simulate_lif(P, 1.4 * nA, 50 * ms, sigma=3 * mV)
    again = simulate_lif(P, 1.4 * nA, 50 * ms, sigma=3 * mV, seed=drawn.seed)
    np.testing.assert_array_equal(np.asarray(drawn.v), np.asarray(again.v))


def test_free_membrane_noise_has_the_brunel_variance():
    # dv = (E_L - v)/tau dt + sigma/sqrt(tau) dW has stationary variance sigma^2/2
    # (Brunel 2000). Brian2's Euler-Maruyama step v' = v (1 - h/tau) + sigma sqrt(h/tau) xi
    # has exactly sigma^2 / (2 - h/tau): with h = tau/10 that is 5% more.
    p = LIFParams(V_th=100 * mV)  # never fires
    trace = simulate_lif(p, 0 * nA, 20 * second, dt=1 * ms, sigma=4 * mV, seed=3)
    v = np.asarray(trace.v / mV)[100:] + 65
    discrete_std = 4 / np.sqrt(2 - 0.1)
    # 20 s = 2000 membrane time constants: the sample std is known to ~1% (1 s.e., measured over seeds).
    assert np.std(v) == pytest.approx(discrete_std, rel=0.05)


@pytest.mark.parametrize(
    "kwargs, error, words",
    [
        (dict(current=2.0), UnitError, ["current", "amp"]),
        (dict(current=2 * mV), UnitError, ["current", "current"]),
        (dict(current=np.ones(5) * nA), ParameterError, ["current", "1000"]),
        (dict(duration=-1 * ms), ParameterError, ["duration"]),
        (dict(duration=100), UnitError, ["duration", "time"]),
        (dict(dt=2 * ms), ParameterError, ["dt", "tau_m/10"]),
        (dict(dt=0 * ms), ParameterError, ["dt"]),
        (dict(sigma=-1 * mV), ParameterError, ["sigma", ">= 0"]),
        (dict(sigma=1 * nA), UnitError, ["sigma", "voltage"]),
        (dict(seed=-3), ParameterError, ["seed"]),
        (dict(seed=1.5), ParameterTypeError, ["seed"]),
        (dict(current=[np.nan] * 1000 * nA), ParameterError, ["current", "finite"]),
    ],
)
def test_bad_input_names_the_parameter(kwargs, error, words):
    args = dict(params=P, current=2 * nA, duration=100 * ms)
    args.update(kwargs)
    with pytest.raises(error) as info:
        simulate_lif(args.pop("params"), args.pop("current"), args.pop("duration"), **args)
    for word in words:
        assert word in str(info.value)


def test_smoothed_rate_integrates_to_the_spike_count_and_tracks_the_rate():
    trace = simulate_lif(P, 2 * nA, 1 * second)
    rate = np.asarray(trace.smoothed_rate(20 * ms) / Hz)
    # Away from the edges the Gaussian-smoothed rate of a regular train is its mean rate.
    assert rate[3000:7000].mean() == pytest.approx(float(trace.rate / Hz), rel=0.03)
    # The kernel integrates to one, so the total is the spike count (minus edge losses < 1 spike).
    assert abs(rate.sum() * 1e-4 - trace.n_spikes) < 1
    with pytest.raises(ParameterError, match="width"):
        trace.smoothed_rate(0 * ms)


def test_smoothed_rate_equals_the_kernel_sum_formula():
    # r(t) = sum_k exp(-(t - t_k)^2 / 2w^2) / (sqrt(2 pi) w) (Dayan & Abbott 2001, Eq. 1.9);
    # the binned convolution differs only by the kernel's discretisation (~1e-5 relative).
    trace = simulate_lif(P, 2 * nA, 300 * ms)
    t = np.asarray(trace.t / second)[:, None]
    spikes = np.asarray(trace.spike_times / second)[None, :]
    w = 5e-3
    direct = (np.exp(-0.5 * ((t - spikes) / w) ** 2) / (np.sqrt(2 * np.pi) * w)).sum(axis=1)
    np.testing.assert_allclose(np.asarray(trace.smoothed_rate(5 * ms) / Hz), direct, atol=1e-3 * direct.max())
    short = simulate_lif(P, 2 * nA, 5 * ms)  # kernel longer than the trace
    assert short.smoothed_rate(20 * ms).shape == short.t.shape


def test_alpha_kernel_rate_is_causal_and_equals_its_formula():
    # r(t) = sum_{t_k <= t} (t - t_k) exp(-(t - t_k)/w) / w^2 (Dayan & Abbott 2001, Eq. 1.10);
    # the binned convolution differs by the kernel's discretisation and its cut at 10 w.
    trace = simulate_lif(P, Step(3 * nA, 50 * ms, 250 * ms), 300 * ms)
    t = np.asarray(trace.t / second)[:, None]
    lag = t - np.asarray(trace.spike_times / second)[None, :]
    w = 5e-3
    direct = np.where(lag >= 0, lag * np.exp(-np.clip(lag, 0, None) / w) / w**2, 0).sum(axis=1)
    rate = np.asarray(trace.smoothed_rate(5 * ms, kernel="alpha") / Hz)
    np.testing.assert_allclose(rate, direct, atol=2e-3 * direct.max())
    first = int(np.rint(float(trace.spike_times[0] / trace.dt)))
    assert np.all(rate[:first] == 0) and rate[first + 10] > 0  # nothing before the first spike
    with pytest.raises(ParameterError, match="kernel"):
        trace.smoothed_rate(5 * ms, kernel="box")
