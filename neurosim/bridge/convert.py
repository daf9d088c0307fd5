"""Trained artificial networks run as spiking LIF networks: rate-coded conversion.

The strongest form of the neuron/activation correspondence: the same trained
network computes the same function with artificial units (numpy) and with
spiking leaky integrate-and-fire neurons (Brian2).

Method (Hunsberger & Eliasmith 2015)
------------------------------------
1. The hidden units of a :class:`neurosim.ann.MLP` use :func:`soft_lif`: the
   firing rate of a LIF neuron, in units of ``r_max``, as a function of its
   dimensionless *drive* ``z`` (its net input ``a @ W + b``).  The drive is
   the input current measured from the rheobase in units of
   ``(V_th - V_reset) / R_m`` (:func:`drive_to_current`), so ``soft_lif`` with
   ``smoothing=0`` *is* :func:`neurosim.bio.lif_rate`; a small smoothing
   keeps its derivative bounded at threshold for training.
2. :func:`convert` maps every hidden unit to one LIF neuron: inputs and biases
   become constant currents, and a weight ``W[j, k]`` between hidden layers
   becomes a synapse that delivers the charge
   ``q[j, k] = W[j, k] * I_unit(post) / r_max(pre)`` per spike, so that the
   mean synaptic current equals ``I_unit(post) * W[j, k] * a[j]`` exactly when
   neuron ``j`` fires at ``a[j] * r_max``.
3. The output layer is a non-spiking readout that integrates the same charge
   (a linear decoder of the hidden spike counts over the presentation, as in
   the Neural Engineering Framework); the output activation and the MLP's
   decision rule are applied to its drive.
4. :func:`run_spiking` simulates a whole data set in one Brian2 run: one copy
   of the network per input pattern, each layer one ``NeuronGroup`` of
   ``n_patterns * n_units`` neurons, synapses only within a copy.

In the rate limit (long presentation, small ``dt``, no smoothing) the
spiking network computes exactly what the MLP computes; what remains is
rate quantisation (at most one spike per unit and window, an error of
``1 / (T * r_max)`` in activation units), the time-grid error of the LIF
rate (``~ r**2 * dt``, see ``docs/bio.md``), the soft-vs-hard threshold
(``smoothing``), the onset transient (neurons start at ``V_reset``) and, past
the first hidden layer, the ripple of the synaptic current.  ``docs/convert.md``
measures each.

References
----------
.. [1] Hunsberger, E. & Eliasmith, C. (2015). Spiking deep networks with LIF
   neurons. arXiv:1510.08829 (train with the soft LIF rate curve, run with
   spiking LIF neurons).
.. [2] Eliasmith, C. & Anderson, C. H. (2003). *Neural Engineering:
   Computation, Representation, and Dynamics in Neurobiological Systems*.
   MIT Press (rate coding; linear decoding of filtered spike trains).
.. [3] Rueckauer, B., Lungu, I.-A., Hu, Y., Pfeiffer, M. & Liu, S.-C. (2017).
   Conversion of continuous-valued deep networks to efficient event-driven
   networks for image classification. *Front. Neurosci.* 11, 682 (biases as
   constant input currents; error against simulation time).
.. [4] Diehl, P. U., Neil, D., Binas, J., Cook, M., Liu, S.-C. & Pfeiffer, M.
   (2015). Fast-classifying, high-accuracy spiking deep networks through
   weight and threshold balancing. *Proc. IJCNN* (the ReLU/IF alternative).
.. [5] Gerstner, W., Kistler, W. M., Naud, R. & Paninski, L. (2014).
   *Neuronal Dynamics*, Cambridge University Press, §1.3 (LIF rate).
"""

from __future__ import annotations

import copy
import math
import numbers
import time
from dataclasses import dataclass, field

import brian2
import numpy as np
from brian2 import Hz, Quantity, amp, coulomb, ms, second

from neurosim.ann import datasets
from neurosim.ann.activations import Activation
from neurosim.ann.mlp import MLP
from neurosim.bio import brian2_tools
from neurosim.bio.params import LIFParams
from neurosim.errors import NotFittedError, ParameterError, UnitError
from neurosim.units import check_quantity, format_quantity

__all__ = [
    "ConversionExperiment", "ConversionResult", "DATASETS", "DecisionGrid",
    "LATENCY_CHECKPOINTS", "LIFRateActivation", "MIN_SPIKES", "Raster", "SpikingMLP",
    "check_presentation", "conversion_experiment", "convert", "decision_grid_points",
    "drive_to_current", "drive_unit", "run_spiking", "soft_lif", "train_lif_mlp",
]

#: Spikes the most active hidden unit must be able to fire in a presentation
#: (``T * r_peak >= MIN_SPIKES``): a spike count resolves a rate only to one
#: spike per window, so this bounds the quantisation error of the most active
#: unit to 1/MIN_SPIKES = 10 % of its rate.
MIN_SPIKES = 10

#: Code-generation targets of :func:`run_spiking` (the presentation is run in
#: segments to read the checkpoints, which a standalone binary cannot do).
RUN_TARGETS = ("numpy", "cython")


# --------------------------------------------------------------------------
# The LIF rate as an activation function.


def drive_unit(params: LIFParams) -> Quantity:
    """The current of one unit of drive: ``I_unit = (V_th - V_reset) / R_m``.

    Parameters
    ----------
    params : LIFParams

    Returns
    -------
    Quantity (current)
    """
    params = brian2_tools.check_params(params)
    return (params.V_th - params.V_reset) / params.R_m


