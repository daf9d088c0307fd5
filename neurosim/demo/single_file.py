"""The demo report as one HTML file, for e-mail or an LMS upload.

The folder form of the report (``index.html`` beside its figures and data files)
links every file by a relative path, so it only works with the files next to it.
:func:`write_single_file` turns it into one file that works alone:

- each figure shown on the page (``<img src="NAME.png">``) is embedded as a
  base64 ``data:image/png`` URI;
- each link to a data file (CSV, JSON, Markdown, text) becomes a ``data:`` link
  that downloads the file under its own name;
- links to figure files (the PNG already shown, and the SVG copy) become plain
  text: the SVG versions stay in the folder form only, and a note at the top
  of the page says so.

The single file comes in two forms (``audience``):

- ``"students"`` (the default): the file to hand out. The paragraph for teachers
  (``<p class="meta teachers">``, which links ``answer_key.md`` and ``.json``) is
  removed, and the file is checked to carry no answer key;
- ``"teacher"``: the answer key is embedded too, as download links.

Nothing else on the page changes, so the single file shows the same figures,
captions, tables and numbers as ``index.html``. The note at the top says which
form it is, in the report's language.
"""

from __future__ import annotations

import base64
import html
import mimetypes
import re
from pathlib import Path

from neurosim.errors import OutputError, ParameterError

#: File name of the single-file report, written beside ``index.html``, per audience.
SINGLE_FILE_NAME = "neurosim-report.html"
SINGLE_FILE_NAMES = {"students": SINGLE_FILE_NAME, "teacher": "neurosim-report-teacher.html"}
AUDIENCES = tuple(SINGLE_FILE_NAMES)

#: Data files embedded as ``data:`` links, with their media types.
EMBEDDED_TYPES = {".csv": "text/csv", ".json": "application/json", ".md": "text/markdown",
                  ".txt": "text/plain"}


def note(audience: str = "students", lang: str = "en") -> str:
    """The note at the top of the single file, in ``lang`` (catalogue ``single_file``)."""
    from neurosim.demo.i18n import text

    body = text(f"single_file.{audience}", lang)
    return ('<p class="single-file-note" style="border:1px solid #ccc;padding:0.5em 0.8em;">'
            f"{body}</p>")


#: The note at the top of the single file (English, students' form).
NOTE = note()

_KEY_LINK = re.compile(r'(href|download)="[^"]*answer_key[^"]*"', re.IGNORECASE)
_TEACHERS = re.compile(r'<p class="meta teachers">.*?</p>\s*', re.IGNORECASE | re.DOTALL)
_IMG = re.compile(r'(<img\b[^>]*?\bsrc=")([^"]*)(")', re.IGNORECASE)
_LINK = re.compile(r'<a\b([^>]*?)\bhref="([^"]*)"([^>]*)>(.*?)</a>', re.IGNORECASE | re.DOTALL)
_BODY = re.compile(r"(<body\b[^>]*>)", re.IGNORECASE)


def _is_local(target: str) -> bool:
    """A relative path to a file (not ``#anchor``, ``data:``, ``https:`` or ``//host``)."""
    return not (target == "" or target.startswith(("#", "/")) or re.match(r"^[a-z][a-z0-9+.-]*:",
                                                                       target, re.IGNORECASE))


def _local_file(folder: Path, target: str) -> Path:
    path = (folder / html.unescape(target)).resolve()
    if folder.resolve() not in path.parents or not path.is_file():
        raise OutputError(
            f"report in {folder}: links {target!r}, which is not a file in the folder"
        )
    return path


def _data_uri(path: Path, media_type: str) -> str:
    return f"data:{media_type};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def embed_report(page: str, folder, *, audience: str = "students", lang: str = "en") -> str:
    """Return ``page`` (the folder form's HTML) with its files embedded, as described above.

    Parameters
    ----------
    page : str
        HTML of the folder-form report.
    folder : path
        The folder its relative links point into.
    audience : {"students", "teacher"}
        ``"students"`` leaves the answer key out; ``"teacher"`` embeds it.
    lang : str
        Language of the note at the top.

    Raises
    ------
    OutputError
        If the page links a file that is not in ``folder``, or the students' form would
        still mention the answer key.
    ParameterError
        If ``audience`` is not one of :data:`AUDIENCES`.
    """
    if audience not in AUDIENCES:
        raise ParameterError(f"audience: {audience!r} is not one of {', '.join(AUDIENCES)}")
    folder = Path(folder)
    if audience == "students":
        page = _TEACHERS.sub("", page)

    def image(match):
        target = match.group(2)
        if not _is_local(target):
            return match.group(0)
        path = _local_file(folder, target)
        media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return match.group(1) + _data_uri(path, media_type) + match.group(3)

    def link(match):
        before, target, after, text = match.groups()
        if not _is_local(target):
            return match.group(0)
        path = _local_file(folder, target)
        suffix = path.suffix.lower()
        if suffix in EMBEDDED_TYPES:
            uri = _data_uri(path, EMBEDDED_TYPES[suffix])
            name = html.escape(path.name, quote=True)
            return f'<a{before}href="{uri}" download="{name}"{after}>{text}</a>'
        return f"<span>{text}</span>"  # a figure file, or anything else: its name, no link

    page = _IMG.sub(image, page)
    page = _LINK.sub(link, page)
    if audience == "students" and _KEY_LINK.search(page):
        raise OutputError(f"report in {folder}: the students' single file would still link "
                          f"the answer key ({_KEY_LINK.search(page).group(0)})")
    return _BODY.sub(lambda m: m.group(1) + "\n" + note(audience, lang), page, count=1)


def write_single_file(folder, name: str | None = None, *, audience: str = "students",
                      lang: str = "en") -> Path:
    """Write the single-file form of ``folder/index.html`` for ``audience`` as
    ``folder/name`` (default :data:`SINGLE_FILE_NAMES` of the audience); return its path."""
    folder = Path(folder)
    page = (folder / "index.html").read_text(encoding="utf-8")
    path = folder / (name or SINGLE_FILE_NAMES.get(audience, SINGLE_FILE_NAME))
    path.write_text(embed_report(page, folder, audience=audience, lang=lang), encoding="utf-8")
    return path
