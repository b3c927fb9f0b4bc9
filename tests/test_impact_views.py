"""The impact dashboard as staff use it: an indicator's figure, its breakdown with disclosure control, the
downloads, the origin group kept from the roles that may not see it, snapshots and reference rates."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from duo.accounts.roles import Role
from duo.impact.models import ReferenceRate, Snapshot
from duo.impact.snapshot import snapshot_take

from .factories import AntennaFactory, DuoFactory, OutcomeFactory, UserFactory

ENDED = datetime.date(2024, 6, 30)
# 40 duos ended long enough ago for their 12-month outcome: 20 women (16 in work), 16 men (8), 4 "other" (3).
GROUPS = [("female", 20, 16), ("male", 16, 8), ("other", 4, 3)]
TOTAL_N, TOTAL_POSITIVE = 40, 27


@pytest.fixture
def duos(db):
    antenna = AntennaFactory(code="liege", name="Liège")
    for gender, n, positive in GROUPS:
        for i in range(n):
            duo = DuoFactory(antenna=antenna, status="completed", matched_on=datetime.date(2023, 9, 1),
                             started_on=datetime.date(2023, 9, 15), ended_on=ENDED,
                             mentee__person__gender=gender, mentee__person__origin_region="north_africa")
            OutcomeFactory(duo=duo, horizon="12m", observed_on=datetime.date(2025, 7, 1),
                           category="job_permanent" if i < positive else "searching")


@pytest.fixture
def snapshot(duos):
    return snapshot_take()


def _user(client, role):
    user = UserFactory(role=role, language="en")
    client.force_login(user)
    return user


def _page(client, name="positive_exit_12m", **query):
    response = client.get(reverse("impact:indicator", args=[name]), query)
    assert response.status_code == 200
    return response.content.decode()


def _csv(client, **query):
    response = client.get(reverse("impact:download", args=["positive_exit_12m", "csv"]), query)
    assert response.status_code == 200
    lines = response.content.decode("utf-8-sig").splitlines()
    return lines[0], list(csv.reader(lines[1:], delimiter=";"))


def test_the_indicator_page_shows_the_total_as_a_percentage(client, snapshot, english):
    _user(client, Role.RESEARCHER)
    html = _page(client)
    assert "67.5 %" in html  # 27 of 40
    assert "How this was computed" in html and snapshot.content_hash in html
    assert 'role="img"' in html and "<svg" in html


def test_a_small_cell_is_suppressed_on_the_page_and_in_the_csv(client, snapshot, english):
    _user(client, Role.RESEARCHER)
    html = _page(client, by="gender")
    row = html.split("<tbody>")[1].split("</tbody>")[0]
    other = next(r for r in row.split("<tr") if ">Other<" in r or "Other</td>" in r)
    assert "suppressed" in other
    # Neither its people (4) nor its successes (3) nor its share (75 %) appear in its row.
    assert "75.0 %" not in html and ">4<" not in other and ">3<" not in other
    meta, rows = _csv(client, by="gender")
    assert "positive_exit_12m" in meta and f"#{snapshot.pk}" in meta
    assert rows[0] == ["Gender", "numerator", "denominator", "value", "ci_low", "ci_high", "flag"]
    others = [r for r in rows[1:] if r[0] == "Other"]
    assert others == [["Other", "", "", "", "", "", ":c"]]
    total = next(r for r in rows[1:] if r[0] == "All")
    assert total[1:3] == [str(TOTAL_POSITIVE), str(TOTAL_N)] and total[3] == "0.675"


def test_the_csv_has_one_row_per_cell_and_margin(client, snapshot, english):
    _user(client, Role.OFFICER)
    _meta, rows = _csv(client)
    assert rows == [["numerator", "denominator", "value", "ci_low", "ci_high", "flag"],
                    [str(TOTAL_POSITIVE), str(TOTAL_N), "0.675", rows[1][3], rows[1][4], ""]]
    assert 0.5 < float(rows[1][3]) < 0.675 < float(rows[1][4]) < 0.8


def test_the_xlsx_opens_with_its_about_sheet(client, snapshot, english):
    _user(client, Role.VIEWER)
    response = client.get(reverse("impact:download", args=["positive_exit_12m", "xlsx"]), {"by": "gender"})
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    data, about = book.worksheets
    assert about.title == "About"
    assert [c.value for c in data[1]][:2] == ["Gender", "numerator"]
    assert any(snapshot.content_hash in str(c.value) for row in about.iter_rows() for c in row)


@pytest.mark.parametrize("fmt,kind,start", [("svg", "image/svg+xml", b"<svg"), ("png", "image/png", b"\x89PNG")])
def test_the_chart_downloads(client, snapshot, fmt, kind, start):
    _user(client, Role.COORDINATOR)
    response = client.get(reverse("impact:download", args=["positive_exit_12m", fmt]), {"by": "gender"})
    assert response.status_code == 200
    assert response["Content-Type"] == kind and response.content.startswith(start)


def test_the_origin_group_is_offered_to_officers_only(client, snapshot, english):
    _user(client, Role.OFFICER)
    assert 'value="origin_group"' in _page(client)
    html = _page(client, by="origin_group")
    assert "impact-table" in html and "North Africa" in html
    assert client.get(reverse("impact:download", args=["positive_exit_12m", "csv"]),
                      {"by": "origin_group"}).status_code == 200
    for role in (Role.RESEARCHER, Role.VIEWER):
        client.logout()
        _user(client, role)
        assert 'value="origin_group"' not in _page(client)
        html = _page(client, by="origin_group")
        assert "errorlist" in html and "impact-table" not in html
        response = client.get(reverse("impact:download", args=["positive_exit_12m", "csv"]), {"by": "origin_group"})
        assert response.status_code == 400 and b"0.675" not in response.content
        filtered = _page(client, filter="origin_group=north_africa")
        assert "errorlist" in filtered and "impact-table" not in filtered


@pytest.mark.parametrize("query", [{"by": "shoe_size"}, {"by": ["gender", "region", "age_band"]},
                                   {"snapshot": "abc"}, {"filter": "gender=nobody"}])
def test_bad_input_gives_a_field_error_not_a_crash(client, snapshot, query):
    _user(client, Role.RESEARCHER)
    html = _page(client, **query)
    assert "errorlist" in html and "impact-table" not in html


def test_without_a_snapshot_the_pages_say_so(client, db, english):
    _user(client, Role.OFFICER)
    for url in (reverse("impact:home"), reverse("impact:indicator", args=["positive_exit_12m"]),
                reverse("impact:evidence"), reverse("impact:fairness")):
        response = client.get(url)
        assert response.status_code == 200
        assert "No snapshot has been taken yet" in response.content.decode()
    assert "Take a snapshot" in client.get(reverse("impact:home")).content.decode()


def test_taking_a_snapshot_through_the_page(client, duos, eager, django_capture_on_commit_callbacks):
    _user(client, Role.RESEARCHER)
    assert client.post(reverse("impact:snapshots"), {"note": "annual report"}).status_code == 403
    assert not Snapshot.objects.exists()
    officer = _user(client, Role.OFFICER)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("impact:snapshots"), {"note": "annual report"})
    assert response.status_code == 302 and "/staff/jobs/" in response["Location"]
    snapshot = Snapshot.objects.get()
    assert (snapshot.duos, snapshot.note, snapshot.taken_by) == (TOTAL_N, "annual report", officer)


def test_the_other_pages_show_their_figures(client, snapshot, english):
    _user(client, Role.OFFICER)
    home = client.get(reverse("impact:home")).content.decode()
    assert "67.5 %" in home and snapshot.short_hash in home
    area = client.get(reverse("impact:area", args=["equal_opportunities"])).content.decode()
    assert "Positive exit 12 months after the mentoring" in area and "<svg" in area
    evidence = client.get(reverse("impact:evidence")).content.decode()
    assert "Observational" in evidence and "standardized difference" in evidence.lower()
    fairness = client.get(reverse("impact:fairness"), {"dimension": "gender"}).content.decode()
    assert "Matching fairness and outcome gaps" in fairness and "fewer than 10" in fairness  # the 4 "other"
    assert client.get(reverse("impact:fairness"), {"dimension": "shoe_size"}).status_code == 200


def test_a_reference_rate_is_checked_saved_shown_and_deleted(client, snapshot, english):
    _user(client, Role.RESEARCHER)
    assert client.post(reverse("impact:reference_add"), {}).status_code == 403
    _user(client, Role.OFFICER)
    data = {"indicator": "positive_exit_12m", "label": "Jobseekers in work after a year", "rate": "150",
            "year": "2025", "source": "Employment service"}
    response = client.post(reverse("impact:reference_add"), data)
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    assert not ReferenceRate.objects.exists()
    bad_indicator = client.post(reverse("impact:reference_add"), {**data, "rate": "50", "indicator": "days_to_match"})
    assert bad_indicator.status_code == 200 and not ReferenceRate.objects.exists()
    response = client.post(reverse("impact:reference_add"), {**data, "rate": "50"})
    assert response.status_code == 302
    html = _page(client)
    assert "Jobseekers in work after a year" in html and "+17.5 pp" in html  # 67.5 % against 50 %
    rate = ReferenceRate.objects.get()
    client.logout()
    _user(client, Role.VIEWER)
    assert client.post(reverse("impact:reference_delete", args=[rate.pk])).status_code == 403
    _user(client, Role.ADMINISTRATOR)
    assert client.post(reverse("impact:reference_delete", args=[rate.pk])).status_code == 302
    assert not ReferenceRate.objects.exists()
