"""Stakeholder and contact pages: the lists and their filters, each dossier (interactions through offices and through
people while they held a position), the notice of colleagues' contacts around today, the forms' refusals, and
ending a position without losing the person."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from duo.accounts.roles import Role
from duo.advocacy.models import Contact, Position, Stakeholder, StakeholderKind, Status
from tests.factories import UserFactory
from tests.factories_advocacy import (
    CampaignFactory, ContactFactory, InteractionFactory, PositionFactory, RecommendationFactory, StakeholderFactory,
    TargetFactory,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def days(n):
    return TODAY + datetime.timedelta(days=n)


@pytest.fixture
def officer(users):
    return users[Role.OFFICER]


@pytest.fixture
def as_officer(login, officer):
    return login(officer)


@pytest.fixture
def alice(db):
    return UserFactory(role=Role.OFFICER, full_name="Alice Martin", email="alice@duo.test")


def meeting(on, *, stakeholders=(), contacts=(), staff=(), **extra):
    interaction = InteractionFactory(on=on, **extra)
    interaction.stakeholders.set(stakeholders)
    interaction.contacts.set(contacts)
    interaction.staff.set(staff)
    return interaction


def notice(response) -> str:
    """The colleagues' notice alone, not the rest of the page (the interactions table names staff too)."""
    html = response.content.decode()
    start = html.find('class="notice adv-colleagues"')
    return "" if start < 0 else html[start:html.index("</section>", start)]


# --- the lists ------------------------------------------------------------------------------------------------------

def test_the_stakeholder_list_filters_by_type_level_region_activity_and_text(as_officer):
    from duo.organisation.models import Region

    wallonia = Region.objects.get(code="wallonia")
    forem = StakeholderFactory(name="Le Forem", kind=StakeholderKind.PUBLIC_BODY, region=wallonia)
    union = StakeholderFactory(name="FGTB", kind=StakeholderKind.TRADE_UNION, level="")
    chamber = StakeholderFactory(name="Chamber of Representatives", level="federal")
    old = StakeholderFactory(name="Former cabinet", is_active=False)
    url = reverse("advocacy:stakeholders")

    def names(**params):
        return {s.name for s in as_officer.get(url, params).context["page"]}

    assert names(kind="trade_union") == {union.name}
    assert names(level="federal") == {chamber.name}
    assert names(region="wallonia") == {forem.name}
    assert names(active="no") == {old.name}
    assert names(q="forem") == {forem.name}
    assert names() == {forem.name, union.name, chamber.name, old.name}
    # A hand-made address with an unknown value is not an error page: that filter is ignored.
    assert as_officer.get(url, {"kind": "spaceship"}).status_code == 200


def test_the_list_counts_only_the_people_there_today(as_officer):
    cabinet = StakeholderFactory(name="Cabinet Dupont")
    PositionFactory(stakeholder=cabinet, started_on=days(-100))
    PositionFactory(stakeholder=cabinet, started_on=days(-900), ended_on=days(-400))
    row = next(s for s in as_officer.get(reverse("advocacy:stakeholders")).context["page"] if s.pk == cabinet.pk)
    assert row.people == 1


def test_the_contact_list_shows_the_current_position_not_an_ended_one(as_officer, english):
    contact = ContactFactory(first_name="Marie", last_name="Dubois")
    PositionFactory(contact=contact, stakeholder=StakeholderFactory(name="Old Office"), role="Adviser",
                    started_on=days(-900), ended_on=days(-30))
    PositionFactory(contact=contact, stakeholder=StakeholderFactory(name="New Office"), role="Director",
                    started_on=days(-29))
    response = as_officer.get(reverse("advocacy:contacts"), {"q": "marie dubois"})
    row = response.context["rows"][0]
    assert [p.role for p in row["current"]] == ["Director"]
    assert "New Office" in response.content.decode() and "Old Office" not in response.content.decode()
    assert as_officer.get(reverse("advocacy:contacts"), {"q": "nobody-like-this"}).context["rows"] == []


# --- the stakeholder's dossier ----------------------------------------------------------------------------------

