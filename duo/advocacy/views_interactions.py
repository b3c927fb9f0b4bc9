"""Staff pages of interactions: the list (filtered, exported for lobby registers), one interaction, recording,
editing and deleting one, and the follow-ups promised.

Every write goes through duo.advocacy.services: an AdvocacyError comes back on the form or as a message, nothing
changed; scoping.NotAllowed is a 403.
"""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from duo.accounts import roles, scoping
from duo.accounts.reauth import recent_auth_required
from duo.accounts.scoping import require
from duo.core.export import FORMATS, Column, export_response
from duo.core.paging import paginate
from duo.publications.models import Publication
from duo.testimony.models import Area

from . import reminders, services
from .forms_interactions import (
    InteractionFilterForm, InteractionForm, initial_for, publication_title, recommendation_title,
)
from .models import Campaign, Contact, Interaction, Position, Recommendation, Stakeholder, Status, StatusChange
from .views_base import attempt

PER_PAGE = 30


def _interactions():
    return Interaction.objects.select_related("campaign", "follow_up_owner", "created_by").prefetch_related(
        "stakeholders", "staff",
        Prefetch("contacts", queryset=Contact.objects.prefetch_related(
            Prefetch("positions", queryset=Position.objects.select_related("stakeholder")))),
        Prefetch("recommendations", queryset=Recommendation.objects.prefetch_related("versions")),
        Prefetch("publications", queryset=Publication.objects.prefetch_related("versions")),
    ).order_by("-on", "-id")


def _interaction(request, pk):
    return scoping.get_or_404(request.user, _interactions(), pk=pk)


def _filtered(request):
    form = InteractionFilterForm(request.GET or None)
    return form, form.filter(scoping.scope(request.user, _interactions()))


# --- the columns of the export ------------------------------------------------------------------------------------

def role_on(contact, on) -> list:
    """The contact's positions valid on `on` (prefetched): who they were when met, not who they are now."""
    return [p for p in contact.positions.all() if p.is_current(on)]


def _organisations(i) -> str:
    return "; ".join(
        f"{s.name} ({s.get_kind_display()}{', ' + s.get_level_display() if s.level else ''})"
        for s in i.stakeholders.all())


def _people(i) -> str:
    met = {s.pk for s in i.stakeholders.all()}
    people = []
    for contact in i.contacts.all():
        held = sorted(role_on(contact, i.on), key=lambda p: p.stakeholder_id not in met)
        roles_then = ", ".join(f"{p.role}, {p.stakeholder.name}" for p in held)
        people.append(f"{contact} ({roles_then})" if roles_then else str(contact))
    return "; ".join(people)


def _yes_no(value) -> str:
    return _("yes") if value else _("no")


def interaction_columns() -> list[Column]:
    """What lobby transparency registers ask about each contact with decision-makers; no notes of what was said."""
    return [
        Column(gettext_lazy("Date"), lambda i: i.on),
        Column(gettext_lazy("Type"), lambda i: i.get_kind_display()),
        Column(gettext_lazy("Subject"), lambda i: i.subject),
        Column(gettext_lazy("Organisations met (type, level of government)"), _organisations),
        Column(gettext_lazy("People met (role at the time)"), _people),
        Column(gettext_lazy("Staff present"), lambda i: "; ".join(str(u) for u in i.staff.all())),
        Column(gettext_lazy("Recommendations raised"), lambda i: "; ".join(
            f"{r.code}: {recommendation_title(r)}" for r in i.recommendations.all())),
        Column(gettext_lazy("Publications handed over"), lambda i: "; ".join(
            publication_title(p) for p in i.publications.all())),
        Column(gettext_lazy("Priorities"), lambda i: "; ".join(
            str(Area(c).label) for c in i.area_list if c in Area.values)),
        Column(gettext_lazy("Campaign"), lambda i: i.campaign.name if i.campaign else ""),
        Column(gettext_lazy("Lobbying (aims to influence policy)"), lambda i: _yes_no(i.lobbying)),
    ]


# --- the list and its export ---------------------------------------------------------------------------------------

@require(roles.ADVOCACY_VIEW)
def interaction_list(request):
    form, found = _filtered(request)
    query = request.GET.copy()
    for name in ("page", "format"):
        query.pop(name, None)
    listing = paginate(request, found, per_page=PER_PAGE)
    return render(request, "advocacy/interactions/list.html", {
        "form": form, "export_query": query.urlencode(), "filtered": bool(query),
        "may_change": scoping.has(request.user, roles.ADVOCACY_CHANGE), "today": timezone.localdate(),
        **listing})


@require(roles.ADVOCACY_VIEW)
@recent_auth_required
def interaction_export(request):
    """The list as it is filtered, one row per interaction, in the columns lobby transparency registers ask for."""
    _form, found = _filtered(request)
    fmt = request.GET.get("format") if request.GET.get("format") in FORMATS else "csv"
    return export_response(user=request.user, rows=found.order_by("on", "id"), columns=interaction_columns(),
                           filename="interactions", fmt=fmt, model=Interaction)


# --- one interaction -----------------------------------------------------------------------------------------------

def _moves(interaction):
    """The target statuses this interaction set, and whether each moved the target or found it already there."""
    changes = StatusChange.objects.filter(interaction=interaction).select_related(
        "target__stakeholder", "target__recommendation").prefetch_related(
        "target__recommendation__versions").order_by("target__recommendation__code", "target__stakeholder__name")
    rows = []
    for change in changes:
        timeline = list(change.target.changes.order_by("on", "at", "id"))
        before = timeline[timeline.index(change) - 1] if timeline.index(change) else None
        rows.append({"change": change, "recommendation": change.target.recommendation,
                     "title": recommendation_title(change.target.recommendation),
                     "stakeholder": change.target.stakeholder,
                     "moved": (before.status if before else Status.NOT_RAISED) != change.status})
    return rows


