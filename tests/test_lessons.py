"""The lesson notebooks (examples/lessons): built from their source, stored clean, and they run.

Every English notebook is executed top to bottom by nbclient in a ``python3`` kernel that
inherits this process's environment (so it imports the same neurosim); any failing cell fails
the test. The Chinese notebooks hold the same code cells but for their string literals and
comments, translated from one table (``build_lessons.translate_code``; tested), so they are not
executed a second time: their cells are compiled, and the table is checked to cover every label,
printed text and comment.
"""

import ast
import json
import re
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

LESSONS = Path(__file__).resolve().parent.parent / "examples" / "lessons"
sys.path.insert(0, str(LESSONS))
import build_lessons

NOTEBOOKS = sorted(LESSONS.glob("*/[0-9][0-9]_*.ipynb"))
CJK = re.compile(r"[\u4e00-\u9fff]")


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def test_every_lesson_exists_in_both_languages():
    names = {lang: sorted(p.name for p in (LESSONS / lang).glob("*.ipynb"))
             for lang in build_lessons.LANGUAGES}
    assert names["en"] == names["zh"]
    assert names["en"] == [build_lessons.notebook_name(s) for s in build_lessons.sources()]
    assert len(names["en"]) >= 4


def test_notebooks_are_built_from_their_source():
    built = build_lessons.build_all()
    assert sorted(built) == sorted(NOTEBOOKS)
    stale = [p.name for p, text in built.items() if p.read_text(encoding="utf-8") != text]
    assert not stale, f"run python examples/lessons/build_lessons.py: {stale} out of date"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_notebook_is_stored_without_outputs(path):
    for cell in _load(path)["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_notebook_has_the_lesson_structure(path):
    nb = _load(path)
    lang = path.parent.name
    text = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    headings = build_lessons.HEADINGS
    for key in ("goals", "theory", "summary"):
        assert f"## {headings[key][lang]}" in text, key
    assert f"### {headings['exercise'][lang]} 1" in text
    assert "Reference" in text or "参考文献" in text  # theory cites its source
    hidden = [c for c in nb["cells"] if c["cell_type"] == "code"
              and c["metadata"].get("jupyter", {}).get("source_hidden")]
    assert hidden, "solutions are hidden code cells"
    assert f"<details><summary>{headings['solution'][lang]}</summary>" in text
    chinese = len(CJK.findall(text))
    assert (chinese > 200) if lang == "zh" else (chinese < 10)  # en links to 中文版


def _code(path: Path) -> list[str]:
    return ["".join(c["source"]) for c in _load(path)["cells"] if c["cell_type"] == "code"]


def test_both_languages_run_the_same_code_but_for_the_translated_labels():
    for en in (LESSONS / "en").glob("*.ipynb"):
        zh = _code(LESSONS / "zh" / en.name)
        assert zh == [build_lessons.translate_code(c, "zh") for c in _code(en)], en.name
        for cell in zh:
            ast.parse(cell)  # a translated f-string still compiles


def test_the_chinese_code_has_no_english_label_printed_text_or_comment():
    for en in (LESSONS / "en").glob("*.ipynb"):
        for cell in _code(en):
            assert build_lessons.untranslated(cell, "zh") == [], en.name
    solutions = [c for c in _code(LESSONS / "zh" / "01_membrane_and_spikes.ipynb")
                 if c.startswith("#")]
    assert solutions and all(not c.startswith("# Solution") for c in solutions)
    assert "# 参考答案" in "".join(solutions)


def test_the_translation_table_keeps_every_format_field():
    table = build_lessons.code_table("zh")
    fields = re.compile(r"\{[^{}]*\}")
    for english, chinese in table["strings"].items():
        assert sorted(fields.findall(english)) == sorted(fields.findall(chinese)), english
        chinese_text = re.search(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]", chinese)
        assert english == "en" or chinese_text or english == chinese, english


def test_every_exercise_has_an_empty_cell_to_work_in(tmp_path):
    for path in NOTEBOOKS:
        cells = _load(path)["cells"]
        exercises = [i for i, c in enumerate(cells) if c["cell_type"] == "markdown"
                     and re.match(r"### (Exercise|练习) \d", "".join(c["source"]))]
        assert exercises, path
        for i in exercises:
            work = cells[i + 1]
            assert work["cell_type"] == "code" and not work["metadata"].get("jupyter"), path
            text = "".join(work["source"])
            assert text.startswith("#") and "\n" not in text, path


def test_chinese_notebooks_draw_neurosims_labels_in_chinese(monkeypatch):
    import matplotlib.pyplot as plt

    from neurosim.demo import i18n

    if i18n.cjk_font() is None:
        pytest.skip("no CJK font on this machine (apt-get install fonts-noto-cjk)")
    shown = []
    monkeypatch.setattr(plt, "show", lambda *a, **k: shown.append(True))
    monkeypatch.setattr(plt.rcParams, "__setitem__", plt.rcParams.__class__.__setitem__)
    monkeypatch.setattr(i18n, "_notebook_lang", i18n._notebook_lang)  # restored afterwards
    with plt.rc_context():
        i18n.use_in_notebook("zh")
        fig, ax = plt.subplots()
        ax.set_xlabel("input current (nA)")
        plt.show()
        assert ax.get_xlabel() == "输入电流 (nA)" and shown
        plt.close(fig)


#: Names that stay as they are in Chinese text: families, parameters, units, symbols.
KEPT = re.compile(r"\b(linear|exponential|sigmoid|relu|softplus|lif|gain|width|leak|r_max|r_0|"
                  r"I_0|I_rh|t_ref|tau_m|sigma|R_m|C_m|V_th|V_reset|Q|a|A|e|x|CV|RMSE|dAICc|"
                  r"Hz|nA|pA|pC|ms|s)\b")


def test_library_texts_the_chinese_lessons_print_are_chinese(monkeypatch):
    """What lessons 2 and 4 print through ``say``: the fit table and readings, firing patterns."""
    import numpy as np
    from brian2 import ms, second

    from neurosim.bio import classify_pattern, fi_curve, load_preset
    from neurosim.bridge import fit_all, format_table
    from neurosim.demo import i18n

    params = load_preset("neuronal_dynamics")
    curve = fi_curve(params, np.linspace(0, 2, 12) * params.rheobase, duration=0.3 * second)
    results = fit_all(curve)
    # One train for every pattern classify_pattern names (each branch of its reasons).
    trains = {"silent": [], "transient": [10, 20, 30], "one spike": [240], "delayed": [400],
              "delayed, many": list(range(300, 500, 10)),
              "bursting": [t + d for t in range(10, 480, 90) for d in (0, 2, 4)],
              "initial burst": [10, 12, 14, 16, 100, 200, 300, 400],
              "irregular": list(np.cumsum([10, 25] * 14)),
              "adapting": [5, 10, 20, 35, 55, 80, *range(110, 500, 30)],
              "tonic": list(range(10, 500, 20))}
    patterns = [classify_pattern(np.array(t, float) * ms, 0 * ms, 500 * ms)
                for t in trains.values()]
    assert {p.pattern for p in patterns} == {"silent", "transient", "tonic", "delayed",
                                             "bursting", "initial burst", "irregular",
                                             "adapting"}
    english = [format_table(results), *(r.meaning for r in results),
               *(p.pattern for p in patterns), *(p.reason for p in patterns)]
    assert [i18n.say(t) for t in english] == english  # English: the identity
    monkeypatch.setattr(i18n, "_notebook_lang", "zh")  # what use_in_notebook("zh") sets
    for text in english:
        chinese = i18n.say(text)
        assert CJK.search(chinese), text
        left = re.findall(r"[A-Za-z]{2,}", KEPT.sub("", chinese.replace("R^2", "")))
        assert left == [], (left, chinese)
    assert "gain = " in i18n.say(format_table(results))  # parameter names stay (code names)
    for path in ("02_fi_curve_is_an_activation.ipynb", "04_neuron_types.ipynb"):
        code = "".join(_code(LESSONS / "zh" / path))
        assert "print(say(" in code and "use_in_notebook(\"zh\")" in code, path


def test_chinese_lessons_use_the_textbook_terms():
    text = "".join(p.read_text(encoding="utf-8") for p in (LESSONS / "zh").glob("*.ipynb"))
    for term in ("膜电位", "放电频率", "激活函数", "阈值", "不应期", "噪声"):
        assert term in text, term


#: The notebooks executed: the English ones. A Chinese notebook runs the same code cells
#: (test_both_languages_run_the_same_code), so executing it too would repeat the same run.
EXECUTED = [path for path in NOTEBOOKS if path.parent.name == "en"]


@pytest.mark.slow
@pytest.mark.parametrize("path", EXECUTED, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_notebook_runs_top_to_bottom(path, tmp_path):
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, kernel_name="python3", timeout=120,
                            resources={"metadata": {"path": str(tmp_path)}})
    client.execute()  # raises CellExecutionError on the first failing cell
    images = sum(1 for c in nb.cells if c.cell_type == "code" for o in c.outputs
                 if "image/png" in o.get("data", {}))
    assert images >= 2, "the lesson draws its figures"


def test_sphinx_gallery_skips_the_lessons():
    # sphinx-gallery turns a sub-folder of examples/ with a GALLERY_HEADER or README (any source
    # suffix, .md included) into a gallery section: the lessons must not become one.
    headers = [p.name for p in LESSONS.iterdir() if p.stem in ("GALLERY_HEADER", "README", "readme")]
    assert headers == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_links_between_lessons_resolve(path):
    text = "\n".join("".join(c["source"]) for c in _load(path)["cells"] if c["cell_type"] == "markdown")
    links = re.findall(r"\]\(([^)#]+\.ipynb)\)", text)
    assert links, "each lesson links its other-language version"
    for link in links:
        assert (path.parent / link).resolve().is_file(), link
