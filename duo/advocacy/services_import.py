"""Importing stakeholders, contacts and positions from a spreadsheet: check, then import, all or nothing.

`stakeholders_check` reads and checks a file and says what importing it would do, writing nothing;
`stakeholders_import` does the same and, when no row has a problem, writes everything in one transaction through
duo.advocacy.services. Importing the same file again creates no duplicate: a stakeholder is found again by its
name and type (whatever the case), a contact by their email address, else their first and last name, a position
by its contact, stakeholder, role and start. An empty cell leaves what Duo holds.
"""

import hashlib
import io
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext, gettext_noop
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from duo.accounts import roles, scoping
from duo.intake.records import reader
from duo.intake.records.columns import in_every_language
from duo.intake.records.reader import Problem

from . import importing as im
from . import services
from .models import Contact, Position, Stakeholder

PREVIEW_ROWS = 20
STAKEHOLDER_DETAILS = ("level", "region", "website", "email", "phone")
CONTACT_DETAILS = ("first_name", "last_name", "contact_email", "contact_phone", "language", "legal_basis", "source")
POSITION_DETAILS = ("role", "party", "committees", "started_on", "ended_on")
DIFFERS = gettext_noop("this differs from row %(row)s of this file, which gives “%(other)s”: give the same value "
                       "or leave the cell empty")


@dataclass
class Item:
    """One stakeholder, contact or position the file names: found in Duo (`obj`) or to create."""

    row: int
    obj: object = None
    given: dict = field(default_factory=dict)  # field name -> (value, row)
    contact: object = None  # a position's contact and stakeholder (Items)
    stakeholder: object = None

    def value(self, name, default=None):
        return self.given[name][0] if name in self.given else default

    def changes(self) -> dict:
        values = {name: value for name, (value, _row) in self.given.items()}
        if self.obj is None:
            return values
        return {name: value for name, value in values.items() if _stored(self.obj, name) != _comparable(value)}

    @property
    def action(self) -> str:
        return "create" if self.obj is None else ("update" if self.changes() else "unchanged")


def _stored(obj, name):
    return obj.region_id if name == "region" else getattr(obj, name)


def _comparable(value):
    return value.pk if hasattr(value, "pk") else value


@dataclass
class Report:
    filename: str
    sha256: str
    problems: list = field(default_factory=list)
    counts: dict = field(default_factory=dict)  # "stakeholders"/"contacts"/"positions" -> created, updated, ...
    preview: list = field(default_factory=list)
    rows: int = 0
    committed: bool = False


def stakeholders_check(*, data: bytes, filename: str, by) -> Report:
    return _run(data, filename, by, commit=False)


def stakeholders_import(*, data: bytes, filename: str, by) -> Report:
    return _run(data, filename, by, commit=True)


def _run(data, filename, by, *, commit) -> Report:
    if not scoping.has(by, roles.ADVOCACY_CHANGE):
        raise scoping.NotAllowed
    report = Report(filename, hashlib.sha256(data).hexdigest())
    sheet = reader.read(data, filename)
    report.rows = len(sheet.rows)
    if not sheet.problems and not sheet.rows:
        sheet.problem(0, "", "", gettext_noop("the file has a header but no rows below it"))
    if sheet.problems:
        report.problems = sheet.problems
        return report
    mapping, checked = im.check_header(sheet)
    if not checked.problems:
        im.check_rows(sheet, mapping, checked)
    if checked.problems:
        report.problems = sorted(checked.problems, key=lambda p: p.row)
        return report
    plan = Plan(checked)
    if checked.problems:
        report.problems = sorted(checked.problems, key=lambda p: p.row)
        return report
    report.counts = plan.counts()
    report.preview = plan.preview()
    if commit:
        try:
            with transaction.atomic():
                plan.write(by)
        except services.AdvocacyError as exc:  # checked above; a concurrent change may still refuse a row
            report.problems = [Problem(plan.writing, "", "", message) for message in exc.errors.values()]
            return report
        report.committed = True
    return report