def drive_to_current(drive, params: LIFParams) -> Quantity:
    """The input current of a LIF neuron whose (dimensionless) drive is ``drive``.

    Parameters
    ----------
    drive : float or array_like
        Net input of an artificial unit, ``a @ W + b``.
    params : LIFParams

    Returns
    -------
    Quantity (current)
        ``I = I_rh + drive * I_unit``, same shape as ``drive``.

    Notes
    -----
    With ``I_rh = (V_th - E_L) / R_m`` (the rheobase) and
    ``I_unit = (V_th - V_reset) / R_m``, the drive is::

        z = (R_m*I + E_L - V_th) / (V_th - V_reset)

    and the closed-form LIF rate (Gerstner et al. 2014, §1.3.2) becomes::

        r(z) = 1 / (t_ref + tau_m * ln(1 + 1/z))   for z > 0, else 0

    which is the LIF response of Hunsberger & Eliasmith (2015) with ``j -
    V_th`` written as ``z`` in units of ``V_th - V_reset``.  ``z = 0`` is the
    rheobase; a unit change of ``z`` moves the asymptotic membrane potential
    ``E_L + R_m I`` by ``V_th - V_reset``.

    References
    ----------
    Gerstner, W. et al. (2014). *Neuronal Dynamics*, §1.3.2, Eq. (1.15).
    Hunsberger, E. & Eliasmith, C. (2015). arXiv:1510.08829.
    """
    params = brian2_tools.check_params(params)
    drive = np.asarray(drive, dtype=float)
    if not np.all(np.isfinite(drive)):
        raise ParameterError("drive: must be finite")
    return params.rheobase + drive * drive_unit(params)


def _rate_and_slope(z, tau_m: float, t_ref: float, smoothing: float):
    """LIF rate ``r(z)`` in Hz and ``dr/dz``, float arrays, free of warnings for ``|z| <= 1e300``.

    ``rho = smoothing * log(1 + exp(z/smoothing))`` (``max(z, 0)`` without
    smoothing) replaces ``z``.  ``ln(1 + 1/rho)`` is ``log1p(1/rho)`` for
    ``rho >= 1`` and ``log1p(rho) - log(rho)`` below, so neither ``1/rho``
    overflows nor the difference cancels.  Underflow to 0 far below threshold
    is harmless and silenced.
    """
    z = np.asarray(z, dtype=float)
    with np.errstate(under="ignore"):
        if smoothing > 0:
            # Beyond |z/smoothing| = 40 the softplus equals max(z, 0) to double
            # precision (log1p(exp(-40)) ~ 4e-18), so y is clipped there.
            y = np.clip(z, -1000.0 * smoothing, 40.0 * smoothing) / smoothing
            rho = np.where(z >= 40.0 * smoothing, z, smoothing * np.logaddexp(0.0, y))
            sigmoid = np.exp(np.minimum(y, 0.0)) / (1.0 + np.exp(-np.abs(y)))
            # rho'/rho = sigmoid(y)/rho -> 1/smoothing for y -> -inf (relative
            # error ~ exp(y)/2); that limit is used below y = -30, where both
            # are close to underflow.
            safe_rho = np.where(rho > 0, rho, 1.0)
            log_slope = np.where(y < -30.0, 1.0 / smoothing, sigmoid / safe_rho)
        else:
            rho = np.maximum(z, 0.0)
            safe_rho = np.where(rho > 0, rho, 1.0)
            log_slope = np.where(rho > 0, 1.0 / safe_rho, 0.0)
        firing = rho > 0
        big = safe_rho >= 1.0
        log_term = np.where(big, np.log1p(1.0 / np.where(big, safe_rho, 1.0)),
                            np.log1p(safe_rho) - np.log(safe_rho))
        rate = np.where(firing, 1.0 / (t_ref + tau_m * log_term), 0.0)
        # r**2 tau_m rho'/(rho (1 + rho)), ordered so that no factor overflows.
        slope = np.where(firing, (rate * log_slope) * (rate * tau_m / (1.0 + safe_rho)), 0.0)
    return rate, slope


@dataclass(frozen=True)
class LIFRateActivation(Activation):
    """An :class:`~neurosim.ann.Activation` that is the rate curve of a LIF neuron.

    Made by :func:`soft_lif`; it is a plain numpy activation for the MLP and
    remembers the neuron (``neuron``) it stands for, which :func:`convert`
    uses.  ``params`` holds ``tau_m`` and ``t_ref`` (s), ``r_max`` (Hz) and
    ``smoothing`` as floats.
    """

    neuron: LIFParams | None = None

    def __post_init__(self):
        super().__post_init__()
        if not isinstance(self.neuron, LIFParams):
            raise UnitError(f"neuron: expected LIFParams, got {type(self.neuron).__name__}")

    @property
    def r_max(self) -> Quantity:
        """The rate of activation 1 (Quantity, Hz)."""
        return self.params["r_max"] * Hz

    @property
    def smoothing(self) -> float:
        return self.params["smoothing"]

    def rate(self, drive) -> Quantity:
        """The firing rate ``f(drive) * r_max`` (Quantity, Hz)."""
        return self.f(drive) * self.r_max

    def __reduce__(self):
        # f and df are closures, which pickle cannot store: rebuild from the factory.
        return (_rebuild_soft_lif, (self.neuron, self.params["smoothing"], self.params["r_max"]))


def _rebuild_soft_lif(neuron, smoothing, r_max_hz):
    return soft_lif(neuron, smoothing=smoothing, r_max=r_max_hz * Hz)


