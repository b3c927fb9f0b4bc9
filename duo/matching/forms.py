"""The small forms of the matching meeting. Choices are built from the run, so a posted id that is
not on offer (another antenna's mentor, a proposal of another meeting) is simply invalid."""

from django import forms
from django.utils.translation import gettext_lazy as _

from duo.accounts import scoping
from duo.organisation.models import Antenna

from .models import Decision, Proposal

TABS = [
    ("decide", _("To decide")),
    ("locked", _("Locked")),
    ("accepted", _("Accepted")),
    ("rejected", _("Rejected")),
    ("unmatched", _("No mentor")),
    ("all", _("All")),
]
TAB_STATUSES = {
    "decide": [Proposal.Status.PROPOSED],
    "locked": [Proposal.Status.LOCKED],
    "accepted": [Proposal.Status.ACCEPTED],
    "rejected": [Proposal.Status.REJECTED],
    "unmatched": [Proposal.Status.UNMATCHED],
    "all": list(Proposal.Status.values),
}
SWAPPABLE = (Proposal.Status.PROPOSED, Proposal.Status.LOCKED)
# A mentor from the shortlist can be picked for anyone not yet accepted (the pick is then locked).
PICKABLE = (Proposal.Status.PROPOSED, Proposal.Status.LOCKED, Proposal.Status.REJECTED, Proposal.Status.UNMATCHED)


class StartForm(forms.Form):
    antenna = forms.ModelChoiceField(label=_("Antenna"), queryset=Antenna.objects.none(),
                                     error_messages={"required": _("Choose the antenna of the meeting."),
                                                     "invalid_choice": _("Choose one of your antennas.")})

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["antenna"].queryset = scoping.scope(user, Antenna.objects.all())


class RejectForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=[("", _("Choose a reason"))] + Decision.RejectReason.choices,
                               error_messages={"required": _("Say why the proposal is rejected.")})
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=300)


class PickForm(forms.Form):
    """Another mentor from the proposal's shortlist."""

    mentor = forms.TypedChoiceField(label=_("Mentor from the shortlist"), coerce=int,
                                    error_messages={"required": _("Choose a mentor from the shortlist."),
                                                    "invalid_choice": _("That mentor is not on this shortlist.")})

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentor"].choices = [("", _("Choose a mentor"))] + list(choices)


class SwapForm(forms.Form):
    """Exchange mentors with another open proposal of the same meeting."""

    other = forms.TypedChoiceField(label=_("Swap mentors with"), coerce=int,
                                   error_messages={"required": _("Choose the proposal to swap with."),
                                                   "invalid_choice": _("That proposal cannot be swapped with.")})

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["other"].choices = [("", _("Choose a proposal"))] + list(choices)


class BlockForm(forms.Form):
    """A conflict of interest the data cannot show: this pair is never proposed again."""

    mentor = forms.TypedChoiceField(label=_("Mentor"), coerce=int,
                                    error_messages={"required": _("Choose the mentor."),
                                                    "invalid_choice": _("Choose one of the mentors listed.")})
    confirm = forms.BooleanField(
        label=_("I confirm: these two people must never be proposed to each other, in any meeting."),
        error_messages={"required": _("Tick the box to confirm.")},
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentor"].choices = [("", _("Choose a mentor"))] + list(choices)


def mentor_label(mentor, score=None) -> str:
    name = str(mentor) if mentor is not None else "?"
    return f"{name} ({score:.0f})" if score is not None else name


def shortlist_choices(proposal, mentors: dict) -> list[tuple[int, str]]:
    """Shortlisted mentors other than the one proposed, best first, that still exist in scope."""
    out = []
    for entry in proposal.shortlist or []:
        pk = entry.get("mentor") if isinstance(entry, dict) else None
        if pk in mentors and pk != proposal.mentor_id:
            out.append((pk, mentor_label(mentors[pk], entry.get("score"))))
    return out


def swap_choices(proposal, others) -> list[tuple[int, str]]:
    return [(o.pk, f"{o.mentee} → {o.mentor}") for o in others
            if o.pk != proposal.pk and o.status in SWAPPABLE and o.mentor_id]
