"""Activation functions as (value, derivative) pairs, registered by name.

An artificial neuron computes ``f(w . x + b)``; ``f`` is its activation
function.  Training by back-propagation also needs the derivative ``f'``, so
every activation here is an :class:`Activation`: a name, the function ``f``,
its derivative ``df`` and the parameters they were built with.

The article's four activations (its section 3.3.1) come with its slope /
scale parameter ``a``:

=================  ==========================  ===============================
name               f(x)                        f'(x)
=================  ==========================  ===============================
``linear``         ``a*x + b``                 ``a``
``exponential``    ``exp(a*x)``                ``a*exp(a*x)``
``sigmoid``        ``1 / (1 + exp(-a*x))``     ``a*f(x)*(1 - f(x))``
``relu``           ``max(0, x)``               ``1 if x > 0 else 0``
=================  ==========================  ===============================

and three more that are common in practice: ``tanh``, ``softplus``
(``log(1 + exp(x))``, a smooth ReLU) and ``leaky_relu`` (``x`` or
``slope*x``).

Every function takes a numpy array (or anything ``np.asarray`` accepts) and
returns a float array of the same shape.  None of them emits a numpy
``RuntimeWarning`` for finite inputs up to ``|x| = 1e4``: the sigmoid, tanh
derivative and softplus use formulas that cannot overflow, and the
exponential raises :class:`ActivationOverflowError` instead of returning
``inf``.

Your own activation is any pair of callables ``(f, df)`` that map an array to
an array of the same shape; :func:`get_activation` wraps it in an
:class:`Activation` (a later part of neurosim plugs in the firing-rate curve
of a leaky integrate-and-fire neuron this way).

References
----------
.. [1] Goodfellow, I., Bengio, Y. & Courville, A. (2016). *Deep Learning*,
   section 6.3 (hidden units). MIT Press. https://www.deeplearningbook.org/
.. [2] Nair, V. & Hinton, G. E. (2010). Rectified linear units improve
   restricted Boltzmann machines. *Proc. ICML*, 807-814.
.. [3] Maas, A. L., Hannun, A. Y. & Ng, A. Y. (2013). Rectifier
   nonlinearities improve neural network acoustic models. *ICML Workshop on
   Deep Learning for Audio, Speech and Language Processing*.
.. [4] Dugas, C., Bengio, Y., Belisle, F., Nadeau, C. & Garcia, R. (2001).
   Incorporating second-order functional knowledge for better option
   pricing. *NIPS 13*, 472-478 (the softplus function).
.. [5] Maechler, M. (2012). Accurately computing log(1 - exp(-|a|)).
   R package Rmpfr vignette (stable evaluation of log(1 + exp(x))).
"""

from __future__ import annotations

import math
import types
from collections.abc import Callable, Mapping

import numpy as np

from neurosim.ann.activation_base import (
    EXP_MAX_ARG,
    Activation,
    ActivationOverflowError,
    _as_float_array,
)
from neurosim.ann.activation_base import FACTORIES as _FACTORIES
from neurosim.errors import NeurosimError, ParameterError, ParameterTypeError
from neurosim.validation import check_real

__all__ = [
    "ACTIVATIONS",
    "Activation",
    "ActivationOverflowError",
    "EXP_MAX_ARG",
    "FACTORIES",
    "exponential",
    "get_activation",
    "leaky_relu",
    "linear",
    "relu",
    "sigmoid",
    "softplus",
    "tanh",
]


def linear(a: float = 1.0, b: float = 0.0) -> Activation:
    """The linear (affine) activation ``f(x) = a*x + b``.

    Parameters
    ----------
    a : float
        Slope, any finite number.
    b : float
        Offset, any finite number.

    Returns
    -------
    Activation
        ``f(x) = a*x + b`` and ``f'(x) = a``.

    Notes
    -----
    A network of linear units is itself linear, whatever its depth, so it
    cannot learn XOR; the article lists it as its first activation [1]_.

    References
    ----------
    .. [1] Goodfellow, Bengio & Courville (2016), *Deep Learning*, section 6.1
       (learning XOR; why a linear model fails).
    """
    a = check_real(a, "linear a")
    b = check_real(b, "linear b")

    def f(x):
        return a * _as_float_array(x) + b

    def df(x):
        return np.full_like(_as_float_array(x), a)

    return Activation("linear", f, df, {"a": a, "b": b})


