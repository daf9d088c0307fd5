"""Provenance: what made a result (parameters, seed, package versions), and the result protocol.

Every file neurosim saves carries this, so any number can be regenerated.
Versions are read from installed package metadata, which does not import
the packages themselves.
"""

from __future__ import annotations

import datetime as _dt
import platform
import sys
from importlib import metadata

_PACKAGES = ("neurosim", "brian2", "numpy", "scipy", "matplotlib")


def versions() -> dict[str, str]:
    """Return the versions of Python and of neurosim's dependencies.

    Returns
    -------
    dict
        ``{"python": "3.11.7", "neurosim": "0.1.0", "brian2": ...}``; a
        package that is not installed maps to ``"not installed"``.
    """
    out = {"python": platform.python_version()}
    for name in _PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def provenance(parameters: dict | None = None, seed: int | None = None, **extra) -> dict:
    """Return a JSON-serialisable record of what produced a result.

    Parameters
    ----------
    parameters : dict, optional
        The parameters of the computation, already converted to text or
        numbers (e.g. ``{"tau_m": "10. ms"}``).
    seed : int or None
        The random seed, or None when the computation is deterministic.
    **extra
        Further JSON-serialisable entries (e.g. ``target="numpy"``).

    Returns
    -------
    dict
        Keys ``parameters``, ``seed``, ``versions``, ``created`` (UTC, ISO
        8601), ``command`` (the command line) and the ``extra`` entries.
    """
    record = {
        "parameters": dict(parameters or {}),
        "seed": seed,
        "versions": versions(),
        "created": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "command": " ".join(sys.argv),
    }
    record.update(extra)
    return record


def model_settings(params) -> dict:
    """The neuron model of a result as JSON-ready text: model name, preset and parameters."""
    return {"model": params.MODEL, "preset": params.name, "params": params.as_text()}


class Result:
    """The protocol every result object of neurosim offers (a mixin).

    ``settings``
        A dict (property or field): everything needed to repeat the computation, as
        JSON-ready text and numbers (parameters with units, seed, target, ...).
    ``provenance()``
        A dict: ``settings`` with the seed, package versions, time and command
        (:func:`provenance`).
    ``summary()``
        A dict of the headline numbers, plain floats and text (JSON-ready).
    ``theory()``
        Where a closed form or rate theory exists for what was measured: the same
        quantity from theory, a Quantity with the measurement's units.  A result type
        whose measurement has no theory has no ``theory()``; one whose model may lack it
        (an f-I curve of a model without a rate theory) raises ``ParameterError`` saying so.

    A subclass provides ``settings`` and ``summary()``; ``provenance()`` comes from
    ``settings`` (its ``"seed"`` entry, if any, is the seed).
    ``tests/test_architecture.py`` checks that every result type offers all of them and
    that each name returns one type everywhere.
    """

    __slots__ = ()

    def provenance(self) -> dict:
        """What made this result: its settings, seed, versions, time and command."""
        settings = self.settings
        return provenance(settings, settings.get("seed"))

    def summary(self) -> dict:  # pragma: no cover - every result type overrides it
        raise NotImplementedError(f"{type(self).__name__}.summary()")
