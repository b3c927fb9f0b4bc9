"""The pipeline's columns when it leaves Duo as a spreadsheet (duo.core.export does the writing)."""

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from duo.core.export import Column
from duo.people.models import Person


def _special(name):
    def value(row):
        return getattr(row.person, f"get_{name}_display")() if getattr(row.person, name) else ""
    return value


def _verdict(row):
    return row.application.get_final_verdict_display() if row.application else ""


COLUMNS = [
    Column(_("Number"), lambda r: r.person.pk),
    Column(_("Last name"), lambda r: r.person.last_name),
    Column(_("First name"), lambda r: r.person.first_name),
    Column(_("Side"), lambda r: r.kind_label),
    Column(_("Antenna"), lambda r: r.person.antenna.name),
    Column(_("Stage"), lambda r: r.stage_label),
    Column(_("Reason"), lambda r: r.reason_label),
    Column(_("In this stage since"), lambda r: r.stage_changed_on),
    Column(_("Days in this stage"), lambda r: r.days_in_stage),
    Column(_("Applied on"), lambda r: r.applied_on),
    Column(_("Days since application"), lambda r: r.days_since_applied),
    Column(_("Verdict"), _verdict),
    Column(_("Verdict set by staff"), lambda r: bool(r.application and r.application.override)),
    Column(_("Email address"), lambda r: r.person.email),
    Column(_("Phone"), lambda r: r.person.phone),
    Column(_("Languages"), lambda r: ", ".join(f"{pl.language.upper()} {pl.level}" for pl in r.languages)),
    Column(_("Possible duplicate"), lambda r: r.flagged),
    *[Column(capfirst(Person._meta.get_field(name).verbose_name), _special(name), special=True)
      for name in ("nationality_background", "origin_region", "residence_route")],
]
