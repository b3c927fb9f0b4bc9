"""The advocacy overview and the annual report's advocacy section, against interactions recorded here: counts by
priority, level of government and month over the last twelve months, the recommendation pipeline, follow-ups
due, who may read it, and the annual report in another language with its Markdown download."""

import datetime
from collections import Counter

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from duo.accounts.roles import Role
from duo.advocacy import services
from duo.advocacy.models import CampaignStatus, InteractionKind, Level, StakeholderKind, Status
from duo.publications import services as publication_services
from tests.factories import UserFactory
from tests.factories_advocacy import (
    CampaignFactory, InteractionFactory, RecommendationFactory, StakeholderFactory, TargetFactory,
)


@pytest.fixture
def officer(db):
    return UserFactory(role=Role.OFFICER, language="en")


@pytest.fixture
def as_officer(client, officer):
    client.force_login(officer)
    return client


def url(name):
    with translation.override("en"):
        return reverse(f"advocacy:{name}")


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def by_code(rows):
    return {r["code"]: r["count"] for r in rows}


# --- the overview --------------------------------------------------------------------------------------------------

def test_activity_by_priority_level_and_month_counts_what_was_recorded(as_officer):
    regional = StakeholderFactory(level=Level.REGIONAL)
    federal = StakeholderFactory(level=Level.FEDERAL)
    union = StakeholderFactory(kind=StakeholderKind.TRADE_UNION, level="")
    recorded = {
        # Two priorities and two levels: counted once under each.
        "both": InteractionFactory(on=days(-2), areas=",equal_opportunities,active_ageing,"),
        "regional": InteractionFactory(on=days(-40), areas=",equal_opportunities,"),
        "union": InteractionFactory(on=days(-100)),
        "bare": InteractionFactory(on=days(-200)),
        # Outside the twelve months: too old, or planned and not yet held.
        "old": InteractionFactory(on=days(-400), areas=",social_cohesion,"),
        "planned": InteractionFactory(on=days(10), areas=",social_cohesion,"),
    }
    recorded["both"].stakeholders.set([regional, federal])
    recorded["regional"].stakeholders.set([regional])
    recorded["union"].stakeholders.set([union])
    recorded["old"].stakeholders.set([federal])

    response = as_officer.get(url("home"))
    assert response.status_code == 200
    context = response.context
    assert context["total"] == 4
    assert by_code(context["priorities"]) == {"equal_opportunities": 2, "inclusion_diversity": 0,
                                              "active_ageing": 1, "social_cohesion": 0, "": 2}
    levels = by_code(context["levels"])
    assert (levels["regional"], levels["federal"], levels["municipal"], levels[""]) == (2, 1, 0, 2)
    months = context["months"]
    assert len(months) == 12 and months[-1]["month"] == timezone.localdate().replace(day=1)
    expected = Counter((i.on.year, i.on.month) for k, i in recorded.items() if k not in ("old", "planned"))
    assert {(m["month"].year, m["month"].month): m["count"] for m in months if m["count"]} == expected
    assert "<svg" in context["month_chart"]
    html = response.content.decode()
    assert recorded["both"].subject in html and recorded["planned"].subject not in html


def test_the_pipeline_rolls_recommendations_up_and_counts_targets(as_officer):
    mixed = RecommendationFactory()
    TargetFactory(recommendation=mixed, status=Status.RAISED)
    TargetFactory(recommendation=mixed, status=Status.REJECTED)
    RecommendationFactory()  # no target yet
    refused = RecommendationFactory()
    TargetFactory(recommendation=refused, status=Status.REJECTED)
    withdrawn = RecommendationFactory(is_active=False)
    TargetFactory(recommendation=withdrawn, status=Status.IMPLEMENTED)

    pipeline = as_officer.get(url("home")).context["pipeline"]
    rows = {r["code"]: (r["recommendations"], r["targets"]) for r in pipeline["rows"]}
    assert rows["raised"] == (1, 1)
    assert rows["not_raised"] == (1, 0)
    assert rows["rejected"] == (1, 2)
    assert rows["implemented"] == (0, 0)
    assert (pipeline["recommendations"], pipeline["targets"]) == (3, 3)


def test_follow_ups_due_soon_and_overdue(as_officer):
    def promised(due, done=False):
        return InteractionFactory(on=days(-30), follow_up="Send the figures", follow_up_due=due,
                                  follow_up_done_at=timezone.now() if done else None)

    promised(days(-3))
    promised(days(0))
    promised(days(-5), done=True)
    promised(days(5))
    promised(days(30))
    CampaignFactory(name="Memorandum 2029", status=CampaignStatus.ACTIVE)
    CampaignFactory(name="Closed one", status=CampaignStatus.CLOSED)
    response = as_officer.get(url("home"))
    assert {k: response.context["follow_ups"][k] for k in ("overdue", "soon")} == {"overdue": 2, "soon": 1}
    html = response.content.decode()
    assert "2 overdue" in html and "Memorandum 2029" in html and "Closed one" not in html
    assert f'href="{url("follow_ups")}"' in html


