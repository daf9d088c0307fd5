"""Shared test set-up: headless matplotlib, a private Brian2 standalone cache, test workers.

The suite runs on every core with pytest-xdist (``-n auto --dist loadfile`` in
pyproject.toml), scheduled by :func:`pytest_xdist_make_scheduler` in units (:func:`_units`) that
build every expensive fixture once: the tests that use one of the session fixtures below
(:data:`SHARED_FIXTURES`, each a whole quick demo) share a worker, the other tests of a file
that use its module-scoped fixtures share a worker, and any other test is a unit of its own,
so that the workers finish together rather than one waiting for the longest file. The demo units and the
slow tests are handed out first (:func:`pytest_collection_modifyitems`). All workers share one
``$NEUROSIM_CACHE``: compiled cpp_standalone projects are locked per folder
(:func:`neurosim.bio.engine.standalone_project`) and Brian2 locks its Cython extensions.
"""

import contextlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


#: Session fixtures that each run a demo: the tests using one share an xdist worker.
SHARED_FIXTURES = ("quick_demo", "quick_demo_zh")


def pytest_xdist_auto_num_workers(config):
    """``-n auto``: one worker per core, but none for a single test file (start-up costs more)."""
    files = {str(arg).split("::")[0] for arg in config.args}
    if len(files) == 1 and Path(next(iter(files))).is_file():
        return 0
    return min(os.cpu_count() or 1, 4)


def pytest_configure_node(node):
    """Every xdist worker gets the controller's cache folder (made here, once) and the file
    where it writes the scheduling units of its collection (:func:`pytest_collection_modifyitems`)."""
    node.workerinput["neurosim_cache"] = _cache_folder(node.config)
    node.workerinput["neurosim_units"] = str(_units_folder(node.config)
                                             / f"units-{node.gateway.id}.json")


def _units_folder(config) -> Path:
    if not hasattr(config, "_neurosim_units"):
        config._neurosim_units = config._tmp_path_factory.mktemp("xdist-units")
    return config._neurosim_units


def _cache_folder(config) -> str:
    if os.environ.get("NEUROSIM_CACHE"):
        return os.environ["NEUROSIM_CACHE"]
    if not hasattr(config, "_neurosim_cache"):
        config._neurosim_cache = str(config._tmp_path_factory.mktemp("neurosim-cache"))
    return config._neurosim_cache


#: Fixture scopes that a scheduling unit must not split (each would be built once per worker).
_SHARED_SCOPES = ("module", "class", "package")


def _fixture_defs(item) -> dict:
    info = getattr(item, "_fixtureinfo", None)
    return info.name2fixturedefs if info is not None else {}


def _module_fixtures(item) -> set:
    """The module-, class- and package-scoped fixtures ``item`` uses (directly or not)."""
    defs = _fixture_defs(item)
    return {(item.nodeid.split("::", 1)[0], name) for name in item.fixturenames
            for d in defs.get(name, ()) if d.scope in _SHARED_SCOPES}


def _units(items) -> dict:
    """The scheduling unit of each test (node id -> unit).

    A test using fixtures of :data:`SHARED_FIXTURES` goes to the unit of those fixtures
    (fixtures used by one test together share a unit), and so does every test that shares a
    module-scoped fixture with it; tests marked ``shares(name)`` (they read one cached
    computation, e.g. the mean and the sd of the same runs) go to the unit ``name``; any
    other test using a module-scoped fixture goes to the unit of its file; every other test
    is a unit of its own.
    """
    group = {name: {name} for name in SHARED_FIXTURES}  # fixture -> the set it is grouped in

    def merge(names):
        merged = set().union(*(group[name] for name in names))
        for name in merged:
            group[name] = merged

    demo = {item.nodeid: {n for n in SHARED_FIXTURES if n in _fixture_defs(item)} for item in items}
    modular = {item.nodeid: _module_fixtures(item) for item in items}
    changed = True
    while changed:  # until no module fixture is shared by a demo test and another test
        with_demo: dict = {}  # module fixture -> the demo fixtures of the tests that use it
        for nodeid, names in demo.items():
            for fixture in modular[nodeid] if names else ():
                with_demo.setdefault(fixture, set()).update(names)
        changed = False
        for nodeid, names in demo.items():
            wanted = names.union(*(with_demo.get(f, set()) for f in modular[nodeid]))
            changed |= wanted != names
            demo[nodeid] = wanted
    for names in demo.values():
        if names:
            merge(names)
    units = {}
    for item in items:
        shares = item.get_closest_marker("shares")
        if demo[item.nodeid]:
            units[item.nodeid] = "+".join(sorted(group[min(demo[item.nodeid])]))
        elif shares is not None:
            units[item.nodeid] = f"shares:{shares.args[0]}"
        elif modular[item.nodeid]:
            units[item.nodeid] = item.nodeid.split("::", 1)[0]
        else:
            units[item.nodeid] = item.nodeid
    return units


