"""The recommendation registry: the list with each ask's rolled-up standing, a recommendation's page (its wording in
three languages, its targets and their statuses, the evidence, the timeline, who has heard it, its versions), and
the forms that create, revise and file evidence under it, add a target and move a target along.

Every write goes through duo.advocacy.services: an AdvocacyError comes back on the form's fields, nothing changed;
scoping.NotAllowed is a 403. The capability is checked before any lookup.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from duo.accounts import roles, scoping
from duo.accounts.scoping import require
from duo.barrier.models import BarrierKind
from duo.testimony.models import Area

from . import queries_recommendations as queries
from . import services
from .forms_recommendations import EvidenceForm, RecommendationForm, ReviseForm, TargetAddForm, TargetStatusForm
from .models import LANGUAGES, Level, Recommendation, Status, Target
from .views_base import attempt

FILTERS = {"area": Area.choices, "level": Level.choices, "status": Status.choices, "barrier": BarrierKind.choices,
           "active": [("yes", "yes"), ("no", "no")]}


def _posted(request):
    return request.POST if request.method == "POST" else None


def recommendation_of(request, code) -> Recommendation:
    return scoping.get_or_404(request.user, Recommendation.objects.select_related("snapshot"), code=code)


def detail_url(recommendation, anchor="") -> str:
    url = reverse("advocacy:recommendation", args=[recommendation.code])
    return f"{url}#{anchor}" if anchor else url



# --- the list ------------------------------------------------------------------------------------------------------

@require(roles.ADVOCACY_VIEW)
def recommendation_list(request):
    chosen = {name: request.GET.get(name, "") for name in FILTERS}
    # An unknown value in the address filters nothing rather than failing.
    chosen = {name: value if value in {c for c, _label in FILTERS[name]} else "" for name, value in chosen.items()}
    rows = queries.recommendation_list(**chosen)
    return render(request, "advocacy/recommendations/list.html", {
        "rows": rows, "chosen": chosen, "filtered": any(chosen.values()),
        "areas": Area.choices, "levels": Level.choices, "statuses": Status.choices, "barriers": BarrierKind.choices,
        "may_change": scoping.has(request.user, roles.ADVOCACY_CHANGE)})


# --- a recommendation ----------------------------------------------------------------------------------------------

def detail_context(request, recommendation, *, status_form=None, add_form=None) -> dict:
    may_change = scoping.has(request.user, roles.ADVOCACY_CHANGE)
    targets = queries.targets_of(recommendation)
    result = queries.standing(targets)
    rows = []
    for target in targets:
        form = None
        if may_change:
            form = status_form if status_form is not None and status_form.target_pk == target.pk else \
                TargetStatusForm(auto_id=f"id_t{target.pk}_%s",
                                 initial={"status": target.status, "progress": target.progress})
        rows.append({"target": target, "form": form})
    current = recommendation.current
    return {
        "recommendation": recommendation, "current": current, "title": queries.title_of(current),
        "wordings": queries.wordings(current) if current else [],
        "standing": queries.shown(result), "rows": rows,
        "add_form": add_form or (TargetAddForm(recommendation=recommendation) if may_change else None),
        "timeline": queries.timeline(recommendation), "heard": queries.who_has_heard(recommendation),
        "evidence": queries.evidence_figures(recommendation, request.user),
        "quotes": queries.testimonies(recommendation, request.user),
        "publications": queries.publication_rows(recommendation.publications.all()),
        "versions": list(recommendation.versions.select_related("created_by").order_by("-number")),
        "may_change": may_change, "today": timezone.localdate(),
    }


@require(roles.ADVOCACY_VIEW)
def recommendation(request, code):
    found = recommendation_of(request, code)
    return render(request, "advocacy/recommendations/detail.html", detail_context(request, found))


@require(roles.ADVOCACY_VIEW)
def recommendation_version(request, code, number):
    found = recommendation_of(request, code)
    version = found.versions.select_related("created_by").filter(number=number).first()
    if version is None:
        raise Http404
    current = found.current
    return render(request, "advocacy/recommendations/version.html", {
        "recommendation": found, "version": version, "title": queries.title_of(version),
        "wordings": queries.wordings(version), "is_current": current and current.pk == version.pk,
        "current": current})


@require(roles.ADVOCACY_CHANGE)
def recommendation_add(request):
    form = RecommendationForm(_posted(request), user=request.user, initial={"is_active": True})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        evidence = form.evidence()
        wording = {f"{stem}_{c}": data[f"{stem}_{c}"] for stem in ("title", "text") for c in LANGUAGES}
        created = attempt(form, services.recommendation_create, by=request.user, code=data["code"], **evidence,
                          **wording)
        if created:
            messages.success(request, _("Recommendation added: this wording is its version 1."))
            return redirect(detail_url(created))
    return render(request, "advocacy/recommendations/form.html", {"form": form, "adding": True})


@require(roles.ADVOCACY_CHANGE)
def recommendation_edit(request, code):
    found = recommendation_of(request, code)
    form = EvidenceForm(_posted(request), user=request.user, initial=EvidenceForm.initial_of(found))
    if request.method == "POST" and form.is_valid():
        if attempt(form, services.recommendation_update, by=request.user, recommendation=found, **form.evidence()):
            messages.success(request, _("Recommendation saved."))
            return redirect(detail_url(found))
    return render(request, "advocacy/recommendations/form.html", {"form": form, "recommendation": found,
                                                                  "title": queries.title_of(found.current)})


@require(roles.ADVOCACY_CHANGE)
def recommendation_revise(request, code):
    found = recommendation_of(request, code)
    current = found.current
    initial = {f"{stem}_{c}": getattr(current, f"{stem}_{c}") for stem in ("title", "text") for c in LANGUAGES} \
        if current else {}
    form = ReviseForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        version = attempt(form, services.recommendation_revise, by=request.user, recommendation=found, **data)
        if version:
            messages.success(request, _("New wording saved as version %(n)s.") % {"n": version.number})
            return redirect(detail_url(found))
    return render(request, "advocacy/recommendations/revise.html", {
        "form": form, "recommendation": found, "current": current, "title": queries.title_of(current)})


# --- targets -------------------------------------------------------------------------------------------------------

@require(roles.ADVOCACY_CHANGE)
@require_POST
def target_add(request, code):
    found = recommendation_of(request, code)
    form = TargetAddForm(request.POST, recommendation=found)
    if form.is_valid():
        stakeholder = form.cleaned_data["stakeholder"]
        if attempt(form, services.target_add, by=request.user, recommendation=found, stakeholder=stakeholder):
            messages.success(request, _("%(name)s added as a target.") % {"name": stakeholder.name})
            return redirect(detail_url(found, "targets"))
    return render(request, "advocacy/recommendations/detail.html", detail_context(request, found, add_form=form))


@require(roles.ADVOCACY_CHANGE)
@require_POST
def target_status(request, code, pk):
    found = recommendation_of(request, code)
    target = Target.objects.select_related("stakeholder").filter(recommendation=found, pk=pk).first()
    if target is None:
        raise Http404
    form = TargetStatusForm(request.POST, auto_id=f"id_t{target.pk}_%s")
    form.target_pk = target.pk
    if form.is_valid():
        data = form.cleaned_data
        if attempt(form, services.target_set_status, by=request.user, target=target, status=data["status"],
                   on=data["on"], progress=data["progress"], note=data["note"]):
            messages.success(request, _("Status recorded for %(name)s.") % {"name": target.stakeholder.name})
            return redirect(detail_url(found, f"target-{target.pk}"))
    return render(request, "advocacy/recommendations/detail.html",
                  detail_context(request, found, status_form=form))
