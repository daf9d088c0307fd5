"""Hostile battery: signals, OS errors, impossible sizes and concurrent runs, as real processes.

Every case asserts the exit code, exactly one line on stderr without a
traceback, and that the output folder is byte-for-byte as it was (or absent,
with no staging folder left beside it).  See docs/guarantees.md.
"""

from __future__ import annotations

import signal
import sys
import time

import numpy as np
import pytest

from neurosim.cli import main
from neurosim.errors import ParameterError
from neurosim.io import read_csv
from tests.cli.hostile import (
    SIGNAL_EXIT,
    assert_one_line,
    interrupt,
    run,
    snapshot,
    staging_in,
    start,
    wait_for,
)

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and paths")

#: Old results in a folder that a --force run must replace as a whole or leave alone.
OLD = {"fi_brunel2000.csv": b"old csv\n", "fi_brunel2000.png": b"old png",
       "fit_brunel2000.csv": b"old fit\n", "xor_results.json": b"{}\n", "notes.txt": b"mine\n"}


def _old_folder(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    for name, data in OLD.items():
        (out / name).write_bytes(data)
    return out


def _unchanged(tmp_path, out, before):
    """``out`` as it was and nothing else beside it (no staging folder)."""
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ([out.name] if before is not None else [])


# --------------------------------------------------------------------------
# Signals: once the child has started its run, send one signal.

LONG_FI = ["--preset", "brunel2000", "--points", "5", "--duration", "1000s", "--seed", "1"]


@pytest.mark.parametrize("command, signum, force", [
    (["fi", *LONG_FI], signal.SIGINT, False),   # Ctrl-C inside Brian2's run
    (["fi", *LONG_FI], signal.SIGTERM, True),   # kill: --force folder left as it was
    (["fit", *LONG_FI], signal.SIGINT, True),
    (["convert", "--dataset", "xor", "--presentation", "100s", "--grid", "2"], signal.SIGTERM,
     False),
])
def test_signal_mid_run_writes_nothing(tmp_path, command, signum, force):
    out = _old_folder(tmp_path) if force else tmp_path / "out"
    before = snapshot(out)
    proc = start([*command, "--out", out, *(["--force"] if force else [])], cwd=tmp_path)
    wait_for(staging_in(out if force else tmp_path), proc, what="the staging folder")
    time.sleep(2)  # the network is built within ~1 s: the signal lands inside Brian2's run
    code, stdout, err = interrupt(proc, signum)
    assert code == SIGNAL_EXIT[signum]
    assert_one_line(err, "neurosim: interrupted")
    assert "wrote" not in stdout
    _unchanged(tmp_path, out, before)


def test_ctrl_c_during_the_demo_after_its_first_step(tmp_path):
    out = tmp_path / "demo"
    proc = start(["demo", "--quick", "--out", out], cwd=tmp_path)
    wait_for(lambda: proc.stderr.readline().startswith("["), proc, what="the first progress line")
    code, _, err = interrupt(proc, signal.SIGINT)
    assert code == 130
    assert_one_line(err, "neurosim: interrupted")
    _unchanged(tmp_path, out, None)


def test_sigterm_while_xor_trains(tmp_path):
    out = _old_folder(tmp_path)
    before = snapshot(out)
    proc = start(["xor", "--epochs", "100000000", "--out", out, "--force"], cwd=tmp_path)
    # xor reports nothing while it trains: the checked --out is the sign it started.
    try:
        proc.communicate(timeout=2.5)
    except Exception:  # noqa: BLE001 - still training, as intended
        pass
    code, stdout, err = interrupt(proc, signal.SIGTERM)
    assert code == 143
    assert_one_line(err, "neurosim: interrupted (SIGTERM)")
    _unchanged(tmp_path, out, before)


# --------------------------------------------------------------------------
# OS errors: one line naming the path and the cause, exit 2, nothing written.

LONG_NAME = "n" * 300


@pytest.mark.parametrize("command, where, cause", [
    (["xor", "--epochs", "10"], "/proc/neurosim-out", "/proc: cannot create a folder there"),
    (["fi", "--points", "3", "--duration", "20ms"], "FILE/sub", "FILE is a file, not a folder"),
    (["fit", "--preset", "brunel2000"], LONG_NAME, "File name too long"),
    (["convert", "--dataset", "xor"], "/sys/neurosim-out", "/sys: cannot create a folder there"),
    (["demo", "--quick"], "", "--out: must name a folder, got ''"),
])
def test_unusable_out_folders(tmp_path, command, where, cause):
    """Each command as a real process, one cause each (in-process below: every cause)."""
    (tmp_path / "FILE").write_text("a file\n")
    code, stdout, err = run([*command, "--out", where], cwd=tmp_path)
    assert code == 2
    assert cause in assert_one_line(err, "neurosim: error: --out")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["FILE"]


@pytest.mark.parametrize("command", [["xor", "--epochs", "10"], ["fi"], ["fit", "--preset", "x"],
                                     ["convert", "--dataset", "xor"], ["demo", "--quick"]])
@pytest.mark.parametrize("where, cause", [
    ("/proc/neurosim-out", "/proc: cannot create a folder there"),
    ("/sys/neurosim-out", "/sys: cannot create a folder there"),
    ("FILE/sub", "FILE is a file, not a folder"),
    ("FILE", "exists and is not a folder"),
    (LONG_NAME, "File name too long"),
    ("", "--out: must name a folder, got ''"),
])
def test_unusable_out_folders_in_process(tmp_path, monkeypatch, capfd, command, where, cause):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "FILE").write_text("a file\n")
    assert main([*command, "--out", where]) == 2
    assert cause in assert_one_line(capfd.readouterr().err, "neurosim: error: --out")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["FILE"]