def soft_lif(params: LIFParams, *, smoothing: float = 0.02, r_max=None) -> LIFRateActivation:
    """The (soft) LIF rate curve as an activation: rate in units of ``r_max`` against drive.

    Parameters
    ----------
    params : LIFParams
        The neuron each hidden unit will become.
    smoothing : float
        Smoothing ``gamma >= 0`` of the threshold, in drive units.  0 gives the
        exact LIF rate (whose slope is unbounded at threshold, so it trains
        badly); the default 0.02 smooths over 2 % of ``V_th - V_reset``.
    r_max : Quantity (frequency), optional
        The rate of activation 1; default ``1 / t_ref``, the rate the neuron
        approaches for very large currents (needed when ``t_ref = 0``).

    Returns
    -------
    LIFRateActivation
        Named ``"soft_lif"`` (``"lif"`` when ``smoothing == 0``), with::

            f(z)  = r(z) / r_max
            r(z)  = 1 / (t_ref + tau_m * ln(1 + 1/rho(z)))   (0 where rho = 0)
            rho(z) = gamma * ln(1 + exp(z / gamma))          (max(z, 0) if gamma = 0)
            f'(z) = r**2 * tau_m * rho'(z) / (rho * (1 + rho)) / r_max
            rho'(z) = 1 / (1 + exp(-z / gamma))

    Raises
    ------
    ParameterError
        If ``smoothing`` is negative or not finite, or ``r_max`` is not > 0,
        or ``t_ref = 0`` without ``r_max``.
    UnitError
        If ``params`` is not LIFParams or ``r_max`` is not a frequency.

    Notes
    -----
    The drive ``z`` is the unit's net input; :func:`drive_to_current` gives
    the current that produces it, so that ``soft_lif(p, smoothing=0)(z) *
    r_max == lif_rate(drive_to_current(z, p), p)``.  Replacing ``z`` by the
    softplus ``rho(z)`` is the "soft LIF" of Hunsberger & Eliasmith (2015):
    the curve keeps its shape away from threshold and gains a bounded
    derivative at threshold.  The slope follows from
    ``d/dz ln(1 + 1/rho) = -rho'/(rho (1 + rho))``.  Values and slopes are
    computed without overflow or warnings for ``|z| <= 1e300``.

    References
    ----------
    Hunsberger, E. & Eliasmith, C. (2015). Spiking deep networks with LIF
    neurons. arXiv:1510.08829 (the soft LIF response function).
    Gerstner, W. et al. (2014). *Neuronal Dynamics*, §1.3.2, Eq. (1.15).
    """
    params = brian2_tools.check_params(params)
    if isinstance(smoothing, bool) or not isinstance(smoothing, numbers.Real) \
            or not math.isfinite(smoothing) or smoothing < 0:
        raise ParameterError(f"smoothing: must be a finite number >= 0, got {smoothing!r}")
    if r_max is None:
        if not params.t_ref > 0 * ms:
            raise ParameterError("r_max: needed when t_ref = 0 ms (the default r_max is 1/t_ref)")
        r_max = 1 / params.t_ref
    check_quantity(r_max, "r_max", Hz)
    if getattr(r_max, "shape", ()) != () or not r_max > 0 * Hz:
        raise ParameterError(f"r_max: must be a single frequency > 0 Hz, got {r_max}")

    tau_m, t_ref = float(params.tau_m / second), float(params.t_ref / second)
    r_max_hz, gamma = float(r_max / Hz), float(smoothing)

    def f(z):
        return _rate_and_slope(z, tau_m, t_ref, gamma)[0] / r_max_hz

    def df(z):
        return _rate_and_slope(z, tau_m, t_ref, gamma)[1] / r_max_hz

    return LIFRateActivation(
        "soft_lif" if gamma > 0 else "lif", f, df,
        {"tau_m": tau_m, "t_ref": t_ref, "r_max": r_max_hz, "smoothing": gamma},
        kinks=() if gamma > 0 else (0.0,), neuron=params,
    )


# --------------------------------------------------------------------------
# From a trained MLP to a spiking network.


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
        return tuple(self.mlp.layers)

    @property
    def n_hidden_layers(self) -> int:
        return len(self.neurons)

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
    if not isinstance(mlp, MLP):
        raise UnitError(f"mlp: expected a fitted neurosim.ann.MLP, got {type(mlp).__name__}")
    if not hasattr(mlp, "weights_"):
        raise NotFittedError(
            "mlp: the network is not fitted yet; call mlp.fit(X, y) before convert()")
    n_hidden = len(mlp.layers) - 2
    if n_hidden < 1:
        raise ParameterError(
            f"mlp: needs at least one hidden layer of LIF units, got layers={list(mlp.layers)}")
    for layer, act in enumerate(mlp.activations_[:-1], start=1):
        if not isinstance(act, LIFRateActivation):
            raise ParameterError(
                f"mlp: hidden layer {layer} uses the activation {act.name!r}, which has no spiking "
                "counterpart in this conversion; only the LIF rate curve maps onto LIF neurons: "
                "train with activation=soft_lif(params)")
    for layer, (W, b) in enumerate(zip(mlp.weights_, mlp.biases_)):
        if not (np.all(np.isfinite(W)) and np.all(np.isfinite(b))):
            raise ParameterError(f"mlp: the weights or biases of layer {layer} contain NaN or "
                                 "infinite values (did training diverge?)")
    check_quantity(tau_syn, "tau_syn", second)
    if getattr(tau_syn, "shape", ()) != () or not tau_syn > 0 * ms:
        raise ParameterError(f"tau_syn: must be a single time > 0 ms, got {tau_syn}")

    hidden = mlp.activations_[:-1]
    neurons = tuple(act.neuron for act in hidden)
    r_max = np.array([act.params["r_max"] for act in hidden]) * Hz
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


# --------------------------------------------------------------------------
# Results.


