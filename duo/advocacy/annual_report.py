"""The "advocacy activity" section of an annual report: a year's interactions, the stakeholders met, the
recommendations raised and how far each got by the year's end, the publications handed over and the campaigns —
as sentences and tables in the chosen language, and as Markdown to paste into a publication's text section.

Everything is built inside translation.override(lang): labels, dates and numbers come out in that language
whatever the page around them speaks. Only advocacy records are read; nothing about a participant.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, override

from . import rollup
from .models import (
    Campaign, Interaction, InteractionKind, Level, Recommendation, StakeholderKind, Status, StatusChange, Target,
)

LANGUAGES = ("fr", "nl", "en")
# Committed or implemented somewhere: the recommendations counted as taken up.
TAKEN_UP = ("committed", "implemented")


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]]


@dataclass
class Report:
    year: int
    lang: str
    until: datetime.date
    title: str = ""
    sentences: list[str] = field(default_factory=list)
    # (heading, table) in the order they are shown; an empty table is left out of the report.
    tables: list[tuple[str, Table]] = field(default_factory=list)
    figures: dict = field(default_factory=dict)


def _n(value) -> str:
    return number_format(value, force_grouping=True)


def _year_end(year: int) -> datetime.date:
    """The day the year's standings are read: its last day, or today for the year under way."""
    return min(datetime.date(year, 12, 31), timezone.localdate())


def _interactions(year: int, until: datetime.date):
    return Interaction.objects.filter(on__year=year, on__lte=until)


def _standing_at(recommendation, until) -> rollup.Standing:
    """Each target's last status recorded by `until`; a target with none had not been raised yet."""
    pairs = []
    for target in recommendation.targets.all():
        changes = [c for c in target.changes.all() if c.on <= until]
        last = max(changes, key=lambda c: (c.on, c.at, c.pk)) if changes else None
        pairs.append((last.status, last.progress) if last else (Status.NOT_RAISED.value, 0))
    return rollup.rollup(pairs)


def build(year: int, lang: str) -> Report:
    with override(lang):
        return _build(year, lang)


def _build(year, lang) -> Report:
    until = _year_end(year)
    report = Report(year=year, lang=lang, until=until,
                    title=_("Advocacy activity in %(year)s") % {"year": year})
    interactions = list(_interactions(year, until).prefetch_related("stakeholders", "publications"))
    ids = [i.pk for i in interactions]

    kinds = Counter(i.kind for i in interactions)
    report.tables.append((_("Interactions by type"), Table(
        [_("Type"), _("Interactions")],
        [[str(label), _n(kinds[code])] for code, label in InteractionKind.choices if kinds[code]])))

    met = {s.pk: s for i in interactions for s in i.stakeholders.all()}
    by_kind = Counter(s.kind for s in met.values())
    by_level = Counter(s.level for s in met.values())
    report.tables.append((_("Stakeholders met by type"), Table(
        [_("Type"), _("Stakeholders")],
        [[str(label), _n(by_kind[code])] for code, label in StakeholderKind.choices if by_kind[code]])))
    level_rows = [[str(label), _n(by_level[code])] for code, label in Level.choices if by_level[code]]
    if by_level[""]:
        level_rows.append([_("Not stated"), _n(by_level[""])])
    report.tables.append((_("Stakeholders met by level of government"), Table(
        [_("Level of government"), _("Stakeholders")], level_rows)))

    raised = Recommendation.objects.filter(
        Q(interactions__pk__in=ids) | Q(targets__changes__on__year=year, targets__changes__on__lte=until)).distinct()
    raised = raised.prefetch_related("versions", Prefetch("targets", queryset=Target.objects.prefetch_related(
        Prefetch("changes", queryset=StatusChange.objects.only("target_id", "status", "progress", "on", "at")))))
    times = Counter(code for code in _interactions(year, until).values_list("recommendations__code", flat=True)
                    if code)
    rec_rows, taken_up = [], 0
    for rec in sorted(raised, key=lambda r: r.code):
        standing = _standing_at(rec, until)
        taken_up += standing.status in TAKEN_UP
        title = rec.current.title(lang) if rec.current else ""
        rec_rows.append([f"{title} ({rec.code})" if title else rec.code, _n(times[rec.code]),
                         str(Status(standing.status).label), f"{_n(standing.progress)} %", _n(standing.targets)])
    report.tables.append((_("Recommendations raised and how far each got"), Table(
        [_("Recommendation"), _("Times raised"), _("Status at the end of the period"), _("Progress"),
         _("Targets")], rec_rows)))

    handed: dict[int, dict] = {}
    for i in interactions:
        for p in i.publications.all():
            entry = handed.setdefault(p.pk, {"publication": p, "times": 0, "stakeholders": set()})
            entry["times"] += 1
            entry["stakeholders"].update(s.pk for s in i.stakeholders.all())
    pub_rows = []
    for entry in sorted(handed.values(), key=lambda e: e["publication"].slug):
        latest = entry["publication"].latest
        title = (latest.title(lang) if latest else "") or entry["publication"].slug
        pub_rows.append([title, _n(entry["times"]), _n(len(entry["stakeholders"]))])
    report.tables.append((_("Publications handed over"), Table(
        [_("Publication"), _("Times handed over"), _("Stakeholders")], pub_rows)))

    campaigns = Campaign.objects.filter(starts_on__lte=until, ends_on__gte=datetime.date(year, 1, 1))
    per_campaign = Counter(i.campaign_id for i in interactions if i.campaign_id)
    camp_rows = [[c.name, f"{date_format(c.starts_on, 'SHORT_DATE_FORMAT')} – "
                          f"{date_format(c.ends_on, 'SHORT_DATE_FORMAT')}", str(c.get_status_display()),
                  _n(per_campaign[c.pk])] for c in campaigns.order_by("starts_on", "name")]
    report.tables.append((_("Campaigns"), Table(
        [_("Campaign"), _("Period"), _("Status"), _("Interactions in the year")], camp_rows)))

    report.figures = {"interactions": len(interactions), "stakeholders": len(met), "recommendations": len(rec_rows),
                      "taken_up": taken_up, "publications": len(pub_rows), "campaigns": len(camp_rows),
                      "lobbying": sum(1 for i in interactions if i.lobbying)}
    report.sentences = _sentences(report)
    report.tables = [(heading, t) for heading, t in report.tables if t.rows]
    return report


