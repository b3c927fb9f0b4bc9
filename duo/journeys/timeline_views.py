"""The duo's full timeline page (duo.journeys.timeline builds it): filters by kind, newest or oldest first.

A GET form, so that a filtered timeline is a link one can keep or send to a colleague.
"""

from django import forms
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from duo.accounts import roles
from duo.accounts.scoping import require

from . import timeline
from .views import _duo

NEWEST, OLDEST = "newest", "oldest"


class TimelineFilterForm(forms.Form):
    kind = forms.MultipleChoiceField(label=_("Show"), required=False, widget=forms.CheckboxSelectMultiple)
    order = forms.ChoiceField(label=_("Order"), choices=[(NEWEST, _("Newest first")), (OLDEST, _("Oldest first"))],
                              widget=forms.RadioSelect)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read when the form is built: a source registered by another app gets its checkbox too.
        self.fields["kind"].choices = timeline.kinds()


def _form(request) -> TimelineFilterForm:
    """Always bound: nothing ticked means everything, and the boxes say so."""
    data = request.GET.copy()
    if not data.getlist("kind"):
        data.setlist("kind", [kind for kind, _label in timeline.kinds()])
    data.setdefault("order", NEWEST)
    return TimelineFilterForm(data)


@require(roles.DUOS_VIEW)
def duo_timeline(request, pk):
    duo = _duo(request, pk)
    form = _form(request)
    only, newest_first = None, True
    if form.is_valid():
        only, newest_first = form.cleaned_data["kind"], form.cleaned_data["order"] != OLDEST
    # An unknown kind or order (a tampered or outdated link): the errors show, and the whole timeline.
    labels = dict(timeline.kinds())
    entries = [(labels.get(e.kind, e.kind), e)
               for e in timeline.build(duo, request.user, only=only, newest_first=newest_first)]
    return render(request, "journeys/timeline.html", {
        "duo": duo, "form": form, "entries": entries, "newest_first": newest_first})
