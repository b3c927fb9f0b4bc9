"""Reading and checking the reference-data CSV files (places, ISCO-08 groups).

Plain Python on purpose: no Django, no database. Each parser reads the whole file and returns a
`Parsed` with the clean rows and *every* problem found, so that a caller can refuse the file as a
whole (all or nothing) and tell the operator, row by row, what to fix. Database writes live in
duo.reference.services.

Texts are marked with `gettext_noop` (which makemessages picks up) and translated where they are
shown: `describe(error, translate=gettext)`.
"""

import csv
import io
import math
from dataclasses import dataclass, field


def gettext_noop(message: str) -> str:
    """Mark a text for translation without translating it here (same name as Django's)."""
    return message


@dataclass
class RowError:
    """A problem with one value of the file; row is the line in the file (the header is row 1)."""

    row: int
    column: str
    value: str
    problem: str
    params: dict = field(default_factory=dict)


@dataclass
class Parsed:
    rows: list[dict] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)  # column -> its header in the file

    def error(self, row: int, column: str, value: str, problem: str, params: dict | None = None) -> None:
        self.errors.append(RowError(row, self.titles.get(column, column), value, problem, params or {}))


def describe(error: RowError, translate=lambda text: text) -> str:
    problem = translate(error.problem)
    if error.params:
        problem = problem % error.params
    if error.column:
        text = gettext_noop("Row %(row)s, column “%(column)s”, value “%(value)s”: %(problem)s")
    else:
        text = gettext_noop("Row %(row)s, value “%(value)s”: %(problem)s")
    return translate(text) % {"row": error.row, "column": error.column, "value": error.value, "problem": problem}


# Where a Belgian place may lie (the country with a margin of a few kilometres).
BELGIUM = {"latitude": (49.3, 51.7), "longitude": (2.3, 6.6)}
WORLD = {"latitude": (-90.0, 90.0), "longitude": (-180.0, 180.0)}

PLACE_COLUMNS = {
    "postal_code": ("postal_code", "postal", "postcode", "zip"),
    "name": ("name",),
    "latitude": ("latitude", "lat"),
    "longitude": ("longitude", "lng", "lon"),
    "province": ("province",),
}
PLACE_OPTIONAL = {"province"}
OCCUPATION_COLUMNS = {
    "code": ("code",),
    "level": ("level",),
    "parent": ("parent", "parent_code"),
    "label_en": ("en", "label_en"),
    "label_fr": ("fr", "label_fr"),
    "label_nl": ("nl", "label_nl"),
}
MAX_LENGTH = {"postal_code": 10, "name": 120, "province": 80, "label_en": 255, "label_fr": 255, "label_nl": 255}


