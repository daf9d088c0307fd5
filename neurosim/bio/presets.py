"""Neuron presets: cited LIF parameter sets stored as TOML files in ``models/``.

A preset file looks like::

    title = "Textbook LIF (Neuronal Dynamics)"
    description = "..."
    source = "Gerstner et al. (2014) ..."   # required: where the values come from
    url = "https://..."                     # optional

    [params]
    tau_m = "8 ms"
    R_m = "10 Mohm"
    E_L = "-70 mV"
    V_th = "-50 mV"
    V_reset = "-65 mV"
    t_ref = "2 ms"

Values are text with units, read by :func:`neurosim.units.parse_quantity`
(a regular expression and a whitelist of unit names; nothing is evaluated).
"""

from __future__ import annotations

import importlib.util
import tomllib
from dataclasses import dataclass
from pathlib import Path

from neurosim.bio.params import FIELD_UNITS, LIFParams
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

_TOP_KEYS = {"title", "description", "source", "url", "params"}


@dataclass(frozen=True)
class PresetInfo:
    """What ``list_presets`` tells about one preset."""

    name: str
    title: str
    source: str
    path: Path


def list_presets() -> list[str]:
    """Return the names of the presets in ``models/``, sorted."""
    return sorted(p.stem for p in PRESET_DIR.glob("*.toml"))


def preset_info(name_or_path) -> PresetInfo:
    """Return the title and source of a preset (see :func:`load_preset`)."""
    path = _resolve(name_or_path)
    data = _read(path)
    return PresetInfo(path.stem, data.get("title", path.stem), data["source"], path)


def load_preset(name_or_path) -> LIFParams:
    """Load a preset by name (``"brunel2000"``) or from a TOML file path.

    Parameters
    ----------
    name_or_path : str or path-like
        A name from :func:`list_presets`, or the path of a ``.toml`` file in
        the format shown in this module's docstring.

    Returns
    -------
    LIFParams
        With ``name`` set to the preset's name and ``source`` to its
        literature source.

    Raises
    ------
    PresetError
        If the name is unknown (the message lists the names that exist) or
        the file is malformed (the message names the file, the key and the
        problem).
    """
    path = _resolve(name_or_path)
    data = _read(path)
    params = data["params"]
    values = {}
    for key in FIELD_UNITS:
        if key not in params:
            raise PresetError(f"{path}: key 'params.{key}' is missing")
        text = params[key]
        if not isinstance(text, str):
            raise PresetError(
                f"{path}: key 'params.{key}': expected text with a unit such as \"10 ms\", got {text!r}"
            )
        try:
            values[key] = parse_quantity(text, key, FIELD_UNITS[key])
        except NeurosimError as err:
            raise PresetError(f"{path}: key 'params.{key}': {err}") from None
    try:
        return LIFParams(**values, name=path.stem, source=data["source"])
    except NeurosimError as err:
        raise PresetError(f"{path}: {err}") from None


def _resolve(name_or_path) -> Path:
    text = str(name_or_path)
    looks_like_path = isinstance(name_or_path, Path) or text.endswith(".toml") or "/" in text
    if looks_like_path:
        path = Path(name_or_path)
        if not path.is_file():
            raise PresetError(f"preset file {path} does not exist")
        return path
    path = PRESET_DIR / f"{text}.toml"
    if not path.is_file():
        raise PresetError(
            f"preset: unknown name {text!r}; presets: {', '.join(list_presets())}"
        )
    return path


def _read(path: Path) -> dict:
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as err:
        raise PresetError(f"{path}: not valid TOML: {err}") from None
    except OSError as err:
        raise PresetError(f"{path}: cannot be read: {err.strerror}") from None
    unknown = set(data) - _TOP_KEYS
    if unknown:
        raise PresetError(
            f"{path}: unknown key {sorted(unknown)[0]!r}; allowed keys: {', '.join(sorted(_TOP_KEYS))}"
        )
    if not isinstance(data.get("source"), str) or not data["source"].strip():
        raise PresetError(f"{path}: key 'source' is missing (every preset cites its literature source)")
    if not isinstance(data.get("params"), dict):
        raise PresetError(f"{path}: table [params] is missing")
    unknown = set(data["params"]) - set(FIELD_UNITS)
    if unknown:
        raise PresetError(
            f"{path}: unknown key 'params.{sorted(unknown)[0]}'; allowed: {', '.join(FIELD_UNITS)}"
        )
    return data
