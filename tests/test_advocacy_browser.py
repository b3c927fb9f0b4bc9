"""The issue's scenario in a browser: an officer opens the dossier of a regional minister's office before going
there — and learns that a colleague has a meeting planned with the same office this week —, records the meeting
where two recommendations were raised and the memorandum handed over; both recommendations' timelines and the
office's page show it; the promised follow-up sits on the officer's home page and, on its day, comes due in the
morning's reminder email. On a 390 px phone the dossier, the form and the pages it leads to fit the screen, and
axe-core finds no WCAG 2.1 A/AA violation on them."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from duo.accounts.roles import Role
from duo.advocacy import services
from duo.advocacy.models import Interaction, InteractionKind, Level, Stakeholder, StakeholderKind, Status, Target
from duo.organisation.models import Region
from duo.publications import services as publishing

from .browsing import ARTIFACTS, PHONE, fits_the_phone, log_in, violations
from .factories import UserFactory
from .factories_advocacy import ContactFactory, PositionFactory, RecommendationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
SUBJECT = "Mentoring to work: funding and diplomas"
FOLLOW_UP = "Send the cost per duo and region to the adviser"


@pytest.fixture
def landscape(migrated_data):
    officer = UserFactory(role=Role.OFFICER, email="officer@duo.test", full_name="Sam Officer", language="en")
    colleague = UserFactory(role=Role.OFFICER, email="colleague@duo.test", full_name="Lou Colleague", language="en")
    wallonia = Region.objects.filter(code="wallonia").first()
    government = Stakeholder.objects.create(name="Government of Wallonia", kind=StakeholderKind.POLITICAL,
                                            level=Level.REGIONAL, region=wallonia)
    office = Stakeholder.objects.create(name="Office of the Walloon Minister for Employment", parent=government,
                                        kind=StakeholderKind.POLITICAL, level=Level.REGIONAL, region=wallonia)
    adviser = PositionFactory(contact=ContactFactory(first_name="Claire", last_name="Dumont"), stakeholder=office,
                              role="Employment adviser").contact
    funding = RecommendationFactory(code="funding-framework")
    diplomas = RecommendationFactory(code="diploma-recognition")
    RecommendationFactory(code="not-raised")
    memorandum = publishing.publication_create(by=officer, slug="memorandum-2029", kind="memorandum",
                                               title_en="Memorandum 2029", title_fr="Mémorandum 2029",
                                               title_nl="Memorandum 2029")
    today = timezone.localdate()
    services.interaction_save(by=colleague, kind=InteractionKind.EVENT, on=today + datetime.timedelta(days=3),
                              subject="Job fair with the minister", stakeholders=[government], staff=[colleague])
    return {"officer": officer, "office": office, "adviser": adviser, "funding": funding, "diplomas": diplomas,
            "memorandum": memorandum, "today": today}


def test_an_officer_records_a_meeting_and_follows_it_through(landscape, browser, live_server):
    officer, office, today = landscape["officer"], landscape["office"], landscape["today"]
    due = today + datetime.timedelta(days=7)
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="en")
    try:
        dossier = f"/en/staff/advocacy/stakeholders/{office.pk}/"
        log_in(page, live_server, officer, dossier)
        # Before going: the colleague's event with the government the office belongs to, in three days.
        notice = page.locator(".adv-colleagues")
        assert "Lou Colleague" in notice.inner_text() and "Job fair with the minister" in notice.inner_text()

        page.get_by_role("link", name="Record an interaction").first.click()
        page.wait_for_url("**/interactions/new/**")
        box = page.get_by_role("checkbox", name="Office of the Walloon Minister for Employment", exact=True)
        assert box.is_checked()  # the dossier's stakeholder, already chosen
        page.get_by_label("Type").select_option(InteractionKind.MEETING)
        page.locator("#id_on").fill(today.isoformat())
        page.get_by_label("Subject").fill(SUBJECT)
        for name in ("Claire Dumont", "Sam Officer", "funding-framework", "diploma-recognition", "Memorandum 2029",
                     "Equal opportunities"):
            page.get_by_role("checkbox", name=name).check()
        page.get_by_label("What was said").fill("The adviser asked for the cost per duo in each region.")
        page.get_by_label("Follow-up promised").fill(FOLLOW_UP)
        page.get_by_label("Follow-up due").fill(due.isoformat())
        page.get_by_label("Follow-up by").select_option(label="Sam Officer")
        page.get_by_role("button", name="Record the interaction").click()
        page.wait_for_url("**/interactions/*/")
        interaction = Interaction.objects.get(subject=SUBJECT)
        assert page.locator("h1").inner_text() == SUBJECT
        moves = page.locator("section[aria-labelledby=moves]").inner_text()
        assert "funding-framework" in moves and "diploma-recognition" in moves and "Discussed" in moves
        assert page.get_by_role("link", name="Memorandum 2029").is_visible()
        page.screenshot(path=str(ARTIFACTS / "advocacy-interaction-desktop.png"), full_page=True)

        # Both recommendations' timelines show the meeting, the office and where it left them.
        for code in ("funding-framework", "diploma-recognition"):
            page.goto(f"{live_server.url}/en/staff/advocacy/recommendations/{code}/")
            timeline = page.locator(".rec-timeline").inner_text()
            assert SUBJECT in timeline and "Office of the Walloon Minister for Employment" in timeline
            assert "Discussed" in timeline
        page.goto(f"{live_server.url}/en/staff/advocacy/recommendations/not-raised/")
        assert SUBJECT not in page.locator("main").inner_text()
        assert {t.recommendation.code: t.status for t in Target.objects.filter(stakeholder=office)} == {
            "funding-framework": Status.DISCUSSED, "diploma-recognition": Status.DISCUSSED}

        # The office's page: the meeting, what was raised and handed over, the targets, the open follow-up.
        page.goto(f"{live_server.url}{dossier}")
        meetings = page.locator("section[aria-labelledby=adv-interactions]").inner_text()
        assert SUBJECT in meetings and "Claire Dumont" in meetings and "Sam Officer" in meetings
        assert "diploma-recognition, funding-framework" in meetings and "Memorandum 2029" in meetings
        targets = page.locator("section[aria-labelledby=adv-recommendations]").inner_text()
        assert targets.count("Discussed") == 2
        assert FOLLOW_UP in page.locator("section[aria-labelledby=adv-follow-ups]").inner_text()
        page.screenshot(path=str(ARTIFACTS / "advocacy-stakeholder-desktop.png"), full_page=True)

        # The officer's home lists the promise with its date; on that day the reminder email goes out.
        page.goto(f"{live_server.url}/en/staff/")
        panel = page.locator("section[aria-labelledby=my-follow-ups]")
        assert FOLLOW_UP in panel.inner_text() and "due" in panel.inner_text()
        mail.outbox.clear()
        call_command("send_advocacy_reminders", today=(due - datetime.timedelta(days=1)).isoformat())
        assert mail.outbox == []  # not due yet the day before
        call_command("send_advocacy_reminders", today=due.isoformat())
        [email] = mail.outbox
        assert email.to == [officer.email] and FOLLOW_UP in email.body and "Due today." in email.body
        assert f"/advocacy/interactions/{interaction.pk}/" in email.body
        call_command("send_advocacy_reminders", today=due.isoformat())
        assert len(mail.outbox) == 1  # once a day, however often the job runs

        # Done: it leaves the home page and the office's open follow-ups.
        page.goto(f"{live_server.url}/en/staff/advocacy/interactions/{interaction.pk}/")
        page.get_by_role("button", name="Mark the follow-up as done").click()
        page.wait_for_load_state()
        interaction.refresh_from_db()
        assert interaction.follow_up_done_at is not None
        page.goto(f"{live_server.url}/en/staff/")
        assert FOLLOW_UP not in page.locator("main").inner_text()
    finally:
        page.close()


def test_the_dossier_and_the_meeting_form_work_on_a_phone(landscape, browser, live_server):
    officer, office = landscape["officer"], landscape["office"]
    services.interaction_save(by=officer, kind=InteractionKind.MEETING, on=landscape["today"], subject=SUBJECT,
                              stakeholders=[office], contacts=[landscape["adviser"]], staff=[officer],
                              recommendations=[landscape["funding"], landscape["diplomas"]],
                              publications=[landscape["memorandum"]], follow_up=FOLLOW_UP,
                              follow_up_due=landscape["today"], follow_up_owner=officer)
    interaction = Interaction.objects.get(subject=SUBJECT)
    context = browser.new_context(viewport=PHONE, locale="fr", is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        pages = {
            "stakeholder": f"/fr/staff/advocacy/stakeholders/{office.pk}/",
            "form": f"/fr/staff/advocacy/interactions/new/?stakeholder={office.pk}",
            "interaction": f"/fr/staff/advocacy/interactions/{interaction.pk}/",
            "recommendation": "/fr/staff/advocacy/recommendations/funding-framework/",
            "follow-ups": "/fr/staff/advocacy/follow-ups/",
        }
        log_in(page, live_server, officer, pages["stakeholder"])
        for name, path in pages.items():
            page.goto(f"{live_server.url}{path}")
            page.screenshot(path=str(ARTIFACTS / f"advocacy-{name}-phone.png"), full_page=True)
            assert fits_the_phone(page), name
            assert violations(page) == [], name
        page.goto(f"{live_server.url}{pages['follow-ups']}")
        assert FOLLOW_UP in page.locator("main").inner_text()
    finally:
        context.close()


