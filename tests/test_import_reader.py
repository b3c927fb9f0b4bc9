"""The spreadsheet reader and cell parsers (plain Python, no database), checked with hypothesis."""

import codecs
import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from duo.intake.records import cells, reader

from .factories_records import csv_bytes, excel_style_xlsx, xlsx_bytes

# Text a spreadsheet cell may hold: letters with accents, digits, punctuation, the separators and
# quotes CSV must escape, and line breaks inside a cell. Windows-1252 can encode all of it.
CELL_CHARS = st.sampled_from(list("abcxyzABCÉéèêëàçôûüœÆ0123456789 .,;:'\"-_/()&@€\n"))
cells_text = st.text(CELL_CHARS, max_size=12).filter(lambda t: not t.startswith("="))
HEADER_CHARS = st.sampled_from(list("abcdefghijklmnopqrstuvwxyzéèàç ABCDEF"))
headers = st.lists(st.text(HEADER_CHARS, min_size=1, max_size=12).filter(lambda t: t.strip()),
                   min_size=1, max_size=6, unique_by=lambda t: t.strip().lower())


def _table(data, header, typed=False):
    cell = cells_text
    if typed:
        cell = st.one_of(cells_text, st.integers(-10**6, 10**6),
                         st.dates(datetime.date(1900, 3, 1), datetime.date(2100, 1, 1)))
    row = st.lists(cell, min_size=len(header), max_size=len(header)).filter(
        lambda r: any(not cells.blank(v) for v in r))
    return data.draw(st.lists(row, max_size=15))


@settings(max_examples=80, deadline=None)
@given(headers, st.sampled_from([",", ";"]), st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]), st.data())
def test_csv_in_any_supported_encoding_and_separator_reads_back_identical(header, delimiter, encoding, data):
    rows = _table(data, header)
    sheet = reader.read(csv_bytes([header, *rows], delimiter=delimiter, encoding=encoding), "people.csv")
    assert not sheet.problems
    assert sheet.header == header
    assert [r.values for r in sheet.rows] == rows
    assert sheet.format == "csv"
    if len(header) > 1:  # a file of one column has no separator to find
        assert sheet.delimiter == delimiter


@settings(max_examples=40, deadline=None)
@given(headers, st.data())
def test_xlsx_reads_back_identical_with_its_types(header, data):
    rows = _table(data, header, typed=True)
    sheet = reader.read(xlsx_bytes([header, *rows]), "people.xlsx")
    assert not sheet.problems
    assert sheet.header == header

    def expected(value):
        return datetime.datetime.combine(value, datetime.time()) if isinstance(value, datetime.date) else value

    assert [r.values for r in sheet.rows] == [[expected(v) for v in row] for row in rows]


@settings(max_examples=40, deadline=None)
@given(headers, st.data())
def test_row_numbers_are_the_spreadsheets_even_around_empty_rows(header, data):
    rows = _table(data, header)
    blanks = data.draw(st.lists(st.booleans(), min_size=len(rows), max_size=len(rows)))
    written, expected_numbers = [header], []
    for row, blank_before in zip(rows, blanks):
        if blank_before:
            written.append([""] * len(header))
        written.append(row)
        expected_numbers.append(len(written))
    for sheet in (reader.read(csv_bytes(written), "f.csv"), reader.read(xlsx_bytes(written), "f.xlsx")):
        assert [r.number for r in sheet.rows] == expected_numbers


