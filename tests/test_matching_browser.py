"""A coordinator runs a matching meeting in a real browser: start, read the reasons, accept, reject,
lock, re-run; then the run page once more on a phone. Same launch settings as the other browser tests;
screenshots land in test-artifacts/."""


import pytest

from duo.accounts.roles import Role
from duo.journeys.models import Duo
from duo.matching.models import Decision, MatchingRun, Proposal

from .browsing import ARTIFACTS, violations
from .factories import PASSWORD, UserFactory
from .factories_matching import brussels_places, ready_mentee, ready_mentor


pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("eager")]


@pytest.fixture
def pool(transactional_db, antenna):
    user = UserFactory(role=Role.COORDINATOR, email="meeting@duo.test", full_name="Nadia Matching", antennas=[antenna])
    brussels_places()
    for name, pc, days in (("Amina", "1080", 60), ("Bilal", "1000", 40), ("Chaima", "1030", 20)):
        ready_mentee(antenna, person__first_name=name, person__last_name="Test", person__postal_code=pc,
                     ready_days=days, goals=["cv", "interviews"], interests=["sport", "cooking"])
    # Dario speaks only Dutch: nobody can mentor him, and the page must say why.
    ready_mentee(antenna, person__first_name="Dario", person__last_name="Test", languages={"nl": "B2"})
    for name, pc in (("Jean", "1000"), ("Marie", "1080"), ("Paul", "1030"), ("Rita", "1000")):
        ready_mentor(antenna, person__first_name=name, person__last_name="Mentor", person__postal_code=pc,
                     strength_areas=["cv"], interests=["sport"])
    return user


def _card(page, proposal):
    return page.locator(f"#proposal-{proposal.pk}")


def test_coordinator_runs_a_meeting(browser, live_server, pool):
    user = pool
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="en")
    found = {}
    try:
        page.goto(f"{live_server.url}/en/staff/matching/")
        page.fill("#id_username", user.email)
        page.fill("#id_password", PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url("**/en/staff/matching/")
        found["home"] = violations(page)

        # Start: without a broker the proposals are computed as the start commits.
        page.get_by_role("button", name="Start a matching meeting").click()
        page.wait_for_selector(".m-card")
        run = MatchingRun.objects.get()
        assert run.state == MatchingRun.State.READY
        proposed = list(Proposal.objects.filter(run=run, status=Proposal.Status.PROPOSED).order_by("pk"))
        assert len(proposed) == 3
        accepted, rejected, locked = proposed
        assert "Both speak French" in _card(page, accepted).inner_text()
        found["run page"] = violations(page)
        page.screenshot(path=str(ARTIFACTS / "matching-run-en.png"), full_page=True)

        # Accept one.
        _card(page, accepted).get_by_role("button", name="Accept").click()
        _card(page, accepted).locator(".badge.status-accepted").wait_for()
        # Only the card changed, and focus went to what happened, for keyboard and screen-reader users.
        assert page.url.endswith(f"/staff/matching/{run.pk}/")
        assert "Accepted:" in _card(page, accepted).locator(".notice.success").inner_text()
        # htmx moves the focus once the swap has settled, a moment after the new card is in place.
        # (A CSS :focus locator, not wait_for_function: its string predicate is eval'd, which the page's CSP refuses.)
        page.locator(".notice:focus").wait_for(timeout=5000)
        assert Duo.objects.filter(mentee=accepted.mentee, mentor=accepted.mentor,
                                  status="introduction_planned").exists()

        # Reject one, with a reason.
        card = _card(page, rejected)
        card.locator("details.m-reject summary").click()
        card.locator(f"#p{rejected.pk}_reason").select_option("schedule")
        card.locator(f"#p{rejected.pk}_note").fill("Works evenings now")
        card.get_by_role("button", name="Reject this proposal").click()
        _card(page, rejected).locator(".badge.status-rejected").wait_for()
        assert Decision.objects.filter(run=run, action="reject", reason="schedule", by=user).exists()

        # Lock one.
        _card(page, locked).get_by_role("button", name="Lock").click()
        _card(page, locked).locator(".badge.status-locked").wait_for()
        found["after the decisions"] = violations(page)

        # The reasons in full, and why Dario has no mentor.
        page.goto(f"{live_server.url}/en/staff/matching/{run.pk}/?show=unmatched")
        assert "0 mentors speak Dutch" in page.locator("main").inner_text()
        page.get_by_role("link", name="More: every criterion, the shortlist").first.click()
        page.wait_for_selector("#why")
        found["proposal page, no mentor"] = violations(page)
        page.goto(f"{live_server.url}/en/staff/matching/{run.pk}/proposals/{locked.pk}/")
        assert "Why this mentor" in page.locator("main").inner_text()
        found["proposal page"] = violations(page)
        page.screenshot(path=str(ARTIFACTS / "matching-proposal-en.png"), full_page=True)

        # Re-run for the rest: the locked pair stays, the rejected pair is not proposed again.
        page.goto(f"{live_server.url}/en/staff/matching/{run.pk}/")
        page.get_by_role("button", name="Re-run for the rest").click()
        page.wait_for_selector(".notice.success")
        run.refresh_from_db()
        assert run.round == 2 and run.state == MatchingRun.State.READY
        kept = Proposal.objects.get(pk=locked.pk)
        assert (kept.status, kept.mentor_id) == (Proposal.Status.LOCKED, locked.mentor_id)
        again = Proposal.objects.get(run=run, mentee=rejected.mentee)
        assert again.mentor_id != rejected.mentor_id
        assert Proposal.objects.get(run=run, mentee=accepted.mentee).status == Proposal.Status.ACCEPTED

        page.goto(f"{live_server.url}/en/staff/matching/{run.pk}/fairness/")
        found["fairness"] = violations(page)

        # The run page once more on a phone: nothing sticks out sideways, every card readable.
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(f"{live_server.url}/en/staff/matching/{run.pk}/?show=all")
        page.wait_for_selector(".m-card")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        found["run page on a phone"] = violations(page)
        page.screenshot(path=str(ARTIFACTS / "matching-run-phone-en.png"), full_page=True)
        page.goto(f"{live_server.url}/en/staff/matching/{run.pk}/proposals/{locked.pk}/")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.screenshot(path=str(ARTIFACTS / "matching-proposal-phone-en.png"), full_page=True)
    finally:
        page.close()
    assert not {k: v for k, v in found.items() if v}, found


def test_the_page_follows_a_computation_until_the_proposals_are_ready(browser, live_server, pool, antenna):
    from duo.jobs.models import Job

    user = pool
    job = Job.objects.create(kind="matching.run", created_by=user, state=Job.State.RUNNING, progress=40)
    run = MatchingRun.objects.create(antenna=antenna, state=MatchingRun.State.RUNNING, job=job, created_by=user)
    page = browser.new_page(viewport={"width": 390, "height": 844}, locale="en")
    try:
        page.goto(f"{live_server.url}/en/staff/matching/{run.pk}/")
        page.fill("#id_username", user.email)
        page.fill("#id_password", PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_selector("#run-progress progress")
        assert page.locator("#run-progress progress").get_attribute("value") == "40"
        assert not violations(page)
        # A worker finishes elsewhere; the polling page notices and loads the proposals by itself.
        MatchingRun.objects.filter(pk=run.pk).update(state=MatchingRun.State.READY)
        Job.objects.filter(pk=job.pk).update(state=Job.State.SUCCEEDED, progress=100)
        page.wait_for_selector("nav.m-tabs", timeout=15000)
        assert page.locator("#run-progress").count() == 0
    finally:
        page.close()
