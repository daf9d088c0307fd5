"""Output folders for CLI commands: all files appear, or none do.

Files are written into a temporary folder beside the destination and moved
into place only when the command succeeded, so an error never leaves a
half-written result behind.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path

from neurosim.errors import OutputError


def check_output_dir(out: str | os.PathLike, *, force: bool = False) -> Path:
    """Check that ``out`` can receive results; return it as a Path.

    Parameters
    ----------
    out : path
        Destination folder. It may not exist yet (it is then created), or
        exist and be empty; a non-empty folder needs ``force=True``.
    force : bool
        Allow writing into a non-empty folder (our files replace files of the
        same name; no other file is touched).

    Raises
    ------
    OutputError
        If ``out`` is a file, is not writable, or is not empty without
        ``force``.
    """
    path = Path(out)
    if path.exists() and not path.is_dir():
        raise OutputError(f"--out {path}: exists and is not a folder")
    if path.is_dir():
        if not os.access(path, os.W_OK | os.X_OK):
            raise OutputError(f"--out {path}: folder is not writable")
        if any(path.iterdir()) and not force:
            raise OutputError(
                f"--out {path}: folder is not empty (use --force to write into it anyway)"
            )
    else:
        parent = _existing_parent(path)
        if not os.access(parent, os.W_OK | os.X_OK):
            raise OutputError(f"--out {path}: cannot create it, {parent} is not writable")
    return path


def _existing_parent(path: Path) -> Path:
    parent = path.absolute().parent
    while not parent.exists():
        parent = parent.parent
    return parent


@contextlib.contextmanager
def staged_output(out: str | os.PathLike, *, force: bool = False):
    """Yield a temporary folder; on success move its files into ``out``.

    On any exception the temporary folder is removed and ``out`` is left as
    it was (or not created at all).
    """
    dest = check_output_dir(out, force=force)
    parent = _existing_parent(dest) if not dest.exists() else dest.absolute().parent
    staging = Path(tempfile.mkdtemp(prefix=".neurosim-", dir=parent))
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    try:
        dest.mkdir(parents=True, exist_ok=True)
        for item in sorted(staging.rglob("*")):
            target = dest / item.relative_to(staging)
            if item.is_dir():
                target.mkdir(exist_ok=True)
            else:
                os.replace(item, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
