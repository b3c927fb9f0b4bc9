from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from duo.accounts import roles, scoping
from duo.accounts.scoping import require
from duo.journeys.models import Duo
from duo.organisation.models import Antenna
from duo.people.models import Person

from . import queries, services
from .forms import BarrierForm
from .models import Barrier


def _duo_for(request, person):
    """The duo named in the request, if any: one the user may see and that concerns this person."""
    pk = request.POST.get("duo") or request.GET.get("duo")
    if not pk:
        return None
    duo = scoping.get_or_404(request.user, Duo.objects.select_related("mentor", "mentee"), pk=pk)
    if person.pk not in (duo.mentee.person_id, duo.mentor.person_id):
        raise Http404
    return duo


def _back(duo, person):
    return redirect("journeys:detail", pk=duo.pk) if duo else redirect("people:detail", pk=person.pk)


@require(roles.PEOPLE_CHANGE)
def barrier_add(request, person):
    person = scoping.get_or_404(request.user, Person, pk=person)
    duo = _duo_for(request, person)
    form = BarrierForm(request.POST or None, person=person, duo=duo)
    if request.method == "POST" and form.is_valid():
        try:
            services.barrier_record(person=person, duo=duo, by=request.user, **form.cleaned_data)
        except scoping.NotAllowed:
            raise Http404
        messages.success(request, _("Barrier recorded."))
        return _back(duo, person)
    return render(request, "barrier/add.html", {"person": person, "duo": duo, "form": form})


@require(roles.PEOPLE_CHANGE)
@require_POST
def barrier_delete(request, pk):
    barrier = scoping.get_or_404(request.user, Barrier.objects.select_related("person", "duo"), pk=pk)
    person, duo = barrier.person, barrier.duo
    # Back to the duo page only when the barrier was removed from there.
    back_to_duo = duo is not None and request.POST.get("duo") == str(duo.pk)
    try:
        services.barrier_remove(barrier=barrier, by=request.user)
    except scoping.NotAllowed:
        raise Http404
    messages.success(request, _("Barrier removed."))
    return _back(duo if back_to_duo else None, person)


class SummaryForm(forms.Form):
    antenna = forms.ModelChoiceField(label=gettext_lazy("Antenna"), required=False, queryset=Antenna.objects.none(),
                                     empty_label=gettext_lazy("All my antennas"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["antenna"].queryset = scoping.scope(user, Antenna.objects.order_by("name"))


@require(roles.AGGREGATES_VIEW)
def barrier_summary(request):
    """Counts only, no names: for every role that works on aggregates."""
    form = SummaryForm(request.GET or None, user=request.user)
    ids = scoping.antenna_ids(request.user)
    chosen = form.cleaned_data["antenna"] if form.is_valid() else None
    if chosen is not None:
        ids = [chosen.pk]
    return render(request, "barrier/summary.html", {"form": form, "chosen": chosen,
                                                    **queries.summary(antenna_ids=ids)})
