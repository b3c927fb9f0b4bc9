"""Two people whose duo ended badly are never proposed to each other again, even once anonymised."""

import datetime

import pytest

from duo.matching import services
from duo.matching.keys import person_key
from duo.matching.models import PairBlock, Proposal
from duo.people.models import Person

from .factories import DuoFactory
from .factories_matching import ready_mentee, ready_mentor

pytestmark = pytest.mark.usefixtures("english", "eager")


def test_a_person_key_is_a_keyed_hash_of_the_person(settings):
    assert person_key(7) == person_key(7) != person_key(8)
    assert len(person_key(7)) == 64 and int(person_key(7), 16)
    before = person_key(7)
    settings.PAIR_GUARD_KEY = "another key"
    assert person_key(7) != before  # without the key, the table says nothing about who


@pytest.mark.parametrize("status, reason, blocked", [
    ("ended_early", "relationship", True),
    ("closed", "relationship", True),  # closed after that early end: still a pair not to propose again
    ("closed", "moved", False),
    ("refused", "", True),
    ("ended_early", "moved", False),
    ("completed", "", False),
])
def test_a_duo_that_ended_badly_becomes_a_pair_block(antenna, status, reason, blocked):
    duo = DuoFactory(antenna=antenna, status="active")
    duo.status, duo.end_reason, duo.ended_on = status, reason, datetime.date(2026, 5, 1)
    duo.save()
    duo.save()  # saving again records nothing new
    found = PairBlock.objects.filter(mentee_key=person_key(duo.mentee.person_id),
                                     mentor_key=person_key(duo.mentor.person_id))
    assert found.count() == (1 if blocked else 0)
    if blocked:
        assert found.get().reason == PairBlock.Reason.ENDED_BADLY


def test_the_guard_holds_after_both_people_are_anonymised(antenna, coordinator, django_capture_on_commit_callbacks):
    mentee = ready_mentee(antenna)
    mentor = ready_mentor(antenna)
    other = ready_mentor(antenna)
    duo = DuoFactory(antenna=antenna, mentee=mentee, mentor=mentor, status="active")
    duo.status, duo.end_reason, duo.ended_on = "ended_early", "relationship", datetime.date(2026, 5, 1)
    duo.save()
    # The duo's history goes too, as after an erasure request: only the pair block remembers.
    duo.delete()
    for person in (mentee.person, mentor.person):
        Person.objects.filter(pk=person.pk).update(first_name="—", last_name="—", email="", phone="",
                                                   date_of_birth=None)

    with django_capture_on_commit_callbacks(execute=True):
        run = services.run_start(antenna=antenna, by=coordinator)
    proposal = Proposal.objects.get(run=run, mentee=mentee)
    assert proposal.mentor_id == other.pk
    assert mentor.pk not in {e["mentor"] for e in proposal.shortlist}

    other.max_duos = 1
    other.stage = "withdrawn"
    other.save()
    services.run_close(run=run, by=coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        later = services.run_start(antenna=antenna, by=coordinator)
    alone = Proposal.objects.get(run=later, mentee=mentee)
    assert alone.status == Proposal.Status.UNMATCHED
    assert alone.funnel["blocking"] == "blocked"


def test_the_guard_follows_a_merge_of_duplicate_records(antenna, coordinator):
    from duo.intake.services import person_merge

    from .factories import PersonFactory

    duo = DuoFactory(antenna=antenna, status="active")
    duo.status, duo.end_reason, duo.ended_on = "refused", "", datetime.date(2026, 5, 1)
    duo.save()
    # The mentee applied again under a second record, and the team merges the old one into it.
    twin = PersonFactory(antenna=antenna, first_name=duo.mentee.person.first_name)
    old_person_id = duo.mentee.person_id
    person_merge(keep=twin, drop=duo.mentee.person, by=coordinator)
    assert not Person.objects.filter(pk=old_person_id).exists()
    assert PairBlock.objects.filter(mentee_key=person_key(twin.pk),
                                    mentor_key=person_key(duo.mentor.person_id)).exists()
