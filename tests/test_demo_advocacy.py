"""The demo's advocacy, as an officer opening the advocacy pages after `make run` finds it: real institutions with
made-up people whose mandates end and move on, recommendations in three languages backed by the demo's evidence
(with one frequent barrier left without any, for the observatory to flag), fourteen months of interactions with
follow-ups late and coming, targets all along the road, and the 2029 campaign with its memorandum."""

import datetime
from collections import Counter

import pytest
from django.db.models import Q
from django.utils import timezone

from duo.advocacy.models import (
    Campaign, Contact, Interaction, LegalBasis, Position, Recommendation, StakeholderKind, Status, Target,
)
from duo.barrier.models import Barrier, BarrierKind
from duo.impact.indicators import INDICATORS
from duo.people.models import Person
from duo.publications import content, render
from duo.publications.models import Publication


@pytest.fixture
def demo(organisation, db):
    return organisation


def test_every_recommendation_is_written_in_three_languages_and_backed_by_the_demo_evidence(demo):
    recommendations = list(Recommendation.objects.all())
    assert 5 <= len(recommendations) <= 6
    report = Publication.objects.get(slug="experience-report-2026")
    for rec in recommendations:
        assert rec.current.languages() == ["fr", "nl", "en"], rec.code
        assert rec.snapshot == demo
        assert report in rec.publications.all()
        assert rec.indicator_list and set(rec.indicator_list) <= set(INDICATORS), rec.code
        assert set(rec.barrier_list) <= set(BarrierKind.values)
    assert {r.area for r in recommendations} == {"equal_opportunities", "inclusion_diversity", "active_ageing",
                                                 "social_cohesion"}
    assert any(r.current.number > 1 for r in recommendations)  # one was revised: a wording history to show


def test_a_frequent_barrier_is_left_without_a_recommendation(demo):
    frequent = [kind for kind, _n in Counter(Barrier.objects.values_list("kind", flat=True)).most_common(4)]
    addressed = {code for rec in Recommendation.objects.all() for code in rec.barrier_list}
    assert len(frequent) == 4
    assert [kind for kind in frequent if kind not in addressed]  # the observatory has a gap to flag
    assert [kind for kind in frequent if kind in addressed]  # and the registry answers the others


def test_follow_ups_are_late_coming_and_done(demo):
    today = timezone.localdate()
    interactions = list(Interaction.objects.all())
    assert 20 <= len(interactions) <= 30
    assert all(today - datetime.timedelta(days=14 * 31) <= i.on <= today for i in interactions)
    overdue = [i for i in interactions if i.follow_up_overdue(today)]
    assert overdue and all(i.follow_up_owner is not None for i in overdue)
    assert any(i.follow_up_open and i.follow_up_due == today + datetime.timedelta(days=3) for i in interactions)
    assert sum(1 for i in interactions if i.follow_up_done_at) >= 3
    assert {"meeting", "letter", "hearing", "consultation", "media", "social"} <= {i.kind for i in interactions}


def test_a_mandate_ended_after_the_elections_and_the_person_moved_on(demo):
    ended = Position.objects.filter(ended_on__isnull=False, ended_on__year=2024)
    assert ended.exists()
    moved = [p.contact for p in ended if p.contact.positions.filter(ended_on__isnull=True).exists()]
    assert moved
    assert all(not p.is_current() for p in ended)


def test_contacts_are_professional_data_about_no_participant(demo):
    contacts = list(Contact.objects.all())
    assert 12 <= len(contacts) <= 20
    names = {(c.first_name.lower(), c.last_name.lower()) for c in contacts}
    participants = Person.objects.filter(
        Q(*[Q(first_name__iexact=first, last_name__iexact=last) for first, last in names], _connector=Q.OR))
    assert not participants.exists()
    assert all(c.legal_basis == LegalBasis.LEGITIMATE_INTEREST and c.source for c in contacts)
    with_party = Position.objects.exclude(party="")
    assert with_party.exists()
    assert not with_party.exclude(stakeholder__kind=StakeholderKind.POLITICAL).exists()  # public mandates only


def test_targets_went_all_along_the_road(demo):
    statuses = set(Target.objects.values_list("status", flat=True))
    assert {Status.RAISED, Status.DISCUSSED, Status.SUPPORTED, Status.COMMITTED, Status.IMPLEMENTED,
            Status.REJECTED} <= statuses
    assert all(t.changes.exists() for t in Target.objects.exclude(status=Status.NOT_RAISED))


def test_the_2029_campaign_has_targets_milestones_and_its_memorandum_lists_the_registry(demo):
    campaign = Campaign.objects.get()
    assert campaign.stakeholders.count() >= 3 and campaign.recommendations.count() >= 4
    assert campaign.milestones.filter(done=True).exists() and campaign.milestones.filter(done=False).exists()
    assert campaign.interactions.exists()
    materials = {p.slug for p in campaign.publications.all()}
    assert "experience-report-2026" in materials
    memorandum = Publication.objects.get(slug="memorandum-2029").latest
    assert all(gaps == [] for gaps in content.missing(memorandum).values())
    html = render.html(memorandum, "nl", public=False, standalone=False)
    assert html.count('<li class="recommendation"') == campaign.recommendations.count()
