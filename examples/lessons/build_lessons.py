"""Build the lesson notebooks, in English (en/) and Simplified Chinese (zh/), from one source.

Each lesson is a file ``source/lNN_*.py`` holding a list ``CELLS`` of cells made with the
helpers below: text comes as an (English, Chinese) pair, code is written once and shared by
both languages, so the two notebooks of a lesson always run the same code. In the Chinese
notebook the code's string literals (plot labels, printed text) and comments are translated
from one table, ``source/zh_code.toml`` (English text -> Chinese), and nothing else changes:
``translate_code(en_code, "zh")`` gives the Chinese cell exactly, and ``untranslated`` lists
any label or printed text the table misses (tests/test_lessons.py checks both). The first
code cell calls ``neurosim.demo.i18n.use_in_notebook("en")``, whose ``"en"`` the table turns
into ``"zh"``: neurosim's own plot labels are then drawn in Chinese too. Each exercise gets an
empty cell for the students' work, then its solution (a hidden cell) and answer (collapsed).
Notebooks are written without outputs or execution counts (tests/test_lessons.py checks it
and runs them).

Run from the repository root after editing a source file::

    python examples/lessons/build_lessons.py          # rewrite en/*.ipynb and zh/*.ipynb
    python examples/lessons/build_lessons.py --check  # exit 1 if a notebook is out of date
"""

import importlib.util
import io
import re
import sys
import tokenize
import tomllib
from pathlib import Path

import nbformat

HERE = Path(__file__).resolve().parent
LANGUAGES = ("en", "zh")

#: Headings every lesson shares, per language.
HEADINGS = {
    "goals": {"en": "Goals", "zh": "学习目标"},
    "theory": {"en": "Theory", "zh": "理论"},
    "exercise": {"en": "Exercise", "zh": "练习"},
    "solution": {"en": "Solution", "zh": "参考答案"},
    "summary": {"en": "Summary", "zh": "小结"},
    "references": {"en": "References", "zh": "参考文献"},
}


def md(en: str, zh: str) -> dict:
    """A markdown cell: the same text in English and in Chinese."""
    return {"kind": "markdown", "en": en.strip("\n"), "zh": zh.strip("\n")}


def code(source: str) -> dict:
    """A code cell, shared by both languages."""
    return {"kind": "code", "source": source.strip("\n")}


#: The empty cell after each exercise, for the students' own code (translated like any comment).
WORK_CELL = "# Your turn: write and run your code here."


def heading(key: str, level: int = 2) -> dict:
    """A heading from :data:`HEADINGS`."""
    return md("#" * level + " " + HEADINGS[key]["en"], "#" * level + " " + HEADINGS[key]["zh"])


def exercise(number: int, en: str, zh: str, *, solution: str | None = None,
             answer_en: str = "", answer_zh: str = "") -> list[dict]:
    """An exercise, its solution code (a hidden cell, executed in CI) and its answer (collapsed).

    The solution code cell carries ``"jupyter": {"source_hidden": True, "outputs_hidden": True}``,
    so JupyterLab shows it collapsed; the written answer sits in a ``<details>`` block.
    """
    title = {lang: f"### {HEADINGS['exercise'][lang]} {number}" for lang in LANGUAGES}
    cells = [md(f"{title['en']}\n\n{en.strip()}", f"{title['zh']}\n\n{zh.strip()}")]
    cells.append({"kind": "code", "source": WORK_CELL})
    if solution is not None:
        cells.append({"kind": "solution", "source": solution.strip("\n")})
    if answer_en:
        cells.append(md(_details("en", answer_en), _details("zh", answer_zh)))
    return cells


def _details(lang: str, text: str) -> str:
    return (f"<details><summary>{HEADINGS['solution'][lang]}</summary>\n\n{text.strip()}\n\n"
            "</details>")


_STRING = re.compile(r'^([rRbBuUfF]*)("""|\'\'\'|"|\')(.*)\2$', re.DOTALL)
#: Keyword arguments whose string is always a label, even a single word (``label="formula"``).
_LABEL_KEYWORDS = {"label", "xlabel", "ylabel", "title"}
_IDENTIFIER = re.compile(r"^[\w.\-/]*$")