def exponential(a: float = 1.0) -> Activation:
    """The exponential activation ``f(x) = exp(a*x)``.

    Parameters
    ----------
    a : float
        Rate, any finite number.

    Returns
    -------
    Activation
        ``f(x) = exp(a*x)`` and ``f'(x) = a*exp(a*x)``.

    Raises
    ------
    ActivationOverflowError
        From ``f`` or ``df`` when ``exp(a*x)`` (or ``|a|*exp(a*x)``) would
        exceed the largest float64, i.e. ``a*x > 709.78`` (``EXP_MAX_ARG``).
        The values are not clipped: a clipped exponential would have a wrong,
        zero derivative there and training would silently stall.

    Notes
    -----
    ``exp`` grows without bound, so a network with exponential units can
    overflow when the inputs or weights grow; scale the inputs or lower the
    learning rate if this error appears.  Underflow (``a*x < -745``) gives
    exactly 0, which is harmless.

    References
    ----------
    .. [1] Goodfellow, Bengio & Courville (2016), *Deep Learning*, section 4.1
       (overflow and underflow).
    """
    a = check_real(a, "exponential a")
    # exp(a*x) is finite for a*x <= EXP_MAX_ARG; a*exp(a*x) for a*x <= EXP_MAX_ARG - log|a|.
    df_max_arg = EXP_MAX_ARG - math.log(abs(a)) if a != 0 else math.inf

    def _exp(x, limit, what):
        z = a * _as_float_array(x)
        # np.max, not np.nanmax: a NaN input propagates instead of warning.
        if z.size and np.max(z) > limit:
            worst = float(np.max(z))
            raise ActivationOverflowError(
                f"exponential activation {what}: a*x reaches {worst:.6g}, above {limit:.6g} "
                f"where float64 overflows (a={a:g}); scale the inputs, use a smaller a "
                "or a smaller learning rate"
            )
        return np.exp(z)

    def f(x):
        return _exp(x, EXP_MAX_ARG, "exp(a*x)")

    def df(x):
        return a * _exp(x, min(EXP_MAX_ARG, df_max_arg), "derivative a*exp(a*x)")

    return Activation("exponential", f, df, {"a": a})


def _stable_sigmoid(z: np.ndarray) -> np.ndarray:
    # exp(min(z, 0)) / (1 + exp(-|z|)) is 1/(1 + exp(-z)) for z >= 0 and
    # exp(z)/(1 + exp(z)) for z < 0: both exponents are <= 0, so nothing
    # overflows, and neither branch subtracts nearly equal numbers.
    return np.exp(np.minimum(z, 0.0)) / (1.0 + np.exp(-np.abs(z)))


def sigmoid(a: float = 1.0) -> Activation:
    """The logistic sigmoid ``f(x) = 1 / (1 + exp(-a*x))``.

    Parameters
    ----------
    a : float
        Gain (slope at 0 is ``a/4``), any finite number.

    Returns
    -------
    Activation
        ``f`` with values in (0, 1) and ``f'(x) = a*f(x)*(1 - f(x))``.

    Notes
    -----
    Computed without overflow for any finite ``x``: with ``z = a*x`` and
    ``e = exp(-|z|)`` (which lies in (0, 1])::

        f  = exp(min(z, 0)) / (1 + e)    (1/(1 + e) if z >= 0, e/(1 + e) if not)
        f' = a * e/(1 + e)**2            (= a*f*(1 - f), for either sign)

    The derivative form keeps full relative precision in the tails, where
    ``1 - f`` would round to 0.

    References
    ----------
    .. [1] Goodfellow, Bengio & Courville (2016), *Deep Learning*, sections
       3.10 (the logistic sigmoid and its properties) and 6.3.2.
    .. [2] Rumelhart, D. E., Hinton, G. E. & Williams, R. J. (1986). Learning
       representations by back-propagating errors. *Nature* 323, 533-536.
    """
    a = check_real(a, "sigmoid a")

    def f(x):
        return _stable_sigmoid(a * _as_float_array(x))

    def df(x):
        e = np.exp(-np.abs(a * _as_float_array(x)))
        return a * e / (1.0 + e) ** 2

    return Activation("sigmoid", f, df, {"a": a})


