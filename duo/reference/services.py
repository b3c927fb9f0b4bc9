"""Writing reference data (places, ISCO-08 groups).

`places_import` and `occupations_import` take rows already checked by duo.reference.importers and
write them in one transaction, in bulk: new rows are created, changed rows updated, identical rows
left alone, so that importing the same file twice changes nothing. The `*_import_file` helpers
read and check a file, refuse it as a whole when any row is wrong (InvalidFile), then import it;
commands and background jobs use them.
"""

from collections.abc import Callable
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext, ngettext

from duo.jobs.errors import JobFailed

from . import importers
from .models import Occupation, Place

BATCH_SIZE = 500
PLACE_FIELDS = ("latitude", "longitude", "province")
OCCUPATION_FIELDS = ("level", "parent_id", "label_en", "label_fr", "label_nl")

Progress = Callable[[int, int, str], None]


class InvalidFile(JobFailed):
    """A file with problems: nothing was imported. `errors` holds one readable text per problem."""

    SHOWN = 10

    def __init__(self, errors: list[str]):
        self.errors = errors
        count = len(errors)
        summary = ngettext(
            "Nothing was imported: the file has %(count)s problem.",
            "Nothing was imported: the file has %(count)s problems.",
            count,
        ) % {"count": count}
        details = " ".join(errors[: self.SHOWN])
        if count > self.SHOWN:
            details += " " + gettext("(and %(more)s more)") % {"more": count - self.SHOWN}
        super().__init__(f"{summary} {details}")


def _check(parsed: importers.Parsed) -> list[str]:
    """Raise InvalidFile when the file has errors; otherwise return its warnings as texts."""
    if parsed.errors:
        raise InvalidFile([importers.describe(error, gettext) for error in parsed.errors])
    return [importers.describe(warning, gettext) for warning in parsed.warnings]


@transaction.atomic
def places_import(*, rows: list[dict]) -> dict:
    """Create or update places keyed on (postal code, name). A row whose province is None keeps
    the stored province."""
    stored = {(place.postal_code, place.name): place for place in Place.objects.all()}
    new, changed, unchanged = [], [], 0
    for row in rows:
        values = {"latitude": row["latitude"], "longitude": row["longitude"]}
        if row.get("province") is not None:
            values["province"] = row["province"]
        place = stored.get((row["postal_code"], row["name"]))
        if place is None:
            new.append(Place(postal_code=row["postal_code"], name=row["name"], **values))
            continue
        if all(getattr(place, key) == value for key, value in values.items()):
            unchanged += 1
            continue
        for key, value in values.items():
            setattr(place, key, value)
        changed.append(place)
    Place.objects.bulk_create(new, batch_size=BATCH_SIZE)
    Place.objects.bulk_update(changed, PLACE_FIELDS, batch_size=BATCH_SIZE)
    return {"created": len(new), "updated": len(changed), "unchanged": unchanged, "total": len(rows)}


@transaction.atomic
def occupations_import(*, rows: list[dict]) -> dict:
    """Create or update ISCO-08 groups keyed on code, parents first. Stored groups that are not
    in `rows` are left as they are (they may be in use) and counted as not_in_file."""
    stored = {occupation.code: occupation for occupation in Occupation.objects.all()}
    pks = {code: occupation.pk for code, occupation in stored.items()}
    created = updated = unchanged = 0
    for level in sorted({row["level"] for row in rows}):
        new, changed = [], []
        for row in (row for row in rows if row["level"] == level):
            if row["parent"] and row["parent"] not in pks:
                raise ValueError(f"ISCO-08 group {row['code']}: parent {row['parent']} is neither stored nor given")
            values = {
                "level": row["level"], "parent_id": pks[row["parent"]] if row["parent"] else None,
                "label_en": row["label_en"], "label_fr": row["label_fr"], "label_nl": row["label_nl"],
            }
            occupation = stored.get(row["code"])
            if occupation is None:
                new.append(Occupation(code=row["code"], **values))
            elif any(getattr(occupation, key) != value for key, value in values.items()):
                for key, value in values.items():
                    setattr(occupation, key, value)
                changed.append(occupation)
            else:
                unchanged += 1
        Occupation.objects.bulk_create(new, batch_size=BATCH_SIZE)
        Occupation.objects.bulk_update(changed, OCCUPATION_FIELDS, batch_size=BATCH_SIZE)
        if new:  # the next level needs their primary keys
            pks.update(Occupation.objects.filter(code__in=[o.code for o in new]).values_list("code", "pk"))
        created += len(new)
        updated += len(changed)
    not_in_file = len(set(stored) - {row["code"] for row in rows})
    return {"created": created, "updated": updated, "unchanged": unchanged, "total": len(rows),
            "not_in_file": not_in_file}


def _step(progress: Progress | None, done: int, total: int, message: str) -> None:
    if progress is not None:
        progress(done, total, message)


def _read(path: str | Path | None, data: bytes | str | None) -> bytes | str:
    if (path is None) == (data is None):
        raise TypeError("give either a path or the data")
    return Path(path).read_bytes() if path is not None else data


def places_import_file(
    *, path: str | Path | None = None, data: bytes | str | None = None, bounds: dict = importers.BELGIUM,
    progress: Progress | None = None,
) -> tuple[dict, list[str]]:
    """Check and import a places CSV, from a path or its content: (result counts, warnings).
    Raises InvalidFile or OSError."""
    _step(progress, 0, 2, gettext("Checking the file"))
    parsed = importers.parse_places(_read(path, data), bounds=bounds)
    warnings = _check(parsed)
    _step(progress, 1, 2, gettext("Writing %(count)s places") % {"count": len(parsed.rows)})
    result = places_import(rows=parsed.rows)
    result["skipped"] = len(parsed.warnings)
    return result, warnings


def occupations_import_file(
    *, path: str | Path | None = None, data: bytes | str | None = None, progress: Progress | None = None
) -> tuple[dict, list[str]]:
    """Check and import an ISCO-08 groups CSV, from a path or its content: (result counts, warnings).
    Raises InvalidFile or OSError."""
    _step(progress, 0, 2, gettext("Checking the file"))
    known = set(Occupation.objects.values_list("code", flat=True))
    parsed = importers.parse_occupations(_read(path, data), known=known)
    warnings = _check(parsed)
    _step(progress, 1, 2, gettext("Writing %(count)s occupation groups") % {"count": len(parsed.rows)})
    return occupations_import(rows=parsed.rows), warnings
