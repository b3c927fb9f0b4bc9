"""Answers collected on paper or in another tool, brought in from a spreadsheet whose columns follow
the questionnaire: the template, and the all-or-nothing import.

The intake import's reader (duo.intake.records.reader) turns the file into rows and its problems
into sentences naming the row, the column and the value; this module only knows what a row of
answers means. Every row is checked before anything is written: the person (only people of the
importing user's antennas are found, so a row naming anyone else reads "unknown person", whether
that person exists elsewhere or not), the duo, the date, the language, and the answers through
duo.survey.responses.check (types and skip logic). Then all rows go in through
responses.response_import in one transaction, or none at all.

Rows whose first cell starts with "#" are notes (the template, written by duo.survey.exporting, has the
question texts and allowed values in two such rows under the header) and are skipped.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Prefetch
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_noop

from duo.accounts import roles, scoping
from duo.core.i18n import LANGS
from duo.intake.records import cells, reader
from duo.intake.records.columns import DATE, EXPECTED, fold, header_key
from duo.intake.records.reader import Problem
from duo.intake.records.validator import REQUIRED
from duo.journeys.models import Duo
from duo.people.models import Person

from . import logic, responses
from .models import Choice, InstrumentVersion, Response, VersionStatus

PERSON_ID, EMAIL_COLUMN, DUO_ID, ANSWERED_ON, LANGUAGE = "person_id", "email", "duo_id", "answered_on", "language"
IDENTIFICATION = (PERSON_ID, EMAIL_COLUMN, DUO_ID, ANSWERED_ON, LANGUAGE)
NOTE = "#"
SEPARATOR = ";"  # between the values of a multiple-choice cell
# Excel stores a date as a number of days; a date cell that lost its format (or a CSV saved from it)
# shows that number. 20000 is 1954, 80000 is 2119: outside that, a number is not a date.
_SERIAL_DAYS = (20_000, 80_000)

UNKNOWN_PERSON = gettext_noop(
    "unknown person: only the people of your antennas can be named, by their number in Duo or their email address")
AMBIGUOUS_EMAIL = gettext_noop(
    "several people of your antennas have this email address: write the person's number in Duo in “person_id”")
NOT_SAME_PERSON = gettext_noop("“person_id” and “email” name two different people: keep the right one")
WHO_REQUIRED = gettext_noop("a value is required: the person's number in Duo (“person_id”) or their email address")
NOT_THEIR_DUO = gettext_noop(
    "this is not a duo of this person: write the number of one of their duos, or leave it empty")
NOT_AUDIENCE = {
    "mentee": gettext_noop("this questionnaire is for mentees, and this person is not one"),
    "mentor": gettext_noop("this questionnaire is for mentors, and this person is not one"),
}
NOT_THEIR_SIDE = {
    "mentee": gettext_noop("this questionnaire is for mentees, and this person is the duo's mentor"),
    "mentor": gettext_noop("this questionnaire is for mentors, and this person is the duo's mentee"),
}
ALREADY = gettext_noop("Duo already holds this person's answers to this questionnaire (for this duo): "
                       "remove the row, or the answers already recorded first")
TWICE = gettext_noop("the same person (and duo) is already on row %(first)s of this file")
NOT_FUTURE = gettext_noop("a date that is not in the future")
AFTER_1900 = gettext_noop("a date after 1900")
NO_SUCH_DATE = gettext_noop("this date does not exist: write a real day, dd/mm/yyyy (such as 28/02/2024)")
LANGUAGE_EXPECTED = gettext_noop("fr, nl or en")
WHOLE_NUMBER = gettext_noop("a whole number")


class Unavailable(Exception):
    """This version takes no answers (a draft, or not an instrument's version)."""


@dataclass
class Result:
    filename: str
    sha256: str
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    created: int = 0
    committed: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class _Row:
    number: int
    person: Person | None = None
    duo: Duo | None = None
    answered_on: datetime.date | None = None
    language: str = ""
    answers: dict = field(default_factory=dict)
    bad: bool = False


def importable_versions():
    """The versions answers can be imported into: published, or retired (paper forms outlive a version)."""
    return (InstrumentVersion.objects.exclude(status=VersionStatus.DRAFT).select_related("instrument")
            .order_by("instrument__code", "-number"))


def questions_of(version: InstrumentVersion):
    return list(version.questions.order_by("position", "id").prefetch_related(
        Prefetch("choices", queryset=Choice.objects.order_by("position", "id"))))


# --- the use case ---------------------------------------------------------------------------------

def responses_import(*, version: InstrumentVersion, data: bytes, filename: str, by, commit: bool = True) -> Result:
    """Import the file's answers if no row has any problem; otherwise write nothing and list them all.
    With commit=False everything is checked, writing included, and then undone."""
    if not scoping.has(by, roles.PEOPLE_CHANGE):
        raise scoping.NotAllowed
    if version.status == VersionStatus.DRAFT:
        raise Unavailable
    result = Result(filename=filename, sha256=hashlib.sha256(data).hexdigest())
    sheet = reader.read(data, filename)
    rows = [row for row in sheet.rows if not _is_note(row)]
    result.rows = len(rows)
    if not sheet.problems and not rows:
        sheet.problem(0, "", "", gettext_noop("the file has a header but no rows below it"))
    if sheet.problems:
        result.problems = sheet.problems
        return result
    questions = questions_of(version)
    mapping, titles, problems = _header(sheet, questions)
    if problems:
        result.problems = problems
        return result
    checked = _Checker(version, questions, mapping, titles, by).check(rows)
    result.problems = sorted(checked.problems, key=lambda p: p.row)
    if result.problems:
        return result
    try:
        with transaction.atomic():
            for row in checked.rows:
                responses.response_import(version=version, person=row.person, duo=row.duo, answers=row.answers,
                                          by=by, answered_on=row.answered_on, language=row.language,
                                          import_ref=filename[:200])
            result.created = len(checked.rows)
            if not commit:
                raise _Undo
    except _Undo:
        return result
    result.committed = True
    return result


class _Undo(Exception):
    pass


def _is_note(row) -> bool:
    first = row.values[0] if row.values else ""
    return isinstance(first, str) and first.strip().startswith(NOTE)


# --- the header -----------------------------------------------------------------------------------

def _header(sheet, questions) -> tuple[dict, dict, list[Problem]]:
    """{column index: identification key or question code}, {key: header as written}, problems."""
    known = {header_key(key): key for key in IDENTIFICATION}
    known.update({header_key(q.code): q.code for q in questions})
    mapping, titles, problems = {}, {}, []
    row = sheet.header_row
    for index, title in enumerate(sheet.header):
        shown = title.strip()
        if not shown:
            if any(not cells.blank(r.values[index]) for r in sheet.rows if not _is_note(r)):
                problems.append(Problem(row, reader.column_letter(index), "", gettext_noop(
                    "this column has values but no header: give it one of the headers Duo knows")))
            continue
        key = known.get(header_key(shown))
        if key is None:
            problems.append(Problem(row, shown, shown, gettext_noop(
                "unknown column: rename it to one the import knows (%(known)s) or remove it"),
                {"known": ", ".join(dict.fromkeys(known.values()))}))
        elif key in titles:
            problems.append(Problem(row, shown, shown, gettext_noop("this column appears twice")))
        else:
            mapping[index] = key
            titles[key] = shown
    missing = [key for key in (ANSWERED_ON,) if key not in titles]
    missing += [q.code for q in questions if q.required and not q.show_if_question and q.code not in titles]
    for key in missing:
        problems.append(Problem(row, key, "", gettext_noop("required column missing (accepted headers: %(names)s)"),
                                {"names": key}))
    if PERSON_ID not in titles and EMAIL_COLUMN not in titles:
        problems.append(Problem(row, f"{PERSON_ID} / {EMAIL_COLUMN}", "", gettext_noop(
            "required column missing (accepted headers: %(names)s)"), {"names": f"{PERSON_ID}, {EMAIL_COLUMN}"}))
    return mapping, titles, problems


# --- the rows -------------------------------------------------------------------------------------

class _Checker:
    def __init__(self, version, questions, mapping, titles, by):
        self.version, self.questions, self.mapping, self.titles, self.by = version, questions, mapping, titles, by
        self.by_code = {q.code: q for q in questions}
        self.today = timezone.localdate()
        self.problems: list[Problem] = []
        self.rows: list[_Row] = []
        self.seen: dict = {}  # (person pk, duo pk) -> first row number

    def problem(self, row: _Row, key: str, value, message: str, **params) -> None:
        row.bad = True
        shown = value if isinstance(value, str) else cells.text(value)
        self.problems.append(Problem(row.number, self.titles.get(key, key), shown[:80], message, params))

    def check(self, rows) -> _Checker:
        cells_by_row = [(row.number, {key: row.values[i] for i, key in self.mapping.items()}) for row in rows]
        self._load(cells_by_row)
        for number, values in cells_by_row:
            row = _Row(number)
            self._who(row, values)
            self._when(row, values)
            self._answers(row, values)
            if not row.bad:
                self.rows.append(row)
        return self

    def _load(self, cells_by_row) -> None:
        """The people and duos the file names, among those the user may see: one query each, not one a row."""
        ids, emails, duo_ids = set(), set(), set()
        for _number, values in cells_by_row:
            for key, found in ((PERSON_ID, ids), (DUO_ID, duo_ids)):
                try:
                    found.add(cells.integer(values.get(key, "")))
                except cells.Bad:
                    pass
            if not cells.blank(values.get(EMAIL_COLUMN)):
                emails.add(cells.text(values[EMAIL_COLUMN]).casefold())
        people = scoping.scope(self.by, Person.objects.select_related("mentee", "mentor"))
        self.people = {p.pk: p for p in people.filter(pk__in=ids)}
        self.by_email: dict[str, list[Person]] = {}
        for person in people.annotate(folded=Lower("email")).filter(folded__in=emails):
            self.by_email.setdefault(person.email.casefold(), []).append(person)
        duos = scoping.scope(self.by, Duo.objects.select_related("mentee", "mentor")).filter(pk__in=duo_ids)
        self.duos = {d.pk: d for d in duos}
        found = {p.pk for p in self.people.values()} | {p.pk for ps in self.by_email.values() for p in ps}
        self.answered = set(Response.objects.filter(version__instrument_id=self.version.instrument_id,
                                                    person_id__in=found).values_list("person_id", "duo_id"))

    def _who(self, row: _Row, values) -> None:
        raw_id, raw_email = values.get(PERSON_ID, ""), values.get(EMAIL_COLUMN, "")
        person = by_email = None
        if not cells.blank(raw_id):
            try:
                person = self.people.get(cells.integer(raw_id))
            except cells.Bad:
                return self.problem(row, PERSON_ID, raw_id, UNKNOWN_PERSON)
            if person is None:
                return self.problem(row, PERSON_ID, raw_id, UNKNOWN_PERSON)
        if not cells.blank(raw_email):
            matches = self.by_email.get(cells.text(raw_email).casefold(), [])
            if person is None and len(matches) > 1:
                return self.problem(row, EMAIL_COLUMN, raw_email, AMBIGUOUS_EMAIL)
            by_email = matches[0] if len(matches) == 1 else None
            if person is None and by_email is None:
                return self.problem(row, EMAIL_COLUMN, raw_email, UNKNOWN_PERSON)
            if person is not None and person not in matches:
                return self.problem(row, EMAIL_COLUMN, raw_email, NOT_SAME_PERSON)
        person = person or by_email
        if person is None:
            key = PERSON_ID if PERSON_ID in self.titles else EMAIL_COLUMN
            return self.problem(row, key, "", WHO_REQUIRED)
        row.person = person
        audience = self.version.instrument.audience
        raw_duo = values.get(DUO_ID, "")
        if not cells.blank(raw_duo):
            try:
                duo = self.duos.get(cells.integer(raw_duo))
            except cells.Bad:
                duo = None
            sides = {side: getattr(duo, side).person_id for side in ("mentee", "mentor")} if duo else {}
            if person.pk not in sides.values():
                return self.problem(row, DUO_ID, raw_duo, NOT_THEIR_DUO)
            if sides[audience] != person.pk:
                return self.problem(row, DUO_ID, raw_duo, NOT_THEIR_SIDE[audience])
            row.duo = duo
        elif not hasattr(person, audience):
            return self.problem(row, PERSON_ID if not cells.blank(raw_id) else EMAIL_COLUMN,
                                raw_id if not cells.blank(raw_id) else raw_email, NOT_AUDIENCE[audience])
        key = (person.pk, row.duo.pk if row.duo else None)
        shown_key = PERSON_ID if not cells.blank(raw_id) else EMAIL_COLUMN
        shown = raw_id if not cells.blank(raw_id) else raw_email
        if key in self.answered:
            return self.problem(row, shown_key, shown, ALREADY)
        if key in self.seen:
            return self.problem(row, shown_key, shown, TWICE, first=self.seen[key])
        self.seen[key] = row.number

    def _when(self, row: _Row, values) -> None:
        raw = values.get(ANSWERED_ON, "")
        if cells.blank(raw):
            self.problem(row, ANSWERED_ON, "", REQUIRED)
        else:
            try:
                day = as_date(raw)
            except cells.Bad as exc:
                self.problem(row, ANSWERED_ON, raw, NO_SUCH_DATE if exc.reason == "no_such_date" else EXPECTED[DATE])
            else:
                if day.year < 1900:
                    self.problem(row, ANSWERED_ON, raw, AFTER_1900)
                elif day > self.today:
                    self.problem(row, ANSWERED_ON, raw, NOT_FUTURE)
                else:
                    row.answered_on = day
        raw = values.get(LANGUAGE, "")
        if cells.blank(raw):
            preferred = row.person.preferred_language if row.person else ""
            row.language = preferred if preferred in LANGS else "fr"
        elif cells.text(raw).lower() in LANGS:
            row.language = cells.text(raw).lower()
        else:
            self.problem(row, LANGUAGE, raw, LANGUAGE_EXPECTED)

    def _answers(self, row: _Row, values) -> None:
        raw = {code: values[code] for code in self.by_code if code in values}
        answers = {code: as_answer(self.by_code[code], value) for code, value in raw.items() if not cells.blank(value)}
        try:
            _questions, _kept = responses.check(self.version, answers)
        except responses.AnswersInvalid as invalid:
            # Messages come translated from check(); they are shown in the same language, in the same request.
            for code, message in invalid.errors.items():
                self.problem(row, code, raw.get(code, ""), message)
            return
        row.answers = answers


# --- cells ----------------------------------------------------------------------------------------

def as_date(value) -> datetime.date:
    """A date as the intake import reads it (dd/mm/yyyy, yyyy-mm-dd, an Excel date cell), or Excel's day
    number when the cell lost its date format."""
    if isinstance(value, bool):
        raise cells.Bad("format")
    if isinstance(value, (int, float)) or (isinstance(value, str) and value.strip().isdigit()):
        number = float(value)
        if not _SERIAL_DAYS[0] <= number <= _SERIAL_DAYS[1]:
            raise cells.Bad("format")
        from openpyxl.utils.datetime import from_excel

        return from_excel(number).date()
    return cells.date(value)


def _choice(question, text: str) -> str:
    """A choice's value, written as its value or its label in any language; left as written when unknown,
    so that check() says what is wrong."""
    wanted = fold(text)
    for choice in question.choices.all():
        if wanted in (fold(choice.value), fold(choice.label_fr), fold(choice.label_nl), fold(choice.label_en)):
            return choice.value
    return text


def as_answer(question, value):
    """One cell as duo.survey.logic expects the answer: text, or a list of values for several choices."""
    if question.type == logic.MULTIPLE:
        parts = [part.strip() for part in cells.text(value).split(SEPARATOR)]
        return [_choice(question, part) for part in parts if part]
    if question.type == logic.SINGLE:
        return _choice(question, cells.text(value))
    if question.type == logic.DATE:
        try:
            return as_date(value).isoformat()
        except cells.Bad:
            return cells.text(value)
    if question.type == logic.TEXT:
        return str(value).strip()
    return cells.text(value)

