"""The demo duos' lifecycle history, and the closing interviews of the duos closed since Duo went live.

The seeder draws each duo's status and dates (duo.demo.journeys) and writes them in bulk; here, once
the duos exist, each gets the DuoTransition rows that lead to its status, dated coherently with them,
so that the duo page's timeline and the programme-quality measures (an agreement signed within two
weeks of the introduction...) have something to read.

The path is read from duo.journeys.lifecycle, never written out here: a step inserted in the
lifecycle (an "accepted" between the introduction and the signature) shows up in the demo as soon as
it is in NEXT, dated a day or so after the step before it.
"""

from __future__ import annotations

import bisect
import functools
import random

from duo.journeys import lifecycle
from duo.journeys.models import ClosingInterview, Duo, DuoTransition, Outcome, ReEnrolAnswer

from .bulk import Table
from .draw import at_ten, days

# The steps that leave the main path: a duo goes through them only when its status says so.
DETOURS = (lifecycle.REFUSED, lifecycle.ENDED_EARLY)
INTRODUCTION_DAYS = (4, 14)  # after the match
SIGNATURE_DAYS = (0, 10)  # after the introduction
# Signed more than two weeks after the introduction. Only a duo that started late enough can have
# signed late (never after its start), about one in five: those are picked until the share is reached.
LATE_SIGNATURE_SHARE = 0.15
LATE_SIGNATURE_DAYS = 15
OTHER_STEP_DAYS = (0, 1)  # a step the demo does not know (accepted...): a day or so after the one before
# Closing interviews are recorded since Duo went live; older duos came from the spreadsheets, unclosed.
CLOSED_SINCE_DAYS = 540
CLOSE_AFTER_DAYS = (7, 40)  # after the end
CLOSED_SHARE = 0.85  # of the duos that ended in that window at least CLOSE_AFTER_DAYS[1] days ago
LATER_SAYS_YES_NOW = 75  # a mentor matched again within this many days of the interview had said "now"
# A mentor not matched again (yet): what they answered. With those matched again, about 60 % "now".
NOT_AGAIN = {"yes_now": 0.05, "later": 0.30}
CHECKED_SHARE = 0.9  # each item of the closing checklist
CHUNK = 20_000

TRANSITION_COLUMNS = ("duo_id", "from_status", "to_status", "reason", "note", "on", "by_id", "at")
CLOSING_COLUMNS = ("duo_id", "held_on", "mentee_heard", "mentor_heard", "outcome_recorded", "thanks_sent",
                   "survey_proposed", "consent_checked", "note", "reenrol_offered", "reenrol_answer", "reenrol_on",
                   "reenrol_reason", "recorded_by_id", "created_at")

# What a coordinator writes, in the duo's language.
REFUSAL_NOTES = {
    "fr": {"mentee": "Le mentoré préfère un mentor du secteur qu'il vise.",
           "mentor": "Le mentor ne se sent pas utile pour ce projet professionnel."},
    "nl": {"mentee": "De mentee wil liever een mentor uit de sector die hij of zij zoekt.",
           "mentor": "De mentor voelt zich niet nuttig voor dit beroepsproject."},
    "en": {"mentee": "The mentee would rather have a mentor from the sector they aim for.",
           "mentor": "The mentor does not feel useful for this career plan."},
}
CLOSING_NOTES = {
    "fr": ("Duo très satisfait, contact gardé.", "Le mentoré se sent plus confiant.", "", ""),
    "nl": ("Tevreden duo, ze blijven in contact.", "De mentee voelt zich zekerder.", "", ""),
    "en": ("A happy duo; they keep in touch.", "The mentee feels more confident.", "", ""),
}
NO_REASONS = {
    "fr": ("Souhaite faire une pause cette année.", "Déménage bientôt.", "Raisons de santé."),
    "nl": ("Wil dit jaar een pauze nemen.", "Verhuist binnenkort.", "Gezondheidsredenen."),
    "en": ("Wants a break this year.", "Moving soon.", "Health reasons."),
}


def main_path() -> list[str]:
    """The statuses of a duo for which all goes well, from START: at each status its first step that is
    not a detour (a refusal, an early end)."""
    path = [lifecycle.START]
    while True:
        ahead = [s.target for s in lifecycle.NEXT.get(path[-1], ()) if s.target not in DETOURS + tuple(path)]
        if not ahead:
            return path
        path.append(ahead[0])


