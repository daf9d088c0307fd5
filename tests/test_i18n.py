"""Translation catalogues: complete in every language, and the Chinese report renders."""

import contextlib
import io
import re
import warnings

import pytest
from matplotlib.figure import Figure

from neurosim.demo import i18n, steps
from neurosim.errors import ParameterError
from tests.system_packages import require

#: Chinese characters or full-width punctuation.
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
#: Tables of a translation only: keyed by the English text itself (gettext style).
TRANSLATION_ONLY = {"values", "figure_labels"}


def _keys(lang):
    cat = {k: v for k, v in i18n.catalogue(lang).items() if k not in TRANSLATION_ONLY}
    return i18n.flat_keys(cat)


@pytest.mark.parametrize("lang", [lang for lang in i18n.LANGUAGES if lang != "en"])
def test_every_key_exists_in_both_languages_with_the_same_fields(lang):
    en, other = _keys("en"), _keys(lang)
    assert sorted(set(en) - set(other)) == [] and sorted(set(other) - set(en)) == []
    for key, text in en.items():
        assert i18n.format_fields(text) == i18n.format_fields(other[key]), key
        assert other[key].strip(), key


def test_every_step_has_its_texts_in_every_language():
    for step in steps():
        for lang in i18n.LANGUAGES:
            text = step.texts(lang)
            assert {"progress", "title", "caption"} <= set(text), (step.key, lang)


def test_chinese_catalogue_is_chinese_and_uses_the_textbook_terms():
    zh = i18n.flat_keys(i18n.catalogue("zh"))
    joined = "".join(zh.values())
    for term in ("膜电位", "放电频率", "激活函数", "损失函数", "梯度下降", "基强度", "不应期"):
        assert term in joined, term
    for key in _keys("zh"):
        if key.startswith("steps.") and not key.endswith(".caption") or key.endswith("title"):
            assert CJK.search(zh[key]), key
    # Translation-only tables: English keys, Chinese values, same fields.
    for table in TRANSLATION_ONLY:
        for english, chinese in i18n.catalogue("zh")[table].items():
            assert CJK.search(chinese), english
            assert (i18n.format_fields(english, label=True)
                    == i18n.format_fields(chinese, label=True)), english
            assert "$" not in chinese or table == "values", english  # no CJK glyphs in mathtext


def test_unknown_language_and_key_are_named():
    with pytest.raises(ParameterError, match="'fr'.*en, zh"):
        i18n.check_lang("fr")
    with pytest.raises(ParameterError, match="'steps.nope'"):
        i18n.text("steps.nope", "zh")


def test_label_figure_translates_labels_and_patterns():
    fig = Figure()
    ax = fig.add_subplot()
    ax.set_xlabel("input current (nA)")
    ax.set_title("step input: 12 spikes")
    ax.set_ylabel("R$^2$")
    # Without the font the figures stay English (the test below); this one needs it.
    require(i18n.cjk_font() is not None, "a CJK font (Noto Sans CJK)", "fonts-noto-cjk")
    left = i18n.label_figure(fig, "zh")
    assert ax.get_xlabel() == "输入电流 (nA)"
    assert ax.get_title() == "阶跃输入：12 个脉冲"
    assert "R$^2$" in left
    assert i18n.cjk_font() in ax.xaxis.label.get_fontfamily()


def test_without_a_cjk_font_the_figures_stay_english_and_the_cli_says_so_once(monkeypatch):
    from neurosim.cli import demo_cmd

    monkeypatch.setattr(i18n, "cjk_font", lambda: None)
    monkeypatch.setattr(i18n, "_warned", False)

    def fake_run_demo(folder, options, progress=None, jobs=None):
        for _ in range(3):
            fig = Figure()
            fig.add_subplot().set_xlabel("input current (nA)")
            i18n.label_figure(fig, options.lang)
            assert fig.axes[0].get_xlabel() == "input current (nA)"
        (folder / "index.html").write_text("x")
        return type("R", (), {"seconds": 0.0, "figures": []})()

    monkeypatch.setattr("neurosim.demo.run_demo", fake_run_demo)
    err = io.StringIO()
    args = demo_cmd.add_parser(_subparsers()).parse_args(["--lang", "zh", "--out", _tmp()])
    with contextlib.redirect_stderr(err), warnings.catch_warnings():
        warnings.simplefilter("error")  # anything but our one line would raise here
        assert demo_cmd.run(args) == 0
    lines = [line for line in err.getvalue().splitlines() if "CJK" in line]
    assert len(lines) == 1 and lines[0].startswith("neurosim demo: warning:")
    assert "fonts-noto-cjk" in lines[0]


def _subparsers():
    import argparse

    return argparse.ArgumentParser().add_subparsers()


def _tmp():
    import tempfile
    from pathlib import Path

    return str(Path(tempfile.mkdtemp()) / "out")


def test_every_chinese_text_fills_with_the_numbers_of_a_real_run(quick_demo):
    import json

    from neurosim.demo._base import fill, translate_values

    out, _ = quick_demo
    numbers = json.loads((out / "answer_key.json").read_text())["steps"]
    for step in steps():
        shown = translate_values(numbers[step.key]["numbers"], "zh")
        texts = step.texts("zh")
        filled = [fill(texts["caption"], shown)] + [
            fill(qa[part], shown) for qa in texts.get("answers", {}).values()
            for part in ("question", "answer")]
        for text in filled:
            assert CJK.search(text), step.key


def test_chinese_report_renders(quick_demo_zh):
    from tests.conftest import ZH_STEPS

    out, result = quick_demo_zh
    page = (out / "index.html").read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in page
    assert "生物神经元与人工神经元对照" in page
    assert [fig.key for fig in result.figures] == list(ZH_STEPS)
    for fig in result.figures:
        assert fig.title in page and CJK.search(fig.title), fig.key
        assert (out / fig.files[0]).stat().st_size > 0
    key = (out / "answer_key.md").read_text(encoding="utf-8")
    assert key.startswith("# 本次运行的参考答案") and "答案：" in key
    # No English sentence left in the captions: every <figcaption> is mostly Chinese.
    for caption in re.findall(r"<figcaption>(.*?)</figcaption>", page, re.S):
        chinese = len(re.findall(r"[\u4e00-\u9fff]", caption))
        assert chinese > 0.3 * len(re.sub(r"[\s\d.,:;()%=+-]", "", caption)), caption[:80]
