"""neurosim demo --quick end to end: every figure, data file and the report."""

import json
import re
from html.parser import HTMLParser

import pytest

from neurosim.cli import main
from neurosim.io import read_csv_provenance

PNG = b"\x89PNG\r\n\x1a\n"


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.images, self.links, self.external = [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for key in ("src", "href"):
            value = attrs.get(key)
            if value is None or value.startswith("#"):
                continue
            if re.match(r"^[a-z]+:", value) or value.startswith("//"):
                self.external.append(value)
            elif tag == "img":
                self.images.append(value)
            else:
                self.links.append(value)


@pytest.fixture(scope="module")
def demo_run(quick_demo):
    """``neurosim demo --quick --single-file --seed 2024``, shared with the browser test."""
    return quick_demo


@pytest.fixture(scope="module")
def demo_dir(demo_run):
    return demo_run[0]


def test_report_references_only_local_files_that_exist(demo_dir):
    html = (demo_dir / "index.html").read_text()
    parser = _Links()
    parser.feed(html)
    assert parser.external == []  # opens from disk, no internet
    assert len(parser.images) >= 2
    for name in parser.images + parser.links:
        assert (demo_dir / name).is_file(), name
    for name in parser.images:
        assert (demo_dir / name).read_bytes()[:8] == PNG


def test_every_figure_has_png_svg_and_data_with_provenance(demo_dir):
    pngs = sorted(demo_dir.glob("*.png"))
    assert pngs
    for png in pngs:
        assert png.read_bytes()[:8] == PNG and png.stat().st_size > 10_000
        svg = png.with_suffix(".svg")
        assert svg.read_text().lstrip().startswith(("<?xml", "<svg"))
    data = list(demo_dir.glob("*.csv")) + list(demo_dir.glob("*.json"))
    assert len(data) >= len(pngs)
    for path in data:
        record = read_csv_provenance(path) if path.suffix == ".csv" else json.loads(path.read_text())
        record = record.get("provenance", record)
        assert "versions" in record and "seed" in record, path


def test_progress_on_stderr_and_final_line_names_the_report(demo_run):
    out, err = demo_run
    lines = err.strip().splitlines()
    assert lines[0].startswith("[1/") and "s)" in lines[0]
    assert str(out / "index.html") in lines[-1]


def test_refuses_non_empty_folder_and_leaves_it_alone(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("mine")
    assert main(["demo", "--quick", "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--force" in err[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_bad_options_are_one_line(tmp_path, capsys):
    assert main(["demo", "--out", str(tmp_path / "x"), "--target", "gpu"]) == 2
    assert main(["demo", "--out", str(tmp_path / "x"), "--seed", "-1"]) == 2
    assert main(["demo", "--out", str(tmp_path / "x"), "--jobs", "0"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 3 and all(line.startswith("neurosim: error:") for line in err)
    assert err[2] == "neurosim: error: --jobs: must be an integer >= 1, got 0"
    assert not (tmp_path / "x").exists()
