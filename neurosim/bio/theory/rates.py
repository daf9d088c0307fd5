"""Which rate theory a model has: the one place that combines the models' theory hooks.

A model says what it knows through two hooks (:mod:`neurosim.bio.models.base`):
``closed_form_rate(current)`` and ``diffusion()``.  :func:`rate_theory` picks the
exact answer they allow for a given noise, so that ``FICurve.theory()``, the
explorers and the CLI never ask which model they hold.
"""

from __future__ import annotations

from brian2 import Quantity, mV

from neurosim.bio.theory.lif import siegert_rate
from neurosim.bio.theory.threshold import deterministic_rate, stationary_rate
from neurosim.errors import ParameterError

#: The names :func:`rate_theory` gives its answers.
THEORY_NAMES = ("closed form", "Siegert", "threshold integration")


def rate_theory(params, current, sigma=0 * mV) -> tuple[str, Quantity] | None:
    """The model's exact stationary rate at constant ``current`` and white noise ``sigma``.

    Parameters
    ----------
    params : a neuron model (any class of :mod:`neurosim.bio.models`)
    current : Quantity (current)
    sigma : Quantity (voltage)
        Noise amplitude in the convention of Brunel (2000), Eq. (2).

    Returns
    -------
    (str, Quantity) or None
        The theory's name (one of :data:`THEORY_NAMES`) and the rates; None if the
        model has no rate theory (e.g. Hodgkin-Huxley, Izhikevich, adapting AdEx).

    Notes
    -----
    Without noise: the model's ``closed_form_rate`` where it has one, else
    threshold integration of its ``diffusion()`` drift (noise-free limit).  With
    noise: a linear drift (no spike current, the LIF) has Siegert's rate (Brunel
    2000, Eq. 21); any other one-dimensional drift, threshold integration
    (Richardson 2007).

    References
    ----------
    Brunel, N. (2000). J. Comput. Neurosci. 8, 183-208.
    Richardson, M. J. E. (2007). Firing-rate response of linear and nonlinear
    integrate-and-fire neurons to modulated current-based and conductance-based
    synaptic drive. Phys. Rev. E 76, 021919.
    """
    noisy = sigma > 0 * mV
    if not noisy:
        rates = params.closed_form_rate(current)
        if rates is not None:
            return "closed form", rates
    try:
        drift = params.diffusion()
    except ParameterError:  # e.g. AdEx with adaptation: not one-dimensional
        drift = None
    if drift is None:
        return None
    if noisy and drift.get("psi") is None:
        return "Siegert", siegert_rate(current, sigma, params)
    if noisy:
        return "threshold integration", stationary_rate(params, current, sigma)
    return "threshold integration", deterministic_rate(params, current)


def has_lif_theory(params) -> bool:
    """True when the model's drift is the linear one of the LIF (no spike current).

    Then the LIF's closed forms apply: :func:`~neurosim.bio.theory.lif_rate`,
    :func:`~neurosim.bio.theory.siegert_rate`, and the time-step band of
    :mod:`neurosim.bridge.comparison`.
    """
    try:
        drift = params.diffusion()
    except (AttributeError, ParameterError):
        return False
    return drift is not None and drift.get("psi") is None
