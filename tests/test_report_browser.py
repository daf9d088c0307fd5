"""The demo's report in a real browser: headless Debian Chromium driven by Playwright.

Both forms are opened from disk: the folder form (``index.html`` beside its files)
and the single-file form (``neurosim-report.html``, copied alone into an empty
folder first, so it must carry everything it shows). Every request that is not a
``file:`` or ``data:`` URL is aborted and recorded; the tests require none.

Chromium is Debian's (``/usr/bin/chromium``, or ``$NEUROSIM_CHROMIUM``): ``.ci/run``
installs it with apt. ``playwright install`` is never needed. Without it the module is
skipped with one line naming the package (a failure under ``.ci/run``:
tests/system_packages.py).
"""

from __future__ import annotations

import base64
import os
import shutil
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from tests.system_packages import require

CHROMIUM = Path(os.environ.get("NEUROSIM_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
require(CHROMIUM.is_file(), f"Chromium at {CHROMIUM} (or $NEUROSIM_CHROMIUM)", "chromium",
        module=True)
FORMS = ["index.html", "neurosim-report.html"]
N_FIGURES = 6  # one per demo step


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module", params=FORMS)
def report(request, browser, quick_demo, tmp_path_factory):
    """The report opened at 1280 px: (page, file, console errors, network requests)."""
    folder = quick_demo[0]
    path = folder / request.param
    if request.param != "index.html":  # the single file must work on its own
        alone = tmp_path_factory.mktemp("alone")
        path = Path(shutil.copy(path, alone))
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    errors, network = [], []
    context.route("**/*", lambda route: _local_only(route, network))
    page = context.new_page()
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(path.as_uri(), wait_until="load")
    yield page, path, errors, network
    context.close()


def _local_only(route, network):
    url = route.request.url
    if url.startswith(("file:", "data:")):
        route.continue_()
    else:
        network.append(url)
        route.abort()


def test_every_image_loads(report):
    page, path, _, _ = report
    images = page.evaluate(
        "Array.from(document.images, i => [i.getAttribute('src').slice(0, 40), i.complete,"
        " i.naturalWidth, i.naturalHeight])")
    assert len(images) >= N_FIGURES
    for src, complete, width, height in images:
        assert complete and width > 0 and height > 0, src
    if path.name != "index.html":
        assert all(src.startswith("data:image/png;base64,") for src, *_ in images)


def test_no_console_errors_and_no_network(report):
    _, _, errors, network = report
    assert errors == []
    assert network == []


def test_every_link_resolves_offline(report):
    page, path, _, _ = report
    links = page.evaluate("Array.from(document.querySelectorAll('a[href]'), a => a.href)")
    assert len(links) >= N_FIGURES  # the table of contents alone has one per figure
    for link in links:
        url = urlparse(link)
        if url.fragment and link.split("#")[0] == path.as_uri():
            assert page.evaluate("id => document.getElementById(id) !== null", url.fragment), link
        elif url.scheme == "file":
            assert path.name == "index.html", f"the single file links a file: {link}"
            assert Path(unquote(url.path)).is_file(), link
        elif url.scheme == "data":
            header, _, payload = link.partition(",")
            assert header.endswith(";base64") and base64.b64decode(payload), link[:60]
        else:
            raise AssertionError(f"link needs the network: {link}")
    if path.name != "index.html":  # every data file of the folder form is there, embedded
        downloads = page.evaluate(
            "Array.from(document.querySelectorAll('a[download]'), a => a.download)")
        assert [p.name for p in path.parent.iterdir()] == [path.name]  # nothing beside it
        assert any(name.endswith(".csv") for name in downloads)
        assert any(name.endswith(".json") for name in downloads)


@pytest.mark.parametrize("width", [1280, 390])
def test_readable_without_horizontal_scrolling(report, width):
    page = report[0]
    page.set_viewport_size({"width": width, "height": 900})
    try:
        scroll_width, inner_width = page.evaluate(
            "[document.scrollingElement.scrollWidth, window.innerWidth]")
        assert scroll_width <= inner_width, f"page scrolls sideways at {width} px"
        font_px = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
        assert font_px >= 14
    finally:
        page.set_viewport_size({"width": 1280, "height": 900})


def test_prints_to_pdf(report):
    pdf = report[0].pdf(format="A4")
    assert pdf[:5] == b"%PDF-"
    assert pdf.count(b"/Subtype /Image") >= N_FIGURES  # the figures are printed too
