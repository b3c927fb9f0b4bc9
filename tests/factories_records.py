"""Spreadsheet files for the import tests, made in the tests (no binary file is committed)."""

import csv
import datetime
import io

from openpyxl import Workbook

MENTEE_HEADER = ["Reference", "First name", "Last name", "Email address", "Phone", "Date of birth", "Gender",
                 "Postal code", "Antenna", "Languages", "Stage", "Applied on", "Education level",
                 "Target occupation", "Nationality background"]


def csv_bytes(rows, *, delimiter=";", encoding="utf-8-sig") -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows, *, formulas=(), merged=()) -> bytes:
    """A workbook whose first sheet holds `rows`; strings stay strings (never read as formulas)
    unless they are listed in `formulas` as cell references."""
    workbook = Workbook()
    sheet = workbook.active
    for r, row in enumerate(rows, start=1):
        for col, value in enumerate(row, start=1):
            if value is None or value == "":
                continue
            cell = sheet.cell(row=r, column=col, value=value)
            if isinstance(value, str) and cell.coordinate not in formulas:
                cell.data_type = "s"
    for ref in merged:
        sheet.merge_cells(ref)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def mentee_rows(count, *, antenna="brussels-centre", start=0, occupation="25"):
    """A header and `count` valid mentee rows, each person distinct."""
    rows = [MENTEE_HEADER]
    for i in range(start, start + count):
        rows.append([
            f"M{i:05d}", f"Gaëlle{i}", f"Dupont{i}", f"mentee{i}@example.org", f"0470 {i % 100:02d} 12 34",
            (datetime.date(1995, 1, 1) + datetime.timedelta(days=i % 3000)).strftime("%d/%m/%Y"),
            ("Female", "Male", "Femme", "vrouw")[i % 4], "1080", antenna, "fr:B2, nl:A2",
            ("Applied", "contacted", "Ready for matching")[i % 3], "03/01/2025", "Bachelor or equivalent",
            occupation if i % 2 else "", ("National of a non-EU country", "")[i % 2],
        ])
    return rows


def excel_style_xlsx(rows) -> bytes:
    """A workbook written the way Excel writes one (openpyxl writes differently): text in a shared
    string table, dates as numbers with a date style, numbers as numbers. Cells: str, int, float
    or datetime.date."""
    import zipfile
    from xml.sax.saxutils import escape

    from openpyxl.utils import get_column_letter
    from openpyxl.utils.datetime import to_excel

    strings, sheet_rows = [], []
    for r, row in enumerate(rows, start=1):
        cells = []
        for col, value in enumerate(row, start=1):
            ref = f"{get_column_letter(col)}{r}"
            if value in (None, ""):
                continue
            if isinstance(value, str):
                strings.append(value)
                cells.append(f'<c r="{ref}" t="s"><v>{len(strings) - 1}</v></c>')
            elif isinstance(value, datetime.date):
                cells.append(f'<c r="{ref}" s="1"><v>{to_excel(value)}</v></c>')
            else:
                cells.append(f'<c r="{ref}"><v>{value}</v></c>')
        sheet_rows.append(f'<row r="{r}">{"".join(cells)}</row>')
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sharedStrings+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.styles+xml"/></Types>'),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="{main}" xmlns:r="{rel}">'
            '<sheets><sheet name="Feuil1" sheetId="1" r:id="rId1"/></sheets></workbook>'),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/>'
            f'<Relationship Id="rId3" Type="{rel}/styles" Target="styles.xml"/></Relationships>'),
        "xl/styles.xml": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="{main}">'
            '<fonts count="1"><font/></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
            '<borders count="1"><border/></borders>'
            '<cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0"/>'
            '<xf numFmtId="14" applyNumberFormat="1"/></cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'),
        "xl/sharedStrings.xml": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="{main}" count="{len(strings)}">'
            + "".join(f"<si><t xml:space=\"preserve\">{escape(s)}</t></si>" for s in strings) + "</sst>"),
        "xl/worksheets/sheet1.xml": (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{main}">'
            f'<sheetData>{"".join(sheet_rows)}</sheetData></worksheet>'),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()