def relu() -> Activation:
    """The rectified linear unit ``f(x) = max(0, x)``.

    Returns
    -------
    Activation
        ``f(x) = max(0, x)`` and ``f'(x) = 1 if x > 0 else 0``.

    Notes
    -----
    Not differentiable at ``x = 0``; there ``df`` returns 0 (the left
    derivative), the usual convention [1]_.

    References
    ----------
    .. [1] Nair, V. & Hinton, G. E. (2010). Rectified linear units improve
       restricted Boltzmann machines. *Proc. ICML*, 807-814.
    .. [2] Glorot, X., Bordes, A. & Bengio, Y. (2011). Deep sparse rectifier
       neural networks. *Proc. AISTATS*, 315-323.
    """

    def f(x):
        return np.maximum(_as_float_array(x), 0.0)

    def df(x):
        return (_as_float_array(x) > 0).astype(np.float64)

    return Activation("relu", f, df, {}, kinks=(0.0,))


def leaky_relu(slope: float = 0.01) -> Activation:
    """The leaky ReLU ``f(x) = x if x > 0 else slope*x``.

    Parameters
    ----------
    slope : float
        Slope for negative inputs, in [0, 1).  0 gives the plain ReLU.

    Returns
    -------
    Activation
        ``f`` and ``f'(x) = 1 if x > 0 else slope`` (``slope`` at the kink
        ``x = 0``).

    References
    ----------
    .. [1] Maas, A. L., Hannun, A. Y. & Ng, A. Y. (2013). Rectifier
       nonlinearities improve neural network acoustic models. *ICML Workshop
       on Deep Learning for Audio, Speech and Language Processing*.
    """
    slope = check_real(slope, "leaky_relu slope", low=0.0, high=1.0, high_open=True)

    def f(x):
        x = _as_float_array(x)
        return np.where(x > 0, x, slope * x)

    def df(x):
        return np.where(_as_float_array(x) > 0, 1.0, slope)

    return Activation("leaky_relu", f, df, {"slope": slope}, kinks=(0.0,))


def tanh() -> Activation:
    """The hyperbolic tangent ``f(x) = tanh(x)``.

    Returns
    -------
    Activation
        ``f`` with values in (-1, 1) and ``f'(x) = 1 - tanh(x)**2``.

    Notes
    -----
    The derivative is computed as ``4*e/(1 + e)**2`` with ``e = exp(-2|x|)``
    (equal to ``1/cosh(x)**2``), which neither overflows (``cosh`` would, for
    ``|x| > 710``) nor loses its relative precision in the tails (``1 -
    tanh**2`` would round to 0).  ``tanh(x) = 2*sigmoid(2x) - 1``.

    References
    ----------
    .. [1] LeCun, Y., Bottou, L., Orr, G. B. & Mueller, K.-R. (1998).
       Efficient BackProp. In *Neural Networks: Tricks of the Trade*, LNCS
       1524, 9-50 (why tanh, zero-centred, often trains faster than sigmoid).
    """

    def f(x):
        return np.tanh(_as_float_array(x))

    def df(x):
        e = np.exp(-2.0 * np.abs(_as_float_array(x)))
        return 4.0 * e / (1.0 + e) ** 2

    return Activation("tanh", f, df, {})


