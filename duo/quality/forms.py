from django import forms
from django.db.models import Min
from django.utils.translation import gettext_lazy as _

from duo.accounts import scoping
from duo.journeys.models import Duo
from duo.organisation.models import Antenna

from . import periods


class QualityForm(forms.Form):
    antenna = forms.ModelChoiceField(label=_("Antenna"), required=False, queryset=Antenna.objects.none())
    period = forms.ChoiceField(label=_("Period"), required=False)

    def __init__(self, *args, user, today, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["antenna"]
        field.queryset = scoping.scope(user, Antenna.objects.order_by("name"))
        # Staff limited to some antennas never see the whole organisation, only "all of mine".
        self.whole_organisation = scoping.antenna_ids(user) is None
        field.empty_label = _("All antennas") if self.whole_organisation else _("All my antennas")
        first = Duo.objects.aggregate(first=Min("matched_on"))["first"]
        self.fields["period"].choices = periods.choices(first.year if first else None, today)

    def chosen(self):
        """The antenna (None: all those the user may see) and the period key, a field with an error
        falling back to its default."""
        data = getattr(self, "cleaned_data", {}) if self.is_bound else {}
        return data.get("antenna"), data.get("period") or periods.LAST_12
