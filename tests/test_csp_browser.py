"""The strict Content-Security-Policy in a real browser: a representative walk through the public and staff pages
records no violation (no inline script or style left anywhere), and what moved out of the pages still works."""

import pytest
from playwright.sync_api import expect

from duo.accounts.roles import Role
from duo.journeys.models import Duo
from duo.matching.models import MatchingRun
from duo.people.models import Person

from .browsing import PHONE, log_in, seed_demo_for_the_browser
from .factories import UserFactory

pytestmark = pytest.mark.browser

# Registered before any page script: every violation the browser reports, whatever its kind.
LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(`${e.violatedDirective} ${e.blockedURI || "inline"} ${e.sourceFile || ""}:${e.lineNumber || ""}`);
});
"""


def _watch(page, found):
    page.add_init_script(LISTEN)
    page.on("console", lambda m: "Content Security Policy" in m.text and found.setdefault(page.url, []).append(m.text))


def _visit(page, url, found):
    response = page.goto(url)
    assert response.status == 200, url
    assert "Content-Security-Policy" in {k.title(): v for k, v in response.headers.items()} or \
        "content-security-policy" in response.headers, url
    page.wait_for_load_state("networkidle")
    for violation in page.evaluate("window.__csp"):
        found.setdefault(url, []).append(violation)


def test_a_walk_through_the_pages_meets_no_policy_violation_and_moved_scripts_work(migrated_data, browser, live_server):
    seed_demo_for_the_browser(migrated_data)
    admin = UserFactory(role=Role.ADMINISTRATOR, email="csp@duo.test", language="en")
    person, duo, run = Person.objects.order_by("pk").first(), Duo.objects.order_by("pk").first(), \
        MatchingRun.objects.order_by("-pk").first()
    found: dict[str, list[str]] = {}
    base = live_server.url
    page = browser.new_page(viewport=PHONE, locale="en")
    _watch(page, found)
    try:
        for path in ("/en/", "/en/apply/mentee/", "/en/accounts/login/", "/en/publications/", "/api/docs/"):
            _visit(page, base + path, found)
        # The API documentation draws itself with its separate script: the operations appear.
        page.goto(base + "/api/docs/")
        expect(page.locator(".opblock").first).to_be_visible(timeout=15000)
        page.goto(base + "/en/publications/")
        link = page.locator('main a[href^="/en/publications/"]:not([href$=".pdf"])').first.get_attribute("href")
        _visit(page, base + link, found)

        log_in(page, live_server, admin, "/en/staff/")
        staff = ["/en/staff/", f"/en/staff/people/{person.pk}/", f"/en/staff/duos/{duo.pk}/",
                 f"/en/staff/matching/{run.pk}/", "/en/staff/impact/",
                 "/en/staff/impact/indicators/positive_exit_12m/?by=gender", "/en/staff/intake/",
                 "/en/staff/records/", "/en/staff/surveys/import/", "/en/staff/testimonies/",
                 f"/en/staff/duos/{duo.pk}/timeline/"]
        for path in staff:
            _visit(page, base + path, found)
        # The chart is inline SVG sized by the stylesheet (no style attribute): it fits the phone.
        page.goto(base + "/en/staff/impact/indicators/positive_exit_12m/?by=gender")
        chart = page.locator("svg.duo-chart").first
        expect(chart).to_be_visible()
        assert chart.bounding_box()["width"] <= PHONE["width"]
        _moved_scripts_work(page, live_server)
    finally:
        page.close()
    assert found == {}


def _moved_scripts_work(page, live_server):
    """Focus lands on a check's result after an htmx swap (duo/import-result.js), the htmx indicator stays hidden
    until a request (its style, now in duo.css), the survey import focuses its result (data-autofocus,
    duo/focus.js), and a form sent back with errors focuses its error summary (duo/focus.js)."""
    page.goto(f"{live_server.url}/en/staff/records/")
    assert page.locator("#records-busy").evaluate("e => getComputedStyle(e).opacity") == "0"
    page.set_input_files("#id_file", files=[{"name": "people.csv", "mimeType": "text/csv",
                                             "buffer": "Reference;First name\nX1;Ana\n".encode()}])
    page.get_by_role("button", name="Check the file").click()
    page.wait_for_load_state("networkidle")
    # A CSS :focus locator, not wait_for_function: its string predicate is eval'd, which the page's CSP refuses.
    page.locator("#error-summary:focus, [data-focus]:focus").wait_for()

    page.goto(f"{live_server.url}/en/staff/surveys/import/")
    page.select_option("#id_version", index=1)
    page.set_input_files("#id_file", files=[{"name": "answers.csv", "mimeType": "text/csv",
                                             "buffer": "a;b\n1;2\n".encode()}])
    page.get_by_role("button", name="Only check the file").click()
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.activeElement.id") == "survey-import-result"

    page.goto(f"{live_server.url}/en/staff/surveys/import/")
    page.get_by_role("button", name="Only check the file").click()  # nothing chosen: sent back with errors
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.activeElement.id") == "error-summary"
