"""What every demo step shares: options, the step record, what a step returns.

A step is one module of :mod:`neurosim.demo` holding a :class:`DemoStep` named
``STEP``.  Its texts (progress line, title, caption, answer-key entries) are
format strings in the translation catalogues (``neurosim/locales/<lang>.toml``,
table ``steps.<key>``; see :mod:`neurosim.demo.i18n`); the step's function computes
the numbers those texts quote and returns them in a :class:`StepOutput`, and
:func:`neurosim.demo.run_demo` fills them in, in the language of the options.
"""

from __future__ import annotations

import string
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from neurosim.demo.i18n import check_lang, label_figure, text, translate_phrases
from neurosim.errors import ParameterError

#: Formats every demo figure is saved in.
FORMATS = ("png", "svg")

#: The coarsest time step of ``--quick`` (each model runs at the largest step up to this that
#: its accuracy allows: :meth:`DemoOptions.dt_for`).  Exponential Euler stays stable there for
#: Hodgkin-Huxley; its rates move by a few per cent and the jump at onset stays.
QUICK_DT = 0.1e-3  # seconds (a float: importing the demo does not import Brian2)


@dataclass(frozen=True)
class DemoOptions:
    """Options of one demo run (how to run it; the run records them as its settings).

    Parameters
    ----------
    quick : bool
        Shorter simulations and fewer points (for tests and a first look).
    seed : int
        Seed of every random thing in the demo.
    target : str
        Brian2 code-generation target of the simulations: ``"auto"`` (default) lets each
        model choose (:meth:`target_for`: numpy for the LIF, which starts at once and is
        as fast there as hand-written Brian2, compiled Cython for the conductance and
        exponential models, much faster per step than numpy: docs/performance.md), or one of
        ``"numpy"``, ``"cython"``, ``"cpp_standalone"`` for every step.
    lang : str
        Language of the texts and figure labels (:data:`neurosim.demo.i18n.LANGUAGES`).
    """

    quick: bool = False
    seed: int = 2024
    target: str = "auto"
    lang: str = "en"

    def __post_init__(self):
        check_lang(self.lang)

    @property
    def points(self) -> int:
        """Currents per f-I curve."""
        return 25 if self.quick else 60

    @property
    def duration_s(self) -> float:
        """Simulated seconds per current."""
        return 0.5 if self.quick else 1.0

    @property
    def noisy_trials(self) -> int:
        """Trials per current of a noisy f-I curve."""
        return 4 if self.quick else 12

    def target_for(self, params=None) -> str:
        """The target a simulation of ``params`` runs on (None: a LIF-only step).

        With ``target="auto"``: :func:`neurosim.bio.brian2_tools.preferred_target`, except
        with ``quick``: numpy for every model.  A quick run is short (0.3 s) at a coarse step
        (:meth:`dt_for`), a few thousand steps, which numpy runs in about a second even for
        Hodgkin-Huxley, while compiling a model costs 4-6 Cython extensions of ~2 s of CPU
        each on a machine that has none cached (``benchmarks/classroom_rows.py``, "demo
        --quick").
        """
        if self.target != "auto":
            return self.target
        if params is None or self.quick:
            return "numpy"
        from neurosim.bio.brian2_tools import preferred_target

        return preferred_target(params)

    def dt_for(self, params):
        """The time step of a simulation of ``params``: the model's own default, or with
        ``quick`` :data:`QUICK_DT` where the model's accuracy allows it
        (:func:`neurosim.bio.engine.dt_at_most`: else the model's ``max_dt``)."""
        from brian2 import second

        from neurosim.bio import engine

        model = params.brian_model()
        return engine.dt_at_most(model, QUICK_DT * second) if self.quick else model.dt

    def as_dict(self) -> dict:
        """The options as recorded in provenance (``lang`` only when not English, so the
        default run's files stay as they were)."""
        out = {"quick": self.quick, "seed": self.seed, "target": self.target}
        if self.lang != "en":
            out["lang"] = self.lang
        return out


