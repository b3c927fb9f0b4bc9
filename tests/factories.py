import datetime

import factory
from factory.django import DjangoModelFactory

from duo.accounts.models import User
from duo.accounts.roles import Role
from duo.journeys.models import Duo, Meeting, Outcome
from duo.organisation.models import Antenna, Region
from duo.people.models import MenteeProfile, MentorProfile, Person, PersonLanguage

PASSWORD = "correct horse battery staple"


class RegionFactory(DjangoModelFactory):
    """The regions come from a data migration; transactional tests flush them, so get or create."""

    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = "brussels"
    name_fr = "Région de Bruxelles-Capitale"
    name_nl = "Brussels Hoofdstedelijk Gewest"
    name_en = "Brussels-Capital Region"


class AntennaFactory(DjangoModelFactory):
    class Meta:
        model = Antenna
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"antenna-{n}")
    name = factory.Sequence(lambda n: f"Antenna {n}")
    region = factory.SubFactory(RegionFactory)
    city = "Bruxelles"
    postal_code = "1000"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"staff{n}@duo.test")
    full_name = factory.Sequence(lambda n: f"Staff Member {n}")
    role = Role.COORDINATOR
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def antennas(self, create, extracted, **kwargs):
        if extracted:
            self.antennas.set(extracted)
        self.save()


class PersonFactory(DjangoModelFactory):
    class Meta:
        model = Person

    first_name = factory.Sequence(lambda n: f"Amina{n}")
    last_name = factory.Sequence(lambda n: f"Benali{n}")
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    date_of_birth = datetime.date(1999, 4, 12)
    gender = "female"
    postal_code = "1080"
    antenna = factory.SubFactory(AntennaFactory)


class PersonLanguageFactory(DjangoModelFactory):
    class Meta:
        model = PersonLanguage

    person = factory.SubFactory(PersonFactory)
    language = "fr"
    level = "B2"


class MenteeFactory(DjangoModelFactory):
    class Meta:
        model = MenteeProfile

    person = factory.SubFactory(PersonFactory)
    stage = "ready"
    education_level = "bachelor"
    diploma_recognition = "not_recognised"


class MentorFactory(DjangoModelFactory):
    class Meta:
        model = MentorProfile

    person = factory.SubFactory(
        PersonFactory, first_name=factory.Sequence(lambda n: f"Jean{n}"), date_of_birth=datetime.date(1958, 2, 3)
    )
    stage = "ready"
    status = "retired"


class DuoFactory(DjangoModelFactory):
    class Meta:
        model = Duo

    antenna = factory.SubFactory(AntennaFactory)
    mentor = factory.SubFactory(MentorFactory, person__antenna=factory.SelfAttribute("...antenna"))
    mentee = factory.SubFactory(MenteeFactory, person__antenna=factory.SelfAttribute("...antenna"))
    status = "active"
    matched_on = datetime.date(2026, 1, 10)
    started_on = datetime.date(2026, 1, 20)
    planned_end_on = datetime.date(2026, 7, 20)


class OutcomeFactory(DjangoModelFactory):
    class Meta:
        model = Outcome

    duo = factory.SubFactory(DuoFactory)
    category = "job_permanent"
    horizon = "12m"
    observed_on = datetime.date(2026, 9, 1)
    source = "coordinator"


class MeetingFactory(DjangoModelFactory):
    class Meta:
        model = Meeting

    duo = factory.SubFactory(DuoFactory)
    held_on = datetime.date(2026, 2, 1)
    duration_minutes = 120