@dataclass(frozen=True, eq=False)
class Raster:
    """Spikes of every hidden neuron during one presentation.

    Attributes
    ----------
    pattern : int
        Index of the input pattern (row of ``X``).
    times : tuple of Quantity (time)
        Spike times, one array per hidden layer.
    units : tuple of ndarray of int
        The unit (0 .. n_l - 1) of each spike, one array per hidden layer.
    sizes : tuple of int
        Units per hidden layer.
    """

    pattern: int
    times: tuple
    units: tuple
    sizes: tuple

    def until(self, presentation) -> "Raster":
        """The spikes before ``presentation``."""
        keep = [np.asarray(t / second) < float(presentation / second) for t in self.times]
        return Raster(self.pattern, tuple(t[k] for t, k in zip(self.times, keep)),
                      tuple(u[k] for u, k in zip(self.units, keep)), self.sizes)


@dataclass(frozen=True, eq=False)
class ConversionResult:
    """The MLP and its spiking version on the same inputs, after one presentation.

    Attributes
    ----------
    presentation : Quantity (time)
        How long each input was presented.
    dt : Quantity (time)
    ann_activations : tuple of ndarray
        Hidden activations of the MLP, one ``(n_patterns, n_l)`` array per
        hidden layer (units of ``r_max``).
    snn_activations : tuple of ndarray
        Spike count / (presentation * r_max) of the same units.
    spike_counts : tuple of ndarray of int
    ann_drive, snn_drive : ndarray, shape (n_patterns, n_outputs)
        Net input of the output layer: computed by the MLP, and read from the
        spiking readout.
    ann_output, snn_output : ndarray, shape (n_patterns, n_outputs)
        The output activation applied to each drive.
    ann_predictions, snn_predictions : ndarray, shape (n_patterns,)
        Class labels by the MLP's decision rule (``MLP.predict``).
    labels : ndarray or None
        True labels, when given.
    r_max : Quantity (frequency)
        Per hidden layer.
    rasters : tuple of Raster
        Spikes of each recorded pattern (see ``record`` of :func:`run_spiking`).
    checkpoints : tuple of ConversionResult
        The same network read at earlier times (ascending), the last one being
        this result; empty for a result that is itself a checkpoint.
    settings : dict
        Everything needed to repeat the run (JSON-ready).
    seconds : float
        Wall-clock time of the Brian2 run.
    """

    presentation: Quantity
    dt: Quantity
    ann_activations: tuple
    snn_activations: tuple
    spike_counts: tuple
    ann_drive: np.ndarray
    snn_drive: np.ndarray
    ann_output: np.ndarray
    snn_output: np.ndarray
    ann_predictions: np.ndarray
    snn_predictions: np.ndarray
    labels: np.ndarray | None
    r_max: Quantity
    rasters: tuple = ()
    checkpoints: tuple = ()
    settings: dict = field(default_factory=dict)
    seconds: float = 0.0

    def __len__(self) -> int:
        return len(self.ann_predictions)

    @property
    def raster(self) -> Raster | None:
        """The spikes of the first recorded pattern (None if none was recorded)."""
        return self.rasters[0] if self.rasters else None

    @property
    def snn_rates(self) -> tuple:
        """Firing rates (Quantity, Hz), one array per hidden layer."""
        return tuple(a * r for a, r in zip(self.snn_activations, self.r_max))

    @property
    def agreement(self) -> float:
        """Fraction of patterns where the spiking network predicts what the MLP predicts."""
        return float(np.mean(self.snn_predictions == self.ann_predictions))

    @property
    def ann_accuracy(self) -> float | None:
        """Fraction of patterns the MLP classifies correctly (None without labels)."""
        return None if self.labels is None else float(np.mean(self.ann_predictions == self.labels))

    @property
    def snn_accuracy(self) -> float | None:
        """Fraction of patterns the spiking network classifies correctly (None without labels)."""
        return None if self.labels is None else float(np.mean(self.snn_predictions == self.labels))

    @property
    def correlation(self) -> tuple:
        """Pearson correlation of ANN activation and spiking rate, per hidden layer (all units)."""
        return tuple(_pearson(a.ravel(), s.ravel())
                     for a, s in zip(self.ann_activations, self.snn_activations))

    @property
    def max_abs_error(self) -> tuple:
        """Largest ``|snn - ann|`` activation (units of ``r_max``), per hidden layer."""
        return tuple(float(np.max(np.abs(s - a)))
                     for a, s in zip(self.ann_activations, self.snn_activations))

    def at(self, presentation) -> "ConversionResult":
        """The result read at checkpoint ``presentation`` (one of ``checkpoints``)."""
        check_quantity(presentation, "presentation", second)
        for result in self.checkpoints or (self,):
            if abs(float((result.presentation - presentation) / self.dt)) < 0.5:
                return result
        known = ", ".join(format_quantity(r.presentation, ms) for r in self.checkpoints or (self,))
        raise ParameterError(f"presentation: {format_quantity(presentation, ms)} is not a "
                             f"checkpoint of this run ({known})")

    def latency_table(self) -> list[dict]:
        """Agreement, accuracies and correlation at every checkpoint (JSON-ready rows)."""
        rows = []
        for result in self.checkpoints or (self,):
            rows.append({
                "presentation_ms": float(result.presentation / ms),
                "agreement": result.agreement,
                "ann_accuracy": result.ann_accuracy,
                "snn_accuracy": result.snn_accuracy,
                "correlation": list(result.correlation),
                "max_abs_error": list(result.max_abs_error),
            })
        return rows

    def summary(self) -> dict:
        """The headline numbers (JSON-ready)."""
        return {
            "n_patterns": len(self),
            "presentation": format_quantity(self.presentation, ms),
            "ann_accuracy": self.ann_accuracy,
            "snn_accuracy": self.snn_accuracy,
            "agreement": self.agreement,
            "correlation": list(self.correlation),
            "max_abs_error": list(self.max_abs_error),
            "peak_rate_Hz": [float(np.max(np.asarray(r / Hz), initial=0.0))
                             for r in self.snn_rates],
            "run_seconds": self.seconds,
        }


