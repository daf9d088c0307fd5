"""Neuron presets: cited parameter sets of every model, stored as TOML files in ``models/``.

A preset file looks like::

    model = "lif"                           # optional, default "lif"; see MODELS
    title = "Textbook LIF (Neuronal Dynamics)"
    description = "..."
    source = "Gerstner et al. (2014) ..."   # required: where the values come from
    url = "https://..."                     # optional
    step_current = "0.3 nA"                 # optional: a step that shows the cell's pattern
    pattern = "tonic"                       # optional: the pattern that step shows

    [params]
    tau_m = "8 ms"
    R_m = "10 Mohm"
    E_L = "-70 mV"
    V_th = "-50 mV"
    V_reset = "-65 mV"
    t_ref = "2 ms"

Values are text with units, read by :func:`neurosim.units.parse_quantity`
(a regular expression and a whitelist of unit names; nothing is evaluated);
the ``[params]`` keys are the fields of the model's parameter class
(``HHParams``, ``AdExParams``, ...), and dimensionless ones (``phi``) are
plain numbers.
"""

from __future__ import annotations

import importlib.util
import tomllib
from dataclasses import dataclass
from pathlib import Path

from brian2 import Quantity, amp

from neurosim.bio.models import MODELS
from neurosim.errors import NeurosimError, PresetError
from neurosim.units import parse_quantity


def find_preset_dir() -> Path:
    """The folder of the preset files.

    Installed (wheel or ``pip install -e``), the top-level ``models/`` folder is
    the package ``neurosim.models`` (``package-dir`` in ``pyproject.toml``) and
    is found by the import system; in a plain checkout on ``PYTHONPATH`` it is
    ``models/`` beside the ``neurosim`` folder.  No symbolic link is involved,
    so this works on Windows too.
    """
    spec = importlib.util.find_spec("neurosim.models")
    if spec is not None and spec.submodule_search_locations:
        return Path(list(spec.submodule_search_locations)[0])
    return Path(__file__).resolve().parent.parent.parent / "models"


#: Folder holding the preset files (see :func:`find_preset_dir`).
PRESET_DIR = find_preset_dir()

_TOP_KEYS = {"model", "title", "description", "source", "url", "step_current", "pattern", "params"}


@dataclass(frozen=True)
class PresetInfo:
    """What a preset file says besides its parameters.

    Attributes
    ----------
    name, title, source : str
    path : Path
    model : str
        Key of :data:`neurosim.bio.models.MODELS` (``"lif"``, ``"hh"``, ``"adex"``, ...).
    description : str
    step_current : Quantity (current) or None
        A step amplitude that shows the cell's firing pattern.
    pattern : str
        The pattern that step shows (e.g. ``"adapting"``), or ``""``.
    """

    name: str
    title: str
    source: str
    path: Path
    model: str = "lif"
    description: str = ""
    step_current: Quantity | None = None
    pattern: str = ""


def list_presets(model: str | None = None) -> list[str]:
    """Return the names of the presets in ``models/``, sorted.

    Parameters
    ----------
    model : str or None
        Only presets of this model (e.g. ``"lif"``, ``"adex"``); None (the
        default) lists every preset of every model.
    """
    if model is not None and model not in MODELS:
        raise PresetError(f"model: unknown {model!r}; models: {', '.join(MODELS)}")
    paths = sorted(PRESET_DIR.glob("*.toml"))
    if model is None:
        return [p.stem for p in paths]
    return [p.stem for p in paths if _model_name(p) == model]


def _model_name(path: Path) -> str:
    return _read(path).get("model", "lif")


def preset_info(name_or_path) -> PresetInfo:
    """Return what a preset file says besides its parameters (see :class:`PresetInfo`)."""
    path = _resolve(name_or_path)
    data = _read(path)
    step = data.get("step_current")
    if step is not None:
        try:
            step = parse_quantity(step, "step_current", amp)
        except NeurosimError as err:
            raise PresetError(f"{path}: key 'step_current': {err}") from None
    return PresetInfo(path.stem, data.get("title", path.stem), data["source"], path,
                      model=data.get("model", "lif"), description=data.get("description", ""),
                      step_current=step, pattern=data.get("pattern", ""))


