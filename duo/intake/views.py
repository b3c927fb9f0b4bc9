"""The coordinators' side of intake: the pipeline, a person's intake file, and what can be done to it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _, ngettext
from django.views.decorators.http import require_POST

from duo.accounts import roles, scoping
from duo.accounts.reauth import recent_auth_required
from duo.accounts.scoping import require
from duo.core.export import FORMATS, export_response
from duo.core.paging import paginate
from duo.people.models import Person

from . import duplicates, exports, pipeline, queries, services, verdicts
from .forms import BulkMoveForm, MergeForm, MoveForm, OverrideForm, PipelineFilterForm
from .interview import InterviewForm, initial_for
from .models import Application


def _query_without(request, *names) -> str:
    query = request.GET.copy()
    for name in ("page", *names):
        query.pop(name, None)
    return query.urlencode()


@require(roles.PEOPLE_VIEW)
def pipeline_list(request):
    form = PipelineFilterForm(request.GET or None, user=request.user)
    filters = form.filters()
    listing = paginate(request, queries.pipeline_rows(request.user, filters))
    listing["page"].object_list = queries.complete(request.user, listing["page"].object_list)
    return render(request, "intake/staff/list.html", {
        "form": form,
        "filters": filters,
        "funnel": queries.stage_counts(request.user, filters),
        "funnel_query": _query_without(request, "stage"),
        "export_query": _query_without(request, "format"),
        "move_form": MoveForm(auto_id="bulk_%s") if scoping.has(request.user, roles.PEOPLE_CHANGE) else None,
        "can_change": scoping.has(request.user, roles.PEOPLE_CHANGE),
        **listing,
    })


@require(roles.PEOPLE_CHANGE)
@require_POST
def pipeline_bulk(request):
    # The list's filters come back as they went, re-encoded so that nothing else rides along.
    query = QueryDict(request.POST.get("query", "")).urlencode()
    back = reverse("intake:list") + ("?" + query if query else "")
    form = BulkMoveForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    keys = form.cleaned_data["rows"]
    people = scoping.scope(request.user, Person.objects.filter(pk__in={pk for _kind, pk in keys})).in_bulk()
    if len(people) < len({pk for _kind, pk in keys}):
        messages.error(request, _("Nothing was moved: some of the people ticked are no longer in your pipeline."))
        return redirect(back)
    try:
        moved = services.bulk_stage_change(
            moves=[(people[pk], kind) for kind, pk in keys], to=form.cleaned_data["to"],
            reason=form.cleaned_data["reason"], note=form.cleaned_data["note"], by=request.user,
        )
    except services.BulkRefused as refused:
        messages.error(request, _("Nothing was moved, because these moves are not allowed:"))
        for refusal in refused.refusals:
            messages.error(request, refusal)
        return redirect(back)
    messages.success(request, ngettext("%(n)s person moved.", "%(n)s people moved.", moved) % {"n": moved})
    return redirect(back)


@require(roles.PEOPLE_VIEW)
@recent_auth_required
def pipeline_export(request):
    fmt = request.GET.get("format")
    if fmt not in FORMATS:
        fmt = "xlsx"
    filters = PipelineFilterForm(request.GET or None, user=request.user).filters()
    return export_response(user=request.user, rows=queries.iter_rows(request.user, filters),
                           columns=exports.COLUMNS, filename="pipeline", fmt=fmt, model=Person)


def _person(request, pk):
    return scoping.get_or_404(request.user, Person.objects.select_related("antenna", "municipality"), pk=pk)


def _side(person, kind):
    profile = getattr(person, kind) if hasattr(person, kind) else None
    if profile is None:
        raise Http404
    return profile


def _targets(kind, current):
    labels = dict(queries.STAGES[kind].choices)
    return [(s, labels[s]) for s in pipeline.allowed_targets(kind, current)]


@require(roles.PEOPLE_VIEW)
def person_file(request, pk):
    person = _person(request, pk)
    can_change = scoping.can_change(request.user, person)
    sides = []
    for kind in queries.KINDS:
        profile = getattr(person, kind) if hasattr(person, kind) else None
        if profile is not None:
            sides.append({
                "kind": kind, "profile": profile, "label": queries.Kind(kind).label,
                "move_form": MoveForm(targets=_targets(kind, profile.stage), auto_id=f"{kind}_%s")
                if can_change else None,
            })
    stage_labels = dict(queries.stage_order())
    applications = [
        (a, [(verdicts.describe(r), r.get("outcome")) for r in a.reasons or []])
        for a in person.applications.select_related("overridden_by")
    ]
    return render(request, "intake/staff/detail.html", {
        "person": person,
        "can_change": can_change,
        "sides": sides,
        "spoken": person.languages.all(),
        "applications": applications,
        "rules": queries.rules_of(person.antenna),
        "consents": queries.latest_consents(person),
        "history": [(c, stage_labels.get(c.from_stage, c.from_stage), stage_labels.get(c.to_stage, c.to_stage))
                    for c in person.stage_changes.select_related("by")[:100]],
        "interviews": person.intake_interviews.select_related("held_by"),
        "elsewhere": queries.other_app_rows(person),
        "candidates": duplicates.candidates(request.user, [person]).get(person.pk, []),
        "merges": person.merges.select_related("by"),
    })


@require(roles.PEOPLE_CHANGE)
def stage_move(request, pk, kind):
    person = _person(request, pk)
    profile = _side(person, kind)
    form = MoveForm(request.POST or None, targets=_targets(kind, profile.stage))
    if request.method == "POST" and form.is_valid():
        try:
            services.stage_change(person=person, kind=kind, to=form.cleaned_data["to"],
                                  reason=form.cleaned_data["reason"], note=form.cleaned_data["note"], by=request.user)
        except services.PipelineError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("%(name)s is now at “%(stage)s”.") % {
                "name": person, "stage": profile.get_stage_display()})
            return redirect("intake:detail", pk=person.pk)
    return render(request, "intake/staff/stage.html", {"person": person, "profile": profile, "kind": kind,
                                                       "kind_label": queries.Kind(kind).label, "form": form})


@require(roles.PEOPLE_CHANGE)
def interview(request, pk, kind):
    person = _person(request, pk)
    _side(person, kind)
    form = InterviewForm(request.POST or None, kind=kind, initial=initial_for(person, kind))
    if request.method == "POST" and form.is_valid():
        try:
            services.interview_record(person=person, kind=kind, data=form.cleaned_data, by=request.user)
        except (ValidationError, services.PipelineError) as error:
            form.add_error(None, error.messages if isinstance(error, ValidationError) else str(error))
        else:
            messages.success(request, _("Intake interview recorded."))
            return redirect("intake:detail", pk=person.pk)
    return render(request, "intake/staff/interview.html", {
        "person": person, "kind": kind, "kind_label": queries.Kind(kind).label, "form": form})


def _application(request, pk):
    return scoping.get_or_404(request.user, Application.objects.select_related("person__antenna"), pk=pk)


@require(roles.PEOPLE_CHANGE)
def override(request, pk):
    application = _application(request, pk)
    initial = {"verdict": application.final_verdict, "justification": application.override_justification}
    form = OverrideForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_override(application=application, verdict=form.cleaned_data["verdict"],
                                          justification=form.cleaned_data["justification"], by=request.user)
        except services.PipelineError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The verdict is now “%(verdict)s”.") % {
                "verdict": application.get_final_verdict_display()})
            return redirect("intake:detail", pk=application.person_id)
    reasons = [(verdicts.describe(r), r.get("outcome")) for r in application.reasons or []]
    return render(request, "intake/staff/override.html", {
        "application": application, "person": application.person, "reasons": reasons, "form": form})


@require(roles.PEOPLE_CHANGE)
@require_POST
def reassess(request, pk):
    application = _application(request, pk)
    before = application.get_verdict_display()
    if services.application_reassess(application=application, by=request.user):
        messages.success(request, _("Checked again against the current rules: %(before)s → %(after)s.") % {
            "before": before, "after": application.get_verdict_display()})
    else:
        messages.info(request, _("Checked again against the current rules: nothing changed."))
    return redirect("intake:detail", pk=application.person_id)


@require(roles.PEOPLE_VIEW)
def duplicate_list(request):
    listing = paginate(request, duplicates.pairs(request.user), per_page=25)
    page = listing["page"]
    ids = {pk for a, b, _reasons in page.object_list for pk in (a, b)}
    people = Person.objects.select_related("antenna").in_bulk(ids)
    page.object_list = [
        (people[a], people[b], [duplicates.REASONS[r] for r in reasons])
        for a, b, reasons in page.object_list if a in people and b in people
    ]
    return render(request, "intake/staff/duplicates.html", {
        "can_change": scoping.has(request.user, roles.PEOPLE_CHANGE), **listing})


@require(roles.PEOPLE_CHANGE)
def merge(request, a, b):
    first, second = _person(request, a), _person(request, b)
    if first.pk == second.pk:
        raise Http404
    form = MergeForm(request.POST or None, a=first, b=second)
    if request.method == "POST" and form.is_valid():
        keep, drop = (first, second) if form.cleaned_data["keep"] == str(first.pk) else (second, first)
        try:
            services.person_merge(keep=keep, drop=drop, by=request.user)
        except services.PipelineError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The two records are now one: %(name)s.") % {"name": keep})
            return redirect("intake:detail", pk=keep.pk)
    found = duplicates.candidates(request.user, [first]).get(first.pk, [])
    reasons = next((c.reason_labels() for c in found if c.person.pk == second.pk), [])
    return render(request, "intake/staff/merge.html", {
        "form": form, "first": first, "second": second, "reasons": reasons,
        "facts": duplicates.compare(first, second),
    })