def test_the_dossier_shows_interactions_through_children_and_people_while_in_office(as_officer, english):
    government = StakeholderFactory(name="Government of Wallonia")
    office = StakeholderFactory(name="Office of the Employment Minister", parent=government)
    minister = ContactFactory(first_name="Paul", last_name="Lambert")
    PositionFactory(contact=minister, stakeholder=government, role="Minister", started_on=datetime.date(2024, 1, 1),
                    ended_on=datetime.date(2024, 12, 31))
    with_office = meeting(datetime.date(2024, 3, 1), stakeholders=[office], subject="Hearing at the office")
    while_minister = meeting(datetime.date(2024, 6, 1), contacts=[minister], subject="Lunch with the minister")
    after_leaving = meeting(datetime.date(2025, 3, 1), contacts=[minister], subject="Coffee with the ex-minister")
    unrelated = meeting(datetime.date(2024, 6, 1), stakeholders=[StakeholderFactory()], subject="Elsewhere")

    response = as_officer.get(reverse("advocacy:stakeholder", args=[government.pk]))
    shown = {i.pk for i in response.context["interactions"]}
    assert shown == {with_office.pk, while_minister.pk}
    html = response.content.decode()
    assert "Hearing at the office" in html and "Lunch with the minister" in html
    assert after_leaving.subject not in html and unrelated.subject not in html
    # The minister's mandate is over: shown among former people, as ended.
    assert [p.contact for p in response.context["former"]] == [minister]
    assert response.context["current"] == []
    assert "ended 12/31/2024" in html or "ended 31/12/2024" in html
    # The office's own page does not take in its parent's interactions.
    office_page = as_officer.get(reverse("advocacy:stakeholder", args=[office.pk]))
    assert {i.pk for i in office_page.context["interactions"]} == {with_office.pk}


def test_the_dossier_lists_follow_ups_recommendations_campaigns_and_people(as_officer, officer, english):
    actiris = StakeholderFactory(name="Actiris", kind=StakeholderKind.PUBLIC_BODY)
    PositionFactory(stakeholder=actiris, contact=ContactFactory(first_name="Inès", last_name="Haddad"),
                    role="Director general", started_on=days(-300))
    meeting(days(-5), stakeholders=[actiris], staff=[officer], subject="Mentoring pilot",
            follow_up="Send the figures", follow_up_due=days(10))
    target = TargetFactory(stakeholder=actiris, recommendation=RecommendationFactory(code="funding-framework"),
                           status=Status.DISCUSSED, progress=30, status_on=days(-5))
    campaign = CampaignFactory(name="Memorandum 2026")
    campaign.stakeholders.add(actiris)
    response = as_officer.get(reverse("advocacy:stakeholder", args=[actiris.pk]))
    html = response.content.decode()
    assert [i.follow_up for i in response.context["open_follow_ups"]] == ["Send the figures"]
    assert response.context["targets"] == [target]
    assert "funding-framework" in html and "Discussed" in html and "30&nbsp;%" in html
    assert "Memorandum 2026" in html
    assert "Inès Haddad" in html and "Director general" in html
    assert "Record an interaction" in html
    assert f"?stakeholder={actiris.pk}" in html


# --- the colleagues' notice ---------------------------------------------------------------------------------------

def test_a_colleagues_meeting_two_days_ago_is_announced_one_thirty_days_ago_is_not(as_officer, officer, alice,
                                                                                   english):
    forem = StakeholderFactory(name="Le Forem", kind=StakeholderKind.PUBLIC_BODY)
    bob = UserFactory(role=Role.OFFICER, full_name="Bob Peeters")
    meeting(days(-2), stakeholders=[forem], staff=[alice], subject="Training budgets")
    meeting(days(-30), stakeholders=[forem], staff=[bob], subject="Older visit")
    meeting(days(-1), stakeholders=[forem], staff=[officer], subject="My own visit")
    response = as_officer.get(reverse("advocacy:stakeholder", args=[forem.pk]))
    shown = notice(response)
    assert "Alice Martin" in shown and "2 days ago" in shown and "Training budgets" in shown
    assert "Bob Peeters" not in shown
    # The reader's own visit is theirs to remember.
    assert [c["names"] for c in response.context["colleagues"]] == ["Alice Martin"]


