"""The import direction and the no-printing rule hold for the whole package."""

import ast
import re
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


# Each module imported first, in an interpreter that holds no neurosim module yet: an import
# circle shows only when the circle's far end is imported first, which one alphabetical pass
# in one process cannot see.  A child forked per module from one parent that has loaded the
# third-party libraries (not neurosim) keeps this to seconds, not minutes; where there is no fork,
# one subprocess per module.
_FRESH_IMPORTS = r"""
import importlib, os, sys, traceback
names = sys.argv[1:]
for lib in ("numpy", "scipy.optimize", "scipy.stats", "scipy.integrate", "brian2",
            "matplotlib.pyplot"):
    try:
        importlib.import_module(lib)
    except ImportError:
        pass
assert not any(m == "neurosim" or m.startswith("neurosim.") for m in sys.modules)
failed, running = 0, set()
for name in names + [None] * 3:
    if name is not None:
        pid = os.fork()
        if pid == 0:
            try:
                importlib.import_module(name)
            except BaseException:
                sys.stdout.write(f"{name}: " + traceback.format_exc().splitlines()[-1] + "\\n")
                sys.stdout.flush()
                os._exit(1)
            os._exit(0)
        running.add(pid)
    if len(running) >= 3 or name is None and running:  # three children at a time
        pid, status = os.wait()
        running.discard(pid)
        failed += status != 0
sys.exit(1 if failed else 0)
"""


def test_every_module_imports_first_in_a_fresh_interpreter():
    import os

    names = [name for _, name in _modules() if not name.endswith("__main__")]
    env = {**os.environ, "MPLBACKEND": "Agg"}
    if hasattr(os, "fork"):
        result = subprocess.run([sys.executable, "-c", _FRESH_IMPORTS, *names], env=env,
                                capture_output=True, text=True, timeout=600)
        failures = result.stdout.strip()
        assert result.returncode == 0, f"import fails when imported first:\n{failures}"
    else:  # pragma: no cover - Windows
        failures = [name for name in names
                    if subprocess.run([sys.executable, "-c", f"import {name}"], env=env,
                                      capture_output=True).returncode != 0]
        assert not failures, f"import fails when imported first: {failures}"


def _internal_imports(path: Path, name: str) -> set[str]:
    """The neurosim modules ``path`` imports, at module level or deferred inside a function
    (``if TYPE_CHECKING:`` blocks never run and do not count).  ``from a import b`` counts as
    an import of ``a.b`` when that is a module, else of ``a``."""
    known = {n for _, n in _modules()}
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()

    def visit(nodes):
        for node in nodes:
            if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
                visit(node.orelse)
                continue
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    root = package
                    for _ in range(node.level - 1):
                        root = root.rpartition(".")[0]
                    base = f"{root}.{base}" if base else root
                for alias in node.names:
                    found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base)
            visit(ast.iter_child_nodes(node))

    visit(ast.parse(path.read_text()).body)
    return {n for n in found if n in known and n != name}


