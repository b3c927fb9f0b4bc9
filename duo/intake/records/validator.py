"""From a read sheet to typed values and problems, column by column, row by row.

Everything the checks need from the database (antennas, occupations) is loaded once into
`Lookups` before the first row: no query per row, so 10,000 rows are checked in a second or two.
Each problem names the row, the column as headed in the file, the value, and what is expected.
Empty cells are simply absent from a row's values: an import leaves what Duo holds for them.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext_noop

from duo.organisation.models import Antenna
from duo.reference.models import Occupation

from . import cells
from . import columns as c
from .reader import Problem, Sheet, column_letter

REQUIRED = gettext_noop("a value is required")
NOT_FUTURE = {"date_of_birth", "applied_on", "training_completed_on", "matched_on", "ended_on"}
EXIT_STAGES = ("withdrawn", "not_eligible", "no_response")


@dataclass
class Lookups:
    """What the checks need from the database, loaded once."""

    antennas: dict  # folded code or name -> Antenna
    allowed: set | None  # the antenna ids the importing user works for; None: all
    default_antenna: Antenna | None
    occupations: dict  # ISCO code -> pk
    by_pk: dict = field(default_factory=dict)  # antenna pk -> Antenna

    @classmethod
    def load(cls, *, allowed, default_antenna=None, occupations=True):
        by_pk = {antenna.pk: antenna for antenna in Antenna.objects.all()}
        # A code is exact; a name is accepted too, as long as no code reads the same.
        antennas = {c.fold(antenna.code): antenna for antenna in by_pk.values()}
        for antenna in by_pk.values():
            antennas.setdefault(c.fold(antenna.name), antenna)
        return cls(
            antennas=antennas, allowed=allowed, default_antenna=default_antenna,
            occupations=dict(Occupation.objects.values_list("code", "pk")) if occupations else {}, by_pk=by_pk,
        )

    def allowed_codes(self) -> str:
        codes = sorted({a.code for a in self.antennas.values() if self.allowed is None or a.pk in self.allowed})
        return ", ".join(codes) or "—"


@dataclass
class Parsed:
    """One data row, its values typed. Cells left empty are not in `values`."""

    number: int
    values: dict = field(default_factory=dict)
    antenna: Antenna | None = None
    raw: dict = field(default_factory=dict)  # key -> the cell as written, for messages
    bad: set = field(default_factory=set)  # keys of the cells with a problem

    @property
    def ok(self) -> bool:
        return not self.bad


@dataclass
class Checked:
    specs: list  # the specs of the file's columns, in the file's order
    titles: dict  # key -> the header as written in the file
    rows: list[Parsed] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def problem(self, parsed: Parsed | int, key: str, value, message: str, **params) -> None:
        number = parsed.number if isinstance(parsed, Parsed) else parsed
        if isinstance(parsed, Parsed):
            parsed.bad.add(key)
        shown = cells.text(value) if not isinstance(value, str) else value
        self.problems.append(Problem(number, self.titles.get(key, key), shown[:80], message, params))


# --- the header -------------------------------------------------------------------------------

def check_header(kind: str, sheet: Sheet, *, has_default_antenna: bool) -> tuple[dict, Checked]:
    """Which column holds what: {column index: spec}, and the header's problems."""
    lookup = c.header_lookup(kind)
    mapping, titles, problems = {}, {}, []
    checked = Checked(specs=[], titles=titles, problems=problems)
    for index, title in enumerate(sheet.header):
        shown = title.strip()
        if not shown:
            if any(not cells.blank(row.values[index]) for row in sheet.rows):
                problems.append(Problem(sheet.header_row, column_letter(index), "", gettext_noop(
                    "this column has values but no header: give it one of the headers Duo knows")))
            continue
        spec = lookup.get(c.header_key(shown))
        if spec is None:
            problems.append(Problem(sheet.header_row, shown, shown, gettext_noop(
                "unknown column: rename it to one the import knows (%(known)s) or remove it"),
                {"known": ", ".join(str(s.label) for s in c.specs(kind))}))
        elif spec.key in titles:
            problems.append(Problem(sheet.header_row, shown, shown, gettext_noop("this column appears twice")))
        else:
            mapping[index] = spec
            titles[spec.key] = shown
            checked.specs.append(spec)
    for spec in c.specs(kind):
        if spec.key in titles:
            continue
        if spec.required:
            problems.append(Problem(sheet.header_row, str(spec.label), "", gettext_noop(
                "required column missing (accepted headers: %(names)s)"), {"names": _names(spec)}))
        elif spec.type == c.ANTENNA and kind != "duos" and not has_default_antenna:
            problems.append(Problem(sheet.header_row, str(spec.label), "", gettext_noop(
                "required column missing (accepted headers: %(names)s), unless you choose an antenna for the "
                "whole file"), {"names": _names(spec)}))
    for group in c.ONE_OF.get(kind, []):
        if not any(key in titles for key in group):
            specs = [s for s in c.specs(kind) if s.key in group]
            problems.append(Problem(sheet.header_row, " / ".join(str(s.label) for s in specs), "", gettext_noop(
                "required column missing (accepted headers: %(names)s)"),
                {"names": " / ".join(_names(s) for s in specs)}))
    return mapping, checked


def _names(spec) -> str:
    return ", ".join(dict.fromkeys(c.in_every_language(spec.label)))


# --- the rows -----------------------------------------------------------------------------------