_ENOSPC = """
import builtins, errno, sys
real_open = builtins.open
def full_disk_open(file, mode="r", *args, **kwargs):
    handle = real_open(file, mode, *args, **kwargs)
    if ("w" in mode or "a" in mode) and ".neurosim-staging-" in str(file):
        def write(data):
            raise OSError(errno.ENOSPC, "No space left on device", str(file))
        handle.write = write
    return handle
builtins.open = full_disk_open
from neurosim.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize("command", [
    ["xor", "--epochs", "10"],
    ["fi", "--preset", "brunel2000", "--points", "3", "--duration", "20ms"],
])
def test_no_space_left_leaves_the_old_folder_as_it_was(tmp_path, command):
    out = _old_folder(tmp_path)
    before = snapshot(out)
    code, stdout, err = run([*command, "--out", out, "--force"], cwd=tmp_path, code=_ENOSPC)
    assert code == 2
    line = assert_one_line(err, f"neurosim: error: writing --out {out}: ")
    assert line.endswith("No space left on device") and ".neurosim-staging" not in line
    _unchanged(tmp_path, out, before)


def test_force_over_a_folder_of_the_same_name_is_refused_whole(tmp_path):
    out = _old_folder(tmp_path)
    (out / "xor_loss_curve.png").mkdir()  # a name xor writes, taken by a folder
    (out / "xor_loss_curve.png" / "keep.txt").write_text("keep\n")
    before = snapshot(out)
    code, _, err = run(["xor", "--epochs", "10", "--out", out, "--force"], cwd=tmp_path)
    assert code == 2
    assert "xor_loss_curve.png is a folder" in assert_one_line(err, "neurosim: error: --out")
    _unchanged(tmp_path, out, before)


def test_force_replaces_our_files_and_keeps_the_others(tmp_path):
    out = _old_folder(tmp_path)
    code, _, err = run(["xor", "--epochs", "10", "--out", out, "--force"], cwd=tmp_path)
    assert code == 0, err
    assert (out / "notes.txt").read_bytes() == b"mine\n"
    assert (out / "xor_results.json").read_bytes() != b"{}\n"
    assert not any(p.name.startswith(".neurosim") for p in out.iterdir())


@pytest.mark.parametrize("preset, words", [
    ("BAD_UTF8", "not UTF-8"),
    ("FOLDER", "is a folder, not a preset file"),
    (LONG_NAME, "unknown name"),
    (f"/tmp/{LONG_NAME}.toml", "File name too long"),
])
def test_unreadable_presets(tmp_path, capfd, preset, words):
    (tmp_path / "bad.toml").write_bytes(b'title = "\xff\xfe"\n')
    (tmp_path / "folder").mkdir()
    preset = {"BAD_UTF8": tmp_path / "bad.toml", "FOLDER": tmp_path / "folder"}.get(preset, preset)
    assert main(["fi", "--preset", str(preset), "--out", str(tmp_path / "out")]) == 2
    assert words in assert_one_line(capfd.readouterr().err, "neurosim: error: ")
    assert not (tmp_path / "out").exists()


# --------------------------------------------------------------------------
# Sizes and option rules: refused before any work, naming the option as typed.

@pytest.mark.parametrize("command, words", [
    (["fi", "--dt", "1e-30ms"], ["--dt: 1e-30 ms", "step counter", "smallest --dt that works"]),
    (["fi", "--duration", "1e30s"], ["--duration: 1e+30 s", "largest --duration that works",
                                     "9.223e+14 s"]),
    (["fit", "--preset", "brunel2000", "--duration", "1e30s"], ["--duration: 1e+30 s"]),
    (["fi", "--points", "1000000000000"], ["--points: 1000000000000", "of memory",
                                           "largest --points that fits"]),
    (["fi", "--trials", "1000000000000"], ["--trials: 1000000000000", "largest --trials"]),
    (["convert", "--dataset", "xor", "--grid", "100000"], ["--grid: 100000", "largest --grid"]),
    (["convert", "--dataset", "xor", "--presentation", "0ms"], ["--presentation: must be"]),
    (["convert", "--dataset", "xor", "--dt", "1e-30ms"], ["--dt: 1e-30 ms", "--presentation"]),
    (["fi", "--to", "1e400nA"], ["--to: must be finite, got inf nA"]),
    (["fi", "--from", "-1e308nA", "--to", "1e308nA"], ["--from/--to: the range"]),
    (["fi", "--dt", "5ms"], ["--dt: must be"]),
    (["fi", "--seed", "4294967296"], ["--seed: must be None or an integer in [0, 2**32)"]),
    (["xor", "--seed", "4294967296"], ["--seed: must be None or an integer in [0, 2**32)"]),
    (["demo", "--seed", "-1"], ["--seed: must be None or an integer in [0, 2**32)"]),
    (["convert", "--dataset", "xor", "--seed", "-1"], ["--seed: must be None or an integer"]),
])
def test_sizes_and_rules_are_one_line(tmp_path, capfd, command, words):
    assert main([*command, "--out", str(tmp_path / "out")]) == 2
    err = capfd.readouterr().err
    line = assert_one_line(err, "neurosim: error: ")
    for word in words:
        assert word in line
    assert "Ys" not in line and "Warning" not in err
    assert list(tmp_path.iterdir()) == []


def test_a_ten_million_point_sweep_that_fits_is_not_refused(monkeypatch):
    """No arbitrary cap: only the memory the machine has decides."""
    from neurosim import resources

    monkeypatch.setattr(resources, "available_memory", lambda: 4 * 2**30)
    resources.check_memory(10**7, resources.FI_BYTES_PER_NEURON, name="--points", value=10**7,
                           what="neurons")
    monkeypatch.setattr(resources, "available_memory", lambda: 2 * 2**30)
    with pytest.raises(ParameterError, match=r"--points: 10000000 .* largest --points that "
                                             r"fits is about 7158278"):
        resources.check_memory(10**7, resources.FI_BYTES_PER_NEURON, name="--points",
                               value=10**7, what="neurons")


def test_a_preset_resting_above_threshold_is_not_blamed_on_to(tmp_path, capfd):
    preset = tmp_path / "pacemaker.toml"
    preset.write_text('source = "test"\n[params]\ntau_m = "10 ms"\nR_m = "10 Mohm"\n'
                      'E_L = "-40 mV"\nV_th = "-50 mV"\nV_reset = "-65 mV"\nt_ref = "2 ms"\n')
    assert main(["fi", "--preset", str(preset), "--out", str(tmp_path / "out")]) == 2
    line = assert_one_line(capfd.readouterr().err, "neurosim: error: --from:")
    assert "rests at or above threshold" in line and "give --to" in line


def test_negative_currents_are_option_values(tmp_path, capfd):
    out = tmp_path / "out"
    assert main(["fi", "--preset", "brunel2000", "--from", "-1nA", "--to", "1nA",
                 "--points", "3", "--duration", "50ms", "--out", str(out)]) == 0
    assert read_csv(out / "fi_brunel2000.csv")["current_nA"][0] == pytest.approx(-1)


# --------------------------------------------------------------------------
# Concurrency.

@pytest.mark.slow
def test_two_standalone_fi_at_once_with_an_empty_cache(tmp_path):
    cache = tmp_path / "cache"
    args = ["fi", "--preset", "brunel2000", "--points", "4", "--duration", "500ms",
            "--target", "cpp_standalone", "--seed", "1"]
    procs = [start([*args, "--out", tmp_path / f"out{k}"], cwd=tmp_path, NEUROSIM_CACHE=str(cache))
             for k in range(2)]
    results = [p.communicate(timeout=600) for p in procs]
    for proc, (_, err) in zip(procs, results):
        assert proc.returncode == 0, err
    rates = [read_csv(tmp_path / f"out{k}" / "fi_brunel2000.csv") for k in range(2)]
    for table in rates:
        np.testing.assert_allclose(table["rate_Hz"], rates[0]["rate_Hz"])
        # grid spike timing: each interval is at most one dt (0.1 ms) short, so the rate
        # exceeds the closed form r by at most ~r^2 dt (docs/bio.md); 10% for rounding
        closed = table["closed_form_Hz"]
        assert np.all(np.abs(table["rate_Hz"] - closed) <= 1.1 * closed**2 * 1e-4 + 1e-9)
    assert rates[0]["rate_Hz"][-1] > 10


@pytest.mark.slow
def test_two_demos_into_different_folders_at_once(tmp_path):
    procs = [start(["demo", "--quick", "--out", tmp_path / f"demo{k}"], cwd=tmp_path)
             for k in range(2)]
    results = [p.communicate(timeout=600) for p in procs]
    for proc, (_, err) in zip(procs, results):
        assert proc.returncode == 0, err
    assert snapshot(tmp_path / "demo0").keys() == snapshot(tmp_path / "demo1").keys()
    assert (tmp_path / "demo0" / "index.html").is_file()


@pytest.mark.slow
def test_ctrl_c_while_compiling_a_standalone_project(tmp_path):
    """Brian2 compiles with os.system, which ignores SIGINT: neurosim's build does not."""
    cache = tmp_path / "cache"
    proc = start(["fi", "--preset", "brunel2000", "--points", "6", "--duration", "300ms",
                  "--target", "cpp_standalone", "--out", tmp_path / "out"], cwd=tmp_path,
                 NEUROSIM_CACHE=str(cache))
    wait_for(lambda: any(cache.glob("standalone/*/neurosim_make.log")), proc, timeout=120,
             what="the compiler")
    code, _, err = interrupt(proc, signal.SIGINT)
    assert code == 130
    assert_one_line(err, "neurosim: interrupted")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache"]
    assert not [p for p in (cache / "standalone").iterdir() if p.is_dir()]  # no half project