def _sentences(report: Report) -> list[str]:
    f, year = report.figures, report.year
    if not f["interactions"]:
        return [_("No advocacy interaction was recorded in %(year)s.") % {"year": year}]
    out = [ngettext("In %(year)s the team recorded %(n)s advocacy interaction",
                    "In %(year)s the team recorded %(n)s advocacy interactions", f["interactions"])
           % {"year": year, "n": _n(f["interactions"])}
           + ngettext(" with %(s)s stakeholder.", " with %(s)s stakeholders.", f["stakeholders"])
           % {"s": _n(f["stakeholders"])}]
    out.append(ngettext("%(n)s of them aimed to influence policy, as lobby transparency registers count it.",
                        "%(n)s of them aimed to influence policy, as lobby transparency registers count it.",
                        f["lobbying"]) % {"n": _n(f["lobbying"])})
    if f["recommendations"]:
        out.append(ngettext("%(n)s recommendation was raised or moved forward;",
                            "%(n)s recommendations were raised or moved forward;", f["recommendations"])
                   % {"n": _n(f["recommendations"])} + " " +
                   ngettext("by %(date)s, %(k)s had been committed to or implemented by at least one target.",
                            "by %(date)s, %(k)s had been committed to or implemented by at least one target.",
                            f["taken_up"]) % {"date": date_format(report.until, "DATE_FORMAT"),
                                              "k": _n(f["taken_up"])})
    if f["publications"]:
        out.append(ngettext("%(n)s publication was handed over to the people met.",
                            "%(n)s publications were handed over to the people met.", f["publications"])
                   % {"n": _n(f["publications"])})
    if f["campaigns"]:
        out.append(ngettext("%(n)s campaign ran during the year.", "%(n)s campaigns ran during the year.",
                            f["campaigns"]) % {"n": _n(f["campaigns"])})
    return out


# --- Markdown ------------------------------------------------------------------------------------------------------

def _cell(text) -> str:
    """A table cell: no line breaks, pipes escaped, Markdown's own characters shown as typed."""
    text = " ".join(str(text).split())
    for char in ("\\", "|", "*", "_", "`", "[", "]", "<", ">"):
        text = text.replace(char, "\\" + char)
    return text


def markdown(report: Report) -> str:
    lines = [f"## {_cell(report.title)}", "", " ".join(_cell(s) for s in report.sentences), ""]
    for heading, table in report.tables:
        lines += [f"### {_cell(heading)}", "", "| " + " | ".join(_cell(h) for h in table.headers) + " |",
                  "|" + "|".join(" --- " for _h in table.headers) + "|"]
        lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in table.rows]
        lines.append("")
    return "\n".join(lines)
