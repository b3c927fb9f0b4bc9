"""Importing mentees, mentors and duos from a spreadsheet: the two use cases.

`records_check` reads and checks a file and says what importing it would do, writing nothing.
`records_import` does the same and, when the file has no problem at all, writes it in one
transaction. Both take the file's bytes (never a path typed by a user), an optional antenna for
rows that name none, and the importing staff member (None for the command line, which acts for
the whole organisation).
"""

import gc
import hashlib
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_noop

from duo.accounts import roles, scoping
from duo.people.choices import Language

from . import columns as c
from . import plan, reader, validator, writer
from .reader import Problem

PREVIEW_ROWS = 20


@dataclass
class Report:
    kind: str
    filename: str
    sha256: str
    problems: list[Problem] = field(default_factory=list)
    counts: dict = field(default_factory=dict)  # created, updated, unchanged, total
    columns: list = field(default_factory=list)  # the specs shown in the preview
    preview: list = field(default_factory=list)  # the first rows as understood
    rows: int = 0
    committed: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems


def allowed_antennas(by, kind: str):
    """The antenna ids `by` may import into (None: all), or NotAllowed."""
    if by is None:
        return None
    capability = roles.DUOS_CHANGE if kind == "duos" else roles.PEOPLE_CHANGE
    if not scoping.has(by, capability):
        raise scoping.NotAllowed
    ids = scoping.antenna_ids(by)
    return None if ids is None else set(ids)


def records_check(*, kind: str, data: bytes, filename: str, antenna=None, by=None) -> Report:
    """What importing the file would do; nothing is written."""
    return _run(kind, data, filename, antenna, by, commit=False)


def records_import(*, kind: str, data: bytes, filename: str, antenna=None, by=None) -> Report:
    """Import the file if it has no problem at all; otherwise write nothing and say why."""
    return _run(kind, data, filename, antenna, by, commit=True)


@contextmanager
def _no_cycle_collection():
    """Tens of thousands of model instances made in a row set off Python's cycle collector again
    and again, each time over every object alive: a third of an import's time. Reference counting
    still frees what an import drops; the collector runs again afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _run(kind, data, filename, antenna, by, *, commit) -> Report:
    with _no_cycle_collection():
        return _checked_run(kind, data, filename, antenna, by, commit=commit)


def _checked_run(kind, data, filename, antenna, by, *, commit) -> Report:
    if kind not in c.KINDS:
        raise ValueError(f"unknown kind of records: {kind}")
    allowed = allowed_antennas(by, kind)
    if antenna is not None and allowed is not None and antenna.pk not in allowed:
        raise scoping.NotAllowed
    report = Report(kind, filename, hashlib.sha256(data).hexdigest())
    sheet = reader.read(data, filename)
    report.rows = len(sheet.rows)
    if not sheet.problems and not sheet.rows:
        sheet.problem(0, "", "", gettext_noop("the file has a header but no rows below it"))
    if sheet.problems:
        report.problems = sheet.problems
        return report
    mapping, checked = validator.check_header(kind, sheet, has_default_antenna=antenna is not None)
    if checked.problems:
        report.problems = checked.problems
        return report
    lookups = validator.Lookups.load(allowed=allowed, default_antenna=antenna, occupations=kind != "duos")
    validator.check_rows(kind, sheet, mapping, checked, lookups)
    with transaction.atomic():
        if kind == "duos":
            changes = plan.plan_duos(checked, by=by, lookups=lookups)
        else:
            changes = plan.plan_people(kind, checked)
        report.problems = sorted(checked.problems, key=lambda problem: problem.row)
        if report.problems:
            return report
        _preview(report, checked, changes, lookups)
        if not commit:
            report.counts = writer.counts(changes)
            return report
        if kind == "duos":
            report.counts = writer.write_duos(changes)
        else:
            report.counts = writer.write_people(kind, changes, by=by)
        report.committed = True
    return report


# --- the preview --------------------------------------------------------------------------------

def _preview(report: Report, checked, changes, lookups) -> None:
    report.columns = [spec for spec in checked.specs if not spec.special and spec.type != c.INFO]
    rows = {row.number: row for row in checked.rows[:PREVIEW_ROWS]}
    codes = {pk: code for code, pk in lookups.occupations.items()}
    languages = dict(Language.choices)
    for change in changes[:PREVIEW_ROWS]:
        row = rows.get(change.row)
        if row is None:
            continue
        report.preview.append({
            "row": change.row,
            "action": change.action,
            "changes": sorted({str(label) for label in change.labels}) if change.action == "update" else [],
            "cells": [_shown(spec, row, codes, languages) for spec in report.columns],
        })


def _shown(spec, row, codes, languages) -> str:
    if spec.type == c.ANTENNA:
        return row.antenna.name if row.antenna else ""
    value = row.values.get(spec.key)
    if value is None:
        return ""
    if spec.type == c.CHOICE:
        return str(dict(spec.choices).get(value, value))
    if spec.type == c.DATE:
        return date_format(value, "SHORT_DATE_FORMAT")
    if spec.type == c.BOOL:
        return gettext("yes") if value else gettext("no")
    if spec.type == c.LANGUAGES:
        return ", ".join(f"{languages.get(code, code)} {level}" for code, level in value)
    if spec.type == c.OCCUPATION:
        return codes.get(value, "")
    return str(value)