# --------------------------------------------------------------------------
# The commit itself, in-process: a failure or a signal while moving files in.

def _staged_run(out, fail_at=None, signal_at=None, monkeypatch=None):
    import os

    from neurosim.cli import _signals
    from neurosim.cli._output import staged_output

    real_rename, calls = os.rename, []

    def rename(src, dst):
        calls.append(dst)
        if len(calls) == fail_at:
            raise OSError(28, "No space left on device", str(dst))
        if len(calls) == signal_at:
            os.kill(os.getpid(), signal.SIGTERM)
        real_rename(src, dst)

    previous = _signals.install()
    try:
        with staged_output(out, force=True) as staging:
            for name in ("fi_brunel2000.csv", "fi_brunel2000.png", "new.json"):
                (staging / name).write_bytes(b"new " + name.encode())
            monkeypatch.setattr(os, "rename", rename)
    finally:
        monkeypatch.undo()
        _signals.uninstall(previous)


@pytest.mark.parametrize("fail_at", [1, 2, 3, 4])
def test_a_failure_while_moving_restores_the_old_files(tmp_path, monkeypatch, fail_at):
    from neurosim.errors import OutputError

    out = _old_folder(tmp_path)
    before = snapshot(out)
    with pytest.raises(OutputError, match="moving results into place: --out .*No space left"):
        _staged_run(out, fail_at=fail_at, monkeypatch=monkeypatch)
    _unchanged(tmp_path, out, before)


