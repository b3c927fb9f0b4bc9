"""The people and duo lists as spreadsheets, with the import's columns.

An export of mentees (or mentors, or duos) has the headers, values and formats the import reads,
so that a file can leave Duo, be completed in Excel and come back. An export of everyone (mentees
and mentors together) adds each side's stage instead. Special-category columns are marked so that
duo.core.export keeps them for the roles allowed to see them and audits their export.
"""

from django.utils.translation import gettext_lazy as _

from duo.core.export import Column
from duo.intake.choices import Kind

from . import columns as c


def _value(spec, obj):
    if obj is None:
        return ""
    if spec.type == c.ANTENNA:
        return obj.antenna.code
    if spec.type == c.LANGUAGES:
        return ", ".join(f"{spoken.language}:{spoken.level}" for spoken in obj.languages.all())
    value = getattr(obj, spec.attr)
    if spec.type == c.CHOICE:
        return str(dict(spec.choices).get(value, value)) if value else ""
    if spec.type == c.OCCUPATION:
        return str(value) if value else ""
    return value


def _side(person, side):
    return getattr(person, side) if hasattr(person, side) else None


def _column(spec, side=""):
    if spec.target == "profile":
        return Column(spec.label, lambda person: _value(spec, _side(person, side)), special=spec.special)
    return Column(spec.label, lambda person: _value(spec, person), special=spec.special)


def people_columns(role: str = "") -> list[Column]:
    if role in ("mentee", "mentor"):
        return [_column(spec, role) for spec in c.specs(f"{role}s")]
    stage = {side: next(s for s in c.specs(f"{side}s") if s.key == "stage") for side in ("mentee", "mentor")}
    return [
        *[_column(spec) for spec in c.PERSON],
        Column(_("Role"), lambda p: ", ".join(str(label) for side, label in Kind.choices if _side(p, side))),
        Column(_("Stage as a mentee"), lambda p: _value(stage["mentee"], _side(p, "mentee"))),
        Column(_("Stage as a mentor"), lambda p: _value(stage["mentor"], _side(p, "mentor"))),
        *[_column(spec) for spec in c.SPECIAL],
    ]


def _duo_value(spec, duo):
    side, _sep, key = spec.key.partition("_")
    if side in ("mentee", "mentor") and key in ("ref", "email", "name"):
        person = getattr(duo, side).person
        return {"ref": person.external_ref, "email": person.email, "name": str(person)}[key]
    return _value(spec, duo)


def duo_columns() -> list[Column]:
    return [Column(spec.label, lambda duo, spec=spec: _duo_value(spec, duo)) for spec in c.DUOS]
