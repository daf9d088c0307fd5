"""The classroom demonstration: ordered steps, each writing figures, data and texts.

Each step is one module of this package holding a :class:`DemoStep` called
``STEP``; :func:`steps` finds them all and sorts them by ``STEP.order``, so a
new step is a new module and nothing else.  Orders in use (leave gaps)::

    10 membrane     one input, two neurons
    20 fi_curves    f-I curves of three presets
    30 noise        noise smooths the threshold
    40 fits         activation functions fitted to the f-I curve
    42 cells        not every neuron is the same activation function
    45 correspondence  every cell type x every activation family
    50 xor          the article's XOR experiment
    60 conversion   the trained network as spiking neurons
    70 network      a network's activation function is its mean field (Brunel 2000)

A step's function takes a :class:`StepContext` (folder, options, file stem
such as ``"04_fits"``) and returns a :class:`StepOutput`: its figure files,
data files, and the numbers its texts quote.  The texts (progress line,
title, caption, answer-key entries) are format strings in the translation
catalogues (``neurosim/locales/en.toml``, ``zh.toml``: table ``steps.<key>``),
filled by :func:`run_demo` in the language of ``DemoOptions.lang``; the
filled numbers and answers go to ``answer_key.json`` and ``answer_key.md``
beside the figures.

``run_demo`` is a pure library function: it writes into a folder and reports
progress through a callback; the CLI (``neurosim demo``) prints.

Beside the steps, the modules the demo alone needs:

report
    The demo's HTML report (a jinja2 template in ``neurosim/templates``).
single_file
    The report as one self-contained HTML file (``neurosim demo --single-file``).
i18n
    Translations as data: one catalogue per language (``neurosim/locales/en.toml``,
    ``zh.toml``) and figure labels in Chinese.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from neurosim.demo import i18n
from neurosim.demo._base import (
    FORMATS,
    DemoFigure,
    DemoOptions,
    DemoStep,
    StepContext,
    StepOutput,
    fill,
    translate_values,
)
from neurosim.validation import check_integer

__all__ = ["FORMATS", "DemoFigure", "DemoResult", "DemoOptions", "DemoStep", "StepContext",
           "StepOutput", "default_jobs", "run_demo", "steps"]


@dataclass
class DemoResult:
    """What :func:`run_demo` made."""

    folder: Path
    figures: list = field(default_factory=list)
    seconds: float = 0.0
    report: Path | None = None


def steps() -> list[DemoStep]:
    """Every step module's ``STEP``, sorted by ``order`` (keys and orders are unique)."""
    found = []
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        step = getattr(module, "STEP", None)
        if isinstance(step, DemoStep):
            found.append(step)
    found.sort(key=lambda s: s.order)
    for attr in ("key", "order"):
        values = [getattr(s, attr) for s in found]
        if len(set(values)) != len(values):
            raise RuntimeError(f"neurosim.demo: two steps share a {attr}: {values}")
    return found


def run_step(step: DemoStep, position: int, folder: Path, options: DemoOptions) -> DemoFigure:
    """Run one step as figure number ``position``; return its filled-in :class:`DemoFigure`."""
    ctx = StepContext(Path(folder), options, f"{position:02d}_{step.key}")
    out: StepOutput = step.run(ctx)
    where = f"neurosim.demo step {step.key!r}"
    numbers = dict(out.numbers)
    text = step.texts(options.lang)
    shown = translate_values(numbers, options.lang)
    answers = tuple(
        (qkey, fill(qa["question"], shown, where=where), fill(qa["answer"], shown, where=where))
        for qkey, qa in text.get("answers", {}).items()
    )
    return DemoFigure(
        step.key, fill(text["title"], shown, where=where),
        fill(text["caption"], shown, where=where), tuple(out.files), tuple(out.data),
        out.table, step.example, numbers, answers,
    )


def default_jobs() -> int:
    """Processes of a demo run when none is asked for: one per core, at most :data:`MAX_JOBS`."""
    return max(1, min(os.cpu_count() or 1, MAX_JOBS))


