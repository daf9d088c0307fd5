"""The package builds as a wheel, installs into a fresh venv and loads its presets from there.

The presets live in the top-level ``models/`` folder and install as package data
of ``neurosim.models`` (no symbolic link). The fresh venv borrows the test
interpreter's dependencies through a ``.pth`` line (brian2 etc. are not
reinstalled) and installs the wheel with ``--no-index --no-deps``.
"""

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SOURCES = ("pyproject.toml", "setup.py", "README.md", "neurosim", "models")

CHECK = """
import sys
from pathlib import Path
import neurosim
from neurosim.bio import list_presets, load_preset
from neurosim.bio.presets import PRESET_DIR
venv = Path(sys.prefix).resolve()
assert Path(neurosim.__file__).resolve().is_relative_to(venv), neurosim.__file__
assert PRESET_DIR.resolve().is_relative_to(venv) and not PRESET_DIR.is_symlink(), PRESET_DIR
names = list_presets()
params = [load_preset(n) for n in names]
print(len(names), params[0].name, sorted(p.stem for p in PRESET_DIR.glob("*.toml")) == names)
from neurosim.demo import i18n  # the translation catalogues are package data too
assert i18n.text("report.html_lang", "zh") == "zh-CN" and i18n.text("steps.xor.title")
"""


def _venv_python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")


@pytest.mark.slow
def test_wheel_installs_in_a_fresh_venv_and_loads_presets(tmp_path):
    src = tmp_path / "src"  # build from a copy: no build/ or egg-info in the checkout
    src.mkdir()
    for name in SOURCES:
        item = REPO / name
        if item.is_dir():
            shutil.copytree(item, src / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(item, src / name)
    wheels = tmp_path / "wheels"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run(pip + ["wheel", "--no-deps", "--no-build-isolation", "--no-index",
                          "-w", str(wheels), str(src)], check=True, capture_output=True)
    (wheel,) = wheels.glob("neurosim-*.whl")

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = _venv_python(venv)
    where = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    site = subprocess.run([str(python), "-c", where],
                          check=True, capture_output=True, text=True).stdout.strip()
    deps = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (Path(site) / "test_deps.pth").write_text("\n".join(sorted(deps)) + "\n")
    subprocess.run(pip + ["--python", str(python), "install", "--no-deps", "--no-index",
                          str(wheel)], check=True, capture_output=True)

    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run([str(python), "-c", CHECK], cwd=tmp_path, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    count, first, listed = result.stdout.split()
    assert int(count) == len(list((REPO / "models").glob("*.toml"))) and listed == "True"
    cli = subprocess.run([str(python), "-m", "neurosim", "presets"], cwd=tmp_path, env=env,
                         capture_output=True, text=True)
    assert cli.returncode == 0 and first in cli.stdout, cli.stderr