def _pearson(a, b) -> float:
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    a, b = a - a.mean(), b - b.mean()
    norm = math.sqrt(float(a @ a) * float(b @ b))
    return float(a @ b / norm) if norm > 0 else float("nan")


# --------------------------------------------------------------------------
# Running the spiking network.


def check_presentation(snn: SpikingMLP, X, presentation, dt=0.1 * ms) -> Quantity:
    """Check that a presentation is long enough to resolve the rates of ``X``.

    Parameters
    ----------
    snn : SpikingMLP
    X : array_like, shape (n_patterns, n_inputs)
    presentation, dt : Quantity (time)

    Returns
    -------
    Quantity
        ``presentation``.

    Raises
    ------
    ParameterError
        If ``presentation < 10*dt`` or ``presentation * r_peak < MIN_SPIKES``,
        where ``r_peak`` is the largest rate the MLP asks of any hidden unit
        on ``X`` (the message gives the shortest presentation that works), or
        no hidden unit is active at all.

    Notes
    -----
    A spike count over ``T`` resolves a rate to ``1/T``; the check keeps that
    quantisation below ``1/MIN_SPIKES`` of the largest rate involved.
    """
    X = _check_X(snn, X)
    check_quantity(presentation, "presentation", second)
    if getattr(presentation, "shape", ()) != ():
        raise ParameterError(f"presentation: must be a single time, got shape {presentation.shape}")
    brian2_tools.check_duration(presentation, dt)
    hidden = snn.mlp.layer_outputs(X)[:-1]
    peak = max(float(np.max(a)) * float(r / Hz) for a, r in zip(hidden, snn.r_max))
    if not peak > 0:
        raise ParameterError("X: no hidden unit fires for any of these inputs; the spiking "
                             "network has nothing to count")
    needed = MIN_SPIKES / peak
    if float(presentation / second) < needed * (1 - 1e-9):
        raise ParameterError(
            f"presentation: {format_quantity(presentation, ms)} is too short for the rates "
            f"involved: the most active hidden unit fires at {peak:.4g} Hz, and a rate is "
            f"resolved to 1/{MIN_SPIKES} only with >= {MIN_SPIKES} spikes, i.e. presentation "
            f">= {needed * 1000:.4g} ms")
    return presentation


def _check_X(snn, X) -> np.ndarray:
    n_inputs = snn.layers[0]
    try:
        X = np.asarray(X, dtype=float)
    except (TypeError, ValueError):
        raise ParameterError(f"X: expected an array of numbers, got {X!r}") from None
    if X.ndim != 2 or X.shape[1] != n_inputs or X.shape[0] == 0:
        raise ParameterError(f"X: expected shape (n_patterns, {n_inputs}) with n_patterns >= 1, "
                             f"got {X.shape}")
    if not np.all(np.isfinite(X)):
        raise ParameterError("X: contains NaN or infinite values")
    return X


def _check_labels(y, n):
    if y is None:
        return None
    try:
        y = np.asarray(y, dtype=float)
    except (TypeError, ValueError):
        raise ParameterError(f"y: expected numeric labels, got {y!r}") from None
    if y.ndim == 2 and y.shape[1] > 1:
        y = np.argmax(y, axis=1)
    y = y.reshape(-1)
    if y.shape[0] != n:
        raise ParameterError(f"y: has {y.shape[0]} labels but X has {n} patterns")
    if not np.all(np.isfinite(y)):
        raise ParameterError("y: contains NaN or infinite values")
    return y


def _check_record(record, n_patterns) -> tuple:
    if record is None:
        return ()
    indices = [record] if isinstance(record, numbers.Integral) and not isinstance(record, bool) \
        else list(record) if isinstance(record, (list, tuple, np.ndarray, range)) else None
    if indices is None or not all(isinstance(k, numbers.Integral) and not isinstance(k, bool)
                                  and 0 <= k < n_patterns for k in indices):
        raise ParameterError(f"record: must be None, a pattern index or a list of indices in "
                             f"[0, {n_patterns}), got {record!r}")
    return tuple(dict.fromkeys(int(k) for k in indices))


def _check_checkpoints(checkpoints, presentation, dt) -> list[int]:
    """Checkpoint step counts, ascending, ending with the presentation's."""
    total = int(round(float(presentation / dt)))
    steps = {total}
    for k, value in enumerate(checkpoints):
        check_quantity(value, f"checkpoints[{k}]", second)
        n = int(round(float(value / dt)))
        if not 1 <= n <= total:
            raise ParameterError(
                f"checkpoints[{k}]: must be in (0, presentation = {presentation}], got {value}")
        steps.add(n)
    return sorted(steps)


