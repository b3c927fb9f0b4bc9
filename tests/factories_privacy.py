"""A person with distinctive values in every place Duo keeps something about them, for the erasure tests."""

import datetime
import hashlib
import io

from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, PngImagePlugin

from duo.barrier.models import Barrier
from duo.careerplan.models import Goal
from duo.followup.models import CheckIn, StaffNote
from duo.publications.models import Publication, Section, Version
from duo.journeys.models import ClosingInterview, DuoTransition, IntroductionAnswer
from duo.survey.defaults import INSTRUMENTS
from duo.survey.models import Answer, Invitation, Response, Wave
from duo.survey.services import create_published
from duo.testimony.models import QuoteSet, QuoteSetItem, Testimony, Translation

from .factories import DuoFactory, MeetingFactory, OutcomeFactory, PersonLanguageFactory
from .factories_matching import DecisionFactory
from .factories_pipeline import ApplicationFactory, ConsentFactory, InterviewFactory, StageChangeFactory
from .factories_sessions import AttendanceFactory, EvaluationFactory, RegistrationFactory

FIRST, LAST = "Zyxquorn", "Qwveltyk"
EMAIL = "zyxquorn.qwveltyk@example.org"
PHONE, PHONE_DIGITS = "+32 470 91 82 73", "470918273"
# Every free text below carries MARK; the scan looks for these.
MARK = "zyxquorn"
MARKERS = (MARK, LAST.lower(), PHONE_DIGITS, "91 82 73")


def photo_upload() -> SimpleUploadedFile:
    """A real PNG (it must pass Pillow) whose file name and metadata both carry the marker."""
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", f"{MARK}-photo-metadata")
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 100, 50)).save(buffer, "PNG", pnginfo=info)
    return SimpleUploadedFile(f"{MARK}-portrait.png", buffer.getvalue(), content_type="image/png")


def person_everywhere(antenna, *, by):
    """A mentee whose (ended) duo and every record around it hold MARK; returns (person, duo)."""
    duo = DuoFactory(
        antenna=antenna, status="completed",
        mentee__person__first_name=FIRST, mentee__person__last_name=LAST, mentee__person__email=EMAIL,
        mentee__person__phone=PHONE, mentee__person__date_of_birth=datetime.date(1999, 4, 17),
        mentee__person__gender_self_described=f"{MARK}-gender", mentee__person__external_ref=f"{MARK}-ref-77",
        mentee__person__postal_code="1070", mentee__person__nationality_background="non_eu_national",
        mentee__person__origin_region="north_africa", mentee__person__residence_route="refugee",
        mentee__expectations=f"{MARK}-expectations", mentee__personality=f"{MARK}-personality",
        mentee__stage="matched")
    person = duo.mentee.person
    PersonLanguageFactory(person=person, language="ar", level="C2")
    ApplicationFactory(person=person, motivation=f"{MARK}-motivation", override_justification=f"{MARK}-override")
    ConsentFactory(person=person, purpose="programme", granted=True, text_version="2026-11")
    StageChangeFactory(person=person, to_stage="ready", note=f"{MARK}-stage-note")
    InterviewFactory(person=person, notes=f"{MARK}-interview-notes", answers={"story": f"{MARK}-interview-answer"})
    RegistrationFactory(person=person, session__antenna=antenna)
    AttendanceFactory(person=person, session__antenna=antenna)
    EvaluationFactory(person=person, session__antenna=antenna, comment=f"{MARK}-evaluation")
    MeetingFactory(duo=duo, note=f"{MARK}-meeting-note", topics=["cv"])
    StaffNote.objects.create(duo=duo, text=f"{MARK}-staff-note")
    CheckIn.objects.create(duo=duo, kind=CheckIn._meta.get_field("kind").choices[0][0],
                           due_on=datetime.date(2026, 3, 1), note=f"{MARK}-check-in")
    Goal.objects.create(duo=duo, title=f"{MARK}-goal", detail=f"{MARK}-goal-detail", target_on=datetime.date(2026, 5, 1),
                        area=Goal._meta.get_field("area").choices[0][0])
    DuoTransition.objects.create(duo=duo, from_status="active", to_status="completed", on=datetime.date(2026, 7, 20),
                                 note=f"{MARK}-transition")
    ClosingInterview.objects.create(duo=duo, held_on=datetime.date(2026, 7, 25), note=f"{MARK}-closing",
                                    reenrol_reason=f"{MARK}-reenrol")
    IntroductionAnswer.objects.create(duo=duo, side="mentee", accepted=True, answered_at=timezone.now(),
                                      via=IntroductionAnswer._meta.get_field("via").choices[0][0],
                                      note=f"{MARK}-introduction")
    Barrier.objects.create(person=person, duo=duo, kind=Barrier._meta.get_field("kind").choices[0][0],
                           observed_on=datetime.date(2026, 2, 10), stage=Barrier._meta.get_field("stage").choices[0][0],
                           note=f"{MARK}-barrier")
    OutcomeFactory(duo=duo)
    DecisionFactory(mentee=duo.mentee, mentor=duo.mentor, run__antenna=antenna, note=f"{MARK}-decision")
    version = create_published(spec=INSTRUMENTS[0]).versions.get()
    wave = Wave.objects.create(instrument=version.instrument, opens_on=datetime.date(2026, 11, 1))
    invitation = Invitation.objects.create(
        wave=wave, version=version, person=person, duo=duo, antenna=antenna, due_on=datetime.date(2026, 11, 2),
        language="fr", token_hash=hashlib.sha256(f"erasure-{person.pk}".encode()).hexdigest(),
        token_sealed=f"{MARK}-token", draft={"career_plan_words": f"{MARK}-draft"}, status="completed")
    response = Response.objects.create(version=version, person=person, duo=duo, antenna=antenna, invitation=invitation,
                                       source="on_behalf", language="fr", answered_on=datetime.date(2026, 11, 2),
                                       import_ref=f"{MARK}-import")
    Answer.objects.create(response=response, question=version.questions.get(code="career_plan_words"),
                          text=f"{MARK}-survey-answer")
    testimony = Testimony.objects.create(
        person=person, side="mentee", duo=duo, text=f"{MARK}-testimony", language="fr", source="staff",
        consent="full_name", purpose="Rapport d'expérience 2027", photo=photo_upload())
    Translation.objects.create(testimony=testimony, language="en", text=f"{MARK}-translation")
    quote_set = QuoteSet.objects.create(name="Rapport 2027")
    QuoteSetItem.objects.create(quote_set=quote_set, testimony=testimony)
    # A published version froze the quote's words with it.
    publication = Publication.objects.create(slug="rapport-2027", kind="experience_report")
    version = Version.objects.create(publication=publication, number=1, status="published",
                                     published_at=timezone.now())
    Section.objects.create(version=version, kind="quotes", testimonies=[testimony.pk], frozen={"quotes": [
        {"testimony": testimony.pk, "texts": {"fr": {"text": f"{MARK}-published-quote", "author": FIRST}}}]})
    # The admin's history names objects as they were shown then.
    LogEntry.objects.create(user=by, content_type=ContentType.objects.get_for_model(person), object_id=str(person.pk),
                            object_repr=str(person), action_flag=ADDITION, change_message="[]")
    return person, duo
