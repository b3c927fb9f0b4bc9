from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from duo.core.admin import ReadOnlyAdmin, ScopedAdmin
from duo.core.i18n import LANGS
from duo.people.choices import PREFER_NOT_TO_SAY, Language, NationalityBackground

from .models import Application, EligibilityRules, IntakeInterview, Merge, StageChange

# "Prefer not to say" is never a condition: people are not refused for declining to answer.
BACKGROUNDS = [(v, label) for v, label in NationalityBackground.choices if v != PREFER_NOT_TO_SAY]
PROGRAMME_LANGUAGES = [(code, label) for code, label in Language.choices if code in LANGS]


class EligibilityRulesForm(forms.ModelForm):
    mentee_backgrounds = forms.MultipleChoiceField(
        label=_("accepted nationality backgrounds (mentees)"), choices=BACKGROUNDS, required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick none to set no condition on background. An applicant who prefers not to say is "
                    "not refused: the application goes to review."),
    )
    languages = forms.MultipleChoiceField(
        label=_("programme languages"), choices=PROGRAMME_LANGUAGES, widget=forms.CheckboxSelectMultiple,
        help_text=_("Applicants must speak at least one of them at the minimum level."),
    )

    class Meta:
        model = EligibilityRules
        fields = ["antenna", "mentee_min_age", "mentee_max_age", "mentor_min_age", "mentor_max_age", "residence",
                  "max_distance_km", "mentee_backgrounds", "require_right_to_work", "languages",
                  "min_language_level"]

    def clean(self):
        data = super().clean()
        low, high = data.get("mentee_min_age"), data.get("mentee_max_age")
        if low is not None and high is not None and low > high:
            self.add_error("mentee_max_age", _("The maximum age must not be below the minimum age."))
        low, high = data.get("mentor_min_age"), data.get("mentor_max_age")
        if low is not None and high is not None and low > high:
            self.add_error("mentor_max_age", _("The maximum age must not be below the minimum age."))
        return data


@admin.register(EligibilityRules)
class EligibilityRulesAdmin(ScopedAdmin):
    form = EligibilityRulesForm
    list_display = ["antenna", "mentee_min_age", "mentee_max_age", "mentor_min_age", "residence",
                    "require_right_to_work", "updated_at"]
    list_select_related = ["antenna"]
    readonly_fields = ["updated_by"]

    def get_readonly_fields(self, request, obj=None):
        # An antenna's rules stay its own: the antenna is chosen once, when the row is created.
        return self.readonly_fields + (["antenna"] if obj is not None else [])

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Application)
class ApplicationAdmin(ScopedAdmin):
    list_display = ["person", "kind", "submitted_at", "channel", "verdict", "override"]
    list_filter = ["kind", "verdict", "override", "channel", ("person__antenna", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["person__first_name", "person__last_name", "person__email"]
    list_select_related = ["person"]
    raw_id_fields = ["person"]
    # The verdict comes from the rules and an override needs a justification: both on the staff pages.
    readonly_fields = ["verdict", "reasons", "override", "override_justification", "overridden_by", "overridden_at"]


@admin.register(IntakeInterview)
class IntakeInterviewAdmin(ScopedAdmin):
    list_display = ["person", "kind", "held_on", "held_by"]
    list_filter = ["kind"]
    list_select_related = ["person", "held_by"]
    raw_id_fields = ["person"]
    # Recorded through the staff page, which also updates the profile; the admin only reads them.
    readonly_fields = ["held_by", "answers"]


@admin.register(StageChange)
class StageChangeAdmin(ReadOnlyAdmin):
    list_display = ["person", "kind", "from_stage", "to_stage", "reason", "at", "by"]
    list_filter = ["kind", "to_stage", "reason"]
    list_select_related = ["person", "by"]


@admin.register(Merge)
class MergeAdmin(ReadOnlyAdmin):
    list_display = ["kept", "merged_id", "at", "by"]
    list_select_related = ["kept", "by"]
