"""The public site as a visitor, a journalist and an officer use it: the advocacy page with live key figures, the
publications with their PDFs, data and shareable cards, and the officers' editor. Nothing of a draft is reachable,
no suppressed number leaves, a withdrawn quote is gone, and the pages agree with their data."""

import csv
import html as markup
import io
import json
import re
import struct
import xml.etree.ElementTree as etree

import pytest
import vl_convert
from django.conf.urls.i18n import i18n_patterns
from django.core.management import call_command
from django.db import transaction
from django.urls import NoReverseMatch, include, path, reverse
from pypdf import PdfReader

from config import urls as root_urls
from duo.accounts import scoping
from duo.accounts.roles import Role
from duo.impact import snapshot as snapshots
from duo.impact import tables
from duo.impact.indicators import INDICATORS
from duo.impact.views import shown_value
from duo.publications import figures, services
from duo.publications import render as rendering
from duo.publications.models import SectionKind, Status, Version
from duo.site import cards, queries
from duo.site import services as site_services
from duo.site.models import AdvocacyPage
from duo.testimony import queries as quotes_queries
from duo.testimony import services as testimony_services
from duo.testimony import models as testimony_models
from tests.factories import UserFactory

try:
    reverse("site_staff:advocacy")
    def with_editor(test):
        return test
except NoReverseMatch:
    # Until config/urls.py mounts the editor at staff/site/, the editor's tests mount it themselves.
    urlpatterns = [*root_urls.urlpatterns, *i18n_patterns(path("staff/site/", include("duo.site.staff_urls")))]
    handler404, handler403 = root_urls.handler404, root_urls.handler403
    with_editor = pytest.mark.urls(__name__)

pytestmark = pytest.mark.django_db
LANGS = ("fr", "nl", "en")
TEXTS = {f"{stem}_{lang}": f"Site {stem} {lang}" for stem in ("title", "summary") for lang in LANGS}
HEADINGS = {f"heading_{lang}": f"Heading {lang}" for lang in LANGS}
DRAFT_TITLE = "Never published: a draft title"


def _quotes(by, count=2):
    picked = quotes_queries.usable(quotes_queries.PUBLIC)[:count]
    for quote in picked:
        have = {quote.testimony.language, *(t.language for t in quote.testimony.translations.all())}
        for lang in set(LANGS) - have:
            testimony_services.translation_save(testimony=quote.testimony, by=by, language=lang,
                                                text=f"[{lang}] {quote.text}")
    return [q.pk for q in picked]


