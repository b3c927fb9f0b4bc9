"""The XLSX template for each kind of records: headers in the active language on the first sheet,
and a second sheet saying what each column holds, its format and its allowed values."""

import io
import re

from django.utils.text import capfirst
from django.utils.translation import gettext
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from . import columns as c

# Cells typed as text, so that Excel keeps a reference's or a phone number's leading zeros.
_AS_TEXT = {c.REF, c.PHONE, c.POSTAL, c.TEXT, c.EMAIL, c.LANGUAGES, c.OCCUPATION}


def _sheet_title(text) -> str:
    return re.sub(r"[\[\]:*?/\\]", " ", str(text))[:31]


def _required(kind, spec) -> str:
    if spec.required:
        return gettext("Yes")
    if spec.type == c.ANTENNA and kind != "duos":
        return gettext("Yes, unless an antenna is chosen for the whole file at import")
    for group in c.ONE_OF.get(kind, []):
        if spec.key in group:
            return gettext("One of the two: %(columns)s") % {
                "columns": " / ".join(str(s.label) for s in c.specs(kind) if s.key in group)}
    return gettext("No")


def _format(spec) -> str:
    if spec.type == c.CHOICE:
        return gettext("One of the allowed values (the text or the code in brackets)")
    if spec.type == c.ANTENNA:
        return gettext("The code of an antenna")
    return capfirst(gettext(c.EXPECTED[spec.type]) % {"max": spec.max_length or spec.maximum, "min": spec.minimum})


def _allowed(spec, antenna_codes) -> str:
    if spec.type == c.CHOICE:
        return "\n".join(f"{label} ({code})" for code, label in spec.choices)
    if spec.type == c.ANTENNA:
        return "\n".join(antenna_codes)
    if spec.type == c.BOOL:
        return gettext("yes / no")
    if spec.type == c.LANGUAGES:
        return "fr, nl, en, de, ar, es, pt, tr, ru, other\nA1, A2, B1, B2, C1, C2, native"
    return ""


def notes(kind: str) -> list[str]:
    """What a person filling in the template must know, in the active language."""
    key = {"duos": gettext(
        "Importing the same file again creates no duplicates: a duo is found again by its mentee, its "
        "mentor and its match date. Import the mentees and the mentors first.")}.get(kind, gettext(
        "Importing the same file again creates no duplicates: a person is found again by their reference, "
        "else their email address, else their first name, last name and date of birth, within their antenna."))
    found = [
        gettext("Fill in the first sheet, one row each, and keep its headers. Headers are also accepted in "
                "French, Dutch or English."),
        gettext("The import is all or nothing: if any row has a problem, nothing is imported, and every problem "
                "is listed with its row, its column, its value and what is expected."),
        key,
        gettext("An empty cell leaves what Duo already holds. Empty rows are skipped."),
        gettext("Dates are written dd/mm/yyyy or yyyy-mm-dd, or typed as dates in Excel. Do not merge cells and "
                "do not use formulas: copy and paste values only. CSV files may be separated by commas or "
                "semicolons, in UTF-8 or Windows encoding."),
    ]
    if kind != "duos":
        found.append(gettext(
            "Imported people have no consent record in Duo, and the import does not make one up. Your "
            "organisation must have its own legal basis for processing their data (such as the consent it "
            "collected when they joined) and be able to show it."))
    return found


def workbook_bytes(kind: str, antenna_codes=()) -> bytes:
    specs = c.specs(kind)
    workbook = Workbook()
    data = workbook.active
    data.title = _sheet_title(c.KIND_LABELS[kind])
    data.append([str(spec.label) for spec in specs])
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    for index, spec in enumerate(specs, start=1):
        letter = get_column_letter(index)
        data.cell(row=1, column=index).font = bold
        data.column_dimensions[letter].width = max(14, min(40, len(str(spec.label)) + 4))
        if spec.type in _AS_TEXT:
            data.column_dimensions[letter].number_format = "@"
        elif spec.type == c.DATE:
            data.column_dimensions[letter].number_format = "DD/MM/YYYY"
    data.freeze_panes = "A2"

    about = workbook.create_sheet(_sheet_title(gettext("About the columns")))
    about.append([gettext("Importing %(kind)s into Duo") % {"kind": str(c.KIND_LABELS[kind]).lower()}])
    about.cell(row=1, column=1).font = Font(bold=True, size=14)
    for text in notes(kind):
        about.append([text])
        about.merge_cells(start_row=about.max_row, start_column=1, end_row=about.max_row, end_column=5)
        about.cell(row=about.max_row, column=1).alignment = wrap
        about.row_dimensions[about.max_row].height = 45
    about.append([])
    about.append([gettext("Column"), gettext("Required"), gettext("Format"), gettext("Allowed values"),
                  gettext("What it holds")])
    for cell in about[about.max_row]:
        cell.font = bold
    for spec in specs:
        about.append([str(spec.label), _required(kind, spec), _format(spec), _allowed(spec, antenna_codes),
                      str(spec.help)])
        for cell in about[about.max_row]:
            cell.alignment = wrap
    for letter, width in zip("ABCDE", (28, 22, 40, 40, 60)):
        about.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
