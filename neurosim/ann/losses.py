"""Loss functions and their gradients with respect to the prediction.

A loss measures how far a network's predictions ``y_pred`` are from the
targets ``y_true``; training moves the parameters down its gradient.  The
three losses of the article (its section 3.3.2), each averaged over every
entry of the arrays (``n`` = number of entries):

=========  =====================================================  ===========
name       L(y, p)                                                 targets y
=========  =====================================================  ===========
``mse``    ``mean((y - p)**2)``                                     any number
``bce``    ``-mean(y*log(p) + (1 - y)*log(1 - p))``                 in [0, 1]
``hinge``  ``mean(max(0, 1 - y*p))``                                -1 or +1
=========  =====================================================  ===========

For several classes, ``softmax_ce`` is the categorical cross-entropy of the
softmax of the network's outputs (logits, so the output activation is
``linear``): ``-sum(y * log(softmax(p))) / n_samples`` with one-hot targets.

Each is a :class:`Loss`: the raw pair ``f(y, p)`` (a float) and ``df(y, p)``
(``dL/dp``, an array shaped like ``p``), plus :meth:`Loss.value` and
:meth:`Loss.gradient`, which check their inputs first.  The MLP checks its
data once and then calls the raw pair in its training loop.

References
----------
.. [1] Goodfellow, I., Bengio, Y. & Courville, A. (2016). *Deep Learning*,
   sections 5.5 (maximum likelihood, MSE and cross-entropy) and 6.2.2 (output
   units and their losses). MIT Press. https://www.deeplearningbook.org/
.. [2] Bishop, C. M. (2006). *Pattern Recognition and Machine Learning*,
   sections 4.3.2 (cross-entropy error) and 7.1.2 (hinge error). Springer.
.. [3] Cortes, C. & Vapnik, V. (1995). Support-vector networks. *Machine
   Learning* 20, 273-297.
"""

from __future__ import annotations

import types
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from neurosim.errors import DataError, ParameterError, ParameterTypeError
from neurosim.validation import check_finite_array

__all__ = [
    "BCE_EPS",
    "LOSSES",
    "Loss",
    "bce_gradient",
    "bce_loss",
    "binary_cross_entropy",
    "softmax_cross_entropy",
    "softmax_ce_gradient",
    "softmax_ce_loss",
    "get_loss",
    "hinge",
    "hinge_gradient",
    "hinge_loss",
    "mean_squared_error",
    "mse_gradient",
    "mse_loss",
]

#: Binary cross-entropy clips predictions to ``[BCE_EPS, 1 - BCE_EPS]`` before the log.
BCE_EPS = 1e-12


@dataclass(frozen=True)
class Loss:
    """A loss function and its gradient with respect to the prediction.

    Parameters
    ----------
    name : str
        Short name (``"mse"``, ``"bce"``, ``"hinge"``).
    f : callable
        ``f(y_true, y_pred) -> float``, the mean loss.  No input checks.
    df : callable
        ``df(y_true, y_pred) -> array``, ``dL/dy_pred`` with the shape of
        ``y_pred`` (it includes the ``1/n`` of the mean).  No input checks.
    labels : tuple of two float
        The two class labels the loss expects for classification, negative
        first: ``(0, 1)`` or ``(-1, 1)``.
    threshold : float
        A prediction ``>= threshold`` is the positive class.
    check_targets : callable
        ``check_targets(y_true)`` raises :class:`~neurosim.errors.DataError`
        when the targets are outside the loss's range.
    check_predictions : callable
        Same for predictions (e.g. cross-entropy needs them in [0, 1]).
    """

    name: str
    f: Callable[[np.ndarray, np.ndarray], float]
    df: Callable[[np.ndarray, np.ndarray], np.ndarray]
    labels: tuple[float, float]
    threshold: float
    check_targets: Callable[[np.ndarray], None]
    check_predictions: Callable[[np.ndarray], None]

    def _checked(self, y_true, y_pred):
        y_true = check_finite_array(y_true, "y_true")
        y_pred = check_finite_array(y_pred, "y_pred")
        if y_true.shape != y_pred.shape:
            raise DataError(
                f"{self.name} loss: y_true and y_pred must have the same shape, "
                f"got {y_true.shape} and {y_pred.shape}"
            )
        if y_true.size == 0:
            raise DataError(f"{self.name} loss: y_true is empty")
        self.check_targets(y_true)
        self.check_predictions(y_pred)
        return y_true, y_pred

    def value(self, y_true, y_pred) -> float:
        """Return the mean loss after checking shapes, finiteness and ranges."""
        return float(self.f(*self._checked(y_true, y_pred)))

    def gradient(self, y_true, y_pred) -> np.ndarray:
        """Return ``dL/dy_pred`` after checking shapes, finiteness and ranges."""
        return self.df(*self._checked(y_true, y_pred))

    def __call__(self, y_true, y_pred) -> float:
        return self.value(y_true, y_pred)

    def __repr__(self):
        return f"Loss({self.name})"


