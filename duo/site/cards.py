"""Shareable key-figure cards: 1200×630 pictures (the size social networks show large) in the organisation's
colours, with the figure, its title and its source line. The SVG is written here, every text escaped; the PNG is
the same SVG drawn by vl_convert (resvg), kept in the cache by the SVG's hash since drawing takes a moment.

A suppressed figure's card says it is not published: its value, interval and n never reach this module's output.
"""

from __future__ import annotations

import hashlib
import html
import textwrap

import vl_convert
from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language
from django.utils.translation import gettext as _

WIDTH, HEIGHT = 1200, 630
MARGIN = 80
TEXT_WIDTH = WIDTH - 2 * MARGIN
# The site's brand colour (duo.css --brand) and the impact charts' orange (duo.impact.charts.COLOURS).
BACKGROUND, ACCENT, INK, SOFT = "#0b5d7a", "#d9822b", "#ffffff", "#d7e8ee"
FONT = "Liberation Sans, Arial, Helvetica, sans-serif"
# Where the figure, its title and its note go: between the header line and the orange rule.
BLOCK = (140, 515)

# Advance widths of Arial / Liberation Sans (same metrics), in thousandths of the font size: enough to wrap a title
# and shrink a long value so that nothing runs off the card.
_WIDTHS = {**dict.fromkeys("0123456789$_#?Lkabdeghnopqu", 556), **dict.fromkeys(" ,.:;!|/'", 278),
           **dict.fromkeys("ijl", 222), **dict.fromkeys("ftI[]()", 278), "r": 333, "-": 333, "·": 333,
           **dict.fromkeys("cksvxyzJ", 500), "m": 833, "w": 722, "M": 833, "W": 944, "%": 889, "–": 556,
           "—": 1000, **dict.fromkeys("ABEKPSVXY", 667), **dict.fromkeys("CDHNRUw", 722), **dict.fromkeys("GOQ", 778),
           **dict.fromkeys("FTZ", 611), "=": 584, "+": 584}


def text_width(text: str, size: float, bold: bool = False) -> float:
    units = sum(_WIDTHS.get(ch, 600) for ch in text)
    return units * size / 1000 * (1.07 if bold else 1.0)


def _fit(text: str, largest: int, smallest: int, bold: bool = True) -> int:
    size = largest
    while size > smallest and text_width(text, size, bold) > TEXT_WIDTH:
        size -= 4
    return size


def _wrap(text: str, size: int, max_lines: int) -> list[str]:
    average = text_width("abcdefghijklmnopqrstuvwxyz", size) / 26
    lines = textwrap.wrap(text, width=max(10, int(TEXT_WIDTH / average)))
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1].rstrip(" ,.;:") + "…"
    return lines


def _text(x, y, content, *, size, fill=INK, bold=False) -> str:
    weight = ' font-weight="700"' if bold else ""
    return (f'<text x="{x}" y="{y}" font-size="{size}"{weight} fill="{fill}">'
            f"{html.escape(str(content), quote=True)}</text>")


def _frame(label: str, body: list[str], source: str) -> str:
    lang = html.escape((get_language() or settings.LANGUAGE_CODE)[:2], quote=True)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'role="img" aria-labelledby="card-title" xml:lang="{lang}" font-family="{FONT}">',
        f'<title id="card-title">{html.escape(label, quote=True)}</title>',
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="{BACKGROUND}"/>',
        f'<rect width="20" height="{HEIGHT}" fill="{ACCENT}"/>',
        _text(MARGIN, 100, "Duo", size=44, bold=True),
        _text(MARGIN + 110, 100, _("Intergenerational mentoring for employment"), size=26, fill=SOFT),
        *body,
        f'<rect x="{MARGIN}" y="538" width="{TEXT_WIDTH}" height="4" fill="{ACCENT}"/>',
        _text(MARGIN, 592, source, size=28),
        "</svg>",
    ]
    return "\n".join(parts)


def _title(title: str) -> tuple[int, list[str]]:
    if text_width(title, 44) <= 2 * TEXT_WIDTH * 0.9:
        return 44, _wrap(title, 44, 2)
    return 36, _wrap(title, 36, 3)


def _body(headline: str, title: str, note: str, *, largest: int) -> list[str]:
    """The headline, the title under it, the note under that, centred between the header and the orange rule;
    the headline shrinks until everything fits."""
    title_size, title_lines = _title(title)
    note_lines = _wrap(note, 26, 2) if note else []
    line = int(title_size * 1.22)
    size = _fit(headline, largest, 56)
    while True:
        # Measured from the top of the block: the headline's capitals, then the title's and the note's lines.
        title_first = int(size * 0.73) + 26 + title_size
        last = title_first + (len(title_lines) - 1) * line
        height = (last + 42 + (len(note_lines) - 1) * 33 if note_lines else last) + 8
        if height <= BLOCK[1] - BLOCK[0] or size <= 64:
            break
        size -= 8
    top = BLOCK[0] + max(0, (BLOCK[1] - BLOCK[0] - height) // 2)
    body = [_text(MARGIN, top + int(size * 0.73), headline, size=size, bold=True)]
    body += [_text(MARGIN, top + title_first + i * line, text, size=title_size) for i, text in enumerate(title_lines)]
    body += [_text(MARGIN, top + last + 42 + i * 33, text, size=26, fill=SOFT) for i, text in enumerate(note_lines)]
    return body


def figure_svg(figure, source: str) -> str:
    """The card of a key figure (duo.site.queries.KeyFigure)."""
    if figure.suppressed:
        headline = _("Not published")
        note = _("Fewer than %(n)s people, or a figure from which such a group could be worked out: it is "
                 "withheld to protect their privacy.") % {"n": settings.IMPACT_MIN_CELL}
    elif figure.empty:
        headline, note = _("No figure yet"), _("No one in this population yet.")
    else:
        headline = figure.value
        note = (_("95 %% confidence interval: %(ci)s") % {"ci": figure.interval}) if figure.interval else ""
    label = " ".join(part for part in (f"{figure.title}: {headline}.", f"{note}." if note and not note.endswith(
        ".") else note, source) if part)
    body = _body(headline, figure.title, note, largest=110 if figure.suppressed else 150)
    return _frame(label, body, source)


def default_svg() -> str:
    """The card shared when a page has no key figure: the organisation and its four areas of action."""
    from duo.impact.indicators import AREAS

    headline = _("Intergenerational mentoring for employment")
    lines = _wrap(headline, 64, 2)
    body = [_text(MARGIN, 250 + i * 78, line, size=64, bold=True) for i, line in enumerate(lines)]
    areas = " · ".join(str(label) for label in AREAS.values())
    for i, line in enumerate(_wrap(areas, 30, 2)):
        body.append(_text(MARGIN, 250 + len(lines) * 78 + 20 + i * 40, line, size=30, fill=SOFT))
    source = _("Mentors aged 50 and over, young job seekers, six months together")
    return _frame(f"Duo: {headline}. {areas}.", body, source)


def png(svg: str) -> bytes:
    key = "site:card:" + hashlib.sha256(svg.encode()).hexdigest()
    data = cache.get(key)
    if data is None:
        data = vl_convert.svg_to_png(svg)
        cache.set(key, data, 60 * 60 * 24)
    return data
