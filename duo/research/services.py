"""Making a research export and handing it out; each leaves an entry in the audit trail.

The file is a zip of data.csv (one row per duo, k-anonymous) and codebook.json (every column's meaning, the
generalisation chosen, what was suppressed and why rows are missing). People and duos are known by an HMAC-SHA256
of their id under a key drawn for this export and never stored: a recipient cannot go back to Duo's ids, and two
exports cannot be joined on their pseudonyms. The same key would be needed to make the same file again, so the
file is kept (encrypted with the field keys, like the snapshots) and every download serves those same bytes.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import secrets
import zipfile
from pathlib import Path

import polars as pl
from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from duo.accounts import roles, scoping
from duo.impact import snapshot as facts
from duo.impact.models import Snapshot
from duo.privacy.audit import record
from duo.privacy.models import AuditEvent

from . import columns, kanon, queries
from .models import MAX_K, ResearchExport

PSEUDONYM_LENGTH = 32  # hex digits: 128 bits


class ExportRefused(Exception):
    def __init__(self, errors: dict):
        super().__init__(errors)
        self.errors = errors


class FileMissing(Exception):
    """The export's file is gone, cannot be decrypted or does not match its hash."""


def directory() -> Path:
    # Beside the snapshots they come from: the same protected folder, the same keys, the same backups.
    return Path(settings.IMPACT_SNAPSHOT_DIR) / "research"


def smallest_k() -> int:
    return max(2, int(settings.RESEARCH_EXPORT_K))


def max_suppression() -> float:
    return min(1.0, max(0.0, float(settings.RESEARCH_EXPORT_MAX_SUPPRESSION)))


def _pseudonyms(kind: str, ids: list, key: bytes) -> list[str]:
    return [hmac.new(key, f"{kind}:{pk}".encode(), hashlib.sha256).hexdigest()[:PSEUDONYM_LENGTH] for pk in ids]


def _table(rows: queries.Rows, *, k: int, key: bytes) -> tuple[pl.DataFrame, kanon.Report]:
    region_of, country_of = queries.places()
    hierarchies = columns.hierarchies(region_of=region_of, country_of=country_of)
    payload = columns.payload()
    frame = rows.frame.with_columns(
        pl.Series("person", _pseudonyms("person", rows.frame[queries.PERSON_ID].to_list(), key), dtype=pl.Utf8),
        pl.Series("duo", _pseudonyms("duo", rows.frame[queries.DUO_ID].to_list(), key), dtype=pl.Utf8))
    frame = frame.select("person", "duo", *[h.column for h in hierarchies], *[name for name, _m, _c in payload])
    out, report = kanon.anonymise(frame, hierarchies, k=k, entity="person",
                                  max_suppression=max_suppression())
    # Ordered by pseudonym, not by id: the order of the rows would otherwise say which duo came first.
    return out.sort("duo"), report


def _codebook(*, export: ResearchExport, report: kanon.Report, hierarchies, extra: dict) -> dict:
    qi_codes = columns.qi_codes()
    return {
        "dataset": {
            "data_use_agreement": export.dua_reference, "recipient": export.recipient,
            "created": export.created_at.date().isoformat(), "facts_as_of": export.snapshot.as_of.isoformat(),
            "rows": report.rows_out, "unit": _("one row per duo (a mentee and a mentor); a mentee may have two"),
        },
        "pseudonyms": _("person and duo are keyed hashes (HMAC-SHA256) of the ids under a key drawn for this export "
                        "and destroyed: they identify no one outside this file and do not match any other export"),
        "k_anonymity": {
            "k": report.k, "counted_in": _("people (distinct person pseudonyms)"),
            "smallest_group": report.smallest_class, "groups": report.classes,
            "quasi_identifiers": {h.column: {"meaning": h.label, "released_as": h.describe(report.levels[h.column]),
                                             "possible_levels": [h.describe(i) for i in range(h.height + 1)]}
                                  for h in hierarchies},
            "rows_suppressed": report.suppressed, "max_suppressed_share": report.max_suppression,
        },
        "rows_left_out": {"no_research_consent_duos": extra["excluded_duos"],
                          "no_research_consent_people": extra["excluded_people"],
                          "suppressed_for_k_anonymity": report.suppressed},
        "columns": [
            {"name": "person", "meaning": _("Pseudonym of the mentee")},
            {"name": "duo", "meaning": _("Pseudonym of the duo")},
            *[{"name": h.column, "meaning": h.label, "generalised_to": h.describe(report.levels[h.column]),
               **({"codes": {code: str(label) for code, label in qi_codes[h.column].items()}}
                  if h.column in qi_codes and report.levels[h.column] == 0 else {})} for h in hierarchies],
            *[{"name": name, "meaning": meaning,
               **({"codes": {code: str(label) for code, label in codes.items()}} if codes else {})}
              for name, meaning, codes in columns.payload()],
        ],
        "missing_values": _("an empty cell is not recorded; “unknown” is recorded as not known; “*” is withheld"),
    }