def run_spiking(snn: SpikingMLP, X, y=None, *, presentation=200 * ms, dt=0.1 * ms,
                checkpoints=(), record=0, target: str = "numpy") -> ConversionResult:
    """Present every row of ``X`` to its own copy of the spiking network, in one Brian2 run.

    Parameters
    ----------
    snn : SpikingMLP
        From :func:`convert`.
    X : array_like, shape (n_patterns, n_inputs)
        Inputs, finite.
    y : array_like, shape (n_patterns,), optional
        Labels, for the accuracies.
    presentation : Quantity (time)
        How long each input is presented; see :func:`check_presentation`.
    dt : Quantity (time)
        Time step, in ``(0, tau_m/10]`` for every hidden neuron.
    checkpoints : sequence of Quantity (time)
        Earlier times at which the same run is also read out (e.g. 50, 100
        ms): the accuracy/latency trade-off without extra runs.
    record : int, sequence of int, or None
        Pattern(s) whose spikes are recorded (:attr:`ConversionResult.rasters`);
        None records none (fastest, e.g. for a grid of points).
    target : {"numpy", "cython"}
        Brian2 code generation.

    Returns
    -------
    ConversionResult

    Raises
    ------
    ParameterError, UnitError
        Bad shapes, units or ranges (each message names the argument).

    Notes
    -----
    Every layer is one ``NeuronGroup`` with ``n_patterns * n_l`` neurons
    (neuron ``p * n_l + k`` is unit ``k`` of copy ``p``); synapses connect
    only neurons of the same copy.  Each neuron starts at ``V_reset``, not
    refractory, and counts its spikes in its reset statement.  The simulation
    is deterministic (no noise), so no seed is involved.

    Accuracy: a count over ``T`` resolves a rate to ``1/T`` (activation
    ``1/(T r_max)``); spikes lie on the time grid, which shortens each
    interval by k ``dt``, f <= k <= 1 + f with f = frac(t_ref/dt) (rate error ``~ r**2 dt``, see ``docs/bio.md``).
    """
    if not isinstance(snn, SpikingMLP):
        raise UnitError(f"snn: expected a SpikingMLP from convert(), got {type(snn).__name__}")
    X = _check_X(snn, X)
    n_patterns = X.shape[0]
    labels = _check_labels(y, n_patterns)
    check_quantity(dt, "dt", second)
    for neuron in snn.neurons:
        brian2_tools.check_dt(dt, neuron)
    presentation = check_presentation(snn, X, presentation, dt)
    steps = _check_checkpoints(checkpoints, presentation, dt)
    record = _check_record(record, n_patterns)
    if target not in RUN_TARGETS:
        raise ParameterError(f"target: must be one of {', '.join(RUN_TARGETS)}; got {target!r}")

    started = time.perf_counter()
    snapshots, rasters = _simulate(snn, X, steps, dt, record, target)
    seconds = time.perf_counter() - started

    mlp = snn.mlp
    hidden_ann = mlp.layer_outputs(X)[:-1]
    ann_drive = hidden_ann[-1] @ mlp.weights_[-1] + mlp.biases_[-1]
    output_act = mlp.activations_[-1]
    ann_output = output_act.f(ann_drive)
    ann_predictions = mlp.decide(ann_output)
    settings = {
        **snn.settings(), "n_patterns": n_patterns,
        "presentation": format_quantity(presentation, ms),
        "dt": format_quantity(dt, ms), "checkpoints": [format_quantity(n * dt, ms) for n in steps],
        "initial_state": "v = V_reset, not refractory", "target": target,
    }
    results = []
    for n_steps, (counts, charge) in zip(steps, snapshots):
        window = n_steps * dt
        window_s = float(window / second)
        snn_activations = tuple(c / (window_s * float(r / Hz)) for c, r in zip(counts, snn.r_max))
        snn_drive = charge / (float(snn.readout_unit / amp) * window_s) + snn.readout_bias
        snn_output = output_act.f(snn_drive)
        results.append(ConversionResult(
            presentation=window, dt=dt, ann_activations=tuple(hidden_ann),
            snn_activations=snn_activations, spike_counts=tuple(counts), ann_drive=ann_drive,
            snn_drive=snn_drive, ann_output=ann_output, snn_output=snn_output,
            ann_predictions=ann_predictions, snn_predictions=mlp.decide(snn_output),
            labels=labels, r_max=snn.r_max,
            rasters=tuple(r.until(window) for r in rasters),
            settings={**settings, "presentation": format_quantity(window, ms)}, seconds=seconds,
        ))
    final = results[-1]
    return ConversionResult(**{**final.__dict__, "checkpoints": tuple(results)})


_HIDDEN_FIRST = brian2_tools.LIF_EQUATION + """
I : amp (constant)
n_spikes : integer
"""

_HIDDEN_DEEP = brian2_tools.LIF_EQUATION + """
I = I_bias + I_syn : amp
dI_syn/dt = -I_syn / tau_syn : amp
I_bias : amp (constant)
n_spikes : integer
"""

_RESET = """
v = V_reset
n_spikes += 1
"""


def _connect(pre, post, weights, n_patterns, name, on_pre, namespace):
    """Synapses from every unit to every unit of the same copy, weight per synapse (coulomb)."""
    n_pre, n_post = weights.shape
    copies = np.arange(n_patterns)[:, None, None]
    i = (copies * n_pre + np.arange(n_pre)[None, :, None]) + np.zeros((1, 1, n_post), dtype=int)
    j = (copies * n_post + np.arange(n_post)[None, None, :]) + np.zeros((1, n_pre, 1), dtype=int)
    syn = brian2.Synapses(pre, post, "w : coulomb (constant)", on_pre=on_pre, name=name,
                          namespace=namespace)
    syn.connect(i=i.ravel(), j=j.ravel())
    w = np.broadcast_to(np.asarray(weights / coulomb, dtype=float)[None],
                        (n_patterns, n_pre, n_post))
    syn.w_ = w.ravel()
    return syn