@require(roles.ADVOCACY_VIEW)
def interaction_detail(request, pk):
    interaction = _interaction(request, pk)
    return render(request, "advocacy/interactions/detail.html", {
        "interaction": interaction,
        "contacts": [{"contact": c, "roles": role_on(c, interaction.on)} for c in interaction.contacts.all()],
        "recommendations": [{"recommendation": r, "title": recommendation_title(r)}
                            for r in interaction.recommendations.all()],
        "publications": [{"publication": p, "title": publication_title(p)} for p in interaction.publications.all()],
        "areas": [Area(code).label for code in interaction.area_list if code in Area.values],
        "moves": _moves(interaction),
        "may_change": scoping.has(request.user, roles.ADVOCACY_CHANGE),
        "overdue": interaction.follow_up_overdue(),
    })


# --- recording, editing, deleting ----------------------------------------------------------------------------------

def _prefill(request, user) -> dict:
    """What a link from a stakeholder's, recommendation's, campaign's or contact's page already knows."""
    initial = {"staff": [user], "follow_up_owner": user, "on": timezone.localdate(), "lobbying": True}
    get = request.GET
    stakeholders = list(Stakeholder.objects.filter(pk__in=[v for v in get.getlist("stakeholder") if v.isdigit()]))
    contacts = list(Contact.objects.filter(pk__in=[v for v in get.getlist("contact") if v.isdigit()])
                    .prefetch_related("positions"))
    if contacts and not stakeholders:
        today = timezone.localdate()
        ids = {p.stakeholder_id for c in contacts for p in c.positions.all() if p.is_current(today)}
        stakeholders = list(Stakeholder.objects.filter(pk__in=ids))
    initial["stakeholders"], initial["contacts"] = stakeholders, contacts
    initial["recommendations"] = list(Recommendation.objects.filter(code__in=get.getlist("recommendation")))
    campaign = Campaign.objects.filter(slug=get.get("campaign", "")).first()
    if campaign:
        initial["campaign"] = campaign
    areas = {r.area for r in initial["recommendations"]}
    if areas:
        initial["areas"] = sorted(areas)
    return initial



@require(roles.ADVOCACY_CHANGE)
def interaction_add(request):
    posted = request.method == "POST"
    form = InteractionForm(request.POST if posted else None, initial=None if posted else _prefill(request, request.user))
    if posted and form.is_valid():
        interaction = attempt(form, services.interaction_save, by=request.user, **form.values())
        if interaction is not None:
            messages.success(request, _("Interaction recorded."))
            return redirect("advocacy:interaction", pk=interaction.pk)
    return render(request, "advocacy/interactions/form.html", {"form": form, "interaction": None})


@require(roles.ADVOCACY_CHANGE)
def interaction_edit(request, pk):
    interaction = _interaction(request, pk)
    posted = request.method == "POST"
    form = InteractionForm(request.POST if posted else None, instance=interaction,
                           initial=None if posted else initial_for(interaction))
    if posted and form.is_valid():
        if attempt(form, services.interaction_save, by=request.user, interaction=interaction, **form.values()):
            messages.success(request, _("Interaction saved."))
            return redirect("advocacy:interaction", pk=interaction.pk)
    return render(request, "advocacy/interactions/form.html", {"form": form, "interaction": interaction})


@require(roles.ADVOCACY_CHANGE)
def interaction_delete(request, pk):
    interaction = _interaction(request, pk)
    if request.method == "POST":
        try:
            services.interaction_delete(by=request.user, interaction=interaction)
        except scoping.NotAllowed:
            raise PermissionDenied
        messages.success(request, _("Interaction deleted; the recommendations it moved are back where they were."))
        return redirect("advocacy:interactions")
    return render(request, "advocacy/interactions/delete.html", {"interaction": interaction,
                                                                 "moves": _moves(interaction)})


# --- follow-ups ----------------------------------------------------------------------------------------------------

@require(roles.ADVOCACY_VIEW)
def follow_ups(request):
    everyone = request.GET.get("who") == "everyone"
    today = timezone.localdate()
    found = reminders.open_follow_ups()
    if not everyone:
        found = found.filter(follow_up_owner=request.user)
    found = list(scoping.scope(request.user, found))
    soon = today + datetime.timedelta(days=reminders.SOON_DAYS)
    groups = [
        ("overdue", _("Overdue"), [i for i in found if i.follow_up_due < today]),
        ("today", _("Due today"), [i for i in found if i.follow_up_due == today]),
        ("soon", _("Due within a week"), [i for i in found if today < i.follow_up_due <= soon]),
        ("later", _("Later"), [i for i in found if i.follow_up_due > soon]),
    ]
    return render(request, "advocacy/interactions/follow_ups.html", {
        "groups": [g for g in groups if g[2]], "everyone": everyone, "count": len(found), "today": today,
        "may_change": scoping.has(request.user, roles.ADVOCACY_CHANGE), "here": request.get_full_path()})


def _back(request, default):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return redirect(target)
    return redirect(default)


@require(roles.ADVOCACY_CHANGE)
@require_POST
def follow_up_done(request, pk):
    interaction = _interaction(request, pk)
    try:
        services.follow_up_done(by=request.user, interaction=interaction)
    except scoping.NotAllowed:
        raise PermissionDenied
    except services.AdvocacyError as exc:
        messages.error(request, " ".join(str(m) for m in exc.errors.values()))
    else:
        messages.success(request, _("Follow-up marked as done: %(what)s") % {"what": interaction.follow_up})
    return _back(request, reverse("advocacy:follow_ups"))
