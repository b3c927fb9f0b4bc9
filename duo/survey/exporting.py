"""Spreadsheets that leave Duo from the survey pages: the template to fill in for an import of answers,
and the pseudonymised export of responses for the impact work and for researchers.

The export carries no name, no email, no raw id and no free text. A person and a duo are known by a
keyed hash of their id (HMAC-SHA256 with settings.SURVEY_PSEUDONYM_KEY): the same in every export, so
that a baseline pairs with its end and follow-ups, and meaningless without the key. Free text is where
identities hide ("my mentor Jean at the bakery in Jette"): quotes leave Duo through testimonies, with
their author's consent, never through this table. The answer date is cut to its month, enough for
research and less identifying. Writing goes through duo.core.export, whose CSV guard prefixes a cell
that a spreadsheet would read as a formula, and whose XLSX cells are typed as text.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io

from django.conf import settings
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from duo.accounts import roles, scoping
from duo.core.export import Column, export_response
from duo.people import consent
from duo.people.choices import ConsentPurpose

from . import logic, responses
from .importing import ANSWERED_ON, DUO_ID, EMAIL_COLUMN, IDENTIFICATION, LANGUAGE, NOTE, PERSON_ID, questions_of
from .models import Answer, Instrument, InstrumentVersion, Question, Response

FIXED = ("person", "duo", "role", "antenna", "version", "answered_month", "source", "language")
PSEUDONYM_LENGTH = 16  # hex digits: 64 bits, no collision in any realistic number of people


def pseudonym(kind: str, pk, key: str | None = None) -> str:
    """The stable pseudonymous id of a person ("person") or a duo ("duo"); never the id itself."""
    if pk is None:
        return ""
    key = settings.SURVEY_PSEUDONYM_KEY if key is None else key
    return hmac.new(key.encode(), f"{kind}:{int(pk)}".encode(), hashlib.sha256).hexdigest()[:PSEUDONYM_LENGTH]


def question_codes(instrument: Instrument) -> list[str]:
    """The union of the versions' question codes, oldest version first, free-text questions left out."""
    rows = (Question.objects.filter(version__instrument=instrument).exclude(type=logic.TEXT)
            .order_by("version__number", "position", "id").values_list("code", flat=True))
    return list(dict.fromkeys(rows))


def _cell(answer: Answer):
    kind = answer.question.type
    if kind in (logic.LIKERT, logic.NUMBER) and answer.number is not None:
        return int(answer.number) if float(answer.number).is_integer() else answer.number
    if kind == logic.DATE:
        return str(answer.value or "")[:7]  # the month, like the answer date
    if isinstance(answer.value, list):
        return ";".join(str(v) for v in answer.value)
    return "" if answer.value is None else str(answer.value)


def _role(response: Response) -> str:
    if response.duo_id is not None:
        return "mentee" if response.duo.mentee.person_id == response.person_id else "mentor"
    return response.version.instrument.audience


def responses_export(*, user, instrument: Instrument, antenna=None, start=None, end=None) -> tuple[list, list]:
    """(columns, rows) of the pseudonymised table; user None is the command line (the whole organisation)."""
    if user is not None and not scoping.has(user, roles.RESPONSES_EXPORT):
        raise scoping.NotAllowed
    codes = question_codes(instrument)
    answers = Answer.objects.select_related("question").exclude(question__type=logic.TEXT).defer("text")
    qs = (Response.objects.filter(version__instrument=instrument)
          .select_related("version__instrument", "antenna", "duo__mentee")
          .prefetch_related(Prefetch("answers", queryset=answers))
          .order_by("answered_on", "id"))
    # Whoever withdrew consent to research is left out of this table, which is what researchers receive.
    qs = consent.consenting(qs, ConsentPurpose.RESEARCH, field="person_id")
    allowed = scoping.antenna_ids(user) if user is not None else None
    if allowed is not None:
        qs = qs.filter(antenna_id__in=allowed)
    if antenna is not None:
        qs = qs.filter(antenna=antenna)
    if start is not None:
        qs = qs.filter(answered_on__gte=start)
    if end is not None:
        qs = qs.filter(answered_on__lte=end)
    rows = []
    for response in qs:
        row = dict.fromkeys(codes, "")
        row.update({
            "person": pseudonym("person", response.person_id), "duo": pseudonym("duo", response.duo_id),
            "role": _role(response), "antenna": response.antenna.code, "version": response.version.number,
            "answered_month": response.answered_on.strftime("%Y-%m"), "source": response.source,
            "language": response.language,
        })
        row.update({a.question.code: _cell(a) for a in response.answers.all() if a.question.code in row})
        rows.append(row)
    # Headers are codes, the same in every language: research scripts read them.
    columns = [Column(key, lambda row, key=key: row[key]) for key in (*FIXED, *codes)]
    return columns, rows


def export_file(*, user, instrument: Instrument, fmt: str, antenna=None, start=None, end=None):
    """(the HTTP response carrying the file, its number of rows); the export is recorded in the audit trail."""
    from duo.privacy.audit import record
    from duo.privacy.models import AuditEvent

    columns, rows = responses_export(user=user, instrument=instrument, antenna=antenna, start=start, end=end)
    filters = [f"antenna={antenna.code}" if antenna else "", f"from={start}" if start else "",
               f"to={end}" if end else ""]
    record(action=AuditEvent.Action.EXPORT, model=Response, count=len(rows),
           note=" ".join(["pseudonymised survey export", instrument.code, fmt, *filter(None, filters)]))
    return export_response(user=user, rows=rows, columns=columns, filename=f"survey-{instrument.code}",
                           fmt=fmt), len(rows)


