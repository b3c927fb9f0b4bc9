"""The career action plan: goals per duo, added and followed by staff and by the duo from their
meeting-log link; the coordinator's alert for a duo without a plan; the programme figure."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from duo.accounts import scoping
from duo.accounts.roles import Role
from duo.careerplan import queries, services
from duo.careerplan.models import Goal
from duo.followup import queries as followup
from duo.meetinglog import tokens
from duo.meetinglog.models import AccessLink

from .factories import DuoFactory, UserFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def _active(antenna, started_days_ago=60, **extra):
    start = TODAY - started_days_ago * DAY
    return DuoFactory(antenna=antenna, matched_on=start - 20 * DAY, started_on=start,
                      planned_end_on=start + 182 * DAY, **extra)


def _link(duo, side="mentee", **extra):
    token, digest = tokens.new_token()
    person = duo.mentee.person if side == "mentee" else duo.mentor.person
    return token, AccessLink.objects.create(duo=duo, person=person, token_hash=digest, **extra)


def _goal(duo, **extra):
    fields = {"title": "Finish a CV in Dutch", "target_on": TODAY + 30 * DAY, **extra}
    return Goal.objects.create(duo=duo, **fields)


# --- services -------------------------------------------------------------------------------------

def test_staff_add_goals_in_order(own_duo, coordinator):
    first = services.goal_add(duo=own_duo, title="  Finish a CV in Dutch ", target_on=TODAY, by=coordinator)
    second = services.goal_add(duo=own_duo, title="Meet three people in logistics", target_on=TODAY,
                               area="network", by=coordinator)
    assert (first.title, first.created_by_side, first.created_by, first.status) == (
        "Finish a CV in Dutch", "staff", coordinator, "planned")
    assert (first.position, second.position) == (0, 1)
    assert second.area == "network"


@pytest.mark.parametrize("title,target_on,area,field", [
    ("   ", TODAY, "", "title"),
    ("x" * 121, TODAY, "", "title"),
    ("CV", None, "", "target_on"),
    ("CV", datetime.date(2026, 1, 19), "", "target_on"),  # the factory's duo started on 20 January 2026
    ("CV", datetime.date(2062, 1, 1), "", "target_on"),  # a slip of the keyboard
    ("CV", TODAY, "astrology", "area"),
])
def test_invalid_goals_are_refused_and_nothing_is_saved(own_duo, coordinator, title, target_on, area, field):
    with pytest.raises(services.PlanError) as error:
        services.goal_add(duo=own_duo, title=title, target_on=target_on, area=area, by=coordinator)
    assert field in error.value.errors
    assert not Goal.objects.exists()


def test_a_duo_not_yet_started_plans_from_its_match(antenna, coordinator):
    duo = DuoFactory(antenna=antenna, status="introduced", matched_on=TODAY - 5 * DAY, started_on=None,
                     planned_end_on=None)
    assert services.goal_add(duo=duo, title="CV", target_on=TODAY - 5 * DAY, by=coordinator).pk
    with pytest.raises(services.PlanError):
        services.goal_add(duo=duo, title="CV", target_on=TODAY - 6 * DAY, by=coordinator)


def test_a_refused_duo_has_no_plan(antenna, coordinator):
    duo = DuoFactory(antenna=antenna, status="refused", started_on=None, planned_end_on=None)
    with pytest.raises(services.PlanError):
        services.goal_add(duo=duo, title="CV", target_on=TODAY, by=coordinator)
    assert not Goal.objects.exists()


def test_done_dates_the_goal_and_keeps_the_first_date(own_duo, coordinator):
    goal = _goal(own_duo)
    goal = services.goal_update(goal=goal, status="done", by=coordinator)
    assert goal.done_on == TODAY
    Goal.objects.filter(pk=goal.pk).update(done_on=TODAY - 3 * DAY)
    goal = services.goal_update(goal=goal, status="done", title="CV in Dutch, finished", by=coordinator)
    assert (goal.done_on, goal.title) == (TODAY - 3 * DAY, "CV in Dutch, finished")
    goal = services.goal_update(goal=goal, status="in_progress", by=coordinator)
    assert goal.done_on is None


def test_invalid_update_changes_nothing(own_duo, coordinator):
    goal = _goal(own_duo)
    for changes in ({"title": ""}, {"status": "finished"}, {"target_on": datetime.date(2025, 1, 1)},
                    {"position": 5000}):
        with pytest.raises(services.PlanError):
            services.goal_update(goal=goal, by=coordinator, **changes)
    goal.refresh_from_db()
    assert (goal.title, goal.status, goal.target_on, goal.position) == (
        "Finish a CV in Dutch", "planned", TODAY + 30 * DAY, 0)


def test_staff_outside_the_antenna_or_read_only_may_not_touch_a_plan(own_duo, foreign_duo, coordinator, users):
    foreign_goal = _goal(foreign_duo)
    own_goal = _goal(own_duo)
    with pytest.raises(scoping.NotAllowed):
        services.goal_add(duo=foreign_duo, title="CV", target_on=TODAY, by=coordinator)
    with pytest.raises(scoping.NotAllowed):
        services.goal_update(goal=foreign_goal, status="done", by=coordinator)
    with pytest.raises(scoping.NotAllowed):
        services.goal_remove(goal=foreign_goal, by=coordinator)
    with pytest.raises(scoping.NotAllowed):
        services.goal_update(goal=own_goal, status="done", by=users[Role.VIEWER])
    assert Goal.objects.filter(status="planned").count() == 2


def test_participants_add_and_follow_goals_from_their_link(own_duo):
    _, mentee = _link(own_duo, "mentee")
    _, mentor = _link(own_duo, "mentor")
    goal = services.goal_add(duo=own_duo, title="Register as a jobseeker", target_on=TODAY, link=mentee)
    assert (goal.created_by_side, goal.created_by) == ("mentee", None)
    assert services.goal_add(duo=own_duo, title="CV", target_on=TODAY, link=mentor).created_by_side == "mentor"
    goal = services.goal_update(goal=goal, status="done", link=mentor)
    assert (goal.status, goal.done_on) == ("done", TODAY)


def test_participants_change_only_the_status_of_their_own_duos_goals(own_duo, antenna):
    _, link = _link(own_duo)
    goal = _goal(own_duo)
    other = _goal(_active(antenna))
    with pytest.raises(scoping.NotAllowed):
        services.goal_update(goal=goal, title="Something else", link=link)
    with pytest.raises(scoping.NotAllowed):
        services.goal_update(goal=other, status="done", link=link)
    with pytest.raises(scoping.NotAllowed):
        services.goal_add(duo=other.duo, title="CV", target_on=TODAY, link=link)
    with pytest.raises(scoping.NotAllowed):
        services.goal_remove(goal=goal, by=None)
    AccessLink.objects.filter(pk=link.pk).update(revoked_at=timezone.now())
    with pytest.raises(scoping.NotAllowed):
        services.goal_update(goal=goal, status="done", link=link)
    assert set(Goal.objects.values_list("status", "title")) == {("planned", "Finish a CV in Dutch")}


def test_staff_remove_a_goal(own_duo, coordinator):
    goal = _goal(own_duo)
    services.goal_remove(goal=goal, by=coordinator)
    assert not Goal.objects.exists()


# --- the duo page -----------------------------------------------------------------------------------

def test_the_duo_page_shows_the_plan_with_progress_and_overdue_goals(client, own_duo, coordinator):
    _goal(own_duo, title="Finish a CV in Dutch", status="done", done_on=TODAY)
    late = _goal(own_duo, title="Register as a jobseeker", target_on=TODAY - DAY, position=1)
    _goal(own_duo, title="Learn to juggle", status="dropped", position=2)
    client.force_login(coordinator)
    with translation.override("en"):
        html = client.get(reverse("journeys:detail", kwargs={"pk": own_duo.pk})).content.decode()
    assert 'id="plan"' in html and "Register as a jobseeker" in html
    assert "1 of 2 goals done" in html  # the dropped goal is left out
    row = html[html.index(f'id="goal-{late.pk}"'):]
    row = row[:row.index("</tr>")]
    assert "badge warn" in row
    assert f"/plan/{late.pk}/edit/" in row


def test_viewers_see_the_plan_without_the_forms(client, own_duo, users):
    goal = _goal(own_duo)
    client.force_login(users[Role.VIEWER])
    html = client.get(reverse("journeys:detail", kwargs={"pk": own_duo.pk})).content.decode()
    assert goal.title in html
    assert reverse("meetinglog:plan_goal_add", kwargs={"pk": own_duo.pk}) not in html


def test_staff_add_and_edit_from_their_forms(client, own_duo, coordinator):
    client.force_login(coordinator)
    url = reverse("meetinglog:plan_goal_add", kwargs={"pk": own_duo.pk})
    response = client.post(url, {"title": "Finish a CV in Dutch", "area": "cv", "status": "planned",
                                 "target_on": (TODAY + 10 * DAY).isoformat()})
    assert response.status_code == 302 and response["Location"].endswith("#plan")
    goal = Goal.objects.get()
    edit = reverse("meetinglog:plan_goal_edit", kwargs={"pk": own_duo.pk, "goal_pk": goal.pk})
    assert client.post(edit, {"title": "CV in Dutch", "area": "cv", "status": "done", "position": "3",
                              "target_on": goal.target_on.isoformat()}).status_code == 302
    goal.refresh_from_db()
    assert (goal.title, goal.status, goal.done_on, goal.position) == ("CV in Dutch", "done", TODAY, 3)


def test_staff_form_errors_in_the_users_language_change_nothing(client, own_duo, coordinator):
    goal = _goal(own_duo)
    client.force_login(coordinator)
    edit = reverse("meetinglog:plan_goal_edit", kwargs={"pk": own_duo.pk, "goal_pk": goal.pk})
    for data in ({"title": "", "status": "planned", "target_on": "2026-02-01"},
                 {"title": "CV", "status": "planned", "target_on": "2025-12-31"},
                 {"title": "CV", "status": "planned", "target_on": "31/31/2026"},
                 {"title": "CV", "status": "nonsense", "target_on": "2026-02-01"}):
        response = client.post(edit, data)
        assert response.status_code == 200
        assert 'id="error-summary"' in response.content.decode()
    goal.refresh_from_db()
    assert (goal.title, goal.target_on) == ("Finish a CV in Dutch", TODAY + 30 * DAY)
    # In the user's language: Django's own date message, in French on the French page.
    with translation.override("fr"):
        url = reverse("meetinglog:plan_goal_edit", kwargs={"pk": own_duo.pk, "goal_pk": goal.pk})
    html = client.post(url, {"title": "CV", "status": "planned", "target_on": "31/31/2026"}).content.decode()
    assert "Saisissez une date valide" in html


def test_a_coordinator_of_another_antenna_gets_404(client, foreign_duo, own_duo, coordinator):
    goal = _goal(foreign_duo)
    client.force_login(coordinator)
    for url in (reverse("meetinglog:plan_goal_add", kwargs={"pk": foreign_duo.pk}),
                reverse("meetinglog:plan_goal_edit", kwargs={"pk": foreign_duo.pk, "goal_pk": goal.pk}),
                reverse("meetinglog:plan_goal_remove", kwargs={"pk": foreign_duo.pk, "goal_pk": goal.pk}),
                # Their goal under my duo's address is not found either.
                reverse("meetinglog:plan_goal_edit", kwargs={"pk": own_duo.pk, "goal_pk": goal.pk})):
        assert client.get(url).status_code == 404
        assert client.post(url, {"title": "Taken over", "status": "done", "target_on": TODAY.isoformat(),
                                 "confirm": "1"}).status_code == 404
    goal.refresh_from_db()
    assert (goal.title, goal.status) == ("Finish a CV in Dutch", "planned")


def test_removing_asks_for_confirmation(client, own_duo, coordinator):
    goal = _goal(own_duo)
    client.force_login(coordinator)
    url = reverse("meetinglog:plan_goal_remove", kwargs={"pk": own_duo.pk, "goal_pk": goal.pk})
    assert client.post(url).status_code == 200
    assert Goal.objects.exists()
    assert client.post(url, {"confirm": "1"}).status_code == 302
    assert not Goal.objects.exists()


def test_the_admin_lists_only_the_goals_of_my_antennas(client, own_duo, foreign_duo, coordinator):
    mine, theirs = _goal(own_duo, title="Mine to follow"), _goal(foreign_duo, title="Theirs to follow")
    client.force_login(coordinator)
    html = client.get(reverse("admin:careerplan_goal_changelist")).content.decode()
    assert mine.title in html and theirs.title not in html
    url = reverse("admin:careerplan_goal_change", args=[theirs.pk])
    assert theirs.title not in client.get(url, follow=True).content.decode()


# --- the participants' page -------------------------------------------------------------------------

def test_the_meeting_log_page_shows_our_plan_without_staff_only_fields(client, own_duo, coordinator):
    token, _ = _link(own_duo)
    coordinator.full_name = "Coordinatrice Confidentielle"
    coordinator.save()
    services.goal_add(duo=own_duo, title="Finish a CV in Dutch", target_on=TODAY + DAY, by=coordinator)
    html = client.get(reverse("meetinglog:log", kwargs={"token": token})).content.decode()
    assert 'id="plan"' in html and "Finish a CV in Dutch" in html
    assert "Coordinatrice Confidentielle" not in html and coordinator.email not in html
    assert "/plan/" in html and "/edit/" not in html and "/remove/" not in html


def test_a_participant_adds_a_goal_and_marks_it_done(client, own_duo):
    token, _ = _link(own_duo, "mentor")
    add = reverse("meetinglog:plan_add", kwargs={"token": token})
    response = client.post(add, {"plan-title": "Send ten applications", "plan-area": "strategy",
                                 "plan-target_on": (TODAY + 20 * DAY).isoformat()})
    assert response.status_code == 302 and response["Location"].endswith("#plan")
    goal = Goal.objects.get()
    assert (goal.title, goal.area, goal.created_by_side) == ("Send ten applications", "strategy", "mentor")
    status = reverse("meetinglog:plan_status", kwargs={"token": token, "goal_pk": goal.pk})
    assert client.post(status, {"status": "done"}).status_code == 302
    goal.refresh_from_db()
    assert (goal.status, goal.done_on) == ("done", TODAY)


def test_a_participants_bad_input_shows_errors_and_changes_nothing(client, own_duo):
    token, _ = _link(own_duo)
    goal = _goal(own_duo)
    add = reverse("meetinglog:plan_add", kwargs={"token": token})
    for data in ({}, {"plan-title": "CV", "plan-target_on": "2019-01-01"}, {"plan-title": "", "plan-target_on": "x"}):
        response = client.post(add, data)
        assert response.status_code == 200 and 'id="error-summary"' in response.content.decode()
    status = reverse("meetinglog:plan_status", kwargs={"token": token, "goal_pk": goal.pk})
    assert client.post(status, {"status": "finished!"}).status_code == 200
    assert list(Goal.objects.values_list("status", flat=True)) == ["planned"]


def test_a_participant_cannot_reach_another_duos_goal(client, own_duo, antenna):
    token, _ = _link(own_duo)
    other = _goal(_active(antenna))
    url = reverse("meetinglog:plan_status", kwargs={"token": token, "goal_pk": other.pk})
    assert client.get(url).status_code == 404
    assert client.post(url, {"status": "done"}).status_code == 404
    other.refresh_from_db()
    assert other.status == "planned"


def test_an_expired_link_refuses_kindly(client, own_duo):
    token, _ = _link(own_duo, expires_at=timezone.now() - DAY)
    goal = _goal(own_duo)
    response = client.post(reverse("meetinglog:plan_status", kwargs={"token": token, "goal_pk": goal.pk}),
                           {"status": "done"})
    assert response.status_code == 200
    assert "meetinglog/closed.html" in [t.name for t in response.templates]
    response = client.post(reverse("meetinglog:plan_add", kwargs={"token": token}),
                           {"plan-title": "CV", "plan-target_on": TODAY.isoformat()})
    assert response.status_code == 200
    assert list(Goal.objects.values_list("status", flat=True)) == ["planned"]


# --- the alert and the programme figure -------------------------------------------------------------

def _plan_alerts(user):
    return {a.duo.pk for a in followup.alerts(user) if a.kind == "plan"}


def test_no_plan_alert_after_21_days_clears_with_the_first_goal(antenna, other_antenna, coordinator):
    late = _active(antenna, started_days_ago=21)
    _active(antenna, started_days_ago=20)  # not yet
    _active(antenna, started_days_ago=90, status="completed")  # no longer running
    _active(other_antenna, started_days_ago=40)  # not my antenna
    assert _plan_alerts(coordinator) == {late.pk}
    alert = next(a for a in followup.alerts(coordinator) if a.kind == "plan")
    assert alert.since == late.started_on and "21" in alert.text
    _goal(late)
    assert _plan_alerts(coordinator) == set()


def test_the_week_page_shows_the_alert(client, antenna, coordinator):
    late = _active(antenna, started_days_ago=30)
    client.force_login(coordinator)
    html = client.get(reverse("followup:week")).content.decode()
    assert "alert-plan" in html and reverse("journeys:detail", kwargs={"pk": late.pk}) in html


def _at(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


def test_plans_within_counts_duos_whose_window_is_over(antenna):
    quick, slow, none = (_active(antenna, started_days_ago=60) for _ in range(3))
    recent = _active(antenna, started_days_ago=5)
    _goal(quick, created_at=_at(quick.started_on + 10 * DAY))
    _goal(quick, created_at=_at(quick.started_on + 50 * DAY))
    _goal(slow, created_at=_at(slow.started_on + 30 * DAY))
    _goal(recent, created_at=_at(TODAY))
    from duo.journeys.models import Duo

    duos = Duo.objects.all()
    assert queries.plan_counts(duos) == (1, 3)
    assert queries.plans_within(duos) == pytest.approx(1 / 3)
    assert queries.plans_within(duos, days=40) == pytest.approx(2 / 3)
    assert queries.plans_within(duos.filter(pk=recent.pk)) is None
    assert none.pk


def test_progress_leaves_dropped_goals_out(own_duo):
    _goal(own_duo, status="done")
    _goal(own_duo, status="dropped")
    _goal(own_duo)
    goals = queries.goals_of(own_duo)
    assert queries.progress(goals) == queries.Progress(done=1, total=2)
    assert queries.drawn_up_on(goals) == TODAY


# --- demo -------------------------------------------------------------------------------------------

def _demo_duos(antenna, other_antenna):
    """A spread of started duos like the demo's: running, ended, ended early, in three languages."""
    duos = []
    for i in range(60):
        started = TODAY - (15 + 7 * i) * DAY
        status = "active" if i < 25 else "completed" if i < 50 else "ended_early"
        ended = {"completed": started + 180 * DAY, "ended_early": started + 60 * DAY}.get(status)
        if ended and ended > TODAY:
            status, ended = "active", None
        duos.append(DuoFactory(antenna=antenna if i % 2 else other_antenna, status=status,
                               language=("fr", "nl", "en")[i % 3],
                               matched_on=started - 20 * DAY, started_on=started,
                               planned_end_on=started + 182 * DAY, ended_on=ended))
    return duos


