"""The read endpoints as a funder's dashboard and a partner use them: the published indicators (the very figures the
public site shows, suppressed ones without a number), the published publications (never a draft), the duos of a
token's antennas (never another antenna's, never a name), their pages and filters, and ETags with 304."""

import datetime
import json

import pytest
from django.core.cache import cache
from django.utils import timezone, translation
from drf_spectacular.validation import validate_schema

from duo.accounts.roles import Role
from duo.api import services
from duo.api.models import Scope, TokenUse
from duo.impact import snapshot as snapshots
from duo.impact import tables
from duo.impact.indicators import INDICATORS
from duo.impact.views import shown_value
from duo.journeys.models import Duo
from duo.publications import services as publishing
from duo.publications.models import Status
from duo.site import queries

from .factories import AntennaFactory, DuoFactory, UserFactory

pytestmark = pytest.mark.django_db
NEXT_MONTH = timezone.localdate() + datetime.timedelta(days=30)
REPORT = "experience-report-2026"  # the demo's published experience report
DUO_FIELDS = {"id", "antenna", "status", "language", "matched_on", "started_on", "planned_end_on", "ended_on",
              "end_reason"}


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()  # the rate per token and the public figures live in the cache
    yield
    cache.clear()


@pytest.fixture
def admin(db):
    return UserFactory(role=Role.ADMINISTRATOR)


def token(admin, *scopes, antennas=()):
    _token, raw = services.token_create(by=admin, name="Funder dashboard", scopes=scopes, expires_on=NEXT_MONTH,
                                        antennas=antennas)
    return raw


def get(client, raw, url, **headers):
    return client.get(url, HTTP_AUTHORIZATION=f"Bearer {raw}", **headers)


# --- indicators ----------------------------------------------------------------------------------------------------

def test_the_indicators_are_the_figures_of_the_published_snapshot_after_disclosure_control(organisation, client,
                                                                                            admin):
    raw = token(admin, Scope.INDICATORS_READ)
    response = get(client, raw, "/api/v1/indicators/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    items = {item["code"]: item for item in response.json()}
    assert set(items) == set(INDICATORS)
    published = queries.published_snapshot()
    assert published == organisation
    frames = snapshots.load(published)
    for code, item in items.items():
        total = tables.table(frames, indicator=code, public=True).total
        assert item["snapshot"] == {"id": published.pk, "as_of": f"{published.as_of:%Y-%m-%d}",
                                    "hash": published.content_hash}
        assert item["suppressed"] is False and item["n"] == total.n, code
        assert item["value"] == pytest.approx(total.value, abs=1e-4), code
        assert (item["ci_low"], item["ci_high"]) == (pytest.approx(total.ci_low, abs=1e-4),
                                                     pytest.approx(total.ci_high, abs=1e-4)), code
        assert item["low_reliability"] is (total.flag == ":u") and item["flag"] == total.flag, code
    # The demo has a figure the site marks as of low reliability (a handful of paired survey answers).
    assert items["network_widened"]["low_reliability"] and items["network_widened"]["flag"] == ":u"


def test_the_api_shows_the_same_key_figures_as_the_advocacy_page(organisation, client, admin):
    raw = token(admin, Scope.INDICATORS_READ)
    html = client.get("/en/advocacy/").content.decode()
    chosen = queries.key_figure_ids(queries.advocacy_page())
    assert chosen
    for code in chosen:
        item = get(client, raw, f"/api/v1/indicators/{code}/", HTTP_ACCEPT_LANGUAGE="en").json()
        assert f'<p class="site-figure-value">{item["value_display"]}</p>' in html
        assert f"n = {item['n']}" in html
        assert item["value_display"] == shown_value(INDICATORS[code], item["value"])


def test_labels_and_shown_values_follow_accept_language(organisation, client, admin):
    raw = token(admin, Scope.INDICATORS_READ)
    answers = {lang: get(client, raw, "/api/v1/indicators/duo_reached_term/", HTTP_ACCEPT_LANGUAGE=lang).json()
               for lang in ("fr", "nl", "en")}
    for lang, item in answers.items():
        with translation.override(lang):
            assert item["label"] == str(INDICATORS["duo_reached_term"].title)
    assert answers["en"]["label"] == "Duos that reached their term"
    assert answers["fr"]["label"] != answers["en"]["label"] != answers["nl"]["label"]
    assert answers["en"]["value_display"].replace(".", ",") == answers["fr"]["value_display"]
    assert len({a["value"] for a in answers.values()}) == 1  # the number itself does not depend on the language


def test_a_suppressed_figure_leaves_with_no_number(organisation, client, admin, settings):
    raw = token(admin, Scope.INDICATORS_READ)
    secret = tables.table(snapshots.load(organisation), indicator="duo_reached_term", public=False).total
    settings.IMPACT_MIN_CELL = 10**6  # every cell is now too small to publish
    response = get(client, raw, "/api/v1/indicators/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    for item in response.json():
        assert item["suppressed"] is True and item["flag"] == ":c", item["code"]
        assert [item[k] for k in ("value", "ci_low", "ci_high", "n")] == [None] * 4
        assert item["value_display"] == item["ci_display"] == ""
    text = response.content.decode()
    assert str(round(secret.value, 4)) not in text and f'"n": {secret.n}' not in text
    one = get(client, raw, "/api/v1/indicators/duo_reached_term/").json()
    assert one["suppressed"] and one["value"] is None


def test_an_unknown_indicator_is_a_404_in_the_error_shape(organisation, client, admin):
    raw = token(admin, Scope.INDICATORS_READ)
    response = get(client, raw, "/api/v1/indicators/no_such_thing/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert response.json() == {"status": 404, "errors": [{"field": None, "code": "not_found",
                                                           "message": "No indicator has this code."}]}


