import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from encrypted_fields.fields import EncryptedCharField

from duo.core.i18n import LANGUAGE_CHOICES
from duo.privacy.audit import AuditedModel

from . import choices as c

SPECIAL_CATEGORY_FIELDS = ("nationality_background", "origin_region", "residence_route")


class Person(AuditedModel):
    """One human, one identity across every record and every year, whatever roles they take."""

    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("email address"), blank=True, db_index=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    gender = models.CharField(_("gender"), max_length=12, choices=c.Gender.choices, default=c.Gender.UNDISCLOSED)
    gender_self_described = models.CharField(_("gender, in their words"), max_length=60, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    municipality = models.ForeignKey(
        "reference.Municipality", on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("municipality")
    )
    antenna = models.ForeignKey(
        "organisation.Antenna", on_delete=models.PROTECT, related_name="people", verbose_name=_("antenna")
    )
    preferred_language = models.CharField(
        _("language for messages"), max_length=2, choices=LANGUAGE_CHOICES,
        default="fr",
    )
    # Special-category data (GDPR art. 9): encrypted at rest, optional, never a matching input.
    nationality_background = EncryptedCharField(
        _("nationality background"), max_length=40, choices=c.NationalityBackground.choices, blank=True, null=True
    )
    origin_region = EncryptedCharField(_("region of birth"), max_length=40, choices=c.OriginRegion.choices, blank=True, null=True)
    residence_route = EncryptedCharField(
        _("residence-permit route"), max_length=40, choices=c.ResidenceRoute.choices, blank=True, null=True
    )
    # The identifier the organisation used for this person before Duo (its spreadsheets):
    # re-importing the same file finds the person again instead of creating a twin.
    external_ref = models.CharField(_("reference in earlier records"), max_length=60, blank=True, db_index=True)
    # Digits only, for duplicate detection across "+32 470 12 34 56" and "0470/123456".
    phone_digits = models.CharField(max_length=30, blank=True, db_index=True, editable=False)
    # Part of every personal link signed with the person's id (their Duo page, their testimonies): raising it
    # switches off every link already sent at once (duo.people.links).
    link_generation = models.PositiveIntegerField(_("personal links generation"), default=0, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [
            models.Index(fields=["antenna", "last_name", "first_name"]),
            models.Index(fields=["last_name", "first_name"]),
            models.Index(fields=["date_of_birth", "last_name"]),
            # Counts per stage join people by antenna: with the id in the index PostgreSQL reads no table rows.
            models.Index(fields=["antenna", "id"]),
        ]

    def __str__(self):
        if not self.first_name and not self.last_name:
            # Names are wiped by duo.privacy.erasure: the id stays, so staff pages still have something to show.
            return gettext("Erased person #%(id)s") % {"id": self.pk}
        return f"{self.first_name} {self.last_name}"

    def save(self, *args, **kwargs):
        self.phone_digits = phone_digits(self.phone)
        super().save(*args, **kwargs)

    @property
    def full_name(self) -> str:
        return str(self)

    def age_on(self, day: datetime.date) -> int | None:
        if not self.date_of_birth:
            return None
        dob = self.date_of_birth
        return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))

    @property
    def age(self) -> int | None:
        return self.age_on(timezone.localdate())


def phone_digits(phone: str) -> str:
    """The national number, digits only: "+32 470 12 34 56", "0032 470..." and "0470/12.34.56" agree."""
    raw = (phone or "").strip()
    digits = "".join(ch for ch in raw if ch.isdigit())
    if raw.startswith("+"):
        digits = digits[2:]  # Belgian and French country codes are both two digits
    elif digits.startswith("00"):
        digits = digits[4:]
    return digits.lstrip("0")


class PersonLanguage(AuditedModel):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="languages", verbose_name=_("person"))
    language = models.CharField(_("language"), max_length=5, choices=c.Language.choices)
    level = models.CharField(_("level"), max_length=6, choices=c.LanguageLevel.choices)

    class Meta:
        ordering = ["person", "language"]
        constraints = [models.UniqueConstraint(fields=["person", "language"], name="unique_person_language")]
        verbose_name = _("language")
        verbose_name_plural = _("languages")

    def __str__(self):
        return f"{self.get_language_display()} ({self.level})"


def validate_availability(value):
    slots = {f"{d}_{p}" for d in c.Weekday.values for p in ("am", "pm", "eve")}
    if not isinstance(value, list) or any(v not in slots for v in value):
        raise ValidationError(_("Availability is a list of slots such as mon_am, tue_pm or sat_eve."))