def _zip(data: bytes, codebook: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in (("data.csv", data), ("codebook.json", codebook)):
            archive.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), content)
    return buffer.getvalue()


def _refuse_if_nobody_consents(rows: queries.Rows) -> None:
    """A file with a header and no row would still be an export on record (agreement, recipient, audit): refused."""
    if rows.duos == 0:
        raise ExportRefused({"snapshot": _("This snapshot holds no duo: there is nothing to export.")})
    if rows.frame.height == 0:
        raise ExportRefused({"snapshot": _(
            "No mentee of this snapshot's %(duos)s duos has agreed to research: the export would be empty. Nothing "
            "was made.") % {"duos": rows.duos}})


def _refuse_if_all_suppressed(report: kanon.Report, *, rows: queries.Rows, k: int) -> None:
    if report.rows_out:
        return
    values = {"k": k, "duos": rows.frame.height, "floor": smallest_k()}
    if k > smallest_k():
        message = _("With k = %(k)s, all %(duos)s duos of people who agreed to research would be suppressed: the "
                    "export would be empty. Nothing was made. Choose a smaller k (%(floor)s at least) or a later "
                    "snapshot with more people.")
    else:
        message = _("Even with k = %(k)s, all %(duos)s duos of people who agreed to research would be suppressed: "
                    "too few people to share anything without singling someone out. Nothing was made.")
    raise ExportRefused({"k": message % values})


@transaction.atomic
def export_create(*, by, snapshot: Snapshot, dua_reference: str, recipient: str, k: int | None = None
                  ) -> ResearchExport:
    """Makes the export of `snapshot` for `recipient` under `dua_reference`; by None is the command line."""
    if by is not None and not scoping.has(by, roles.RESEARCH_EXPORT):
        raise scoping.NotAllowed
    k = smallest_k() if k is None else k
    errors = {}
    if not (dua_reference or "").strip():
        errors["dua_reference"] = _("Give the reference of the data-use agreement.")
    if not (recipient or "").strip():
        errors["recipient"] = _("Say who receives the file.")
    if not smallest_k() <= k <= MAX_K:
        errors["k"] = _("Choose k between %(low)s and %(high)s.") % {"low": smallest_k(), "high": MAX_K}
    if errors:
        raise ExportRefused(errors)
    try:
        rows = queries.rows_of(snapshot)
    except queries.SnapshotChanged:
        raise ExportRefused({"snapshot": _("The records have changed since this snapshot was taken (or it has an "
                                           "older format): take a new snapshot, then export it.")})
    _refuse_if_nobody_consents(rows)
    key = secrets.token_bytes(32)
    table, report = _table(rows, k=k, key=key)
    del key  # never stored: see the module's docstring
    _refuse_if_all_suppressed(report, rows=rows, k=k)
    export = ResearchExport(snapshot=snapshot, dua_reference=dua_reference.strip(), recipient=recipient.strip(),
                            k=k, created_by=by, created_at=timezone.now())
    extra = {"snapshot_duos": rows.duos, "excluded_duos": rows.excluded_duos,
             "excluded_people": rows.excluded_people}
    # The file and its description in English, like the column codes: research scripts read them.
    with translation.override("en"):
        region_of, country_of = queries.places()
        english = columns.hierarchies(region_of=region_of, country_of=country_of)
        codebook = _codebook(export=export, report=report, hierarchies=english, extra=extra)
    content = _zip(table.write_csv().encode(), json.dumps(codebook, ensure_ascii=False, indent=2).encode())
    export.report = {**report.as_dict(), **extra}
    export.row_count = report.rows_out
    export.sha256 = hashlib.sha256(content).hexdigest()
    export.file_name = f"research-{export.sha256[:16]}-{secrets.token_hex(4)}.duo"
    folder = directory()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / export.file_name).write_bytes(facts._cipher().encrypt(content))
    try:
        export.save()
        record(action=AuditEvent.Action.EXPORT, model=ResearchExport, object_id=export.pk,
               count=export.row_count, note=f"research export created {export.dua_reference}")
    except Exception:
        (folder / export.file_name).unlink(missing_ok=True)
        raise
    return export


def export_file(*, by, export: ResearchExport) -> bytes:
    """The export's zip, as created; each call is a hand-over and is audited."""
    if by is not None and not scoping.has(by, roles.RESEARCH_EXPORT):
        raise scoping.NotAllowed
    from cryptography.fernet import InvalidToken

    try:
        content = facts._cipher().decrypt((directory() / export.file_name).read_bytes())
    except (OSError, InvalidToken) as exc:
        raise FileMissing from exc
    if hashlib.sha256(content).hexdigest() != export.sha256:
        raise FileMissing
    record(action=AuditEvent.Action.EXPORT, model=ResearchExport, object_id=export.pk, count=export.row_count,
           note=f"research export downloaded {export.dua_reference}")
    return content
