"""The career action plan of a duo: a few goals with target dates, drawn up in the first weeks.

A plan is simply the duo's goals; it was "drawn up" on the day its first goal was added. Goals use
the meeting topics as their areas, so that what a duo planned and what it talked about can be read
side by side.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from duo.journeys.choices import MeetingTopic
from duo.privacy.audit import AuditedModel

TITLE_LENGTH = 120
DETAIL_LENGTH = 1000


class GoalStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


# Goals still to reach: the ones that can be overdue.
OPEN_GOAL_STATUSES = (GoalStatus.PLANNED, GoalStatus.IN_PROGRESS)


class GoalSide(models.TextChoices):
    STAFF = "staff", _("Staff")
    MENTOR = "mentor", _("Mentor")
    MENTEE = "mentee", _("Mentee")


class Goal(AuditedModel):
    duo = models.ForeignKey("journeys.Duo", on_delete=models.CASCADE, related_name="goals", verbose_name=_("duo"))
    title = models.CharField(_("goal"), max_length=TITLE_LENGTH)
    detail = models.TextField(_("details"), blank=True)
    area = models.CharField(_("area"), max_length=16, choices=MeetingTopic.choices, blank=True)
    target_on = models.DateField(_("target date"))
    status = models.CharField(_("status"), max_length=12, choices=GoalStatus.choices, default=GoalStatus.PLANNED)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    created_by_side = models.CharField(_("added by"), max_length=8, choices=GoalSide.choices, default=GoalSide.STAFF)
    # The staff member who added it, if any; never shown to the participants.
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("added by (staff)"))
    created_at = models.DateTimeField(_("added"), default=timezone.now)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        ordering = ["duo", "position", "id"]
        verbose_name = _("career goal")
        verbose_name_plural = _("career goals")
        # The alert and the programme figures ask for each duo's first goal.
        indexes = [models.Index(fields=["duo", "created_at"])]

    def __str__(self):
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_GOAL_STATUSES

    def is_overdue(self, today=None) -> bool:
        return self.is_open and self.target_on < (today or timezone.localdate())
