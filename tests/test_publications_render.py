"""Publications rendered: the PDF, the HTML and the public CSV say the same thing figure by figure; a suppressed
cell is ":c" and nothing else everywhere; a published version renders to the same bytes after new data; a withdrawn
quote leaves with a notice; staff previews mark missing translations and the public side never mixes languages;
the command line refuses what it cannot render; staff Markdown cannot carry HTML."""

import csv
import io
import json
import re
from html.parser import HTMLParser

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from django.utils.html import escape
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader

from duo.accounts.roles import Role
from duo.impact import snapshot as snapshots
from duo.impact import tables
from duo.impact.dimensions import DIMENSIONS
from duo.impact.indicators import INDICATORS
from duo.journeys.models import Outcome
from duo.publications import content, figures, markup, render, services
from duo.publications.models import SectionKind, Version
from duo.testimony import services as testimony_services
from duo.testimony import models as testimony_models
from tests.factories import UserFactory
from tests.publishing import usable_quotes


@pytest.fixture
def officer(organisation, db):
    return UserFactory(role=Role.OFFICER)


def texts(stem, value, languages=("fr", "nl", "en")):
    return {f"{stem}_{lang}": f"{value} {lang}" for lang in languages}


NOTED = {f"body_{lang}": f"The programme works[^1] in {lang}.\n\n[^1]: Footnote text in {lang}." for lang in
         ("fr", "nl", "en")}


def build(officer, slug, *, languages=("fr", "nl", "en"), quotes=()):
    """A brief with a text (and a footnote), a two-way bar chart with suppressed cells, a dot chart of a mean, a
    survey table, key figures and, when given, quotes."""
    publication = services.publication_create(by=officer, slug=slug, kind="policy_brief", languages=languages,
                                              **texts("title", "Title", languages),
                                              **texts("summary", "Summary", languages))
    version = publication.latest
    add = services.section_add
    add(version=version, by=officer, kind=SectionKind.TEXT, **texts("heading", "Introduction", languages),
        **{k: v for k, v in NOTED.items() if k[-2:] in languages})
    add(version=version, by=officer, kind=SectionKind.FIGURE, indicator="positive_exit_12m",
        breakdown="antenna,gender", chart="bar", **texts("heading", "Exits", languages))
    add(version=version, by=officer, kind=SectionKind.FIGURE, indicator="days_to_match", breakdown="region",
        chart="dot", **texts("heading", "Waiting", languages), **texts("body", "Waiting is *shorter*", languages))
    add(version=version, by=officer, kind=SectionKind.TABLE, indicator="satisfaction", breakdown="gender",
        **texts("heading", "Satisfaction", languages))
    add(version=version, by=officer, kind=SectionKind.KEY_FIGURES, **texts("heading", "At a glance", languages),
        items=[{"indicator": "duo_reached_term"}, {"indicator": "positive_exit_12m", "filters": {"gender": "female"}}])
    if quotes:
        add(version=version, by=officer, kind=SectionKind.QUOTES, **texts("heading", "Voices", languages),
            testimonies=list(quotes), limit=len(quotes))
    return publication, version


def publish(version, officer) -> Version:
    services.version_submit(version=version, by=officer)
    services.version_publish(version=version, by=officer)
    return Version.objects.get(pk=version.pk)


def flat(text: str) -> str:
    """Spaces as a reader sees them: no-break and narrow no-break spaces are spaces."""
    return re.sub(r"[ \u00a0\u202f]+", " ", text).strip()


def pdf_lines(data: bytes) -> list[str]:
    return [flat(line) for page in PdfReader(io.BytesIO(data)).pages for line in page.extract_text().splitlines()]