def test_a_signal_while_moving_is_held_back_and_undoes_the_move(tmp_path, monkeypatch):
    from neurosim.cli._signals import Interrupted

    out = _old_folder(tmp_path)
    before = snapshot(out)
    with pytest.raises(Interrupted):
        _staged_run(out, signal_at=2, monkeypatch=monkeypatch)
    _unchanged(tmp_path, out, before)


def test_a_completed_commit_replaces_our_files_as_a_whole(tmp_path, monkeypatch):
    out = _old_folder(tmp_path)
    _staged_run(out, monkeypatch=monkeypatch)
    assert (out / "fi_brunel2000.csv").read_bytes() == b"new fi_brunel2000.csv"
    assert (out / "new.json").read_bytes() == b"new new.json"
    assert (out / "notes.txt").read_bytes() == b"mine\n"
    assert not any(p.name.startswith(".neurosim") for p in out.iterdir())


@pytest.mark.parametrize("argv", [["--state", "AI"], ["--phase-diagram"]])
def test_a_network_too_big_for_the_memory_is_refused(tmp_path, monkeypatch, capfd, argv):
    from neurosim import resources

    monkeypatch.setattr(resources, "available_memory", lambda: 50 * 2**20)
    assert main(["network", *argv, "--scale", "0.4", "--out", str(tmp_path / "out")]) == 2
    line = assert_one_line(capfd.readouterr().err, "neurosim: error: --scale: 0.4 means ")
    assert "largest --scale that fits is about 0.0" in line
    assert list(tmp_path.iterdir()) == []


def test_network_refuses_an_unusable_out_before_building(tmp_path, capfd):
    (tmp_path / "FILE").write_text("x\n")
    assert main(["network", "--out", str(tmp_path / "FILE" / "sub")]) == 2
    assert "is a file, not a folder" in assert_one_line(capfd.readouterr().err, "neurosim: error:")


def test_sigterm_while_a_network_runs(tmp_path):
    out = tmp_path / "net"
    proc = start(["network", "--state", "AI", "--scale", "0.1", "--duration", "100s",
                  "--target", "numpy", "--out", out], cwd=tmp_path)
    wait_for(lambda: proc.stderr.readline().startswith("simulating"), proc,
             what="the progress line")
    time.sleep(1)
    code, _, err = interrupt(proc, signal.SIGTERM)
    assert code == 143
    assert_one_line(err, "neurosim: interrupted (SIGTERM)")
    _unchanged(tmp_path, out, None)
