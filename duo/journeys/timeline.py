"""A duo's full timeline: everything that happened to it, from every app, as one chronological list.

Each app contributes a *source*: a function `(duo, user) -> iterable[Entry]` that reads its own
records through the usual scoped queries (so who may see what stays decided in duo.accounts.scoping)
and turns them into entries. A source is named by a dotted path, imported only when the page is
built: the apps that add theirs (career plans, introduction answers...) import journeys, and
journeys must not import them back. To add one, append ONE line to SOURCES:

    Source("goal", gettext_lazy("Career plan"), "duo.careerplan.timeline.goal_entries"),

Each source is one kind of entry, and one checkbox of the page's filter; a source whose kind is
filtered out is not even run.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Callable, Iterable

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from duo.accounts import scoping

from . import transitions
from .choices import DuoStatus, LoggedBy, MeetingTopic, OutcomeHorizon, OutcomeSource
from .models import ClosingInterview, Meeting, Outcome, ReEnrolAnswer

# Where an entry sits among those of the same day: a duo starts before its first meeting that day,
# and ends after its last one.
FIRST, MIDDLE, LAST = 0, 5, 9


@dataclass(frozen=True)
class Entry:
    on: datetime.date
    kind: str
    title: str
    detail: str = ""
    who: str = ""
    link: str = ""
    is_future: bool = False
    overdue: bool = False  # a step that should have happened by now (a check-in not done)
    rank: int = MIDDLE


@dataclass(frozen=True)
class Source:
    kind: str
    label: str
    path: str  # dotted path to a function (duo, user) -> iterable[Entry]

    @property
    def function(self) -> Callable[..., Iterable[Entry]]:
        return import_string(self.path)  # cached by Python's module import: cheap after the first call


SOURCES: list[Source] = [
    Source("lifecycle", gettext_lazy("Lifecycle"), "duo.journeys.timeline.lifecycle_entries"),
    Source("answer", gettext_lazy("Answers after the introduction"), "duo.journeys.timeline.answer_entries"),
    Source("goal", gettext_lazy("Career plan"), "duo.careerplan.timeline.goal_entries"),
    Source("meeting", gettext_lazy("Meetings"), "duo.journeys.timeline.meeting_entries"),
    Source("checkin", gettext_lazy("Check-ins"), "duo.journeys.timeline.checkin_entries"),
    Source("note", gettext_lazy("Staff notes"), "duo.journeys.timeline.note_entries"),
    Source("outcome", gettext_lazy("Outcomes"), "duo.journeys.timeline.outcome_entries"),
    Source("barrier", gettext_lazy("Barriers"), "duo.journeys.timeline.barrier_entries"),
    Source("closing", gettext_lazy("Closing interview"), "duo.journeys.timeline.closing_entries"),
]


def kinds() -> list[tuple[str, str]]:
    """(kind, label) of every source, in SOURCES order: the filter's choices."""
    return [(s.kind, s.label) for s in SOURCES]


def build(duo, user, *, only: Iterable[str] | None = None, newest_first: bool = True) -> list[Entry]:
    """The duo's entries the user may see, from the sources of the kinds in `only` (None: all).
    Entries of the same day keep their order within their source: lifecycle steps taken on one day
    stay in the order they were taken."""
    wanted = None if only is None else set(only)
    keyed = []
    for index, source in enumerate(SOURCES):
        if wanted is not None and source.kind not in wanted:
            continue
        for position, entry in enumerate(source.function(duo, user)):
            keyed.append(((entry.on, entry.rank, index, position), entry))
    keyed.sort(key=lambda pair: pair[0], reverse=newest_first)
    return [entry for _key, entry in keyed]


def _who(user) -> str:
    return str(user) if user is not None else ""


def _today():
    return timezone.localdate()


# --- the sources of this app and of the apps journeys already knows ----------------------------------

_END_STEPS = (DuoStatus.REFUSED, DuoStatus.COMPLETED, DuoStatus.ENDED_EARLY, DuoStatus.CLOSED)


def lifecycle_entries(duo, user):
    """The recorded steps, oldest first, then the planned end of a running duo."""
    rows = scoping.scope(user, transitions.timeline(duo)).order_by("on", "at", "id")
    for row in rows:
        parts = [transitions.reason_label(row.to_status, row.reason)] if row.reason else []
        if row.note:
            parts.append(row.note)
        yield Entry(on=row.on, kind="lifecycle",
                    title=str(transitions.ACTION_LABELS.get(row.to_status, row.get_to_status_display())),
                    detail=" · ".join(parts), who=_who(row.by) or _("the system"),
                    rank=LAST if row.to_status in _END_STEPS else FIRST)
    if duo.status == DuoStatus.ACTIVE and duo.planned_end_on:
        yield Entry(on=duo.planned_end_on, kind="lifecycle", title=_("Planned end"),
                    is_future=duo.planned_end_on > _today(), rank=LAST)


