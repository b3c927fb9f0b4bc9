"""Reading a spreadsheet (XLSX or CSV) into a header and rows, or saying why it cannot be read.

Plain Python on purpose: no Django, no database, so that it can be tested on its own with
hypothesis. `read(data, filename)` returns a `Sheet`: the header as written, the data rows with
the row number a person sees in their spreadsheet program, and the structural problems found
(not a spreadsheet, wrong encoding, merged cells, formulas...). Rows are kept as read: text stays
text with its spaces, XLSX cells keep their type (number, date, boolean); turning values into
what Duo stores is the validator's job.

Texts are marked with `gettext_noop` (which makemessages picks up) and translated where they are
shown: `describe(problem, translate=gettext)`.
"""

import codecs
import csv
import io
import re
import zipfile
from dataclasses import dataclass, field

from defusedxml import DefusedXmlException

MAX_ROWS = 50_000
# An .xlsx is a zip: refuse one that would unpack to more than this (a "zip bomb").
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
DELIMITERS = (",", ";", "\t")
# Control characters never found in a spreadsheet's text (tab, line feed and carriage return are).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Z]+[0-9]+(?::[A-Z]+[0-9]+)?)"')


def gettext_noop(message: str) -> str:
    """Mark a text for translation without translating it here (same name as Django's)."""
    return message


@dataclass(frozen=True)
class Problem:
    """Something wrong with the file. `row` is the spreadsheet's row number (0: the whole file),
    `column` the header as written in the file (or a column letter), `message` what is expected."""

    row: int
    column: str
    value: str
    message: str
    params: dict = field(default_factory=dict, hash=False, compare=False)

    def expected(self, translate=lambda text: text) -> str:
        text = translate(self.message)
        return text % self.params if self.params else text


def describe(problem: Problem, translate=lambda text: text) -> str:
    """One sentence naming the row, the column, the value and what is expected."""
    expected = problem.expected(translate)
    if not problem.row:
        return expected[:1].upper() + expected[1:]
    if problem.column:
        text = gettext_noop("Row %(row)s, column “%(column)s”, value “%(value)s”: %(problem)s")
    else:
        text = gettext_noop("Row %(row)s, value “%(value)s”: %(problem)s")
    return translate(text) % {"row": problem.row, "column": problem.column, "value": problem.value,
                              "problem": expected}


@dataclass
class Row:
    number: int  # as the spreadsheet program shows it
    values: list  # one per header column: str for CSV; str, int, float, bool or datetime for XLSX; "" if empty


@dataclass
class Sheet:
    header: list[str] = field(default_factory=list)
    header_row: int = 1
    rows: list[Row] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    format: str = ""  # "csv" or "xlsx"
    encoding: str = ""  # for CSV: "utf-8", "utf-8-sig" or "cp1252"
    delimiter: str = ""

    def problem(self, row: int, column: str, value, message: str, **params) -> None:
        self.problems.append(Problem(row, column, _shown(value), message, params))


def _shown(value) -> str:
    text = "" if value is None else str(value)
    text = _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode(), text)
    return text if len(text) <= 80 else text[:79] + "…"


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: how spreadsheet programs name columns."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def read(data: bytes, filename: str, *, max_rows: int = MAX_ROWS) -> Sheet:
    """The first sheet of an .xlsx workbook, or a .csv file, as a header and rows."""
    sheet = Sheet()
    name = (filename or "").lower()
    if not data:
        sheet.problem(0, "", "", gettext_noop("the file is empty"))
    elif name.endswith(".xlsx") or name.endswith(".xlsm"):
        sheet.format = "xlsx"
        _read_xlsx(data, sheet, max_rows)
    elif name.endswith(".csv") or name.endswith(".txt"):
        sheet.format = "csv"
        _read_csv(data, sheet, max_rows)
    elif name.endswith(".xls") or name.endswith(".ods"):
        sheet.problem(0, "", filename, gettext_noop(
            "this spreadsheet format cannot be read: save the file as an Excel workbook (.xlsx) or as CSV"))
    else:
        sheet.problem(0, "", filename, gettext_noop("choose an Excel workbook (.xlsx) or a CSV file (.csv)"))
    if not sheet.problems and not sheet.header:
        sheet.problem(0, "", "", gettext_noop("the file is empty"))
    return sheet


# --- CSV ---------------------------------------------------------------------------------------

_PDF = gettext_noop("this is a PDF document, not a spreadsheet: export the data as .xlsx or CSV")