@pytest.mark.parametrize("role, code", [(Role.ADMINISTRATOR, 200), (Role.OFFICER, 200), (Role.COORDINATOR, 403),
                                        (Role.RESEARCHER, 403), (Role.VIEWER, 403)])
def test_who_reads_the_overview(client, db, role, code):
    client.force_login(UserFactory(role=role))
    assert client.get(url("home")).status_code == code
    assert client.get(url("annual_report")).status_code == code


def test_the_main_menu_leads_the_advocacy_team_to_the_overview(as_officer):
    html = as_officer.get(url("home")).content.decode()
    assert f'href="{url("home")}">Advocacy</a>' in html


# --- the annual report ---------------------------------------------------------------------------------------------

@pytest.fixture
def last_year(officer):
    """A year of advocacy: two meetings and a letter, a recommendation raised, a publication handed over."""
    year = timezone.localdate().year - 1
    cabinet = StakeholderFactory(name="Cabinet Emploi", level=Level.REGIONAL)
    actiris = StakeholderFactory(name="Actiris", kind=StakeholderKind.PUBLIC_BODY, level=Level.REGIONAL)
    union = StakeholderFactory(name="FGTB", kind=StakeholderKind.TRADE_UNION, level="")
    recommendation = RecommendationFactory(code="diploma-fast-track")
    publication = publication_services.publication_create(by=officer, slug="memo-diplomas", kind="memorandum",
                                                          title_nl="Memo diploma's", title_fr="Mémo diplômes")
    campaign = CampaignFactory(name="Elections", starts_on=datetime.date(year, 1, 1),
                               ends_on=datetime.date(year, 12, 31))
    services.interaction_save(by=officer, kind="meeting", on=datetime.date(year, 3, 10), subject="Diplomas",
                              stakeholders=[cabinet], recommendations=[recommendation], publications=[publication],
                              campaign=campaign)
    services.interaction_save(by=officer, kind="meeting", on=datetime.date(year, 6, 2), subject="Follow-up",
                              stakeholders=[cabinet, actiris], recommendations=[recommendation])
    services.interaction_save(by=officer, kind="letter", on=datetime.date(year, 9, 1), subject="Letter",
                              stakeholders=[union], lobbying=False)
    # This year the cabinet implemented it: the report on last year still says where it stood at its end.
    target = recommendation.targets.get(stakeholder=cabinet)
    services.target_set_status(by=officer, target=target, status=Status.IMPLEMENTED, on=timezone.localdate())
    return year


def test_the_annual_report_in_dutch_has_the_years_figures(as_officer, last_year):
    response = as_officer.get(url("annual_report"), {"year": last_year, "lang": "nl"})
    assert response.status_code == 200
    report = response.context["report"]
    assert (report.year, report.lang) == (last_year, "nl")
    assert report.figures == {"interactions": 3, "stakeholders": 3, "recommendations": 1, "taken_up": 0,
                              "publications": 1, "campaigns": 1, "lobbying": 2}
    tables = [t for _heading, t in report.tables]
    with translation.override("nl"):
        kinds = [str(InteractionKind.MEETING.label), str(InteractionKind.LETTER.label)]
    assert tables[0].rows == [[kinds[0], "2"], [kinds[1], "1"]]
    recommendation_row = next(t for t in tables if any("diploma-fast-track" in r[0] for r in t.rows)).rows[0]
    # Raised twice; discussed by the year's end (implemented only this year), at two targets out of two.
    with translation.override("nl"):
        discussed = str(Status.DISCUSSED.label)
    assert recommendation_row[1:] == ["2", discussed, "30 %", "2"]
    assert any(row[0] == "Memo diploma's" for t in tables for row in t.rows)
    html = response.content.decode()
    assert '<section class="adv-report" lang="nl"' in html and str(last_year) in report.title


def test_the_annual_report_downloads_as_markdown(as_officer, last_year):
    response = as_officer.get(url("annual_report"), {"year": last_year, "lang": "nl", "format": "md"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/markdown")
    assert f'advocacy-activity-{last_year}-nl.md' in response["Content-Disposition"]
    text = response.content.decode()
    assert text.startswith("## ") and str(last_year) in text.splitlines()[0]
    assert any(line.startswith("| --- |") for line in text.splitlines())
    assert "diploma-fast-track" in text and "Memo diploma's" in text
    # Every table row has as many cells as its header.
    for block in text.split("\n\n"):
        lines = [line for line in block.splitlines() if line.startswith("|")]
        if lines:
            assert len({line.count(" | ") for line in lines if "---" not in line}) == 1


def test_a_year_without_activity_says_so_and_bad_input_is_named(as_officer, english):
    response = as_officer.get(url("annual_report"), {"year": timezone.localdate().year, "lang": "en"})
    assert response.context["report"].sentences == [
        f"No advocacy interaction was recorded in {timezone.localdate().year}."]
    bad = as_officer.get(url("annual_report"), {"year": "1850", "lang": "en"})
    assert bad.status_code == 200 and bad.context["report"] is None and bad.context["form"].errors["year"]
    download = as_officer.get(url("annual_report"), {"year": "1850", "format": "md"})
    assert download.status_code == 400