def _any_values(values):
    return None


def _targets_in_unit_interval(y):
    if np.any((y < 0) | (y > 1)):
        raise DataError(
            "y: binary cross-entropy needs targets in [0, 1], got values from "
            f"{y.min():g} to {y.max():g}"
        )


def _predictions_in_unit_interval(p):
    if np.any((p < 0) | (p > 1)):
        raise DataError(
            "y_pred: binary cross-entropy needs predictions in [0, 1] (use a sigmoid output), "
            f"got values from {p.min():g} to {p.max():g}"
        )


def _signed_labels(y):
    bad = (y != -1) & (y != 1)
    if np.any(bad):
        found = np.unique(y)
        hint = ""
        if np.all((y == 0) | (y == 1)):
            hint = "; labels in {0, 1} can be converted with y = 2*y - 1"
        shown = ", ".join(f"{v:g}" for v in found[:6]) + (", ..." if found.size > 6 else "")
        raise DataError(f"y: hinge loss needs labels in {{-1, +1}}, got {{{shown}}}{hint}")


def mse_loss(y, p):
    """Mean squared error ``L = mean((y - p)**2)`` (no input checks).

    This is the article's formula, without the factor 1/2 some textbooks
    add; for XOR with every output at 0.5 it is 0.25.  Its gradient is
    :func:`mse_gradient`.

    References
    ----------
    .. [1] Goodfellow, Bengio & Courville (2016), *Deep Learning*, section
       5.5.1 (linear regression as maximum likelihood).
    """
    return ((y - p) ** 2).sum() / p.size


def mse_gradient(y, p):
    """``dL/dp = 2*(p - y)/n`` of :func:`mse_loss`, ``n = p.size`` (no input checks)."""
    return 2.0 * (p - y) / p.size


def bce_loss(y, p):
    """Binary cross-entropy ``L = -mean(y*log(p) + (1 - y)*log(1 - p))`` (no checks).

    Predictions are clipped to ``[BCE_EPS, 1 - BCE_EPS]`` (``BCE_EPS =
    1e-12``) first, so ``p`` of exactly 0 or 1 gives a large finite loss (at
    most ``-log(1e-12) = 27.6`` per entry), never ``inf`` or NaN.
    ``log(1 - p)`` is computed as ``log1p(-p)``.

    References
    ----------
    .. [1] Bishop (2006), *Pattern Recognition and Machine Learning*, eq. 4.90.
    .. [2] Goodfellow, Bengio & Courville (2016), *Deep Learning*, section
       6.2.2.2 (sigmoid units for Bernoulli output distributions).
    """
    p = np.clip(p, BCE_EPS, 1.0 - BCE_EPS)
    return -(y * np.log(p) + (1.0 - y) * np.log1p(-p)).sum() / p.size


def bce_gradient(y, p):
    """``dL/dp = (p - y) / (p*(1 - p)) / n`` of :func:`bce_loss` (no input checks).

    Evaluated at the clipped prediction, so it stays finite at ``p = 0`` or
    ``1`` and still points the right way (the clipped function itself would
    have a zero gradient there, which would stall training).
    """
    p = np.clip(p, BCE_EPS, 1.0 - BCE_EPS)
    return (p - y) / (p * (1.0 - p)) / p.size


def hinge_loss(y, p):
    """Hinge loss ``L = mean(max(0, 1 - y*p))`` for labels in {-1, +1} (no checks).

    References
    ----------
    .. [1] Cortes & Vapnik (1995), Support-vector networks, *Machine Learning*
       20, 273-297.
    .. [2] Bishop (2006), *Pattern Recognition and Machine Learning*, eq. 7.44.
    """
    return np.maximum(0.0, 1.0 - y * p).sum() / p.size


def hinge_gradient(y, p):
    """``dL/dp = -y/n`` where ``y*p < 1``, else 0, of :func:`hinge_loss` (no checks).

    At the kink ``y*p = 1`` the loss has no derivative; the sub-gradient 0
    is returned there.
    """
    return np.where(1.0 - y * p > 0, -y, 0.0) / p.size