class Tables(HTMLParser):
    """Each <table>'s rows as lists of cell texts; each <svg>'s and heading's attributes, for the checks below."""

    def __init__(self):
        super().__init__()
        self.tables, self.headings, self.svgs, self.captions, self.row_headers = [], [], [], 0, []
        self._cell = self._row = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self.tables.append([])
        elif tag == "caption":
            self.captions += 1
        elif tag == "tr" and self.tables:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
            if tag == "th":
                self.row_headers.append(attrs.get("scope"))
        elif tag == "svg":
            self.svgs.append(attrs)
        elif re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._row.append(flat("".join(self._cell)))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables[-1].append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def parsed(html: str) -> Tables:
    parser = Tables()
    parser.feed(html)
    return parser


def csv_rows(text: str, dimensions: int) -> list[dict]:
    """The CSV's data rows as {labels, numerator, denominator, value, ci_low, ci_high, flag}."""
    lines = [line for line in text.lstrip("\ufeff").splitlines() if line and not line.startswith("#")]
    reader = list(csv.reader(lines, delimiter=";"))
    header, rows = reader[0], reader[1:]
    out = []
    for row in rows:
        labels = [row[2 * i] for i in range(dimensions)]
        out.append({"labels": labels, **dict(zip(header[2 * dimensions:], row[2 * dimensions:]))})
    return out


def expected_line(indicator, row) -> str:
    """A table row as the HTML and the PDF must print it: labels, n, value (and flag), interval."""
    labels = " ".join(row["labels"]) or None
    if row["flag"] == ":c":
        cells = ["–", ":c", "–"]
    else:
        value = figures.value_text(indicator, float(row["value"])) if row["value"] else "–"
        if row["flag"]:
            value += f" {row['flag']}"
        interval = (figures.interval_text(indicator, float(row["ci_low"]), float(row["ci_high"]))
                    if row["ci_low"] else "–")
        cells = [figures.count(int(row["denominator"])), value, interval]
    return flat(" ".join(filter(None, [labels, *cells])))


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_the_pdf_the_html_and_the_csv_agree_figure_by_figure(organisation, officer, lang):
    _publication, version = build(officer, f"agree-{lang}")
    version = publish(version, officer)
    html = render.html(version, lang, public=True)
    lines = set(pdf_lines(render.pdf(version, lang)))
    html_tables = parsed(html).tables
    sections = [s for s in version.sections.all() if s.kind in content.FIGURE_KINDS]
    assert len(html_tables) == len(sections) == 3
    for section, table in zip(sections, html_tables):
        data = section.frozen
        indicator = INDICATORS[data["indicator"]]
        rows = csv_rows(figures.csv_text(data, lang), len(data["by"]))
        assert len(rows) == len(data["records"]) == len(table) - 1
        expected = [expected_line(indicator, row) for row in rows]
        # The HTML table prints exactly the CSV's rows, in its order; the PDF prints each of them on a line.
        assert [" ".join(cells) for cells in table[1:]] == expected
        missing = [line for line in expected if line not in lines]
        assert not missing, missing
        # The chart draws every published interior cell, at the CSV's value, and nothing else.
        codes = [[record[d] for d in data["by"]] for record in data["records"]]
        spec = figures.spec(data, lang, section.chart) if section.kind == SectionKind.FIGURE else None
        if spec is not None:
            drawn = sorted(p["value"] for p in spec["data"]["values"])
            published = sorted(float(row["value"]) for row, key in zip(rows, codes)
                               if row["value"] and row["flag"] != ":c" and tables.ALL not in key)
            assert drawn == published and drawn
    # Key figures: each total with its n.
    key = version.sections.get(kind=SectionKind.KEY_FIGURES)
    text = flat(" ".join(lines))
    for item in key.frozen["items"]:
        total = item["records"][0]
        assert flat(figures.value_text(INDICATORS[item["indicator"]], total["value"])) in text
        assert f"n = {figures.count(total['denominator'])}" in text
    # The source line under each figure names the snapshot.
    assert any(organisation.short_hash in line and "n = " in line for line in lines)


