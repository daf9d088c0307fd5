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


# --------------------------------------------------------------------------
# Every promise of the package docstrings, held.

MAX_LINES = 500  # "no module above ~400 lines, none above 500"
SUBPACKAGES = ("bio", "ann", "bridge", "plotting", "cli", "demo")


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        yield path, ".".join(parts)


def test_no_module_is_longer_than_500_lines():
    long = {str(p.relative_to(PACKAGE)): n for p, _ in _modules()
            if (n := len(p.read_text().splitlines())) > MAX_LINES}
    assert not long, f"split these by responsibility: {long}"


@pytest.mark.parametrize("package", ("",) + SUBPACKAGES)
def test_each_package_docstring_names_every_module_it_holds(package):
    import re

    folder = PACKAGE / package if package else PACKAGE
    doc = ast.get_docstring(ast.parse((folder / "__init__.py").read_text())) or ""
    names = [p.stem for p in folder.glob("*.py") if not p.stem.startswith("_")]
    names += [p.name for p in folder.iterdir()
              if p.is_dir() and (p / "__init__.py").exists() and not p.name.startswith("_")]
    missing = [n for n in names if not re.search(rf"\b{n}\b", doc)]
    assert not missing, f"neurosim.{package} docstring does not name {missing}"


def test_every_submodule_imports_as_a_module_and_is_not_shadowed():
    import importlib
    import types

    for path, name in _modules():
        if name.endswith("__main__"):
            continue
        module = importlib.import_module(name)
        assert isinstance(module, types.ModuleType), name
        parent, _, leaf = name.rpartition(".")
        if parent:
            attribute = getattr(importlib.import_module(parent), leaf, module)
            assert attribute is module, f"{parent}.{leaf} is {attribute!r}, not the module"


@pytest.mark.parametrize("side, forbidden", [
    ("bio", ("neurosim.bridge", "neurosim.plotting", "neurosim.cli", "neurosim.demo",
             "neurosim.report", "neurosim.explore")),
    ("ann", ("neurosim.plotting", "neurosim.cli", "neurosim.demo", "neurosim.report",
             "neurosim.explore")),
    ("bridge", ("neurosim.plotting", "neurosim.cli", "neurosim.demo", "neurosim.report",
                "neurosim.explore")),
])
def test_lower_layers_never_import_upper_ones(side, forbidden):
    for path in (PACKAGE / side).rglob("*.py"):
        bad = {name for name in _imports(path) if name.startswith(forbidden)}
        assert not bad, f"{path.relative_to(PACKAGE)} imports {bad}"


def test_ann_imports_only_numpy_errors_and_validation():
    allowed = ("numpy", "neurosim.ann", "neurosim.errors", "neurosim.validation", "__future__")
    for path in (PACKAGE / "ann").rglob("*.py"):
        bad = {name for name in _imports(path)
               if not name.startswith(allowed) and name.split(".")[0] not in sys.stdlib_module_names}
        assert not bad, f"{path.relative_to(PACKAGE)} imports {bad}"


@pytest.mark.parametrize("module", ["comparison", "fit_families", "fitting", "fit_report"])
def test_bridge_comparison_and_fits_never_import_ann(module):
    bad = {name for name in _imports(PACKAGE / "bridge" / f"{module}.py")
           if name.startswith("neurosim.ann")}
    assert not bad, f"bridge/{module}.py imports {bad}"


def test_importing_neurosim_validation_and_errors_is_cheap():
    code = ("import sys, neurosim, neurosim.errors, neurosim.validation; "
            "print(any(m in sys.modules for m in ('brian2', 'matplotlib', 'scipy')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_validation_is_written_once():
    """The checks live in neurosim.validation: no module re-implements the integer rule."""
    offenders = []
    for path, _ in _modules():
        if path.name == "validation.py":
            continue
        text = path.read_text()
        if "isinstance(value, bool)" in text or "isinstance(seed, bool)" in text \
                or 'getattr(value, "shape", ()) != ()' in text:
            offenders.append(str(path.relative_to(PACKAGE)))
    assert not offenders, offenders
