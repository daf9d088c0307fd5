"""What students read says what the runs show: ties are ties, captions name the criterion the
code ranks by, the students' single file carries no answer key, the Chinese materials are
Chinese, and the zh classroom guide has every section of the English one."""

import json
import os
import re
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from neurosim.bridge.fit_report import TIE_DELTA_AICC, tied, verdict
from neurosim.demo import fits, i18n
from neurosim.demo.single_file import embed_report, note, write_single_file

CJK = re.compile(r"[\u4e00-\u9fff]")


def test_a_difference_below_two_is_a_tie_and_is_said_as_one():
    assert TIE_DELTA_AICC == 2.0
    assert tied({"relu": 10.0, "sigmoid": 11.4, "linear": 30.0}) == ["relu", "sigmoid"]
    assert verdict({"relu": 10.0, "sigmoid": 11.4}) == "relu and sigmoid (a tie: delta-AICc 1.4 < 2)"
    assert verdict({"relu": 10.0, "sigmoid": 14.5}) == "relu (ahead of sigmoid by delta-AICc 4.5)"
    assert verdict({"relu": float("nan")}) == "none"


def _ranking(aicc_sigmoid, aicc_relu):
    def fit(family, aicc, r2):
        values = {"relu": {"gain_Hz_per_nA": 50.0, "I_0_nA": 1.2},
                  "sigmoid": {"r_max_Hz": 208.0}}.get(family, {})
        return {"family": family, "success": True, "r2": r2, "aicc": aicc, "values": values}
    rows = [fit("sigmoid", aicc_sigmoid, 0.977), fit("relu", aicc_relu, 0.970),
            fit("linear", 150.0, 0.946), fit("exponential", 177.0, 0.858),
            fit("softplus", aicc_relu + 2.5, 0.970), fit("lif", -25.0, 1.0)]
    return {"rankings": {"0 mV": rows, "3 mV": rows}}


def test_the_fits_step_prints_a_tie_as_a_tie_and_a_lead_as_a_lead():
    tie = fits.numbers_from_json(_ranking(133.0, 134.4))
    assert tie["best_article"] == "sigmoid and ReLU (a tie: delta-AICc 1.4 < 2)"
    lead = fits.numbers_from_json(_ranking(133.0, 138.0))
    assert lead["best_article"] == "sigmoid (ahead of ReLU by delta-AICc 5.0)"
    # The winner is the AICc winner, not the R^2 winner.
    flipped = fits.numbers_from_json(_ranking(140.0, 134.0))
    assert flipped["best_article"].startswith("ReLU (ahead of sigmoid")


def _catalogue_texts(lang):
    return {k: v for k, v in i18n.flat_keys(i18n.catalogue(lang)).items()
            if k.startswith("steps.")}


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_captions_name_the_criterion_the_code_ranks_by(lang):
    # The fits are ranked by AICc (neurosim.bridge.fitting): no text may say plain "AIC".
    for key, value in _catalogue_texts(lang).items():
        assert not re.search(r"\bAIC\b(?!c)", value), key
    for step in ("fits", "cells", "correspondence"):
        assert "AICc" in i18n.text(f"steps.{step}.caption", lang), step


def test_the_run_names_ties_in_every_figure_that_ranks(quick_demo):
    folder = quick_demo[0]
    key = json.loads((folder / "answer_key.json").read_text())["steps"]
    html = (folder / "index.html").read_text(encoding="utf-8")
    for step in ("fits", "cells", "correspondence"):
        caption = html.split(f'id="{step}"')[1].split("</figcaption>")[0]
        assert "AICc" in caption and not re.search(r"\bAIC\b(?!c)", caption), step
    cells = json.loads((folder / "05_cells.json").read_text())["cells"]
    for name, cell in cells.items():
        lead = tied({f["family"]: f["aicc"] for f in cell["fits"] if f["success"]})
        said = key["cells"]["numbers"]["best_summary"]
        part = next(p for p in said.split("; ") if p.startswith(name + ":"))
        assert ("a tie" in part) == (len(lead) > 1), part


