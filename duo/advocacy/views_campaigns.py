"""Campaigns: the list with each campaign's progress, a campaign's page (goal, milestones, the targets ×
recommendations grid rolled up both ways, materials, the interactions recorded under it) and its forms.

Writes go through duo.advocacy.services; refusals come back on the form, nothing changed.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from duo.accounts import roles, scoping
from duo.accounts.scoping import require

from . import queries_recommendations as queries
from . import services
from .forms_recommendations import CampaignForm, MilestoneForm
from .models import Campaign
from .views_base import attempt


def campaign_of(request, slug) -> Campaign:
    return scoping.get_or_404(request.user, Campaign, slug=slug)


def campaign_url(campaign, anchor="") -> str:
    url = reverse("advocacy:campaign", args=[campaign.slug])
    return f"{url}#{anchor}" if anchor else url



@require(roles.ADVOCACY_VIEW)
def campaign_list(request):
    return render(request, "advocacy/campaigns/list.html", {
        "rows": queries.campaign_list(), "may_change": scoping.has(request.user, roles.ADVOCACY_CHANGE)})


def campaign_context(request, campaign, *, milestone_form=None) -> dict:
    may_change = scoping.has(request.user, roles.ADVOCACY_CHANGE)
    return {
        "campaign": campaign, "grid": queries.campaign_grid(campaign), "milestones": queries.milestones(campaign),
        "materials": queries.publication_rows(campaign.publications.all()),
        "interactions": list(campaign.interactions.prefetch_related("stakeholders").order_by("-on", "-id")),
        "may_change": may_change, "milestone_form": milestone_form or (MilestoneForm() if may_change else None),
    }


@require(roles.ADVOCACY_VIEW)
def campaign(request, slug):
    found = campaign_of(request, slug)
    return render(request, "advocacy/campaigns/detail.html", campaign_context(request, found))


@require(roles.ADVOCACY_CHANGE)
def campaign_add(request):
    form = CampaignForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        saved = attempt(form, services.campaign_save, by=request.user, **form.values())
        if saved:
            messages.success(request, _("Campaign created."))
            return redirect(campaign_url(saved))
    return render(request, "advocacy/campaigns/form.html", {"form": form, "adding": True})


@require(roles.ADVOCACY_CHANGE)
def campaign_edit(request, slug):
    found = campaign_of(request, slug)
    form = CampaignForm(request.POST if request.method == "POST" else None, user=request.user, campaign=found,
                        initial=CampaignForm.initial_of(found))
    if request.method == "POST" and form.is_valid():
        saved = attempt(form, services.campaign_save, by=request.user, campaign=found, **form.values())
        if saved:
            messages.success(request, _("Campaign saved."))
            return redirect(campaign_url(saved))
        found.refresh_from_db()  # the refused values were set on it: show the saved name and address
    return render(request, "advocacy/campaigns/form.html", {"form": form, "campaign": found})


@require(roles.ADVOCACY_CHANGE)
@require_POST
def milestone_add(request, slug):
    found = campaign_of(request, slug)
    form = MilestoneForm(request.POST)
    if form.is_valid():
        if attempt(form, services.milestone_save, by=request.user, campaign=found, **form.cleaned_data):
            messages.success(request, _("Milestone added."))
            return redirect(campaign_url(found, "milestones"))
    return render(request, "advocacy/campaigns/detail.html", campaign_context(request, found, milestone_form=form))


@require(roles.ADVOCACY_CHANGE)
@require_POST
def milestone_done(request, slug, pk):
    found = campaign_of(request, slug)
    milestone = get_object_or_404(found.milestones, pk=pk)
    if milestone.done:
        messages.info(request, _("This milestone was already done."))
    else:
        try:
            services.milestone_save(by=request.user, campaign=found, milestone=milestone, done=True)
        except scoping.NotAllowed:
            raise PermissionDenied
        messages.success(request, _("Milestone done: %(title)s.") % {"title": milestone.title})
    return redirect(campaign_url(found, "milestones"))
