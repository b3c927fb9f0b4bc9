"""Administrators edit each antenna's matching settings here; the meeting's records are read-only."""

from django import forms
from django.contrib import admin
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from duo.core.admin import ReadOnlyAdmin, ScopedAdmin

from .models import Decision, MatchingRun, MatchingSettings, PairBlock, Proposal
from .texts import CRITERION_LABELS
from .types import CRITERIA, DEFAULT_WEIGHTS

WEIGHT = "weight_{}"


class MatchingSettingsForm(forms.ModelForm):
    """The weights as one number per criterion rather than a JSON text to get right by hand."""

    class Meta:
        model = MatchingSettings
        fields = ["antenna", "distance_rule", "max_distance_km", "min_language_level", "min_shared_slots",
                  "shortlist_size", "load_penalty"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = (self.instance.weights if self.instance.pk else None) or DEFAULT_WEIGHTS
        for criterion in CRITERIA:
            self.fields[WEIGHT.format(criterion)].initial = current.get(criterion, DEFAULT_WEIGHTS[criterion])

    def clean(self):
        data = super().clean()
        weights = {c: data.get(WEIGHT.format(c)) for c in CRITERIA}
        if all(w is not None for w in weights.values()) and sum(weights.values()) <= 0:
            raise forms.ValidationError(_("Give at least one criterion a weight above 0."))
        return data

    def save(self, commit=True):
        self.instance.weights = {c: float(self.cleaned_data[WEIGHT.format(c)]) for c in CRITERIA}
        return super().save(commit)


# Declared on the class, not added in __init__: the admin builds its form from the declared fields
# and refuses a fieldset that names a field it does not know.
for _criterion in CRITERIA:
    MatchingSettingsForm.base_fields[WEIGHT.format(_criterion)] = MatchingSettingsForm.declared_fields[
        WEIGHT.format(_criterion)] = forms.FloatField(
        label=format_lazy(_("weight: {criterion}"), criterion=CRITERION_LABELS.get(_criterion, _criterion)),
        min_value=0, max_value=1000, initial=DEFAULT_WEIGHTS[_criterion],
        help_text=_("0 leaves this criterion out; only the proportions between weights matter."),
    )


@admin.register(MatchingSettings)
class MatchingSettingsAdmin(ScopedAdmin):
    form = MatchingSettingsForm
    list_display = ["antenna", "distance_rule", "max_distance_km", "min_language_level", "min_shared_slots",
                    "updated_at"]
    list_select_related = ["antenna"]
    readonly_fields = ["updated_by"]

    def get_fieldsets(self, request, obj=None):
        rules = ["antenna", "distance_rule", "max_distance_km", "min_language_level", "min_shared_slots",
                 "shortlist_size", "load_penalty", "updated_by"]
        if obj is not None:
            rules.remove("antenna")
        return [(_("Rules"), {"fields": rules}),
                (_("Weights of the criteria"), {"fields": [WEIGHT.format(c) for c in CRITERIA]})]

    def get_readonly_fields(self, request, obj=None):
        # An antenna's settings stay its own: the antenna is chosen once, when the row is created.
        return self.readonly_fields + (["antenna"] if obj is not None else [])

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(MatchingRun)
class MatchingRunAdmin(ReadOnlyAdmin):
    list_display = ["antenna", "created_at", "state", "round", "mentees_in_pool", "mentors_in_pool", "created_by"]
    list_filter = ["state", "antenna"]
    list_select_related = ["antenna", "created_by"]
    # Origin aggregates are special-category data: shown on the meeting's fairness page to allowed roles only.
    exclude = ["fairness"]


@admin.register(Proposal)
class ProposalAdmin(ReadOnlyAdmin):
    list_display = ["run", "mentee", "mentor", "status", "score", "round"]
    list_filter = ["status"]
    list_select_related = ["run__antenna", "mentee__person", "mentor__person"]
    raw_id_fields = ["mentee", "mentor", "duo", "run"]


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["run", "action", "mentee", "mentor", "reason", "by", "at"]
    list_filter = ["action", "reason"]
    list_select_related = ["run__antenna", "mentee__person", "mentor__person", "by"]
    raw_id_fields = ["mentee", "mentor", "run"]


@admin.register(PairBlock)
class PairBlockAdmin(ReadOnlyAdmin):
    list_display = ["mentee_key", "mentor_key", "reason", "created_at", "created_by"]
    list_filter = ["reason"]