def test_a_suppressed_cell_is_c_and_no_number_anywhere(organisation, officer, english):
    _publication, version = build(officer, "suppressed")
    version = publish(version, officer)
    section = version.sections.get(kind=SectionKind.FIGURE, breakdown="antenna,gender")
    data = section.frozen
    hidden = next(r for r in data["records"] if r["flag"] == ":c" and "*" not in (r["antenna"], r["gender"]))
    labels = [DIMENSIONS["antenna"].label(hidden["antenna"]), DIMENSIONS["gender"].label(hidden["gender"])]
    # What the cell holds (staff's unsuppressed table): people behind it, whose numbers must appear nowhere.
    frames = snapshots.load(organisation)
    truth = tables.table(frames, indicator="positive_exit_12m", by=["antenna", "gender"])
    real = next(r for r in truth.rows if r.key == (hidden["antenna"], hidden["gender"]))
    assert real.n > 0 and all(hidden[c] is None for c in ("numerator", "denominator", "value", "ci_low", "ci_high"))

    html = render.html(version, "en", public=True)
    row = next(cells for cells in parsed(html).tables[0] if cells[:2] == labels)
    assert row[2:] == ["–", ":c", "–"]
    line = next(line for line in pdf_lines(render.pdf(version, "en")) if line.startswith(" ".join(labels) + " "))
    assert line == f"{' '.join(labels)} – :c –"
    csv_row = next(r for r in csv_rows(figures.csv_text(data, "en"), 2) if r["labels"] == labels)
    assert [csv_row[c] for c in tables.COLUMNS] == ["", "", "", "", "", ":c"]
    json_row = next(r for r in figures.json_data(data, "en")["records"]
                    if (r["antenna"], r["gender"]) == (hidden["antenna"], hidden["gender"]))
    assert [json_row[c] for c in tables.COLUMNS] == [None, None, None, None, None, ":c"]
    # The chart's data has no point for the cell, so its SVG cannot draw one.
    spec = figures.spec(data, "en", "bar")
    assert all((p["group"], p["series"]) != tuple(labels) for p in spec["data"]["values"])
    assert all(p["value"] != real.value for p in spec["data"]["values"] if p["group"] == labels[0])
    svg = figures.svg(data, "en", "bar")
    assert svg.startswith("<svg") and 'role="img"' in svg and "Suppressed cells are not drawn." in svg
    # The legend under the figure explains the flag.
    assert "suppressed to protect privacy: fewer than 10 people, or a cell that would reveal one" in html


def test_a_published_version_renders_to_the_same_bytes_after_new_data(organisation, officer):
    publication, version = build(officer, "stable")
    version = publish(version, officer)
    before = render.html(version, "fr", public=True)
    assert render.html(version, "fr", public=True) == before
    twelve = Outcome.objects.filter(horizon="12m").exclude(category="job_permanent").order_by("pk")
    Outcome.objects.filter(pk__in=list(twelve.values_list("pk", flat=True)[::3])).update(category="job_permanent")
    newer = snapshots.snapshot_take(note="after")
    assert newer != organisation
    assert render.html(Version.objects.get(pk=version.pk), "fr", public=True) == before
    # The new data do move the figures: a new version on them renders other numbers.
    draft = services.version_new(publication=publication, by=officer)
    assert render.html(draft, "fr", public=False) != before
    assert newer.short_hash in render.html(draft, "fr", public=False)
    assert newer.short_hash not in before


def shown(text: str) -> str:
    """A quote's text as the HTML carries it."""
    return str(escape(text)).replace("\n", "<br>")


def test_a_withdrawn_quote_leaves_with_a_notice(organisation, officer, english):
    ids = usable_quotes(officer)
    _publication, version = build(officer, "voices", quotes=ids)
    version = publish(version, officer)
    section = version.sections.get(kind=SectionKind.QUOTES)
    first, second = (q["texts"]["en"] for q in section.frozen["quotes"])
    html = render.html(version, "en", public=True)
    assert shown(first["text"]) in html and shown(second["text"]) in html and "withdrew" not in html
    for quote in (first, second):
        if quote["is_translation"]:
            assert "Translated from" in html
    testimony_services.withdraw(testimony=testimony_models.Testimony.objects.get(pk=ids[0]),
                              channel=testimony_models.WithdrawalChannel.LINK)
    html = render.html(version, "en", public=True)
    assert shown(first["text"]) not in html and shown(second["text"]) in html
    assert "1 quote was removed because its author withdrew their consent." in html
    text = flat(" ".join(pdf_lines(render.pdf(version, "en"))))
    assert "1 quote was removed because its author withdrew their consent." in text
    assert flat(first["text"])[:40] not in text


