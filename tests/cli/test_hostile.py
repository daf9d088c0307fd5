"""Hostile battery: signals, OS errors, impossible sizes and concurrent runs, as real processes.

Every case asserts the exit code, exactly one line on stderr without a
traceback, and that the output folder is byte-for-byte as it was (or absent,
with no staging folder left beside it).  See docs/guarantees.md.
"""

from __future__ import annotations

import json
import signal
import sys
import time

import numpy as np
import pytest

from neurosim.cli import main
from neurosim.errors import ParameterError
from neurosim.io import read_csv
from tests.cli.hostile import (
    ROOT,
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
def test_two_demos_into_different_folders_at_once(tmp_path, quick_demo):
    # After the session's quick demo (same settings, same $NEUROSIM_CACHE): the two demos read
    # its f-I curves from the results cache instead of simulating them twice more. Two processes
    # writing one cache entry at once: tests/test_results_cache.py; two standalone builds with an
    # empty cache: test_two_standalone_fi_at_once_with_an_empty_cache above.
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


# --------------------------------------------------------------------------
# Refused before any work, in real processes: exit 2, one line naming the option as typed,
# no warning or traceback, nothing written, and no brian_debug_*/brian_script_* left in the
# child's temporary folder.  To stay fast (each process pays for importing Brian2) the
# cases run in two child processes at once (those that change Brian2 in a process of their
# own), each calling ``main`` once per case in the case's own folder with its file descriptor 2 captured, runtime warnings shown each time.

_BATCH = """
import json, os, sys, tempfile, warnings
from neurosim.cli import main
results = []
for folder, argv in json.loads(sys.argv[1]):
    os.chdir(folder)
    warnings.simplefilter("always", RuntimeWarning)  # numpy's, each time (not once)
    with tempfile.TemporaryFile("w+", dir=folder) as err:
        saved = os.dup(2)
        os.dup2(err.fileno(), 2)
        try:
            code = main(argv)
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)
        err.seek(0)
        results.append([code, err.read()])
print(json.dumps(results))
"""

#: A compiler that fails at once (not a signal): make is replaced by a failing command.
_COMPILE_FAILS = """
import sys, brian2
brian2.prefs.devices.cpp_standalone.make_cmd_unix = (
    "echo 'main.cpp:1:1: error: simulated compiler failure'; false #")
from neurosim.cli import main
sys.exit(main(sys.argv[1:]))
"""

#: The same through the Cython target: setuptools' CompileError from the C++ compiler.
_CYTHON_FAILS = """
import sys
from brian2.codegen.runtime.cython_rt import extension_manager
from setuptools.errors import CompileError
def fail(self, *args, **kwargs):
    raise CompileError("command '/usr/bin/g++' failed with exit code 1")
extension_manager.CythonExtensionManager.create_extension = fail
from neurosim.cli import main
sys.exit(main(sys.argv[1:]))
"""

#: Cases that change Brian2 in their child: each in a process of its own.
ALONE = {"compile failure": _COMPILE_FAILS, "cython compile failure": _CYTHON_FAILS}

#: A bug of ours (an uncaught TypeError after Brian2 is imported): Python's traceback, exit 1,
#: and Brian2's excepthook does not keep its debug files.
_A_BUG = """
import sys
import neurosim.cli.fi_cmd as fi_cmd
def run(args):
    import brian2  # noqa: F401
    raise TypeError("a bug")
fi_cmd.run = run
from neurosim.cli import main
sys.exit(main(sys.argv[1:]))
"""

_SCALE = "--scale: must be a number in [0.1, 10] (the size relative to N_E = 10000"
REFUSED = {
    "network --duration 1e30s": (["network", "--duration", "1e30s", "--scale", "0.1"],
                                 ["--duration: 1e+30 s", "the largest --duration that works"]),
    "network --threads 0": (["network", "--threads", "0"], ["--threads: must be an integer >= 1"]),
    "network --threads -4": (["network", "--threads", "-4"], ["--threads: must be an integer"]),
    "network --threads 2": (["network", "--threads", "2"],
                            ["--threads: Brian2's", "give --target cpp_standalone"]),
    "network --duration 0s": (["network", "--duration", "0s"], ["--duration: must be at least"]),
    "network --g inf": (["network", "--phase-diagram", "--g", "inf"], ["--g: expected finite"]),
    **{f"network --scale {v}": (["network", "--scale", v], [_SCALE])
       for v in ("1e-9", "0.05", "1e9", "nan", "inf", "-1")},
    "network nest --threads": (["network", "--backend", "nest", "--threads", "100000", "--scale",
                                "0.1"], ["--threads: 100000 is more than the 1250 neurons"]),
    "preset model list": (["fi", "--preset", "list.toml"],
                          ["key 'model': expected text in quotes, got a list"]),
    "preset model table": (["fi", "--preset", "table.toml"],
                           ["key 'model': expected text in quotes, got a table"]),
    "fit all --dt": (["fit", "--preset", "all", "--dt", "5nA"], ["--dt: not used with --preset"]),
    "fit all --from": (["fit", "--preset", "all", "--from", "1nA"], ["--from: not used with"]),
    "fit all --to": (["fit", "--preset", "all", "--to", "2nA"], ["--to: not used with"]),
    "fit all --families": (["fit", "--preset", "all", "--families", "nonsense"],
                           ["--families: unknown family 'nonsense'"]),
    "fit all --duration": (["fit", "--preset", "all", "--duration", "1e30s"],
                           ["--duration: 1e+30 s", "the largest --duration that works"]),
    "fi --dt 0ms": (["fi", "--dt", "0ms"], ["--dt: must be in (0 ms, "]),
    "fi --from/--to": (["fi", "--from", "-1e308A", "--to", "1e308A"],
                       ["--from/--to: the range -1e308A to 1e308A is too wide"]),
    "fi --sigma 1e300mV": (["fi", "--sigma", "1e300mV"],
                           ["--sigma: must be >= 0 mV and at most 1000 mV", "got 1e+300 mV"]),
    "xor --epochs": (["xor", "--epochs", "100000000000000"],
                     ["--epochs: 100000000000000", "the largest --epochs that fits"]),
    "convert hh_squid": (["convert", "--dataset", "xor", "--preset", "hh_squid"],
                         ["--preset: hh_squid is a HHParams model", "give a LIF preset"]),
    "convert t_ref 0": (["convert", "--dataset", "xor", "--preset", "tref0.toml"],
                        ["--preset: tref0 has t_ref = 0 ms", "set t_ref in the preset file"]),
    # a long simulation (1000 s) behind it: refused in seconds, so before the simulation
    "fi --out name too long": (["fi", "--points", "3", "--duration", "1000s", "--out",
                                "x/" + LONG_NAME + "/y"], ["File name too long"]),
    "compile failure": (["fi", "--points", "2", "--duration", "20ms", "--target",
                         "cpp_standalone"], ["--target: cpp_standalone: the C++ compilation "
                                             "failed (main.cpp:1:1: error: simulated"]),
    "cython compile failure": (["fi", "--points", "2", "--duration", "20ms", "--target",
                                "cython"], ["--target: cython: the compilation of Brian2's "
                                            "generated code failed (command '/usr/bin/g++'"]),
}
#: Inputs of the cases, written into each child's folder first (left as they were).
INPUTS = {
    "list.toml": 'model = ["lif"]\nsource = "x"\n[params]\n',
    "table.toml": 'source = "x"\n[model]\nname = "lif"\n[params]\n',
    "tref0.toml": (ROOT / "models" / "brunel2000.toml").read_text().replace(
        't_ref = "2 ms"', 't_ref = "0 ms"'),
}


def _case_folder(folder):
    folder.mkdir(parents=True)
    for name, text in INPUTS.items():
        (folder / name).write_text(text)
    return folder


def _start_case(folder, argv, code=None):
    """One case in its own process (its own empty temporary folder and standalone cache)."""
    _case_folder(folder)
    (folder / "tmp").mkdir()
    return start([*argv, "--out", "out"], cwd=folder, code=code, TMPDIR=str(folder / "tmp"),
                 NEUROSIM_CACHE=str(folder / "tmp" / "cache"))


@pytest.fixture(scope="module")
def refused(tmp_path_factory):
    """Every case of :data:`REFUSED`: ``name -> (exit code, stderr, folder, temp folder)``."""
    root = tmp_path_factory.mktemp("refused")
    names = [name for name in REFUSED if name not in ALONE]
    batches, procs = [names[0::2], names[1::2]], []
    for k, batch in enumerate(batches):
        temp = root / f"tmp{k}"
        temp.mkdir()
        cases = []
        for name in batch:
            folder = _case_folder(root / f"case{names.index(name)}")
            argv = REFUSED[name][0]
            cases.append([str(folder), argv if "--out" in argv else [*argv, "--out", "out"]])
        procs.append((batch, temp, start([json.dumps(cases)], cwd=root, code=_BATCH,
                                         TMPDIR=str(temp), NEUROSIM_CACHE=str(temp / "cache"))))
    singles = {name: _start_case(root / f"alone{k}", REFUSED[name][0], code=code)
               for k, (name, code) in enumerate(ALONE.items())}
    results = {}
    for batch, temp, proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0 and err == "", err
        for name, (code, case_err) in zip(batch, json.loads(out)):
            results[name] = (code, case_err, root / f"case{names.index(name)}", temp)
    for k, (name, single) in enumerate(singles.items()):
        _, err = single.communicate(timeout=300)
        results[name] = (single.returncode, err, root / f"alone{k}", root / f"alone{k}" / "tmp")
    return results


def _left_in(folder, temp):
    """What a case left in its folder besides its inputs, in the temporary folder (Brian2's
    debug files) and in the standalone cache (a half-built project)."""
    extra = sorted(p.name for p in folder.iterdir() if p.name not in INPUTS and p.name != "tmp")
    left = sorted(p.name for p in temp.iterdir() if p.name != "cache")
    cache = temp / "cache" / "standalone"
    built = sorted(p.name for p in cache.iterdir() if p.is_dir()) if cache.exists() else []
    return extra, left, built


@pytest.mark.parametrize("case", list(REFUSED))
def test_refused_before_any_work_as_typed(refused, case):
    code, err, folder, temp = refused[case]
    assert code == 2, err
    line = assert_one_line(err, "neurosim: error: ")
    for word in REFUSED[case][1]:
        assert word in line
    assert "Warning" not in err and "WARNING" not in err and " Ys" not in line
    assert _left_in(folder, temp) == ([], [], [])
    assert (folder / "tref0.toml").read_text() == INPUTS["tref0.toml"]


def test_a_bug_is_a_python_traceback_without_brians_debug_files(tmp_path):
    proc = _start_case(tmp_path / "bug", ["fi"], code=_A_BUG)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 1
    assert "Traceback" in err and "TypeError: a bug" in err
    assert "brian_debug" not in err and "Brian 2 encountered an unexpected error" not in err
    assert _left_in(tmp_path / "bug", tmp_path / "bug" / "tmp") == ([], [], [])


def test_fi_prints_readable_quantities(tmp_path):
    code, stdout, err = run(["fi", "--points", "3", "--duration", "50ms", "--seed", "1",
                             "--out", tmp_path / "out"], cwd=tmp_path)
    assert code == 0, err
    assert "rheobase 2 nA, " in stdout and "of 50 ms at dt 0.1 ms" in stdout
    assert ". nA" not in stdout and ". ms" not in stdout


def test_a_network_without_enough_spikes_for_a_cv_says_so_once(tmp_path):
    code, stdout, err = run(["network", "--scale", "0.1", "--duration", "20ms", "--target",
                             "numpy", "--seed", "1", "--out", tmp_path / "net"], cwd=tmp_path)
    assert code == 0, err
    lines = err.strip().splitlines()
    assert lines[0].startswith("simulating 1250 neurons") and "for 20 ms on brian2" in lines[0]
    assert len(lines) == 2 and lines[1].startswith("neurosim network: warning: CV of E, I is "
                                                   "nan: no neuron fired 4 spikes or more")
    assert "CV nan" in stdout


def test_the_loser_of_two_runs_into_one_new_out_says_it_appeared(tmp_path):
    from neurosim.cli._output import staged_output
    from neurosim.errors import OutputError

    out = tmp_path / "out"
    with pytest.raises(OutputError, match=r"--out .*out: appeared while this command ran"):
        with staged_output(out) as staging:
            (staging / "mine.csv").write_text("mine\n")
            out.mkdir()  # the other run finished first
            (out / "theirs.csv").write_text("theirs\n")
    assert snapshot(out) == {"theirs.csv": b"theirs\n"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