class MenteeProfile(AuditedModel):
    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="mentee", verbose_name=_("person"))
    stage = models.CharField(_("stage"), max_length=20, choices=c.MenteeStage.choices, default=c.MenteeStage.APPLIED)
    applied_on = models.DateField(_("applied on"), default=timezone.localdate)
    ready_on = models.DateField(_("ready for matching on"), null=True, blank=True)
    education_level = models.CharField(_("education level"), max_length=20, choices=c.EducationLevel.choices, blank=True)
    diploma_recognition = models.CharField(
        _("foreign diploma"), max_length=20, choices=c.DiplomaRecognition.choices, blank=True
    )
    target_occupation = models.ForeignKey(
        "reference.Occupation", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("target occupation"),
    )
    no_precise_plan = models.BooleanField(_("no precise plan yet"), default=False)
    employment_service = models.CharField(
        _("public employment service"), max_length=20, choices=c.EmploymentService.choices, blank=True
    )
    unemployment_duration = models.CharField(
        _("time without work"), max_length=10, choices=c.UnemploymentDuration.choices, blank=True
    )
    availability = models.JSONField(_("availability"), default=list, blank=True, validators=[validate_availability])
    expectations = models.TextField(_("expectations"), blank=True)
    goals = models.JSONField(_("wants help with"), default=list, blank=True)
    interests = models.JSONField(_("interests"), default=list, blank=True)
    working_style = models.JSONField(_("working style"), default=list, blank=True)
    personality = models.TextField(_("personality"), blank=True)
    preferred_mentor_gender = models.CharField(
        _("preferred mentor gender"), max_length=12, blank=True,
        choices=[(c.Gender.FEMALE, _("A woman")), (c.Gender.MALE, _("A man"))],
    )
    preference_required = models.BooleanField(
        _("the preference is a condition"), default=False,
        help_text=_("If ticked, matching never proposes a mentor who does not meet it."),
    )
    stage_reason = models.CharField(_("reason"), max_length=20, choices=c.StageReason.choices, blank=True)
    stage_changed_on = models.DateField(_("stage since"), default=timezone.localdate)

    class Meta:
        verbose_name = _("mentee")
        verbose_name_plural = _("mentees")
        # The staff home lists those ready longest first: the order is in the index.
        indexes = [models.Index(fields=["stage", "ready_on", "applied_on", "id"])]

    def __str__(self):
        return str(self.person)

    @property
    def days_waiting(self) -> int:
        """Days since the mentee became ready for matching (or applied, if no date was recorded)."""
        return (timezone.localdate() - (self.ready_on or self.applied_on)).days

    def clean(self):
        if self.target_occupation_id and self.no_precise_plan:
            raise ValidationError(
                {"no_precise_plan": _("Choose a target occupation or 'no precise plan yet', not both.")}
            )


class MentorProfile(AuditedModel):
    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="mentor", verbose_name=_("person"))
    stage = models.CharField(_("stage"), max_length=20, choices=c.MentorStage.choices, default=c.MentorStage.APPLIED)
    applied_on = models.DateField(_("applied on"), default=timezone.localdate)
    career_occupation = models.ForeignKey(
        "reference.Occupation", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("career occupation"),
    )
    status = models.CharField(_("retired or working"), max_length=10, choices=c.MentorStatus.choices, blank=True)
    max_duos = models.PositiveSmallIntegerField(
        _("duos at once"), default=1, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    training_completed_on = models.DateField(_("training completed on"), null=True, blank=True)
    availability = models.JSONField(_("availability"), default=list, blank=True, validators=[validate_availability])
    strengths = models.TextField(_("strengths"), blank=True)
    strength_areas = models.JSONField(_("can help with"), default=list, blank=True)
    interests = models.JSONField(_("interests"), default=list, blank=True)
    working_style = models.JSONField(_("working style"), default=list, blank=True)
    personality = models.TextField(_("personality"), blank=True)
    expectations = models.TextField(_("expectations"), blank=True)
    stage_reason = models.CharField(_("reason"), max_length=20, choices=c.StageReason.choices, blank=True)
    stage_changed_on = models.DateField(_("stage since"), default=timezone.localdate)

    class Meta:
        verbose_name = _("mentor")
        verbose_name_plural = _("mentors")
        indexes = [models.Index(fields=["stage"])]

    def __str__(self):
        return str(self.person)


class ConsentRecord(models.Model):
    """One decision by one person about one purpose, with the exact text they saw.

    Append-only: a change of mind is a new record, so the history of consent is never lost.
    The person's current position on a purpose is their latest record for it.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents", verbose_name=_("person"))
    purpose = models.CharField(_("purpose"), max_length=20, choices=c.ConsentPurpose.choices)
    granted = models.BooleanField(_("granted"))
    text_version = models.CharField(_("text version"), max_length=20)
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGE_CHOICES)
    channel = models.CharField(_("recorded through"), max_length=12, choices=c.Channel.choices)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        ordering = ["person", "purpose", "-recorded_at", "-id"]
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")
        indexes = [models.Index(fields=["person", "purpose", "-recorded_at"])]

    def __str__(self):
        return f"{self.get_purpose_display()}: {self.granted}"


def encrypted_paths(*prefixes: str) -> list[str]:
    """The Person's encrypted (special-category) fields under each relation path, for `.defer()`: lists of
    duos never show them, and decrypting thousands of them made the "This week" page slow."""
    names = [f.name for f in Person._meta.fields if isinstance(f, EncryptedCharField)]
    return [f"{prefix}__{name}" for prefix in prefixes for name in names]
