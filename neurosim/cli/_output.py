"""Output folders for CLI commands: every file appears, or none does.

Every command that writes files does it like this (nothing else)::

    dest = check_output_dir(args.out, force=args.force)     # refuse early, before any work
    ...                                                       # long work, nothing written
    with staged_output(args.out, force=args.force) as staging:
        write_csv(staging / "x.csv", ...)                     # write into the staging folder
    print("wrote ...")                                        # only after the block

:func:`staged_output` makes a hidden folder ``.neurosim-staging-PID-*`` (inside
``--out`` when it exists, else in its nearest existing parent, so moving is a
rename on one file system).  When the block ends normally, :func:`_commit`
moves every staged file into ``--out`` with signals held back: with
``--force`` an old file of the same name is first set aside and deleted only
once every new file is in place; on any error or signal the old files are
put back, so ``--out`` holds either all new results or exactly what it held
before.  Other files in ``--out`` are never touched.  An error or a signal in
the block removes the staging folder; a staging folder left by a killed
process (SIGKILL) is removed by the next command that uses the folder.

Every OS error (permission, read-only file system, not a folder, name too
long, no space left, ...) becomes an :class:`~neurosim.errors.OutputError`
naming the option, the path and the cause, via :func:`os_error_message`.
Nothing here trusts ``os.access`` (always true for root): writability is
tested by creating a folder.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import tempfile
from pathlib import Path

from neurosim.cli import _signals
from neurosim.errors import OutputError

#: Name prefix of staging folders (a hidden folder; the PID follows).
STAGING_PREFIX = ".neurosim-staging-"


def os_error_message(err: OSError, option: str | None = None, path=None) -> str:
    """One line for an OS error: the option and path, the file concerned, and the cause.

    >>> os_error_message(PermissionError(13, "Permission denied", "/x/a.csv"), "--out", "/x")
    '--out /x: /x/a.csv: Permission denied'
    """
    cause = err.strerror or type(err).__name__
    where = os.fsdecode(err.filename) if err.filename is not None else None
    head = f"{option} {path}" if option is not None and path is not None else (
        str(path) if path is not None else option)
    shown = str(path) if path is not None else None
    parts = [p for p in (head, where if where != shown else None) if p]
    return ": ".join(parts + [cause])


def check_output_dir(out, *, force: bool = False, option: str = "--out") -> Path:
    """Check that ``out`` can receive results (creating nothing); return it as a Path.

    Parameters
    ----------
    out : path
        Destination folder. It may not exist yet (it is then created with its
        parents), or exist and be empty; a non-empty folder needs ``force``.
    force : bool
        Allow writing into a non-empty folder (our files replace files of the
        same name; no other file is touched).
    option : str
        The option's name for messages.

    Raises
    ------
    OutputError
        If ``out`` is empty text, a file, inside a file, not writable (tested
        by creating and removing a folder), or not empty without ``force``.
    """
    text = os.fspath(out)
    if not str(text).strip():
        raise OutputError(f"{option}: must name a folder, got {text!r}")
    path = Path(text)
    try:
        if path.is_dir():
            _remove_stale_staging(path)
            if any(os.scandir(path)) and not force:
                raise OutputError(
                    f"{option} {path}: folder is not empty (use --force to write into it anyway)")
            _probe(path)
        elif path.exists() or path.is_symlink():
            raise OutputError(f"{option} {path}: exists and is not a folder")
        else:
            ancestor = _existing_ancestor(path, option)
            _check_name_lengths(path, ancestor)
            _probe(ancestor)
    except OSError as err:
        raise OutputError(os_error_message(err, option, path)) from None
    return path


def _existing_ancestor(path: Path, option: str) -> Path:
    """The nearest existing folder above ``path``; an error if that is a file."""
    parent = path.absolute().parent
    while not parent.exists():
        parent = parent.parent
    if not parent.is_dir():
        raise OutputError(f"{option} {path}: {parent} is a file, not a folder")
    return parent


def _check_name_lengths(path: Path, ancestor: Path) -> None:
    """Folders still to be made must have names the file system takes (else ENAMETOOLONG
    would surface only when the results are moved into place, after the work)."""
    try:
        longest, whole = os.pathconf(ancestor, "PC_NAME_MAX"), os.pathconf(ancestor, "PC_PATH_MAX")
    except (OSError, ValueError, AttributeError):  # pragma: no cover - not POSIX
        return
    too_long = (any(len(os.fsencode(part)) > longest for part in path.parts)
                or len(os.fsencode(str(path.absolute()))) >= whole)
    if too_long:
        raise OSError(errno.ENAMETOOLONG, os.strerror(errno.ENAMETOOLONG))


def _probe(folder: Path) -> None:
    """Create and remove a folder in ``folder``: the only test of writability that root obeys."""
    try:
        os.rmdir(tempfile.mkdtemp(prefix=STAGING_PREFIX + "probe-", dir=folder))
    except OSError as err:
        raise type(err)(err.errno, f"cannot create a folder there ({err.strerror})",
                        str(folder)) from None


def _remove_stale_staging(folder: Path) -> None:
    """Remove staging folders in ``folder`` left by processes that no longer run."""
    for entry in os.scandir(folder):
        if not entry.name.startswith(STAGING_PREFIX) or not entry.is_dir(follow_symlinks=False):
            continue
        pid_text = entry.name[len(STAGING_PREFIX):].split("-", 1)[0]
        if pid_text.isdigit() and not _alive(int(pid_text)):
            shutil.rmtree(entry.path, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


@contextlib.contextmanager
def staged_output(out, *, force: bool = False, option: str = "--out"):
    """Yield a staging folder; when the block succeeds, move its files into ``out`` at once.

    On any exception or signal in the block, or any error while moving, the
    staging folder is removed and ``out`` is left exactly as it was (or not
    created at all).  After a successful move the signals of
    :mod:`neurosim.cli._signals` are ignored for the rest of the command (the
    results are in place: the command has succeeded), so this block must be
    the command's last work.  See the module docstring.
    """
    dest = check_output_dir(out, force=force, option=option)
    existed = dest.is_dir()
    home = dest if existed else _existing_ancestor(dest, option)
    try:
        staging = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-", dir=home))
        if not existed:  # it becomes --out: the usual permissions, not mkdtemp's 0700
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(staging, 0o777 & ~umask)
    except OSError as err:
        raise OutputError(os_error_message(err, option, dest)) from None
    try:
        try:
            yield staging
        except OSError as err:
            raise OutputError(_staged_error(err, option, dest, staging)) from None
        _commit(staging, dest, existed, option)
    except BaseException:
        with _signals.deferred():
            shutil.rmtree(staging, ignore_errors=True)
        raise
    _signals.ignore()


def _staged_error(err: OSError, option: str, dest: Path, staging: Path) -> str:
    """Name the file a write failed on as it would have been called in ``dest``."""
    if err.filename is not None:
        name = os.fsdecode(err.filename)
        if name.startswith(str(staging)):
            err.filename = str(dest / os.path.relpath(name, staging))
    return "writing " + os_error_message(err, option, dest)


def _commit(staging: Path, dest: Path, existed: bool, option: str) -> None:
    """Move the staged files into ``dest`` (see the module docstring); all or nothing."""
    names = sorted(os.listdir(staging))
    if existed:
        for name in names:
            target = dest / name
            if target.is_dir() and not target.is_symlink():
                raise OutputError(f"{option} {dest}: {name} is a folder; neurosim replaces files "
                                  "only (remove it or choose another folder)")
    with _signals.deferred() as pending:
        undo = []
        try:
            if existed:
                backup = staging / ".neurosim-old"
                backup.mkdir()
                for name in names:
                    target = dest / name
                    if os.path.lexists(target):
                        os.rename(target, backup / name)
                        undo.append((backup / name, target))
                    os.rename(staging / name, target)
                    undo.append((target, staging / name))
            else:
                missing = []
                parent = dest.absolute().parent
                while not parent.exists():
                    missing.append(parent)
                    parent = parent.parent
                for folder in reversed(missing):
                    try:
                        os.mkdir(folder)
                    except FileExistsError:  # made meanwhile by another process: keep it
                        continue
                    undo.append((None, folder))
                try:
                    os.rename(staging, dest)
                except OSError as err:
                    if err.errno in (errno.ENOTEMPTY, errno.EEXIST) and dest.exists():
                        raise OutputError(
                            f"{option} {dest}: appeared while this command ran (another run "
                            "into the same folder?); nothing was written: choose another "
                            f"{option}, or add --force to write into it") from None
                    raise
                undo.append((dest, staging))
            if pending:
                raise _signals.Interrupted(pending[0])
        except BaseException as err:
            for source, target in reversed(undo):
                if source is None:
                    os.rmdir(target)
                else:
                    os.rename(source, target)
            if isinstance(err, OSError):
                raise OutputError("moving results into place: "
                                  + os_error_message(err, option, dest)) from None
            raise
        if existed:
            shutil.rmtree(staging, ignore_errors=True)
