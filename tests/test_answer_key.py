"""The answer key is generated from the run it describes, and the guide's numbers hold.

1. Each step's numbers in ``answer_key.json`` are recomputed here from the data
   files beside the figures (CSV/JSON), partly with the step's own
   ``numbers_from_*`` function on the re-read file, partly independently.
2. Every run-dependent number docs/classroom.md quotes carries a range marker
   there; each range is checked against the quick run (seed 2024). The same
   ranges were checked on a full run (``neurosim demo``, seed 2024) when the
   guide was written.
"""

import json
import re
from pathlib import Path

import numpy as np
import pytest

from neurosim.demo import conversion, fi_curves, fits, membrane, xor
from neurosim.io import read_csv

GUIDE = Path(__file__).resolve().parent.parent / "docs" / "classroom.md"
#: The same guide in Chinese (built from one source with the English): the same checks.
GUIDES = (GUIDE, GUIDE.with_name("classroom.zh.md"))


@pytest.fixture(scope="module")
def run(quick_demo):
    folder = quick_demo[0]
    key = json.loads((folder / "answer_key.json").read_text())["steps"]
    return folder, {k: v["numbers"] for k, v in key.items()}, key


def _close(a, b):
    if isinstance(a, str):
        return a == b
    return a == pytest.approx(b, rel=1e-9, abs=1e-12)


def _data(folder, key, step):
    """The data file of a step (named by its position in the running order)."""
    (name,) = key[step]["data"]
    path = folder / name
    return read_csv(path) if path.suffix == ".csv" else json.loads(path.read_text())


def test_numbers_are_recomputed_from_the_data_files(run):
    folder, numbers, key = run
    derived = {
        "side_by_side": membrane.numbers_from_columns(_data(folder, key, "side_by_side")),
        "fi_presets": fi_curves.numbers_from_columns(_data(folder, key, "fi_presets")),
        "fits": fits.numbers_from_json(_data(folder, key, "fits")),
        "xor": xor.numbers_from_runs(_data(folder, key, "xor")["runs"]),
        "spiking_network": conversion.numbers_from_summary(
            _data(folder, key, "spiking_network")["summary"]),
    }
    for step, values in derived.items():
        for name, value in values.items():
            assert _close(numbers[step][name], value), (step, name, numbers[step][name], value)


def test_key_numbers_independently_of_the_step_code(run):
    folder, numbers, key = run
    data = _data(folder, key, "side_by_side")
    t = data["t_ms"]
    first = t[(t >= 50) & (data["step_spike"] > 0)][0]
    assert numbers["side_by_side"]["first_spike_ms"] == first
    # The membrane charges from E_L to V_th in tau_m ln(RI/(RI - 20 mV)) = 4.09 ms (2.5 rheobases);
    # the 0.5 mV noise and the 0.1 ms grid move the first spike by a fraction of a ms.
    assert first - 50 == pytest.approx(8 * np.log(2.5 / 1.5), abs=0.5)
    first_step = numbers["side_by_side"]
    silent = (t > first_step["silent_from_ms"]) & (t < first_step["silent_to_ms"])
    assert silent.sum() > 100 and not data["sine_spike"][silent].any()
    assert data["sine_I_nA"][silent].min() < 2.0  # below the 2 nA rheobase there
    fit = _data(folder, key, "fits")["rankings"]["0 mV"]
    r2 = {r["family"]: r["r2"] for r in fit}
    assert numbers["fits"]["sigmoid_r2"] == r2["sigmoid"]
    # The winner is named by AICc, the ranking's criterion; within 2 of it, a tie.
    aicc = {r["family"]: r["aicc"] for r in fit
            if r["family"] in ("linear", "exponential", "sigmoid", "relu")}
    ranked = sorted(aicc, key=aicc.get)
    said = numbers["fits"]["best_article"]
    first = {"relu": "ReLU"}.get(ranked[0], ranked[0])
    assert said.startswith(first)
    assert ("a tie" in said) == (aicc[ranked[1]] - aicc[ranked[0]] < 2)
    runs = _data(folder, key, "xor")["runs"]
    assert numbers["xor"]["article_solved"] == sum(runs["article"]["solved"])
    assert numbers["xor"]["article_out_max"] == max(runs["article"]["outputs_first_seed"])


def test_report_and_answer_key_carry_the_filled_texts(run):
    folder, _, key = run
    html = (folder / "index.html").read_text()
    markdown = (folder / "answer_key.md").read_text()
    for step in key.values():
        assert "{" not in step["title"]
        for qa in step["answers"].values():
            assert qa["answer"] in markdown and "{" not in qa["answer"]
    assert "answer_key.md" in html


def _guide_ranges(guide=GUIDE):
    """The ranges a classroom guide states, each right after its number as
    ``<!-- check step.name low high -->``.

    The number written just before a marker (the last one, e.g. ``0.985`` of
    "0.975-0.985") must itself lie in the marker's range, so the visible text
    and the checked range cannot drift apart.
    """
    text = guide.read_text()
    ranges = []
    for m in re.finditer(r"<!-- check (\w+)\.(\w+) ([-\d.]+) ([-\d.]+) -->", text):
        step, name, low, high = m.group(1), m.group(2), float(m.group(3)), float(m.group(4))
        shown = re.findall(r"\d+(?:\.\d+)?", text[max(0, m.start() - 40):m.start()])
        assert shown and low <= float(shown[-1]) <= high, \
            f"{guide.name}: {step}.{name}: the text shows {shown[-1:]}, not {low}-{high}"
        ranges.append((step, name, low, high))
    return text, ranges


@pytest.mark.parametrize("guide", GUIDES, ids=lambda p: p.name)
def test_every_number_the_guide_quotes_holds_for_this_run(run, guide):
    _, numbers, _ = run
    text, ranges = _guide_ranges(guide)
    assert len(ranges) >= 10, f"{guide.name} lost its checked numbers"
    for step, name, low, high in ranges:
        value = numbers[step][name]
        assert low <= value <= high, f"{guide.name}: {step}.{name} = {value}, not {low}-{high}"


def test_the_guide_names_each_of_its_figures_by_the_report_title(run):
    from neurosim.demo import i18n

    _, _, key = run
    for guide, lang in zip(GUIDES, ("en", "zh")):
        text = guide.read_text()
        for step in ("side_by_side", "fi_presets", "noise", "fits", "xor", "spiking_network"):
            title = key[step]["title"] if lang == "en" else i18n.text(f"steps.{step}.title", lang)
            assert f"### {title}" in text, (guide.name, title)
