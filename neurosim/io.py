"""Saving results: CSV tables whose header carries the provenance, and JSON.

A CSV written here starts with comment lines::

    # neurosim <what>
    # provenance: {"parameters": {...}, "seed": 1, "versions": {...}, ...}
    current_nA,rate_Hz,...

so :func:`read_csv` (or pandas with ``comment="#"``, or
``numpy.genfromtxt(path, delimiter=",", names=True, skip_header=2)``) reads
the numbers and :func:`read_csv_provenance` the record of what made them.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np


def write_csv(path, columns: dict, provenance: dict, *, title: str = "") -> Path:
    """Write equal-length ``columns`` (name -> 1-D array) to ``path`` with a provenance header."""
    path = Path(path)
    names = list(columns)
    arrays = [np.asarray(columns[name]).ravel() for name in names]
    lengths = {len(a) for a in arrays}
    if len(lengths) > 1:
        raise ValueError(f"columns have different lengths: {sorted(lengths)}")
    with open(path, "w", newline="") as fh:
        fh.write(f"# neurosim {title}\n")
        fh.write("# provenance: " + json.dumps(provenance, sort_keys=True, default=str) + "\n")
        writer = csv.writer(fh)
        writer.writerow(names)
        for row in zip(*arrays):
            writer.writerow([_fmt(x) for x in row])
    return path


def _fmt(x):
    if isinstance(x, (float, np.floating)):
        return repr(float(x))
    if isinstance(x, (np.integer,)):
        return int(x)
    return x


def read_csv(path) -> dict:
    """Read a CSV written by :func:`write_csv`: column name -> array.

    Numeric columns come back as float arrays, others as arrays of strings.
    """
    with open(path) as fh:
        rows = [line for line in fh if not line.startswith("#")]
    reader = csv.reader(rows)
    names = next(reader)
    table = list(reader)
    out = {}
    for k, name in enumerate(names):
        column = [row[k] for row in table]
        try:
            out[name] = np.array([float(x) for x in column], dtype=float)
        except ValueError:
            out[name] = np.array(column)
    return out


def read_csv_provenance(path) -> dict:
    """Return the provenance record from the header of a CSV written by :func:`write_csv`."""
    with open(path) as fh:
        for line in fh:
            if line.startswith("# provenance: "):
                return json.loads(line[len("# provenance: "):])
            if not line.startswith("#"):
                break
    return {}


def write_json(path, data: dict) -> Path:
    """Write ``data`` as indented JSON (numpy numbers and arrays converted)."""
    path = Path(path)
    path.write_text(json.dumps(data, indent=2, sort_keys=False, default=_json_default) + "\n")
    return path


def _json_default(obj):
    if isinstance(obj, np.ndarray):
        return obj.tolist()
    if isinstance(obj, np.integer):
        return int(obj)
    if isinstance(obj, np.floating):
        return float(obj)
    return str(obj)
