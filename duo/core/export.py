"""Lists leave Duo as XLSX or CSV: the same columns the user sees, the filters they chose.

Special-category columns are included only for roles allowed to see them, and including them
is audited as a view of that many records.
"""

import csv
import datetime
import decimal
import io
from dataclasses import dataclass
from collections.abc import Callable, Iterable

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from duo.accounts import roles, scoping

FORMATS = ("xlsx", "csv")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    header: str  # translated, lazily
    value: Callable  # row -> value
    special: bool = False  # special-category data (GDPR art. 9)


def visible_columns(user, columns: list[Column]) -> list[Column]:
    allowed = scoping.has(user, roles.SPECIAL_CATEGORY_VIEW)
    return [c for c in columns if allowed or not c.special]


def _plain(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return value
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, (int, float, decimal.Decimal, datetime.date)):
        return value  # a number stays a number (a negative one too): only text can be read as a formula
    return str(value)


def safe_text(value):
    """A cell that starts like a formula is shown as text, never run by the spreadsheet (OWASP's CSV injection:
    a leading apostrophe). Text only: a number, negative or not, is written as the number it is."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def export_response(*, user, rows: Iterable, columns: list[Column], filename: str, fmt: str, model=None):
    columns = visible_columns(user, columns)
    stamp = timezone.localtime().strftime("%Y-%m-%d")
    name = f"{filename}-{stamp}.{fmt}"
    if any(c.special for c in columns) and model is not None:
        rows = list(rows)
        from duo.privacy.audit import record
        from duo.privacy.models import AuditEvent

        record(action=AuditEvent.Action.VIEW, model=model, fields=["export"], count=len(rows),
               note=f"export {name}")
    headers = [str(c.header) for c in columns]
    if fmt == "csv":
        return _csv(rows, columns, headers, name)
    return _xlsx(rows, columns, headers, name)


def _csv(rows, columns, headers, name):
    # Semicolons and a byte-order mark: what Excel in Belgium and France opens without a wizard.
    def generate():
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        buffer.write("\ufeff")
        writer.writerow(headers)
        for row in rows:
            writer.writerow([safe_text(_csv_value(_plain(c.value(row)))) for c in columns])
            if buffer.tell() > 64 * 1024:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue()

    response = StreamingHttpResponse(generate(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _csv_value(value):
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime.datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return value


def _xlsx(rows, columns, headers, name):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    bold = Font(bold=True)
    header_cells = []
    for h in headers:
        cell = WriteOnlyCell(sheet, value=h)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        cells = []
        for c in columns:
            value = _plain(c.value(row))
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula, whatever the text starts with
            elif isinstance(value, datetime.datetime):
                cell.number_format = "DD/MM/YYYY HH:MM"
            elif isinstance(value, datetime.date):
                cell.number_format = "DD/MM/YYYY"
            cells.append(cell)
        sheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
