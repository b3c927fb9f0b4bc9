from django import forms
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Barrier, BarrierStage


class BarrierForm(forms.ModelForm):
    class Meta:
        model = Barrier
        fields = ["kind", "stage", "observed_on", "note"]
        widgets = {
            "observed_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "note": forms.TextInput(),
        }
        help_texts = {
            "note": _("Optional, a few words of context. Never name third parties: no employer, official or "
                      "other person."),
        }

    def __init__(self, *args, person, duo=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.person, self.duo = person, duo
        if duo is not None:
            # Met during a duo means met during follow-up: the one stage that fits.
            self.fields["stage"].choices = [(BarrierStage.FOLLOW_UP, BarrierStage.FOLLOW_UP.label)]
            self.initial.setdefault("stage", BarrierStage.FOLLOW_UP)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            services.check(person=self.person, duo=self.duo, kind=data["kind"], observed_on=data["observed_on"],
                           stage=data["stage"], note=(data.get("note") or "").strip())
        except services.BarrierError as error:
            self.add_error(error.field, str(error))
        return data
