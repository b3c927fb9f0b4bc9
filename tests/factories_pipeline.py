"""Factories for the intake pipeline's records (applications, consents, the pipeline's history)."""

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from duo.intake.models import Application, IntakeInterview, StageChange
from duo.people.models import ConsentRecord

from .factories import PersonFactory


class ApplicationFactory(DjangoModelFactory):
    class Meta:
        model = Application

    person = factory.SubFactory(PersonFactory)
    kind = "mentee"
    right_to_work = "yes"
    verdict = "eligible"
    reasons = factory.LazyFunction(lambda: [{"code": "age", "outcome": "pass",
                                             "params": {"min": 18, "max": 33, "age": 26}}])


class ConsentFactory(DjangoModelFactory):
    class Meta:
        model = ConsentRecord

    person = factory.SubFactory(PersonFactory)
    purpose = "programme"
    granted = True
    text_version = "2026-11"
    language = "fr"
    channel = "web"


class StageChangeFactory(DjangoModelFactory):
    class Meta:
        model = StageChange

    person = factory.SubFactory(PersonFactory)
    kind = "mentee"
    from_stage = ""
    to_stage = "applied"
    at = factory.LazyFunction(timezone.now)


class InterviewFactory(DjangoModelFactory):
    class Meta:
        model = IntakeInterview

    person = factory.SubFactory(PersonFactory)
    kind = "mentee"
    notes = "Motivated, wants to work in logistics."
