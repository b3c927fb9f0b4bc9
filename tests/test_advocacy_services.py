"""The advocacy use cases: what officers record moves recommendations along, and bad input changes nothing."""

import datetime

import pytest
from django.utils import timezone

from duo.accounts.roles import Role
from duo.advocacy import services
from duo.advocacy.models import InteractionKind, Position, RecommendationVersion, Status, StatusChange, Target
from tests.factories_advocacy import ContactFactory, PositionFactory, RecommendationFactory, StakeholderFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def officer(users):
    return users[Role.OFFICER]


def _meeting(officer, recommendations, stakeholders=None, **extra):
    values = dict(kind=InteractionKind.MEETING, on=TODAY - datetime.timedelta(days=1), subject="Meeting at the cabinet",
                  stakeholders=stakeholders, recommendations=recommendations, staff=[officer])
    values.update(extra)
    return services.interaction_save(by=officer, **values)


def test_a_meeting_moves_every_raised_recommendation_to_discussed_at_every_stakeholder(officer):
    cabinet, actiris = StakeholderFactory(), StakeholderFactory(kind="public_body")
    first, second = RecommendationFactory(), RecommendationFactory()
    meeting = _meeting(officer, [first, second], [cabinet, actiris])
    targets = Target.objects.filter(recommendation__in=[first, second])
    assert targets.count() == 4
    assert set(targets.values_list("status", flat=True)) == {Status.DISCUSSED}
    assert StatusChange.objects.filter(interaction=meeting).count() == 4


def test_a_letter_only_raises_and_never_moves_a_target_back(officer):
    cabinet, rec = StakeholderFactory(), RecommendationFactory()
    target = services.target_add(by=officer, recommendation=rec, stakeholder=cabinet)
    services.target_set_status(by=officer, target=target, status=Status.SUPPORTED, on=TODAY - datetime.timedelta(days=9))
    letter = _meeting(officer, [rec], [cabinet], kind=InteractionKind.LETTER)
    target.refresh_from_db()
    assert target.status == Status.SUPPORTED and target.progress == 50
    # Still on the timeline: the letter raised it again.
    assert target.changes.filter(interaction=letter).exists()


def test_a_rejected_recommendation_stays_rejected_when_raised_again(officer):
    cabinet, rec = StakeholderFactory(), RecommendationFactory()
    target = services.target_add(by=officer, recommendation=rec, stakeholder=cabinet)
    services.target_set_status(by=officer, target=target, status=Status.REJECTED, on=TODAY - datetime.timedelta(days=9))
    _meeting(officer, [rec], [cabinet])
    target.refresh_from_db()
    assert target.status == Status.REJECTED


def test_a_planned_meeting_raises_nothing_yet(officer):
    cabinet, rec = StakeholderFactory(), RecommendationFactory()
    _meeting(officer, [rec], [cabinet], on=TODAY + datetime.timedelta(days=5))
    assert not Target.objects.filter(status=Status.DISCUSSED).exists()


def test_deleting_an_interaction_puts_its_targets_back(officer):
    cabinet, rec = StakeholderFactory(), RecommendationFactory()
    meeting = _meeting(officer, [rec], [cabinet])
    services.interaction_delete(by=officer, interaction=meeting)
    target = Target.objects.get(recommendation=rec, stakeholder=cabinet)
    assert (target.status, target.progress, target.changes.count()) == (Status.NOT_RAISED, 0, 0)


@pytest.mark.parametrize("extra, field", [
    ({"subject": "  "}, "subject"),
    ({"follow_up": "Send the memorandum", "follow_up_due": TODAY - datetime.timedelta(days=30)}, "follow_up_due"),
    ({"follow_up_due": TODAY + datetime.timedelta(days=3)}, "follow_up"),
    ({"stakeholders": []}, "stakeholders"),
])
def test_bad_interactions_are_refused_with_the_field_and_write_nothing(officer, extra, field):
    rec = RecommendationFactory()
    with pytest.raises(services.AdvocacyError) as refused:
        _meeting(officer, [rec], **{"stakeholders": [StakeholderFactory()], **extra})
    assert field in refused.value.errors
    assert not Target.objects.exists() and not StatusChange.objects.exists()


def test_a_status_in_the_future_or_beyond_100_percent_is_refused(officer):
    target = services.target_add(by=officer, recommendation=RecommendationFactory(), stakeholder=StakeholderFactory())
    with pytest.raises(services.AdvocacyError) as refused:
        services.target_set_status(by=officer, target=target, status=Status.COMMITTED, progress=120,
                                   on=TODAY + datetime.timedelta(days=1))
    assert set(refused.value.errors) == {"progress", "on"}
    target.refresh_from_db()
    assert target.status == Status.NOT_RAISED and not target.changes.exists()


def test_the_latest_dated_change_sets_the_status_even_when_recorded_late(officer):
    target = services.target_add(by=officer, recommendation=RecommendationFactory(), stakeholder=StakeholderFactory())
    services.target_set_status(by=officer, target=target, status=Status.COMMITTED, on=TODAY - datetime.timedelta(days=2))
    services.target_set_status(by=officer, target=target, status=Status.RAISED, on=TODAY - datetime.timedelta(days=60))
    target.refresh_from_db()
    assert target.status == Status.COMMITTED and target.status_on == TODAY - datetime.timedelta(days=2)


def test_revising_the_wording_keeps_the_earlier_version_and_refuses_no_change(officer):
    rec = RecommendationFactory()
    first = rec.current
    wording = {f"{s}_{lang}": getattr(first, f"{s}_{lang}") for s in ("title", "text") for lang in ("fr", "nl", "en")}
    with pytest.raises(services.AdvocacyError):
        services.recommendation_revise(by=officer, recommendation=rec, **wording)
    wording["text_en"] = "A legally anchored funding framework, with quality criteria."
    version = services.recommendation_revise(by=officer, recommendation=rec, change_note="Sharper", **wording)
    assert version.number == 2
    assert RecommendationVersion.objects.get(recommendation=rec, number=1).text_en == first.text_en


def test_a_recommendation_needs_a_title_and_known_evidence_codes(officer):
    with pytest.raises(services.AdvocacyError) as refused:
        services.recommendation_create(by=officer, code="funding", area="equal_opportunities", level="regional",
                                       barriers=["no_such_barrier"], indicators=["no_such_indicator"])
    assert {"title_fr", "barriers", "indicators"} <= set(refused.value.errors)


def test_a_mandate_ends_and_the_person_stays(officer):
    position = PositionFactory(started_on=datetime.date(2019, 7, 1))
    services.position_end(by=officer, position=position, on=datetime.date(2024, 7, 1))
    position.refresh_from_db()
    assert not position.is_current() and position.contact.pk
    with pytest.raises(services.AdvocacyError):
        services.position_end(by=officer, position=position, on=datetime.date(2018, 1, 1))
    assert Position.objects.get(pk=position.pk).ended_on == datetime.date(2024, 7, 1)


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.RESEARCHER, Role.VIEWER])
def test_only_the_advocacy_team_records(users, role):
    with pytest.raises(services.NotAllowed):
        services.contact_save(by=users[role], first_name="Ada", last_name="Minister")
    assert not ContactFactory._meta.model.objects.exists()
