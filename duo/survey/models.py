"""Questionnaires and their answers.

An instrument has numbered versions; a published version is frozen for good.

Answers (a later sitting) will point at a version, so a published version's questions and choices
never change: editing means a new draft (services.version_new_draft). The freeze is enforced here,
in pre_save/pre_delete receivers, so that the admin, the shell and cascades all meet it.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.signals import pre_delete, pre_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from encrypted_fields.fields import EncryptedCharField, EncryptedJSONField, EncryptedTextField

from duo.core.i18n import LANGUAGE_CHOICES, pick

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


# --- Waves, invitations and responses -------------------------------------------------------------------


class Wave(models.Model):
    """The invitations of one instrument that fell due in one calendar month: the unit of response rates.

    Invitations are made per person from each duo's timeline (duo.survey.schedule); the wave only
    gathers them, so that "the end-of-mentoring survey of March" has one rate, per antenna too."""

    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="waves",
                                   verbose_name=_("instrument"))
    opens_on = models.DateField(_("month"), help_text=_("The first day of the month the invitations fell due."))
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["-opens_on", "instrument__code"]
        verbose_name = _("survey wave")
        verbose_name_plural = _("survey waves")
        constraints = [models.UniqueConstraint(fields=["instrument", "opens_on"], name="survey_wave_unique_month")]

    def __str__(self):
        from django.utils import formats

        return f"{self.instrument} · {formats.date_format(self.opens_on, 'YEAR_MONTH_FORMAT')}"


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("Not answered yet")
    STARTED = "started", _("Started")
    COMPLETED = "completed", _("Answered")
    OPTED_OUT = "opted_out", _("Declined")


INVITATION_DAYS = 30
REMINDERS = 2


def default_invitation_expiry():
    import datetime

    return timezone.now() + datetime.timedelta(days=INVITATION_DAYS)


class Invitation(models.Model):
    """One person asked to answer one instrument, through a personal link."""

    wave = models.ForeignKey(Wave, on_delete=models.PROTECT, related_name="invitations", verbose_name=_("wave"))
    version = models.ForeignKey(InstrumentVersion, on_delete=models.PROTECT, related_name="invitations",
                                verbose_name=_("version"))
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="survey_invitations",
                               verbose_name=_("person"))
    duo = models.ForeignKey("journeys.Duo", on_delete=models.CASCADE, null=True, blank=True,
                            related_name="survey_invitations", verbose_name=_("duo"))
    # Frozen at invitation time: the rates of a wave stay put when a person moves antenna.
    antenna = models.ForeignKey("organisation.Antenna", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("antenna"))
    due_on = models.DateField(_("due on"), help_text=_("The date in the journey that called for this survey."))
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGE_CHOICES)
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    # The token itself, encrypted, so that each reminder carries the same link as the first email: people
    # click the oldest email as often as the newest. Found by its hash; a copy of the database without the
    # field keys opens nothing.
    token_sealed = EncryptedCharField(_("token"), max_length=200, blank=True, null=True, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=InvitationStatus.choices,
                              default=InvitationStatus.PENDING)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(_("reminders sent"), default=0)
    last_sent_at = models.DateTimeField(_("last email"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), default=default_invitation_expiry)
    # Answers saved on the way (autosave), encrypted: free text may say anything. Cleared on submission.
    draft = EncryptedJSONField(_("answers so far"), default=dict, blank=True)
    draft_saved_at = models.DateTimeField(_("last saved"), null=True, blank=True)
    one_per_screen = models.BooleanField(_("one question per screen"), default=False)
    opted_out_at = models.DateTimeField(_("declined at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")
        indexes = [models.Index(fields=["wave", "antenna", "status"]),
                   models.Index(fields=["status", "expires_at"])]

    def __str__(self):
        return f"{self.version.instrument} · {self.person_id}"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_open(self) -> bool:
        """Whether the link still takes answers."""
        return self.status in (InvitationStatus.PENDING, InvitationStatus.STARTED) and not self.is_expired


class ResponseSource(models.TextChoices):
    LINK = "link", _("Answered through the personal link")
    ON_BEHALF = "on_behalf", _("Entered by staff on the person's behalf")
    IMPORT = "import", _("Imported (paper or another tool)")


class Response(models.Model):
    """A submitted questionnaire. Answers belong to the version that was asked, never to a later one."""

    version = models.ForeignKey(InstrumentVersion, on_delete=models.PROTECT, related_name="responses",
                                verbose_name=_("version"))
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="survey_responses",
                               verbose_name=_("person"))
    duo = models.ForeignKey("journeys.Duo", on_delete=models.CASCADE, null=True, blank=True,
                            related_name="survey_responses", verbose_name=_("duo"))
    antenna = models.ForeignKey("organisation.Antenna", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("antenna"))
    invitation = models.OneToOneField(Invitation, on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="response", verbose_name=_("invitation"))
    source = models.CharField(_("source"), max_length=10, choices=ResponseSource.choices)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("entered by"))
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGE_CHOICES)
    answered_on = models.DateField(_("answered on"))
    submitted_at = models.DateTimeField(_("recorded"), default=timezone.now)
    import_ref = models.CharField(_("imported from"), max_length=200, blank=True)
    # Answers never change once stored, so their per-scale sums can live here too (see logic.scale_scores).
    scores = models.JSONField(_("scale scores"), default=dict, blank=True, editable=False)

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        indexes = [models.Index(fields=["version", "antenna"])]

    def __str__(self):
        return f"{self.version} · {self.person_id} · {self.answered_on}"


class Answer(models.Model):
    """One answer. Choices, scales, numbers and dates in `value` (a string, or a list for several choices);
    free text encrypted in `text`. `number` repeats a scale's or number's value for the statistics."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers",
                                 verbose_name=_("response"))
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers",
                                 verbose_name=_("question"))
    value = models.JSONField(_("value"), null=True, blank=True)
    text = EncryptedTextField(_("text"), blank=True, null=True)
    number = models.FloatField(_("number"), null=True, blank=True)

    class Meta:
        ordering = ["response", "question__position"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="survey_answer_unique")]

    def __str__(self):
        return f"{self.question.code}"

    @property
    def shown(self):
        """The answer as given: the text, the value, or the list of values."""
        return self.text if self.text is not None else self.value