def load_preset(name_or_path):
    """Load a preset by name (``"brunel2000"``) or from a TOML file path.

    Parameters
    ----------
    name_or_path : str or path-like
        A name from :func:`list_presets`, or the path of a ``.toml`` file in
        the format shown in this module's docstring.

    Returns
    -------
    LIFParams, HHParams, WangBuzsakiParams, EIFParams, AdExParams or IzhikevichParams
        The class named by the file's ``model`` (LIF when absent), with
        ``name`` set to the preset's name and ``source`` to its literature
        source.

    Raises
    ------
    PresetError
        If the name is unknown (the message lists the names that exist) or
        the file is malformed (the message names the file, the key and the
        problem).
    """
    path = _resolve(name_or_path)
    data = _read(path)
    cls = MODELS[data.get("model", "lif")]
    params = data["params"]
    values = {}
    for key in cls.FIELD_UNITS:
        if key not in params:
            raise PresetError(f"{path}: key 'params.{key}' is missing")
        text = params[key]
        if not isinstance(text, str):
            raise PresetError(
                f"{path}: key 'params.{key}': expected text with a unit such as \"10 ms\", got "
                f"{text!r}"
            )
        try:
            values[key] = parse_quantity(text, key, cls.FIELD_UNITS[key])
        except NeurosimError as err:
            raise PresetError(f"{path}: key 'params.{key}': {err}") from None
    for key in getattr(cls, "NUMBER_FIELDS", ()):
        if key in params:
            if isinstance(params[key], bool) or not isinstance(params[key], (int, float)):
                raise PresetError(
                    f"{path}: key 'params.{key}': expected a number, got {params[key]!r}"
                )
            values[key] = float(params[key])
    try:
        return cls(**values, name=path.stem, source=data["source"])
    except NeurosimError as err:
        raise PresetError(f"{path}: {err}") from None


def _resolve(name_or_path) -> Path:
    text = str(name_or_path)
    looks_like_path = isinstance(name_or_path, Path) or text.endswith(".toml") or "/" in text
    try:
        if looks_like_path:
            path = Path(name_or_path)
            if path.is_dir():
                raise PresetError(f"preset: {path} is a folder, not a preset file (.toml)")
            if not path.is_file():
                raise PresetError(f"preset file {path} does not exist")
            return path
        path = PRESET_DIR / f"{text}.toml"
        if not path.is_file():
            raise OSError
    except OSError as err:  # a name too long for the file system, a path through a file, ...
        if looks_like_path:
            raise PresetError(f"preset file {text}: {err.strerror}") from None
        known = ", ".join(list_presets(None))
        raise PresetError(f"preset: unknown name {_clip(text)!r}; presets: {known}") from None
    return path


def _clip(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[:width] + "..."


def _toml_kind(value) -> str:
    """What a TOML value is, in TOML's words (a table, an array, ...)."""
    if isinstance(value, dict):
        return "table"
    if isinstance(value, list):
        return "list"
    return type(value).__name__


def _read(path: Path) -> dict:
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as err:
        raise PresetError(f"{path}: not valid TOML: {err}") from None
    except UnicodeDecodeError as err:
        raise PresetError(f"{path}: not valid TOML: not UTF-8 text (byte {err.start})") from None
    except OSError as err:
        raise PresetError(f"{path}: cannot be read: {err.strerror}") from None
    unknown = set(data) - _TOP_KEYS
    if unknown:
        raise PresetError(
            f"{path}: unknown key {sorted(unknown)[0]!r}; "
            f"allowed keys: {', '.join(sorted(_TOP_KEYS))}"
        )
    if not isinstance(data.get("source"), str) or not data["source"].strip():
        raise PresetError(
            f"{path}: key 'source' is missing (every preset cites its literature source)"
        )
    if not isinstance(data.get("params"), dict):
        raise PresetError(f"{path}: table [params] is missing")
    for key in sorted(_TOP_KEYS - {"params"}):
        if key in data and not isinstance(data[key], str):
            raise PresetError(f"{path}: key {key!r}: expected text in quotes, got a "
                              f"{_toml_kind(data[key])}")
    model = data.get("model", "lif")
    if model not in MODELS:
        raise PresetError(f"{path}: key 'model': unknown {model!r}; models: {', '.join(MODELS)}")
    cls = MODELS[model]
    allowed = list(cls.FIELD_UNITS) + list(getattr(cls, "NUMBER_FIELDS", ()))
    unknown = set(data["params"]) - set(allowed)
    if unknown:
        raise PresetError(
            f"{path}: unknown key 'params.{sorted(unknown)[0]}'; allowed: {', '.join(allowed)}"
        )
    return data
