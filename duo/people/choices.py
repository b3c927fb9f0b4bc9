from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

PREFER_NOT_TO_SAY = "undisclosed"


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")
    UNDISCLOSED = PREFER_NOT_TO_SAY, _("Prefer not to say")


class Language(models.TextChoices):
    FR = "fr", _("French")
    NL = "nl", _("Dutch")
    EN = "en", _("English")
    DE = "de", _("German")
    AR = "ar", _("Arabic")
    ES = "es", _("Spanish")
    PT = "pt", _("Portuguese")
    TR = "tr", _("Turkish")
    RU = "ru", _("Russian")
    OTHER = "other", _("Other language")


class LanguageLevel(models.TextChoices):
    A1 = "A1", _("A1 beginner")
    A2 = "A2", _("A2 elementary")
    B1 = "B1", _("B1 intermediate")
    B2 = "B2", _("B2 upper intermediate")
    C1 = "C1", _("C1 advanced")
    C2 = "C2", _("C2 proficient")
    NATIVE = "native", _("Native")


WORKING_LEVELS = (LanguageLevel.B1, LanguageLevel.B2, LanguageLevel.C1, LanguageLevel.C2, LanguageLevel.NATIVE)


class EducationLevel(models.TextChoices):
    NONE = "none", _("No formal education")
    PRIMARY = "primary", _("Primary")
    LOWER_SECONDARY = "lower_secondary", _("Lower secondary")
    UPPER_SECONDARY = "upper_secondary", _("Upper secondary")
    SHORT_HIGHER = "short_higher", _("Short higher education")
    BACHELOR = "bachelor", _("Bachelor or equivalent")
    MASTER = "master", _("Master or doctorate")


class DiplomaRecognition(models.TextChoices):
    RECOGNISED = "recognised", _("Foreign diploma recognised")
    PENDING = "pending", _("Recognition in progress")
    NOT_RECOGNISED = "not_recognised", _("Foreign diploma not recognised")
    NOT_APPLICABLE = "not_applicable", _("Diploma obtained here, or none")


class EmploymentService(models.TextChoices):
    ACTIRIS = "actiris", "Actiris"
    FOREM = "forem", "Le Forem"
    VDAB = "vdab", "VDAB"
    ADG = "adg", "ADG"
    FRANCE_TRAVAIL = "france_travail", "France Travail"
    NONE = "none", _("Not registered")


class UnemploymentDuration(models.TextChoices):
    UNDER_6M = "lt6m", _("Less than 6 months")
    UNDER_12M = "6to12m", _("6 to 12 months")
    UNDER_24M = "12to24m", _("1 to 2 years")
    OVER_24M = "gt24m", _("More than 2 years")
    NEVER_WORKED = "never", _("Never worked")


class MenteeStage(models.TextChoices):
    APPLIED = "applied", _("Applied")
    CONTACTED = "contacted", _("Contacted")
    INFO_SESSION = "info_session", _("Info session attended")
    INTAKE_DONE = "intake_done", _("Intake interview done")
    READY = "ready", _("Ready for matching")
    MATCHED = "matched", _("Matched")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    NOT_ELIGIBLE = "not_eligible", _("Not eligible")
    NO_RESPONSE = "no_response", _("No response")


class MentorStage(models.TextChoices):
    APPLIED = "applied", _("Applied")
    CONTACTED = "contacted", _("Contacted")
    INFO_SESSION = "info_session", _("Info session attended")
    INTAKE_DONE = "intake_done", _("Intake interview done")
    TRAINING_DONE = "training_done", _("Training completed")
    READY = "ready", _("Ready for matching")
    MATCHED = "matched", _("Matched")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    NOT_ELIGIBLE = "not_eligible", _("Not eligible")
    NO_RESPONSE = "no_response", _("No response")


# Stages in pipeline order, for the staff home's funnel.
OPEN_MENTEE_STAGES = [MenteeStage.APPLIED, MenteeStage.CONTACTED, MenteeStage.INFO_SESSION,
                      MenteeStage.INTAKE_DONE, MenteeStage.READY]
OPEN_MENTOR_STAGES = [MentorStage.APPLIED, MentorStage.CONTACTED, MentorStage.INFO_SESSION,
                      MentorStage.INTAKE_DONE, MentorStage.TRAINING_DONE, MentorStage.READY]


class MentorStatus(models.TextChoices):
    RETIRED = "retired", _("Retired")
    WORKING = "working", _("Working")
    OTHER = "other", _("Other")


class NationalityBackground(models.TextChoices):
    """Special category (origin). Encrypted at rest; never a matching input."""

    NON_EU_NATIONAL = "non_eu_national", _("National of a non-EU country")
    NATURALISED = "naturalised", _("Naturalised, born outside the EU")
    PARENT_OUTSIDE_EU = "parent_outside_eu", _("A parent born outside the EU")
    GRANDPARENT_OUTSIDE_EU = "grandparent_outside_eu", _("A grandparent born outside the EU")
    EU_BACKGROUND = "eu_background", _("EU background only")
    UNDISCLOSED = PREFER_NOT_TO_SAY, _("Prefer not to say")