def test_the_notice_covers_planned_visits_to_the_parent_and_the_people_there(as_officer, alice, english):
    government = StakeholderFactory(name="Brussels Government")
    office = StakeholderFactory(name="Office of the Minister-President", parent=government)
    adviser = ContactFactory(first_name="Lotte", last_name="Janssens")
    PositionFactory(contact=adviser, stakeholder=office, role="Adviser", started_on=days(-200))
    meeting(days(3), contacts=[adviser], staff=[alice], subject="Planned lunch")
    shown = notice(as_officer.get(reverse("advocacy:stakeholder", args=[government.pk])))
    assert "Alice Martin" in shown and "in 3 days" in shown and "planned" in shown
    # And from the office, the parent's meetings too.
    meeting(days(-1), stakeholders=[government], staff=[alice], subject="Cabinet meeting")
    shown = notice(as_officer.get(reverse("advocacy:stakeholder", args=[office.pk])))
    assert "Cabinet meeting" in shown and "1 day ago" in shown


def test_the_contact_dossier_shows_positions_interactions_and_the_notice(as_officer, alice, english):
    contact = ContactFactory(first_name="Sofia", last_name="Rossi", legal_basis="public_task",
                             source="Parliament website")
    chamber = StakeholderFactory(name="Walloon Parliament")
    PositionFactory(contact=contact, stakeholder=chamber, role="Member", party="Ecolo",
                    committees="Employment, Training", started_on=days(-400))
    PositionFactory(contact=contact, stakeholder=StakeholderFactory(name="City council"), role="Alderwoman",
                    started_on=days(-2000), ended_on=days(-500))
    meeting(days(-3), stakeholders=[chamber], staff=[alice], subject="Committee hearing")
    met = meeting(days(-60), contacts=[contact], subject="First meeting")
    response = as_officer.get(reverse("advocacy:contact", args=[contact.pk]))
    html = response.content.decode()
    assert "Public task" in html and "Parliament website" in html
    assert "Ecolo" in html and "Employment, Training" in html
    assert [p.role for p in response.context["ongoing"]] == ["Member"]
    assert [p.role for p in response.context["ended"]] == ["Alderwoman"]
    assert [i.pk for i in response.context["interactions"]] == [met.pk]
    shown = notice(response)
    assert "Alice Martin" in shown and "Committee hearing" in shown and "3 days ago" in shown


# --- forms refuse bad input and change nothing ------------------------------------------------------------------

def test_a_second_stakeholder_with_the_same_name_and_type_is_refused_on_the_name(as_officer, english):
    StakeholderFactory(name="Actiris", kind=StakeholderKind.PUBLIC_BODY)
    response = as_officer.post(reverse("advocacy:stakeholder_add"), {"name": "ACTIRIS", "kind": "public_body"})
    assert response.status_code == 200
    assert "already exists" in str(response.context["form"].errors["name"])
    assert Stakeholder.objects.count() == 1


def test_a_stakeholder_is_created_and_a_child_cannot_become_its_parent(as_officer):
    response = as_officer.post(reverse("advocacy:stakeholder_add"),
                               {"name": "VDAB", "kind": "public_body", "level": "regional", "website": "vdab.be",
                                "is_active": "on"})
    vdab = Stakeholder.objects.get(name="VDAB")
    assert response.status_code == 302 and response["Location"] == reverse("advocacy:stakeholder", args=[vdab.pk])
    assert vdab.website == "https://vdab.be"
    child = StakeholderFactory(name="VDAB Gent", parent=vdab)
    response = as_officer.post(reverse("advocacy:stakeholder_edit", args=[vdab.pk]),
                               {"name": "VDAB", "kind": "public_body", "parent": child.pk})
    assert "parent" in response.context["form"].errors
    vdab.refresh_from_db()
    assert vdab.parent is None


def test_a_contact_needs_a_last_name_and_a_legal_basis(as_officer):
    response = as_officer.post(reverse("advocacy:contact_add"), {"first_name": "Jan", "language": "nl"})
    errors = response.context["form"].errors
    assert "last_name" in errors and "legal_basis" in errors
    assert not Contact.objects.exists()
    response = as_officer.post(reverse("advocacy:contact_add"), {
        "first_name": "Jan", "last_name": "Peeters", "language": "nl", "legal_basis": "legitimate_interest"})
    contact = Contact.objects.get()
    assert response["Location"] == reverse("advocacy:contact", args=[contact.pk])