def file_bytes(response) -> bytes:
    """The bytes of export_response's answer (streamed for CSV), for the command line."""
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content

# --- the template ---------------------------------------------------------------------------------

def _about(key) -> tuple[str, str]:
    return {
        PERSON_ID: (_("The person's number in Duo (on their file), or leave it empty and give their email."),
                    _("a whole number")),
        EMAIL_COLUMN: (_("The person's email address, if the number is not given."), _("an email address")),
        DUO_ID: (_("The duo's number in Duo, if the answers are about one duo (optional)."), _("a whole number")),
        ANSWERED_ON: (_("The day the person answered (required)."), _("dd/mm/yyyy or yyyy-mm-dd")),
        LANGUAGE: (_("The language of the questionnaire the person answered (optional: their usual language)."),
                   "fr, nl, en"),
    }[key]


def _allowed(question) -> str:
    if question.type == logic.LIKERT:
        return _("1 to 5 (1 = strongly disagree, 5 = strongly agree)")
    if question.type in logic.CHOICE_TYPES:
        listed = ", ".join(f"{c.value} ({c.label})" for c in question.choices.all())
        if question.type == logic.MULTIPLE:
            return _("one or more of, separated by “;”: %(values)s") % {"values": listed}
        return _("one of: %(values)s") % {"values": listed}
    if question.type == logic.NUMBER:
        bounds = [responses._number(b) if b is not None else "" for b in (question.minimum, question.maximum)]
        return _("a number") + (" ({}–{})".format(*bounds) if any(bounds) else "")
    if question.type == logic.DATE:
        return _("dd/mm/yyyy or yyyy-mm-dd")
    return _("free text")


def _when_asked(question) -> str:
    if question.show_if_question:
        return _("only if “%(code)s” is %(values)s; otherwise leave it empty") % {
            "code": question.show_if_question, "values": " / ".join(str(v) for v in question.show_if_values)}
    return _("required") if question.required else _("optional")


def template_rows(version: InstrumentVersion, questions=None) -> list[list[str]]:
    """The header, then two note rows (what each column holds, its allowed values), in the active language."""
    questions = questions if questions is not None else questions_of(version)
    header = [*IDENTIFICATION, *(q.code for q in questions)]
    texts = [_about(key)[0] for key in IDENTIFICATION] + [f"{q.text} ({_when_asked(q)})" for q in questions]
    allowed = [_about(key)[1] for key in IDENTIFICATION] + [_allowed(q) for q in questions]
    texts[0], allowed[0] = f"{NOTE} {texts[0]}", f"{NOTE} {allowed[0]}"
    return [header, texts, allowed]


def template_notes() -> list[str]:
    return [
        _("Fill in one row per person who answered, below the two rows that start with “#” (they are notes "
          "and are not read). Keep the headers: one column per question, named by its code."),
        _("Identify each person by their number in Duo (person_id) or their email address; only the people "
          "of your antennas can be named."),
        _("The import is all or nothing: if any row has a problem, nothing is imported, and every problem is "
          "listed with its row, its column and its value. A person who already answered this questionnaire "
          "(for the same duo) is refused."),
        _("Write a choice as its code or its label; several choices separated by “;”. Leave the questions "
          "the person did not see or did not answer empty. Dates as dd/mm/yyyy or yyyy-mm-dd, or typed as "
          "dates in Excel."),
    ]


def template_csv(version: InstrumentVersion) -> bytes:
    buffer = io.StringIO()
    buffer.write("\ufeff")  # with semicolons: what Excel in Belgium and France opens without a wizard
    csv.writer(buffer, delimiter=";").writerows(template_rows(version))
    return buffer.getvalue().encode("utf-8")


def template_xlsx(version: InstrumentVersion) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    questions = questions_of(version)
    header, texts, allowed = template_rows(version, questions)
    dates = {ANSWERED_ON} | {q.code for q in questions if q.type == logic.DATE}
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = version.instrument.code[:31]
    bold, note, wrap = Font(bold=True), Font(italic=True, color="555555"), Alignment(wrap_text=True, vertical="top")
    for values, font in ((header, bold), (texts, note), (allowed, note)):
        sheet.append(values)
        for cell in sheet[sheet.max_row]:
            cell.font, cell.alignment = font, wrap
    for index, key in enumerate(header, start=1):
        column = sheet.column_dimensions[get_column_letter(index)]
        column.width = 24
        # Codes such as "1;3" stay text; numbers of people and duos, and dates, keep their type.
        column.number_format = "DD/MM/YYYY" if key in dates else "General" if key in (PERSON_ID, DUO_ID) else "@"
    sheet.freeze_panes = "A4"
    about = workbook.create_sheet(_("About the columns")[:31])
    about.append([str(version)])
    about.cell(row=1, column=1).font = Font(bold=True, size=14)
    for text in template_notes():
        about.append([text])
        about.cell(row=about.max_row, column=1).alignment = wrap
    about.append([])
    about.append([_("Column"), _("Question"), _("Allowed values")])
    for cell in about[about.max_row]:
        cell.font = bold
    for key, text, values in zip(header, texts, allowed):
        about.append([key, text.removeprefix(NOTE + " "), values.removeprefix(NOTE + " ")])
        for cell in about[about.max_row]:
            cell.alignment = wrap
    for letter, width in zip("ABC", (24, 70, 50)):
        about.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
