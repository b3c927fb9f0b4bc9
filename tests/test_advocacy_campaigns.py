"""Campaigns as officers run them: the targets × recommendations grid rolled up per target, per recommendation and
for the campaign, milestones done / upcoming / overdue, the forms refusing bad dates on their field with nothing
saved, and the interactions recorded under the campaign."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from duo.accounts.roles import Role
from duo.advocacy import queries_recommendations as queries
from duo.advocacy import services
from duo.advocacy.models import Campaign, CampaignStatus, InteractionKind, Milestone, Status, Target
from duo.advocacy.rollup import rollup
from tests.factories_advocacy import RecommendationFactory, StakeholderFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def url(name, *args):
    with translation.override("en"):
        return reverse(f"advocacy:{name}", args=args)


@pytest.fixture
def officer(users):
    return users[Role.OFFICER]


@pytest.fixture
def as_officer(client, officer):
    client.force_login(officer)
    return client


def _campaign(officer, recommendations, stakeholders, **extra):
    values = dict(name="Memorandum 2029", slug="memorandum-2029", starts_on=TODAY - 30 * DAY, ends_on=TODAY + 90 * DAY,
                  status=CampaignStatus.ACTIVE, recommendations=recommendations, stakeholders=stakeholders)
    return services.campaign_save(by=officer, **{**values, **extra})


def _set(officer, rec, stakeholder, status, progress=None):
    target = Target.objects.get(recommendation=rec, stakeholder=stakeholder)
    services.target_set_status(by=officer, target=target, status=status, progress=progress, on=TODAY - DAY)


def test_the_grid_rolls_up_per_target_per_recommendation_and_for_the_campaign(as_officer, officer, english):
    funding, quality = RecommendationFactory(code="funding"), RecommendationFactory(code="quality")
    cabinet, actiris = StakeholderFactory(name="Cabinet Emploi"), StakeholderFactory(name="Actiris")
    campaign = _campaign(officer, [funding, quality], [cabinet, actiris])
    assert Target.objects.filter(recommendation__in=[funding, quality]).count() == 4  # every pair is asked
    _set(officer, funding, cabinet, Status.COMMITTED, 80)
    _set(officer, funding, actiris, Status.SUPPORTED, 40)
    _set(officer, quality, cabinet, Status.REJECTED)
    # Outside the campaign: counts on the recommendation's own page, not in the campaign's grid.
    services.target_set_status(by=officer, status=Status.IMPLEMENTED, on=TODAY - DAY, target=services.target_add(
        by=officer, recommendation=quality, stakeholder=StakeholderFactory(name="Parliament")))

    grid = queries.campaign_grid(campaign)
    by_target = {r["stakeholder"].name: r["standing"]["progress"] for r in grid["rows"]}
    by_rec = {c["recommendation"].code: c["standing"] for c in grid["columns"]}
    assert by_target == {"Actiris": rollup([("supported", 40), ("not_raised", 0)]).progress,
                         "Cabinet Emploi": rollup([("committed", 80), ("rejected", 0)]).progress} == {
        "Actiris": 20, "Cabinet Emploi": 40}
    assert (by_rec["funding"]["status"], by_rec["funding"]["progress"]) == ("committed", 60)
    assert (by_rec["quality"]["status"], by_rec["quality"]["progress"]) == ("not_raised", 0)
    assert grid["standing"]["progress"] == 30

    html = as_officer.get(url("campaign", campaign.slug)).content.decode()
    grid_html = html[html.index('id="grid"'):html.index('id="materials"')]
    cabinet_row = next(r for r in re.findall(r"<tr>.*?</tr>", grid_html, re.S) if "Cabinet Emploi" in r)
    assert "Committed" in cabinet_row and "Rejected" in cabinet_row and "40 %" in cabinet_row
    footer = grid_html[grid_html.index("<tfoot>"):grid_html.index("</tfoot>")]
    assert re.findall(r"(\d+) %", footer) == ["60", "0", "30"]
    assert "Parliament" not in grid_html
    listed = as_officer.get(url("campaigns")).content.decode()
    assert "Memorandum 2029" in listed and "30 %" in listed


def test_milestones_are_done_upcoming_or_overdue_and_one_is_marked_done(as_officer, officer, english):
    campaign = _campaign(officer, [], [])
    sent = Milestone.objects.create(campaign=campaign, on=TODAY - 5 * DAY, title="Memorandum sent")
    Milestone.objects.create(campaign=campaign, on=TODAY + 20 * DAY, title="Election day")
    states = {m["milestone"].title: m["state"] for m in queries.milestones(campaign)}
    assert states == {"Memorandum sent": "overdue", "Election day": "upcoming"}
    response = as_officer.post(url("milestone_done", campaign.slug, sent.pk))
    assert response.status_code == 302 and response["Location"].endswith("#milestones")
    sent.refresh_from_db()
    assert sent.done
    html = as_officer.get(url("campaign", campaign.slug)).content.decode()
    html = html[html.index('id="milestones"'):]
    item = html[html.index("Memorandum sent"):html.index("</li>", html.index("Memorandum sent"))]
    assert ">done<" in item and "Mark as done" not in item


def test_a_milestone_is_added_and_an_empty_one_refused(as_officer, officer, english):
    campaign = _campaign(officer, [], [])
    refused = as_officer.post(url("milestone_add", campaign.slug), {"on": "", "title": ""})
    assert refused.status_code == 200 and set(refused.context["milestone_form"].errors) == {"on", "title"}
    assert not campaign.milestones.exists()
    day = TODAY + 14 * DAY
    assert as_officer.post(url("milestone_add", campaign.slug),
                           {"on": day.isoformat(), "title": "Hearing in parliament"}).status_code == 302
    assert list(campaign.milestones.values_list("on", "title")) == [(day, "Hearing in parliament")]


def test_a_campaign_is_created_from_its_form_and_a_bad_end_date_changes_nothing(as_officer, english):
    rec, cabinet = RecommendationFactory(), StakeholderFactory()
    values = {"name": "Regional elections", "slug": "regional-elections", "goal": "Both asks in the agreement.",
              "starts_on": "2029-01-01", "ends_on": "2029-06-30", "status": "planned",
              "recommendations": [rec.pk], "stakeholders": [cabinet.pk]}
    response = as_officer.post(url("campaign_add"), values)
    campaign = Campaign.objects.get(slug="regional-elections")
    assert response.status_code == 302 and response["Location"] == url("campaign", campaign.slug)
    assert Target.objects.filter(recommendation=rec, stakeholder=cabinet).exists()
    refused = as_officer.post(url("campaign_edit", campaign.slug), {**values, "name": "Renamed",
                                                                    "ends_on": "2028-12-31"})
    assert refused.status_code == 200
    assert "cannot end before it starts" in " ".join(refused.context["form"].errors["ends_on"])
    campaign.refresh_from_db()
    assert (campaign.name, campaign.ends_on) == ("Regional elections", datetime.date(2029, 6, 30))


def test_the_interactions_recorded_under_the_campaign_are_listed(as_officer, officer, english):
    rec, cabinet = RecommendationFactory(), StakeholderFactory(name="Cabinet Emploi")
    campaign = _campaign(officer, [rec], [cabinet])
    services.interaction_save(by=officer, kind=InteractionKind.MEETING, on=TODAY - 2 * DAY, campaign=campaign,
                              subject="Memorandum handed over", stakeholders=[cabinet], recommendations=[rec])
    services.interaction_save(by=officer, kind=InteractionKind.CALL, on=TODAY - DAY, subject="Unrelated call",
                              stakeholders=[cabinet])
    html = as_officer.get(url("campaign", campaign.slug)).content.decode()
    listed = html[html.index('id="interactions"'):]
    assert "Memorandum handed over" in listed and "Unrelated call" not in listed
    grid = html[html.index('id="grid"'):html.index('id="materials"')]
    assert "Discussed" in grid  # the meeting moved the campaign's target along