def test_no_two_modules_import_each_other_even_through_others():
    """No circle in the graph of neurosim's own imports (module level and deferred ones): a
    deferred import that closes a circle only hides it until the day the order changes."""
    graph = {name: _internal_imports(path, name) for path, name in _modules()}
    index, low, stack, on_stack, circles = {}, {}, [], set(), []

    def strongly_connected(v):  # Tarjan (1972)
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                strongly_connected(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while not component or component[-1] != v:
                component.append(stack.pop())
                on_stack.discard(component[-1])
            if len(component) > 1:
                circles.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            strongly_connected(v)
    assert not circles, f"modules that import each other: {circles}"


@pytest.mark.parametrize("side, forbidden", [
    ("bio", ("neurosim.bridge", "neurosim.plotting", "neurosim.cli", "neurosim.demo",
             "neurosim.explore")),
    ("ann", ("neurosim.plotting", "neurosim.cli", "neurosim.demo",
             "neurosim.explore")),
    ("bridge", ("neurosim.plotting", "neurosim.cli", "neurosim.demo",
                "neurosim.explore")),
])
def test_lower_layers_never_import_upper_ones(side, forbidden):
    for path in (PACKAGE / side).rglob("*.py"):
        bad = {name for name in _imports(path) if name.startswith(forbidden)}
        assert not bad, f"{path.relative_to(PACKAGE)} imports {bad}"


def test_ann_imports_only_numpy_errors_and_validation():
    # scikit-learn for the digits data set and its split only (ann/datasets.py).
    allowed = ("numpy", "neurosim.ann", "neurosim.errors", "neurosim.validation",
               "neurosim.resources", "__future__", "sklearn.datasets", "sklearn.model_selection")
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


# --------------------------------------------------------------------------
# The model class is the one place that knows the model: nothing outside
# neurosim/bio/models asks a parameter object for its type.


def _type_dispatch(tree: ast.AST) -> list[tuple[int, str]]:
    """``isinstance(x, <...Params>)``, ``hasattr(x, "rheobase")`` and ``<...>.__name__`` compared
    with a string: the three ways of asking "which model is this?"."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            if node.func.id == "isinstance" and len(node.args) == 2:
                kinds = node.args[1].elts if isinstance(node.args[1], ast.Tuple) else [node.args[1]]
                names = [getattr(k, "id", getattr(k, "attr", "")) for k in kinds]
                if any(name.endswith("Params") for name in names):
                    found.append((node.lineno, f"isinstance(..., {', '.join(names)})"))
            if node.func.id == "hasattr" and len(node.args) == 2 \
                    and getattr(node.args[1], "value", None) == "rheobase":
                found.append((node.lineno, 'hasattr(..., "rheobase")'))
        if isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            if any(isinstance(s, ast.Attribute) and s.attr == "__name__" for s in sides) and any(
                    isinstance(s, ast.Constant) and isinstance(s.value, str) for s in sides):
                found.append((node.lineno, "__name__ compared with a string"))
    return found


def test_no_type_dispatch_outside_the_model_classes():
    offenders = []
    for path, _ in _modules():
        if path.is_relative_to(PACKAGE / "bio" / "models"):
            continue
        for line, what in _type_dispatch(ast.parse(path.read_text())):
            offenders.append(f"{path.relative_to(PACKAGE)}:{line}: {what}")
    assert not offenders, "ask the model (its hooks, neurosim.bio.models.base), not its type:\n" \
        + "\n".join(offenders)


@pytest.mark.parametrize("source", [
    "isinstance(p, LIFParams)", "isinstance(p, (EIFParams, AdExParams))",
    "isinstance(p, models.HHParams)", 'hasattr(p, "rheobase")',
    'type(p).__name__ == "IzhikevichParams"', '"LIFParams" != p.__class__.__name__',
])
def test_the_type_dispatch_check_sees_each_form(source):
    assert _type_dispatch(ast.parse(source))
    assert not _type_dispatch(ast.parse("isinstance(p, NetworkSpec) or hasattr(p, 'tau_w')"))


def test_one_table_of_brian2_targets():
    """Below the CLI, only neurosim.bio.brian2_tools spells the list of targets (TARGETS); every
    other module checks and resolves a target through check_target and resolve_target."""
    names = {"numpy", "cython", "cpp_standalone"}
    offenders = []
    for path, name in _modules():
        if name == "neurosim.bio.brian2_tools" or "cli" in path.relative_to(PACKAGE).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
                words = {e.value for e in node.elts if isinstance(e, ast.Constant)}
                if len(words & names) >= 2:
                    offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
            if isinstance(node, ast.Compare) and any(isinstance(op, (ast.In, ast.NotIn))
                                                     for op in node.ops):
                if isinstance(node.left, ast.Name) and node.left.id == "target":
                    offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert not offenders, f"targets listed outside brian2_tools.TARGETS: {offenders}"


def test_the_cli_offers_the_targets_of_the_table():
    import argparse

    from neurosim.bio.brian2_tools import RUNTIME_TARGETS, TARGETS
    from neurosim.cli import build_parser

    parser = build_parser()
    subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    offered = {name: action.choices for name, sub in subparsers.choices.items()
               for action in sub._actions if action.dest == "target"}
    assert offered, "no command has a --target option"
    for name, choices in offered.items():
        assert list(choices) in (["auto", *TARGETS], [*TARGETS], ["auto", *RUNTIME_TARGETS],
                                 [*RUNTIME_TARGETS]), name


# --------------------------------------------------------------------------
# One shape for results: settings (a dict), provenance(), summary() (a dict), theory() where
# it applies (neurosim.provenance.Result).

RESULT_TYPES = [
    ("neurosim.bio.fi", "FICurve"), ("neurosim.bio.trace", "Trace"),
    ("neurosim.bio.isi", "ISIStatistics"), ("neurosim.bio.excitability", "StepResponses"),
    ("neurosim.bio.excitability", "Rheobase"), ("neurosim.bio.ramps", "Bistability"),
    ("neurosim.bio.network.result", "NetworkResult"), ("neurosim.bio.nest_check", "NestComparison"),
    ("neurosim.bridge.comparison", "Comparison"), ("neurosim.bridge.convergence", "DtConvergence"),
    ("neurosim.bridge.fitting", "FitResult"),
    ("neurosim.bridge.correspondence_table", "Correspondence"),
    ("neurosim.bridge.conversion_results", "ConversionResult"),
    ("neurosim.bridge.experiment", "ConversionExperiment"),
    ("neurosim.bridge.population_theory", "MeanField"),
    ("neurosim.bridge.rate_dynamics", "RateTrace"),
    ("neurosim.bridge.phase_diagram", "PhaseDiagram"),
    ("neurosim.bridge.cell_results", "CellRunResult"), ("neurosim.bridge.digits", "DigitsExperiment"),
]

#: Names that mark a result type among a package's exports.
RESULT_SUFFIXES = ("Result", "Experiment", "Trace", "Curve", "Statistics", "Responses",
                   "Convergence", "Field", "Diagram", "Correspondence", "Comparison", "Rheobase",
                   "Bistability")


def test_every_exported_result_type_is_held_to_the_protocol():
    import importlib
    import inspect

    listed = {getattr(importlib.import_module(m), name) for m, name in RESULT_TYPES}
    missing = []
    for package in ("neurosim.bio", "neurosim.bio.network", "neurosim.bridge"):
        module = importlib.import_module(package)
        for name in module.__all__:
            value = getattr(module, name)
            if inspect.isclass(value) and name.endswith(RESULT_SUFFIXES) and value not in listed:
                missing.append(f"{package}.{name}")
    assert not missing, f"add these to RESULT_TYPES (and give them the protocol): {missing}"


@pytest.mark.parametrize("module, name", RESULT_TYPES)
def test_every_result_type_offers_the_result_protocol(module, name):
    import dataclasses
    import importlib

    from neurosim.provenance import Result

    cls = getattr(importlib.import_module(module), name)
    assert issubclass(cls, Result), f"{name} does not derive from neurosim.provenance.Result"
    fields = {f.name: f.type for f in dataclasses.fields(cls)} if dataclasses.is_dataclass(cls) \
        else {}
    settings = getattr(cls, "settings", None)
    assert isinstance(settings, property) or fields.get("settings") in (dict, "dict"), \
        f"{name}.settings is neither a property nor a dict field"
    assert cls.summary is not Result.summary, f"{name} has no summary()"
    assert callable(cls.provenance) and not isinstance(cls.__dict__.get("provenance"), dict)


#: Each of these names means one thing on every class of the package.
ONE_MEANING = {"summary": "dict", "describe": "str", "rows": "list[dict]", "settings": "dict",
               "provenance": "dict", "theory": "Quantity"}


def test_each_protocol_name_has_one_return_type_everywhere():
    wrong = []
    for path, _ in _modules():
        for node in ast.walk(ast.parse(path.read_text())):
            if not isinstance(node, ast.ClassDef):
                continue
            for item in node.body:
                if isinstance(item, ast.FunctionDef) and item.name in ONE_MEANING:
                    got = ast.unparse(item.returns) if item.returns else "(none)"
                    if got != ONE_MEANING[item.name]:
                        wrong.append(f"{path.relative_to(PACKAGE)}:{item.lineno} "
                                     f"{node.name}.{item.name} -> {got}")
                elif isinstance(item, ast.AnnAssign) and getattr(item.target, "id", "") in (
                        "settings", "provenance"):
                    got = ast.unparse(item.annotation)
                    if got != "dict":
                        wrong.append(f"{path.relative_to(PACKAGE)}:{item.lineno} "
                                     f"{node.name}.{item.target.id}: {got}")
    assert not wrong, "names with another meaning:\n" + "\n".join(wrong)


def test_a_result_is_json_ready_and_carries_its_provenance():
    """Two cheap results (no simulation): a fit and a mean field."""
    import json

    import numpy as np
    from brian2 import Hz, nA

    from neurosim.bio.network import brunel2000
    from neurosim.bridge import fit_activation, mean_field

    currents = np.linspace(0.0, 2.0, 9) * nA
    fit = fit_activation(currents, np.maximum(0.0, 40.0 * (np.asarray(currents / nA) - 0.5)) * Hz,
                         "relu")
    for result in (fit, mean_field(brunel2000("AI"))):
        json.dumps(result.settings)
        json.dumps(result.summary())
        record = result.provenance()
        assert record["parameters"] == result.settings and "neurosim" in record["versions"]


def test_every_must_be_one_of_check_is_check_choice():
    """'must be one of' is said by neurosim.validation.check_choice only (one wording, one rule)."""
    offenders = []
    for path, _ in _modules():
        if path.name == "validation.py":
            continue
        for line_number, line in enumerate(path.read_text().splitlines(), 1):
            if "must be one of" in line or re.search(r"must be '\w+' or '\w+'", line):
                offenders.append(f"{path.relative_to(PACKAGE)}:{line_number}")
    assert not offenders, f"use check_choice: {offenders}"
