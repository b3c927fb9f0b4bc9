"""An officer builds an experience report from the demo's evidence in the browser — a new publication, a text, a
figure (positive exit at 12 months by gender), two quotes, in French, Dutch and English — sends it for review and
publishes it; its preview then shows the figure. On a 390 px phone an officer checks a draft: the version page,
the preview and the comment form fit the screen, and axe-core finds no WCAG 2.1 A/AA violation on them."""

import re

import pytest

from duo.accounts.roles import Role
from duo.journeys.models import Outcome
from duo.impact import snapshot as snapshots
from duo.publications import services
from duo.publications.models import Comment, Publication, SectionKind, Status
from duo.testimony import queries as quotes_queries

from .browsing import ARTIFACTS, PHONE, fits_the_phone, log_in, seed_demo_for_the_browser, violations
from .factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
LANGS = {"fr": "French", "nl": "Dutch", "en": "English"}
# The version page, whatever fragment the browser keeps from the page that redirected to it.
VERSION_1 = re.compile(r"/experience-report-2027/v1/(#.*)?$")


def _headings(page, stem):
    for code, name in LANGS.items():
        page.get_by_label(f"Heading ({name})").fill(f"{stem} [{code}]")


def test_an_officer_builds_and_publishes_an_experience_report(migrated_data, browser, live_server):
    seed_demo_for_the_browser(migrated_data)
    officer = UserFactory(role=Role.OFFICER, email="writer@duo.test", language="en")
    trilingual = [q.pk for q in quotes_queries.usable(quotes_queries.PUBLIC)
                  if {q.testimony.language, *(t.language for t in q.testimony.translations.all())} >= set(LANGS)]
    assert len(trilingual) >= 2
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="en")
    try:
        log_in(page, live_server, officer, "/en/staff/publications/")
        page.get_by_label("Address").fill("experience-report-2027")
        page.get_by_label("Type").select_option("experience_report")
        for code, name in LANGS.items():
            page.get_by_label(f"Title ({name})").fill(f"Experience report 2027 [{code}]")
        page.get_by_role("button", name="Create the publication").click()
        page.wait_for_url(VERSION_1)
        assert page.locator("h1 .badge").inner_text() == "Draft"

        page.get_by_role("link", name="Text", exact=True).click()
        _headings(page, "Why")
        for code, name in LANGS.items():
            page.get_by_label(f"Text ({name})").fill(f"Six months **together** [{code}].")
        page.get_by_role("button", name="Add the section").click()
        page.wait_for_url(VERSION_1)

        page.get_by_role("link", name="Figure", exact=True).click()
        page.get_by_label("Indicator").select_option("positive_exit_12m")
        page.get_by_label("Broken down by").select_option("gender")
        _headings(page, "Work a year later")
        page.get_by_role("button", name="Add the section").click()
        page.wait_for_url(VERSION_1)
        assert page.get_by_text("Broken down by Gender").is_visible()

        page.get_by_role("link", name="Quotes", exact=True).click()
        for pk in trilingual[:2]:
            page.locator(f"input[name=testimonies][value='{pk}']").check()
        _headings(page, "In their words")
        page.get_by_role("button", name="Add the section").click()
        page.wait_for_url(VERSION_1)

        # Only the summaries are missing now, in each language, each with a link to where it is written.
        gaps = page.locator("#missing")
        assert gaps.get_by_role("link", name="The summary").count() == 3
        gaps.get_by_role("link", name="The summary").first.click()
        for code, name in LANGS.items():
            page.get_by_label(f"Summary ({name})").fill(f"What the duos teach us [{code}].")
        page.get_by_role("button", name="Save").click()
        page.wait_for_url(VERSION_1)
        assert page.locator("#missing").inner_text().count("complete.") == 3
        page.screenshot(path=str(ARTIFACTS / "publications-version-desktop.png"), full_page=True)

        with page.expect_navigation():  # back to the same page
            page.get_by_role("button", name="Send for review").click()
        assert page.locator("h1 .badge").inner_text() == "In review"
        with page.expect_navigation():
            page.get_by_role("button", name="Publish").click()
        assert page.locator("h1 .badge").inner_text() == "Published"
        assert page.get_by_role("link", name="Edit", exact=False).count() == 0

        page.get_by_role("link", name="Preview in English").click()
        page.wait_for_url("**/preview/en/")
        figure = page.locator("figure.pub-figure").first
        assert "Positive exit 12 months after the mentoring" in figure.locator("figcaption").inner_text()
        assert figure.locator("svg").count() == 1 and "Female" in figure.locator("table").inner_text()
        assert page.locator(".quote").count() == 2
        assert page.evaluate("document.documentElement.scrollWidth") <= 1280  # the document fits the staff page
        page.screenshot(path=str(ARTIFACTS / "publications-preview-desktop.png"), full_page=True)
    except Exception:
        page.screenshot(path=str(ARTIFACTS / "publications-failed.png"), full_page=True)
        raise
    finally:
        page.close()
    version = Publication.objects.get(slug="experience-report-2027").latest
    assert version.status == Status.PUBLISHED
    assert [s.kind for s in version.sections.all()] == [SectionKind.TEXT, SectionKind.FIGURE, SectionKind.QUOTES]
    assert version.sections.get(kind=SectionKind.FIGURE).frozen["by"] == ["gender"]


def test_an_officer_checks_a_draft_on_a_phone(migrated_data, browser, live_server):
    seed_demo_for_the_browser(migrated_data)
    officer = UserFactory(role=Role.OFFICER, email="reader@duo.test", language="en")
    report = Publication.objects.get(slug="experience-report-2026")
    twelve = Outcome.objects.filter(horizon="12m").exclude(category="job_permanent").order_by("pk")
    Outcome.objects.filter(pk__in=list(twelve.values_list("pk", flat=True)[::4])).update(category="job_permanent")
    snapshots.snapshot_take(note="newer")
    draft = services.version_new(publication=report, by=officer)
    base = f"/en/staff/publications/{report.slug}/v{draft.number}/"
    found = {}
    page = browser.new_page(viewport=PHONE, locale="en")
    try:
        log_in(page, live_server, officer, base)
        assert page.locator("#changes table").count() >= 1  # the figures moved with the new snapshot
        assert fits_the_phone(page)
        found["version"] = violations(page)
        page.screenshot(path=str(ARTIFACTS / "publications-version-phone.png"), full_page=True)

        page.get_by_role("textbox", name="Comment").fill("The share went up: say why in the text?")
        page.get_by_label("About").select_option(label="Section 3: Work or training twelve months later")
        page.get_by_role("button", name="Add the comment").click()
        page.wait_for_url(f"**{base}#comment-*")
        assert page.get_by_text("The share went up").is_visible()
        assert fits_the_phone(page)
        found["after a comment"] = violations(page)

        page.get_by_role("link", name="Preview in Dutch").click()
        page.wait_for_url("**/preview/nl/")
        assert page.locator("figure.pub-figure svg").count() >= 1
        assert fits_the_phone(page)
        found["preview"] = violations(page)
        page.screenshot(path=str(ARTIFACTS / "publications-preview-phone.png"), full_page=True)
    except Exception:
        page.screenshot(path=str(ARTIFACTS / "publications-failed.png"), full_page=True)
        raise
    finally:
        page.close()
    assert Comment.objects.get().section.heading_en == "Work or training twelve months later"
    assert not any(found.values()), found