class Plan:
    """What the rows come to: each stakeholder, contact and position once, found in Duo or new."""

    def __init__(self, checked: im.Checked):
        self.checked = checked
        self.stakeholders, self.positions = {}, {}
        self.contacts, self.contact_keys = [], {}  # the contacts in file order; their keys -> Item
        self.rows = []  # (row number, stakeholder item, contact item or None, position item or None)
        self.writing = 0
        existing = {(s.name.casefold(), s.kind): s for s in Stakeholder.objects.all()}
        self.by_email, self.by_name = {}, {}
        for contact in Contact.objects.all():
            if contact.email:
                self.by_email.setdefault(contact.email.casefold(), contact)
            self.by_name.setdefault(_name_key(contact.first_name, contact.last_name), []).append(contact)
        for parsed in checked.rows:
            self._row(parsed, existing)
        ids = [c.obj.pk for c in self.contacts if c.obj is not None]
        self.held = {}
        for position in Position.objects.filter(contact_id__in=ids):
            self.held.setdefault((position.contact_id, position.stakeholder_id), []).append(position)
        for key, item in self.positions.items():
            self._find_position(key, item)

    def _give(self, item, parsed, names):
        for name in names:
            if name not in parsed.values:
                continue
            value = parsed.values[name]
            field_name = im.BY_KEY[name].attr
            if field_name in item.given and _comparable(item.given[field_name][0]) != _comparable(value):
                other, row = item.given[field_name]
                self.checked.problem(parsed, name, parsed.raw[name], DIFFERS, row=row, other=str(other))
            else:
                item.given.setdefault(field_name, (value, parsed.number))

    def _row(self, parsed, existing):
        values = parsed.values
        key = (values["name"].casefold(), values["kind"])
        stakeholder = self.stakeholders.get(key)
        if stakeholder is None:
            stakeholder = self.stakeholders[key] = Item(parsed.number, existing.get(key))
            stakeholder.given.update(name=(values["name"], parsed.number), kind=(values["kind"], parsed.number))
            if stakeholder.obj is not None:
                del stakeholder.given["name"]  # keep the name as Duo spells it
        self._give(stakeholder, parsed, STAKEHOLDER_DETAILS)
        if "last_name" not in values:
            self.rows.append((parsed.number, stakeholder, None, None))
            return
        contact = self._contact(parsed)
        self._give(contact, parsed, CONTACT_DETAILS)
        role = values["role"]
        pkey = (id(contact), id(stakeholder), role.casefold(), values.get("started_on"))
        position = self.positions.get(pkey)
        if position is None:
            position = self.positions[pkey] = Item(parsed.number, contact=contact, stakeholder=stakeholder)
        self._give(position, parsed, POSITION_DETAILS)
        self.rows.append((parsed.number, stakeholder, contact, position))

    def _contact(self, parsed) -> Item:
        """The file's contact for this row: the same email address, else the same name (unless both rows give
        different addresses); else the one Duo holds with that address, else the only one with that name."""
        values = parsed.values
        email = (values.get("contact_email") or "").casefold()
        name = _name_key(values.get("first_name", ""), values["last_name"])
        item = self.contact_keys.get(("email", email)) if email else None
        if item is None:
            same = self.contact_keys.get(("name", name))
            if same is not None and not (email and same.value("email")):
                item = same
        if item is None:
            item = self._new_contact(parsed, email, name)
        if email:
            self.contact_keys.setdefault(("email", email), item)
        self.contact_keys.setdefault(("name", name), item)
        return item

    def _new_contact(self, parsed, email, name) -> Item:
        found = self.by_email.get(email) if email else None
        if found is None:
            same_name = self.by_name.get(name, [])
            if email:  # someone imported earlier without an address gets it now
                same_name = [c for c in same_name if not c.email]
            if len(same_name) > 1:
                self.checked.problem(parsed, "last_name", parsed.values["last_name"], gettext_noop(
                    "several contacts in Duo have this name: add the contact's email address to say which"))
            elif same_name:
                found = same_name[0]
        item = Item(parsed.number, found)
        if found is None and "language" not in parsed.values:
            item.given["language"] = ("fr", parsed.number)
        self.contacts.append(item)
        return item

    def _find_position(self, key, item):
        contact, stakeholder = item.contact.obj, item.stakeholder.obj
        if contact is None or stakeholder is None:
            return
        role, start = key[2], key[3]
        for position in self.held.get((contact.pk, stakeholder.pk), []):
            if position.role.casefold() == role and (start is None or position.started_on in (start, None)):
                item.obj = position
                item.given.pop("role", None)  # as Duo spells it
                return

    def counts(self) -> dict:
        found = {}
        for kind, items in (("stakeholders", list(self.stakeholders.values())), ("contacts", self.contacts),
                            ("positions", list(self.positions.values()))):
            actions = [item.action for item in items]
            found[kind] = {a: actions.count(a) for a in ("create", "update", "unchanged")}
        return found

    def preview(self) -> list:
        shown = []
        for number, stakeholder, contact, position in self.rows[:PREVIEW_ROWS]:
            shown.append({
                "row": number,
                "stakeholder": (stakeholder.obj.name if stakeholder.obj else stakeholder.value("name")),
                "stakeholder_action": stakeholder.action,
                "contact": _contact_name(contact) if contact else "",
                "contact_action": contact.action if contact else "",
                "role": (position.obj.role if position.obj else position.value("role")) if position else "",
                "position_action": position.action if position else "",
            })
        return shown

    def write(self, by):
        for item in self.stakeholders.values():
            self.writing = item.row
            if item.obj is None or item.changes():
                item.obj = services.stakeholder_save(by=by, stakeholder=item.obj, **item.changes())
        for item in self.contacts:
            self.writing = item.row
            if item.obj is None or item.changes():
                item.obj = services.contact_save(by=by, contact=item.obj, **item.changes())
        for item in self.positions.values():
            self.writing = item.row
            if item.obj is None:
                values = {"level": item.stakeholder.obj.level, **item.changes()}
                services.position_save(by=by, contact=item.contact.obj, stakeholder=item.stakeholder.obj, **values)
            elif item.changes():
                services.position_save(by=by, position=item.obj, **item.changes())


