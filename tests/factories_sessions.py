"""Factories for information sessions and mentor training (area: sessions & training)."""

import datetime
import importlib

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from duo.infosession.models import InfoSession, Registration
from duo.training.models import Attendance, Evaluation, TrainingModule, TrainingSession

from .factories import AntennaFactory, PersonFactory

_DEFAULTS = importlib.import_module("duo.training.migrations.0002_default_modules")


def default_modules():
    """The eight modules of the data migration (transactional tests flush them: create them again)."""
    _DEFAULTS.create_modules(_AppsShim(), None)
    return list(TrainingModule.objects.filter(code__in=[code for code, _ in _DEFAULTS.MODULES]).order_by("order"))


class _AppsShim:
    @staticmethod
    def get_model(app_label, model_name):
        assert (app_label, model_name) == ("training", "TrainingModule")
        return TrainingModule


def in_days(days, hour=18, minute=30):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


class InfoSessionFactory(DjangoModelFactory):
    class Meta:
        model = InfoSession

    antenna = factory.SubFactory(AntennaFactory)
    starts_at = factory.LazyFunction(lambda: in_days(7))
    mode = "in_person"
    place = "Salle 2"
    address = "Rue de la Loi 16, 1000 Bruxelles"
    language = "fr"
    capacity = 10
    audience = "both"


class RegistrationFactory(DjangoModelFactory):
    class Meta:
        model = Registration

    session = factory.SubFactory(InfoSessionFactory)
    person = factory.SubFactory(PersonFactory, antenna=factory.SelfAttribute("..session.antenna"))
    channel = "staff"


class TrainingModuleFactory(DjangoModelFactory):
    class Meta:
        model = TrainingModule
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"module-{n}")
    title_fr = factory.Sequence(lambda n: f"Module {n} (fr)")
    title_nl = factory.Sequence(lambda n: f"Module {n} (nl)")
    title_en = factory.Sequence(lambda n: f"Module {n} (en)")
    order = factory.Sequence(lambda n: 100 + n)


class TrainingSessionFactory(DjangoModelFactory):
    class Meta:
        model = TrainingSession

    module = factory.LazyFunction(lambda: default_modules()[0])
    antenna = factory.SubFactory(AntennaFactory)
    starts_at = factory.LazyFunction(lambda: in_days(10, hour=14))
    duration_minutes = 180
    mode = "in_person"
    place = "Salle 3"
    address = "Rue Haute 1, 1000 Bruxelles"
    language = "fr"
    capacity = 12


class AttendanceFactory(DjangoModelFactory):
    class Meta:
        model = Attendance

    session = factory.SubFactory(TrainingSessionFactory)
    person = factory.SubFactory(PersonFactory, antenna=factory.SelfAttribute("..session.antenna"))
    channel = "staff"


class EvaluationFactory(DjangoModelFactory):
    class Meta:
        model = Evaluation

    session = factory.SubFactory(TrainingSessionFactory)
    person = factory.SubFactory(PersonFactory)
    usefulness = 4
    clarity = 5


# --- helpers shared by the sessions tests ------------------------------------------------------------

def url(name, lang="en", **kwargs):
    from django.urls import reverse
    from django.utils import translation

    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


def ics_event(content):
    """The one VEVENT of an .ics file (bytes or str), and the calendar around it."""
    import icalendar

    cal = icalendar.Calendar.from_ical(content)
    (event,) = cal.walk("VEVENT")
    return event, cal


def ics_attachment(message):
    (attachment,) = [a for a in message.attachments if a[2] == "text/calendar"]
    return attachment[0], attachment[1]


def form_datetime(dt):
    """What a datetime-local input sends, in Brussels time."""
    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")
