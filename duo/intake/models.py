"""Applications, the eligibility rules they are checked against, and the pipeline's history."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from duo.core.i18n import LANGUAGE_CHOICES
from duo.people import choices as pc
from duo.privacy.audit import AuditedModel

from . import choices as c

DEFAULT_MENTEE_BACKGROUNDS = [
    pc.NationalityBackground.NON_EU_NATIONAL, pc.NationalityBackground.NATURALISED,
    pc.NationalityBackground.PARENT_OUTSIDE_EU, pc.NationalityBackground.GRANDPARENT_OUTSIDE_EU,
]


def default_mentee_backgrounds():
    return [str(v) for v in DEFAULT_MENTEE_BACKGROUNDS]


def default_languages():
    return ["fr", "nl", "en"]


class EligibilityRules(models.Model):
    """What an antenna asks of applicants. Edited by administrators; one row per antenna."""

    antenna = models.OneToOneField(
        "organisation.Antenna", on_delete=models.CASCADE, related_name="eligibility", verbose_name=_("antenna")
    )
    mentee_min_age = models.PositiveSmallIntegerField(_("mentee minimum age"), default=18)
    mentee_max_age = models.PositiveSmallIntegerField(_("mentee maximum age"), default=33)
    mentor_min_age = models.PositiveSmallIntegerField(_("mentor minimum age"), default=50)
    mentor_max_age = models.PositiveSmallIntegerField(_("mentor maximum age"), null=True, blank=True)
    residence = models.CharField(
        _("residence condition"), max_length=10, choices=c.ResidenceRule.choices, default=c.ResidenceRule.REGION
    )
    max_distance_km = models.PositiveSmallIntegerField(
        _("maximum distance (km)"), default=30, validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    mentee_backgrounds = models.JSONField(
        _("accepted nationality backgrounds (mentees)"), default=default_mentee_backgrounds, blank=True,
        help_text=_("An applicant who prefers not to say is not refused: the application goes to review."),
    )
    require_right_to_work = models.BooleanField(_("mentees must have the right to work"), default=True)
    languages = models.JSONField(_("programme languages"), default=default_languages)
    min_language_level = models.CharField(
        _("minimum level in a programme language"), max_length=6, choices=pc.LanguageLevel.choices,
        default=pc.LanguageLevel.A2,
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("updated by"),
    )

    class Meta:
        verbose_name = _("eligibility rules")
        verbose_name_plural = _("eligibility rules")

    def __str__(self):
        return str(self.antenna)

    def background_labels(self) -> list[str]:
        labels = dict(pc.NationalityBackground.choices)
        return [str(labels.get(v, v)) for v in self.mentee_backgrounds or []]


class Application(AuditedModel):
    """One application by one person to one side of the programme, with its eligibility verdict."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="applications", verbose_name=_("person")
    )
    kind = models.CharField(_("applies as"), max_length=6, choices=c.Kind.choices)
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    channel = models.CharField(_("received through"), max_length=12, choices=pc.Channel.choices, default=pc.Channel.WEB)
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGE_CHOICES, default="fr")
    right_to_work = models.CharField(_("right to work"), max_length=6, choices=c.RightToWork.choices, blank=True)
    motivation = models.TextField(_("motivation"), blank=True)
    how_heard = models.CharField(_("heard of us through"), max_length=20, choices=c.HowHeard.choices, blank=True)
    # The automatic verdict and its reasons, as computed by duo.intake.eligibility when received.
    verdict = models.CharField(_("automatic verdict"), max_length=14, choices=c.Verdict.choices)
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    # A coordinator's override, with the justification the audit trail keeps.
    override = models.CharField(_("verdict set by staff"), max_length=14, choices=c.Verdict.choices, blank=True)
    override_justification = models.TextField(_("justification"), blank=True)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("overridden by"),
    )
    overridden_at = models.DateTimeField(_("overridden at"), null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        indexes = [
            models.Index(fields=["kind", "-submitted_at"]), models.Index(fields=["verdict"]),
            # The pipeline looks up each person's latest application per side (a correlated subquery).
            models.Index(fields=["person", "kind", "-submitted_at"], name="intake_app_person_latest"),
        ]

    def __str__(self):
        return f"{self.person} ({self.get_kind_display()})"

    @property
    def final_verdict(self) -> str:
        return self.override or self.verdict

    def get_final_verdict_display(self):
        return c.Verdict(self.final_verdict).label


class StageChange(AuditedModel):
    """The pipeline's history: every move of a person from one stage to another, who and why."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="stage_changes", verbose_name=_("person")
    )
    kind = models.CharField(_("side"), max_length=6, choices=c.Kind.choices)
    from_stage = models.CharField(_("from"), max_length=20, blank=True)
    to_stage = models.CharField(_("to"), max_length=20)
    reason = models.CharField(_("reason"), max_length=20, choices=pc.StageReason.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("by"),
    )

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        indexes = [models.Index(fields=["person", "-at"])]


class IntakeInterview(AuditedModel):
    """The structured intake interview. Its matching inputs are copied onto the profile."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="intake_interviews", verbose_name=_("person")
    )
    kind = models.CharField(_("side"), max_length=6, choices=c.Kind.choices)
    held_on = models.DateField(_("held on"), default=timezone.localdate)
    held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("held by"),
    )
    # What was said, as answered on the day (the profile moves on; this stays as it was).
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("intake interview")
        verbose_name_plural = _("intake interviews")


class Merge(models.Model):
    """Two records found to be one person were merged: what moved where, so history stays traceable."""

    kept = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="merges", verbose_name=_("kept record")
    )
    merged_id = models.PositiveBigIntegerField(_("merged record's number"))
    moved = models.JSONField(_("records moved"), default=dict)
    at = models.DateTimeField(_("when"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("by"),
    )

    class Meta:
        ordering = ["-at"]
        verbose_name = _("merge")
        verbose_name_plural = _("merges")


def _rules_for_new_antenna(sender, instance, created, raw=False, **kwargs):
    """Every antenna has its own rules from the start, so an administrator finds them to edit."""
    if created and not raw:
        EligibilityRules.objects.get_or_create(antenna=instance)


post_save.connect(_rules_for_new_antenna, sender="organisation.Antenna", dispatch_uid="duo.intake.antenna_rules")