def _simulate(snn, X, steps, dt, record, target):
    """Build and run the network; return per-checkpoint (counts, readout charge) and the rasters."""
    n_patterns = X.shape[0]
    sizes = snn.layers[1:-1]
    n_out = snn.layers[-1]
    first_currents = (X @ np.asarray(snn.input_currents / amp)
                      + np.asarray(snn.bias_currents[0] / amp))
    with brian2_tools.quiet_brian(), brian2_tools.codegen_target(target):
        groups, objects, monitors = [], [], []
        for layer, (neuron, size) in enumerate(zip(snn.neurons, sizes)):
            namespace = {**neuron.namespace(), "tau_syn": snn.tau_syn}
            group = brian2.NeuronGroup(
                n_patterns * size, _HIDDEN_FIRST if layer == 0 else _HIDDEN_DEEP,
                threshold="v > V_th", reset=_RESET, refractory="t_ref", method="exact", dt=dt,
                name=f"convert_hidden{layer + 1}", namespace=namespace)
            group.v_ = float(neuron.V_reset / brian2.volt)
            if layer == 0:
                group.I_ = first_currents.ravel()
            else:
                group.I_bias_ = np.tile(np.asarray(snn.bias_currents[layer] / amp), n_patterns)
            groups.append(group)
            objects.append(group)
            if record:
                # One monitor over the span of recorded copies (split by pattern below).
                monitor = brian2.SpikeMonitor(group[min(record) * size:(max(record) + 1) * size],
                                              name=f"convert_raster{layer + 1}")
                monitors.append(monitor)
                objects.append(monitor)
        readout = brian2.NeuronGroup(n_patterns * n_out, "charge : coulomb", dt=dt,
                                     name="convert_readout")
        objects.append(readout)
        for layer, weights in enumerate(snn.synaptic_weights):
            last = layer == len(snn.synaptic_weights) - 1
            post = readout if last else groups[layer + 1]
            on_pre = "charge_post += w" if last else "I_syn_post += w / tau_syn"
            objects.append(_connect(groups[layer], post, weights, n_patterns,
                                    f"convert_synapses{layer + 1}", on_pre,
                                    {"tau_syn": snn.tau_syn}))
        net = brian2.Network(*objects, name="convert_network")
        snapshots, done = [], 0
        for n_steps in steps:
            net.run((n_steps - done) * dt, namespace={})
            done = n_steps
            counts = [np.array(g.n_spikes[:], dtype=int).reshape(n_patterns, size)
                      for g, size in zip(groups, sizes)]
            charge = np.array(readout.charge_[:], dtype=float).reshape(n_patterns, n_out)
            snapshots.append((counts, charge))
        spikes = [(np.array(m.t_[:], dtype=float), np.array(m.i[:], dtype=int)) for m in monitors]
    rasters = []
    for pattern in record:
        times, units = [], []
        for (t, i), size in zip(spikes, sizes):
            copy_index = i // size + min(record)
            mine = copy_index == pattern
            times.append(t[mine] * second)
            units.append(i[mine] % size)
        rasters.append(Raster(pattern, tuple(times), tuple(units), tuple(sizes)))
    return snapshots, tuple(rasters)


# --------------------------------------------------------------------------
# The standard experiment: train, convert, run test set and grid.

#: Training recipe and data of each data set of :func:`conversion_experiment`.
#: XOR uses the article's 2-4-1 shape; the noisier moons (0.2, not the
#: default 0.1) put more test points near the boundary, where spiking and
#: artificial networks can disagree.  Cross-entropy loss throughout.
DATASETS = {
    "xor": {"data": {}, "layers": (2, 4, 1),
            "training": {"learning_rate": 2.0, "epochs": 2000}},
    "moons": {"data": {"n_samples": 200, "noise": 0.2}, "layers": (2, 16, 1),
              "training": {"learning_rate": 0.1, "epochs": 300, "batch_size": 16, "momentum": 0.9}},
    "circles": {"data": {"n_samples": 200, "noise": 0.1, "factor": 0.5}, "layers": (2, 16, 1),
                "training": {"learning_rate": 0.1, "epochs": 300, "batch_size": 16,
                             "momentum": 0.9}},
}

#: Presentation times at which :func:`conversion_experiment` reads the test
#: set (the accuracy/latency trade-off), from a single run.
LATENCY_CHECKPOINTS = (5 * ms, 10 * ms, 20 * ms, 50 * ms, 100 * ms, 200 * ms, 500 * ms)


@dataclass(frozen=True, eq=False)
class DecisionGrid:
    """ANN and SNN outputs on a square grid of 2-D inputs (for decision boundaries).

    Attributes
    ----------
    points : ndarray, shape (resolution**2, 2)
        Grid points, row-major as ``np.meshgrid`` (x varies fastest).
    resolution : int
    margin : float
        Space added around the data on every side (data units).
    result : ConversionResult
        Both networks on ``points`` (one Brian2 run).
    """

    points: np.ndarray
    resolution: int
    margin: float
    result: ConversionResult


def decision_grid_points(X, resolution: int, margin: float) -> np.ndarray:
    """The grid :func:`neurosim.plotting.ann.plot_decision_boundary` evaluates for ``X``.

    ``resolution`` points per axis from ``min - margin`` to ``max + margin``,
    flattened row-major (shape ``(resolution**2, 2)``).
    """
    return datasets.grid_points(X, resolution, margin)


@dataclass(frozen=True, eq=False)
class ConversionExperiment:
    """A trained MLP, its spiking version, and both on a test set and a grid.

    Attributes
    ----------
    dataset : str
    seed : int
        Seed of the training data (test data: ``seed + 1``) and of the weights.
    mlp : MLP
    snn : SpikingMLP
    X_train, y_train, X_test, y_test : ndarray
    result : ConversionResult
        The test set after ``presentation``.
    latency : ConversionResult
        The test set read at every time of ``LATENCY_CHECKPOINTS`` (one run).
    grid : DecisionGrid or None
    settings : dict
        JSON-ready: data set, training recipe, neuron, presentation, dt, ...
    seconds : dict
        Wall-clock seconds of training and of each Brian2 run.
    """

    dataset: str
    seed: int
    mlp: MLP
    snn: SpikingMLP
    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    result: ConversionResult
    latency: ConversionResult
    grid: DecisionGrid | None
    settings: dict
    seconds: dict

    def summary(self) -> dict:
        """Headline numbers, the latency table and the settings (JSON-ready)."""
        return {
            "dataset": self.dataset,
            **self.result.summary(),
            "n_train": len(self.X_train),
            "latency": self.latency.latency_table(),
            "settings": self.settings,
            "seconds": self.seconds,
        }


