"""Recording interactions through the staff pages: what the officer types moves recommendations along, shows on the
interaction's page, filters the list, leaves as a lobby-register CSV, and the follow-ups promised come due."""

import csv
import datetime
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from duo.accounts.roles import Role
from duo.advocacy import services
from duo.advocacy.models import Interaction, InteractionKind, Status, StatusChange, Target
from duo.publications import services as publishing
from tests.factories import UserFactory
from tests.factories_advocacy import (
    CampaignFactory, ContactFactory, PositionFactory, RecommendationFactory, StakeholderFactory,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


@pytest.fixture
def officer(users):
    return users[Role.OFFICER]


@pytest.fixture
def scene(officer):
    """A regional minister's office, its head of cabinet, two recommendations and a memorandum."""
    office = StakeholderFactory(name="Cabinet of the Walloon Minister of Employment", level="regional")
    head = ContactFactory(first_name="Claire", last_name="Dumont")
    PositionFactory(contact=head, stakeholder=office, role="Head of cabinet", started_on=TODAY - 400 * DAY)
    memorandum = publishing.publication_create(by=officer, slug="memorandum-2026", kind="memorandum",
                                               languages="fr,en", title_fr="Mémorandum 2026",
                                               title_en="Memorandum 2026")
    return {"office": office, "head": head, "memorandum": memorandum,
            "first": RecommendationFactory(code="funding-framework"),
            "second": RecommendationFactory(code="mentor-leave", area="active_ageing")}


def _form(scene, officer, **changes):
    data = {"kind": "meeting", "on": (TODAY - 2 * DAY).isoformat(), "subject": "Memorandum at the cabinet",
            "stakeholders": [scene["office"].pk], "contacts": [scene["head"].pk], "staff": [officer.pk],
            "recommendations": [scene["first"].pk, scene["second"].pk], "publications": [scene["memorandum"].pk],
            "areas": ["equal_opportunities", "active_ageing"], "summary": "The minister's office asked for figures.",
            "follow_up": "Send the regional figures", "follow_up_due": (TODAY + 3 * DAY).isoformat(),
            "follow_up_owner": officer.pk, "lobbying": "on"}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _record(officer, scene=None, **values):
    base = dict(kind=InteractionKind.MEETING, on=TODAY - 2 * DAY, subject="A meeting", staff=[officer])
    base.update(values)
    return services.interaction_save(by=officer, **base)


def test_recording_a_meeting_moves_both_recommendations_and_shows_what_was_handed_over(client, officer, scene,
                                                                                      english):
    client.force_login(officer)
    response = client.post(reverse("advocacy:interaction_add"), _form(scene, officer))
    interaction = Interaction.objects.get()
    assert response.status_code == 302 and response.url == reverse("advocacy:interaction", args=[interaction.pk])
    for rec in (scene["first"], scene["second"]):
        target = Target.objects.get(recommendation=rec, stakeholder=scene["office"])
        assert target.status == Status.DISCUSSED
        assert target.changes.get().interaction == interaction
    assert interaction.follow_up_owner == officer and interaction.area_list == ["equal_opportunities",
                                                                                "active_ageing"]

    page = client.get(response.url).content.decode()
    assert "Memorandum 2026" in page and reverse("publications:publication", args=["memorandum-2026"]) in page
    assert "Claire Dumont" in page and "Head of cabinet" in page  # the person and their role that day
    assert "funding-framework" in page and "Recommendation funding-framework" in page
    assert "The minister&#x27;s office asked for figures." in page
    assert "Send the regional figures" in page
    assert page.count("moved forward") == 2


@pytest.mark.parametrize("changes,field,message", [
    ({"follow_up_due": (TODAY - 5 * DAY).isoformat()}, "follow_up_due",
     "A follow-up cannot be due before the interaction."),
    ({"stakeholders": None}, "stakeholders", "Say to which stakeholders the recommendations were raised."),
    ({"subject": "  "}, "subject", "Give the interaction a subject."),
])
def test_bad_input_is_shown_beside_its_field_and_records_nothing(client, officer, scene, english, changes, field,
                                                                  message):
    client.force_login(officer)
    response = client.post(reverse("advocacy:interaction_add"), _form(scene, officer, **changes))
    assert response.status_code == 200
    assert message in response.context["form"].errors[field]
    assert message in response.content.decode()
    assert not Interaction.objects.exists() and not Target.objects.exists() and not StatusChange.objects.exists()


def test_the_form_is_prefilled_from_the_page_it_was_opened_from(client, officer, scene):
    campaign = CampaignFactory(slug="elections-2029")
    client.force_login(officer)
    response = client.get(reverse("advocacy:interaction_add"), {
        "contact": scene["head"].pk, "recommendation": "mentor-leave", "campaign": "elections-2029"})
    form = response.context["form"]
    # The head of cabinet's office is chosen because she works there today.
    assert [s.pk for s in form["stakeholders"].initial] == [scene["office"].pk]
    assert [r.code for r in form["recommendations"].initial] == ["mentor-leave"]
    assert form["campaign"].initial == campaign and form["areas"].initial == ["active_ageing"]
    assert form["staff"].initial == [officer] and form["follow_up_owner"].initial == officer
    page = response.content.decode()
    assert re.search(rf'name="stakeholders" value="{scene["office"].pk}" id="id_stakeholders_\d+" checked', page)


def test_editing_changes_what_was_recorded(client, officer, scene):
    interaction = _record(officer, subject="First draft", stakeholders=[scene["office"]])
    client.force_login(officer)
    url = reverse("advocacy:interaction_edit", args=[interaction.pk])
    assert client.get(url).context["form"]["subject"].value() == "First draft"
    response = client.post(url, _form(scene, officer, subject="Meeting with the head of cabinet"))
    assert response.status_code == 302
    interaction.refresh_from_db()
    assert interaction.subject == "Meeting with the head of cabinet"
    assert set(interaction.recommendations.values_list("code", flat=True)) == {"funding-framework", "mentor-leave"}


def test_the_list_is_newest_first_and_filters(client, officer, scene):
    other_office = StakeholderFactory(name="Actiris", kind="public_body")
    colleague = UserFactory(role=Role.OFFICER)
    campaign = CampaignFactory(slug="budget-2027")
    old = _record(officer, subject="Old letter", kind=InteractionKind.LETTER, on=TODAY - 40 * DAY,
                  stakeholders=[other_office], staff=[colleague])
    new = _record(officer, subject="Hearing on mentoring leave", kind=InteractionKind.HEARING, on=TODAY - DAY,
                  stakeholders=[scene["office"]], recommendations=[scene["second"]], areas=["active_ageing"],
                  campaign=campaign)
    client.force_login(officer)
    url = reverse("advocacy:interactions")

    def subjects(**params):
        return [i.subject for i in client.get(url, params).context["page"]]

    assert subjects() == [new.subject, old.subject]
    assert subjects(type="letter") == [old.subject]
    assert subjects(stakeholder=scene["office"].pk) == [new.subject]
    assert subjects(recommendation="mentor-leave") == [new.subject]
    assert subjects(staff=colleague.pk) == [old.subject]
    assert subjects(priority="active_ageing") == [new.subject]
    assert subjects(campaign="budget-2027") == [new.subject]
    assert subjects(date_from=(TODAY - 10 * DAY).isoformat()) == [new.subject]
    assert subjects(date_to=(TODAY - 10 * DAY).isoformat()) == [old.subject]
    assert subjects(q="mentoring") == [new.subject]


def test_deleting_an_interaction_puts_the_targets_back(client, officer, scene):
    earlier = _record(officer, kind=InteractionKind.LETTER, on=TODAY - 30 * DAY, stakeholders=[scene["office"]],
                      recommendations=[scene["first"]])
    meeting = _record(officer, stakeholders=[scene["office"]], recommendations=[scene["first"], scene["second"]])
    first = Target.objects.get(recommendation=scene["first"])
    assert first.status == Status.DISCUSSED
    client.force_login(officer)
    url = reverse("advocacy:interaction_delete", args=[meeting.pk])
    assert "funding-framework" in client.get(url).content.decode()
    assert Interaction.objects.filter(pk=meeting.pk).exists()  # asking is not deleting
    assert client.post(url).status_code == 302
    assert not Interaction.objects.filter(pk=meeting.pk).exists()
    first.refresh_from_db()
    assert first.status == Status.RAISED and first.changes.get().interaction == earlier  # the letter's status
    assert Target.objects.get(recommendation=scene["second"]).status == Status.NOT_RAISED


def test_follow_ups_mine_or_everyones_overdue_first_and_done(client, officer, scene, english):
    colleague = UserFactory(role=Role.OFFICER, full_name="Sam Colleague")
    soon = _record(officer, subject="Soon", follow_up="Call back", follow_up_due=TODAY + 2 * DAY,
                   follow_up_owner=officer)
    late = _record(officer, subject="Late", on=TODAY - 9 * DAY, follow_up="Send the note",
                   follow_up_due=TODAY - 3 * DAY, follow_up_owner=officer)
    _record(officer, subject="Theirs", follow_up="Their promise", follow_up_due=TODAY, follow_up_owner=colleague)
    client.force_login(officer)
    url = reverse("advocacy:follow_ups")
    page = client.get(url).content.decode()
    assert page.index("Send the note") < page.index("Call back") and "Their promise" not in page
    everyone = client.get(url, {"who": "everyone"}).content.decode()
    assert "Their promise" in everyone and "Sam Colleague" in everyone

    response = client.post(reverse("advocacy:follow_up_done", args=[late.pk]), {"next": url})
    assert response.status_code == 302 and response.url == url
    late.refresh_from_db()
    soon.refresh_from_db()
    assert late.follow_up_done_at is not None and soon.follow_up_done_at is None
    listed = [i for _key, _label, items in client.get(url).context["groups"] for i in items]
    assert listed == [soon]
    # An outside address in `next` is ignored.
    response = client.post(reverse("advocacy:follow_up_done", args=[soon.pk]), {"next": "https://evil.test/"})
    assert response.url == url


def test_done_on_an_interaction_without_a_follow_up_says_so(client, officer, english):
    quiet = _record(officer, subject="No promise")
    client.force_login(officer)
    response = client.post(reverse("advocacy:follow_up_done", args=[quiet.pk]), follow=True)
    assert "This interaction has no follow-up to mark as done." in response.content.decode()


def test_the_staff_home_lists_my_follow_ups_of_the_coming_week(client, users, officer, english):
    colleague = UserFactory(role=Role.OFFICER)
    _record(officer, subject="Overdue one", follow_up="Send the figures", follow_up_due=TODAY - DAY,
            on=TODAY - 5 * DAY, follow_up_owner=officer)
    this_week = _record(officer, subject="This week", follow_up="Book the hearing", follow_up_due=TODAY + 6 * DAY,
                        follow_up_owner=officer)
    _record(officer, subject="Later", follow_up="Prepare the budget note", follow_up_due=TODAY + 20 * DAY,
            follow_up_owner=officer)
    _record(officer, subject="Theirs", follow_up="Write to the union", follow_up_due=TODAY, follow_up_owner=colleague)
    done = _record(officer, subject="Done", follow_up="Already sent", follow_up_due=TODAY, follow_up_owner=officer)
    services.follow_up_done(by=officer, interaction=done)
    client.force_login(officer)
    page = client.get(reverse("staff:home")).content.decode()
    assert "Send the figures" in page and "Book the hearing" in page
    assert reverse("advocacy:interaction", args=[this_week.pk]) in page
    for absent in ("Prepare the budget note", "Write to the union", "Already sent"):
        assert absent not in page
    client.force_login(users[Role.COORDINATOR])
    assert "My advocacy follow-ups" not in client.get(reverse("staff:home")).content.decode()


def _csv(response):
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_the_export_fits_a_lobby_register(client, officer, scene, english):
    office, head = scene["office"], scene["head"]
    # Before taking up her post she was an adviser elsewhere: the export says who she was on the day.
    ngo = StakeholderFactory(name="Mentoring Federation", kind="association", level="")
    head.positions.update(started_on=TODAY - 20 * DAY)
    PositionFactory(contact=head, stakeholder=ngo, role="Policy adviser", started_on=TODAY - 900 * DAY,
                    ended_on=TODAY - 21 * DAY)
    _record(officer, subject="=HYPERLINK(\"https://evil.test\")", on=TODAY - 60 * DAY, stakeholders=[ngo],
            contacts=[head], recommendations=[scene["first"]], publications=[scene["memorandum"]],
            areas=["equal_opportunities"], lobbying=False)
    _record(officer, subject="Meeting at the cabinet", on=TODAY - 2 * DAY, stakeholders=[office], contacts=[head],
            recommendations=[scene["first"], scene["second"]])
    client.force_login(officer)
    header, *rows = _csv(client.get(reverse("advocacy:interactions_export")))
    assert header == ["Date", "Type", "Subject", "Organisations met (type, level of government)",
                      "People met (role at the time)", "Staff present", "Recommendations raised",
                      "Publications handed over", "Priorities", "Campaign", "Lobbying (aims to influence policy)"]
    letter, meeting = (dict(zip(header, row)) for row in rows)  # oldest first, as a register lists them
    assert letter["Subject"].startswith("'=")  # never run as a formula
    assert letter["People met (role at the time)"] == "Claire Dumont (Policy adviser, Mentoring Federation)"
    assert letter["Publications handed over"] == "Memorandum 2026"
    assert letter["Priorities"] == "Equal opportunities" and letter["Lobbying (aims to influence policy)"] == "no"
    assert meeting["People met (role at the time)"] == (
        "Claire Dumont (Head of cabinet, Cabinet of the Walloon Minister of Employment)")
    assert meeting["Organisations met (type, level of government)"] == (
        "Cabinet of the Walloon Minister of Employment (Political representative or office, Regional)")
    assert meeting["Recommendations raised"] == (
        "funding-framework: Recommendation funding-framework; mentor-leave: Recommendation mentor-leave")
    assert meeting["Date"] == (TODAY - 2 * DAY).strftime("%d/%m/%Y")
    assert meeting["Staff present"] == str(officer) and meeting["Lobbying (aims to influence policy)"] == "yes"
    # The list's filters apply to the export.
    _header, *only = _csv(client.get(reverse("advocacy:interactions_export"), {"stakeholder": office.pk}))
    assert [r[2] for r in only] == ["Meeting at the cabinet"]
