"""The answer key: the numbers and answers of one demo run, written beside its figures."""

from __future__ import annotations

from pathlib import Path

from neurosim.demo.i18n import text
from neurosim.io import write_json
from neurosim.provenance import provenance


def answer_key(figures) -> dict:
    """``{step key: {"figure": n, "title": ..., "numbers": {...}, "answers": {...}}}``."""
    return {
        fig.key: {
            "figure": int(fig.files[0][:2]) if fig.files and fig.files[0][:2].isdigit() else None,
            "title": fig.title,
            "files": list(fig.files),
            "data": list(fig.data),
            "numbers": fig.numbers,
            "answers": {q: {"question": question, "answer": answer}
                        for q, question, answer in fig.answers},
        }
        for fig in figures
    }


def answer_key_markdown(figures, options) -> str:
    """The teacher's answer key as Markdown: every question with this run's numbers.

    Its headings come from the catalogue table ``answer_key`` in ``options.lang``.
    """
    t = text("answer_key", options.lang)
    given = ", ".join(f"{k} = {v}" for k, v in options.as_dict().items())
    lines = [f"# {t['heading']}", "", t["made_by"].format(settings=given), t["computed"], ""]
    for fig in figures:
        number = fig.files[0][:2] if fig.files else "--"
        heading = (t["figure"].format(number=int(number), title=fig.title) if number.isdigit()
                   else fig.title)
        lines += [f"## {heading}", ""]
        for qkey, question, answer in fig.answers:
            lines += [f"- **{qkey}.** {question}", f"  **{t['answer']}** {answer}", ""]
    return "\n".join(lines)


def write_answer_key(folder, figures, options) -> tuple[Path, Path]:
    """Write ``answer_key.json`` and ``answer_key.md`` into ``folder``; return both paths."""
    folder = Path(folder)
    payload = {"provenance": provenance(options.as_dict(), options.seed),
               "steps": answer_key(figures)}
    json_path = write_json(folder / "answer_key.json", payload)
    md_path = folder / "answer_key.md"
    md_path.write_text(answer_key_markdown(figures, options) + "\n", encoding="utf-8")
    return json_path, md_path
