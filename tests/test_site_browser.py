"""A visitor reads the advocacy page, finds the experience report, downloads the data behind a figure and a card to
share, on a desktop and on a phone; an officer rewrites the page's priorities. axe-core finds no WCAG 2.1 A/AA
violation, nothing is wider than the phone, no request leaves the site, and printing drops the navigation and
prints each link's address."""


import pytest

from duo.accounts.roles import Role

from .browsing import ARTIFACTS, PHONE, fits_the_phone, seed_demo_for_the_browser, violations
from .factories import PASSWORD, UserFactory

pytestmark = pytest.mark.browser
DESKTOP = {"width": 1280, "height": 900}

@pytest.fixture
def demo(transactional_db, django_db_serialized_rollback, migrated_data):
    # Everything the pages read is in place before the browser opens: the live server shares the database.
    seed_demo_for_the_browser(migrated_data)


def _watch(page, origin: str) -> list[str]:
    """Every request the page makes to another origin (a tracker, a font, a CDN): there must be none."""
    elsewhere = []
    page.on("request", lambda r: elsewhere.append(r.url)
            if not r.url.startswith((origin, "data:", "blob:", "about:")) else None)
    return elsewhere


def _check(page, name: str, found: dict, phone: bool):
    if phone:
        assert fits_the_phone(page), name
    found[name] = violations(page)
    page.screenshot(path=str(ARTIFACTS / f"site-{name}.png"), full_page=True)


def test_a_visitor_reads_the_advocacy_page_and_the_report_on_a_desktop_and_a_phone(browser, live_server, demo):
    ARTIFACTS.mkdir(exist_ok=True)
    found = {}
    for viewport, phone in ((DESKTOP, False), (PHONE, True)):
        suffix = "phone" if phone else "desktop"
        page = browser.new_page(viewport=viewport, locale="en", accept_downloads=True)
        elsewhere = _watch(page, live_server.url)
        try:
            page.goto(f"{live_server.url}/en/")
            page.get_by_role("navigation", name="Site").get_by_role("link", name="Our advocacy").click()
            page.wait_for_url("**/en/advocacy/")
            assert page.locator(".site-figure-value").count() == 3
            assert page.get_by_role("link", name="Apply for a mentor").is_visible()
            _check(page, f"advocacy-{suffix}", found, phone)
            page.get_by_role("link", name="Experience report 2026: mentoring that opens doors").click()
            page.wait_for_url("**/en/publications/experience-report-2026/")
            assert page.locator("h1").count() == 1
            assert page.locator('meta[property="og:image"]').get_attribute("content").endswith("-0.png")
            _check(page, f"publication-{suffix}", found, phone)
            with page.expect_download() as info:
                page.get_by_role("link", name="CSV – Work or training twelve months later").click()
            assert "numerator;denominator" in open(info.value.path(), encoding="utf-8-sig").read()
            card = page.locator(".site-card-list img").first
            assert card.evaluate("img => img.complete && img.naturalWidth") == 1200
            page.get_by_role("link", name="Nederlands").first.click()
            page.wait_for_url("**/nl/publications/experience-report-2026/")
            assert page.locator("html").get_attribute("lang") == "nl"
            page.goto(f"{live_server.url}/en/publications/")
            _check(page, f"publications-{suffix}", found, phone)
        finally:
            page.close()
        assert not elsewhere, elsewhere
    assert not any(found.values()), found


def test_printing_drops_the_navigation_and_prints_each_links_address(browser, live_server, demo):
    page = browser.new_page(viewport=DESKTOP, locale="en")
    try:
        page.goto(f"{live_server.url}/en/advocacy/")
        page.emulate_media(media="print")
        assert not page.locator("header.top").is_visible() and not page.locator("nav.site-nav").is_visible()
        link = page.get_by_role("link", name="All publications")
        after = link.evaluate("a => getComputedStyle(a, '::after').content")
        assert f"{live_server.url}/en/publications/" in after.replace('" "', "").replace('"', "")
        page.pdf(path=str(ARTIFACTS / "site-advocacy-print.pdf"))
    finally:
        page.close()


def test_an_officer_rewrites_the_priorities_and_reads_them_on_the_public_page(browser, live_server, demo):
    officer = UserFactory(role=Role.OFFICER, email="advocacy@duo.test", language="en")
    page = browser.new_page(viewport=PHONE, locale="en")
    try:
        page.goto(f"{live_server.url}/en/staff/site/advocacy/")
        page.fill("#id_username", officer.email)
        page.fill("#id_password", PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url("**/en/staff/site/advocacy/")
        for name in ("Mentees whose network widened", "Satisfied mentees", "Mentees with a concrete career plan",
                     "Survey response rate"):
            page.get_by_label(name, exact=True).check()
        page.get_by_role("button", name="Save").click()
        summary = page.locator("#error-summary")
        assert summary.is_visible() and "at most 6" in summary.inner_text()
        assert fits_the_phone(page)
        found = violations(page)
        page.screenshot(path=str(ARTIFACTS / "site-editor-errors-phone.png"), full_page=True)
        for name in ("Satisfied mentees", "Mentees with a concrete career plan", "Survey response rate"):
            page.get_by_label(name, exact=True).uncheck()
        page.get_by_label("Priorities (English)").fill("- Meet **every** employer federation")
        page.get_by_role("button", name="Save").click()
        page.wait_for_url("**/en/staff/site/advocacy/")
        assert "saved" in page.locator(".notice").inner_text()
        page.get_by_role("link", name="See the public page").click()
        page.wait_for_url("**/en/advocacy/")
        assert page.locator(".site-prose strong").inner_text() == "every"
        assert page.locator(".site-figure h3", has_text="Mentees whose network widened").count() == 1
    finally:
        page.close()
    assert not found, found