def check_rows(kind: str, sheet: Sheet, mapping: dict, checked: Checked, lookups: Lookups) -> Checked:
    choice_values = {spec.key: c.value_lookup(spec) for spec in mapping.values() if spec.type == c.CHOICE}
    context = _Context(lookups, choice_values, c.language_lookup(), c.level_lookup(), timezone.localdate())
    for row in sheet.rows:
        parsed = Parsed(row.number)
        for index, spec in mapping.items():
            value = row.values[index]
            if cells.blank(value):
                if spec.required:
                    checked.problem(parsed, spec.key, "", REQUIRED)
                continue
            if spec.type == c.INFO:
                continue
            parsed.raw[spec.key] = value
            result = _cell(spec, value, context, checked, parsed)
            if result is not _BAD:
                parsed.values[spec.key] = result
        _row_rules(kind, parsed, checked, lookups)
        checked.rows.append(parsed)
    return checked


_BAD = object()


@dataclass
class _Context:
    lookups: Lookups
    choices: dict
    languages: dict
    levels: dict
    today: datetime.date


def _cell(spec, value, context, checked, parsed):
    """The typed value of one cell, or _BAD after recording the problem."""

    def bad(message=None, **params):
        params = {"max": spec.max_length or spec.maximum, "min": spec.minimum, **params}
        checked.problem(parsed, spec.key, value, message or c.EXPECTED[spec.type], **params)
        return _BAD

    kind = spec.type
    try:
        if kind in (c.TEXT, c.REF):
            text = cells.text(value)
            if any(ch in text for ch in "\n\r\t") or any(ord(ch) < 32 for ch in text):
                return bad(gettext_noop("text on one line, without control characters"))
            if len(text) > spec.max_length:
                return bad()
            return text
        if kind == c.EMAIL:
            text = cells.text(value)
            try:
                validate_email(text)
            except ValidationError:
                return bad()
            return text if len(text) <= spec.max_length else bad()
        if kind == c.PHONE:
            return cells.phone(value)
        if kind == c.POSTAL:
            return cells.postal_code(value)
        if kind == c.DATE:
            return _date(spec, value, context, bad)
        if kind == c.CHOICE:
            code = context.choices[spec.key].get(c.fold(cells.text(value)))
            return code if code is not None else bad(allowed=c.choice_labels(spec))
        if kind == c.BOOL:
            return cells.boolean(value)
        if kind == c.INT:
            number = cells.integer(value)
            if not spec.minimum <= number <= spec.maximum:
                return bad()
            return number
        if kind == c.LANGUAGES:
            return _languages(value, context, bad)
        if kind == c.OCCUPATION:
            pk = context.lookups.occupations.get(cells.occupation_code(value))
            return pk if pk is not None else bad()
        if kind == c.ANTENNA:
            antenna = context.lookups.antennas.get(c.fold(cells.text(value)))
            allowed = context.lookups.allowed
            if antenna is None or (allowed is not None and antenna.pk not in allowed):
                return bad(codes=context.lookups.allowed_codes())
            return antenna
    except cells.Bad:
        return bad()
    raise ValueError(f"no check for column type {kind}")


def _date(spec, value, context, bad):
    try:
        day = cells.date(value)
    except cells.Bad as exc:
        if exc.reason == "no_such_date":
            return bad(gettext_noop("this date does not exist: write a real day, dd/mm/yyyy (such as 28/02/2024)"))
        raise
    if day.year < 1900:
        return bad(gettext_noop("a date after 1900"))
    if spec.key in NOT_FUTURE and day > context.today:
        return bad(gettext_noop("a date that is not in the future"))
    return day


def _languages(value, context, bad):
    spoken = {}
    for language, level in cells.language_items(value):
        code = context.languages.get(c.fold(language))
        level_code = context.levels.get(c.fold(level))
        if code is None or level_code is None:
            return bad()
        if code in spoken:
            return bad(gettext_noop("each language once, with its level, such as “fr:B2, nl:A2”"))
        spoken[code] = level_code
    return sorted(spoken.items())


def _row_rules(kind, parsed, checked, lookups):
    """Checks that need more than one cell of the row."""
    values = parsed.values
    antenna = values.pop("antenna", None)
    if antenna is None and "antenna" not in parsed.bad:
        antenna = lookups.default_antenna  # the antenna chosen for the whole file fills empty cells
    parsed.antenna = antenna
    if kind == "duos":
        for side in ("mentee", "mentor"):
            keys = (f"{side}_ref", f"{side}_email")
            if not any(key in values or key in parsed.bad for key in keys):
                checked.problem(parsed, keys[0] if keys[0] in checked.titles else keys[1], "", gettext_noop(
                    "a value is required: the person's reference or email address"))
        return
    if antenna is None and "antenna" not in parsed.bad:
        checked.problem(parsed, "antenna", "", gettext_noop(
            "a value is required (or choose an antenna for the whole file)"))
    if values.get("target_occupation") and values.get("no_precise_plan"):
        checked.problem(parsed, "no_precise_plan", parsed.raw["no_precise_plan"], gettext_noop(
            "either a target occupation or “no precise plan”, not both"))
    if values.get("stage_reason") and "stage" in values and values["stage"] not in EXIT_STAGES:
        checked.problem(parsed, "stage_reason", parsed.raw["stage_reason"], gettext_noop(
            "a reason only with the stages withdrawn, not eligible or no response"))