def softplus() -> Activation:
    """The softplus ``f(x) = log(1 + exp(x))``, a smooth ReLU.

    Returns
    -------
    Activation
        ``f(x) = log(1 + exp(x))`` (values > 0) and ``f'(x) = sigmoid(x)``.

    Notes
    -----
    Evaluated as ``np.logaddexp(0, x)``, which computes
    ``max(0, x) + log1p(exp(-|x|))`` and so never overflows [2]_.

    References
    ----------
    .. [1] Dugas, C., Bengio, Y., Belisle, F., Nadeau, C. & Garcia, R. (2001).
       Incorporating second-order functional knowledge for better option
       pricing. *NIPS 13*, 472-478.
    .. [2] Maechler, M. (2012). Accurately computing log(1 - exp(-|a|)).
       Rmpfr vignette, section on log1pexp.
    """

    def f(x):
        return np.logaddexp(0.0, _as_float_array(x))

    def df(x):
        return _stable_sigmoid(_as_float_array(x))

    return Activation("softplus", f, df, {})


#: Activation factories by name; ``FACTORIES[name](**coefficients)`` builds one (the registry
#: itself lives in :mod:`neurosim.ann.activation_base`, which pickling uses).
FACTORIES: dict[str, Callable[..., Activation]] = _FACTORIES
FACTORIES.update({
    "linear": linear,
    "exponential": exponential,
    "sigmoid": sigmoid,
    "relu": relu,
    "tanh": tanh,
    "softplus": softplus,
    "leaky_relu": leaky_relu,
})

#: Every built-in activation with its default coefficients, by name.
ACTIVATIONS: Mapping[str, Activation] = types.MappingProxyType(
    {name: factory() for name, factory in FACTORIES.items()}
)


def get_activation(spec, **coefficients) -> Activation:
    """Return an :class:`Activation` from a name, an Activation or an (f, df) pair.

    Parameters
    ----------
    spec : str, Activation or tuple of two callables
        ``"sigmoid"`` etc. (see :data:`ACTIVATIONS`); an :class:`Activation`
        (returned as is); or ``(f, df)``, a function and its derivative, each
        mapping an array to an array of the same shape.
    **coefficients
        Coefficients of a named activation, e.g. ``get_activation("sigmoid",
        a=2.0)``.  Not allowed with the other kinds of ``spec``.

    Returns
    -------
    Activation
        For an ``(f, df)`` pair its name is ``f.__name__`` (or
        ``"custom"``).

    Raises
    ------
    ParameterError
        For an unknown name (the message lists the known ones), a parameter
        the activation does not have, or a ``spec`` of another kind.
    """
    if isinstance(spec, Activation):
        if coefficients:
            raise ParameterError(
                f"activation: parameters {sorted(coefficients)} can only be given with a name, "
                f"not with {spec!r}"
            )
        return spec
    if isinstance(spec, str):
        key = spec.strip().lower().replace("-", "_")
        if key not in FACTORIES:
            raise ParameterError(
                f"activation: unknown name {spec!r}; known: {', '.join(sorted(FACTORIES))}"
            )
        if not coefficients:
            return ACTIVATIONS[key]
        try:
            return FACTORIES[key](**coefficients)
        except NeurosimError:  # a bad value of a known parameter: its own message
            raise
        except TypeError:
            raise ParameterError(
                f"activation {key!r}: unknown parameter(s) {sorted(coefficients)}; "
                f"it takes {list(ACTIVATIONS[key].coefficients) or 'none'}"
            ) from None
    if isinstance(spec, tuple) and len(spec) == 2 and all(callable(g) for g in spec):
        if coefficients:
            raise ParameterError(
                f"activation: parameters {sorted(coefficients)} cannot be given with an "
                "(f, df) pair"
            )
        f, df = spec
        name = getattr(f, "__name__", "custom")
        if not name or name == "<lambda>":
            name = "custom"
        return Activation(name, f, df)
    raise ParameterTypeError(
        "activation: expected a name (one of "
        f"{', '.join(sorted(FACTORIES))}), an Activation, or an (f, df) pair of callables, "
        f"got {spec!r}"
    )
