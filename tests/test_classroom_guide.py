"""The classroom guide in English and Chinese: both built from one source, and the Chinese one
has every section, every question and every checked number of the English one."""

import importlib.util
import re
from pathlib import Path

DOCS = Path(__file__).resolve().parent.parent / "docs"
_spec = importlib.util.spec_from_file_location("build_classroom", DOCS / "_classroom" / "build.py")
build_classroom = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build_classroom)

EN, ZH = DOCS / "classroom.md", DOCS / "classroom.zh.md"


def test_both_guides_are_built_from_their_source():
    stale = [p.name for p, text in build_classroom.build().items()
             if not p.exists() or p.read_text(encoding="utf-8") != text]
    assert not stale, f"run python docs/_classroom/build.py: {stale} out of date"


def _headings(path):
    return [len(m.group(1)) for m in re.finditer(r"^(#+) ", path.read_text(), re.MULTILINE)]


def test_the_chinese_guide_has_every_section_of_the_english_one():
    en, zh = _headings(EN), _headings(ZH)
    assert len(en) >= 15 and en == zh  # the same sections, at the same levels, in order


def test_the_chinese_guide_asks_every_question_and_checks_every_number():
    def questions(path):
        return re.findall(r"\*\*(Q\d+b?)\.?\*\*", path.read_text())

    def checks(path):
        return re.findall(r"<!-- check (\S+) ([-\d.]+) ([-\d.]+) -->", path.read_text())

    assert questions(EN) == questions(ZH) and len(questions(EN)) >= 13
    assert sorted(checks(EN)) == sorted(checks(ZH)) and len(checks(EN)) >= 10
    worksheet = {p: len(re.findall(r"^\d\. ", p.read_text(), re.MULTILINE)) for p in (EN, ZH)}
    assert worksheet[EN] == worksheet[ZH] >= 12  # worksheet parts and their solutions
    rows = {p: p.read_text().split("\n## ")[-4].count("\n|") for p in (EN, ZH)}
    assert rows[EN] == rows[ZH]  # the exit-question bank, row for row


def test_the_chinese_guide_is_chinese_and_links_the_english_one():
    text = ZH.read_text()
    assert len(re.findall(r"[\u4e00-\u9fff]", text)) > 3000
    assert "(classroom.md)" in text and "(classroom.zh.md)" in EN.read_text()
