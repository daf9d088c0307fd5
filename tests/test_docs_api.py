"""The documentation stays complete: docs/api.md lists every public module, examples have titles.

A module counts as documented when docs/api.md lists it, or when a documented package
exports it (its name is in the package's ``__all__``) or re-exports one of its names.
Private modules (``_name``), the CLI and the demo's step modules are not API.
"""

import ast
import importlib
import pkgutil
import re
from pathlib import Path

import neurosim

API_PAGE = Path(__file__).resolve().parent.parent / "docs" / "api.md"


def _listed() -> set[str]:
    return set(re.findall(r"^\s+(neurosim[\w.]*)\s*$", API_PAGE.read_text(), re.MULTILINE))


def _own_names(module) -> list[str]:
    names = getattr(module, "__all__", None)
    if names is None:
        names = [n for n, v in vars(module).items()
                 if not n.startswith("_") and getattr(v, "__module__", None) == module.__name__]
    return list(names)


def _documented(name: str, listed: set[str]) -> bool:
    if name in listed:
        return True
    parent_name, leaf = name.rsplit(".", 1)
    if parent_name == "neurosim" or not _documented(parent_name, listed):
        return False
    exported = set(getattr(importlib.import_module(parent_name), "__all__", []))
    module = importlib.import_module(name)
    return leaf in exported or any(n in exported for n in _own_names(module))


def _public_modules():
    for info in pkgutil.walk_packages(neurosim.__path__, prefix="neurosim."):
        parts = info.name.split(".")
        if any(p.startswith("_") for p in parts) or parts[1] == "cli":
            continue
        module = importlib.import_module(info.name)
        if parts[1] == "demo" and hasattr(module, "STEP"):
            continue  # one step of the demo: documented through neurosim.demo.run_demo
        yield info.name


def test_every_public_module_is_on_the_api_page():
    listed = _listed()
    assert "neurosim.bio" in listed  # the parser reads the page's autosummary list
    missing = [name for name in _public_modules() if not _documented(name, listed)]
    assert missing == [], f"add these to the autosummary list in docs/api.md: {missing}"


def test_every_listed_module_exists():
    for name in _listed():
        importlib.import_module(name)


EXAMPLES = API_PAGE.parent.parent / "examples"


def test_every_example_has_a_gallery_title():
    """The gallery (sphinx-gallery) needs ``NN - title`` underlined by at least as many ``=``."""
    for path in sorted(EXAMPLES.glob("[0-9][0-9]_*.py")):
        first, second = ast.get_docstring(ast.parse(path.read_text())).splitlines()[:2]
        assert first.startswith(f"{path.name[:2]} - "), f"{path.name}: {first!r}"
        assert set(second) == {"="} and len(second) >= len(first), f"{path.name}: {second!r}"
