from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from duo.core.i18n import LANGUAGE_CHOICES
from duo.privacy.audit import AuditedModel

from . import choices as c


class Duo(AuditedModel):
    mentor = models.ForeignKey(
        "people.MentorProfile", on_delete=models.PROTECT, related_name="duos", verbose_name=_("mentor")
    )
    mentee = models.ForeignKey(
        "people.MenteeProfile", on_delete=models.PROTECT, related_name="duos", verbose_name=_("mentee")
    )
    antenna = models.ForeignKey(
        "organisation.Antenna", on_delete=models.PROTECT, related_name="duos", verbose_name=_("antenna")
    )
    status = models.CharField(
        _("status"), max_length=24, choices=c.DuoStatus.choices, default=c.DuoStatus.INTRODUCTION_PLANNED
    )
    language = models.CharField(
        _("duo language"), max_length=2, choices=LANGUAGE_CHOICES,
        default="fr",
    )
    matched_on = models.DateField(_("matched on"), default=timezone.localdate)
    started_on = models.DateField(_("started on"), null=True, blank=True)
    planned_end_on = models.DateField(_("planned end"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.CharField(_("reason for ending early"), max_length=24, choices=c.EndReason.choices, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["-matched_on", "-id"]
        verbose_name = _("duo")
        verbose_name_plural = _("duos")
        indexes = [
            models.Index(fields=["antenna", "status"]),
            models.Index(fields=["status", "planned_end_on"]),
            # The duo lists show the newest matches first, for one antenna or for all.
            models.Index(fields=["antenna", "-matched_on", "-id"]),
            models.Index(fields=["-matched_on", "-id"]),
        ]

    def __str__(self):
        return f"{self.mentor} & {self.mentee}"

    def clean(self):
        if self.started_on and self.planned_end_on and self.planned_end_on < self.started_on:
            raise ValidationError({"planned_end_on": _("The planned end comes before the start.")})
        if self.ended_on and self.started_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": _("The end comes before the start.")})


class Outcome(AuditedModel):
    """What became of a mentee, as reported by someone, at a horizon after the duo."""

    duo = models.ForeignKey(Duo, on_delete=models.CASCADE, related_name="outcomes", verbose_name=_("duo"))
    category = models.CharField(_("outcome"), max_length=20, choices=c.OutcomeCategory.choices)
    horizon = models.CharField(_("horizon"), max_length=8, choices=c.OutcomeHorizon.choices)
    observed_on = models.DateField(_("observed on"))
    source = models.CharField(_("reported by"), max_length=20, choices=c.OutcomeSource.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)
    # The job, for a job category only (see clean()).
    occupation = models.ForeignKey(
        "reference.Occupation", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("occupation (ISCO)"),
    )
    sector = models.CharField(_("sector"), max_length=20, choices=c.Sector.choices, blank=True)
    hours_per_week = models.PositiveSmallIntegerField(
        _("hours per week"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    job_started_on = models.DateField(_("job start date"), null=True, blank=True)

    JOB_FIELDS = ("occupation", "sector", "hours_per_week", "job_started_on")

    class Meta:
        ordering = ["duo", "observed_on"]
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")

    def __str__(self):
        return f"{self.get_category_display()} ({self.get_horizon_display()})"

    def clean(self):
        # Job details are what the advocacy figures count: required for a job, and refused otherwise so
        # that a category corrected from a job to "searching" does not keep a stale occupation.
        errors = {}
        is_job = self.category in c.JOB_CATEGORIES
        # A mentee's follow-up survey says "a job" without an ISCO code or a sector (and may skip hours and
        # start): it is kept, and the duo page flags it for the coordinator to complete.
        from_survey = self.source == c.OutcomeSource.MENTEE_SURVEY
        for name in self.JOB_FIELDS:
            value = getattr(self, f"{name}_id" if name == "occupation" else name)
            empty = value in (None, "")
            if is_job and empty and not from_survey:
                errors[name] = _("Required for a job.")
            elif not is_job and not empty:
                errors[name] = _("Only for a job; leave this empty.")
        if is_job and self.job_started_on and self.observed_on and self.job_started_on > self.observed_on:
            errors["job_started_on"] = _("The job cannot start after the date the outcome was observed.")
        if errors:
            raise ValidationError(errors)

    @property
    def details_to_complete(self) -> bool:
        """A job reported by survey whose details (occupation, sector, hours, start) are still missing."""
        return self.category in c.JOB_CATEGORIES and any(
            getattr(self, f"{n}_id" if n == "occupation" else n) in (None, "") for n in self.JOB_FIELDS)

    @property
    def is_stable_job(self) -> bool:
        return self.category in c.STABLE_JOB

    @property
    def is_positive_exit(self) -> bool:
        return self.category in c.POSITIVE_EXIT


class Meeting(AuditedModel):
    duo = models.ForeignKey(Duo, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("duo"))
    held_on = models.DateField(_("date"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), validators=[MinValueValidator(5), MaxValueValidator(600)]
    )
    mode = models.CharField(_("how"), max_length=10, choices=c.MeetingMode.choices, default=c.MeetingMode.IN_PERSON)
    note = models.CharField(_("short note"), max_length=500, blank=True)
    # Codes of c.MeetingTopic; a list, since one meeting often covers several.
    topics = models.JSONField(_("topics"), default=list, blank=True)
    # Blank for meetings entered before the meeting log existed.
    logged_by = models.CharField(_("logged by"), max_length=12, choices=c.LoggedBy.choices, blank=True)

    class Meta:
        ordering = ["duo", "-held_on"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [models.Index(fields=["duo", "held_on"])]

    def __str__(self):
        return f"{self.held_on} ({self.duration_minutes} min)"


class DuoTransition(AuditedModel):
    """The lifecycle's history: every move of a duo from one status to the next, with who, when and why.

    `on` is the date the step happened (first meeting, signature, end...), `at` when it was recorded.
    """

    duo = models.ForeignKey(Duo, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("duo"))
    from_status = models.CharField(_("from"), max_length=24, choices=c.DuoStatus.choices)
    to_status = models.CharField(_("to"), max_length=24, choices=c.DuoStatus.choices)
    # An EndReason for an early end, the side that refused for a refusal; empty otherwise.
    reason = models.CharField(_("reason"), max_length=24, blank=True)
    note = models.TextField(_("note"), blank=True)
    on = models.DateField(_("date"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("duo transition")
        verbose_name_plural = _("duo transitions")
        indexes = [models.Index(fields=["duo", "-at"])]

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class ReEnrolAnswer(models.TextChoices):
    YES_NOW = "yes_now", _("Yes, a new duo now")
    LATER = "later", _("Yes, later")
    NO = "no", _("No")


class ClosingInterview(AuditedModel):
    """The interview that closes a duo (duo.journeys.closure): the checklist, and the mentor's
    answer when offered a new duo."""

    duo = models.OneToOneField(Duo, on_delete=models.CASCADE, related_name="closing_interview",
                               verbose_name=_("duo"))
    held_on = models.DateField(_("date of the closing interview"))
    mentee_heard = models.BooleanField(_("mentee's feedback heard"), default=False)
    mentor_heard = models.BooleanField(_("mentor's feedback heard"), default=False)
    outcome_recorded = models.BooleanField(_("outcome at the end recorded"), default=False)
    thanks_sent = models.BooleanField(_("certificate or thanks sent"), default=False)
    survey_proposed = models.BooleanField(_("survey proposed"), default=False)
    consent_checked = models.BooleanField(_("data and contact consent checked"), default=False)
    note = models.TextField(_("note"), blank=True)
    reenrol_offered = models.BooleanField(_("new duo offered to the mentor"), default=True)
    reenrol_answer = models.CharField(_("mentor's answer"), max_length=8, choices=ReEnrolAnswer.choices, blank=True)
    # For "later": when to ask the mentor again.
    reenrol_on = models.DateField(_("ask again on"), null=True, blank=True)
    reenrol_reason = models.CharField(_("why not"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        verbose_name = _("closing interview")
        verbose_name_plural = _("closing interviews")

    def __str__(self):
        return f"{self.duo} ({self.held_on})"


class IntroductionAnswer(AuditedModel):
    """One side's answer after the introduction meeting: continue with this duo, or not (and why).

    Written only by duo.journeys.acceptance, which moves the duo on once both have answered."""

    duo = models.ForeignKey(Duo, on_delete=models.CASCADE, related_name="introduction_answers",
                            verbose_name=_("duo"))
    side = models.CharField(_("side"), max_length=8, choices=c.AnswerSide.choices)
    accepted = models.BooleanField(_("accepted"))
    answered_at = models.DateTimeField(_("answered at"))
    via = models.CharField(_("answered through"), max_length=8, choices=c.AnswerVia.choices)
    # Why not: required for a refusal, it goes in the duo's timeline and helps the next match.
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        ordering = ["duo", "side"]
        verbose_name = _("answer after the introduction")
        verbose_name_plural = _("answers after the introduction")
        constraints = [models.UniqueConstraint(fields=["duo", "side"], name="one_introduction_answer_per_side")]

    def __str__(self):
        return f"{self.duo} · {self.get_side_display()}"

    def clean(self):
        if not self.accepted and not (self.note or "").strip():
            raise ValidationError({"note": _("Say why, in a few words.")})
