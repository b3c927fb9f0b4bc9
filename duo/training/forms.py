from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from duo.infosession.forms import SESSION_FIELDS, SESSION_WIDGETS, SessionFilterForm, SessionFormMixin, video_link_field
from duo.people.choices import MentorStage

from .models import Evaluation, TrainingModule, TrainingSession
from .queries import PROGRESS_STAGES


class TrainingFilterForm(SessionFilterForm):
    module = forms.ModelChoiceField(label=_("Module"), required=False, queryset=TrainingModule.objects.all(),
                                    empty_label=_("All modules"))


class TrainingSessionForm(SessionFormMixin, forms.ModelForm):
    video_link = video_link_field()

    class Meta:
        model = TrainingSession
        fields = ["module", *SESSION_FIELDS]
        widgets = SESSION_WIDGETS

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup(user)
        # Inactive modules are no longer scheduled, but a session already planned keeps its own.
        current = self.instance.module_id if self.instance.pk else None
        self.fields["module"].queryset = TrainingModule.objects.filter(Q(active=True) | Q(pk=current))
        self.fields["module"].empty_label = None


class ProgressFilterForm(SessionFilterForm):
    stage = forms.ChoiceField(label=_("Stage"), required=False, choices=[("", _("Any stage"))] + [
        (value, label) for value, label in MentorStage.choices if value in PROGRESS_STAGES])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["when"]


RATINGS = [(n, str(n)) for n in range(1, 6)]


class EvaluationForm(forms.ModelForm):
    """Two ratings (radio buttons, each in a fieldset with its legend) and a free comment."""

    usefulness = forms.TypedChoiceField(
        label=_("How useful was this session for your role as a mentor?"), choices=RATINGS, coerce=int,
        widget=forms.RadioSelect, help_text=_("1 = not useful, 5 = very useful"),
        error_messages={"required": _("Choose a rating from 1 to 5.")},
    )
    clarity = forms.TypedChoiceField(
        label=_("How clear was it?"), choices=RATINGS, coerce=int, widget=forms.RadioSelect,
        help_text=_("1 = not clear, 5 = very clear"), error_messages={"required": _("Choose a rating from 1 to 5.")},
    )

    class Meta:
        model = Evaluation
        fields = ["usefulness", "clarity", "comment"]
        labels = {"comment": _("Anything to tell the trainers? (optional)")}
        widgets = {"comment": forms.Textarea(attrs={"rows": 4, "maxlength": 4000})}
