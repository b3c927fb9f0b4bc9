"""Reads for the matching pages. Lists load no special-category field (they are never shown here)."""

from django.db.models import Min
from django.db.models.functions import Coalesce
from django.utils import timezone

from duo.accounts import scoping
from duo.people.models import SPECIAL_CATEGORY_FIELDS

from .models import Decision, MatchingRun, Proposal
from .pool import mentee_queryset, mentor_queryset


def _no_special(prefix):
    return [f"{prefix}__{name}" for name in SPECIAL_CATEGORY_FIELDS]


def runs_for(user):
    return scoping.scope(user, MatchingRun.objects.select_related("antenna", "created_by"))


def run_for(user, pk) -> MatchingRun:
    """The meeting, or 404 outside the user's antennas."""
    return scoping.get_or_404(user, MatchingRun.objects.select_related("antenna", "created_by", "job"), pk=pk)


def pool_counts(antenna) -> dict:
    """What a new meeting of this antenna would start from."""
    mentees = mentee_queryset(antenna.pk)
    mentors = list(mentor_queryset(antenna.pk).values_list("max_duos", "open_duos"))
    since = mentees.aggregate(since=Min(Coalesce("ready_on", "stage_changed_on", "applied_on")))["since"]
    return {
        "ready_mentees": mentees.count(),
        "ready_mentors": len(mentors),
        "free_slots": sum(most - busy for most, busy in mentors),
        "longest_wait_days": (timezone.localdate() - since).days if since else None,
    }


def proposals(run):
    return (Proposal.objects.filter(run=run)
            .select_related("mentee__person", "mentor__person", "mentee__target_occupation",
                            "mentor__career_occupation", "duo")
            .defer(*_no_special("mentee__person"), *_no_special("mentor__person")))


def decisions(run):
    return (Decision.objects.filter(run=run).select_related("mentee__person", "mentor__person", "by")
            .defer(*_no_special("mentee__person"), *_no_special("mentor__person")))
