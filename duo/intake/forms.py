from django import forms
from django.utils.translation import gettext, gettext_lazy as _

from duo.accounts import scoping
from duo.organisation.models import Antenna
from duo.people import choices as pc

from . import pipeline, queries
from .choices import Verdict
from .services import MIN_JUSTIFICATION

SIDES = [("", _("Both sides")), ("mentee", _("Mentees")), ("mentor", _("Mentors"))]
SORTS = [
    ("waiting", _("Waiting longest in their stage")),
    ("recent", _("Moved most recently")),
    ("applied", _("Oldest applications first")),
    ("-applied", _("Newest applications first")),
    ("name", _("Name")),
]


class PipelineFilterForm(forms.Form):
    """Every filter is optional; a value that makes no sense is dropped, never an error page."""

    q = forms.CharField(label=_("Name, email or phone"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"type": "search"}))
    side = forms.ChoiceField(label=_("Side"), required=False, choices=SIDES)
    stage = forms.ChoiceField(label=_("Stage"), required=False)
    verdict = forms.ChoiceField(
        label=_("Verdict"), required=False,
        choices=[("", _("Any verdict"))] + Verdict.choices + [(queries.NO_APPLICATION, _("No application on file"))],
    )
    antenna = forms.ModelChoiceField(label=_("Antenna"), required=False, queryset=Antenna.objects.none(),
                                     empty_label=_("All my antennas"))
    waiting = forms.IntegerField(label=_("Waiting more than (days)"), required=False, min_value=0, max_value=3650)
    sort = forms.ChoiceField(label=_("Order"), required=False, choices=SORTS)
    everyone = forms.BooleanField(label=_("Include people who left or were matched more than 90 days ago"),
                                  required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["antenna"].queryset = scoping.scope(user, Antenna.objects.all())
        self.fields["stage"].choices = [("", _("Any stage"))] + queries.stage_order()

    def filters(self) -> queries.Filters:
        """The filters that were understood (the form's valid fields); the rest are ignored."""
        if not self.is_bound:
            return queries.Filters()
        self.is_valid()
        data = {k: v for k, v in self.cleaned_data.items() if k not in self.errors}
        return queries.Filters(
            side=data.get("side") or "", stage=data.get("stage") or "", verdict=data.get("verdict") or "",
            antenna=data.get("antenna"), q=(data.get("q") or "").strip(), waiting=data.get("waiting"),
            sort=data.get("sort") or "waiting", everyone=bool(data.get("everyone")),
        )


def _targets():
    labels = dict(pc.MentorStage.choices)
    return [(s, labels[s]) for s in pipeline.MENTOR_FLOW + list(pipeline.EXITS) if s not in ("matched",)]


class MoveForm(forms.Form):
    """A move to another stage; leaving the pipeline needs a reason."""

    to = forms.ChoiceField(label=_("Move to"))
    reason = forms.ChoiceField(label=_("Reason (when someone leaves)"), required=False,
                               choices=[("", "—")] + pc.StageReason.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=500,
                           widget=forms.TextInput())

    def __init__(self, *args, targets=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = [("", "—")] + (targets if targets is not None else _targets())

    def clean(self):
        data = super().clean()
        if data.get("to") and pipeline.needs_reason(data["to"]) and not data.get("reason"):
            self.add_error("reason", _("Give a reason when someone leaves the pipeline."))
        return data


class BulkMoveForm(MoveForm):
    """A move for the rows ticked on the list, sent as "mentee:12", "mentor:40"."""

    MAX_ROWS = 500

    def clean(self):
        data = super().clean()
        keys = []
        for raw in self.data.getlist("rows") if hasattr(self.data, "getlist") else []:
            kind, _sep, pk = str(raw).partition(":")
            if kind in queries.KINDS and pk.isdigit() and (kind, int(pk)) not in keys:
                keys.append((kind, int(pk)))
        if not keys:
            raise forms.ValidationError(_("Tick at least one person in the list."))
        if len(keys) > self.MAX_ROWS:
            raise forms.ValidationError(gettext("Move at most %(n)s people at once.") % {"n": self.MAX_ROWS})
        data["rows"] = keys
        return data


class OverrideForm(forms.Form):
    verdict = forms.ChoiceField(label=_("Verdict"), choices=Verdict.choices, widget=forms.RadioSelect)
    justification = forms.CharField(label=_("Justification"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["justification"].help_text = gettext(
            "Why the automatic verdict does not fit. Kept in the audit trail; at least %(n)s characters."
        ) % {"n": MIN_JUSTIFICATION}

    def clean_justification(self):
        text = self.cleaned_data["justification"].strip()
        if len(text) < MIN_JUSTIFICATION:
            raise forms.ValidationError(
                gettext("Explain the decision in at least %(n)s characters.") % {"n": MIN_JUSTIFICATION})
        return text


class MergeForm(forms.Form):
    keep = forms.ChoiceField(label=_("Record to keep"), widget=forms.RadioSelect)
    confirm = forms.BooleanField(label=_("I checked that these two records are the same person."))

    def __init__(self, *args, a, b, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keep"].choices = [
            (str(p.pk), gettext("Keep %(name)s (no. %(pk)s)") % {"name": p, "pk": p.pk}) for p in (a, b)]
