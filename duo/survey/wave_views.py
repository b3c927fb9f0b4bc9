"""The staff pages of response rates: the waves, one wave (per antenna, and who has not answered yet),
and one response as it was given."""

from django import forms
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from duo.accounts import roles, scoping
from duo.accounts.scoping import require
from duo.organisation.models import Antenna

from . import rates
from .models import Invitation, Response, ResponseSource, Wave


class WaveFilterForm(forms.Form):
    instrument = forms.ModelChoiceField(label=_("Instrument"), queryset=None, required=False,
                                        empty_label=_("All instruments"))
    antenna = forms.ModelChoiceField(label=_("Antenna"), queryset=Antenna.objects.order_by("name"), required=False,
                                     empty_label=_("All antennas"))
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import Instrument

        self.fields["instrument"].queryset = Instrument.objects.order_by("code")
        self.fields["year"].choices = [("", _("All years"))] + [(y, str(y)) for y in rates.years()]


@require(roles.AGGREGATES_VIEW)
def wave_list(request):
    form = WaveFilterForm(request.GET or None)
    filters = {}
    if form.is_valid():
        filters = {k: v for k, v in form.cleaned_data.items() if v}
    return render(request, "survey/waves.html", {
        "form": form, "rows": rates.waves(**filters), "instruments": rates.by_instrument(**filters),
        "antennas": rates.by_antenna(**filters), "filtered": bool(filters),
    })


@require(roles.AGGREGATES_VIEW)
def wave_detail(request, pk):
    wave = scoping.get_or_404(request.user, Wave.objects.select_related("instrument"), pk=pk)
    counts, antennas = rates.wave_totals(wave)
    may_see_people = scoping.can_view(request.user, Invitation)
    return render(request, "survey/wave.html", {
        "wave": wave, "counts": counts, "antennas": antennas, "may_see_people": may_see_people,
        "non_respondents": list(rates.non_respondents(request.user, wave)) if may_see_people else [],
        "can_enter": scoping.can_change(request.user, Invitation),
    })


def _shown(answer, labels):
    """An answer in the staff's words: choice labels, not codes; a scale as "4 / 5"."""
    question = answer.question
    if answer.text is not None:
        return answer.text
    value = answer.value
    if question.type == "likert5":
        return f"{value} / 5"
    if isinstance(value, list):
        return ", ".join(str(labels.get((question.pk, v), v)) for v in value)
    return str(labels.get((question.pk, value), value))


@require(roles.PEOPLE_VIEW)
def response_detail(request, pk):
    response = scoping.get_or_404(
        request.user, Response.objects.select_related("version__instrument", "person", "duo", "antenna", "entered_by",
                                                      "invitation__wave"), pk=pk)
    answers = list(response.answers.select_related("question").order_by("question__position", "question__id"))
    labels = {}
    for question in {a.question for a in answers}:
        for choice in question.choices.all():
            labels[(question.pk, choice.value)] = choice.label
    return render(request, "survey/response.html", {
        "response": response, "rows": [(a.question, _shown(a, labels)) for a in answers],
        "ON_BEHALF": ResponseSource.ON_BEHALF, "IMPORT": ResponseSource.IMPORT,
    })