def test_staff_preview_marks_missing_texts_and_the_public_side_refuses_them(organisation, officer, english):
    _publication, version = build(officer, "partial", languages=("fr", "en"))
    services.section_update(section=version.sections.get(kind=SectionKind.TEXT), by=officer, heading_en="",
                            body_en="")
    preview = render.html(version, "en", public=False)
    assert preview.count("Missing translation (English)") >= 2
    assert "Staff preview" in preview and "the heading of section 1" in preview
    assert "Missing translation" not in render.html(version, "fr", public=False)
    with pytest.raises(render.NotPublished):
        render.html(version, "fr", public=True)
    services.section_update(section=version.sections.get(kind=SectionKind.TEXT), by=officer,
                            heading_en="Introduction", body_en="Done.")
    version = publish(version, officer)
    assert "Missing translation" not in render.html(version, "en", public=True)
    # Dutch was never written: refused in public and in preview, never shown in another language.
    with pytest.raises(render.LanguageUnavailable, match="Dutch"):
        render.html(version, "nl", public=True)
    with pytest.raises(render.LanguageUnavailable):
        render.pdf(version, "nl")
    with pytest.raises(render.LanguageUnavailable):
        render.html(version, "nl", public=False)


def test_the_document_is_built_for_assistive_technology(organisation, officer):
    _publication, version = build(officer, "a11y", quotes=usable_quotes(officer))
    version = publish(version, officer)
    html = render.html(version, "nl", public=True)
    assert re.search(r'<html lang="nl"', html)
    found = parsed(html)
    assert found.headings.count(1) == 1 and found.headings[0] == 1
    assert all(b - a <= 1 for a, b in zip(found.headings, found.headings[1:])), found.headings
    assert found.captions == len(found.tables) == 3
    assert set(found.row_headers) == {"col", "row"}
    assert len(found.svgs) == 2
    assert all(s.get("role") == "img" and len(s.get("aria-label", "")) > 40 for s in found.svgs)
    # The fragment the public site embeds: the same body, without a page around it.
    body = render.html(version, "nl", public=True, standalone=False)
    assert body.lstrip().startswith("<article") and not re.search(r"<(html|head|body)[\s>]", body)
    assert f'id="{render.section_anchor(version.sections.first())}"' in body


def test_the_pdf_has_a_cover_contents_with_page_numbers_and_footnotes(organisation, officer, english):
    _publication, version = build(officer, "printed")
    version = publish(version, officer)
    reader = PdfReader(io.BytesIO(render.pdf(version, "en")))
    pages = [flat(p.extract_text()) for p in reader.pages]
    assert round(float(reader.pages[0].mediabox.width)) == 595 and round(float(reader.pages[0].mediabox.height)) == 842
    assert "Title en" in pages[0] and "policy brief" in pages[0].lower()
    contents = pages[1]
    assert contents.startswith("Contents") or "Contents" in contents[:200]
    for section in version.sections.all():
        number = section.position + 1
        heading = section.heading("en")
        listed = re.search(rf"{number} {re.escape(heading)}[ .]*(\d+)", contents)
        assert listed, (heading, contents)
        page = int(listed.group(1))
        assert f"{number} {heading}" in pages[page - 1], (heading, page)
        assert f"{page} / {len(pages)}" in pages[page - 1]
    # The footnote sits at the foot of the page of its call, not in a list at the end of the text.
    page = next(p for p in pages if "The programme works" in p)
    assert "Footnote text in en" in page
    # On screen the same note is a list after its text, with ids unique in the document.
    html = render.html(version, "en", public=True)
    assert 'id="section-1-fn-1"' in html and 'href="#section-1-fn-1"' in html


