"""The demo's HTML report: one self-contained page that shows every figure.

The page is rendered from ``neurosim/templates/report.html.j2`` with jinja2;
it links the figures and data files by relative paths, embeds its CSS, and
loads nothing from the internet, so it opens from disk anywhere.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
import markupsafe

from neurosim.demo.i18n import text
from neurosim.provenance import provenance

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates"


def render_report(figures, *, settings: dict, seconds: float, lang: str = "en") -> str:
    """Return the report's HTML for a list of :class:`neurosim.demo.DemoFigure`.

    The page's own texts come from the catalogue table ``report`` of ``lang``
    (:mod:`neurosim.demo.i18n`); they are our HTML, trusted like the figure tables.
    """
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATE_DIR)),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        undefined=jinja2.StrictUndefined,
    )
    record = provenance(settings, settings.get("seed"))
    template = env.get_template("report.html.j2")
    texts = {k: markupsafe.Markup(v) for k, v in text("report", lang).items()}

    def html(key, **fields):
        """A catalogue text with its fields HTML-escaped."""
        return markupsafe.Markup(texts[key]).format(**fields)

    versions = record["versions"]
    return template.render(
        t=texts,
        html=html,
        versions_text=", ".join(f"{k} {v}" for k, v in versions.items()),
        figures=[_view(fig) for fig in figures],
        settings=", ".join(f"{k} = {v}" for k, v in settings.items()),
        seconds=seconds,
        command=record["command"],
        created=record["created"],
    )


def _view(fig) -> dict:
    """What the template needs of a figure (the table is trusted HTML we made)."""
    return {
        "key": fig.key,
        "title": fig.title,
        "caption": fig.caption,
        "files": list(fig.files),
        "data": list(fig.data),
        "table": markupsafe.Markup(fig.table) if fig.table else "",
        "example": fig.example,
    }


def write_report(folder, figures, *, settings: dict, seconds: float, lang: str = "en") -> Path:
    """Write ``index.html`` into ``folder``; return its path."""
    path = Path(folder) / "index.html"
    path.write_text(render_report(figures, settings=settings, seconds=seconds, lang=lang),
                    encoding="utf-8")
    return path
