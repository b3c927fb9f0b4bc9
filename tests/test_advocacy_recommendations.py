"""The recommendation registry as officers use it: the roll-up shown matches the targets, a status set from the page
lands on the timeline (a future date or 120 % is refused on its field, nothing changed), a revision keeps the old
wording readable, an interaction shows on the timeline and in "who has heard it", the evidence shows figures from a
snapshot and only the quotes consent still allows."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from duo.accounts.roles import Role
from duo.advocacy import services
from duo.advocacy.models import InteractionKind, Level, Recommendation, Status, StatusChange
from duo.advocacy.rollup import rollup
from duo.testimony import models as tm
from duo.testimony.models import Area, Consent
from tests.factories import UserFactory
from tests.factories_advocacy import ContactFactory, RecommendationFactory, StakeholderFactory

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def url(name, *args):
    with translation.override("en"):
        return reverse(f"advocacy:{name}", args=args)


@pytest.fixture
def officer(users):
    return users[Role.OFFICER]


@pytest.fixture
def as_officer(client, officer):
    client.force_login(officer)
    return client


def page(client, name, *args, **params):
    response = client.get(url(name, *args), params)
    assert response.status_code == 200
    return response.content.decode()


def section(html, heading_id):
    """The part of the page under the heading with this id, up to the next panel."""
    start = html.index(f'id="{heading_id}"')
    end = html.find('<section class="rec-panel"', start)
    return html[start:end if end != -1 else None]


def row_of(html, code):
    return next(r for r in re.findall(r"<tr>.*?</tr>", html, re.S) if f"{code}<" in r)


def with_targets(officer, *moves):
    """A recommendation and one target per (status, progress) move, set through the service."""
    rec = RecommendationFactory()
    for status, progress in moves:
        target = services.target_add(by=officer, recommendation=rec, stakeholder=StakeholderFactory())
        if status != Status.NOT_RAISED:
            services.target_set_status(by=officer, target=target, status=status, progress=progress, on=TODAY - DAY)
    return rec


# --- the roll-up -------------------------------------------------------------------------------------------------

def test_the_list_and_the_page_show_the_roll_up_of_the_targets(as_officer, officer, english):
    rec = with_targets(officer, (Status.SUPPORTED, 50), (Status.COMMITTED, 80), (Status.REJECTED, 0))
    expected = rollup((t.status, t.progress) for t in rec.targets.all())
    assert (expected.status, expected.progress, expected.targets) == (Status.COMMITTED, 43, 3)
    row = row_of(page(as_officer, "recommendations"), rec.code)
    assert "Committed" in row and "43 %" in row and "3 targets" in row and "Recommendation rec-" in row
    detail = page(as_officer, "recommendation", rec.code)
    facts = detail[detail.index('class="facts"'):detail.index("</dl>")]
    assert "Committed" in facts and "43 %" in facts and "1 supported" in facts and "1 rejected" in facts


def test_the_list_filters_on_the_rolled_up_status_and_the_barrier(as_officer, officer):
    moving = with_targets(officer, (Status.SUPPORTED, 50))
    quiet = with_targets(officer)
    services.recommendation_update(by=officer, recommendation=quiet, barriers=["language"])
    supported = page(as_officer, "recommendations", status="supported")
    assert f"{moving.code}<" in supported and f"{quiet.code}<" not in supported
    language = page(as_officer, "recommendations", barrier="language")
    assert f"{quiet.code}<" in language and f"{moving.code}<" not in language


# --- targets and their statuses ----------------------------------------------------------------------------------

def test_a_target_is_added_from_the_page(as_officer):
    rec, cabinet = RecommendationFactory(), StakeholderFactory(name="Cabinet Emploi")
    response = as_officer.post(url("target_add", rec.code), {"stakeholder": cabinet.pk})
    assert response.status_code == 302
    targets = page(as_officer, "recommendation", rec.code)
    assert rec.targets.get().stakeholder == cabinet
    assert "Cabinet Emploi" in section(targets, "targets")


def test_setting_a_status_records_it_on_the_timeline(as_officer, officer, english):
    rec = RecommendationFactory()
    target = services.target_add(by=officer, recommendation=rec,
                                 stakeholder=StakeholderFactory(name="Parlement bruxellois"))
    day = TODAY - 3 * DAY
    response = as_officer.post(url("target_status", rec.code, target.pk),
                               {"on": day.isoformat(), "status": "supported", "progress": "", "note": "Motion tabled"})
    assert response.status_code == 302
    target.refresh_from_db()
    assert (target.status, target.progress, target.status_on) == (Status.SUPPORTED, 50, day)
    change = StatusChange.objects.get(target=target)
    assert change.note == "Motion tabled"
    timeline = section(page(as_officer, "recommendation", rec.code), "timeline")
    assert "Motion tabled" in timeline and "Supported" in timeline and "Parlement bruxellois" in timeline
    assert day.isoformat() in timeline


@pytest.mark.parametrize("field,values,message", [
    ("on", {"on": (TODAY + DAY).isoformat(), "status": "committed"}, "cannot be dated in the future"),
    ("progress", {"status": "committed", "progress": "120"}, "between 0 and 100"),
])
def test_a_future_date_or_120_percent_is_refused_on_its_field_and_changes_nothing(as_officer, officer, english,
                                                                                  field, values, message):
    rec = RecommendationFactory()
    target = services.target_add(by=officer, recommendation=rec, stakeholder=StakeholderFactory())
    response = as_officer.post(url("target_status", rec.code, target.pk), {"note": "", "progress": "", **values})
    assert response.status_code == 200
    form = next(r["form"] for r in response.context["rows"] if r["target"].pk == target.pk)
    assert message in " ".join(form.errors[field])
    html = response.content.decode()
    assert f'id="id_t{target.pk}_{field}_errors"' in html and message in html
    target.refresh_from_db()
    assert (target.status, target.progress) == (Status.NOT_RAISED, 0)
    assert not StatusChange.objects.filter(target=target).exists()


# --- versions ----------------------------------------------------------------------------------------------------

def test_revising_makes_version_2_and_version_1_stays_readable(as_officer, english):
    rec = RecommendationFactory(code="funding-framework")
    form = as_officer.get(url("recommendation_revise", rec.code)).context["form"]
    assert form.initial["title_en"] == "Recommendation funding-framework"  # prefilled with the current wording
    wording = {**form.initial, "title_en": "A legally anchored funding framework for mentoring",
               "change_note": "Anchored in law, as the minister asked"}
    assert as_officer.post(url("recommendation_revise", rec.code), wording).status_code == 302
    assert list(rec.versions.order_by("number").values_list("number", flat=True)) == [1, 2]
    current = page(as_officer, "recommendation", rec.code)
    assert "A legally anchored funding framework for mentoring" in current
    assert "Anchored in law, as the minister asked" in section(current, "versions")
    old = page(as_officer, "recommendation_version", rec.code, 1)
    assert "Recommendation funding-framework" in old and "An earlier wording" in old
    assert "A legally anchored" not in old
    # The same wording again makes no version 3.
    again = as_officer.post(url("recommendation_revise", rec.code), wording)
    assert again.status_code == 200 and "Nothing changed in the wording" in again.content.decode()
    assert rec.versions.count() == 2


def test_the_wording_reads_as_it_will_in_a_publication_and_typed_html_stays_text(as_officer, english):
    rec = RecommendationFactory(code="quality-criteria")
    rec.versions.filter(number=1).update(
        text_en="Funded on **quality criteria**:\n\n- supervision of mentors;\n- six months per duo.\n\n"
                "<script>alert(1)</script>")
    for html in (page(as_officer, "recommendation", rec.code), page(as_officer, "recommendation_version", rec.code, 1)):
        assert "<strong>quality criteria</strong>" in html and "<li>supervision of mentors;</li>" in html
        assert "<script>alert(1)</script>" not in html and "**" not in html


def test_a_recommendation_is_created_with_its_wording_and_evidence(as_officer, english):
    values = {"code": "mentoring-quality", "area": Area.EQUAL_OPPORTUNITIES, "level": Level.REGIONAL,
              "title_fr": "Des critères de qualité", "text_fr": "Pour chaque organisation de mentorat.",
              "title_en": "Quality criteria", "barriers": ["no_network"], "indicators": ["positive_exit_12m"],
              "is_active": "on"}
    response = as_officer.post(url("recommendation_add"), values)
    rec = Recommendation.objects.get(code="mentoring-quality")
    assert response.status_code == 302 and response["Location"] == url("recommendation", rec.code)
    assert (rec.current.number, rec.barrier_list, rec.indicator_list) == (1, ["no_network"], ["positive_exit_12m"])
    html = page(as_officer, "recommendation", rec.code)
    assert 'lang="fr">Des critères de qualité' in html and "No professional network" in section(html, "evidence")
    duplicate = as_officer.post(url("recommendation_add"), values)
    assert "Another recommendation already has this code" in " ".join(duplicate.context["form"].errors["code"])


# --- interactions: the timeline and who has heard it ------------------------------------------------------------

def test_an_interaction_shows_on_the_timeline_and_in_who_has_heard_it(as_officer, officer, english):
    rec, cabinet = RecommendationFactory(), StakeholderFactory(name="Cabinet of the Minister of Work")
    adviser = ContactFactory(first_name="Inès", last_name="Dupont")
    met = TODAY - 5 * DAY
    services.interaction_save(by=officer, kind=InteractionKind.MEETING, on=met, subject="Budget talks at the cabinet",
                              stakeholders=[cabinet], contacts=[adviser], recommendations=[rec])
    services.interaction_save(by=officer, kind=InteractionKind.HEARING, on=TODAY + 10 * DAY,
                              subject="Hearing in parliament", stakeholders=[StakeholderFactory(name="Parliament")],
                              recommendations=[rec])
    html = page(as_officer, "recommendation", rec.code)
    timeline = section(html, "timeline")
    assert "Budget talks at the cabinet" in timeline and "Discussed" in timeline
    assert "Hearing in parliament" in timeline and "planned" in timeline
    heard = section(html, "heard")
    assert "Cabinet of the Minister of Work" in heard and "Inès Dupont" in heard and met.isoformat() in heard
    assert "Parliament" not in heard  # a meeting still to come has not raised anything yet


# --- testimonies -------------------------------------------------------------------------------------------------

def _quote(duo, text, **extra):
    return tm.Testimony.objects.create(person=duo.mentee.person, side="mentee", duo=duo, text=text, language="fr",
                                       source="staff", consent=Consent.INTERNAL, purpose="Mémorandum", **extra)


def test_testimonies_whose_author_withdrew_do_not_appear(as_officer, officer, own_duo):
    kept = _quote(own_duo, "Mon mentor m'a ouvert son réseau.")
    gone = _quote(own_duo, "J'ai enfin trouvé un stage.")
    rec = RecommendationFactory()
    services.recommendation_update(by=officer, recommendation=rec, testimonies=[kept, gone])
    tm.Testimony.objects.filter(pk=gone.pk).update(withdrawn_at=timezone.now())
    evidence = section(page(as_officer, "recommendation", rec.code), "evidence")
    assert "Mon mentor m&#x27;a ouvert son réseau." in evidence and "J&#x27;ai enfin trouvé un stage." not in evidence
    # Nor can it be chosen again.
    choices = dict(as_officer.get(url("recommendation_edit", rec.code)).context["form"].fields["testimonies"].choices)
    assert kept.pk in choices and gone.pk not in choices


# --- indicators from a snapshot (the demo organisation; last, as its data stays until the module ends) -----------

def test_indicator_evidence_shows_the_value_from_the_latest_snapshot(organisation, client, db, english):
    from duo.impact.indicators import INDICATORS
    from duo.impact.snapshot import load
    from duo.impact.tables import table
    from duo.impact.views import shown_value

    officer = UserFactory(role=Role.OFFICER)
    rec = RecommendationFactory()
    services.recommendation_update(by=officer, recommendation=rec, indicators=["positive_exit_12m"],
                                   barriers=["no_network"])
    total = table(load(organisation), indicator="positive_exit_12m", public=True, user=officer).total
    assert total.flag != ":c" and total.n > 0
    client.force_login(officer)
    evidence = section(page(client, "recommendation", rec.code), "evidence")
    assert str(INDICATORS["positive_exit_12m"].title) in evidence
    assert shown_value(INDICATORS["positive_exit_12m"], total.value) in evidence
    assert f"n = {total.n}" in evidence
    assert f"#{organisation.pk}" in evidence and date_format(organisation.as_of, "SHORT_DATE_FORMAT") in evidence
    assert "No professional network" in evidence and "(:c)" in evidence  # the flags explained
