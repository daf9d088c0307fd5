"""neurosim.demo.single_file: the report as one file (the browser test opens the real one)."""

import base64
import re

import pytest

from neurosim.demo.single_file import NOTE, embed_report, write_single_file
from neurosim.errors import OutputError

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 16

PAGE = """<html><body><a href="#fig">Figure</a>
<img src="01_fig.png" alt="f"><img src="data:image/png;base64,AAAA">
<p>Files: <a href="01_fig.png">01_fig.png</a>, <a href="01_fig.svg">01_fig.svg</a>;
data: <a class="d" href="01_fig.csv">01_fig.csv</a>, <a href="https://brian2.readthedocs.io">Brian2</a></p>
</body></html>"""


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "01_fig.png").write_bytes(PNG)
    (tmp_path / "01_fig.svg").write_text("<svg/>")
    (tmp_path / "01_fig.csv").write_text("# seed 1\nx,y\n1,2\n")
    (tmp_path / "index.html").write_text(PAGE)
    return tmp_path


def test_figures_and_data_are_embedded_and_figure_files_become_text(folder):
    page = embed_report(PAGE, folder)
    image = re.search(r'<img src="data:image/png;base64,([^"]+)" alt="f">', page)
    assert base64.b64decode(image.group(1)) == PNG
    link = re.search(r'<a class="d" href="data:text/csv;base64,([^"]+)" download="01_fig.csv">', page)
    assert base64.b64decode(link.group(1)) == b"# seed 1\nx,y\n1,2\n"
    assert "<span>01_fig.png</span>, <span>01_fig.svg</span>" in page
    # anchors, data: URIs and absolute links are left alone; the note says what was left out
    assert '<a href="#fig">' in page and 'src="data:image/png;base64,AAAA"' in page
    assert '<a href="https://brian2.readthedocs.io">' in page
    assert page.index(NOTE) > page.index("<body>")
    assert not re.search(r'(src|href)="0', page)  # no relative file reference is left


@pytest.mark.parametrize("target", ["../secret.csv", "missing.csv", "/etc/passwd"])
def test_links_outside_the_folder_or_missing_files_are_refused(folder, target):
    if target.startswith("/"):  # absolute paths are not relative links: left alone
        assert f'href="{target}"' in embed_report(f'<a href="{target}">x</a>', folder)
        return
    (folder.parent / "secret.csv").write_text("no")
    with pytest.raises(OutputError, match=re.escape(target)):
        embed_report(f'<body><a href="{target}">x</a>', folder)


def test_write_single_file_writes_beside_index(folder):
    path = write_single_file(folder)
    assert path == folder / "neurosim-report.html"
    assert path.read_text() == embed_report(PAGE, folder)