def test_the_contact_form_shows_the_legal_basis_first_and_warns_about_special_categories(as_officer, english):
    html = as_officer.get(reverse("advocacy:contact_add")).content.decode()
    assert html.index("Legal basis for processing") < html.index("First name")
    assert "special-category data" in html


def test_a_contact_added_from_a_stakeholder_goes_on_to_their_position_there(as_officer):
    cabinet = StakeholderFactory()
    response = as_officer.post(f"{reverse('advocacy:contact_add')}?stakeholder={cabinet.pk}", {
        "first_name": "Jan", "last_name": "Peeters", "language": "nl", "legal_basis": "consent"})
    contact = Contact.objects.get()
    assert response["Location"] == f"{reverse('advocacy:position_add', args=[contact.pk])}?stakeholder={cabinet.pk}"
    form = as_officer.get(response["Location"]).context["form"]
    assert str(form["stakeholder"].value()) == str(cabinet.pk)


def test_a_position_ending_before_it_starts_or_a_party_without_a_public_mandate_is_refused(as_officer, english):
    contact = ContactFactory()
    union = StakeholderFactory(name="ACV", kind=StakeholderKind.TRADE_UNION)
    url = reverse("advocacy:position_add", args=[contact.pk])
    response = as_officer.post(url, {"stakeholder": union.pk, "role": "Secretary", "started_on": "2025-05-01",
                                     "ended_on": "2025-01-01"})
    assert "cannot end before it starts" in str(response.context["form"].errors["ended_on"])
    response = as_officer.post(url, {"stakeholder": union.pk, "role": "Secretary", "party": "PS"})
    assert "public mandate" in str(response.context["form"].errors["party"])
    assert not Position.objects.exists()
    parliament = StakeholderFactory(name="Parliament", kind=StakeholderKind.POLITICAL, level="federal")
    response = as_officer.post(url, {"stakeholder": parliament.pk, "role": "Member", "party": "PS"})
    assert response.status_code == 302
    position = Position.objects.get()
    assert position.party == "PS" and position.level == "federal"  # the stakeholder's level when none is given


def test_editing_a_position_keeps_refused_values_off_it(as_officer):
    position = PositionFactory(started_on=datetime.date(2024, 7, 1))
    response = as_officer.post(reverse("advocacy:position_edit", args=[position.pk]), {
        "stakeholder": position.stakeholder_id, "role": "Head of cabinet", "started_on": "2024-07-01",
        "ended_on": "2024-01-01"})
    assert "ended_on" in response.context["form"].errors
    position.refresh_from_db()
    assert position.role == "Adviser" and position.ended_on is None


# --- ending a position -------------------------------------------------------------------------------------------

def test_ending_a_position_closes_the_role_and_keeps_the_person(as_officer, english):
    position = PositionFactory(role="Minister of Employment", started_on=datetime.date(2024, 7, 1))
    url = reverse("advocacy:position_end", args=[position.pk])
    response = as_officer.post(url, {"ended_on": "2024-01-01"})
    assert response.status_code == 200 and "ended_on" in response.context["form"].errors
    position.refresh_from_db()
    assert position.ended_on is None
    response = as_officer.post(url, {"ended_on": "2025-06-30"}, follow=True)
    position.refresh_from_db()
    assert position.ended_on == datetime.date(2025, 6, 30)
    assert Contact.objects.filter(pk=position.contact_id).exists()
    assert "stays in the contacts" in response.content.decode()
    assert [p.pk for p in response.context["ended"]] == [position.pk]
    assert as_officer.get(url).status_code == 200


# --- who may use these pages ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.RESEARCHER, Role.VIEWER])
def test_other_roles_are_refused_even_for_an_existing_contact(client, users, role):
    position = PositionFactory()
    client.force_login(users[role])
    for url in (reverse("advocacy:contact", args=[position.contact_id]),
                reverse("advocacy:stakeholder", args=[position.stakeholder_id]),
                reverse("advocacy:stakeholders_import")):
        assert client.get(url).status_code == 403
    assert client.post(reverse("advocacy:position_end", args=[position.pk]), {"ended_on": "2025-01-01"}
                       ).status_code == 403
    position.refresh_from_db()
    assert position.ended_on is None