def _looks_utf16(sample: bytes) -> bool:
    """UTF-16 without a byte-order mark: Latin text leaves a zero byte in every other place."""
    half = len(sample) // 2
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    return half > 0 and ((odd > 0.4 * half and even == 0) or (even > 0.4 * half and odd == 0))


def _not_text(data: bytes) -> str | None:
    """Why these bytes are not a text file, or None if they may be one."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _looks_utf16(data[:512]):
        return gettext_noop("the file is in UTF-16: save it as “CSV UTF-8” (or “CSV (separator: semicolon)”)")
    if data.startswith(b"PK\x03\x04"):
        return gettext_noop(
            "this is not a CSV text file but an Excel workbook or another zip archive: "
            "give it the .xlsx extension, or save it as CSV")
    if data.startswith(b"%PDF"):
        return _PDF
    if b"\x00" in data[:65536]:
        return gettext_noop("this is not a text file: save the spreadsheet as .xlsx or CSV")
    return None


def decode(data: bytes) -> tuple[str | None, str, str | None]:
    """(text, encoding, problem): UTF-8 with or without a byte-order mark, else Windows-1252."""
    problem = _not_text(data)
    if problem:
        return None, "", problem
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _CONTROL.search(text):
            break  # a binary file that happened to decode: not text
        if encoding == "utf-8-sig" and not data.startswith(codecs.BOM_UTF8):
            encoding = "utf-8"
        return text, encoding, None
    return None, "", gettext_noop("this is not a text file: save the spreadsheet as .xlsx or CSV")


def sniff_delimiter(text: str) -> str:
    """The separator that splits the header record into the most columns; on a tie (a file of one
    column), the one under which most of the first rows have as many values as the header.
    Belgian and French Excel write semicolons; a header never needs either character."""
    scores = {}
    for delimiter in DELIMITERS:
        try:
            records = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
            header = next(records, [])
            fitting = sum(len(record) == len(header) for _i, record in zip(range(20), records))
        except csv.Error:
            continue
        scores[delimiter] = (len(header), fitting)
    return max(DELIMITERS, key=lambda d: (scores.get(d, (0, 0)), -DELIMITERS.index(d)))


def _read_csv(data: bytes, sheet: Sheet, max_rows: int) -> None:
    text, sheet.encoding, problem = decode(data)
    if problem:
        sheet.problem(0, "", "", problem)
        return
    sheet.delimiter = sniff_delimiter(text)
    records = csv.reader(io.StringIO(text, newline=""), delimiter=sheet.delimiter)
    number = 0
    try:
        for number, record in enumerate(records, start=1):
            if not _add(sheet, number, record, max_rows):
                return
    except csv.Error as exc:  # e.g. a value over the csv module's size limit
        sheet.problem(number + 1, "", "", gettext_noop("unreadable CSV: %(reason)s"), reason=str(exc))


# --- XLSX --------------------------------------------------------------------------------------

_UNSAFE_XML = gettext_noop(
    "this workbook holds XML entity or DTD declarations, which Duo refuses for safety: open it in Excel and save it "
    "again as .xlsx")


def _hostile(exc: BaseException | None) -> bool:
    while exc is not None:
        if isinstance(exc, DefusedXmlException):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def _read_xlsx(data: bytes, sheet: Sheet, max_rows: int) -> None:
    import openpyxl  # a dependency of the project; imported here so the CSV path does not pay for it

    unreadable = gettext_noop("this is not a readable Excel workbook (.xlsx): open it in Excel and save it again")
    if not data.startswith(b"PK\x03\x04"):
        sheet.problem(0, "", "", _PDF if data.startswith(b"%PDF") else unreadable)
        return
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
            sheet.problem(0, "", "", gettext_noop("this workbook is too large once unpacked: split it"))
            return
        # openpyxl reads the workbook's parts (shared strings, date styles, which file is the first
        # sheet); the sheet's cells are read below, several times faster than its cell objects allow.
        # The attributes used are openpyxl 3.1's (pinned below 4); the reader's tests read workbooks
        # written both by openpyxl and the way Excel writes them.
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        worksheet = workbook.worksheets[0]
        xml = archive.read(worksheet._worksheet_path)
        merged = _MERGE.findall(xml)
        for number, record in _xlsx_rows(xml, workbook, worksheet._shared_strings, sheet):
            if not _add(sheet, number, record, max_rows):
                break
        workbook.close()
    # openpyxl and the XML parser raise many kinds of error on a damaged or foreign file; all mean
    # the same to the person importing it, except hostile XML (which openpyxl wraps in a ValueError).
    except Exception as exc:  # noqa: BLE001
        sheet.problems[:] = [Problem(0, "", "", _UNSAFE_XML if _hostile(exc) else unreadable)]
        return
    for ref in merged:
        ref = ref.decode()
        first = re.match(r"([A-Z]+)([0-9]+)", ref)
        row, index = int(first.group(2)), _column_index(first.group(1))
        sheet.problem(row, _header_name(sheet, index), ref, gettext_noop(
            "merged cells %(cells)s: unmerge them and write the value in each cell"), cells=ref)
    sheet.problems.sort(key=lambda p: p.row)


def _xlsx_rows(xml: bytes, workbook, strings, sheet: Sheet):
    """(row number, values by column) for each row of a worksheet's XML; formulas and error cells
    are recorded as problems."""
    # defusedxml: an uploaded workbook is untrusted XML; entity declarations (billion laughs, external
    # entities) and DTDs are refused instead of expanded or fetched.
    from defusedxml.ElementTree import iterparse
    from openpyxl.utils.datetime import from_excel

    dates, epoch = workbook._date_formats, workbook.epoch
    columns = {}  # "AB" -> 27: a sheet has few distinct column letters
    number, record = 0, []
    ns = None
    for _event, element in iterparse(io.BytesIO(xml), events=("end",), forbid_dtd=True):
        if ns is None:
            ns = element.tag[: element.tag.index("}") + 1] if element.tag.startswith("{") else ""
            row_tag, cell_tag, v_tag, f_tag, is_tag, t_tag = (ns + t for t in ("row", "c", "v", "f", "is", "t"))
        tag = element.tag
        if tag == row_tag:
            number = int(element.get("r") or number + 1)
            yield number, record
            record = []
            element.clear()
        elif tag == cell_tag:
            ref = element.get("r")
            row = number + 1  # where this cell lies: its row element ends after its cells
            if ref:
                letters = ref.rstrip("0123456789")
                index = columns.get(letters)
                if index is None:
                    index = columns[letters] = _column_index(letters)
            else:
                index = len(record)
            value, kind, formula = None, element.get("t", "n"), None
            for child in element:
                if child.tag == v_tag:
                    value = child.text
                elif child.tag == f_tag:
                    formula = "=" + (child.text or "")
                elif child.tag == is_tag:
                    value = "".join(t.text or "" for t in child.iter(t_tag))
            if formula is not None:
                if ref:
                    row = int(ref[len(letters):])
                _formula(sheet, row, index, formula)
                value = formula
            elif value is None:
                continue
            elif kind == "s":
                value = strings[int(value)]
            elif kind == "n":
                value = float(value) if ("." in value or "E" in value or "e" in value) else int(value)
                if dates and int(element.get("s") or 0) in dates:
                    value = from_excel(value, epoch)
            elif kind == "b":
                value = value == "1"
            elif kind == "e":
                row = int(ref[len(letters):]) if ref else row
                sheet.problem(row, _header_name(sheet, index), value, gettext_noop(
                    "cell %(cell)s shows an error: correct it or leave the cell empty"),
                    cell=f"{column_letter(index)}{row}")
            if index >= len(record):
                record.extend([""] * (index + 1 - len(record)))
            record[index] = value
            element.clear()


def _formula(sheet, number, index, text):
    sheet.problem(number, _header_name(sheet, index), text, gettext_noop(
        "cell %(cell)s holds a formula: replace it by its value (copy, then paste values only)"),
        cell=f"{column_letter(index)}{number}")


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


# --- both ---------------------------------------------------------------------------------------

def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _header_name(sheet: Sheet, index: int) -> str:
    if index < len(sheet.header) and sheet.header[index].strip():
        return sheet.header[index].strip()
    return column_letter(index)


def _add(sheet: Sheet, number: int, record: list, max_rows: int) -> bool:
    """Keep one record as the header or a row; False to stop reading."""
    if all(_blank(value) for value in record):
        return True  # empty rows are skipped, wherever they are
    if not sheet.header:
        while record and _blank(record[-1]):
            record = record[:-1]
        sheet.header = ["" if value is None else str(value) for value in record]
        sheet.header_row = number
        return True
    width = len(sheet.header)
    for index in range(width, len(record)):
        if not _blank(record[index]):
            sheet.problem(number, column_letter(index), record[index],
                          gettext_noop("a value beyond the last column of the header: give the column a header"))
    if len(sheet.rows) >= max_rows:
        sheet.problem(number, "", "", gettext_noop("more than %(max)s rows: split the file"), max=max_rows)
        return False
    values = ["" if value is None else value for value in record[:width]]
    values.extend([""] * (width - len(values)))
    sheet.rows.append(Row(number, values))
    return True
