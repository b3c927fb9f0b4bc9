from django.db import models
from django.utils.translation import gettext_lazy as _


class DuoStatus(models.TextChoices):
    INTRODUCTION_PLANNED = "introduction_planned", _("Introduction planned")
    INTRODUCED = "introduced", _("Introduced")
    ACCEPTED = "accepted", _("Both accepted")
    REFUSED = "refused", _("Refused after introduction")
    AGREEMENT_SIGNED = "agreement_signed", _("Agreement signed")
    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Completed")
    ENDED_EARLY = "ended_early", _("Ended early")
    CLOSED = "closed", _("Closed")


OPEN_DUO_STATUSES = [DuoStatus.INTRODUCTION_PLANNED, DuoStatus.INTRODUCED, DuoStatus.ACCEPTED,
                     DuoStatus.AGREEMENT_SIGNED, DuoStatus.ACTIVE]


class AnswerSide(models.TextChoices):
    """Who answers after the introduction (the same values as duo.journeys.lifecycle.REFUSAL_SIDES)."""

    MENTEE = "mentee", _("Mentee")
    MENTOR = "mentor", _("Mentor")


class AnswerVia(models.TextChoices):
    LINK = "link", _("Personal link")
    STAFF = "staff", _("Told to the staff")


class EndReason(models.TextChoices):
    JOB_OR_TRAINING = "job_or_training", _("Mentee found a job or training early")
    MENTEE_UNAVAILABLE = "mentee_unavailable", _("Mentee unavailable")
    MENTOR_UNAVAILABLE = "mentor_unavailable", _("Mentor unavailable")
    RELATIONSHIP = "relationship", _("The relationship did not work")
    MOVED = "moved", _("Moved away")
    HEALTH = "health", _("Health")
    OTHER = "other", _("Other")


class OutcomeCategory(models.TextChoices):
    JOB_PERMANENT = "job_permanent", _("Job: permanent contract")
    JOB_FIXED_3M = "job_fixed_3m", _("Job: fixed-term, 3 months or more")
    JOB_SHORT = "job_short", _("Job: fixed-term under 3 months")
    JOB_TEMP_AGENCY = "job_temp_agency", _("Job: temporary agency work")
    JOB_STUDENT = "job_student", _("Job: student job")
    SELF_EMPLOYED = "self_employed", _("Self-employed")
    INTERNSHIP = "internship", _("Internship")
    TRAINING = "training", _("Qualifying training or studies")
    VOLUNTEERING = "volunteering", _("Volunteering")
    SEARCHING = "searching", _("Still searching")
    UNKNOWN = "unknown", _("Unknown")


STABLE_JOB = frozenset({OutcomeCategory.JOB_PERMANENT, OutcomeCategory.JOB_FIXED_3M})
POSITIVE_EXIT = frozenset(
    {OutcomeCategory.JOB_PERMANENT, OutcomeCategory.JOB_FIXED_3M, OutcomeCategory.JOB_SHORT,
     OutcomeCategory.JOB_TEMP_AGENCY, OutcomeCategory.JOB_STUDENT, OutcomeCategory.SELF_EMPLOYED,
     OutcomeCategory.INTERNSHIP, OutcomeCategory.TRAINING}
)

# The categories that are a job and so call for an occupation, a sector, hours and a start date.
JOB_CATEGORIES = frozenset(
    {OutcomeCategory.JOB_PERMANENT, OutcomeCategory.JOB_FIXED_3M, OutcomeCategory.JOB_SHORT,
     OutcomeCategory.JOB_TEMP_AGENCY, OutcomeCategory.JOB_STUDENT, OutcomeCategory.SELF_EMPLOYED}
)


class Sector(models.TextChoices):
    """Broad sectors of activity, coarse enough for a mentee to answer on the phone."""

    HEALTH_CARE = "health_care", _("Health and social care")
    EDUCATION = "education", _("Education")
    PUBLIC = "public", _("Public administration")
    RETAIL = "retail", _("Retail and wholesale")
    HOSPITALITY = "hospitality", _("Hotels, restaurants and catering")
    CONSTRUCTION = "construction", _("Construction")
    INDUSTRY = "industry", _("Manufacturing and industry")
    LOGISTICS = "logistics", _("Transport and logistics")
    ICT = "ict", _("Information and communication")
    FINANCE = "finance", _("Finance and insurance")
    BUSINESS = "business", _("Business services")
    CLEANING = "cleaning", _("Cleaning and facility services")
    NON_PROFIT = "non_profit", _("Non-profit and culture")
    OTHER = "other", _("Other")


class OutcomeSource(models.TextChoices):
    MENTEE_SURVEY = "mentee_survey", _("Mentee survey")
    COORDINATOR = "coordinator", _("Coordinator")
    ADMINISTRATIVE = "administrative", _("Administrative source")


class OutcomeHorizon(models.TextChoices):
    INTAKE = "intake", _("At intake")
    END = "end", _("At the end of mentoring")
    MONTHS_6 = "6m", _("6 months after the end")
    MONTHS_12 = "12m", _("12 months after the end")


class MeetingMode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    VIDEO = "video", _("Video")
    PHONE = "phone", _("Phone")


class MeetingTopic(models.TextChoices):
    CV = "cv", _("CV")
    COVER_LETTER = "cover_letter", _("Cover letter")
    INTERVIEW = "interview", _("Interview preparation")
    STRATEGY = "strategy", _("Job-search strategy")
    NETWORK = "network", _("Network")
    TRAINING = "training", _("Training orientation")
    LANGUAGE = "language", _("Language")
    ADMINISTRATIVE = "administrative", _("Administrative steps")
    DIPLOMA = "diploma", _("Diploma recognition")
    MORALE = "morale", _("Morale")
    OTHER = "other", _("Other")


class LoggedBy(models.TextChoices):
    MENTOR = "mentor", _("Mentor")
    MENTEE = "mentee", _("Mentee")
    COORDINATOR = "coordinator", _("Coordinator")
