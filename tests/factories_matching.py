"""People ready for a matching meeting, with what matching reads: languages, availability, places."""

import datetime

import factory
from factory.django import DjangoModelFactory

from duo.matching.models import Decision, MatchingRun, PairBlock, Proposal
from duo.reference.models import Place

from .factories import MenteeFactory, MentorFactory, PersonLanguageFactory

WEEKDAYS = ["mon_am", "tue_am", "wed_pm", "thu_pm", "fri_am"]


class PlaceFactory(DjangoModelFactory):
    class Meta:
        model = Place
        django_get_or_create = ("postal_code", "name")

    postal_code = "1000"
    name = "Bruxelles"
    latitude = 50.8467
    longitude = 4.3525


def brussels_places():
    """Three Brussels postal codes a few km apart, and Liège (about 90 km away)."""
    PlaceFactory(postal_code="1000", name="Bruxelles", latitude=50.8467, longitude=4.3525)
    PlaceFactory(postal_code="1080", name="Molenbeek-Saint-Jean", latitude=50.8549, longitude=4.3220)
    PlaceFactory(postal_code="1030", name="Schaerbeek", latitude=50.8676, longitude=4.3737)
    PlaceFactory(postal_code="4000", name="Liège", latitude=50.6326, longitude=5.5797)


def speaks(person, **levels):
    for language, level in levels.items():
        PersonLanguageFactory(person=person, language=language, level=level)
    return person


def ready_mentee(antenna, *, languages=None, availability=None, ready_days=30, **kwargs):
    """A mentee ready for matching; `person__x=` sets the person's fields, other keywords the profile's."""
    fields = {"stage": "ready", "ready_on": datetime.date.today() - datetime.timedelta(days=ready_days),
              "availability": WEEKDAYS if availability is None else availability, **kwargs}
    mentee = MenteeFactory(person__antenna=antenna, **fields)
    speaks(mentee.person, **(languages or {"fr": "B2"}))
    return mentee


def ready_mentor(antenna, *, languages=None, availability=None, **kwargs):
    fields = {"stage": "ready", "availability": WEEKDAYS if availability is None else availability, **kwargs}
    mentor = MentorFactory(person__antenna=antenna, **fields)
    speaks(mentor.person, **(languages or {"fr": "native"}))
    return mentor


class RunFactory(DjangoModelFactory):
    class Meta:
        model = MatchingRun

    state = MatchingRun.State.READY


class ProposalFactory(DjangoModelFactory):
    class Meta:
        model = Proposal

    run = factory.SubFactory(RunFactory)
    status = Proposal.Status.PROPOSED
    score = 50.0


class DecisionFactory(DjangoModelFactory):
    class Meta:
        model = Decision

    run = factory.SubFactory(RunFactory)
    action = Decision.Action.REJECT
    reason = Decision.RejectReason.PROFILE


class PairBlockFactory(DjangoModelFactory):
    class Meta:
        model = PairBlock

    reason = PairBlock.Reason.CONFLICT