@settings(max_examples=100, deadline=None)
@given(st.dates(datetime.date(1900, 1, 1), datetime.date(2100, 12, 31)),
       st.sampled_from(["%d/%m/%Y", "{d}/{m}/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]))
def test_every_accepted_date_form_reads_back_the_same_day(day, form):
    written = day.strftime(form.replace("{d}", str(day.day)).replace("{m}", str(day.month)))
    assert cells.date(written) == day
    assert cells.date(datetime.datetime.combine(day, datetime.time())) == day


@pytest.mark.parametrize("written,reason", [
    ("31/02/2024", "no_such_date"), ("29/02/2023", "no_such_date"), ("2024-13-01", "no_such_date"),
    ("02/31/2024", "no_such_date"), ("12/31/24", "format"), ("tomorrow", "format"), (44927, "format"),
])
def test_impossible_or_unreadable_dates_are_refused(written, reason):
    with pytest.raises(cells.Bad) as caught:
        cells.date(written)
    assert caught.value.reason == reason


def test_language_lists_are_read_in_their_usual_spellings():
    assert cells.language_items("fr:B2, nl:A2") == [("fr", "B2"), ("nl", "A2")]
    assert cells.language_items("Français C1; arabe (langue maternelle)") == [
        ("Français", "C1"), ("arabe", "langue maternelle")]
    assert cells.language_items("English B1") == [("English", "B1")]
    with pytest.raises(cells.Bad):
        cells.language_items("fr")


def test_a_file_that_is_not_text_is_refused_with_its_reason():
    cases = {
        "utf16.csv": "name;first\nDupont;Gaëlle\n".encode("utf-16"),
        "utf16-no-bom.csv": "name;first\nDupont;Gaëlle\n".encode("utf-16-le"),
        "pdf.csv": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\x00\x01stream",
        "zip.csv": xlsx_bytes([["a"], ["b"]]),
        "binary.csv": bytes(range(256)) * 4,
        "words.xlsx": b"first name;last name\nA;B\n",
        "old.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100,
        "notes.docx": b"PK\x03\x04",
        "empty.csv": b"",
    }
    messages = {name: [reader.describe(p) for p in reader.read(data, name).problems] for name, data in cases.items()}
    assert "UTF-16" in messages["utf16.csv"][0] and "UTF-16" in messages["utf16-no-bom.csv"][0]
    assert "PDF" in messages["pdf.csv"][0]
    assert ".xlsx" in messages["zip.csv"][0]
    assert "not a text file" in messages["binary.csv"][0]
    assert "not a readable Excel workbook" in messages["words.xlsx"][0]
    assert ".xlsx" in messages["old.xls"][0] and ".xlsx" in messages["notes.docx"][0]
    assert messages["empty.csv"] == ["The file is empty"]
    assert all(len(found) == 1 and not reader.read(cases[name], name).rows for name, found in messages.items())


def test_windows_1252_and_bom_are_detected():
    text = "Prénom;Ville\nGaëlle;Liège\n"
    for encoding, expected in (("cp1252", "cp1252"), ("utf-8-sig", "utf-8-sig"), ("utf-8", "utf-8")):
        sheet = reader.read(text.encode(encoding), "f.csv")
        assert (sheet.encoding, sheet.header, sheet.rows[0].values) == (expected, ["Prénom", "Ville"],
                                                                        ["Gaëlle", "Liège"])
    assert codecs.BOM_UTF8 not in reader.read(text.encode("utf-8-sig"), "f.csv").header[0].encode()


def test_merged_cells_formulas_and_stray_values_name_their_cells():
    data = xlsx_bytes([["first name", "last name"], ["Ana", "=UPPER(A2)"], ["Bo", "Ba"], ["Cy", "Ca", "oops"]],
                      formulas={"B2"}, merged=["A3:B3"])
    found = [(p.row, p.column, p.value, reader.describe(p)) for p in reader.read(data, "f.xlsx").problems]
    assert found[0][:3] == (2, "last name", "=UPPER(A2)") and "cell B2 holds a formula" in found[0][3]
    assert found[1][:3] == (3, "first name", "A3:B3") and "merged cells A3:B3" in found[1][3]
    assert found[2][:3] == (4, "C", "oops") and "beyond the last column" in found[2][3]


def test_column_letters_go_on_after_z():
    assert [reader.column_letter(i) for i in (0, 25, 26, 51, 52, 701, 702)] == [
        "A", "Z", "AA", "AZ", "BA", "ZZ", "AAA"]


@settings(max_examples=40, deadline=None)
@given(headers, st.data())
def test_a_workbook_written_the_way_excel_writes_reads_back_identical(header, data):
    rows = _table(data, header, typed=True)
    sheet = reader.read(excel_style_xlsx([header, *rows]), "people.xlsx")
    assert not sheet.problems and sheet.header == header

    def expected(value):
        return datetime.datetime.combine(value, datetime.time()) if isinstance(value, datetime.date) else value

    assert [r.values for r in sheet.rows] == [[expected(v) for v in row] for row in rows]
