"""Build the lesson notebooks, in English (en/) and Simplified Chinese (zh/), from one source.

Each lesson is a file ``source/lNN_*.py`` holding a list ``CELLS`` of cells made with the
helpers below: text comes as an (English, Chinese) pair, code is written once and shared by
both languages, so the two notebooks of a lesson always run the same code. Notebooks are
written without outputs or execution counts (tests/test_lessons.py checks it and runs them).

Run from the repository root after editing a source file::

    python examples/lessons/build_lessons.py          # rewrite en/*.ipynb and zh/*.ipynb
    python examples/lessons/build_lessons.py --check  # exit 1 if a notebook is out of date
"""

import importlib.util
import sys
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
    if solution is not None:
        cells.append({"kind": "solution", "source": solution.strip("\n")})
    if answer_en:
        cells.append(md(_details("en", answer_en), _details("zh", answer_zh)))
    return cells


def _details(lang: str, text: str) -> str:
    return (f"<details><summary>{HEADINGS['solution'][lang]}</summary>\n\n{text.strip()}\n\n"
            "</details>")


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
            nb.cells.append(nbformat.v4.new_code_cell(cell["source"], id=cell_id))
        else:
            hidden = nbformat.v4.new_code_cell(cell["source"], id=cell_id)
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
