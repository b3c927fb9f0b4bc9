"""Mentor training: the modules (organisation-wide), their sessions per antenna, attendance, evaluations."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from duo.core.i18n import pick
from duo.infosession.choices import SeatChannel
from duo.infosession.scheduling import ScheduledSession
from duo.privacy.audit import AuditedModel


class TrainingModule(models.Model):
    """One part of the compulsory mentor training. Reference data: administrators change it."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    title_fr = models.CharField(_("title (French)"), max_length=150)
    title_nl = models.CharField(_("title (Dutch)"), max_length=150)
    title_en = models.CharField(_("title (English)"), max_length=150)
    description_fr = models.TextField(_("description (French)"), blank=True)
    description_nl = models.TextField(_("description (Dutch)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    required = models.BooleanField(
        _("required"), default=True, help_text=_("A mentor is ready for matching only after every required module.")
    )
    active = models.BooleanField(_("active"), default=True, help_text=_("Inactive modules are no longer offered."))

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("training module")
        verbose_name_plural = _("training modules")

    def __str__(self):
        return pick(self, "title")

    @property
    def title(self) -> str:
        return pick(self, "title")

    @property
    def description(self) -> str:
        return pick(self, "description")


class TrainingSession(ScheduledSession):
    """One module given on a date by an antenna."""

    SEATS = "attendances"

    module = models.ForeignKey(
        TrainingModule, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("module")
    )

    class Meta(ScheduledSession.Meta):
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        indexes = [models.Index(fields=["antenna", "starts_at"], name="training_antenna_start")]

    def __str__(self):
        return _("%(module)s, %(date)s") % {
            "module": self.module, "date": formats.date_format(timezone.localtime(self.starts_at),
                                                                 "SHORT_DATETIME_FORMAT")}


    def title(self) -> str:
        return gettext("Duo mentor training: %(module)s") % {"module": self.module.title}

    def summary_text(self) -> str:
        return self.module.description


class Attendance(AuditedModel):
    """A mentor's seat in a training session, and whether they came."""

    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("session")
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="training_attendances", verbose_name=_("person")
    )
    registered_at = models.DateTimeField(_("registered at"), default=timezone.now)
    channel = models.CharField(_("registered"), max_length=6, choices=SeatChannel.choices)
    # None until attendance is taken: unknown is not the same as absent.
    attended = models.BooleanField(_("attended"), null=True, blank=True)

    class Meta:
        ordering = ["session", "person__last_name", "person__first_name"]
        verbose_name = _("training attendance")
        verbose_name_plural = _("training attendances")
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="training_one_seat_per_person"),
        ]
        indexes = [models.Index(fields=["person", "attended"], name="training_att_person")]

    def __str__(self):
        return f"{self.person} · {self.session}"


RATING = [MinValueValidator(1), MaxValueValidator(5)]


class Evaluation(AuditedModel):
    """What a mentor thought of a training session they attended. One per person and session."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="training_evaluations", verbose_name=_("person")
    )
    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="evaluations", verbose_name=_("session")
    )
    usefulness = models.PositiveSmallIntegerField(_("usefulness"), validators=RATING)
    clarity = models.PositiveSmallIntegerField(_("clarity"), validators=RATING)
    comment = models.TextField(_("comment"), blank=True, max_length=4000)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("training evaluation")
        verbose_name_plural = _("training evaluations")
        constraints = [
            models.UniqueConstraint(fields=["person", "session"], name="training_one_evaluation_per_session"),
            models.CheckConstraint(condition=models.Q(usefulness__gte=1, usefulness__lte=5, clarity__gte=1,
                                                      clarity__lte=5), name="training_rating_1_to_5"),
        ]

    def __str__(self):
        return f"{self.person} · {self.session}"