def _name_key(first, last) -> tuple:
    return (" ".join((first or "").split()).casefold(), " ".join((last or "").split()).casefold())


def _contact_name(item) -> str:
    if item.obj is not None:
        return item.obj.full_name
    return f"{item.value('first_name', '')} {item.value('last_name', '')}".strip()


# --- the template ---------------------------------------------------------------------------------------------------

def _sheet_title(text) -> str:
    return re.sub(r"[\[\]:*?/\\]", " ", str(text))[:31]


def _format(spec) -> str:
    if spec.type == im.CHOICE:
        return gettext("One of the allowed values (in French, Dutch or English, or the code in brackets)")
    if spec.type == im.REGION:
        return gettext("The code of a region")
    return gettext(im.EXPECTED[spec.type]) % {"max": spec.max_length}


def _allowed(spec, region_codes) -> str:
    if spec.type == im.CHOICE:
        return im.allowed_values(spec)
    if spec.type == im.REGION:
        return "\n".join(region_codes)
    return ""


def notes() -> list[str]:
    return [
        gettext("Fill in the first sheet, one row each, and keep its headers. Headers are also accepted in French, "
                "Dutch or English."),
        gettext("A row holds a stakeholder alone, or a stakeholder with one of its contacts and the contact's role "
                "there. Repeat the stakeholder on each of its contacts' rows."),
        gettext("The import is all or nothing: if any row has a problem, nothing is imported, and every problem is "
                "listed with its row, its column, its value and what is expected."),
        gettext("Importing the same file again creates no duplicates: a stakeholder is found again by its name and "
                "type, a contact by their email address, else their first and last name."),
        gettext("An empty cell leaves what Duo already holds. Dates are written dd/mm/yyyy or yyyy-mm-dd."),
        gettext("Each contact needs the legal basis on which your organisation keeps their details. Record "
                "professional details only: never health, origin, religion, union membership or opinions; a party "
                "only for a public mandate."),
    ]


def template_bytes(region_codes=()) -> bytes:
    workbook = Workbook()
    data = workbook.active
    data.title = _sheet_title(gettext("Stakeholders"))
    data.append([str(spec.label) for spec in im.SPECS])
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    for index, spec in enumerate(im.SPECS, start=1):
        letter = get_column_letter(index)
        data.cell(row=1, column=index).font = bold
        data.column_dimensions[letter].width = max(14, min(40, len(str(spec.label)) + 4))
        data.column_dimensions[letter].number_format = "DD/MM/YYYY" if spec.type == im.DATE else "@"
    data.freeze_panes = "A2"
    about = workbook.create_sheet(_sheet_title(gettext("About the columns")))
    about.append([gettext("Importing stakeholders and contacts into Duo")])
    about.cell(row=1, column=1).font = Font(bold=True, size=14)
    for text in notes():
        about.append([text])
        about.cell(row=about.max_row, column=1).alignment = wrap
    about.append([])
    about.append([gettext("Column"), gettext("Headers accepted"), gettext("Required"), gettext("Format"),
                  gettext("Allowed values"), gettext("What it holds")])
    for cell in about[about.max_row]:
        cell.font = bold
    for spec in im.SPECS:
        headers = " / ".join(dict.fromkeys(in_every_language(spec.label)))
        about.append([str(spec.label), headers, gettext("Yes") if spec.required else gettext("No"), _format(spec),
                      _allowed(spec, region_codes), str(spec.help)])
        for cell in about[about.max_row]:
            cell.alignment = wrap
    for letter, width in zip("ABCDEF", (70, 40, 10, 36, 50, 50)):
        about.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()