def pytest_collection_modifyitems(session, config, items):
    """On an xdist worker: the demo units and slow tests first (the longest work starts first,
    so that the workers finish together), and the units (:func:`_units`) written for the
    controller."""
    worker = getattr(config, "workerinput", None)
    if worker is None or "neurosim_units" not in worker:
        return
    units = _units(items)
    def first(item):
        demo = set(units[item.nodeid].split("+")) <= set(SHARED_FIXTURES)
        return 0 if demo or item.get_closest_marker("slow") else 1

    items.sort(key=first)
    Path(worker["neurosim_units"]).write_text(json.dumps(units), encoding="utf-8")


def pytest_xdist_make_scheduler(config, log):
    """``--dist loadfile`` with the units of :func:`_unit`, in the workers' collection order.

    A worker writes its units before it reports its collection, so they are there when the
    controller schedules (a test missing from them falls back to its file). (Marks with
    ``--dist loadgroup`` would group tests, but pytest 9.2 derives a test's node id from its
    path, so the group suffix xdist 3.8 appends to ``item._nodeid`` is lost.)
    """
    from xdist.scheduler import LoadScopeScheduling

    config.option.loadscopereorder = False  # keep the slow-first order of the collection
    folder = _units_folder(config)

    class Scheduling(LoadScopeScheduling):
        units: dict | None = None

        def _split_scope(self, nodeid: str) -> str:
            if self.units is None:
                self.units = {}
                for path in sorted(folder.glob("units-*.json")):
                    self.units = json.loads(path.read_text(encoding="utf-8"))
                    break
            return self.units.get(nodeid) or nodeid.split("::", 1)[0]

    return Scheduling(config, log)


@pytest.fixture(scope="session", autouse=True)
def _private_standalone_cache(request):
    """Compiled cpp_standalone projects go to a temporary folder, not ~/.cache."""
    worker = getattr(request.config, "workerinput", None)
    folder = worker["neurosim_cache"] if worker else _cache_folder(request.config)
    os.environ.setdefault("NEUROSIM_CACHE", folder)
    yield


def run_example(name: str, out_dir: Path, timeout: int = 300) -> subprocess.CompletedProcess:
    """Run ``examples/<name>`` headless with ``out_dir`` as its output folder."""
    env = {**os.environ, "MPLBACKEND": "Agg"}
    return subprocess.run(
        [sys.executable, str(EXAMPLES / name), str(out_dir)],
        capture_output=True, text=True, timeout=timeout, env=env, cwd=ROOT,
    )


@pytest.fixture(scope="session")
def quick_demo(tmp_path_factory):
    """``neurosim demo --quick --single-file --seed 2024``, once per session: (folder, stderr).

    Seed 2024 is the default, the run docs/classroom.md quotes (tests/test_answer_key.py).
    """
    from neurosim.cli import main

    out = tmp_path_factory.mktemp("demo") / "out"
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(["demo", "--quick", "--single-file", "--out", str(out), "--seed", "2024"])
    assert code == 0, err.getvalue()
    return out, err.getvalue()


#: Steps of the Chinese run (a subset, to keep it short; every step's Chinese texts are
#: also filled with the numbers of the English run in tests/test_i18n.py).
ZH_STEPS = ("side_by_side", "fi_presets", "fits", "xor")


@pytest.fixture(scope="session")
def quick_demo_zh(tmp_path_factory):
    """``run_demo`` in Chinese (quick, seed 2024) for :data:`ZH_STEPS`, once: (folder, result)."""
    from neurosim.demo import DemoOptions, run_demo

    out = tmp_path_factory.mktemp("demo_zh")
    result = run_demo(out, DemoOptions(quick=True, lang="zh"), only=ZH_STEPS)
    return out, result