def test_the_command_writes_a_file_or_refuses_with_a_message(organisation, officer, tmp_path, english):
    _publication, version = build(officer, "cli", languages=("fr", "en"))
    out = tmp_path / "doc.pdf"
    cases = [
        (["nope", "--lang", "fr"], "No publication has the address nope"),
        (["cli", "--lang", "fr"], "no published version yet"),
        (["cli", "--lang", "fr", "--version", "1"], "not published"),
        (["cli", "--lang", "de", "--draft"], "Unknown language de"),
        (["cli", "--lang", "nl", "--draft"], "not written in Dutch"),
    ]
    for args, message in cases:
        with pytest.raises(CommandError, match=message) as error:
            call_command("render_publication", *args, "--out", str(out), stdout=io.StringIO())
        assert error.value.returncode == 1 and not out.exists()
    preview = tmp_path / "preview.html"
    services.section_update(section=version.sections.get(kind=SectionKind.TEXT), by=officer, heading_en="")
    call_command("render_publication", "cli", "--lang", "en", "--draft", "--format", "html", "--out", str(preview),
                 stdout=io.StringIO())
    assert "Missing translation (English)" in preview.read_text()
    services.section_update(section=version.sections.get(kind=SectionKind.TEXT), by=officer, heading_en="Intro")
    publish(version, officer)
    for args, message in ((["cli", "--lang", "nl"], "not written in Dutch"),
                          (["cli", "--lang", "fr", "--version", "2"], "has no version 2")):
        with pytest.raises(CommandError, match=message):
            call_command("render_publication", *args, "--out", str(out), stdout=io.StringIO())
        assert not out.exists()
    call_command("render_publication", "cli", "--lang", "fr", "--format", "pdf", "--out", str(out),
                 stdout=io.StringIO())
    assert out.read_bytes().startswith(b"%PDF") and len(PdfReader(out).pages) >= 3


# --- markup ---------------------------------------------------------------------------------------------------------

ALLOWED_TAGS = markup.TAGS


