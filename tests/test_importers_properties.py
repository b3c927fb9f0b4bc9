"""Properties of the reference-file parsers (plain Python, no database), checked with hypothesis."""

import csv
import io

from hypothesis import given, settings
from hypothesis import strategies as st

from duo.reference.importers import BELGIUM, parse_places

names = st.text(alphabet=st.characters(whitelist_categories=("L",), max_codepoint=0x17F), min_size=1, max_size=30)
place = st.fixed_dictionaries({
    "postal": st.integers(1000, 9999).map(str),
    "name": names,
    "lat": st.floats(*BELGIUM["latitude"], allow_nan=False).map(lambda v: round(v, 6)),
    "lng": st.floats(*BELGIUM["longitude"], allow_nan=False).map(lambda v: round(v, 6)),
})
places = st.lists(place, min_size=1, max_size=25, unique_by=lambda p: (p["postal"], p["name"]))


def _csv(rows):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["postal", "name", "lat", "lng"], quoting=csv.QUOTE_NONNUMERIC)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


@settings(max_examples=60, deadline=None)
@given(places)
def test_every_valid_file_reads_back_exactly(rows):
    parsed = parse_places(_csv(rows))
    assert not parsed.errors
    assert [(r["postal_code"], r["name"], r["latitude"], r["longitude"]) for r in parsed.rows] == [
        (p["postal"], p["name"], float(p["lat"]), float(p["lng"])) for p in rows
    ]


@settings(max_examples=60, deadline=None)
@given(places, st.data())
def test_one_bad_value_is_reported_at_its_row_and_column(rows, data):
    index = data.draw(st.integers(0, len(rows) - 1))
    column, bad = data.draw(st.sampled_from([("lat", "north"), ("lng", "999"), ("postal", "10A0"), ("name", "")]))
    rows = [dict(r) for r in rows]
    rows[index][column] = bad
    parsed = parse_places(_csv(rows))
    # The header is row 1, so the n-th data row is row n + 2 in the file.
    assert [(e.row, e.column, e.value) for e in parsed.errors] == [(index + 2, column, bad)]
