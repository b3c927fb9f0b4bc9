"""The subject-access export as a file: JSON (for machines and for the record) or an A4 PDF (for the person to read),
both in the person's language, and the audit entry that every export leaves."""

from __future__ import annotations

import datetime
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import formats, translation
from django.utils.translation import gettext

from duo.accounts import scoping
from duo.core.pdf import refusing_fetcher
from duo.people.models import Person

from .audit import record
from .models import AuditEvent
from .subject import person_data

FORMATS = ("json", "pdf")
CONTENT_TYPES = {"json": "application/json; charset=utf-8", "pdf": "application/pdf"}
AUDIT_NOTE = "subject access"


def to_json(data: dict) -> bytes:
    """UTF-8, readable accents (no \\u escapes), ISO dates, keys in the order the export defines them."""
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode("utf-8")


def shown(value) -> str:
    """A value as the person reads it in the PDF, in the active language."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, datetime.datetime):
        return formats.date_format(value, "DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "DATE_FORMAT")
    if isinstance(value, float):
        return formats.number_format(value)
    if isinstance(value, list):
        return ", ".join(shown(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {shown(v)}" for k, v in value.items())
    return str(value)


def _pdf_context(data: dict) -> dict:
    sections = [
        {"title": s["title"], "count": s["count"],
         "records": [[(label, shown(value)) for label, value in r.items()] for r in s["records"]]}
        for s in data["sections"].values()
    ]
    consent = [{**c, "recorded_at": shown(c["recorded_at"])} for c in data["consent"]]
    return {"data": data, "sections": sections, "consent": consent, "generated_at": shown(data["generated_at"])}


def to_html(data: dict) -> str:
    with translation.override(data["language"]):
        return render_to_string("privacy/subject/export_pdf.html", _pdf_context(data))


def _refuse_fetch(url: str, *args, **kwargs):
    """The document is self-contained; free text in it must never make the server fetch a URL."""
    raise ValueError(f"external resource refused: {url}")


def to_pdf(data: dict) -> bytes:
    from weasyprint import HTML  # heavy: loaded only when a PDF is asked for

    return HTML(string=to_html(data), url_fetcher=refusing_fetcher(_refuse_fetch)).write_pdf()


@transaction.atomic
def export_person(*, person: Person, fmt: str, by=None) -> bytes:
    """The file, and an EXPORT entry in the audit trail. `by`: the staff member asking (None from the command line,
    whose actor is set by the command)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    if by is not None and not scoping.can_change(by, person):
        raise scoping.NotAllowed
    data = person_data(person)
    content = to_json(data) if fmt == "json" else to_pdf(data)
    record(action=AuditEvent.Action.EXPORT, model=Person, object_id=person.pk, note=AUDIT_NOTE)
    return content


def filename(person: Person, fmt: str) -> str:
    return f"data-held-person-{person.pk}.{fmt}"
