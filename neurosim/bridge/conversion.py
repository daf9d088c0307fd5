"""From a trained MLP to a spiking network of LIF neurons: :func:`convert`.

Every hidden unit becomes one LIF neuron, inputs and biases become constant
currents, weights between hidden layers become synapses, and the output layer
is a non-spiking readout of the charge it receives.  The method:
``docs/convert.md``.

References
----------
.. [1] Hunsberger, E. & Eliasmith, C. (2015). Spiking deep networks with LIF
   neurons. arXiv:1510.08829.
.. [2] Eliasmith, C. & Anderson, C. H. (2003). *Neural Engineering*. MIT Press
   (linear decoding of filtered spike trains).
.. [3] Rueckauer, B., Lungu, I.-A., Hu, Y., Pfeiffer, M. & Liu, S.-C. (2017).
   Conversion of continuous-valued deep networks to efficient event-driven
   networks for image classification. *Front. Neurosci.* 11, 682 (biases as
   constant input currents).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import numpy as np
from brian2 import Hz, Quantity, amp, coulomb, ms, second

from neurosim.ann.mlp import MLP
from neurosim.bridge.lif_activation import LIFRateActivation, drive_unit
from neurosim.errors import DataError, NotFittedError, ParameterError
from neurosim.units import check_quantity, format_quantity
from neurosim.validation import check_instance

__all__ = ["SpikingMLP", "convert"]


@dataclass(frozen=True, eq=False)
class SpikingMLP:
    """A trained MLP mapped onto LIF neurons, with every quantity in units.

    Made by :func:`convert`; run it with :func:`run_spiking`.

    Attributes
    ----------
    mlp : MLP
        A copy of the trained network (the artificial side of every comparison).
    neurons : tuple of LIFParams
        The neuron of each hidden layer.
    r_max : Quantity (frequency), shape (n_hidden_layers,)
        Rate of activation 1, per hidden layer.
    input_currents : Quantity (current), shape (n_inputs, n_1)
        Current into first-layer neuron ``k`` per unit of input ``i``:
        ``W_0[i, k] * I_unit``.
    bias_currents : tuple of Quantity (current)
        Constant current into each hidden neuron: ``I_rh + b[k] * I_unit``.
    synaptic_weights : tuple of Quantity (charge)
        Charge per spike, ``W[j, k] * I_unit(post) / r_max(pre)``: one array per
        connection from a hidden layer, the last one into the readout.
    readout_bias : ndarray
        The output layer's biases (drive units).
    readout_unit : Quantity (current)
        ``I_unit`` of the readout: that of the last hidden layer's neuron.
    tau_syn : Quantity (time)
        Time constant of the exponential synaptic current between hidden layers.
    """

    mlp: MLP
    neurons: tuple
    r_max: Quantity
    input_currents: Quantity
    bias_currents: tuple
    synaptic_weights: tuple
    readout_bias: np.ndarray
    readout_unit: Quantity
    tau_syn: Quantity

    @property
    def layers(self) -> tuple:
        """Units per layer, inputs first (as ``MLP.layers``)."""
        return tuple(self.mlp.layers_)

    @property
    def n_hidden_layers(self) -> int:
        return len(self.neurons)

    @property
    def settings(self) -> dict:
        """JSON-ready description: layers, neuron parameters, r_max, smoothing, tau_syn."""
        hidden = [act for act in self.mlp.activations_[:-1]]
        return {
            "layers": list(self.layers),
            "neurons": [{"preset": p.name, **p.as_text()} for p in self.neurons],
            "r_max": [format_quantity(r, Hz) for r in self.r_max],
            "smoothing": [act.smoothing for act in hidden],
            "output_activation": self.mlp.activations_[-1].name,
            "tau_syn": format_quantity(self.tau_syn, ms),
        }


def convert(mlp, *, tau_syn=5 * ms) -> SpikingMLP:
    """Map a trained MLP with LIF-rate hidden units onto spiking LIF neurons.

    Parameters
    ----------
    mlp : neurosim.ann.MLP
        Fitted, with at least one hidden layer, every hidden activation made
        by :func:`soft_lif`; any output activation.
    tau_syn : Quantity (time)
        Decay time of the exponential synaptic current between hidden layers
        (> 0; not used with one hidden layer).  Default 5 ms.

    Returns
    -------
    SpikingMLP

    Raises
    ------
    NotFittedError
        If the MLP has no weights yet.
    ParameterError
        If it has no hidden layer, a hidden activation has no spiking
        counterpart (the message names the layer and the activation), or a
        weight or bias is NaN or infinite.
    UnitError
        If ``mlp`` is not an MLP or ``tau_syn`` is not a time.

    Notes
    -----
    For hidden layer ``l`` with neuron parameters ``P_l``, ``I_unit_l =
    (V_th - V_reset) / R_m`` and ``I_rh_l`` the rheobase
    (:func:`drive_to_current`)::

        first layer:   I_k = I_rh + I_unit * (x @ W_0 + b_0)[k]       (constant)
        deeper layers: I_k = I_rh + I_unit * b[k] + I_syn,k
                       tau_syn dI_syn,k/dt = -I_syn,k,  I_syn,k += q[j,k]/tau_syn per spike of j
                       q[j,k] = W[j,k] * I_unit(post) / r_max(pre)     (charge per spike)
        readout:       z_k = Q_k / (I_unit * T) + b[k],  Q_k = sum of q[j,k] over spikes in T

    A presynaptic neuron firing at ``r_j = a_j * r_max`` delivers the mean
    current ``q[j,k] * r_j = I_unit * W[j,k] * a_j``: the MLP's drive, in
    current units.  Biases as constant currents follow Rueckauer et al.
    (2017); the rate mapping follows Hunsberger & Eliasmith (2015).
    """
    check_instance(mlp, "mlp", MLP, hint="a fitted neurosim.ann.MLP")
    if not hasattr(mlp, "weights_"):
        raise NotFittedError(
            "mlp: the network is not fitted yet; call mlp.fit(X, y) before convert()")
    n_hidden = len(mlp.layers_) - 2
    if n_hidden < 1:
        raise ParameterError(
            f"mlp: needs at least one hidden layer of LIF units, got layers={list(mlp.layers_)}")
    for layer, act in enumerate(mlp.activations_[:-1], start=1):
        if not isinstance(act, LIFRateActivation):
            raise ParameterError(
                f"mlp: hidden layer {layer} uses the activation {act.name!r}, which has no spiking "
                "counterpart in this conversion; only the LIF rate curve maps onto LIF neurons: "
                "train with activation=soft_lif(params)")
    for layer, (W, b) in enumerate(zip(mlp.weights_, mlp.biases_)):
        if not (np.all(np.isfinite(W)) and np.all(np.isfinite(b))):
            raise DataError(f"mlp: the weights or biases of layer {layer} contain NaN or "
                            "infinite values (did training diverge?)")
    check_quantity(tau_syn, "tau_syn", second, scalar=True)
    if not tau_syn > 0 * ms:
        raise ParameterError(f"tau_syn: must be a single time > 0 ms, got {tau_syn}")

    hidden = mlp.activations_[:-1]
    neurons = tuple(act.neuron for act in hidden)
    r_max = np.array([act.coefficients["r_max"] for act in hidden]) * Hz
    units = [drive_unit(p) for p in neurons]
    input_currents = np.asarray(mlp.weights_[0], dtype=float) * units[0]
    bias_currents = tuple(p.rheobase + np.asarray(b, dtype=float) * unit
                          for p, b, unit in zip(neurons, mlp.biases_[:-1], units))
    post_units = units[1:] + [units[-1]]
    synaptic_weights = tuple(
        np.asarray(W, dtype=float) * float(unit / amp) / float(rate / Hz) * coulomb
        for W, unit, rate in zip(mlp.weights_[1:], post_units, r_max))
    return SpikingMLP(
        mlp=_frozen_copy(mlp), neurons=neurons, r_max=r_max, input_currents=input_currents,
        bias_currents=bias_currents, synaptic_weights=synaptic_weights,
        readout_bias=np.array(mlp.biases_[-1], dtype=float), readout_unit=units[-1],
        tau_syn=tau_syn,
    )


def _frozen_copy(mlp: MLP) -> MLP:
    """A copy of ``mlp`` with its own weight arrays, so refitting the original changes nothing.

    Activations are immutable and shared.
    """
    clone = copy.copy(mlp)
    clone.weights_ = [np.array(W, dtype=float) for W in mlp.weights_]
    clone.biases_ = [np.array(b, dtype=float) for b in mlp.biases_]
    clone.activations_ = list(mlp.activations_)
    return clone