class Audit(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.attributes = set(), []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attributes += [(tag, name, value or "") for name, value in attrs]


def audited(html: str) -> Audit:
    audit = Audit()
    audit.feed(html)
    return audit


def assert_safe(html: str):
    audit = audited(html)
    assert audit.tags <= ALLOWED_TAGS, audit.tags
    for tag, name, value in audit.attributes:
        assert name in {"href", "title", "id", "class", "rel"}, (tag, name)
        if name == "href":
            assert re.match(r"^(https?:|mailto:|#[A-Za-z0-9_-]+$)", value), value
        if name == "rel":
            assert value == "noopener"


HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "[click](JAVASCRIPT:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD4=)",
    "[click](vbscript:msgbox)",
    '<a href="https://ok.example" onclick="x()">a</a>',
    '<p style="color:red">styled</p>',
    "<iframe src=https://evil.example></iframe>",
    "<svg onload=alert(1)>",
    "![x](https://evil.example/pixel.png)",
    '[x](https://ok.example "t" onmouseover=alert(1))',
    "<!-- comment --><style>body{display:none}</style>",
    "&lt;script&gt;",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_markup_lets_no_html_through(text):
    html = markup.to_html(text)
    assert_safe(html)
    audit = audited(html)
    assert not audit.tags & {"script", "style", "img", "iframe", "svg"}
    assert not [a for a in audit.attributes if a[1] == "style" or a[1].startswith("on")]
    assert not [a for a in audit.attributes if a[1] == "href" and not a[2].startswith("https://ok.example")]
    # Raw HTML is not dropped in silence: staff see it as the text they typed.
    if text.startswith("<") and not text.startswith("<!--"):
        assert "&lt;" in html


def test_markup_keeps_what_staff_write():
    html = markup.to_html("# Part\n\nSome *em* and **strong**, a [link](https://example.org) and "
                          "[mail](mailto:a@example.org).\n\n## Sub\n\n- one\n- two\n\n1. first\n\n> quoted\n")
    assert "<h3>Part</h3>" in html and "<h4>Sub</h4>" in html and "<h1" not in html and "<h2" not in html
    assert "<em>em</em>" in html and "<strong>strong</strong>" in html and "<ul>" in html and "<ol>" in html
    assert '<a href="https://example.org" rel="noopener">link</a>' in html
    assert 'href="mailto:a@example.org"' in html and "<blockquote>" in html
    # Only h3 and h4 whatever the levels typed: the shallowest becomes h3.
    assert markup.to_html("### a\n\n###### b") == "<h3>a</h3>\n<h4>b</h4>"
    notes = markup.to_html("Text[^a].\n\n[^a]: The note.", prefix="s2-", inline_notes=True)
    assert notes == '<p>Text<span class="footnote">The note.</span>.</p>'


PIECES = st.sampled_from(list("<>\"'&=/:;()[]!#*_`- \n\tabjsv^") + [
    "script", "javascript:", "JavaScript:", "onerror=", "style=", "href=", "<a ", "data:", "https://x.example",
    "mailto:a@b.example", "[^1]", "\n\n[^1]: ", "](", "<img ", "<svg", "# ", "> ", "- ", "1. ", "\n\n"])


@given(st.lists(PIECES, max_size=60).map("".join))
def test_markup_output_is_always_safe(text):
    assert_safe(markup.to_html(text, prefix="p-"))
    assert_safe(markup.to_html(text, prefix="p-", inline_notes=True))


def test_numbers_read_as_in_each_language():
    share, mean = INDICATORS["positive_exit_12m"], INDICATORS["days_to_match"]
    with translation.override("fr"):
        assert figures.value_text(share, 0.6667) == "66,7\u00a0%" and figures.count(1234) == "1\u00a0234"
        assert figures.interval_text(share, 0.3906, 0.8619) == "39,1 – 86,2\u00a0%"
    with translation.override("en"):
        assert figures.value_text(share, 0.6667) == "66.7\u00a0%" and figures.value_text(mean, 17.3936) == "17.4"
        assert figures.value_text(INDICATORS["capital_social_change"], 0.456) == "0.46"


def test_downloads_describe_their_data(organisation, officer, english):
    _publication, version = build(officer, "downloads")
    version = publish(version, officer)
    data = version.sections.get(kind=SectionKind.FIGURE, indicator="days_to_match").frozen
    info = json.loads(json.dumps(figures.json_data(data, "en")))
    assert info["indicator"]["id"] == "days_to_match" and info["indicator"]["definition"]
    assert info["snapshot"] == {"id": organisation.pk, "as_of": str(organisation.as_of),
                                "hash": organisation.content_hash}
    assert info["n"] == next(r for r in data["records"] if r["region"] == "*")["denominator"]
    assert set(info["flags"]) == {":c", ":u"}
    text = figures.csv_text(data, "en")
    assert text.startswith("\ufeff# Indicator: Days from readiness to match (days_to_match)")
    assert organisation.content_hash in text and "# Population: " in text and "# :c: suppressed" in text


@pytest.mark.browser
def test_the_document_passes_axe(organisation, officer):
    """axe-core's WCAG 2.1 AA rules over the whole document, in Debian's chromium. The browser is started here,
    after every database read: Playwright's event loop in this thread would give the ORM a new connection, which
    the module's open transaction locks out."""
    from playwright.sync_api import sync_playwright

    from tests.browsing import violations
    from tests.conftest import CHROMIUM

    _publication, version = build(officer, "axe", quotes=usable_quotes(officer))
    version = publish(version, officer)
    document = render.html(version, "fr", public=True)
    preview = render.html(version, "fr", public=False)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page(locale="fr")
            found = {}
            for name, html in (("public", document), ("preview", preview)):
                page.set_content(html)
                found[name] = violations(page)
        finally:
            browser.close()
    assert found == {"public": [], "preview": []}
