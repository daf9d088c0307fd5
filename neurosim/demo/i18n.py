"""Translations: one catalogue per language, as data (``neurosim/locales/<lang>.toml``).

Every text of the demo (step titles, captions, answer-key questions and
answers, the report's page texts) is looked up by a dotted key such as
``"steps.fits.caption"`` or ``"report.lead"``; English (``"en"``) is the
default and the reference: every other catalogue has exactly its keys, with
the same ``{name:format}`` fields (``tests/test_i18n.py``).

Figure labels are translated after a figure is drawn: :func:`label_figure`
replaces every title, axis label, legend entry and annotation found in the
catalogue's ``figure_labels`` table (English label -> translation, the
gettext convention of the English text as the key) and gives those texts a
CJK font.  Without a CJK font the labels stay English and
:class:`NoCJKFontWarning` says so (once per process).

Texts the library makes (fit readings, firing-pattern reasons, the fit table)
are English; :func:`translate_phrases` replaces the phrases of the catalogue's
``values`` table in them, and :func:`say` does so in the language a notebook
chose with :func:`use_in_notebook` (the lessons print library texts through it).
"""

from __future__ import annotations

import functools
import os
import re
import string
import tomllib
import warnings
from importlib import resources

from neurosim.errors import ParameterError

#: Languages with a catalogue, the default first.
LANGUAGES = ("en", "zh")
DEFAULT = "en"

#: Fonts with Simplified Chinese glyphs that matplotlib may find, in order of preference.
#: Debian/Ubuntu: ``apt-get install fonts-noto-cjk``; Fedora: ``google-noto-sans-cjk-fonts``;
#: macOS ships PingFang SC; Windows ships Microsoft YaHei.
CJK_FONTS = ("Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans SC", "Source Han Sans SC",
             "Source Han Sans CN", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "PingFang SC",
             "Microsoft YaHei", "SimHei", "Heiti SC", "AR PL UKai CN")


class NoCJKFontWarning(UserWarning):
    """Figures stay labelled in English: no font with Chinese glyphs was found."""


def check_lang(lang) -> str:
    """Return ``lang`` if it has a catalogue; else raise :class:`ParameterError` naming them."""
    if lang not in LANGUAGES:
        raise ParameterError(f"lang: {lang!r} has no catalogue; choose one of "
                             f"{', '.join(LANGUAGES)}")
    return lang


@functools.cache
def catalogue(lang: str = DEFAULT) -> dict:
    """The whole catalogue of ``lang`` as nested dicts (read once, from the package data)."""
    check_lang(lang)
    source = resources.files("neurosim").joinpath("locales", f"{lang}.toml")
    return tomllib.loads(source.read_text(encoding="utf-8"))


def text(key: str, lang: str = DEFAULT):
    """The entry at dotted ``key`` (a string, or a dict for a table) in ``lang``'s catalogue.

    Raises
    ------
    ParameterError
        If the catalogue has no such key.
    """
    node = catalogue(lang)
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            raise ParameterError(f"key: {key!r} is not in the {lang!r} catalogue "
                                 f"(neurosim/locales/{lang}.toml)")
        node = node[part]
    return node


def flat_keys(node: dict, prefix: str = "") -> dict:
    """``{dotted key: string}`` of every string in a (nested) catalogue table."""
    out = {}
    for k, v in node.items():
        if isinstance(v, dict):
            out.update(flat_keys(v, f"{prefix}{k}."))
        else:
            out[f"{prefix}{k}"] = v
    return out


#: Mathtext in figure labels (``$r_{max}$``): its braces are not format fields.
_MATH = re.compile(r"\$[^$]*\$")


def format_fields(template: str, *, label: bool = False) -> set:
    """The ``{name}`` fields a format string fills (without their format specs).

    With ``label=True`` (figure labels), braces inside ``$...$`` mathtext are not fields.
    """
    if label:
        template = _MATH.sub("", template)
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


#: File names of fonts with Chinese glyphs (for fonts missing from matplotlib's cache).
_CJK_FILE = re.compile(r"cjk|wqy|wenquanyi|sourcehan|notosanssc|pingfang|msyh|yahei|simhei|"
                       r"heiti|ukai", re.IGNORECASE)


@functools.cache
def cjk_font() -> str | None:
    """Name of an installed font with Chinese glyphs that matplotlib can use, or None.

    matplotlib lists the system's fonts once and caches the list
    (``fontlist-*.json`` in its cache folder), so a font installed later (``apt-get
    install fonts-noto-cjk``) is missing from it until the cache is rebuilt. When the
    cached list has no CJK font, the font folders are searched for CJK font files and
    those are added to matplotlib's font list for this process.
    """
    from matplotlib import font_manager

    manager = font_manager.fontManager
    found = _first_cjk(manager)
    if found is None:
        known = {f.fname for f in manager.ttflist}
        for path in font_manager.findSystemFonts():
            if path not in known and _CJK_FILE.search(os.path.basename(path)):
                try:
                    manager.addfont(path)
                except (OSError, RuntimeError, ValueError):  # unreadable or not a font
                    continue
        found = _first_cjk(manager)
    return found


def _first_cjk(manager) -> str | None:
    installed = {f.name for f in manager.ttflist}
    return next((name for name in CJK_FONTS if name in installed), None)


