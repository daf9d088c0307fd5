"""The demo's HTML report: one self-contained page that shows every figure.

The page is rendered from ``neurosim/templates/report.html.j2`` with jinja2;
it links the figures and data files by relative paths, embeds its CSS, and
loads nothing from the internet, so it opens from disk anywhere.
"""

from __future__ import annotations

from pathlib import Path

import jinja2

from neurosim.provenance import provenance

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"


def render_report(figures, *, settings: dict, seconds: float) -> str:
    """Return the report's HTML for a list of :class:`neurosim.demo.DemoFigure`."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATE_DIR)),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        undefined=jinja2.StrictUndefined,
    )
    record = provenance(settings, settings.get("seed"))
    template = env.get_template("report.html.j2")
    return template.render(
        figures=[_view(fig) for fig in figures],
        settings=", ".join(f"{k} = {v}" for k, v in settings.items()),
        seconds=seconds,
        command=record["command"],
        created=record["created"],
        versions=record["versions"],
    )


def _view(fig) -> dict:
    """What the template needs of a figure (the table is trusted HTML we made)."""
    return {
        "key": fig.key,
        "title": fig.title,
        "caption": fig.caption,
        "files": list(fig.files),
        "data": list(fig.data),
        "table": jinja2.utils.markupsafe.Markup(fig.table) if fig.table else "",
        "example": fig.example,
    }


def write_report(folder, figures, *, settings: dict, seconds: float) -> Path:
    """Write ``index.html`` into ``folder``; return its path."""
    path = Path(folder) / "index.html"
    path.write_text(render_report(figures, settings=settings, seconds=seconds), encoding="utf-8")
    return path
