"""The import direction and the no-printing rule hold for the whole package."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "neurosim"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("side, forbidden", [("bio", ("neurosim.ann",)),
                                             ("ann", ("neurosim.bio", "neurosim.bridge", "brian2"))])
def test_bio_and_ann_never_import_each_other(side, forbidden):
    for path in (PACKAGE / side).rglob("*.py"):
        bad = {name for name in _imports(path) if name.startswith(forbidden)}
        assert not bad, f"{path.relative_to(PACKAGE)} imports {bad}"


def test_importing_ann_does_not_load_brian2():
    code = "import sys, neurosim.ann; print('brian2' in sys.modules, 'neurosim.bio' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False False"


def test_nothing_below_the_cli_prints_or_shows():
    for path in PACKAGE.rglob("*.py"):
        if "cli" in path.relative_to(PACKAGE).parts:
            continue
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                func = node.func
                name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
                assert name not in {"print", "show"}, f"{path.relative_to(PACKAGE)}:{node.lineno} calls {name}()"
            if isinstance(node, ast.Assert):
                raise AssertionError(f"{path.relative_to(PACKAGE)}:{node.lineno} validates with assert")


def test_library_code_never_uses_brian2_star_import_or_magic_run():
    for path in PACKAGE.rglob("*.py"):
        text = path.read_text()
        assert "from brian2 import *" not in text, path
        tree = ast.parse(text)
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                if node.func.attr == "run" and getattr(node.func.value, "id", "") == "brian2":
                    raise AssertionError(f"{path}: brian2.run() (use an explicit Network)")


def test_neurosim_xor_does_not_load_brian2():
    code = ("import sys, io, contextlib\nfrom neurosim.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()): main(['xor', '--epochs', '10'])\n"
            "print('brian2' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
