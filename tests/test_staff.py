"""What staff see after login, and what bad input does."""

import datetime

from django.urls import reverse
from django.utils import timezone, translation

from duo.accounts.roles import Role
from duo.journeys.models import Outcome
from duo.people.models import Person
from duo.reference.models import Occupation

from .factories import DuoFactory, MeetingFactory, MenteeFactory


def test_coordinator_home_counts_only_their_antennas(client, users, antenna, other_antenna):
    MenteeFactory.create_batch(2, stage="ready", person__antenna=antenna)
    MenteeFactory.create_batch(5, stage="ready", person__antenna=other_antenna)
    DuoFactory(antenna=antenna, status="active")
    DuoFactory.create_batch(3, antenna=other_antenna, status="active")
    client.force_login(users[Role.COORDINATOR])
    ctx = client.get(reverse("staff:home")).context
    funnel = {str(stage): n for stage, _label, n in ctx["mentee_funnel"]}
    # The two ready mentees plus none from Liège; matched mentees of duos are not in the open funnel.
    assert funnel["ready"] == 2 + 1  # the factory duo's mentee is "ready" too
    assert ctx["active_duos"] == 1
    assert [a.code for a in ctx["antennas"]] == [antenna.code]


def test_duos_needing_attention_lists_quiet_and_overdue_duos_of_own_antenna(client, users, antenna, other_antenna):
    today = timezone.localdate()
    quiet = DuoFactory(antenna=antenna, status="active", started_on=today - datetime.timedelta(days=90),
                       planned_end_on=today + datetime.timedelta(days=90))
    MeetingFactory(duo=quiet, held_on=today - datetime.timedelta(days=45))
    lively = DuoFactory(antenna=antenna, status="active", started_on=today - datetime.timedelta(days=90),
                        planned_end_on=today + datetime.timedelta(days=90))
    MeetingFactory(duo=lively, held_on=today - datetime.timedelta(days=3))
    overdue = DuoFactory(antenna=antenna, status="active", started_on=today - datetime.timedelta(days=200),
                         planned_end_on=today - datetime.timedelta(days=5))
    MeetingFactory(duo=overdue, held_on=today - datetime.timedelta(days=2))
    elsewhere = DuoFactory(antenna=other_antenna, status="active", started_on=today - datetime.timedelta(days=90))
    client.force_login(users[Role.COORDINATOR])
    response = client.get(reverse("staff:home"))
    listed = {duo.pk: reasons for duo, reasons in response.context["attention"]}
    assert listed == {quiet.pk: ["quiet"], overdue.pk: ["past_end"]}
    assert elsewhere.pk not in listed and lively.pk not in listed
    # "See them all" on the duo list shows the same duos.
    full = client.get(reverse("journeys:list"), {"attention": "on"})
    assert {d.pk for d in full.context["page"]} == set(listed)


def test_officer_home_shows_figures_but_no_names(client, users, own_duo):
    client.force_login(users[Role.OFFICER])
    html = client.get(reverse("staff:home")).content.decode()
    assert str(own_duo.mentee.person.last_name) not in html
    assert "attention" not in client.get(reverse("staff:home")).context


def test_people_search_finds_by_name_within_scope(client, users, own_duo, foreign_duo):
    client.force_login(users[Role.COORDINATOR])
    own_name = own_duo.mentee.person.last_name
    response = client.get(reverse("people:list"), {"q": own_name})
    assert [p.pk for p in response.context["page"]] == [own_duo.mentee.person_id]
    foreign = client.get(reverse("people:list"), {"q": foreign_duo.mentee.person.last_name})
    assert list(foreign.context["page"]) == []


def test_bad_person_edit_shows_field_errors_in_the_language_and_saves_nothing(client, users, own_duo):
    person = own_duo.mentee.person
    before = Person.objects.values().get(pk=person.pk)
    client.force_login(users[Role.COORDINATOR])
    with translation.override("nl"):
        url = reverse("people:edit", args=[person.pk])
    response = client.post(
        url,
        {"first_name": "", "last_name": "X", "email": "not-an-email", "postal_code": "10A0",
         "antenna": person.antenna_id, "gender": "female", "preferred_language": "fr", "profile-stage": "ready",
         "date_of_birth": "31-31-2000"},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"first_name", "email", "postal_code", "date_of_birth"} <= set(errors)
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "Dit veld is verplicht" in html  # Django's own Dutch: "This field is required."
    assert Person.objects.values().get(pk=person.pk) == before