class OriginRegion(models.TextChoices):
    """Special category (origin): the world region of birth."""

    BELGIUM_FRANCE = "here", _("Born in Belgium or France")
    NORTH_AFRICA = "north_africa", _("North Africa")
    SUB_SAHARAN_AFRICA = "sub_saharan_africa", _("Sub-Saharan Africa")
    MIDDLE_EAST = "middle_east", _("Middle East")
    ASIA = "asia", _("Asia")
    LATIN_AMERICA = "latin_america", _("Latin America and Caribbean")
    EUROPE_NON_EU = "europe_non_eu", _("Europe outside the EU")
    EU = "eu", _("Another EU country")
    UNDISCLOSED = PREFER_NOT_TO_SAY, _("Prefer not to say")


class ResidenceRoute(models.TextChoices):
    """Special category (residence-permit route). Encrypted at rest."""

    FAMILY_REUNIFICATION = "family", _("Family reunification")
    REFUGEE = "refugee", _("Refugee status")
    SUBSIDIARY_PROTECTION = "subsidiary", _("Subsidiary protection")
    WORK = "work", _("Work permit")
    STUDY = "study", _("Studies")
    REGULARISATION = "regularisation", _("Regularisation")
    CITIZEN = "citizen", _("Belgian, French or EU citizen")
    OTHER = "other", _("Other")
    UNDISCLOSED = PREFER_NOT_TO_SAY, _("Prefer not to say")


class Weekday(models.TextChoices):
    # A context of their own: the plain msgids are Django's, used lower-case inside formatted dates.
    MON = "mon", pgettext_lazy("availability", "Monday")
    TUE = "tue", pgettext_lazy("availability", "Tuesday")
    WED = "wed", pgettext_lazy("availability", "Wednesday")
    THU = "thu", pgettext_lazy("availability", "Thursday")
    FRI = "fri", pgettext_lazy("availability", "Friday")
    SAT = "sat", pgettext_lazy("availability", "Saturday")
    SUN = "sun", pgettext_lazy("availability", "Sunday")


class ConsentPurpose(models.TextChoices):
    PROGRAMME = "programme", _("Running the mentoring programme")
    SPECIAL_CATEGORY = "special_category", _("Sensitive data about origin and residence")
    SURVEYS = "surveys", _("Surveys and follow-up contact")
    RESEARCH = "research", _("Pseudonymised research")
    TESTIMONY = "testimony", _("Publishing testimonies")


class Channel(models.TextChoices):
    """How a record reached Duo."""

    WEB = "web", _("Public form")
    STAFF = "staff", _("Entered by staff")
    IMPORT = "import", _("Spreadsheet import")
    API = "api", _("API")


class StageReason(models.TextChoices):
    """Why someone left the pipeline (withdrawn, not eligible, no response)."""

    FOUND_JOB = "found_job", _("Found a job or training")
    NOT_INTERESTED = "not_interested", _("No longer interested")
    NO_TIME = "no_time", _("No time or availability")
    MOVED = "moved", _("Moved away")
    HEALTH = "health", _("Health or personal circumstances")
    AGE = "age", _("Outside the age range")
    RESIDENCE = "residence", _("Lives outside the area")
    LANGUAGE = "language", _("No shared working language")
    RIGHT_TO_WORK = "right_to_work", _("No right to work")
    PROFILE = "profile", _("Outside the programme's target group")
    UNREACHABLE = "unreachable", _("Could not be reached")
    DUPLICATE = "duplicate", _("Duplicate application")
    OTHER = "other", _("Other")


class Interest(models.TextChoices):
    """Deep-level similarity predicts relationship quality: shared interests are a matching input."""

    SPORT = "sport", _("Sport")
    CULTURE = "culture", _("Culture and arts")
    READING = "reading", _("Reading")
    MUSIC = "music", _("Music")
    COOKING = "cooking", _("Cooking")
    TECHNOLOGY = "technology", _("Technology")
    NATURE = "nature", _("Nature and outdoors")
    TRAVEL = "travel", _("Travel")
    VOLUNTEERING = "volunteering", _("Volunteering and community")
    ENTREPRENEURSHIP = "entrepreneurship", _("Entrepreneurship")


class WorkingStyle(models.TextChoices):
    STRUCTURED = "structured", _("Structured, likes a plan")
    FLEXIBLE = "flexible", _("Flexible, goes with the flow")
    DIRECT = "direct", _("Direct feedback")
    GENTLE = "gentle", _("Gentle encouragement")
    HANDS_ON = "hands_on", _("Hands-on, learns by doing")
    REFLECTIVE = "reflective", _("Reflective, talks things through")


class SupportArea(models.TextChoices):
    """What a mentee wants help with, and what a mentor is good at: matched against each other."""

    CV = "cv", _("CV and cover letter")
    INTERVIEWS = "interviews", _("Job interviews")
    NETWORK = "network", _("Professional network")
    ORIENTATION = "orientation", _("Career orientation")
    ENTREPRENEURSHIP = "entrepreneurship", _("Starting a business")
    LANGUAGE = "language", _("Language practice")
