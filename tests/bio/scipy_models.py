"""Independent reference integrations of every neuron model (scipy ``solve_ivp``).

The equations are written out again here, in plain numpy with SI-free units
(mV, ms, and each model's own current/conductance units), from the papers,
not from neurosim's Brian2 strings: a typo in either shows up as a mismatch.
Spike times come from ``solve_ivp`` events (rtol 1e-9: LSODA for the stiff
Hodgkin-Huxley-type models, DOP853 with its accurate dense output for the
integrate-and-fire models, whose exponential or quadratic run-up to the
cut-off is steep), i.e. they are the exact crossing times to ~1e-6 ms.
"""

import numpy as np
from scipy.integrate import solve_ivp

RTOL = 1e-9
ATOL = 1e-9


def _exprel_rate(scale, x):
    """scale * x / (1 - exp(-x)) with its limit `scale` at x = 0."""
    return scale * (x / -np.expm1(-x) if abs(x) > 1e-12 else 1.0)


# ---- Hodgkin & Huxley (1952), modern convention; v in mV, t in ms, uA/cm^2.
def hh_rates(v):
    am = _exprel_rate(1.0, (v + 40) / 10)          # 0.1 (v+40)/(1-exp(-(v+40)/10))
    bm = 4 * np.exp(-(v + 65) / 18)
    ah = 0.07 * np.exp(-(v + 65) / 20)
    bh = 1 / (1 + np.exp(-(v + 35) / 10))
    an = _exprel_rate(0.1, (v + 55) / 10)          # 0.01 (v+55)/(1-exp(-(v+55)/10))
    bn = 0.125 * np.exp(-(v + 65) / 80)
    return am, bm, ah, bh, an, bn


def hh_rhs(i_density):
    def rhs(t, y):
        v, m, h, n = y
        am, bm, ah, bh, an, bn = hh_rates(v)
        i_ion = 120 * m**3 * h * (v - 50) + 36 * n**4 * (v + 77) + 0.3 * (v + 54.387)
        return [(i_density - i_ion) / 1.0, am * (1 - m) - bm * m, ah * (1 - h) - bh * h,
                an * (1 - n) - bn * n]
    return rhs


def hh_start(v0=-65.0):
    am, bm, ah, bh, an, bn = hh_rates(v0)
    return [v0, am / (am + bm), ah / (ah + bh), an / (an + bn)]


# ---- Wang & Buzsaki (1996): phi = 5, instantaneous m.
def wb_rates(v):
    am = _exprel_rate(1.0, (v + 35) / 10)
    bm = 4 * np.exp(-(v + 60) / 18)
    ah = 0.07 * np.exp(-(v + 58) / 20)
    bh = 1 / (1 + np.exp(-0.1 * (v + 28)))
    an = _exprel_rate(0.1, (v + 34) / 10)
    bn = 0.125 * np.exp(-(v + 44) / 80)
    return am, bm, ah, bh, an, bn


def wb_rhs(i_density):
    def rhs(t, y):
        v, h, n = y
        am, bm, ah, bh, an, bn = wb_rates(v)
        m_inf = am / (am + bm)
        i_ion = 35 * m_inf**3 * h * (v - 55) + 9 * n**4 * (v + 90) + 0.1 * (v + 65)
        return [i_density - i_ion, 5 * (ah * (1 - h) - bh * h), 5 * (an * (1 - n) - bn * n)]
    return rhs


def wb_start(v0=-65.0):
    am, bm, ah, bh, an, bn = wb_rates(v0)
    return [v0, ah / (ah + bh), an / (an + bn)]


def crossing_times(rhs, y0, duration, level=-20.0):
    """Upward crossings of ``level`` (mV) by y[0] within ``duration`` (ms)."""
    event = lambda t, y: y[0] - level  # noqa: E731
    event.direction = 1
    sol = solve_ivp(rhs, (0, duration), y0, method="LSODA", rtol=RTOL, atol=ATOL, events=event,
                    max_step=0.05)
    return sol.t_events[0]


