"""Screens for closure: the closing interview form, and the coordinator's calendar feed.

Thin on purpose: duo.journeys.closure holds the rules and the reads.
"""

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from duo.core.forms import errors_into
from duo.accounts import roles, scoping
from duo.accounts.scoping import require

from . import closure
from .models import ClosingInterview, ReEnrolAnswer


class ClosingInterviewForm(forms.ModelForm):
    reenrol_answer = forms.ChoiceField(label=gettext_lazy("Mentor's answer"), required=False,
                                       choices=[("", "---------")] + ReEnrolAnswer.choices,
                                       widget=forms.RadioSelect)

    class Meta:
        model = ClosingInterview
        fields = ["held_on", *closure.CHECKLIST, "note", "reenrol_offered", "reenrol_answer", "reenrol_on",
                  "reenrol_reason"]
        widgets = {
            "held_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "reenrol_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"held_on": timezone.localdate(), "reenrol_offered": True})
        super().__init__(*args, **kwargs)
        # The radio list needs no empty choice: no answer is simply nothing ticked.
        self.fields["reenrol_answer"].choices = ReEnrolAnswer.choices
        self.fields["reenrol_on"].help_text = _("Only if the mentor answers “later”.")
        self.fields["reenrol_reason"].help_text = _("Only if the mentor answers “no”.")


@require(roles.DUOS_CHANGE)
def closing_interview(request, pk):
    from .views import _duo

    duo = _duo(request, pk)
    if not scoping.can_change(request.user, duo):
        raise Http404
    form = ClosingInterviewForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and closure.closable(duo) and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            closure.closing_interview_record(duo=duo, by=request.user, **data)
        except closure.ClosureError as error:
            errors_into(form, error.errors)
        else:
            messages.success(request, _("Closing interview recorded: the duo is closed."))
            return redirect("journeys:detail", pk=duo.pk)
    return render(request, "journeys/closure_form.html", {
        "duo": duo, "form": form, "checklist": [form[name] for name in closure.CHECKLIST], "closable": closure.closable(duo),
        "not_closable": "" if closure.closable(duo) else closure.not_closable_message(duo),
    })


@require(roles.DUOS_VIEW)
def calendar_feed(request):
    body = closure.coordinator_calendar(user=request.user, host=request.get_host().split(":")[0])
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="duos.ics"'
    return response
