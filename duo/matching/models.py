"""The weekly matching meeting: each antenna's settings, runs, proposals, decisions, and pairs never to repeat."""

from django.conf import settings as django_settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from duo.people import choices as pc
from duo.privacy.audit import AuditedModel

from . import types


def default_weights():
    return dict(types.DEFAULT_WEIGHTS)


class DistanceRule(models.TextChoices):
    KM = "km", _("Within a maximum distance")
    ANTENNA = "antenna", _("Anyone of the same antenna")


class MatchingSettings(models.Model):
    """One antenna's hard constraints and weights. Edited by administrators; one row per antenna."""

    antenna = models.OneToOneField(
        "organisation.Antenna", on_delete=models.CASCADE, related_name="matching", verbose_name=_("antenna")
    )
    distance_rule = models.CharField(
        _("distance rule"), max_length=10, choices=DistanceRule.choices, default=DistanceRule.KM
    )
    max_distance_km = models.PositiveSmallIntegerField(
        _("maximum distance between homes (km)"), default=25, validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    min_language_level = models.CharField(
        _("minimum level in a shared language"), max_length=6, choices=pc.LanguageLevel.choices,
        default=pc.LanguageLevel.B1,
    )
    min_shared_slots = models.PositiveSmallIntegerField(
        _("availability slots in common (at least)"), default=1, validators=[MaxValueValidator(21)],
        help_text=_("0 turns the availability rule off."),
    )
    shortlist_size = models.PositiveSmallIntegerField(
        _("mentors on each shortlist"), default=5, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    load_penalty = models.FloatField(
        _("cost of a mentor's second duo (points)"), default=5.0, validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Spreads duos evenly over mentors who can take more than one."),
    )
    weights = models.JSONField(_("weights of the criteria"), default=default_weights)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        django_settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("updated by"),
    )

    class Meta:
        verbose_name = _("matching settings")
        verbose_name_plural = _("matching settings")

    def __str__(self):
        return str(self.antenna)


class PairBlock(models.Model):
    """Two people who must never be proposed to each other again.

    Stored as keyed hashes of the two people, not as links to them: the guard keeps working
    after either person is anonymised or erased, and the table alone says nothing about who.
    """

    class Reason(models.TextChoices):
        ENDED_BADLY = "ended_badly", _("Their duo ended badly")
        CONFLICT = "conflict", _("Conflict of interest")

    mentee_key = models.CharField(max_length=64, db_index=True)
    mentor_key = models.CharField(max_length=64, db_index=True)
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)
    created_by = models.ForeignKey(
        django_settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        verbose_name = _("pair never to propose")
        verbose_name_plural = _("pairs never to propose")
        constraints = [models.UniqueConstraint(fields=["mentee_key", "mentor_key"], name="unique_pair_block")]


class MatchingRun(models.Model):
    """One matching meeting of one antenna: its pool, its rounds of proposals and the team's decisions."""

    class State(models.TextChoices):
        RUNNING = "running", _("Computing")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")
        CLOSED = "closed", _("Closed")

    antenna = models.ForeignKey(
        "organisation.Antenna", on_delete=models.PROTECT, related_name="matching_runs", verbose_name=_("antenna")
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.RUNNING)
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    job = models.ForeignKey(
        "jobs.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("job")
    )
    # The settings the last round ran with, so a proposal can be explained later.
    settings = models.JSONField(_("settings used"), default=dict, blank=True)
    mentees_in_pool = models.PositiveIntegerField(_("mentees in the pool"), default=0)
    mentors_in_pool = models.PositiveIntegerField(_("mentors in the pool"), default=0)
    total_score = models.FloatField(_("total score"), default=0)
    # Aggregates only (see fairness.py); origin groups are kept apart and shown only to allowed roles.
    fairness = models.JSONField(_("fairness"), default=dict, blank=True)
    timings = models.JSONField(_("timings"), default=dict, blank=True)
    created_at = models.DateTimeField(_("started"), default=timezone.now)
    created_by = models.ForeignKey(
        django_settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("started by"),
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("matching meeting")
        verbose_name_plural = _("matching meetings")

    def __str__(self):
        return f"{self.antenna} {self.created_at:%Y-%m-%d}"


class Proposal(AuditedModel):
    """One mentee of a run: the mentor proposed (if any), why, the shortlist, and where it stands."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        LOCKED = "locked", _("Locked")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")
        UNMATCHED = "unmatched", _("No mentor found")

    run = models.ForeignKey(MatchingRun, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("meeting"))
    mentee = models.ForeignKey(
        "people.MenteeProfile", on_delete=models.CASCADE, related_name="proposals", verbose_name=_("mentee")
    )
    mentor = models.ForeignKey(
        "people.MentorProfile", on_delete=models.CASCADE, null=True, blank=True, related_name="proposals",
        verbose_name=_("mentor"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    score = models.FloatField(_("score"), null=True, blank=True)
    facts = models.JSONField(_("reasons"), default=list, blank=True)  # the proposed pair's breakdown
    # [{"mentor": profile id, "score": float, "facts": [...]}, ...] best first
    shortlist = models.JSONField(_("shortlist"), default=list, blank=True)
    funnel = models.JSONField(_("why no mentor"), default=dict, blank=True)  # see diagnose.py
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    duo = models.ForeignKey(
        "journeys.Duo", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("duo")
    )

    class Meta:
        ordering = ["run", "-score", "id"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        constraints = [models.UniqueConstraint(fields=["run", "mentee"], name="one_proposal_per_mentee_per_run")]

    def __str__(self):
        return f"{self.mentee} → {self.mentor or '—'}"


class Decision(models.Model):
    """Every decision of the meeting, who took it and when: the minutes of the matching meeting."""

    class Action(models.TextChoices):
        ACCEPT = "accept", _("Accepted")
        REJECT = "reject", _("Rejected")
        LOCK = "lock", _("Locked")
        UNLOCK = "unlock", _("Unlocked")
        PICK = "pick", _("Picked from the shortlist")
        SWAP = "swap", _("Swapped mentors")
        RERUN = "rerun", _("Re-ran for the rest")
        BLOCK = "block", _("Marked as never to propose")

    class RejectReason(models.TextChoices):
        LANGUAGE = "language", _("Language or communication")
        DISTANCE = "distance", _("Too far apart")
        SCHEDULE = "schedule", _("Schedules do not fit")
        PROFILE = "profile", _("Profiles do not fit")
        KNOWN_FACT = "known_fact", _("Something the team knows that the data does not show")
        MENTOR_UNAVAILABLE = "mentor_unavailable", _("Mentor not available now")
        MENTEE_UNAVAILABLE = "mentee_unavailable", _("Mentee not available now")
        OTHER = "other", _("Other")

    run = models.ForeignKey(MatchingRun, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("meeting"))
    action = models.CharField(_("decision"), max_length=10, choices=Action.choices)
    mentee = models.ForeignKey(
        "people.MenteeProfile", on_delete=models.CASCADE, null=True, blank=True, related_name="+",
        verbose_name=_("mentee"),
    )
    mentor = models.ForeignKey(
        "people.MentorProfile", on_delete=models.CASCADE, null=True, blank=True, related_name="+",
        verbose_name=_("mentor"),
    )
    reason = models.CharField(_("reason"), max_length=20, choices=RejectReason.choices, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    by = models.ForeignKey(
        django_settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["run", "at", "id"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")


def _settings_for_new_antenna(sender, instance, created, raw=False, **kwargs):
    """Every antenna has its matching settings from the start, so an administrator finds them to edit."""
    if created and not raw:
        MatchingSettings.objects.get_or_create(antenna=instance)


post_save.connect(_settings_for_new_antenna, sender="organisation.Antenna",
                  dispatch_uid="duo.matching.antenna_settings")