def _publish(officer, slug, languages=LANGS, quotes=()):
    texts = {k: v for k, v in TEXTS.items() if k[-2:] in languages}
    heads = {k: v for k, v in HEADINGS.items() if k[-2:] in languages}
    publication = services.publication_create(by=officer, slug=slug, kind="policy_brief", languages=languages, **texts)
    version = publication.latest
    services.section_add(version=version, by=officer, kind=SectionKind.FIGURE, indicator="positive_exit_12m",
                         breakdown="antenna,gender", **heads)
    services.section_add(version=version, by=officer, kind=SectionKind.KEY_FIGURES, **heads, items=[
        {"indicator": "duo_reached_term"}, {"indicator": "positive_exit_12m", "filters": {"gender": "other"}}])
    if quotes:
        services.section_add(version=version, by=officer, kind=SectionKind.QUOTES, testimonies=list(quotes),
                             limit=len(quotes), **heads)
    services.version_submit(version=version, by=officer)
    services.version_publish(version=version, by=officer)
    return publication


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    """The 300-duo demo (its experience report is published), a brief published in three languages whose second
    version is a draft, a publication never published and one published in English only; rolled back after."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", duos=300, seed=5, stdout=io.StringIO(), stderr=io.StringIO())
        officer = UserFactory(role=Role.OFFICER)
        brief = _publish(officer, "site-brief", quotes=_quotes(officer))
        draft = services.version_new(publication=brief, by=officer)
        services.version_update(version=draft, by=officer, title_en=DRAFT_TITLE, title_fr=DRAFT_TITLE)
        hidden = services.publication_create(by=officer, slug="site-hidden", kind="factsheet", **TEXTS)
        services.version_update(version=hidden.latest, by=officer, title_en=DRAFT_TITLE)
        english = _publish(officer, "site-english", languages=("en",))
        yield {"officer": officer, "brief": brief, "v1": brief.published, "draft": draft, "hidden": hidden,
               "english": english, "snapshot": snapshots.latest()}
        transaction.set_rollback(True)


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response


def text(response) -> str:
    return b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()


def figure_section(version):
    return version.sections.get(kind=SectionKind.FIGURE)


def key_section(version):
    return version.sections.get(kind=SectionKind.KEY_FIGURES)


# --- the advocacy page ---------------------------------------------------------------------------------------------

def test_the_advocacy_page_shows_goal_areas_live_figures_priorities_publications_and_how_to_apply(
        site, client, english):
    html = text(get(client, "/en/advocacy/"))
    page = AdvocacyPage.objects.get()
    assert page.goal_en in html
    for area in ("Equal opportunities", "Inclusion and diversity", "Active ageing", "Social cohesion"):
        assert area in html
    # No priorities written yet: the default ones, in the page's language.
    assert "Raise public awareness through the media and social networks." in html
    frames = snapshots.load(site["snapshot"])
    for indicator in page.key_figures:
        total = tables.table(frames, indicator=indicator, public=True).total
        assert total.flag != ":c"
        shown = shown_value(INDICATORS[indicator], total.value)
        assert f'<p class="site-figure-value">{shown}</p>' in html
        assert f"n = {total.n}" in html
        assert reverse("site:card", kwargs={"indicator": indicator, "fmt": "png"}) in html
    assert "snapshot of" in html and f"{site['snapshot'].as_of:%Y}" in html
    # Publications, the latest published first; drafts and unpublished ones nowhere.
    assert html.index("Site title en") < html.index("Experience report 2026")
    assert DRAFT_TITLE not in html
    for name in ("apply:mentee", "apply:mentor", "apply:start"):
        assert f'href="{reverse(name)}"' in html


def test_staff_texts_replace_the_defaults_in_their_language_only_and_markdown_is_safe(site, client, english):
    site_services.advocacy_save(by=site["officer"], goal_en="Work for everyone, at every age.",
                                priorities_en="- **Talk** to unions\n- <script>alert(1)</script>",
                                key_figures=["stable_job_12m"])
    html = text(get(client, "/en/advocacy/"))
    assert "Work for everyone, at every age." in html and "<strong>Talk</strong>" in html
    assert "<script>alert(1)" not in html and "Raise public awareness" not in html
    assert reverse("site:card", kwargs={"indicator": "stable_job_12m", "fmt": "svg"}) in html
    french = text(get(client, "/fr/advocacy/"))
    assert "Work for everyone" not in french and "Talk" not in french  # never another language's text


def test_with_no_published_publication_the_figures_say_so(site, client, english):
    Version.objects.filter(status=Status.PUBLISHED).update(status=Status.REVIEW)
    assert queries.published_snapshot() is None
    html = text(get(client, "/en/advocacy/"))
    assert "No figures are published yet" in html and "site-figure-value" not in html
    assert "Nothing is published yet." in text(get(client, "/en/publications/"))
    get(client, reverse("site:card", kwargs={"indicator": "positive_exit_12m", "fmt": "svg"}), 404)
    get(client, "/en/publications/experience-report-2026/", 404)


def test_a_suppressed_live_figure_shows_no_number_on_the_page_or_its_cards(site, client, settings, english):
    settings.IMPACT_MIN_CELL = 10**6  # every cell is now too small to publish
    frames = snapshots.load(site["snapshot"])
    secret = tables.table(frames, indicator="duo_reached_term", public=False).total
    hidden = [shown_value(INDICATORS["duo_reached_term"], secret.value), f"n = {secret.n}"]
    html = text(get(client, "/en/advocacy/"))
    assert "Not published" in html and ":c" in html
    svg = text(get(client, reverse("site:card", kwargs={"indicator": "duo_reached_term", "fmt": "svg"})))
    assert "Not published" in svg
    for number in hidden:
        assert number not in html and number not in svg
    png = get(client, reverse("site:card", kwargs={"indicator": "duo_reached_term", "fmt": "png"})).content
    assert png == vl_convert.svg_to_png(svg)  # the picture of that very SVG, nothing else


# --- publications --------------------------------------------------------------------------------------------------

def test_the_list_shows_published_publications_newest_first_with_their_languages(site, client, english):
    html = text(get(client, "/en/publications/"))
    order = [html.index(t) for t in ("Site title en", "Experience report 2026")]
    assert order == sorted(order)
    assert DRAFT_TITLE not in html and "site-hidden" not in html
    assert "Policy brief" in html and "Site summary en" in html
    english_only = re.search(r'href="(/en/publications/site-english/)"', html)
    assert english_only
    french = text(get(client, "/fr/publications/"))
    # Listed in French too, but in its own language and marked as such.
    assert 'lang="en"><a href="/en/publications/site-english/"' in french


def test_a_publication_page_embeds_the_version_with_pdfs_data_languages_and_metadata(site, client, english):
    v1 = site["v1"]
    html = text(get(client, "/en/publications/site-brief/"))
    assert "Site title en" in html and "Heading en" in html and DRAFT_TITLE not in html
    assert html.count("<h1") == 1
    for lang in LANGS:
        assert f'href="/en/publications/site-brief/site-brief-{lang}.pdf"' in html
        alternate = f"http://testserver/{lang}/publications/site-brief/"
        assert f'<link rel="alternate" hreflang="{lang}" href="{alternate}">' in html
    assert 'href="/fr/publications/site-brief/"' in html and 'href="/nl/publications/site-brief/"' in html
    for section in (figure_section(v1), key_section(v1)):
        for fmt in ("csv", "json"):
            assert f'href="/en/publications/site-brief/data/{section.pk}.{fmt}"' in html
    meta = dict(re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)"', html))
    assert meta["og:title"] == "Site title en" and meta["og:description"] == "Site summary en"
    assert meta["og:url"] == "http://testserver/en/publications/site-brief/" and meta["og:locale"] == "en_GB"
    card = f"http://testserver/en/publications/site-brief/cards/{key_section(v1).pk}-0.png"
    assert meta["og:image"] == card and meta["twitter:image"] == card
    assert meta["twitter:card"] == "summary_large_image"
    # Nothing from another origin: no tracker, no font, no script from elsewhere.
    assert not re.search(r'(?:src|href|action)="(?:https?:)?//(?!testserver/)', html)


def test_older_versions_stay_reachable_and_drafts_never_are(site, client, english):
    brief, draft = site["brief"], site["draft"]
    services.version_submit(version=draft, by=site["officer"])
    services.version_publish(version=draft, by=site["officer"])
    latest = text(get(client, "/en/publications/site-brief/"))
    assert DRAFT_TITLE in latest  # v2 is published now
    older = text(get(client, "/en/publications/site-brief/v1/"))
    assert DRAFT_TITLE not in older and "kept as it was published" in older
    assert 'href="/en/publications/site-brief/v1/site-brief-en.pdf"' in older
    assert brief.versions.count() == 2


def test_nothing_of_a_draft_or_of_a_language_not_published_is_reachable(site, client, english):
    brief, draft, english_only = site["brief"], site["draft"], site["english"]
    draft_figure = figure_section(draft)
    other = figure_section(english_only.published)
    for url in ("/en/publications/site-brief/v2/", "/en/publications/site-brief/v9/",
                "/en/publications/site-hidden/", "/en/publications/no-such-thing/",
                "/en/publications/site-hidden/site-hidden-en.pdf",
                "/en/publications/site-brief/v2/site-brief-en.pdf",
                f"/en/publications/site-brief/data/{draft_figure.pk}.csv",
                f"/en/publications/site-brief/data/{other.pk}.csv",  # a section of another publication
                f"/en/publications/site-brief/data/{figure_section(site['v1']).pk}.xlsx",
                f"/en/publications/site-brief/cards/{figure_section(site['v1']).pk}-0.svg",  # not key figures
                f"/en/publications/site-brief/cards/{key_section(site['v1']).pk}-9.svg",
                f"/en/publications/site-brief/cards/{key_section(site['v1']).pk}-0.gif",
                f"/en/publications/site-brief/cards/{key_section(draft).pk}-0.svg",
                "/fr/publications/site-english/",  # published in English only
                "/en/publications/site-english/site-english-fr.pdf",
                "/en/publications/site-english/other-slug-en.pdf",
                f"/fr/publications/site-english/data/{other.pk}.json",
                "/en/cards/no_such_indicator.svg", "/en/cards/ended_early.svg",  # not a key figure of the page
                "/en/cards/positive_exit_12m.gif", "/en/cards/duo.gif"):
        get(client, url, 404)
    assert brief.published.number == 1 and draft.status == Status.DRAFT


def test_the_csv_json_and_page_agree_figure_by_figure_and_suppressed_cells_have_no_number(site, client, english):
    v1 = site["v1"]
    section = figure_section(v1)
    page = text(get(client, "/en/publications/site-brief/"))
    block = page.split(f'id="section-{section.position + 1}"')[1].split("</section>")[0]
    shown = [[re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
             for row in block.split("<tbody>")[1].split("</tbody>")[0].split("</tr>") if "<t" in row]
    lines = text(get(client, f"/en/publications/site-brief/data/{section.pk}.csv")).lstrip("\ufeff").splitlines()
    rows = list(csv.DictReader([line for line in lines if not line.startswith("#")], delimiter=";"))
    data = json.loads(text(get(client, f"/en/publications/site-brief/data/{section.pk}.json")))
    indicator = INDICATORS["positive_exit_12m"]
    assert len(shown) == len(rows) == len(data["records"]) == len(section.frozen["records"])
    suppressed = 0
    for cells, row, record in zip(shown, rows, data["records"]):
        assert cells[:2] == [row["Antenna"], row["Gender"]] == [record["labels"]["antenna"], record["labels"]["gender"]]
        if row["flag"] == ":c":
            suppressed += 1
            assert [row[c] for c in ("numerator", "denominator", "value", "ci_low", "ci_high")] == [""] * 5
            assert all(record[c] is None for c in ("numerator", "denominator", "value", "ci_low", "ci_high"))
            assert cells[2:] == ["–", ":c", "–"]
        else:
            n = int(row["denominator"])
            assert cells[2] == figures.count(n) and record["denominator"] == n
            if row["value"]:
                assert cells[3].startswith(figures.value_text(indicator, float(row["value"])))
                assert record["value"] == float(row["value"])
    assert suppressed  # the breakdown by antenna and gender has small cells
    # The key figure limited to a group of fewer than ten: no number in the page, its data or its card.
    keys = key_section(v1)
    frames = snapshots.load(site["snapshot"])
    secret = tables.table(frames, indicator="positive_exit_12m", filters={"gender": "other"}).total
    assert 0 < secret.n < 10
    items = json.loads(text(get(client, f"/en/publications/site-brief/data/{keys.pk}.json")))["items"]
    assert items[1]["records"][0]["flag"] == ":c" and items[1]["n"] is None
    assert all(items[1]["records"][0][c] is None for c in ("numerator", "denominator", "value"))
    card = text(get(client, f"/en/publications/site-brief/cards/{keys.pk}-1.svg"))
    assert "Not published" in card and "n =" not in card
    table_csv = text(get(client, f"/en/publications/site-brief/data/{keys.pk}.csv"))
    row = next(r for r in csv.reader(table_csv.splitlines(), delimiter=";") if len(r) > 4 and "Gender" in r[2])
    assert row[4:] == ["", "", "", "", "", ":c"]
    secret_share = shown_value(INDICATORS["positive_exit_12m"], secret.value)
    assert secret_share not in card and f"n = {secret.n}" not in card


def _pdf_text(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())


def test_a_withdrawn_quote_is_gone_from_the_page_and_a_new_pdf_is_drawn(site, client, english, monkeypatch):
    quotes = site["v1"].sections.get(kind=SectionKind.QUOTES)
    first = quotes.frozen["quotes"][0]["texts"]["en"]["text"]
    words = " ".join(first.split()[:4])
    drawn = []
    real = rendering.pdf
    monkeypatch.setattr(rendering, "pdf", lambda version, lang: drawn.append(lang) or real(version, lang))
    url = "/en/publications/site-brief/site-brief-en.pdf"
    before = get(client, url)
    assert before["Content-Type"] == "application/pdf" and words in _pdf_text(before.content)
    assert get(client, url).content == before.content and drawn == ["en"]  # the second download: no drawing
    assert markup.escape(first) in text(get(client, "/en/publications/site-brief/"))
    testimony_services.withdraw(testimony=testimony_models.Testimony.objects.get(
        pk=quotes.frozen["quotes"][0]["testimony"]), channel=testimony_models.WithdrawalChannel.LINK)
    page = text(get(client, "/en/publications/site-brief/"))
    assert markup.escape(first) not in page and "withdrew their consent" in page
    after = get(client, url).content
    assert drawn == ["en", "en"] and words not in _pdf_text(after)


def test_cards_are_1200_by_630_in_the_brand_colours_with_every_text_escaped(site, client, english):
    keys = key_section(site["v1"])
    svg = text(get(client, f"/en/publications/site-brief/cards/{keys.pk}-0.svg"))
    root = etree.fromstring(svg)
    assert (root.get("width"), root.get("height")) == ("1200", "630") and "#0b5d7a" in svg and "#d9822b" in svg
    assert "Duos that reached their term" in svg and "snapshot of" in svg and "n = " in svg
    png = get(client, f"/en/publications/site-brief/cards/{keys.pk}-0.png").content
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", png[16:24]) == (1200, 630)
    figure = queries.KeyFigure(indicator=INDICATORS["ended_early"], title='<script>"&</script> ' * 8, value="1 < 2",
                               interval="", n=12, suppressed=False, unreliable=False, as_of=None)
    made = cards.figure_svg(figure, "Duo & <co>")
    etree.fromstring(made)  # well-formed: every text escaped
    assert "<script>" not in made and "&lt;script&gt;" in made and "Duo &amp; &lt;co&gt;" in made
    default = text(get(client, reverse("site:card_default", kwargs={"fmt": "svg"})))
    assert "Social cohesion" in default and etree.fromstring(default) is not None


def test_the_public_pages_read_a_fixed_number_of_queries(site, client, django_assert_max_num_queries, english):
    for n in range(4):
        _publish(site["officer"], f"extra-{n}")
    get(client, "/en/advocacy/")  # the figures' cache filled
    # The page, the latest snapshot and the list; whatever the number of publications.
    with django_assert_max_num_queries(4):
        get(client, "/en/advocacy/")
    with django_assert_max_num_queries(2):
        get(client, "/en/publications/")
    with django_assert_max_num_queries(10):
        get(client, "/en/publications/site-brief/")


# --- the editor ----------------------------------------------------------------------------------------------------

@with_editor
def test_officers_edit_the_page_and_mistakes_are_shown_on_their_fields(site, client, english):
    client.force_login(site["officer"])
    url = reverse("site_staff:advocacy")
    assert "Goal (English)" in text(get(client, url))
    response = client.post(url, {"goal_en": "Our goal.", "priorities_fr": "- Une priorité",
                                 "key_figures": ["positive_exit_12m", "satisfaction"]})
    assert response.status_code == 302
    page = AdvocacyPage.objects.get()
    assert (page.goal_en, page.priorities_fr, page.key_figures) == (
        "Our goal.", "- Une priorité", ["positive_exit_12m", "satisfaction"])
    assert page.updated_by == site["officer"]
    seven = ["positive_exit_12m", "stable_job_12m", "duo_reached_term", "ended_early", "days_to_match",
             "satisfaction", "mentor_feels_useful"]
    response = client.post(url, {"goal_en": "Changed.", "key_figures": seven})
    html = text(response)
    assert response.status_code == 200 and 'id="error-summary"' in html
    assert re.search(r'id="id_key_figures_errors">\s*<li>Choose at most 6 key figures', html)
    response = client.post(url, {"goal_en": "x" * 1001, "key_figures": ["satisfaction"]})
    assert re.search(r'id="id_goal_en_errors"><li>Too long: 1000 characters at most', text(response))
    response = client.post(url, {"goal_en": "Changed.", "key_figures": ["no_such_indicator"]})
    assert response.status_code == 200 and "Select a valid choice" in text(response)
    page.refresh_from_db()
    assert page.goal_en == "Our goal." and len(page.key_figures) == 2  # nothing saved


@with_editor
def test_only_administrators_and_officers_edit(site, client):
    url = reverse("site_staff:advocacy")
    assert client.get(url).status_code == 302
    for role in (Role.COORDINATOR, Role.RESEARCHER, Role.VIEWER):
        client.force_login(UserFactory(role=role))
        assert client.get(url).status_code == 403
        assert client.post(url, {"goal_en": "Mine."}).status_code == 403
        with pytest.raises(scoping.NotAllowed):
            site_services.advocacy_save(by=UserFactory(role=role), goal_en="Mine.")
    client.force_login(UserFactory(role=Role.ADMINISTRATOR))
    assert client.get(url).status_code == 200
    assert AdvocacyPage.objects.get().goal_en != "Mine."
