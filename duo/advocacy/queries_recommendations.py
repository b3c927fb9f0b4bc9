"""What the recommendation and campaign pages read: each recommendation's standing rolled up from its targets, its
timeline, who has heard it, the evidence behind it, and a campaign's grid of targets × recommendations.

Roll-ups go through duo.advocacy.rollup so that every page (and the dashboards) count the same way. Figures come
from an impact snapshot through duo.impact.tables.table(public=True): what staff copy from here is already safe to
publish. Quotes go through duo.testimony.queries.usable, so that a withdrawn testimony never shows.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import get_language

from duo.barrier.models import BarrierKind
from duo.impact.indicators import INDICATORS
from duo.impact.tables import UnknownName
from duo.testimony import queries as quote_queries

from . import rollup
from .models import LANGUAGES, Campaign, Interaction, Recommendation, Status, StatusChange, Target

# --- wording ---------------------------------------------------------------------------------------------------------


def title_of(version, lang: str | None = None) -> dict:
    """The title in `lang` (default: the reader's), else in the first language that has one; with the language the
    text is really in, for its lang attribute."""
    lang = (lang or get_language() or "fr")[:2]
    for code in (lang, *LANGUAGES):
        text = getattr(version, f"title_{code}", "") if version else ""
        if text:
            return {"text": text, "lang": code}
    return {"text": "", "lang": lang}


def wordings(version) -> list[dict]:
    """The version's title and text in each language, those not yet written included (marked empty)."""
    from django.utils.translation import get_language_info

    return [{"code": code, "name": get_language_info(code)["name_translated"],
             "title": getattr(version, f"title_{code}"), "text": getattr(version, f"text_{code}")}
            for code in LANGUAGES]


# --- roll-ups --------------------------------------------------------------------------------------------------------


def standing(targets) -> rollup.Standing:
    return rollup.rollup((t.status, t.progress) for t in targets)


def counts_shown(result: rollup.Standing) -> list[dict]:
    """"2 supported, 1 rejected": the status labels with their counts, in the order of the road."""
    return [{"status": s, "label": Status(s).label, "count": n} for s, n in result.counts.items()]


def shown(result: rollup.Standing) -> dict:
    """A roll-up as the templates show it: the status with its label, the progress, the counts."""
    return {"status": result.status, "label": Status(result.status).label, "progress": result.progress,
            "targets": result.targets, "counts": counts_shown(result)}


def _with_targets(queryset):
    return queryset.prefetch_related(
        "versions", Prefetch("targets", queryset=Target.objects.select_related("stakeholder")))


def recommendation_list(*, area="", level="", status="", barrier="", active="") -> list[dict]:
    found = Recommendation.objects.all()
    if area:
        found = found.filter(area=area)
    if level:
        found = found.filter(level=level)
    if barrier:
        found = found.filter(barriers__contains=f",{barrier},")
    if active in ("yes", "no"):
        found = found.filter(is_active=active == "yes")
    rows = []
    for rec in _with_targets(found.order_by("code")):
        versions = sorted(rec.versions.all(), key=lambda v: -v.number)
        result = standing(rec.targets.all())
        if status and result.status != status:
            continue
        rows.append({"recommendation": rec, "current": versions[0] if versions else None,
                     "title": title_of(versions[0] if versions else None), "standing": shown(result)})
    return rows


def targets_of(recommendation) -> list[Target]:
    return list(recommendation.targets.select_related("stakeholder").order_by("stakeholder__name", "id"))


# --- the timeline and who has heard it ----------------------------------------------------------------------------


@dataclass
class Entry:
    """One line of the timeline: an interaction that raised the recommendation (with the moves it caused), or a
    status change recorded by hand."""

    on: object
    interaction: Interaction | None = None
    change: StatusChange | None = None
    changes: list = field(default_factory=list)
    at: object = None


def raised_in(recommendation):
    return (recommendation.interactions.prefetch_related("stakeholders", "contacts")
            .select_related("campaign").order_by("-on", "-id"))


def timeline(recommendation) -> list[Entry]:
    """Every status change of every target and every interaction that raised the recommendation, newest first."""
    changes = list(StatusChange.objects.filter(target__recommendation=recommendation)
                   .select_related("target__stakeholder", "interaction", "by").order_by("-on", "-at", "-id"))
    entries = {}
    for interaction in raised_in(recommendation):
        entries[interaction.pk] = Entry(on=interaction.on, interaction=interaction, at=interaction.created_at)
    loose = []
    for change in changes:
        if change.interaction_id in entries:
            entries[change.interaction_id].changes.append(change)
        else:
            loose.append(Entry(on=change.on, change=change, at=change.at))
    merged = list(entries.values()) + loose
    merged.sort(key=lambda e: (e.on, e.at), reverse=True)
    return merged


def who_has_heard(recommendation, today=None) -> dict:
    """The stakeholders and contacts met in interactions where the recommendation was raised, each with the last
    date; a meeting still to come has not raised anything yet."""
    today = today or timezone.localdate()
    stakeholders, contacts = {}, {}
    for interaction in raised_in(recommendation).filter(on__lte=today):
        for group, items in ((stakeholders, interaction.stakeholders.all()), (contacts, interaction.contacts.all())):
            for item in items:
                seen = group.setdefault(item.pk, {"who": item, "last": interaction.on, "times": 0})
                seen["times"] += 1
                seen["last"] = max(seen["last"], interaction.on)
    order = lambda row: (-row["last"].toordinal(), str(row["who"]))  # noqa: E731
    return {"stakeholders": sorted(stakeholders.values(), key=order), "contacts": sorted(contacts.values(), key=order)}


# --- evidence ------------------------------------------------------------------------------------------------------


def evidence_figures(recommendation, user) -> dict:
    """The value of each indicator (and of each barrier addressed) from the recommendation's snapshot, or else the
    latest, after disclosure control."""
    from duo.impact.snapshot import latest
    from duo.impact.views import flags, frames_of, tile

    snapshot = recommendation.snapshot or latest()
    frames, error = frames_of(snapshot)
    indicators, barriers = [], {}
    if frames is not None:
        for code in recommendation.indicator_list:
            if code in INDICATORS:
                try:
                    indicators.append(tile(frames, INDICATORS[code], user=user))
                except UnknownName:
                    continue
        for kind in recommendation.barrier_list:
            code = f"barrier_{kind}"
            if code in INDICATORS:
                barriers[kind] = tile(frames, INDICATORS[code], user=user)["total"]
    return {"snapshot": snapshot, "frames_error": error, "is_latest": recommendation.snapshot_id is None,
            "indicators": indicators, "unknown": [c for c in recommendation.indicator_list if c not in INDICATORS],
            "barriers": [{"code": k, "label": BarrierKind(k).label if k in BarrierKind.values else k,
                          "figure": barriers.get(k)} for k in recommendation.barrier_list],
            "flags": flags()}


def testimonies(recommendation, user) -> list:
    """The quotes attached to the recommendation that consent allows on staff pages; withdrawn ones never."""
    return quote_queries.usable(quote_queries.INTERNAL, lang=get_language(), viewer=user,
                                within=recommendation.testimonies.all())


def publication_rows(publications) -> list[dict]:
    rows = []
    for publication in publications.prefetch_related("versions"):
        versions = sorted(publication.versions.all(), key=lambda v: -v.number)
        title = title_of(versions[0]) if versions else {"text": "", "lang": ""}
        rows.append({"publication": publication, "title": title if title["text"] else
                     {"text": publication.slug, "lang": ""}})
    return rows


# --- campaigns -----------------------------------------------------------------------------------------------------


def _pairs(campaign):
    recommendations = list(_with_targets(campaign.recommendations.order_by("code")))
    stakeholders = list(campaign.stakeholders.order_by("name", "id"))
    wanted = {s.pk for s in stakeholders}
    cells = {(t.stakeholder_id, r.pk): t for r in recommendations for t in r.targets.all()
             if t.stakeholder_id in wanted}
    return recommendations, stakeholders, cells


def _cell_pair(target):
    # A pair that has no target (added outside campaign_save) has not been raised yet.
    return (target.status, target.progress) if target else ("not_raised", 0)


def campaign_grid(campaign) -> dict:
    """Rows: the campaign's targets; columns: its recommendations; each cell the target's status; the roll-up of
    each row, of each column and of the whole campaign."""
    recommendations, stakeholders, cells = _pairs(campaign)
    rows = []
    for stakeholder in stakeholders:
        row = [cells.get((stakeholder.pk, r.pk)) for r in recommendations]
        rows.append({"stakeholder": stakeholder, "cells": row,
                     "standing": shown(rollup.rollup(_cell_pair(t) for t in row))})
    columns = []
    for i, rec in enumerate(recommendations):
        versions = sorted(rec.versions.all(), key=lambda v: -v.number)
        column = [row["cells"][i] for row in rows]
        columns.append({"recommendation": rec, "title": title_of(versions[0] if versions else None),
                        "standing": shown(rollup.rollup(_cell_pair(t) for t in column))})
    every = [_cell_pair(t) for row in rows for t in row["cells"]]
    return {"rows": rows, "columns": columns, "standing": shown(rollup.rollup(every))}


def campaign_standing(campaign) -> dict:
    return campaign_grid(campaign)["standing"]


def campaign_list() -> list[dict]:
    return [{"campaign": c, "standing": campaign_standing(c)} for c in Campaign.objects.all()]


def milestones(campaign, today=None) -> list[dict]:
    today = today or timezone.localdate()
    out = []
    for milestone in campaign.milestones.order_by("on", "id"):
        state = "done" if milestone.done else ("overdue" if milestone.on < today else "upcoming")
        out.append({"milestone": milestone, "state": state})
    return out
