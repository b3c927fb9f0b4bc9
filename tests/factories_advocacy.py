"""Factories for advocacy: stakeholders, contacts and their positions, recommendations, interactions, campaigns."""

import datetime

import factory
from factory.django import DjangoModelFactory

from duo.advocacy.models import (
    Campaign, Contact, Interaction, InteractionKind, Level, Position, Recommendation, RecommendationVersion,
    Stakeholder, StakeholderKind, Target,
)
from duo.testimony.models import Area


class StakeholderFactory(DjangoModelFactory):
    class Meta:
        model = Stakeholder

    name = factory.Sequence(lambda n: f"Cabinet of the Minister {n}")
    kind = StakeholderKind.POLITICAL
    level = Level.REGIONAL


class ContactFactory(DjangoModelFactory):
    class Meta:
        model = Contact

    first_name = factory.Sequence(lambda n: f"Alex{n}")
    last_name = factory.Sequence(lambda n: f"Contact{n}")
    email = factory.Sequence(lambda n: f"contact{n}@gov.test")


class PositionFactory(DjangoModelFactory):
    class Meta:
        model = Position

    contact = factory.SubFactory(ContactFactory)
    stakeholder = factory.SubFactory(StakeholderFactory)
    role = "Adviser"
    started_on = datetime.date(2024, 7, 1)


class RecommendationFactory(DjangoModelFactory):
    """A recommendation with its first wording in three languages."""

    class Meta:
        model = Recommendation
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"rec-{n}")
    area = Area.EQUAL_OPPORTUNITIES
    level = Level.REGIONAL

    @factory.post_generation
    def wording(self, create, extracted, **kwargs):
        if create:
            n = self.code
            RecommendationVersion.objects.create(
                recommendation=self, number=1, title_fr=f"Recommandation {n}", title_nl=f"Aanbeveling {n}",
                title_en=f"Recommendation {n}", text_fr=f"Texte {n}", text_nl=f"Tekst {n}", text_en=f"Text {n}")


class TargetFactory(DjangoModelFactory):
    class Meta:
        model = Target

    recommendation = factory.SubFactory(RecommendationFactory)
    stakeholder = factory.SubFactory(StakeholderFactory)


class InteractionFactory(DjangoModelFactory):
    """A bare interaction; to move targets along, record one through duo.advocacy.services.interaction_save."""

    class Meta:
        model = Interaction

    kind = InteractionKind.MEETING
    on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=3))
    subject = factory.Sequence(lambda n: f"Meeting {n}")


class CampaignFactory(DjangoModelFactory):
    class Meta:
        model = Campaign

    name = factory.Sequence(lambda n: f"Campaign {n}")
    slug = factory.Sequence(lambda n: f"campaign-{n}")
    starts_on = datetime.date(2026, 1, 1)
    ends_on = datetime.date(2026, 12, 31)
