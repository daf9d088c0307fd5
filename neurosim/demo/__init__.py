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

__all__ = ["FORMATS", "DemoFigure", "DemoResult", "DemoOptions", "DemoStep", "StepContext",
           "StepOutput", "run_demo", "steps"]


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


def run_demo(folder, options: DemoOptions | None = None, progress: Callable | None = None,
             only: tuple | None = None) -> DemoResult:
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

    Returns
    -------
    DemoResult
    """
    options = options or DemoOptions()
    folder = Path(folder)
    result = DemoResult(folder)
    started = time.perf_counter()
    ordered = [(k, s) for k, s in enumerate(steps(), start=1) if only is None or s.key in only]
    n = len(ordered)
    for i, (position, step) in enumerate(ordered, start=1):
        if progress is not None:
            progress(i, n, step.texts(options.lang)["progress"], time.perf_counter() - started)
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
