"""Helpers of the hostile CLI battery: run neurosim as a real process, snapshot folders."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def env(**extra) -> dict:
    """The environment of a child: this checkout first on the path, headless matplotlib."""
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)
    return {**os.environ, "PYTHONPATH": path, "MPLBACKEND": "Agg", **extra}


def start(args, *, cwd, code: str | None = None, **extra_env) -> subprocess.Popen:
    """Start ``python -m neurosim ARGS`` (or ``python -c CODE ARGS``) with pipes."""
    head = [sys.executable, "-c", code] if code is not None else [sys.executable, "-m", "neurosim"]
    return subprocess.Popen(head + [str(a) for a in args], cwd=cwd, env=env(**extra_env),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def run(args, *, cwd, timeout=120, code: str | None = None, **extra_env):
    """Run to the end; return ``(exit code, stdout, stderr)``."""
    proc = start(args, cwd=cwd, code=code, **extra_env)
    out, err = proc.communicate(timeout=timeout)
    return proc.returncode, out, err


def wait_for(predicate, proc: subprocess.Popen, timeout: float = 60, what: str = "") -> None:
    """Poll ``predicate()`` until true; fail if the child ends first or time runs out."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if proc.poll() is not None:
            raise AssertionError(f"child ended (exit {proc.returncode}) before {what}: "
                                 f"{proc.stderr.read()}")
        if time.monotonic() > deadline:
            proc.kill()
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def staging_in(folder: Path):
    """A predicate: a neurosim staging folder exists in ``folder`` (the run has started)."""
    return lambda: folder.is_dir() and any(p.name.startswith(".neurosim-staging-")
                                           and "probe" not in p.name for p in folder.iterdir())


def interrupt(proc: subprocess.Popen, signum: int, timeout: float = 60):
    """Send ``signum`` once; return ``(exit code, stdout, stderr)``."""
    proc.send_signal(signum)
    out, err = proc.communicate(timeout=timeout)
    return proc.returncode, out, err


def snapshot(folder: Path) -> dict | None:
    """Every entry under ``folder`` (hidden ones too): relative path -> bytes, or ``"dir"``."""
    if not folder.exists():
        return None
    tree = {}
    for path in sorted(folder.rglob("*")):
        tree[str(path.relative_to(folder))] = "dir" if path.is_dir() else path.read_bytes()
    return tree


def assert_one_line(err: str, start_text: str) -> str:
    """stderr is exactly one line starting with ``start_text`` and no traceback; return it."""
    assert "Traceback" not in err, err
    lines = err.strip("\n").splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(start_text), lines[0]
    return lines[0]


SIGNAL_EXIT = {signal.SIGINT: 130, signal.SIGTERM: 143}
