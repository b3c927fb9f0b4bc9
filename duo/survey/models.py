"""Questionnaires: an instrument has numbered versions; a published version is frozen for good.

Answers (a later sitting) will point at a version, so a published version's questions and choices
never change: editing means a new draft (services.version_new_draft). The freeze is enforced here,
in pre_save/pre_delete receivers, so that the admin, the shell and cascades all meet it.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.signals import pre_delete, pre_save
from django.dispatch import receiver
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from duo.core.i18n import pick

from . import logic


class InstrumentKind(models.TextChoices):
    MENTEE_BASELINE = "mentee_baseline", _("Mentee: intake baseline")
    MENTEE_END = "mentee_end", _("Mentee: end of mentoring")
    MENTEE_FOLLOWUP_6M = "mentee_followup_6m", _("Mentee: follow-up 6 months after the end")
    MENTEE_FOLLOWUP_12M = "mentee_followup_12m", _("Mentee: follow-up 12 months after the end")
    MENTOR_END = "mentor_end", _("Mentor: end of mentoring")
    PAIRING_FIT = "pairing_fit", _("Pairing-fit check after one month")
    WHY_ENDED = "why_ended", _("Why the mentoring ended early")
    TRAINING_EVALUATION = "training_evaluation", _("Mentor training evaluation")


class Audience(models.TextChoices):
    MENTEE = "mentee", _("Mentee")
    MENTOR = "mentor", _("Mentor")


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    RETIRED = "retired", _("Retired")


class QuestionType(models.TextChoices):
    LIKERT5 = logic.LIKERT, _("Agreement scale 1–5")
    SINGLE = logic.SINGLE, _("Single choice")
    MULTIPLE = logic.MULTIPLE, _("Multiple choice")
    NUMBER = logic.NUMBER, _("Number")
    DATE = logic.DATE, _("Date")
    TEXT = logic.TEXT, _("Free text")


class Scale(models.TextChoices):
    """What a question measures, stable across versions, so before/after answers can be paired."""

    CAPITAL_SOCIAL = "capital_social", _("Social capital (network)")
    CAPITAL_CULTURAL = "capital_cultural", _("Cultural capital")
    CAPITAL_INFORMATION = "capital_information", _("Information capital (labour market)")
    CAPITAL_LANGUAGE = "capital_language", _("Language capital")
    CAPITAL_PSYCHOLOGICAL = "capital_psychological", _("Psychological capital (confidence, autonomy)")
    CAREER_PLAN = "career_plan", _("Concrete career plan")
    SATISFACTION = "satisfaction", _("Satisfaction")
    USEFUL = "useful", _("Feeling useful")
    INTERCULTURAL = "intercultural", _("Intercultural understanding")
    VIEW_CHANGED = "view_changed", _("Changed view of young people of foreign origin")
    MENTOR_AGAIN = "mentor_again", _("Wish to mentor again")
    PAIRING_FIT = "pairing_fit", _("Pairing fit")
    OUTCOME_STATUS = "outcome_status", _("Outcome status")
    END_REASON = "end_reason", _("Reason the mentoring ended")
    TRAINING = "training", _("Training quality")


class Instrument(models.Model):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=InstrumentKind.choices)
    audience = models.CharField(_("audience"), max_length=10, choices=Audience.choices)
    title_fr = models.CharField(_("title (French)"), max_length=200)
    title_nl = models.CharField(_("title (Dutch)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_nl = models.TextField(_("description (Dutch)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("survey instrument")
        verbose_name_plural = _("survey instruments")

    def __str__(self):
        return pick(self, "title")

    @property
    def title(self):
        return pick(self, "title")

    @property
    def description(self):
        return pick(self, "description")


class InstrumentVersion(models.Model):
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="versions",
                                   verbose_name=_("instrument"))
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=10, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("published by"))

    class Meta:
        ordering = ["instrument__code", "-number"]
        verbose_name = _("instrument version")
        verbose_name_plural = _("instrument versions")
        constraints = [models.UniqueConstraint(fields=["instrument", "number"], name="survey_version_unique_number")]

    def __str__(self):
        return f"{self.instrument} v{self.number}"

    @property
    def is_frozen(self) -> bool:
        return self.status != VersionStatus.DRAFT

    def delete(self, *args, **kwargs):
        # Checked before Django's deletion transaction starts, so a refusal leaves the caller's intact.
        _version_frozen(type(self), self)
        return super().delete(*args, **kwargs)


class Question(models.Model):
    version = models.ForeignKey(InstrumentVersion, on_delete=models.CASCADE, related_name="questions",
                                verbose_name=_("version"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    code = models.SlugField(_("code"), max_length=60)
    type = models.CharField(_("type"), max_length=10, choices=QuestionType.choices)
    required = models.BooleanField(_("required"), default=True)
    text_fr = models.TextField(_("question (French)"))
    text_nl = models.TextField(_("question (Dutch)"))
    text_en = models.TextField(_("question (English)"))
    help_fr = models.CharField(_("help (French)"), max_length=300, blank=True)
    help_nl = models.CharField(_("help (Dutch)"), max_length=300, blank=True)
    help_en = models.CharField(_("help (English)"), max_length=300, blank=True)
    minimum = models.FloatField(_("minimum"), null=True, blank=True, help_text=_("Numbers only."))
    maximum = models.FloatField(_("maximum"), null=True, blank=True, help_text=_("Numbers only."))
    scale = models.CharField(_("scale"), max_length=30, choices=Scale.choices, blank=True,
                             help_text=_("What the question measures, to pair answers across versions."))
    show_if_question = models.SlugField(_("shown only if question"), max_length=60, blank=True,
                                        help_text=_("The code of an earlier question of this version."))
    show_if_values = models.JSONField(_("has one of the values"), default=list, blank=True,
                                      help_text=_('A list of values, e.g. ["1", "2"] or ["searching"].'))

    class Meta:
        ordering = ["version", "position", "id"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="survey_question_unique_code")]

    def __str__(self):
        return f"{self.code}: {pick(self, 'text')}"

    @property
    def text(self):
        return pick(self, "text")

    @property
    def help(self):
        return pick(self, "help")

    def delete(self, *args, **kwargs):
        _question_frozen(type(self), self)
        return super().delete(*args, **kwargs)


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices",
                                 verbose_name=_("question"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    value = models.SlugField(_("value"), max_length=60)
    label_fr = models.CharField(_("label (French)"), max_length=200)
    label_nl = models.CharField(_("label (Dutch)"), max_length=200)
    label_en = models.CharField(_("label (English)"), max_length=200)

    class Meta:
        ordering = ["question", "position", "id"]
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        constraints = [models.UniqueConstraint(fields=["question", "value"], name="survey_choice_unique_value")]

    def __str__(self):
        return pick(self, "label")

    @property
    def label(self):
        return pick(self, "label")

    def delete(self, *args, **kwargs):
        _choice_frozen(type(self), self)
        return super().delete(*args, **kwargs)


def _frozen_error():
    return ValidationError(
        gettext("This version is published and cannot change. Create a new draft version to edit it."),
        code="frozen",
    )


def _stored_status(version_id):
    return InstrumentVersion.objects.filter(pk=version_id).values_list("status", flat=True).first()


@receiver(pre_save, sender=Question)
@receiver(pre_delete, sender=Question)
def _question_frozen(sender, instance, **kwargs):
    # The stored status, not the in-memory one: a stale object must not slip past the freeze.
    if _stored_status(instance.version_id) not in (None, VersionStatus.DRAFT):
        raise _frozen_error()
    if instance.pk and kwargs.get("raw") is False:
        old = Question.objects.filter(pk=instance.pk).values_list("version_id", flat=True).first()
        if old is not None and old != instance.version_id and _stored_status(old) != VersionStatus.DRAFT:
            raise _frozen_error()


@receiver(pre_save, sender=Choice)
@receiver(pre_delete, sender=Choice)
def _choice_frozen(sender, instance, **kwargs):
    version_id = Question.objects.filter(pk=instance.question_id).values_list("version_id", flat=True).first()
    if version_id is not None and _stored_status(version_id) not in (None, VersionStatus.DRAFT):
        raise _frozen_error()


@receiver(pre_delete, sender=InstrumentVersion)
def _version_frozen(sender, instance, **kwargs):
    if _stored_status(instance.pk) not in (None, VersionStatus.DRAFT):
        raise _frozen_error()
