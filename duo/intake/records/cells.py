"""Turning one spreadsheet cell into a Python value. Plain Python, no Django: tested with hypothesis.

Each parser takes what the reader gave (text from a CSV; text, number, boolean or datetime from
an XLSX) and returns the value, or raises `Bad` with the reason as a code the validator puts in
words.
"""

import datetime
import re

_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_PHONE = re.compile(r"^[\d\s+()./\-]+$")
_POSTAL = re.compile(r"^\d{4,5}$")
# "fr:B2", "arabe (langue maternelle)", "nl = A2", or "English C1" (the level is then the last word).
_LANGUAGE_ITEM = re.compile(r"^(?P<language>[^:=()]+?)\s*[:=(]\s*(?P<level>[^:=()]+?)\s*\)?$")
_LANGUAGE_WORDS = re.compile(r"^(?P<language>.+?)\s+(?P<level>\S+)$")

YES = frozenset({"yes", "y", "oui", "o", "ja", "j", "true", "vrai", "waar", "1", "x"})
NO = frozenset({"no", "n", "non", "nee", "false", "faux", "onwaar", "0"})


class Bad(ValueError):
    """The cell cannot be read as asked. `reason` is a code: "format", "no_such_date", ..."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(value) -> str:
    """Any cell as text, trimmed: 1000.0 from a spreadsheet is "1000"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def date(value) -> datetime.date:
    """dd/mm/yyyy, d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy, yyyy-mm-dd, or a real spreadsheet date."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if not isinstance(value, str):
        raise Bad("format")  # a number: the cell is not formatted as a date
    value = value.strip()
    match = _DMY.match(value)
    if match:
        day, month, year = (int(part) for part in match.groups())
    else:
        match = _YMD.match(value)
        if not match:
            raise Bad("format")
        year, month, day = (int(part) for part in match.groups())
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise Bad("no_such_date") from None


def boolean(value) -> bool:
    if isinstance(value, bool):
        return value
    word = text(value).casefold()
    if word in YES:
        return True
    if word in NO:
        return False
    raise Bad("format")


def integer(value) -> int:
    if isinstance(value, bool):
        raise Bad("format")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    word = text(value)
    if word.isascii() and word.isdigit():
        return int(word)
    raise Bad("format")


def phone(value) -> str:
    word = text(value)
    if not _PHONE.match(word) or sum(ch.isdigit() for ch in word) < 6:
        raise Bad("format")
    return word


def postal_code(value) -> str:
    word = text(value)
    if not (word.isascii() and _POSTAL.match(word)):
        raise Bad("format")
    return word


def occupation_code(value) -> str:
    """The ISCO-08 code at the start of the cell: "2512", "2512 Software developers"."""
    match = re.match(r"^\s*(\d{1,4})(?:\s|$|[-–:])", text(value) + " ")
    if not match:
        raise Bad("format")
    return match.group(1)


def language_items(value) -> list[tuple[str, str]]:
    """ "fr:B2, nl:A2" or "French B2; Dutch (A2)" -> [("fr", "B2"), ("nl", "A2")], as written."""
    items = []
    for part in re.split(r"[,;\n]", text(value)):
        part = part.strip()
        if not part:
            continue
        match = _LANGUAGE_ITEM.match(part) or _LANGUAGE_WORDS.match(part)
        if not match:
            raise Bad("format")
        items.append((match.group("language").strip(), match.group("level").strip()))
    if not items:
        raise Bad("format")
    return items