def test_outcome_in_the_future_is_refused(client, users, own_duo):
    client.force_login(users[Role.COORDINATOR])
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(
        reverse("journeys:outcome_add", args=[own_duo.pk]),
        {"category": "job_permanent", "horizon": "end", "observed_on": tomorrow.isoformat(), "source": "coordinator"},
    )
    assert response.status_code == 200 and "observed_on" in response.context["form"].errors
    assert not Outcome.objects.exists()
    ok = client.post(
        reverse("journeys:outcome_add", args=[own_duo.pk]),
        {"category": "job_permanent", "horizon": "end", "observed_on": timezone.localdate().isoformat(),
         "source": "coordinator",
         # A job now needs its details (tests/test_outcomes.py).
         "occupation": Occupation.objects.first().pk, "sector": "retail", "hours_per_week": 38,
         "job_started_on": timezone.localdate().isoformat()},
    )
    assert ok.status_code == 302
    outcome = Outcome.objects.get()
    assert outcome.is_stable_job and outcome.recorded_by == users[Role.COORDINATOR]


def test_login_by_email_and_lockout_after_repeated_failures(client, users, password, settings):
    url = reverse("accounts:login")
    wrong = client.post(url, {"username": "coord@duo.test", "password": "nope"})
    assert wrong.status_code == 200 and wrong.context["form"].non_field_errors()
    ok = client.post(url, {"username": "COORD@duo.test", "password": password})
    assert ok.status_code == 302 and ok.url == reverse("staff:home")
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, {"username": "coord@duo.test", "password": "wrong password"})
    locked = client.post(url, {"username": "coord@duo.test", "password": password})
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_passwords_are_hashed_with_argon2(db, settings):
    from django.contrib.auth.hashers import make_password

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    assert make_password("a long enough password").startswith("argon2$")


def test_unknown_language_prefix_and_missing_objects_are_404_pages(client, users):
    assert client.get("/de/").status_code == 404
    assert client.get("/xx/staff/").status_code == 404
    client.force_login(users[Role.ADMINISTRATOR])
    response = client.get("/en/staff/duos/987654/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_person_page_lists_the_languages_they_speak(client, users, own_duo):
    from .factories import PersonLanguageFactory

    PersonLanguageFactory(person=own_duo.mentee.person, language="nl", level="B2")
    client.force_login(users[Role.COORDINATOR])
    with translation.override("en"):
        url = reverse("people:detail", args=[own_duo.mentee.person_id])
    html = client.get(url).content.decode()
    assert "Dutch (B2 upper intermediate)" in html


def test_people_list_pages_keep_the_filters(client, users, antenna):
    MenteeFactory.create_batch(55, stage="applied", person__antenna=antenna)
    client.force_login(users[Role.COORDINATOR])
    with translation.override("en"):
        url = reverse("people:list")
    first = client.get(url, {"role": "mentee", "stage": "applied"})
    assert len(first.context["page"]) == 50 and first.context["page"].paginator.count == 55
    assert "?role=mentee&amp;stage=applied&amp;page=2" in first.content.decode()
    second = client.get(url, {"role": "mentee", "stage": "applied", "page": 2})
    assert len(second.context["page"]) == 5


def test_someone_with_several_antennas_sees_a_row_per_antenna(client, users, antenna, other_antenna):
    today = timezone.localdate()
    quiet = DuoFactory.create_batch(2, antenna=antenna, status="active", started_on=today - datetime.timedelta(days=60),
                                    planned_end_on=today + datetime.timedelta(days=100))
    for duo in quiet:  # several old meetings each: the count is of duos, not of meetings
        MeetingFactory.create_batch(3, duo=duo, held_on=today - datetime.timedelta(days=50))
    DuoFactory(antenna=other_antenna, status="active", started_on=today - datetime.timedelta(days=10),
               planned_end_on=today + datetime.timedelta(days=170))
    MenteeFactory(stage="ready", person__antenna=other_antenna)
    client.force_login(users[Role.ADMINISTRATOR])
    context = client.get(reverse("staff:home")).context
    rows = {r["antenna"].code: r for r in context["per_antenna"]}
    assert rows[antenna.code]["active"] == 2 and rows[other_antenna.code]["active"] == 1
    assert rows[antenna.code]["attention"] == 2 and rows[other_antenna.code]["attention"] == 0
    assert sum(r["attention"] for r in rows.values()) == context["attention_total"]
    # The duo factory's own mentee is ready too, hence 2.
    assert rows[other_antenna.code]["ready_mentees"] == 2
    client.force_login(users[Role.COORDINATOR])  # one antenna: no table
    assert client.get(reverse("staff:home")).context["per_antenna"] == []