def test_the_students_single_file_carries_no_answer_key(quick_demo):
    folder = quick_demo[0]
    page = (folder / "neurosim-report.html").read_text(encoding="utf-8")
    assert not re.search(r'(href|download)="[^"]*answer_key', page)
    assert 'class="meta teachers"' not in page and "answer_key.md" not in page.split("<h2")[0]
    answers = json.loads((folder / "answer_key.json").read_text())["steps"]
    for step in answers.values():
        for qa in step["answers"].values():
            assert qa["answer"] not in page
    assert note("students") in page


def test_the_teachers_single_file_embeds_the_answer_key(quick_demo, tmp_path):
    import shutil

    folder = tmp_path / "copy"
    shutil.copytree(quick_demo[0], folder)
    path = write_single_file(folder, audience="teacher")
    page = path.read_text(encoding="utf-8")
    assert path.name == "neurosim-report-teacher.html"
    assert 'download="answer_key.md"' in page and note("teacher") in page


def test_the_single_file_note_is_in_the_reports_language():
    for audience in ("students", "teacher"):
        assert CJK.search(note(audience, "zh")) and not CJK.search(note(audience, "en"))
    page = embed_report('<html><body><p class="meta teachers">x '
                        '<a href="#k">answer_key</a></p></body></html>', ".", lang="zh")
    assert note("students", "zh") in page and "answer_key" not in page