def _decode(data: bytes | str, parsed: Parsed) -> str | None:
    if isinstance(data, str):
        return data.removeprefix("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        row = data[: exc.start].count(b"\n") + 1
        value = data[exc.start : exc.start + 4].hex(" ")
        parsed.error(row, "", value, gettext_noop("the file is not UTF-8 text; save it as CSV UTF-8"))
        return None


def _records(data: bytes | str, columns: dict, optional: set, parsed: Parsed):
    """Yield (row number, {canonical column: stripped value or None when the row is too short})."""
    text = _decode(data, parsed)
    if text is None:
        return
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = next(reader, None)
    if header is None:
        parsed.error(1, "", "", gettext_noop("the file is empty"))
        return
    aliases = {alias: name for name, names in columns.items() for alias in names}
    positions = {}
    for index, title in enumerate(header):
        name = aliases.get(title.strip().lstrip("\ufeff").lower())
        if name in positions:
            parsed.error(1, title, title, gettext_noop("this column appears twice"))
        elif name:
            positions[name] = index
            parsed.titles[name] = title.strip().lstrip("\ufeff")
    for name in columns:
        if name not in positions and name not in optional:
            parsed.error(
                1, name, "", gettext_noop("required column missing (accepted headers: %(names)s)"),
                {"names": ", ".join(columns[name])},
            )
    if parsed.errors:
        return
    while True:
        row = reader.line_num + 1  # where the record starts: a quoted value may span lines
        try:
            fields = next(reader, None)
        except csv.Error as exc:  # e.g. a value over the csv module's size limit
            parsed.error(reader.line_num, "", "", gettext_noop("unreadable CSV: %(reason)s"), {"reason": str(exc)})
            return
        if fields is None:
            return
        if not any(value.strip() for value in fields):
            continue  # a blank line, e.g. at the end of the file
        if len(fields) > len(header):
            parsed.error(
                row, "", delimiter.join(fields[len(header):]),
                gettext_noop("more values than the header has columns"),
            )
            continue
        yield row, {
            name: fields[index].strip() if index < len(fields) else None for name, index in positions.items()
        }


def _text(row: int, record: dict, column: str, parsed: Parsed, required: bool = True) -> str | None:
    value = record.get(column)
    if value is None and column not in record:
        return None  # an optional column the file does not have
    if not value:
        if required:
            parsed.error(row, column, value or "", gettext_noop("a value is required"))
        return "" if not required else None
    if any(ord(character) < 32 or ord(character) == 127 for character in value):
        parsed.error(row, column, value.encode("unicode_escape").decode(), gettext_noop("contains control characters"))
        return None
    if len(value) > MAX_LENGTH.get(column, 10_000):
        parsed.error(
            row, column, value, gettext_noop("longer than %(max)s characters"), {"max": MAX_LENGTH[column]}
        )
        return None
    return value


def _coordinate(row: int, record: dict, column: str, bounds: dict, parsed: Parsed) -> float | None:
    value = record.get(column) or ""
    if not value:
        parsed.error(row, column, value, gettext_noop("a value is required"))
        return None
    try:
        number = float(value.replace(",", ".", 1) if "." not in value else value)
    except ValueError:
        number = math.nan
    if not math.isfinite(number):
        parsed.error(row, column, value, gettext_noop("not a number"))
        return None
    low, high = bounds[column]
    if not low <= number <= high:
        parsed.error(
            row, column, value, gettext_noop("out of range (%(low)s to %(high)s)"), {"low": low, "high": high}
        )
        return None
    return number


def parse_places(data: bytes | str, *, bounds: dict = BELGIUM) -> Parsed:
    """Places from a CSV of postal code, name, latitude, longitude and optionally province.

    A postal code cell may list several codes separated by commas (a merged municipality, e.g.
    "9800,9850" for Deinze): the place is recorded under each. A repeated (postal code, name) with
    the same coordinates is skipped with a warning; with other coordinates it is an error.
    Rows have keys postal_code, name, latitude, longitude and province (None when the file has no
    province column, so that an import leaves the stored province alone).
    """
    parsed = Parsed()
    seen: dict[tuple[str, str], tuple[int, dict]] = {}
    for row, record in _records(data, PLACE_COLUMNS, PLACE_OPTIONAL, parsed):
        raw_codes = record.get("postal_code") or ""
        codes = [code.strip() for code in raw_codes.split(",")]
        if not raw_codes:
            parsed.error(row, "postal_code", "", gettext_noop("a value is required"))
            codes = []
        elif not all(code.isascii() and code.isdigit() and len(code) <= MAX_LENGTH["postal_code"] for code in codes):
            parsed.error(
                row, "postal_code", raw_codes,
                gettext_noop("a postal code is digits only (several codes may be separated by commas)"),
            )
            codes = []
        name = _text(row, record, "name", parsed)
        latitude = _coordinate(row, record, "latitude", bounds, parsed)
        longitude = _coordinate(row, record, "longitude", bounds, parsed)
        province = _text(row, record, "province", parsed, required=False)
        if not codes or name is None or latitude is None or longitude is None:
            continue
        for code in codes:
            place = {"postal_code": code, "name": name, "latitude": latitude, "longitude": longitude,
                     "province": province}
            first = seen.get((code, name))
            key_column = f"{parsed.titles['postal_code']}, {parsed.titles['name']}"
            if first is None:
                seen[(code, name)] = (row, place)
                parsed.rows.append(place)
            elif (first[1]["latitude"], first[1]["longitude"]) != (latitude, longitude):
                parsed.error(
                    row, key_column, f"{code} {name}",
                    gettext_noop("already in row %(first)s with other coordinates"), {"first": first[0]},
                )
            else:
                parsed.warnings.append(RowError(
                    row, key_column, f"{code} {name}",
                    gettext_noop("already in row %(first)s; this row is skipped"), {"first": first[0]},
                ))
    return parsed


def parse_occupations(data: bytes | str, *, known: set[str] | frozenset[str] = frozenset()) -> Parsed:
    """ISCO-08 groups from a CSV of code, level, parent, en, fr, nl.

    A group's parent must be its code less the last digit, and be in the file or in `known` (the
    codes already stored). Rows come out major groups first, so that parents precede children;
    keys: code, level, parent ("" for a major group), label_en, label_fr, label_nl.
    """
    parsed = Parsed()
    first_row: dict[str, int] = {}
    candidates = []
    for row, record in _records(data, OCCUPATION_COLUMNS, set(), parsed):
        code = record.get("code") or ""
        errors_before = len(parsed.errors)
        valid_code = code.isascii() and code.isdigit() and 1 <= len(code) <= 4
        if not valid_code:
            parsed.error(row, "code", code, gettext_noop("an ISCO-08 code is 1 to 4 digits"))
        elif code in first_row:
            parsed.error(
                row, "code", code, gettext_noop("duplicate code, already in row %(first)s"), {"first": first_row[code]}
            )
        else:
            first_row[code] = row
        level_text = record.get("level") or ""
        level = int(level_text) if level_text in {"1", "2", "3", "4"} else None
        if level is None:
            parsed.error(row, "level", level_text, gettext_noop("the level is 1, 2, 3 or 4"))
        elif valid_code and level != len(code):
            parsed.error(
                row, "level", level_text, gettext_noop("does not match the code %(code)s (%(digits)s digits)"),
                {"code": code, "digits": len(code)},
            )
        parent = record.get("parent") or ""
        if valid_code and parent != code[:-1]:
            problem = (gettext_noop("a major group has no parent") if len(code) == 1
                       else gettext_noop("the parent of %(code)s is %(expected)s"))
            parsed.error(row, "parent", parent, problem, {"code": code, "expected": code[:-1]})
        labels = {column: _text(row, record, column, parsed) for column in ("label_en", "label_fr", "label_nl")}
        if len(parsed.errors) == errors_before:
            candidates.append((row, {"code": code, "level": level, "parent": parent, **labels}))
    codes = set(first_row) | set(known)
    for row, group in candidates:
        if group["parent"] and group["parent"] not in codes:
            parsed.error(row, "parent", group["parent"], gettext_noop("unknown parent group"))
        else:
            parsed.rows.append(group)
    parsed.rows.sort(key=lambda group: (group["level"], group["code"]))
    parsed.errors.sort(key=lambda error: error.row)
    return parsed