def test_before_anything_is_published_there_are_no_figures(organisation, client, admin):
    raw = token(admin, Scope.INDICATORS_READ)
    from duo.publications.models import Version

    Version.objects.filter(status=Status.PUBLISHED).update(status=Status.REVIEW)
    assert get(client, raw, "/api/v1/indicators/").json() == []
    assert get(client, raw, "/api/v1/indicators/positive_exit_12m/").status_code == 404
    assert get(client, raw, "/api/v1/publications/").json() == []
    assert get(client, raw, f"/api/v1/publications/{REPORT}/").status_code == 404


def test_a_lost_snapshot_file_is_a_503_not_a_500(organisation, client, admin, monkeypatch):
    raw = token(admin, Scope.INDICATORS_READ)

    def damaged(snapshot):
        raise snapshots.SnapshotDamaged("gone")

    monkeypatch.setattr(snapshots, "load", damaged)
    response = get(client, raw, "/api/v1/indicators/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 503
    assert response.json()["errors"][0]["code"] == "unavailable"


# --- publications --------------------------------------------------------------------------------------------------

def test_only_published_versions_are_listed_with_their_pages_and_pdfs(organisation, client, admin):
    officer = UserFactory(role=Role.OFFICER)
    report = queries.published_version(REPORT).publication
    draft = publishing.version_new(publication=report, by=officer)
    publishing.version_update(version=draft, by=officer, title_en="Draft: not for anyone's eyes")
    publishing.version_submit(version=draft, by=officer)  # in review: still not public
    hidden = publishing.publication_create(by=officer, slug="api-hidden", kind="factsheet",
                                           title_en="Hidden draft", summary_en="Never published")
    raw = token(admin, Scope.INDICATORS_READ)

    listed = get(client, raw, "/api/v1/publications/", HTTP_ACCEPT_LANGUAGE="en")
    assert listed.status_code == 200
    assert [p["slug"] for p in listed.json()] == [REPORT]
    assert "Draft: not for anyone" not in listed.content.decode() and "Hidden draft" not in listed.content.decode()
    entry = listed.json()[0]
    published = report.published
    assert (entry["kind"], entry["kind_label"], entry["version"]) == ("experience_report", "Experience report", 1)
    assert datetime.datetime.fromisoformat(entry["published_at"]) == published.published_at
    languages = {lang["language"]: lang for lang in entry["languages"]}
    assert set(languages) == set(published.language_list)
    en = languages["en"]
    assert (en["title"], en["summary"]) == (published.title("en"), published.summary("en"))
    assert en["url"] == f"http://testserver/en/publications/{REPORT}/"
    assert en["pdf_url"] == f"http://testserver/en/publications/{REPORT}/{REPORT}-en.pdf"
    assert client.get(en["url"]).status_code == 200  # the addresses are the public site's own

    detail = get(client, raw, f"/api/v1/publications/{REPORT}/", HTTP_ACCEPT_LANGUAGE="en")
    assert detail.status_code == 200 and detail.json() == entry
    missing = get(client, raw, f"/api/v1/publications/{hidden.slug}/", HTTP_ACCEPT_LANGUAGE="en")
    unknown = get(client, raw, "/api/v1/publications/no-such-thing/", HTTP_ACCEPT_LANGUAGE="en")
    assert missing.status_code == unknown.status_code == 404
    assert missing.json() == unknown.json()  # a draft's existence is not revealed


# --- duos ----------------------------------------------------------------------------------------------------------

@pytest.fixture
def north(db):
    return AntennaFactory(code="api-north")


@pytest.fixture
def south(db):
    return AntennaFactory(code="api-south")


def test_a_token_sees_only_the_duos_of_its_antennas(client, admin, north, south):
    mine = [DuoFactory(antenna=north) for _ in range(2)]
    theirs = DuoFactory(antenna=south)
    raw = token(admin, Scope.DUOS_READ, antennas=[north])
    listed = get(client, raw, "/api/v1/duos/")
    assert listed.status_code == 200
    assert sorted(d["id"] for d in listed.json()["results"]) == sorted(d.pk for d in mine)
    assert listed.json()["count"] == 2
    assert {d["antenna"] for d in listed.json()["results"]} == {"api-north"}

    own = get(client, raw, f"/api/v1/duos/{mine[0].pk}/")
    assert own.status_code == 200 and own.json()["id"] == mine[0].pk
    foreign = get(client, raw, f"/api/v1/duos/{theirs.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    unknown = get(client, raw, "/api/v1/duos/999999/", HTTP_ACCEPT_LANGUAGE="en")
    assert foreign.status_code == unknown.status_code == 404
    assert foreign.json() == unknown.json() == {"status": 404, "errors": [
        {"field": None, "code": "not_found", "message": "Not found."}]}

    both = token(admin, Scope.DUOS_READ, antennas=[north, south])
    assert get(client, both, "/api/v1/duos/").json()["count"] == 3


def test_a_duo_carries_dates_and_status_and_no_personal_field(client, admin, north):
    duo = DuoFactory(antenna=north, status="ended_early", ended_on=datetime.date(2026, 3, 1),
                     end_reason="moved", mentee__person__phone="+32 470 12 34 56",
                     mentor__person__phone="+32 2 555 01 02")
    raw = token(admin, Scope.DUOS_READ, antennas=[north])
    answers = [get(client, raw, f"/api/v1/duos/{duo.pk}/"), get(client, raw, "/api/v1/duos/")]
    item = answers[0].json()
    assert item == {"id": duo.pk, "antenna": "api-north", "status": "ended_early", "language": "fr",
                    "matched_on": "2026-01-10", "started_on": "2026-01-20", "planned_end_on": "2026-07-20",
                    "ended_on": "2026-03-01", "end_reason": "moved"}
    assert answers[1].json()["results"] == [item]
    for answer in answers:
        text = answer.content.decode()
        for person in (duo.mentee.person, duo.mentor.person):
            for value in (person.first_name, person.last_name, person.email, person.phone, person.postal_code,
                          f"{person.date_of_birth:%Y-%m-%d}"):
                assert value not in text, value
    DuoFactory(antenna=north)  # an open duo: no end reason is null, not ""
    assert set(get(client, raw, "/api/v1/duos/").json()["results"][0]) == DUO_FIELDS
    assert {d["end_reason"] for d in get(client, raw, "/api/v1/duos/").json()["results"]} == {None, "moved"}


def test_each_scope_opens_its_own_endpoints_only(client, admin, north):
    duo = DuoFactory(antenna=north)
    indicators = token(admin, Scope.INDICATORS_READ)
    duos = token(admin, Scope.DUOS_READ, antennas=[north])
    for url in ("/api/v1/duos/", f"/api/v1/duos/{duo.pk}/"):
        refused = get(client, indicators, url, HTTP_ACCEPT_LANGUAGE="en")
        assert refused.status_code == 403
        assert refused.json()["errors"][0]["message"] == "This token does not have the scope “duos:read”."
    for url in ("/api/v1/indicators/", "/api/v1/indicators/positive_exit_12m/", "/api/v1/publications/",
                f"/api/v1/publications/{REPORT}/"):
        refused = get(client, duos, url, HTTP_ACCEPT_LANGUAGE="en")
        assert refused.status_code == 403
        assert refused.json()["errors"][0]["message"] == "This token does not have the scope “indicators:read”."
    assert client.get("/api/v1/duos/").status_code == 401


def test_duos_come_in_pages_with_a_maximum_size(client, admin, north, monkeypatch):
    for day in range(1, 6):
        DuoFactory(antenna=north, matched_on=datetime.date(2026, 1, day))
    raw = token(admin, Scope.DUOS_READ, antennas=[north])
    first = get(client, raw, "/api/v1/duos/?page_size=2").json()
    assert first["count"] == 5 and len(first["results"]) == 2 and first["previous"] is None
    assert [d["matched_on"] for d in first["results"]] == ["2026-01-05", "2026-01-04"]  # newest match first
    second = client.get(first["next"], HTTP_AUTHORIZATION=f"Bearer {raw}").json()
    assert [d["matched_on"] for d in second["results"]] == ["2026-01-03", "2026-01-02"]
    last = get(client, raw, "/api/v1/duos/?page_size=2&page=last").json()
    assert [d["matched_on"] for d in last["results"]] == ["2026-01-01"] and last["next"] is None
    assert len(get(client, raw, "/api/v1/duos/").json()["results"]) == 5  # 50 a page by default

    from duo.api.views_read import DuoPages

    assert DuoPages.max_page_size == 200
    monkeypatch.setattr(DuoPages, "max_page_size", 3)  # a larger size asked for is cut to the maximum
    assert len(get(client, raw, "/api/v1/duos/?page_size=1000").json()["results"]) == 3

    for bad in ("page=abc", "page=0", "page_size=0", "page_size=-1", "page_size=many"):
        refused = get(client, raw, f"/api/v1/duos/?{bad}")
        assert refused.status_code == 400, bad
        assert refused.json()["errors"][0]["field"] == bad.split("=")[0]
    past = get(client, raw, "/api/v1/duos/?page=9")
    assert past.status_code == 404 and past.json()["status"] == 404


def test_duos_are_filtered_by_status_antenna_and_start(client, admin, north, south):
    early = DuoFactory(antenna=north, status="active", started_on=datetime.date(2026, 1, 5))
    later = DuoFactory(antenna=north, status="completed", started_on=datetime.date(2026, 3, 1),
                       ended_on=datetime.date(2026, 9, 1))
    unstarted = DuoFactory(antenna=north, status="introduction_planned", started_on=None)
    southern = DuoFactory(antenna=south, status="active", started_on=datetime.date(2026, 2, 1))
    raw = token(admin, Scope.DUOS_READ, antennas=[north, south])

    def ids(query):
        response = get(client, raw, f"/api/v1/duos/?{query}")
        assert response.status_code == 200, (query, response.content)
        return {d["id"] for d in response.json()["results"]}

    assert ids("status=active") == {early.pk, southern.pk}
    assert ids("antenna=api-south") == {southern.pk}
    assert ids("status=active&antenna=api-north") == {early.pk}
    assert ids("started_after=2026-02-01") == {later.pk, southern.pk}  # on or after
    assert ids("started_before=2026-02-01") == {early.pk, southern.pk}  # on or before
    assert ids("started_after=2026-01-06&started_before=2026-02-28") == {southern.pk}
    assert ids("") == {early.pk, later.pk, unstarted.pk, southern.pk}


@pytest.mark.parametrize("query,field,code", [
    ("status=finished", "status", "invalid_choice"),
    ("antenna=nowhere", "antenna", "invalid_choice"),
    ("antenna=api-south", "antenna", "invalid_choice"),  # exists, but not among the token's antennas
    ("started_after=yesterday", "started_after", "invalid"),
    ("started_before=2026-13-01", "started_before", "invalid"),
    ("started_after=2026-05-01&started_before=2026-04-01", "started_before", "invalid"),
], ids=["unknown status", "unknown antenna", "another antenna", "not a date", "no such month", "after > before"])
def test_a_bad_filter_is_a_400_naming_it_not_an_ignored_one(client, admin, north, south, query, field, code):
    DuoFactory(antenna=north)
    DuoFactory(antenna=south)
    raw = token(admin, Scope.DUOS_READ, antennas=[north])
    response = get(client, raw, f"/api/v1/duos/?{query}", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json()["status"] == 400
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [(field, code)]


# --- ETags ---------------------------------------------------------------------------------------------------------

def test_an_unchanged_duo_answers_304_with_no_body_and_a_changed_one_a_new_etag(client, admin, north):
    duo = DuoFactory(antenna=north)
    raw = token(admin, Scope.DUOS_READ, antennas=[north])
    for url in (f"/api/v1/duos/{duo.pk}/", "/api/v1/duos/"):
        first = get(client, raw, url)
        etag = first["ETag"]
        assert first.status_code == 200 and etag
        again = get(client, raw, url, HTTP_IF_NONE_MATCH=etag)
        assert again.status_code == 304 and again.content == b"" and again["ETag"] == etag
        assert get(client, raw, url, HTTP_IF_NONE_MATCH='W/"something-else"').status_code == 200
    Duo.objects.filter(pk=duo.pk).update(status="completed", ended_on=datetime.date(2026, 7, 20))
    changed = get(client, raw, f"/api/v1/duos/{duo.pk}/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed.json()["status"] == "completed"
    assert changed["ETag"] != etag
    # The administrator's log of calls shows the 304s too.
    assert list(TokenUse.objects.filter(status=304).values_list("path", flat=True)) == [
        "/api/v1/duos/", f"/api/v1/duos/{duo.pk}/"]


def test_indicators_and_publications_answer_304_per_language(organisation, client, admin):
    raw = token(admin, Scope.INDICATORS_READ)
    for url in ("/api/v1/indicators/", "/api/v1/indicators/positive_exit_12m/", "/api/v1/publications/",
                f"/api/v1/publications/{REPORT}/"):
        english = get(client, raw, url, HTTP_ACCEPT_LANGUAGE="en")
        dutch = get(client, raw, url, HTTP_ACCEPT_LANGUAGE="nl")
        assert english["ETag"] != dutch["ETag"], url  # labels differ: so does the ETag
        again = get(client, raw, url, HTTP_ACCEPT_LANGUAGE="en", HTTP_IF_NONE_MATCH=english["ETag"])
        assert again.status_code == 304 and again.content == b"", url
        assert get(client, raw, url, HTTP_ACCEPT_LANGUAGE="nl",
                   HTTP_IF_NONE_MATCH=english["ETag"]).status_code == 200, url


# --- schema --------------------------------------------------------------------------------------------------------

def test_the_schema_documents_the_read_endpoints_with_304_and_without_personal_fields(client, db):
    schema = json.loads(client.get("/api/schema/", HTTP_ACCEPT="application/json").content)
    validate_schema(schema)
    paths = schema["paths"]
    for path in ("/api/v1/indicators/", "/api/v1/indicators/{code}/", "/api/v1/publications/",
                 "/api/v1/publications/{slug}/", "/api/v1/duos/", "/api/v1/duos/{id}/"):
        operation = paths[path]["get"]
        assert {"200", "304", "401", "403", "429"} <= set(operation["responses"]), path
        assert "content" not in operation["responses"]["304"]
        assert "ETag" in operation["responses"]["200"]["headers"]
        assert "If-None-Match" in {p["name"] for p in operation["parameters"]}
    listing = paths["/api/v1/duos/"]["get"]
    assert {"status", "antenna", "started_after", "started_before", "page", "page_size"} <= {
        p["name"] for p in listing["parameters"]}
    assert "400" in listing["responses"]
    assert set(schema["components"]["schemas"]["DuoSummary"]["properties"]) == DUO_FIELDS