def test_a_cjk_font_is_found_despite_a_stale_font_cache(tmp_path):
    """matplotlib caches its font list; a font installed after that must still be found."""
    if i18n.cjk_font() is None:
        pytest.skip("no CJK font on this machine (apt-get install fonts-noto-cjk)")
    script = textwrap.dedent("""
        import json, pathlib, sys
        from matplotlib import font_manager
        cache = next(pathlib.Path(sys.argv[1]).glob("fontlist-*.json"))
        data = json.loads(cache.read_text())
        data["ttflist"] = [f for f in data["ttflist"] if "CJK" not in f["name"]]
        cache.write_text(json.dumps(data))
    """)
    env = {**os.environ, "MPLCONFIGDIR": str(tmp_path)}
    subprocess.run([sys.executable, "-c", "import matplotlib.font_manager"], env=env, check=True)
    subprocess.run([sys.executable, "-c", script, str(tmp_path)], env=env, check=True)
    check = ("from matplotlib import font_manager as fm; "
             "assert not any('CJK' in f.name for f in fm.fontManager.ttflist), 'cache not stale'; "
             "from neurosim.demo import i18n; print(i18n.cjk_font())")
    out = subprocess.run([sys.executable, "-c", check], env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() in i18n.CJK_FONTS


def test_the_widget_shows_zero_below_the_type_ii_jump():
    """hh_squid at 0.73 and 1.09 nA fires one onset spike, then rests: its rate is 0 Hz (Lesson 4:
    a type II cell never fires slower than its jump), in the curve and at the operating point."""
    from brian2 import nA

    from neurosim.explore import widget

    explorer = widget("hh_squid").explorer
    for current in (0.73, 1.09):
        explorer.controls["current"].value = current
        lines = explorer.ax_fi.get_lines()
        x, y = lines[0].get_data()
        below = np.asarray(x) < 1.2  # the squid axon jumps to ~50 Hz at about 1.26 nA
        assert below.any() and np.all(np.asarray(y)[below] == 0)
        (dot_x,), (dot_y,) = lines[-1].get_data()
        assert dot_x == pytest.approx(current) and dot_y == 0, current
        assert explorer.trace.steady_state().rates[0] == 0
    explorer.controls["current"].value = 2.0
    assert explorer.ax_fi.get_lines()[-1].get_data()[1][0] > 40  # above the jump it fires
    assert float(explorer.trace.current.max() / nA) == pytest.approx(2.0)


def _lesson(number: int, lang: str = "en") -> tuple[str, str]:
    """(markdown, code) of a lesson notebook."""
    from pathlib import Path

    folder = Path(__file__).resolve().parent.parent / "examples" / "lessons" / lang
    (path,) = folder.glob(f"{number:02d}_*.ipynb")
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    text = {kind: "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == kind)
            for kind in ("markdown", "code")}
    return text["markdown"], text["code"]


def test_the_lessons_say_what_their_code_does():
    text, code = _lesson(1)
    for cell in code.split("\n\n"):  # a noise label names the noise the run uses
        for label in re.findall(r'label="sigma = (\d+) mV"', cell):
            assert f"sigma={label} * mV" in code
    assert "search grid" in text and "2.001 nA" in text  # 2.05 vs 2.00 nA: the grid, not 200 ms
    assert "np.clip" not in _lesson(2)[1]  # the exponential has no ceiling
    theory = _lesson(4)[0]
    sqrt_sentence = theory[theory.index(r"\sqrt{I - I_{rh}}") - 300:theory.index(r"\sqrt{I - I_{rh}}")]
    assert "LIF" not in sqrt_sentence.split(".")[-1] and "logarithmic" in theory
    text, code = _lesson(5)
    assert "accuracy 25%" in text  # the answer matches what exercise 3 prints
    assert "value_range=(0.0, 1.0)" in code  # both maps on one colour scale
    assert "not small" in text and "small initial weights put" not in text


def test_the_exponentials_reading_names_noise_only_when_there_is_noise():
    from brian2 import mV

    from neurosim.bio import load_preset
    from neurosim.bridge.fit_report import READINGS

    params = load_preset("neuronal_dynamics")
    quiet = READINGS["exponential"]((25.0, 0.5), params, 0 * mV)
    noisy = READINGS["exponential"]((25.0, 0.5), params, 3 * mV)
    assert "noise-driven" not in quiet and "silent below its threshold" in quiet
    assert "noise-driven" in noisy


def test_q7b_counts_the_dots_of_its_own_run(quick_demo):
    from neurosim.io import read_csv

    folder = quick_demo[0]
    numbers = json.loads((folder / "answer_key.json").read_text())["steps"]["noise"]["numbers"]
    data = read_csv(folder / "03_noise.csv")
    current = np.asarray(data["current_nA"])
    gap = np.asarray(data["rate_sigma6mV_Hz"] - data["theory_sigma6mV_Hz"])
    near = np.abs(current / numbers["rheobase_nA"] - 1) <= 0.5
    assert numbers["n_near"] == near.sum() and numbers["n_below"] == (gap[near] < 0).sum()
    assert numbers["excess_Hz"] == pytest.approx(gap[near].max())
    assert numbers["mean_gap_Hz"] == pytest.approx(gap[near].mean())


def test_the_correspondence_figure_names_a_tie_as_a_tie():
    from types import SimpleNamespace

    from brian2 import mV
    from matplotlib.text import Text

    from neurosim.plotting.correspondence import answer_figure

    table = SimpleNamespace(presets=("a", "b"), families=("relu", "sigmoid", "linear"),
                            sigmas=np.array([0.0, 2.0]) * mV,
                            delta_aicc=np.array([[[0, 1.4, 9], [0, 30, 40]],
                                                 [[5, 0, 9], [float("nan"), 0, 40]]]))
    texts = [t.get_text() for t in answer_figure(table).findobj(Text)]
    assert "relu ≈ sigmoid" in texts and "tie with sigmoid (ΔAICc 1.4)" in texts
    assert "ahead of sigmoid by ΔAICc 30" in texts and "ahead of relu by ΔAICc 5.0" in texts
    assert "ahead of linear by ΔAICc 40" in texts