def code_table(lang: str) -> dict:
    """``{"strings": {...}, "comments": {...}, "keep": [...]}`` for ``lang`` (empty for en)."""
    if lang == "en":
        return {"strings": {}, "comments": {}, "keep": []}
    with open(HERE / "source" / f"{lang}_code.toml", "rb") as f:
        return tomllib.load(f)


def _pieces(source: str):
    """(token, kind, content, is_label) for each string literal and comment of ``source``."""
    previous = []
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.COMMENT:
            yield tok, "comments", tok.string, False
        elif tok.type == tokenize.STRING:
            content = _STRING.match(tok.string).group(3)
            label = (len(previous) == 2 and previous[0].string in _LABEL_KEYWORDS
                     and previous[1].string == "=")
            yield tok, "strings", content, label
        if tok.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT):
            previous = (previous + [tok])[-2:]


def translate_code(source: str, lang: str) -> str:
    """``source`` with every string literal and comment found in the table of ``lang``
    replaced by its translation (prefix and quotes kept); nothing else changes."""
    table = code_table(lang)
    lines = source.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    edits = []
    for tok, kind, content, _ in _pieces(source):
        new = table[kind].get(content)
        if new is None:
            continue
        text = new if kind == "comments" else tok.string.replace(content, new, 1)
        start = offsets[tok.start[0] - 1] + tok.start[1]
        end = offsets[tok.end[0] - 1] + tok.end[1]
        edits.append((start, end, text))
    for start, end, text in reversed(edits):
        source = source[:start] + text + source[end:]
    return source


def untranslated(source: str, lang: str) -> list[str]:
    """Labels, printed texts and comments of ``source`` the table of ``lang`` misses: every
    comment, every label keyword's string, and every string with words in it (outside its
    ``{...}`` fields) that is not an identifier such as a preset name."""
    table = code_table(lang)
    missing = []
    for _, kind, content, label in _pieces(source):
        if content in table[kind] or content in table["keep"]:
            continue
        bare = re.sub(r"\{[^{}]*\}", "", content)
        words = re.search(r"[A-Za-z]{2,}", bare) and not _IDENTIFIER.match(bare.strip())
        if kind == "comments" or words or (label and re.search(r"[A-Za-z]{2,}", bare)):
            missing.append(content)
    return missing


def _flatten(cells):
    for cell in cells:
        if isinstance(cell, list):
            yield from _flatten(cell)
        else:
            yield cell


def load_source(path: Path):
    """Import one lesson source file and return the module."""
    spec = importlib.util.spec_from_file_location(f"lesson_source_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build_notebook(cells, lang: str) -> nbformat.NotebookNode:
    """One notebook in ``lang`` from a lesson's cells (deterministic cell ids)."""
    nb = nbformat.v4.new_notebook()
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    for index, cell in enumerate(_flatten(cells)):
        cell_id = f"cell-{index:02d}"
        if cell["kind"] == "markdown":
            nb.cells.append(nbformat.v4.new_markdown_cell(cell[lang], id=cell_id))
        elif cell["kind"] == "code":
            nb.cells.append(nbformat.v4.new_code_cell(translate_code(cell["source"], lang),
                                                      id=cell_id))
        else:
            hidden = nbformat.v4.new_code_cell(translate_code(cell["source"], lang), id=cell_id)
            hidden.metadata = {"jupyter": {"source_hidden": True, "outputs_hidden": True},
                               "tags": ["solution"]}
            nb.cells.append(hidden)
    return nb


def sources() -> list[Path]:
    return sorted((HERE / "source").glob("l[0-9][0-9]_*.py"))


def notebook_name(source: Path) -> str:
    """``source/l01_membrane.py`` -> ``01_membrane.ipynb``."""
    return source.stem[1:] + ".ipynb"


def build_all() -> dict[Path, str]:
    """Every notebook path -> its text, in both languages."""
    out = {}
    for source in sources():
        cells = load_source(source).CELLS
        for lang in LANGUAGES:
            nb = build_notebook(cells, lang)
            nbformat.validate(nb)
            out[HERE / lang / notebook_name(source)] = nbformat.writes(nb) + "\n"
    return out


def main(argv) -> int:
    check = "--check" in argv
    stale = []
    for path, text in build_all().items():
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        stale.append(path)
        if not check:
            path.parent.mkdir(exist_ok=True)
            path.write_text(text, encoding="utf-8")
    for path in stale:
        print(f"{'out of date' if check else 'wrote'}: {path.relative_to(HERE)}")
    return 1 if check and stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
