"""Brunel's (2000) sparse network of excitatory and inhibitory LIF neurons (model A)."""

from __future__ import annotations

from brian2 import ms, mV

from neurosim.bio.network.spec import NetworkSpec, PoissonSource, Population, Projection
from neurosim.bio.presets import load_preset
from neurosim.bio.synapses import DeltaSynapse
from neurosim.errors import ParameterError
from neurosim.units import check_quantity, readable
from neurosim.validation import check_choice, check_real

#: Brunel's named states of model A: (g, eta = nu_ext/nu_thr), from his
#: Fig. 8 (the examples marked in the phase diagram of Fig. 2).
BRUNEL_STATES = {
    "SR": (3.0, 2.0),  # synchronous regular: excitation dominates
    "AI": (5.0, 2.0),  # asynchronous irregular
    "SI_fast": (6.0, 4.0),  # synchronous irregular, fast oscillation
    "SI_slow": (4.5, 0.9),  # synchronous irregular, slow oscillation
}

#: Full size of model A.
N_E, N_I, C_E, C_I = 10000, 2500, 1000, 250


def nu_threshold(J=0.1 * mV, C_e: int = C_E, tau_m=20 * ms, theta=20 * mV):
    """The external rate that brings the mean input to threshold: ``theta / (J C_E tau)``.

    References
    ----------
    Brunel, N. (2000). *J. Comput. Neurosci.* 8, 183-208, p. 186 (nu_thr).
    """
    return theta / (J * C_e * tau_m)


def brunel2000(
    state: str = "AI",
    scale: float = 1.0,
    *,
    g: float | None = None,
    eta: float | None = None,
    J=0.1 * mV,
    delay=1.5 * ms,
    dt=0.1 * ms,
) -> NetworkSpec:
    """Brunel's model A: N_E excitatory and N_I inhibitory LIF neurons with delta synapses.

    Parameters
    ----------
    state : {"SR", "AI", "SI_fast", "SI_slow"}
        A named state (sets ``g`` and ``eta``, see :data:`BRUNEL_STATES`).
    scale : float
        Network size relative to N_E = 10000, N_I = 2500, in ``[0.1, 10]``.
        The in-degrees C_E = 1000 and C_I = 250 stay fixed, so every neuron
        receives the same input statistics and the mean field is unchanged;
        below 0.1 there are fewer excitatory neurons than C_E.
    g : float, optional
        Relative strength of inhibition (``J_I = -g J``); overrides ``state``.
    eta : float, optional
        External rate in units of ``nu_thr``; overrides ``state``.
    J : Quantity (voltage)
        Excitatory PSP (delta jump), default 0.1 mV.
    delay : Quantity (time)
        Transmission delay D, default 1.5 ms.
    dt : Quantity (time)
        Integration step, default 0.1 ms.

    Returns
    -------
    NetworkSpec
        Populations ``E`` and ``I`` (preset ``brunel2000``: tau 20 ms,
        theta 20 mV, V_r 10 mV, tau_rp 2 ms), four projections, and one
        Poisson source per population: C_E trains at ``eta * nu_thr`` each,
        weight J.

    Notes
    -----
    ``nu_thr = theta / (J C_E tau)`` (10 Hz with the defaults).  Initial
    potentials are uniform in ``[0, theta)``.

    References
    ----------
    Brunel, N. (2000). Dynamics of sparsely connected networks of excitatory
    and inhibitory spiking neurons. *J. Comput. Neurosci.* 8, 183-208,
    section 2 (model A) and Fig. 2, Fig. 8 (states).
    """
    check_choice(state, "state", tuple(BRUNEL_STATES))
    g0, eta0 = BRUNEL_STATES[state]
    g = g0 if g is None else g
    eta = eta0 if eta is None else eta
    for name, value, low in (("g", g, 0.0), ("eta", eta, 0.0)):
        check_real(value, name, low=low)
    check_real(scale, f"scale (C_E = {C_E} stays fixed)", low=0.1, high=10.0)
    check_quantity(J, "J", mV, scalar=True)
    neuron = load_preset("brunel2000")
    gap = neuron.V_th - neuron.E_L  # one PSP larger than this fires a neuron from rest
    if not 0 * mV < J <= gap:
        raise ParameterError(f"J: must be in (0 mV, V_th - E_L = {readable(gap)}] (a PSP from "
                             f"rest to threshold), got {readable(J)}")
    n_e, n_i = int(round(N_E * scale)), int(round(N_I * scale))
    v_init = (neuron.E_L, neuron.V_th)
    delta = DeltaSynapse()
    nu_ext = eta * nu_threshold(J, C_E, neuron.tau_m, neuron.V_th - neuron.E_L)
    projections = tuple(
        Projection(src, tgt, weight=w, delay=delay, in_degree=c, synapse=delta)
        for src, w, c in (("E", J, C_E), ("I", -g * J, C_I))
        for tgt in ("E", "I")
    )
    sources = tuple(PoissonSource(f"ext_{tgt}", tgt, C_E, nu_ext, J, delta) for tgt in ("E", "I"))
    return NetworkSpec(
        populations=(Population("E", n_e, neuron, v_init), Population("I", n_i, neuron, v_init)),
        projections=projections,
        sources=sources,
        dt=dt,
        name=f"brunel2000_g{g:g}_eta{eta:g}_scale{scale:g}",
    )