def path_to(status: str, *, closed_from: str = "") -> list[str]:
    """The statuses from START to `status`; a closed duo passes through `closed_from` (completed or
    ended early), a detour leaves the main path at the first status that allows it."""
    main = main_path()
    if status == lifecycle.CLOSED and closed_from and closed_from not in main:
        before = path_to(closed_from)
        return before + [status] if status in lifecycle.allowed(before[-1]) else before
    if status in main:
        return main[:main.index(status) + 1]
    for i, here in enumerate(main):
        if status in lifecycle.allowed(here):
            return main[:i + 1] + [status]
    raise ValueError(f"no path to {status!r} in duo.journeys.lifecycle")


def _clamp(day, low, high):
    return max(low, min(day, high))


class _Quota:
    """Late signatures picked among the duos that can have one, until they are LATE_SIGNATURE_SHARE of all."""

    def __init__(self):
        self.signed = self.late = 0

    def take(self, possible: bool) -> bool:
        self.signed += 1
        if possible and self.late < LATE_SIGNATURE_SHARE * self.signed:
            self.late += 1
            return True
        return False


def _dates(rng, path, duo, today, closed_on, quota):
    """One date per step after START: non-decreasing, from the match to today."""
    _pk, _antenna, status, _language, matched_on, started_on, ended_on, _reason, _mentor = duo
    cap = min(started_on or today, today)
    if status == lifecycle.REFUSED:
        # The demo refuses the day after the introduction (duo.demo.journeys.plan).
        introduced_on = _clamp(ended_on - days(1), matched_on, ended_on)
        signed_on = None
    else:
        introduced_on = _clamp(matched_on + days(rng.randint(*INTRODUCTION_DAYS)), matched_on, cap)
        window = (cap - matched_on).days - INTRODUCTION_DAYS[0]
        signs = lifecycle.AGREEMENT_SIGNED in path
        if signs and quota.take(bool(started_on) and window >= LATE_SIGNATURE_DAYS):
            # A late signature needs an early introduction: it can never come after the start.
            introduced_on = matched_on + days(INTRODUCTION_DAYS[0] + rng.randint(
                0, min(window - LATE_SIGNATURE_DAYS, INTRODUCTION_DAYS[1] - INTRODUCTION_DAYS[0])))
            signed_on = introduced_on + days(rng.randint(LATE_SIGNATURE_DAYS, (cap - introduced_on).days))
        else:
            signed_on = _clamp(introduced_on + days(rng.randint(*SIGNATURE_DAYS)), introduced_on, cap)
    known = {lifecycle.INTRODUCED: introduced_on, lifecycle.AGREEMENT_SIGNED: signed_on,
             lifecycle.ACTIVE: started_on, lifecycle.COMPLETED: ended_on, lifecycle.ENDED_EARLY: ended_on,
             lifecycle.REFUSED: ended_on, lifecycle.CLOSED: closed_on}
    dates, previous = [], matched_on
    for k, to in enumerate(path[1:], start=1):
        day = known.get(to)
        if day is None:
            later = [known[s] for s in path[k + 1:] if known.get(s)]
            day = min([previous + days(rng.randint(*OTHER_STEP_DAYS)), today] + later)
        previous = _clamp(day, previous, today)
        dates.append(previous)
    return dates


class _Mentors:
    """Each mentor's match dates, to tell whether they took a new duo after a closing interview."""

    def __init__(self):
        self.matches = {}
        for mentor_id, matched_on in Duo.objects.order_by("mentor_id", "matched_on").values_list(
                "mentor_id", "matched_on").iterator(chunk_size=CHUNK):
            self.matches.setdefault(mentor_id, []).append(matched_on)

    def next_match(self, mentor_id, after):
        dates = self.matches.get(mentor_id, ())
        i = bisect.bisect_right(dates, after)
        return dates[i] if i < len(dates) else None