@dataclass(frozen=True)
class StepContext:
    """Where a step writes and with what options (``options``: the :class:`DemoOptions`).

    ``stem`` is the prefix of the step's files (``"04_fits"``): its number in
    the running order, then its key.
    """

    folder: Path
    options: DemoOptions
    stem: str

    def path(self, suffix: str) -> Path:
        """``folder / (stem + suffix)``, e.g. ``ctx.path(".csv")``."""
        return self.folder / f"{self.stem}{suffix}"

    def save(self, fig, suffix: str = "") -> tuple:
        """Save a matplotlib figure in every format of :data:`FORMATS`; return the file names."""
        label_figure(fig, self.options.lang)
        names = []
        for fmt in FORMATS:
            name = f"{self.stem}{suffix}.{fmt}"
            fig.savefig(self.folder / name, format=fmt)
            names.append(name)
        return tuple(names)


@dataclass(frozen=True)
class StepOutput:
    """What a step's function returns.

    Parameters
    ----------
    files : tuple of str
        Figure files (the first is shown in the report).
    data : tuple of str
        Data files written beside them.
    numbers : dict
        Every number the step's texts quote, by the names used in the format
        strings (plain floats, ints or short strings; written to
        ``answer_key.json``).
    table : str
        Optional HTML table (values we computed; no user text).
    """

    files: tuple = ()
    data: tuple = ()
    numbers: dict = field(default_factory=dict)
    table: str = ""


@dataclass(frozen=True)
class DemoStep:
    """One step of the demo.

    Parameters
    ----------
    key : str
        Short name, used in file names and report anchors.
    order : int
        Position in the running order (steps run by increasing ``order``).
    run : callable
        ``run(ctx: StepContext) -> StepOutput``.
    example : str
        The example script that makes a similar figure, if any.
    cost : float
        Its rough share of a first (cold) run, in seconds of CPU on a 2-core machine: when
        steps run in several processes (``run_demo(jobs=...)``) the costliest start first,
        so that the processes finish together.  Only the order depends on it.
    """

    key: str
    order: int
    run: Callable
    example: str = ""
    cost: float = 1.0

    def texts(self, lang: str = "en") -> dict:
        """The step's texts in ``lang``: ``"progress"``, ``"title"`` and ``"caption"`` format
        strings, and optionally ``"answers"``: ``{question key: {"question": ..., "answer":
        ...}}`` (the catalogue table ``steps.<key>``)."""
        return text(f"steps.{self.key}", lang)

    @property
    def text(self) -> dict:
        """The step's English texts (see :meth:`texts`)."""
        return self.texts("en")


@dataclass(frozen=True)
class DemoFigure:
    """One figure of the demo as the report shows it (texts already filled in)."""

    key: str
    title: str
    caption: str
    files: tuple = ()
    data: tuple = ()
    table: str = ""
    example: str = ""
    numbers: dict = field(default_factory=dict)
    answers: tuple = ()


def fill(template: str, numbers: dict, *, where: str = "") -> str:
    """Fill a text's ``{name:format}`` fields from ``numbers``.

    Raises
    ------
    ParameterError
        If the text names a number the step did not return.
    """
    names = {f for _, f, _, _ in string.Formatter().parse(template) if f}
    missing = sorted(names - set(numbers))
    if missing:
        raise ParameterError(f"{where}: text quotes {missing[0]!r}, which the step did not return; "
                             f"numbers: {', '.join(sorted(numbers))}")
    return template.format(**numbers)


def translate_values(numbers: dict, lang: str) -> dict:
    """``numbers`` with its text values (cell names, family names, sentences) in ``lang``.

    Each phrase of the catalogue's ``values`` table (English phrase ->
    translation) is replaced wherever it occurs in a string value, longest
    phrases first; numbers and English stay as they are.
    """
    if lang == "en":
        return numbers
    out = {}
    for name, value in numbers.items():
        if isinstance(value, str):
            value = translate_phrases(value, lang)
        out[name] = value
    return out