def test_demo_plans(antenna, other_antenna):
    """The demo module on its own (seed_demo runs it after the duos exist)."""
    import random
    from types import SimpleNamespace

    from duo.demo import careerplan as demo

    _demo_duos(antenna, other_antenna)
    seeder = SimpleNamespace(rng=random.Random(5), today=TODAY, coordinators={}, code_of={})
    assert demo.goals(seeder) == {"goals": Goal.objects.count()}
    from duo.journeys.models import Duo

    started = Duo.objects.filter(started_on__isnull=False)
    with_plan = started.filter(goals__isnull=False).distinct()
    assert 0.8 * started.count() < with_plan.count() < started.count()
    titles = {lang: {t[lang] for _, t in demo.GOALS} for lang in ("fr", "nl", "en")}
    for duo in with_plan.prefetch_related("goals"):
        goals = list(duo.goals.all())
        assert 3 <= len(goals) <= 6
        assert {g.title for g in goals} <= titles[duo.language]
        assert all(g.target_on >= duo.started_on for g in goals)
        assert all((g.done_on is not None) == (g.status == "done") for g in goals)
        assert all(g.done_on is None or g.done_on <= TODAY for g in goals)
        # Drawn up in the first weeks, mostly in the first two.
        assert (queries.drawn_up_on(goals) - duo.started_on).days <= 30
    first = [(queries.drawn_up_on(list(d.goals.all())) - d.started_on).days for d in with_plan]
    assert sum(1 for n in first if n <= 14) > 0.6 * len(first)
    ended = Goal.objects.filter(duo__status="completed")
    assert ended.filter(status="done").count() > 0.6 * ended.count()
    # A few running duos without a plan, one per antenna at least: the week shows the alert.
    admin = UserFactory(role=Role.ADMINISTRATOR)
    alerted = _plan_alerts(admin)
    assert {Duo.objects.get(pk=pk).antenna_id for pk in alerted} == {antenna.pk, other_antenna.pk}
