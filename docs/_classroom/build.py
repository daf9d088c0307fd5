"""Build the classroom guide in English and Chinese from one source, so the two never drift.

The source, ``docs/_classroom/classroom.src.md``, is a sequence of blocks, each opened by a
marker line of its own: ``<!-- en -->`` (English only), ``<!-- zh -->`` (Chinese only) or
``<!-- both -->`` (shared: commands, tables of links). Every English section is followed by
its Chinese one. The builder writes ``docs/classroom.md`` (English) and
``docs/classroom.zh.md`` (Chinese); ``tests/test_classroom_guide.py`` checks that both are up
to date, that the Chinese has every section and every checked number of the English, and
``tests/test_answer_key.py`` checks the numbers of both against a demo run.

Run from the repository root after editing the source::

    python docs/_classroom/build.py          # rewrite docs/classroom.md and classroom.zh.md
    python docs/_classroom/build.py --check  # exit 1 if either is out of date
"""

import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DOCS = HERE.parent
SOURCE = HERE / "classroom.src.md"
OUTPUTS = {"en": DOCS / "classroom.md", "zh": DOCS / "classroom.zh.md"}
_MARKER = re.compile(r"^<!-- (en|zh|both) -->$", re.MULTILINE)
HEADER = {
    "en": "<!-- Built from docs/_classroom/classroom.src.md by docs/_classroom/build.py: "
          "edit the source, not this file. -->\n\n",
    "zh": "<!-- 由 docs/_classroom/build.py 从 docs/_classroom/classroom.src.md 生成："
          "请修改源文件，而不是本文件。 -->\n\n",
}


def blocks(text: str) -> list[tuple[str, str]]:
    """``[(language or "both", text), ...]`` in source order."""
    parts = _MARKER.split(text)
    if parts[0].strip():
        raise ValueError("classroom.src.md: text before the first <!-- en|zh|both --> marker")
    return [(parts[i], parts[i + 1].strip("\n")) for i in range(1, len(parts), 2)]


def build() -> dict[Path, str]:
    """Each output path -> its text."""
    source = blocks(SOURCE.read_text(encoding="utf-8"))
    out = {}
    for lang, path in OUTPUTS.items():
        body = "\n\n".join(text for kind, text in source if kind in (lang, "both"))
        out[path] = HEADER[lang] + body + "\n"
    return out


def main(argv) -> int:
    stale = []
    for path, text in build().items():
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        stale.append(path)
        if "--check" not in argv:
            path.write_text(text, encoding="utf-8")
    for path in stale:
        print(f"{'out of date' if '--check' in argv else 'wrote'}: {path.relative_to(DOCS)}")
    return 1 if "--check" in argv and stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