def answer_entries(duo, user):
    """Each side's answer after the introduction, and whether it came within the 24 hours."""
    from .acceptance import introduced_on, is_on_time
    from .models import IntroductionAnswer

    rows = list(scoping.scope(user, IntroductionAnswer.objects.filter(duo=duo)).select_related("recorded_by")
                .order_by("answered_at", "id"))
    introduced = introduced_on(duo) if rows else None
    for a in rows:
        texts = {(True, True): _("%(side)s accepted"), (True, False): _("%(side)s accepted, after the 24 hours"),
                 (False, True): _("%(side)s refused"), (False, False): _("%(side)s refused")}
        on_time = is_on_time(a.answered_at, introduced)
        yield Entry(on=timezone.localdate(a.answered_at), kind="answer",
                    title=texts[(a.accepted, on_time is not False)] % {"side": a.get_side_display()},
                    detail=a.note, who=_who(a.recorded_by) or a.get_via_display())


def meeting_entries(duo, user):
    topics = dict(MeetingTopic.choices)
    logged_by = dict(LoggedBy.choices)
    rows = scoping.scope(user, Meeting.objects.filter(duo=duo)).order_by("held_on", "id")
    for m in rows.only("held_on", "duration_minutes", "mode", "topics", "note", "logged_by"):
        parts = [", ".join(str(topics[t]) for t in m.topics or () if t in topics)]
        if m.note:
            parts.append(m.note)
        yield Entry(on=m.held_on, kind="meeting",
                    title=_("Meeting, %(minutes)s min, %(how)s") % {"minutes": m.duration_minutes,
                                                                    "how": m.get_mode_display().lower()},
                    detail=" · ".join(p for p in parts if p),
                    who=(_("Logged by: %(who)s") % {"who": logged_by[m.logged_by]}) if m.logged_by in logged_by
                    else "")


def checkin_entries(duo, user):
    """Done check-ins on the day they were done; the others on their due day, upcoming or overdue, while
    the duo runs (once it has ended, a check-in still planned was simply never needed)."""
    from duo.followup.queries import checkins_for  # followup imports journeys: avoid a cycle

    today = _today()
    running = duo.status == DuoStatus.ACTIVE
    for c in checkins_for(user, duo).order_by("due_on", "id"):
        if not c.done_on and not running:
            continue
        if c.done_on:
            title = _("Check-in done: %(kind)s") % {"kind": c.get_kind_display()}
            if c.mode:
                title += f" ({c.get_mode_display().lower()})"
            yield Entry(on=c.done_on, kind="checkin", title=title, detail=c.note, who=_who(c.done_by))
        elif c.due_on < today:
            yield Entry(on=c.due_on, kind="checkin", overdue=True, link=reverse("followup:week"),
                        title=_("Check-in overdue: %(kind)s") % {"kind": c.get_kind_display()})
        else:
            yield Entry(on=c.due_on, kind="checkin", is_future=True,
                        title=_("Check-in due: %(kind)s") % {"kind": c.get_kind_display()})


def note_entries(duo, user):
    """Staff notes: this page is for staff only, as the duo page that shows them."""
    from duo.followup.queries import notes_for  # followup imports journeys: avoid a cycle

    for n in notes_for(user, duo).order_by("at", "id"):
        yield Entry(on=timezone.localdate(n.at), kind="note", title=_("Staff note"), detail=n.text, who=_who(n.by))


def outcome_entries(duo, user):
    horizons, sources = dict(OutcomeHorizon.choices), dict(OutcomeSource.choices)
    rows = (scoping.scope(user, Outcome.objects.filter(duo=duo)).select_related("recorded_by", "occupation")
            .order_by("observed_on", "id"))
    for o in rows:
        parts = [str(horizons.get(o.horizon, o.horizon))]
        if o.occupation_id:
            parts.append(str(o.occupation))
        if o.sector:
            parts.append(o.get_sector_display())
        yield Entry(on=o.observed_on, kind="outcome",
                    title=_("Outcome: %(category)s") % {"category": o.get_category_display()},
                    detail=" · ".join(parts),
                    who=_("Reported by: %(source)s") % {"source": sources.get(o.source, o.source)})


def barrier_entries(duo, user):
    """Barriers noted while the duo was under way (those from intake are on the person's page)."""
    from duo.barrier.models import Barrier  # barrier imports journeys: avoid a cycle

    rows = (scoping.scope(user, Barrier.objects.filter(duo=duo)).select_related("recorded_by")
            .order_by("observed_on", "id"))
    for b in rows:
        yield Entry(on=b.observed_on, kind="barrier",
                    title=_("Barrier: %(kind)s") % {"kind": b.get_kind_display()}, detail=b.note,
                    who=_who(b.recorded_by), link=reverse("people:detail", args=[b.person_id]) + "#barriers")


def closing_entries(duo, user):
    from .closure import CHECKLIST

    rows = scoping.scope(user, ClosingInterview.objects.filter(duo=duo)).select_related("recorded_by")
    for i in rows:
        done = sum(bool(getattr(i, item)) for item in CHECKLIST)
        parts = [_("Checklist: %(done)s of %(total)s") % {"done": done, "total": len(CHECKLIST)}]
        if i.reenrol_offered and i.reenrol_answer:
            answer = i.get_reenrol_answer_display()
            if i.reenrol_answer == ReEnrolAnswer.LATER and i.reenrol_on:
                answer = _("%(answer)s (ask again on %(day)s)") % {
                    "answer": answer, "day": date_format(i.reenrol_on)}
            parts.append(_("New duo for the mentor: %(answer)s") % {"answer": answer})
        yield Entry(on=i.held_on, kind="closing", title=_("Closing interview"), detail=" · ".join(parts),
                    who=_who(i.recorded_by), rank=LAST - 1)  # just before the "closed" step it leads to