def no_font_message() -> str:
    """What to say when no CJK font is found (one line)."""
    return ("no CJK font found, so figures are labelled in English (the texts are Chinese); "
            "install one, e.g. `apt-get install fonts-noto-cjk` (docs/classroom.md)")


_warned = False


def _warn_no_font():
    global _warned
    if not _warned:
        _warned = True
        warnings.warn(NoCJKFontWarning(no_font_message()), stacklevel=3)


def label_figure(fig, lang: str = DEFAULT) -> list:
    """Translate ``fig``'s texts in place from the ``figure_labels`` table of ``lang``.

    Exact labels are looked up first; then the table's patterns (keys holding
    ``{name}`` fields, such as ``"{name} input: {n} spikes"``) are matched and
    refilled.  Translations avoid mathtext (``R²``, not ``$R^2$``): mathtext
    fonts have no Chinese glyphs.  Translated texts get the CJK font as a fallback after their own
    family, so Latin letters and numbers keep the figure's style.

    Returns
    -------
    list of str
        The non-empty texts that stayed untranslated (numbers, symbols, names).
    """
    check_lang(lang)
    if lang == DEFAULT:
        return []
    font = cjk_font()
    if font is None:
        _warn_no_font()
        return []
    from matplotlib.text import Text

    table = catalogue(lang).get("figure_labels", {})
    patterns = _patterns(lang)
    left = []
    for artist in fig.findobj(Text):
        label = artist.get_text()
        if not label:
            continue
        new = table.get(label)
        if new is None:
            new = next((fill.format(**m.groupdict()) for rx, fill in patterns
                        if (m := rx.fullmatch(label))), None)
        if new is None:
            left.append(label)
            continue
        artist.set_text(new)
        family = artist.get_fontfamily()
        artist.set_fontfamily([*family, font] if font not in family else family)
    return left


@functools.cache
def _patterns(lang: str) -> tuple:
    """The ``figure_labels`` keys with ``{name}`` fields, as (regex, translation) pairs."""
    out = []
    for key, value in catalogue(lang).get("figure_labels", {}).items():
        if not format_fields(key, label=True):
            continue
        rx = ""
        for literal, name, _, _ in string.Formatter().parse(key):
            rx += re.escape(literal)
            if name:
                rx += f"(?P<{name}>.+?)"
        out.append((re.compile(rx), value))
    return tuple(out)


def translate_phrases(value: str, lang: str = DEFAULT) -> str:
    """``value`` with every phrase of ``lang``'s ``values`` table in it translated.

    Phrases (English -> translation) are replaced longest first, so a long phrase wins
    over the shorter ones inside it; numbers, names and unknown English stay as they are.
    A phrase written ``"^gain "`` is replaced only at the start of the text (so the
    parameter name in ``gain = 84.2 Hz/nA`` stays). English returns ``value`` unchanged.
    """
    check_lang(lang)
    if lang == DEFAULT:
        return value
    table = catalogue(lang).get("values", {})
    for phrase in _phrases(lang):
        if phrase.startswith("^"):
            if value.startswith(phrase[1:]):
                value = table[phrase] + value[len(phrase) - 1:]
        else:
            value = value.replace(phrase, table[phrase])
    return value


@functools.cache
def _phrases(lang: str) -> tuple:
    return tuple(sorted(catalogue(lang).get("values", {}), key=len, reverse=True))


#: The language :func:`use_in_notebook` chose (the lessons' first cell sets it).
_notebook_lang = DEFAULT


def say(value) -> str:
    """``value`` (a library text, or anything ``str()`` turns into one) in the notebook's language.

    The identity (as ``str``) in English; after ``use_in_notebook("zh")`` the text goes
    through :func:`translate_phrases`.  The lessons print a fit's ``meaning``, a firing
    pattern's ``reason`` or ``format_table(results)`` as ``print(say(...))``, so their
    English and Chinese code differ only in string literals.
    """
    return translate_phrases(str(value), _notebook_lang)


def use_in_notebook(lang: str = DEFAULT) -> None:
    """Draw this notebook's figures in ``lang``: the lessons' first cell calls it.

    For a language other than English, every figure shown with ``plt.show()`` is first
    passed through :func:`label_figure` (the labels neurosim's plotting functions draw),
    and the CJK font becomes a fallback of every text (the labels the lesson's own code
    writes, already in ``lang``). English changes nothing. :func:`say` translates library
    texts into ``lang`` from now on (with or without a CJK font).
    """
    global _notebook_lang
    _notebook_lang = check_lang(lang)
    if lang == DEFAULT:
        return
    from matplotlib import pyplot as plt

    font = cjk_font()
    if font is None:
        _warn_no_font()
        return
    # A family list falls back glyph by glyph: Latin from the usual font, Chinese from this.
    families = [f for f in plt.rcParams["font.family"] if f != font]
    plt.rcParams["font.family"] = [*families, font]
    # Only the user's own plt.show() call is forwarded: this module never shows a figure itself.
    users_show = getattr(plt.show, "__wrapped__", plt.show)

    @functools.wraps(users_show)
    def labelled_show(*args, **kwargs):
        for number in plt.get_fignums():
            label_figure(plt.figure(number), lang)
        return users_show(*args, **kwargs)

    plt.show = labelled_show