#: The most processes :func:`default_jobs` starts (the three costliest steps take most of a
#: cold run; more processes would mostly wait for them).
MAX_JOBS = 3


def run_demo(folder, options: DemoOptions | None = None, progress: Callable | None = None,
             only: tuple | None = None, jobs: int | None = None) -> DemoResult:
    """Run every demo step, writing figures, data, answer key and report into ``folder``.

    Parameters
    ----------
    folder : path
        An existing, writable folder.
    options : DemoOptions, optional
        How to run it (quick, seed, target, language); default ``DemoOptions()``.
    progress : callable, optional
        Called as ``progress(k, n, text, elapsed_s)`` before each step.
    only : tuple of str, optional
        Run only the steps with these keys (figure numbers stay those of the
        full running order).
    jobs : int, optional
        Processes to run the steps in (default :func:`default_jobs`: one per core, at most
        :data:`MAX_JOBS`).  The steps are independent and seeded, so the files are the same
        for any ``jobs``; with ``jobs=1`` every step runs here, in order.  With more, the
        costliest steps start first (``DemoStep.cost``), each in a worker process of
        :func:`neurosim.workers.worker_pool`, and ``progress`` is called as each step starts.

    Returns
    -------
    DemoResult
    """
    options = options or DemoOptions()
    jobs = default_jobs() if jobs is None else check_integer(jobs, "jobs", low=1)
    folder = Path(folder)
    result = DemoResult(folder)
    started = time.perf_counter()
    ordered = [(k, s) for k, s in enumerate(steps(), start=1) if only is None or s.key in only]
    n = len(ordered)

    def starting(i, step):
        if progress is not None:
            progress(i, n, step.texts(options.lang)["progress"], time.perf_counter() - started)

    if min(jobs, n) > 1:
        result.figures.extend(_run_in_workers(ordered, folder, options, min(jobs, n), starting))
    else:
        for i, (position, step) in enumerate(ordered, start=1):
            starting(i, step)
            result.figures.append(run_step(step, position, folder, options))
    if progress is not None:
        progress(n, n, i18n.text("report.progress", options.lang),
                 time.perf_counter() - started)
    result.seconds = time.perf_counter() - started
    from neurosim.demo._answers import write_answer_key
    from neurosim.demo.report import write_report

    write_answer_key(folder, result.figures, options)
    result.report = write_report(folder, result.figures, settings=options.as_dict(),
                                 seconds=result.seconds, lang=options.lang)
    return result


def _run_in_workers(ordered, folder, options, jobs: int, starting) -> list:
    """The steps of ``ordered`` (``(position, step)`` pairs) in ``jobs`` worker processes, at
    most ``jobs`` at a time, costliest first; their figures in the order of ``ordered``."""
    from concurrent.futures import FIRST_COMPLETED, wait

    from neurosim import results_cache
    from neurosim.workers import worker_pool

    waiting = sorted(ordered, key=lambda item: -item[1].cost)  # stable: ties keep their order
    figures, running = {}, {}
    with worker_pool(jobs) as pool:
        while waiting or running:
            while waiting and len(running) < jobs:
                position, step = waiting.pop(0)
                starting(len(figures) + len(running) + 1, step)
                future = pool.submit(_run_step_by_key, step.key, position, folder, options,
                                     results_cache.enabled())
                running[future] = position
            # A timeout, so that Ctrl-C (a signal handled in this thread) is not held up.
            done, _ = wait(running, timeout=0.5, return_when=FIRST_COMPLETED)
            for future in done:
                figures[running.pop(future)] = future.result()
    return [figures[position] for position, _ in ordered]


def _run_step_by_key(key: str, position: int, folder: Path, options: DemoOptions,
                     cache: bool) -> DemoFigure:
    """:func:`run_step` in a worker process (the results cache in use as in the caller)."""
    from neurosim import results_cache

    step = next(s for s in steps() if s.key == key)
    with results_cache.using_cache(cache):
        return run_step(step, position, folder, options)