def _interview(rng, duo, held_on, by, mentors, with_end_outcome, today):
    pk, _antenna, _status, language, *_rest, mentor_id = duo
    texts = language if language in CLOSING_NOTES else "en"
    later = mentors.next_match(mentor_id, held_on)
    answer, ask_on, why = ReEnrolAnswer.NO, None, ""
    if later is not None:
        # What the mentor said is what they did: matched again soon, or some months on.
        if (later - held_on).days <= LATER_SAYS_YES_NOW:
            answer = ReEnrolAnswer.YES_NOW
        else:
            answer, ask_on = ReEnrolAnswer.LATER, later - days(rng.randint(7, 30))
    else:
        draw = rng.random()
        if draw < NOT_AGAIN["yes_now"]:
            answer = ReEnrolAnswer.YES_NOW  # still waiting for the right mentee
        elif draw < NOT_AGAIN["yes_now"] + NOT_AGAIN["later"]:
            answer, ask_on = ReEnrolAnswer.LATER, held_on + days(rng.randint(60, 240))
    if answer == ReEnrolAnswer.LATER:
        ask_on = max(ask_on, held_on + days(1))
    if answer == ReEnrolAnswer.NO:
        why = rng.choice(NO_REASONS[texts])
    checks = [rng.random() < CHECKED_SHARE for _ in range(5)]
    return (pk, held_on, checks[0], checks[1], with_end_outcome, checks[2], checks[3], checks[4],
            rng.choice(CLOSING_NOTES[texts]), True, answer, ask_on, why, by, at_ten(min(held_on, today)))


def transitions(seeder) -> dict:
    # A generator of its own, derived from the seeder's without drawing from it (as barriers and
    # check-ins do): the rest of the demo stays what it was, and the same seed gives the same history.
    rng, today = random.Random(repr(seeder.rng.getstate()[1][16:24])), seeder.today
    steps, interviews = Table(DuoTransition, TRANSITION_COLUMNS), Table(ClosingInterview, CLOSING_COLUMNS)
    mentors, quota = _Mentors(), _Quota()
    with_end_outcome = set(Outcome.objects.filter(horizon="end").values_list("duo_id", flat=True))
    closed_since = today - days(CLOSED_SINCE_DAYS)
    close_by = today - days(CLOSE_AFTER_DAYS[1])
    rows, closing = [], []
    stamp = functools.lru_cache(maxsize=None)(at_ten)  # a few thousand distinct days for 100,000s of rows
    duos = (Duo.objects.exclude(status=lifecycle.START).order_by("pk")
            .values_list("pk", "antenna_id", "status", "language", "matched_on", "started_on", "ended_on",
                         "end_reason", "mentor_id"))
    for duo in duos.iterator(chunk_size=CHUNK):
        pk, antenna_id, status, language, _matched, _started, ended_on, end_reason, _mentor = duo
        by = seeder.coordinators.get(seeder.code_of.get(antenna_id))
        closed_from, closed_on, closing_note = "", None, ""
        if status == lifecycle.CLOSED and ended_on:
            # Closed already when drawn (not by the demo today): it still needs its interview.
            closed_from = lifecycle.ENDED_EARLY if end_reason else lifecycle.COMPLETED
        elif (status in (lifecycle.COMPLETED, lifecycle.ENDED_EARLY) and ended_on
              and closed_since <= ended_on <= close_by and rng.random() < CLOSED_SHARE):
            closed_from = status
        if closed_from:
            status = lifecycle.CLOSED
            closed_on = min(ended_on + days(rng.randint(*CLOSE_AFTER_DAYS)), today)
            closing.append(_interview(rng, duo, closed_on, by, mentors, pk in with_end_outcome, today))
            closing_note = closing[-1][CLOSING_COLUMNS.index("note")]
        path = path_to(status, closed_from=closed_from)
        for previous, to, on in zip(path, path[1:], _dates(rng, path, duo, today, closed_on, quota)):
            reason, note = "", ""
            if to == lifecycle.REFUSED:
                reason = rng.choice(lifecycle.REFUSAL_SIDES)
                note = REFUSAL_NOTES.get(language, REFUSAL_NOTES["en"])[reason]
            elif to == lifecycle.ENDED_EARLY:
                reason = end_reason
            elif to == lifecycle.CLOSED:
                note = closing_note
            rows.append((pk, previous, to, reason, note, on, by, stamp(on)))
        if len(rows) >= CHUNK:
            steps.insert(rows)
            rows.clear()
    steps.insert(rows)
    interviews.insert(closing)
    # One statement: every duo with a closing interview is closed.
    Duo.objects.filter(status__in=(lifecycle.COMPLETED, lifecycle.ENDED_EARLY),
                       pk__in=ClosingInterview.objects.values("duo_id")).update(status=lifecycle.CLOSED)
    return {"transitions": DuoTransition.objects.count(), "closing_interviews": ClosingInterview.objects.count()}
