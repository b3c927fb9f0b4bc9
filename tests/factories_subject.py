"""A person with data in (nearly) every place Duo keeps it, for the subject-access export's tests."""

import datetime
import hashlib

from django.utils import timezone

from duo.barrier.models import Barrier
from duo.careerplan.models import Goal
from duo.followup.models import CheckIn, StaffNote
from duo.privacy.audit import record_view
from duo.privacy.context import Actor, acting_as
from duo.survey.defaults import INSTRUMENTS
from duo.survey.models import Answer, Invitation, Response, Wave
from duo.survey.services import create_published
from duo.testimony.models import Testimony

from .factories import DuoFactory, MeetingFactory, OutcomeFactory, PersonLanguageFactory
from .factories_pipeline import ApplicationFactory, ConsentFactory, InterviewFactory, StageChangeFactory
from .factories_sessions import AttendanceFactory, RegistrationFactory

# Values the tests look for in the export.
MEETING_NOTE = "Préparé l'entretien chez Colruyt, très motivée"
STAFF_NOTE = "Appelée le 3 mars : tout va bien, elle a repris confiance."
ANSWER_TEXT = "Devenir aide-comptable dans une PME à Anderlecht."
TESTIMONY_TEXT = "Mon mentor m'a ouvert des portes que je ne voyais pas."
MOTIVATION = "Je veux travailler dans la comptabilité en Belgique."
GOAL_TITLE = "Faire reconnaître mon diplôme de gestion"
BARRIER_NOTE = "Pas de garde pour les enfants le mercredi"
MENTOR_SURNAME = "Vandenberghe-Özdemir"
OTHER_NOTE = "Note de la rencontre d'un autre duo, à ne jamais exporter"


def rich_mentee(antenna, *, coordinator, language="fr"):
    """A mentee with a duo and records across the apps; returns (person, duo)."""
    duo = DuoFactory(antenna=antenna, mentee__person__first_name="Zoë", mentee__person__last_name="Benaïssa",
                     mentee__person__preferred_language=language,
                     mentee__person__nationality_background="non_eu_national",
                     mentee__person__residence_route="refugee",
                     mentor__person__first_name="Jérôme", mentor__person__last_name=MENTOR_SURNAME)
    person = duo.mentee.person
    duo.mentee.goals = ["cv", "interviews"]
    duo.mentee.save()
    PersonLanguageFactory(person=person, language="ar", level="C2")
    ApplicationFactory(person=person, motivation=MOTIVATION)
    ConsentFactory(person=person, purpose="programme", granted=True, text_version="2026-11")
    ConsentFactory(person=person, purpose="surveys", granted=True, text_version="2026-11",
                   recorded_at=timezone.now() - datetime.timedelta(days=30))
    ConsentFactory(person=person, purpose="surveys", granted=False, text_version="2027-02")
    StageChangeFactory(person=person, to_stage="ready")
    InterviewFactory(person=person, notes="Parle arabe et français, cherche un poste administratif.")
    RegistrationFactory(person=person, session__antenna=antenna)
    AttendanceFactory(person=person, session__antenna=antenna)
    MeetingFactory(duo=duo, note=MEETING_NOTE, topics=["cv", "interview"])
    StaffNote.objects.create(duo=duo, text=STAFF_NOTE)
    CheckIn.objects.create(duo=duo, kind=CheckIn._meta.get_field("kind").choices[0][0],
                           due_on=datetime.date(2026, 3, 1), note="Point à un mois.")
    Goal.objects.create(duo=duo, title=GOAL_TITLE, target_on=datetime.date(2026, 5, 1),
                        area=Goal._meta.get_field("area").choices[0][0])
    Barrier.objects.create(person=person, duo=duo, kind=Barrier._meta.get_field("kind").choices[0][0],
                           observed_on=datetime.date(2026, 2, 10), stage=Barrier._meta.get_field("stage").choices[0][0],
                           note=BARRIER_NOTE)
    OutcomeFactory(duo=duo)
    version = create_published(spec=INSTRUMENTS[0]).versions.get()
    wave = Wave.objects.create(instrument=version.instrument, opens_on=datetime.date(2026, 11, 1))
    invitation = Invitation.objects.create(
        wave=wave, version=version, person=person, duo=duo, antenna=antenna, due_on=datetime.date(2026, 11, 2),
        language=language, token_hash=hashlib.sha256(f"subject-{person.pk}".encode()).hexdigest(),
        token_sealed="secret-token-never-exported", status="completed")
    response = Response.objects.create(version=version, person=person, duo=duo, antenna=antenna, invitation=invitation,
                                       source="on_behalf", language=language, answered_on=datetime.date(2026, 11, 2))
    Answer.objects.create(response=response, question=version.questions.get(code="career_plan_words"),
                          text=ANSWER_TEXT)
    Testimony.objects.create(person=person, side="mentee", duo=duo, text=TESTIMONY_TEXT, language="fr",
                             source="staff", consent="first_name", purpose="Rapport d'expérience 2027")
    with acting_as(Actor(user_id=coordinator.pk, label=coordinator.email)):
        record_view(obj=person, fields=["nationality_background"])
    return person, duo


def another_duo_in(antenna):
    """Someone else's duo in the same antenna, with a meeting note that must never reach the export."""
    other = DuoFactory(antenna=antenna, mentee__person__last_name="Autre-Personne")
    MeetingFactory(duo=other, note=OTHER_NOTE)
    return other