# ---- Integrate-and-fire models: integrate to v = v_peak, reset, repeat.
def _time_to_peak(rhs, t, y, v_peak):
    """Run-up from y[0] to v_peak with v as the independent variable.

    Above a few slope factors past threshold the exponential makes dv/dt
    astronomically large (exp(35) at 0 mV for Delta_T = 1.5 mV), too steep for
    any step-size control in t; but dv/dt > 0 there, so dt/dv = 1/f and
    dz/dv = g/f (z: the other variables) are smooth and integrate exactly.
    """
    def in_v(v, state):
        full = np.concatenate([[v], state[1:]])
        derivative = np.asarray(rhs(state[0], full), dtype=float)
        return np.concatenate([[1.0], derivative[1:]]) / derivative[0]

    sol = solve_ivp(in_v, (y[0], v_peak), np.concatenate([[t], y[1:]]), method="DOP853",
                    rtol=RTOL, atol=ATOL)
    end = sol.y[:, -1]
    return float(end[0]), np.concatenate([[v_peak], end[1:]])


def fire_and_reset(rhs, y0, duration, v_peak, reset, t_ref=0.0, v_switch=None):
    """Spike times (ms) of a model with a cut-off ``v_peak`` and ``reset(y) -> y``.

    Time integration runs to ``v_switch`` (default ``v_peak``), from where
    :func:`_time_to_peak` finishes the upstroke.  During ``t_ref`` v is
    clamped at its reset value and the other variables (if any) integrate
    with v held there.
    """
    v_switch = v_peak if v_switch is None else v_switch
    event = lambda t, y: y[0] - v_switch  # noqa: E731
    event.direction = 1
    event.terminal = True
    t, y, spikes = 0.0, np.array(y0, dtype=float), []
    while t < duration:
        sol = solve_ivp(rhs, (t, duration), y, method="DOP853", rtol=RTOL, atol=ATOL, events=event,
                        max_step=1.0)
        if not sol.t_events[0].size:
            break
        t, y = float(sol.t_events[0][0]), sol.y_events[0][0]
        if v_switch < v_peak:
            t, y = _time_to_peak(rhs, t, y, v_peak)
        if t >= duration:
            break
        spikes.append(t)
        y = np.array(reset(y), dtype=float)
        if t_ref > 0:
            if len(y) > 1:
                clamped = lambda s, z, v=y[0]: rhs(s, np.concatenate([[v], z]))[1:]  # noqa: E731
                rest = solve_ivp(clamped, (t, t + t_ref), y[1:], method="DOP853", rtol=RTOL,
                                 atol=ATOL)
                y = np.concatenate([[y[0]], rest.y[:, -1]])
            t += t_ref
    return np.array(spikes)


def eif_rhs(tau_m, R_m, E_L, V_T, Delta_T, I):
    """Fourcaud-Trocme et al. (2003): ms, Mohm, mV, nA (R_m*I in mV)."""
    return lambda t, y: [(E_L - y[0] + Delta_T * np.exp((y[0] - V_T) / Delta_T) + R_m * I) / tau_m]


def adex_rhs(C, g_L, E_L, V_T, Delta_T, tau_w, a, I):
    """Brette & Gerstner (2005): pF, nS, mV, ms, pA (nS*mV = pA, pA/pF = mV/ms)."""
    def rhs(t, y):
        v, w = y
        return [(-g_L * (v - E_L) + g_L * Delta_T * np.exp((v - V_T) / Delta_T) - w + I) / C,
                (a * (v - E_L) - w) / tau_w]
    return rhs


def izhikevich_rhs(C, k, v_r, v_t, a, b, I):
    """Izhikevich (2007), Eqs. 8.5-8.6: pF, nS/mV, mV, 1/ms, nS, pA."""
    def rhs(t, y):
        v, u = y
        return [(k * (v - v_r) * (v - v_t) - u + I) / C, a * (b * (v - v_r) - u)]
    return rhs