def _one_hot_targets(y):
    if np.any((y < 0) | (y > 1)):
        raise DataError("y: softmax cross-entropy needs one-hot targets (rows of 0 and 1), got "
                        f"values from {y.min():g} to {y.max():g}")


def _softmax(p):
    """Row-wise softmax, shifted by the row maximum so that no exponential overflows."""
    e = np.exp(p - p.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def softmax_ce_loss(y, p):
    """Categorical cross-entropy of the softmax of logits ``p`` (no input checks).

    ``L = -sum(y * log_softmax(p)) / n_samples``, with ``log_softmax(p) = p -
    max(p) - log(sum(exp(p - max(p))))`` (stable for any finite logits).

    References
    ----------
    .. [1] Bishop (2006), *Pattern Recognition and Machine Learning*, eqs. 4.104 and 4.108.
    .. [2] Goodfellow, Bengio & Courville (2016), *Deep Learning*, section 6.2.2.3
       (softmax units for multinoulli output distributions).
    """
    p = np.atleast_2d(p)
    shifted = p - p.max(axis=-1, keepdims=True)
    log_softmax = shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
    return -(np.atleast_2d(y) * log_softmax).sum() / p.shape[0]


def softmax_ce_gradient(y, p):
    """``dL/dp = (softmax(p) - y) / n_samples`` of :func:`softmax_ce_loss` (no input checks).

    The softmax's Jacobian folded into the loss (Bishop 2006, eq. 4.109), so the
    network's output activation stays the elementwise identity.
    """
    p2 = np.atleast_2d(p)
    return ((_softmax(p2) - np.atleast_2d(y)) / p2.shape[0]).reshape(np.shape(p))


#: Mean squared error, see :func:`mse_loss`; targets may be any finite numbers.
mean_squared_error = Loss(
    "mse", mse_loss, mse_gradient, labels=(0.0, 1.0), threshold=0.5,
    check_targets=_any_values, check_predictions=_any_values,
)

#: Binary cross-entropy, see :func:`bce_loss`; targets and predictions in [0, 1].
binary_cross_entropy = Loss(
    "bce", bce_loss, bce_gradient, labels=(0.0, 1.0), threshold=0.5,
    check_targets=_targets_in_unit_interval, check_predictions=_predictions_in_unit_interval,
)

#: Hinge loss, see :func:`hinge_loss`; labels in {-1, +1}.  Labels in {0, 1}
#: raise an error that says how to convert them (``y = 2*y - 1``); nothing is
#: converted silently.
hinge = Loss(
    "hinge", hinge_loss, hinge_gradient, labels=(-1.0, 1.0), threshold=0.0,
    check_targets=_signed_labels, check_predictions=_any_values,
)

#: Categorical cross-entropy of the softmax of the outputs, see :func:`softmax_ce_loss`;
#: one-hot targets, any finite outputs (logits: use ``output_activation="linear"``).
softmax_cross_entropy = Loss(
    "softmax_ce", softmax_ce_loss, softmax_ce_gradient, labels=(0.0, 1.0), threshold=0.5,
    check_targets=_one_hot_targets, check_predictions=_any_values,
)

#: The built-in losses by name.
LOSSES: Mapping[str, Loss] = types.MappingProxyType({
    "mse": mean_squared_error,
    "bce": binary_cross_entropy,
    "hinge": hinge,
    "softmax_ce": softmax_cross_entropy,
})

_ALIASES = {
    "mean_squared_error": "mse",
    "binary_cross_entropy": "bce",
    "cross_entropy": "bce",
    "log_loss": "bce",
    "categorical_cross_entropy": "softmax_ce",
    "softmax_cross_entropy": "softmax_ce",
}


def get_loss(spec) -> Loss:
    """Return a :class:`Loss` from a name (``"mse"``, ``"bce"``, ``"hinge"``) or a Loss.

    Long names ``"mean_squared_error"``, ``"binary_cross_entropy"`` (also
    ``"cross_entropy"``, ``"log_loss"``) are accepted too.

    Raises
    ------
    ParameterError
        For an unknown name (the message lists the known ones) or another type.
    """
    if isinstance(spec, Loss):
        return spec
    if isinstance(spec, str):
        key = spec.strip().lower().replace("-", "_")
        key = _ALIASES.get(key, key)
        if key in LOSSES:
            return LOSSES[key]
        raise ParameterError(f"loss: unknown name {spec!r}; known: {', '.join(LOSSES)}")
    raise ParameterTypeError(f"loss: expected a name ({', '.join(LOSSES)}) or a Loss, got {spec!r}")