def train_lif_mlp(dataset: str = "moons", *, seed: int = 0, params: LIFParams | None = None,
                  smoothing: float = 0.02):
    """Train the MLP of :data:`DATASETS` with LIF-rate hidden units.

    Parameters
    ----------
    dataset : {"xor", "moons", "circles"}
    seed : int
        Seed (>= 0) of the weights and the training data; the test data use ``seed + 1``.
    params : LIFParams, optional
        The hidden neurons; default the ``neuronal_dynamics`` preset.
    smoothing : float
        Of :func:`soft_lif`.

    Returns
    -------
    mlp : MLP
    (X_train, y_train, X_test, y_test) : tuple of ndarray
        For XOR both sets are the four points.
    """
    from neurosim.ann import datasets
    from neurosim.bio.presets import load_preset

    if dataset not in DATASETS:
        raise ParameterError(f"dataset: must be one of {', '.join(DATASETS)}, got {dataset!r}")
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) \
            or not 0 <= seed < 2**32 - 1:
        raise ParameterError(f"seed: must be an integer in [0, 2**32 - 1), got {seed!r}")
    params = load_preset("neuronal_dynamics") if params is None else brian2_tools.check_params(params)
    recipe = DATASETS[dataset]
    make = getattr(datasets, dataset)
    if dataset == "xor":
        X_train, y_train = make()
        X_test, y_test = X_train, y_train
    else:
        X_train, y_train = make(**recipe["data"], seed=int(seed))
        X_test, y_test = make(**recipe["data"], seed=int(seed) + 1)
    mlp = MLP(recipe["layers"], activation=soft_lif(params, smoothing=smoothing),
              output_activation="sigmoid", loss="bce", seed=int(seed), **recipe["training"])
    mlp.fit(X_train, y_train)
    return mlp, (X_train, y_train, X_test, y_test)


def conversion_experiment(dataset: str = "moons", *, seed: int = 0, params: LIFParams | None = None,
                          smoothing: float = 0.02, presentation=200 * ms, dt=0.1 * ms,
                          checkpoints=LATENCY_CHECKPOINTS, grid: int | None = 40,
                          margin: float = 0.5, target: str = "numpy") -> ConversionExperiment:
    """Train an MLP with LIF-rate units, convert it, and compare both networks.

    Parameters
    ----------
    dataset : {"xor", "moons", "circles"}
    seed : int
        See :func:`train_lif_mlp`.
    params : LIFParams, optional
        Hidden neurons (default preset ``neuronal_dynamics``).
    smoothing : float
        Of :func:`soft_lif`.
    presentation : Quantity (time)
        Presentation of the headline result and of the grid.
    dt : Quantity (time)
    checkpoints : sequence of Quantity (time)
        Times of the latency table; the test set is run once, for the longest
        of these and ``presentation``, and read at each.
    grid : int or None
        Points per axis of the decision-boundary grid (>= 2; one Brian2 run
        for all ``grid**2`` points); None skips it.
    margin : float
        Space around the data in the grid (data units, >= 0).
    target : {"numpy", "cython"}

    Returns
    -------
    ConversionExperiment
    """
    if grid is not None and (isinstance(grid, bool) or not isinstance(grid, numbers.Integral)
                             or grid < 2):
        raise ParameterError(f"grid: must be None or an integer >= 2, got {grid!r}")
    if isinstance(margin, bool) or not isinstance(margin, numbers.Real) \
            or not math.isfinite(margin) or margin < 0:
        raise ParameterError(f"margin: must be a finite number >= 0, got {margin!r}")
    started = time.perf_counter()
    mlp, (X_train, y_train, X_test, y_test) = train_lif_mlp(dataset, seed=seed, params=params,
                                                            smoothing=smoothing)
    seconds = {"training": time.perf_counter() - started}
    snn = convert(mlp)
    check_quantity(presentation, "presentation", second)
    check_presentation(snn, X_test, presentation, dt)
    times = [presentation, *checkpoints]
    for k, value in enumerate(checkpoints):
        check_quantity(value, f"checkpoints[{k}]", second)
    longest = max(times, key=lambda t: float(t / second))
    latency = run_spiking(snn, X_test, y_test, presentation=longest, dt=dt, checkpoints=times,
                          record=list(range(min(4, len(X_test)))), target=target)
    seconds["test_run"] = latency.seconds
    result = latency.at(presentation)
    decision = None
    if grid is not None:
        points = decision_grid_points(X_test, int(grid), float(margin))
        grid_result = run_spiking(snn, points, presentation=presentation, dt=dt, record=None,
                                  target=target)
        seconds["grid_run"] = grid_result.seconds
        decision = DecisionGrid(points, int(grid), float(margin), grid_result)
    recipe = DATASETS[dataset]
    settings = {
        "dataset": dataset, "data": dict(recipe["data"]), "seed": int(seed),
        "test_seed": int(seed) + (0 if dataset == "xor" else 1),
        "training": {"loss": "bce", "output_activation": "sigmoid", "init": mlp.init,
                     **recipe["training"]},
        **result.settings, "smoothing": smoothing,
        "grid": grid, "margin": margin,
    }
    return ConversionExperiment(
        dataset=dataset, seed=int(seed), mlp=mlp, snn=snn, X_train=X_train, y_train=y_train,
        X_test=X_test, y_test=y_test, result=result, latency=latency, grid=decision,
        settings=settings, seconds=seconds)
