"""The lifecycle on the duo page: one small form per allowed next step, and the timeline.

Kept apart from views.py so the lifecycle's screen code stays in one place; the duo page adds
`lifecycle_context()` to its context and includes journeys/_lifecycle.html.
"""

from django import forms
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from duo.core.concurrency import EditConflict, VersionedFormMixin
from duo.core.forms import errors_into
from duo.accounts import roles, scoping
from duo.accounts.scoping import require

from . import lifecycle
from . import transitions as t
from .choices import DuoStatus


def duo_version(duo) -> str:
    """A duo's version for duo.core.concurrency: its status and its latest step. Every step is recorded, so a
    coordinator acting on a page loaded before a colleague's step is told rather than stacking a second one."""
    last = duo.transitions.order_by("-id").values_list("id", flat=True).first()
    return f"{duo.status}:{last or 0}"


class TransitionForm(VersionedFormMixin, forms.Form):
    version_of = staticmethod(duo_version)

    to = forms.ChoiceField(choices=DuoStatus.choices, widget=forms.HiddenInput)
    on = forms.DateField(label=gettext_lazy("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    reason = forms.ChoiceField(label=gettext_lazy("Reason"), required=False, choices=[])
    note = forms.CharField(label=gettext_lazy("Note"), required=False, max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, target: str, **kwargs):
        kwargs.setdefault("initial", {"to": target, "on": timezone.localdate()})
        # Several steps' forms share the page: same field names (one is posted at a time), distinct ids.
        kwargs.setdefault("auto_id", f"id_{target}_%s")
        super().__init__(*args, **kwargs)
        self.target = target
        self.action_label = t.ACTION_LABELS.get(target, target)
        self.fields["on"].label = t.DATE_LABELS.get(target, _("Date"))
        choices = t.reason_choices(target)
        if choices:
            self.fields["reason"].choices = [("", "---------")] + choices
            self.fields["reason"].required = True
            if target == DuoStatus.REFUSED:
                self.fields["reason"].label = _("Who refused")
                self.fields["note"].label = _("Why")
                self.fields["note"].required = True
        else:
            del self.fields["reason"]


def lifecycle_context(request, duo, bound: TransitionForm | None = None) -> dict:
    """The timeline, and for those who may change the duo one form per allowed next step."""
    can_change = scoping.can_change(request.user, duo)
    step_forms = []
    if can_change:
        for target in lifecycle.allowed(duo.status):
            if target == DuoStatus.CLOSED:
                continue  # a duo closes through its closing interview (journeys:close), never with a bare date
            if duo.status == DuoStatus.INTRODUCED:
                continue  # "Both accepted" or "Refused" follow from each side's answer (the acceptance section)
            step_forms.append(bound if isinstance(bound, TransitionForm) and bound.target == target
                              else TransitionForm(target=target, versioned=duo))
    entries = [{"t": row, "reason": t.reason_label(row.to_status, row.reason) if row.reason else ""}
               for row in t.timeline(duo)]
    return {"step_forms": step_forms, "timeline": entries, **acceptance_context(duo, can_change, bound)}


def acceptance_context(duo, can_change: bool, bound=None) -> dict:
    """Each side's answer after the introduction, with a form per side to record one told by phone,
    the signature date, and whether the agreement PDF is offered."""
    from . import acceptance, agreement
    from .acceptance_views import AnswerForm

    sides = acceptance.answers_of(duo) if duo.status != DuoStatus.INTRODUCTION_PLANNED else []
    rows = []
    for side in sides:
        form = None
        if can_change and duo.status == DuoStatus.INTRODUCED:
            form = bound if isinstance(bound, AnswerForm) and bound.side == side.side else AnswerForm(side=side.side)
        rows.append({"side": side, "form": form})
    introduced = acceptance.introduced_on(duo) if sides else None
    return {
        # After the introduction only: a duo that started before answers were recorded shows none.
        "answers": rows if duo.status == DuoStatus.INTRODUCED or any(s.answer for s in sides) else [],
        "answer_deadline": acceptance.answer_deadline(introduced) if introduced else None,
        "agreement_available": duo.status in agreement.AVAILABLE,
        "signed_on": agreement.signed_on(duo),
    }


@require(roles.DUOS_CHANGE)
@require_POST
def duo_transition(request, pk):
    from .views import _duo, duo_detail_response

    duo = _duo(request, pk)
    target = request.POST.get("to", "")
    loaded = request.POST.get("version")
    if loaded and loaded != duo_version(duo):
        # A colleague moved the duo on since this page was loaded: say who and when, and show the duo as it is.
        messages.error(request, EditConflict(current=duo, token=duo_version(duo)).message)
        return redirect("journeys:detail", pk=duo.pk)
    if target == DuoStatus.CLOSED and target in lifecycle.allowed(duo.status):
        messages.info(request, _("A duo is closed by recording its closing interview."))
        return redirect("journeys:close", pk=duo.pk)
    if target == DuoStatus.ACCEPTED and target in lifecycle.allowed(duo.status):
        messages.info(request, _("Record each side's answer: the duo is “Both accepted” once both have accepted."))
        return redirect("journeys:detail", pk=duo.pk)
    if target not in lifecycle.allowed(duo.status):
        # A step not offered (an old page, a tampered form): the message names the allowed ones.
        try:
            t.duo_transition(duo=duo, to=target, by=request.user)
        except t.TransitionError as error:
            messages.error(request, error.errors.get("to") or str(error))
        return redirect("journeys:detail", pk=duo.pk)
    form = TransitionForm(request.POST, target=target, versioned=duo)
    if form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                form.check_version()  # again under the row lock: the colleague may be saving right now
                t.duo_transition(duo=duo, to=target, reason=data.get("reason", ""), note=data["note"], on=data["on"],
                                 by=request.user)
        except EditConflict as conflict:
            messages.error(request, conflict.message)
            return redirect("journeys:detail", pk=duo.pk)
        except t.TransitionError as error:
            errors_into(form, error.errors)
        else:
            messages.success(request, _("The duo is now “%(status)s”.") % {"status": DuoStatus(target).label})
            return redirect("journeys:detail", pk=duo.pk)
    return duo_detail_response(request, duo, bound=form)
