"""The barrier observatory on the demo organisation: its tables pass the impact outputs' disclosure audit (an
attacker who knows every published cell and the margins cannot pin down a small cell), small cells are shown
suppressed, a barrier without a recommendation is flagged until one addresses it, only quotes consented for
publication appear, coordinators read it, and the CSV carries the same figures."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import translation

from duo.accounts.roles import Role
from duo.advocacy import observatory as obs
from duo.advocacy import services
from duo.impact.dimensions import DIMENSIONS
from duo.impact.disclosure import PRIMARY, PUBLISHED, SECONDARY, Cell, exposed
from duo.impact.snapshot import load
from duo.impact.tables import table
from duo.people.models import Person
from duo.testimony import services as testimony_services
from duo.testimony import models as tm
from duo.testimony.models import Consent, Source, Theme, WithdrawalChannel
from tests.factories import UserFactory


@pytest.fixture
def officer(organisation, db):
    return UserFactory(role=Role.OFFICER, language="en")


@pytest.fixture
def coordinator_user(organisation, db):
    return UserFactory(role=Role.COORDINATOR, language="en")


@pytest.fixture
def frames(organisation):
    return load(organisation)


def url(name, **kwargs):
    with translation.override("en"):
        return reverse(f"advocacy:{name}", kwargs=kwargs or None)


def row_html(html, kind):
    start = html.index(f'<tr id="barrier-{kind}">')
    return html[start:html.index("</tr>", start)]


# --- disclosure ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("by, threshold", [
    ("region", 10), ("cohort_year", 10), ("gender", 10), ("education_level", 10), ("origin_group", 10),
    # A higher threshold makes regions and years small too, so that their suppression is exercised as well.
    ("region", 50), ("cohort_year", 50),
])
def test_every_barrier_table_passes_the_disclosure_audit(frames, db, by, threshold):
    published = obs.tables(frames, by, threshold=threshold)
    hidden_keys = set()
    for kind in obs.kinds():
        # The truth, computed without disclosure control, is what the attacker tries to recover.
        truth = table(frames, indicator=obs.indicator_id(kind), by=[by])
        cells = {r.key: Cell(numerator=r.numerator, denominator=r.n) for r in truth.rows}
        flags = {r.key: r.flag for r in published[kind].rows}
        status = {key: (PRIMARY if 0 < cells[key].denominator < threshold else SECONDARY) if flags[key] == ":c"
                  else PUBLISHED for key in cells}
        assert all(flags[k] == ":c" for k, c in cells.items() if 0 < c.denominator < threshold), kind
        assert exposed(cells, status) == [], (kind, by)
        for row in published[kind].rows:
            if row.flag != ":c":
                assert (row.numerator, row.denominator) == (cells[row.key].numerator, cells[row.key].denominator)
            else:
                assert row.numerator is None and row.denominator is None and row.value is None
        hidden_keys.add(frozenset(k for k, f in flags.items() if f == ":c"))
    # The barriers share their denominators: one pattern for all, or one table would uncover another's cells.
    assert len(hidden_keys) == 1
    if by in ("gender", "education_level", "origin_group") or threshold == 50:
        assert hidden_keys != {frozenset()}, "the demo has small groups: something must be hidden"


def test_a_small_group_is_shown_suppressed_on_the_barrier_page(client, officer, frames):
    client.force_login(officer)
    response = client.get(url("observatory_barrier", kind="language"), {"by": "gender"})
    assert response.status_code == 200
    other = DIMENSIONS["gender"].label("other")
    truth = {r.key: r for r in table(frames, indicator="barrier_language", by=["gender"]).rows}
    assert 0 < truth[("other",)].n < 10
    rows = {tuple(r["labels"]): r for r in response.context["by_group"]["rows"]}
    assert rows[(other,)]["suppressed"] and rows[(other,)]["n"] is None and rows[(other,)]["value"] == ""
    html = response.content.decode()
    assert "suppressed" in html
    # The region and cohort-year tables are there too, with their published figures.
    assert response.context["by_region"]["rows"][-1]["n"] == truth[("*",)].n
    assert response.context["by_year"]["rows"] and "<svg" in response.context["year_svg"]


def test_a_group_the_page_does_not_know_is_a_field_error(client, officer, organisation):
    client.force_login(officer)
    response = client.get(url("observatory_barrier", kind="language"), {"by": "shoe_size"})
    assert response.status_code == 200 and response.context["form"].errors["by"]
    assert response.context["by_group"] is None


def test_an_unknown_barrier_is_404(client, officer, organisation):
    client.force_login(officer)
    assert client.get(url("observatory_barrier", kind="no-such-barrier")).status_code == 404


# --- the overview, recommendations --------------------------------------------------------------------------------

def test_the_overview_gives_every_barrier_its_share_and_trend(client, officer, frames):
    client.force_login(officer)
    response = client.get(url("observatory"))
    assert response.status_code == 200
    rows = {r["kind"]: r for r in response.context["rows"]}
    assert set(rows) == set(obs.kinds())
    for kind, row in rows.items():
        truth = table(frames, indicator=obs.indicator_id(kind))
        assert (row["numerator"], row["denominator"]) == (truth.total.numerator, truth.total.n)
        years = table(frames, indicator=obs.indicator_id(kind), by=["cohort_year"])
        assert [p["year"] for p in row["trend"]] == [r.key[0] for r in years.rows if not r.is_margin]
    html = response.content.decode()
    assert f"{rows['language']['numerator']} of {rows['language']['denominator']} mentees" in row_html(html, "language")
    assert "Source: Duo, snapshot #" in html


def test_a_barrier_without_recommendation_is_flagged_until_one_addresses_it(client, officer, organisation):
    client.force_login(officer)
    html = client.get(url("observatory")).content.decode()
    assert "no-recommendation" in row_html(html, "childcare")
    assert "no-recommendation" in row_html(html, "housing")

    services.recommendation_create(by=officer, code="childcare-places", area="equal_opportunities",
                                   level="municipal", title_en="Childcare places for jobseekers",
                                   barriers=["childcare"])
    # A withdrawn recommendation addresses nothing any more.
    services.recommendation_create(by=officer, code="old-housing", area="equal_opportunities", level="regional",
                                   title_en="Housing", barriers=["housing"], is_active=False)
    response = client.get(url("observatory"))
    html = response.content.decode()
    assert "no-recommendation" not in row_html(html, "childcare")
    assert "1 recommendation" in row_html(html, "childcare")
    assert "no-recommendation" in row_html(html, "housing")
    assert "childcare" not in {r["kind"] for r in response.context["unaddressed"]}

    page = client.get(url("observatory_barrier", kind="childcare"))
    recommendations = page.context["recommendations"]
    assert [r["recommendation"].code for r in recommendations] == ["childcare-places"]
    assert f'href="{url("recommendation", code="childcare-places")}"' in page.content.decode()
    assert "no-recommendation" in client.get(url("observatory_barrier", kind="housing")).content.decode()


# --- quotes --------------------------------------------------------------------------------------------------------

def _quote(person, text, consent, theme="language"):
    testimony = tm.Testimony.objects.create(person=person, side="mentee", text=text, language="en",
                                         source=Source.STAFF, consent=consent, purpose="annual report")
    testimony.themes.add(Theme.objects.get(code=theme))
    return testimony


def test_only_quotes_consented_for_publication_are_shown_and_a_withdrawn_one_disappears(client, officer, english):
    person = Person.objects.filter(testimonies__isnull=True).order_by("pk").first()
    public = _quote(person, "Nobody answered my applications in French.", Consent.FIRST_NAME)
    internal = _quote(person, "Only for the team to read.", Consent.INTERNAL)
    unchecked = _quote(person, "Anonymous but not yet checked.", Consent.ANONYMOUS)
    client.force_login(officer)

    response = client.get(url("observatory_barrier", kind="language"))
    html = response.content.decode()
    assert public.text in html and person.first_name in html
    assert internal.text not in html and unchecked.text not in html
    # Named as consented: the first name only, never the full name.
    assert person.last_name not in html
    shown = {q.pk for q in response.context["quotes"]}
    assert shown and all(tm.Testimony.objects.get(pk=pk).consent != Consent.INTERNAL for pk in shown)
    count = {r["kind"]: r["quotes"] for r in client.get(url("observatory")).context["rows"]}["language"]
    assert count == len(shown)

    testimony_services.withdraw(testimony=public, channel=WithdrawalChannel.LINK)
    response = client.get(url("observatory_barrier", kind="language"))
    assert "Nobody answered my applications in French." not in response.content.decode()
    assert public.pk not in {q.pk for q in response.context["quotes"]}
    assert {r["kind"]: r["quotes"] for r in client.get(url("observatory")).context["rows"]}["language"] == count - 1


# --- who reads it, the export -------------------------------------------------------------------------------------

def test_coordinators_read_the_observatory_but_not_the_advocacy_pages(client, coordinator_user, english):
    client.force_login(coordinator_user)
    page = client.get(url("observatory"))
    assert page.status_code == 200
    assert client.get(url("observatory_barrier", kind="diploma")).status_code == 200
    assert client.get(url("observatory_export")).status_code == 200
    assert client.get(url("home")).status_code == 403
    assert client.get(url("annual_report")).status_code == 403
    html = page.content.decode()
    assert f'href="{url("observatory")}">Barrier observatory</a>' in html
    assert f'href="{url("home")}"' not in html


def test_the_export_carries_the_tables_figures_and_flags(client, officer, frames, settings):
    client.force_login(officer)
    response = client.get(url("observatory_export"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")), delimiter=";"))
    header, body = rows[0], rows[1:]
    years = table(frames, indicator="barrier_language", by=["cohort_year"])
    assert len(body) == len(obs.kinds()) * len(years.rows)
    language = [dict(zip(header, r)) for r in body if r[0] == "language"]
    total = language[-1]
    assert list(total.values())[3:5] == [str(years.total.numerator), str(years.total.n)]

    # With a higher threshold the small years are suppressed in the file too: no numbers, the flag.
    settings.IMPACT_MIN_CELL = 30
    response = client.get(url("observatory_export"))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")), delimiter=";"))
    small = [r for r in rows[1:] if r[0] == "language" and r[2] == "2019"]
    assert small and small[0][3:6] == ["", "", ""] and small[0][6] == ":c"
