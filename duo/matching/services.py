"""The matching meeting's changes. Each function is one transaction, checks who is acting, and raises
MatchingError (a message for the user, nothing changed) for a request that cannot be done.

The engine proposes; the team decides. Every decision is a Decision row (who, when), the minutes.
"""

from __future__ import annotations

import time

import numpy as np
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from duo.accounts import scoping
from duo.intake import services as intake
from duo.journeys.choices import OPEN_DUO_STATUSES, DuoStatus
from duo.journeys.models import Duo
from duo.people import choices as pc
from duo.people.models import Person

from . import emails, keys, types
from .models import Decision, MatchingRun, MatchingSettings, PairBlock, Proposal
from .pool import ENDED_BADLY, _chunks, build_pool

JOB_KIND = "matching.run"
DECIDABLE = (Proposal.Status.PROPOSED, Proposal.Status.LOCKED)
# Statuses whose mentor holds one of the mentor's slots in this meeting (accepted ones are open duos).
HOLDING = (Proposal.Status.PROPOSED, Proposal.Status.LOCKED)
WORKING_LEVEL = types.LEVELS.index("B1") + 1


class MatchingError(Exception):
    """A request the meeting cannot do; the message says why, in the user's language."""


# --- checks -----------------------------------------------------------------------------------------

def _may_change(by, run):
    if not scoping.can_change(by, run):
        raise scoping.NotAllowed


def _open(run):
    """The run, fresh and locked for this transaction, if decisions can be taken on it now."""
    run = MatchingRun.objects.select_for_update().get(pk=run.pk)
    if run.state == MatchingRun.State.CLOSED:
        raise MatchingError(_("This meeting is closed: its decisions can no longer change."))
    if run.state == MatchingRun.State.RUNNING:
        raise MatchingError(_("The proposals are being computed: wait until they are ready."))
    if run.state == MatchingRun.State.FAILED:
        raise MatchingError(_("The computation of this meeting failed: run it again first."))
    return run


def _fresh(proposal, run) -> Proposal:
    proposal = (Proposal.objects.select_for_update(of=("self",)).select_related("mentee__person", "mentor__person")
                .get(pk=proposal.pk))
    if proposal.run_id != run.pk:
        raise MatchingError(_("This proposal belongs to another meeting."))
    return proposal


def _decide(run, action, *, mentee=None, mentor=None, reason="", note="", by=None) -> Decision:
    return Decision.objects.create(run=run, action=action, mentee=mentee, mentor=mentor, reason=reason,
                                   note=(note or "")[:300], by=by if by is not None and by.is_authenticated else None)


def settings_for(antenna) -> MatchingSettings:
    found, _created = MatchingSettings.objects.get_or_create(antenna=antenna)
    return found


def rules_of(s: MatchingSettings) -> tuple[types.Rules, dict]:
    by_antenna = s.distance_rule == "antenna"
    rules = types.Rules(
        min_level=types.LEVELS.index(s.min_language_level) + 1,
        max_km=None if by_antenna else float(s.max_distance_km),
        same_antenna_ok=by_antenna,
        min_shared_slots=s.min_shared_slots,
        load_penalty=float(s.load_penalty),
        shortlist=s.shortlist_size,
    )
    weights = {c: float((s.weights or {}).get(c, types.DEFAULT_WEIGHTS[c])) for c in types.CRITERIA}
    if sum(weights.values()) <= 0:
        weights = dict(types.DEFAULT_WEIGHTS)
    return rules, weights


def _settings_used(s: MatchingSettings, rules, weights) -> dict:
    return {"distance_rule": s.distance_rule, "max_km": rules.max_km, "min_level": s.min_language_level,
            "min_shared_slots": rules.min_shared_slots, "load_penalty": rules.load_penalty,
            "shortlist": rules.shortlist, "weights": weights}


# --- runs ---------------------------------------------------------------------------------------------

def _start_job(run, by):
    from duo.jobs.services import job_start

    from . import jobs  # noqa: F401  the handler must be registered before a job of its kind starts

    run.job = job_start(kind=JOB_KIND, params={"run": run.pk}, by=by)
    run.save(update_fields=["job"])


@transaction.atomic
def run_start(*, antenna, by) -> MatchingRun:
    """A new meeting for the antenna; the proposals are computed in the background."""
    if not scoping.scope(by, type(antenna).objects.filter(pk=antenna.pk)).exists():
        raise scoping.NotAllowed
    if not scoping.can_change(by, MatchingRun):
        raise scoping.NotAllowed
    busy = MatchingRun.objects.filter(antenna=antenna).exclude(
        state__in=[MatchingRun.State.CLOSED, MatchingRun.State.FAILED]).first()
    if busy is not None:
        raise MatchingError(_("The meeting started on %(day)s is still open: close it before starting a new one.")
                            % {"day": timezone.localtime(busy.created_at).strftime("%d/%m/%Y")})
    run = MatchingRun.objects.create(antenna=antenna, state=MatchingRun.State.RUNNING, created_by=by)
    _start_job(run, by)
    return run


def _settled(run, by, closed_message) -> MatchingRun:
    """The run, locked for this transaction, if it is neither closed nor computing (a failed one may re-run)."""
    _may_change(by, run)
    run = MatchingRun.objects.select_for_update().get(pk=run.pk)
    if run.state == MatchingRun.State.CLOSED:
        raise MatchingError(closed_message)
    if run.state == MatchingRun.State.RUNNING:
        raise MatchingError(_("The proposals are being computed: wait until they are ready."))
    return run


@transaction.atomic
def run_rerun(*, run, by) -> MatchingRun:
    """Compute again for the mentees without a decision; locked and accepted pairs stay as they are."""
    run = _settled(run, by, _("This meeting is closed: its decisions can no longer change."))
    run.state = MatchingRun.State.RUNNING
    run.round += 1
    run.save(update_fields=["state", "round"])
    _decide(run, Decision.Action.RERUN, by=by)
    _start_job(run, by)
    return run


@transaction.atomic
def run_close(*, run, by) -> MatchingRun:
    run = _settled(run, by, _("This meeting is already closed."))
    run.state = MatchingRun.State.CLOSED
    run.save(update_fields=["state"])
    return run


def _facts(value):
    """JSON-safe copy (the engine promises plain types; this keeps a stray numpy scalar from failing a save)."""
    if isinstance(value, dict):
        return {k: _facts(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_facts(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    return value


def run_compute(*, run, progress=None) -> dict:
    """The job's body: pool, engine, then one proposal per mentee of the pool (and fairness).

    The engine runs outside any transaction, so that its progress reaches the page while it works;
    the proposals are then written in one. Decisions are refused while a run computes, so the pool
    read at the start is still the meeting's when the proposals are stored.
    """
    from . import engine

    started = time.perf_counter()
    run = MatchingRun.objects.select_related("antenna").get(pk=run.pk)
    if run.state != MatchingRun.State.RUNNING:
        raise MatchingError(_("This meeting is not waiting for its proposals."))
    s = settings_for(run.antenna)
    rules, weights = rules_of(s)
    pool, index = build_pool(run=run)
    pool_s = time.perf_counter() - started

    def worded(done, total, _message):
        # The engine knows no language; the page shows the job's message as it is.
        progress(done, total, _("Scoring the pairs"))

    result = engine.run(pool, rules, weights, progress=worded if progress else None)
    return _store(run=run, s=s, rules=rules, weights=weights, index=index, result=result, pool_s=pool_s,
                  started=started)


@transaction.atomic
def _store(*, run, s, rules, weights, index, result, pool_s, started) -> dict:
    fresh = MatchingRun.objects.select_for_update().get(pk=run.pk)
    if fresh.state != MatchingRun.State.RUNNING or fresh.round != run.round:
        raise MatchingError(_("This meeting changed while its proposals were computed: run it again."))
    kept = set(Proposal.objects.filter(run=run, status__in=[Proposal.Status.LOCKED, Proposal.Status.ACCEPTED])
               .values_list("mentee_id", flat=True))
    Proposal.objects.filter(run=run).exclude(mentee_id__in=kept).delete()
    proposed_to = {i: j for i, j in result.pairs}
    rows, proposed, scores = [], np.zeros(len(index.mentee_ids), dtype=bool), np.full(len(index.mentee_ids), np.nan)
    for i, mentee_id in enumerate(index.mentee_ids):
        j = proposed_to.get(i)
        if j is not None:
            proposed[i] = True
            scores[i] = result.scores.get((i, j), np.nan)
        if mentee_id in kept:
            continue
        shortlist = [{"mentor": index.mentor_ids[k], "score": round(float(result.scores.get((i, k), 0.0)), 2),
                      "facts": _facts(result.facts.get((i, k), []))} for k in result.shortlists[i]]
        if j is None:
            rows.append(Proposal(run=run, mentee_id=mentee_id, status=Proposal.Status.UNMATCHED, round=run.round,
                                 shortlist=shortlist, funnel=_facts(result.funnels.get(i, {}))))
        else:
            rows.append(Proposal(run=run, mentee_id=mentee_id, mentor_id=index.mentor_ids[j], round=run.round,
                                 status=Proposal.Status.PROPOSED, score=round(float(scores[i]), 2),
                                 facts=_facts(result.facts.get((i, j), [])), shortlist=shortlist))
    Proposal.objects.bulk_create(rows)

    run.fairness = _fairness(index, proposed, scores)
    run.settings = _settings_used(s, rules, weights)
    run.mentees_in_pool, run.mentors_in_pool = len(index.mentee_ids), len(index.mentor_ids)
    run.total_score = round(float(result.total_score), 2)
    run.timings = {**{k: round(float(v), 3) for k, v in result.timings.items()}, "pool_s": round(pool_s, 3),
                   "total_s": round(time.perf_counter() - started, 3), "method": result.method,
                   "pairs_kept": int(result.pairs_kept)}
    run.state = MatchingRun.State.READY
    run.save(update_fields=["fairness", "settings", "mentees_in_pool", "mentors_in_pool", "total_score",
                            "timings", "state"])
    return {"mentees": len(index.mentee_ids), "mentors": len(index.mentor_ids),
            "proposed": int(proposed.sum()), "unmatched": int(len(index.mentee_ids) - proposed.sum())}


def _fairness(index, proposed, scores) -> dict:
    """Aggregates only. Origin is decrypted here and nowhere else in matching, never stored per person."""
    from .fairness import age_band, fairness

    today = timezone.localdate()
    ages = [None if dob is None else today.year - dob.year - ((today.month, today.day) < (dob.month, dob.day))
            for dob in index.mentee_birth]
    genders = [g if g in ("female", "male", "other") else "unknown" for g in index.mentee_gender]
    found = fairness({"gender": genders, "age_band": [age_band(a) for a in ages]}, proposed, scores)
    origin_of = {}
    for chunk in _chunks(index.mentee_person_ids):
        origin_of.update(Person.objects.filter(pk__in=chunk).values_list("pk", "origin_region"))
    origins = [origin_of.get(pk) or "unknown" for pk in index.mentee_person_ids]
    origins = ["unknown" if o == pc.PREFER_NOT_TO_SAY else o for o in origins]
    found["origin"] = fairness({"origin": origins}, proposed, scores)["origin"]
    return _facts(found)


def mark_failed(run_id):
    MatchingRun.objects.filter(pk=run_id, state=MatchingRun.State.RUNNING).update(state=MatchingRun.State.FAILED)


# --- decisions on proposals ---------------------------------------------------------------------------

def _capacity_left(mentor, run, *, besides=None) -> int:
    """Free slots of the mentor now: duos at once − open duos − proposals of this meeting holding one."""
    open_duos = Duo.objects.filter(mentor=mentor, status__in=OPEN_DUO_STATUSES).count()
    holding = Proposal.objects.filter(run=run, mentor=mentor, status__in=HOLDING)
    if besides is not None:
        holding = holding.exclude(pk=besides.pk)
    return mentor.max_duos - open_duos - holding.count()


def _is_blocked(run, mentee, mentor) -> bool:
    if Decision.objects.filter(run=run, action=Decision.Action.REJECT, mentee=mentee, mentor=mentor).exists():
        return True
    if PairBlock.objects.filter(mentee_key=keys.person_key(mentee.person_id),
                                mentor_key=keys.person_key(mentor.person_id)).exists():
        return True
    return Duo.objects.filter(ENDED_BADLY, mentee=mentee, mentor=mentor).exists()


def duo_language(mentee, mentor) -> str:
    """A programme language both speak at a working level, the mentee's preferred language first."""
    from duo.core.i18n import LANGUAGE_CHOICES

    rules = getattr(mentee.person.antenna, "eligibility", None)
    programme = list(getattr(rules, "languages", None) or [code for code, _label in LANGUAGE_CHOICES])

    def working(person):
        return {pl.language for pl in person.languages.all()
                if pl.level in types.LEVELS and types.LEVELS.index(pl.level) + 1 >= WORKING_LEVEL}

    both = working(mentee.person) & working(mentor.person)
    allowed = {code for code, _label in LANGUAGE_CHOICES}
    for code in [mentee.person.preferred_language, *programme]:
        if code in both and code in allowed:
            return code
    return mentee.person.preferred_language if mentee.person.preferred_language in allowed else "fr"


@transaction.atomic
def proposal_accept(*, proposal, by) -> Duo:
    """The team accepts: the duo is created, introduction planned, and both people are told."""
    _may_change(by, proposal.run)
    run = _open(proposal.run)
    proposal = _fresh(proposal, run)
    if proposal.status not in DECIDABLE or proposal.mentor is None:
        raise MatchingError(_("Only a proposed or locked pair can be accepted."))
    mentee, mentor = proposal.mentee, proposal.mentor
    if not scoping.can_change(by, mentee.person) or not scoping.can_change(by, mentor.person):
        raise scoping.NotAllowed
    if mentee.stage != pc.MenteeStage.READY:
        raise MatchingError(_("%(name)s is no longer ready for matching (now: %(stage)s).") % {
            "name": mentee.person, "stage": mentee.get_stage_display()})
    if mentor.stage not in (pc.MentorStage.READY, pc.MentorStage.MATCHED):
        raise MatchingError(_("%(name)s is no longer available as a mentor (now: %(stage)s).") % {
            "name": mentor.person, "stage": mentor.get_stage_display()})
    if Duo.objects.filter(mentee=mentee, status__in=OPEN_DUO_STATUSES).exists():
        raise MatchingError(_("%(name)s already has an open duo.") % {"name": mentee.person})
    if Duo.objects.filter(mentee=mentee, mentor=mentor, status__in=OPEN_DUO_STATUSES).exists():
        raise MatchingError(_("These two people already have an open duo."))
    if _capacity_left(mentor, run, besides=proposal) <= 0:
        raise MatchingError(_("%(name)s has no free place for another duo.") % {"name": mentor.person})
    duo = Duo.objects.create(mentee=mentee, mentor=mentor, antenna_id=mentee.person.antenna_id,
                             status=DuoStatus.INTRODUCTION_PLANNED, language=duo_language(mentee, mentor),
                             matched_on=timezone.localdate())
    note = _("Matching meeting")
    # "Matched" is reached only through matching: the pipeline's own check refuses it, on purpose.
    intake.stage_change(person=mentee.person, kind="mentee", to=pc.MenteeStage.MATCHED, note=note, by=by,
                        check=False)
    intake.stage_change(person=mentor.person, kind="mentor", to=pc.MentorStage.MATCHED, note=note, by=by,
                        check=False)
    proposal.status, proposal.duo = Proposal.Status.ACCEPTED, duo
    proposal.save(update_fields=["status", "duo"])
    _decide(run, Decision.Action.ACCEPT, mentee=mentee, mentor=mentor, by=by)
    emails.tell_matched(duo=duo)
    return duo


@transaction.atomic
def proposal_reject(*, proposal, reason, note="", by) -> Proposal:
    """Not this pair: it will not be proposed again in this meeting; the mentee gets another on re-run."""
    _may_change(by, proposal.run)
    run = _open(proposal.run)
    proposal = _fresh(proposal, run)
    if reason not in Decision.RejectReason.values:
        raise MatchingError(_("Say why the proposal is rejected."))
    if proposal.status not in DECIDABLE or proposal.mentor is None:
        raise MatchingError(_("Only a proposed or locked pair can be rejected."))
    proposal.status = Proposal.Status.REJECTED
    proposal.save(update_fields=["status"])
    _decide(run, Decision.Action.REJECT, mentee=proposal.mentee, mentor=proposal.mentor, reason=reason, note=note,
            by=by)
    return proposal


def _set_status(proposal, by, *, from_status, to_status, action, message) -> Proposal:
    _may_change(by, proposal.run)
    run = _open(proposal.run)
    proposal = _fresh(proposal, run)
    if proposal.status != from_status:
        raise MatchingError(message)
    proposal.status = to_status
    proposal.save(update_fields=["status"])
    _decide(run, action, mentee=proposal.mentee, mentor=proposal.mentor, by=by)
    return proposal


@transaction.atomic
def proposal_lock(*, proposal, by) -> Proposal:
    return _set_status(proposal, by, from_status=Proposal.Status.PROPOSED, to_status=Proposal.Status.LOCKED,
                       action=Decision.Action.LOCK, message=_("Only a proposed pair can be locked."))


@transaction.atomic
def proposal_unlock(*, proposal, by) -> Proposal:
    return _set_status(proposal, by, from_status=Proposal.Status.LOCKED, to_status=Proposal.Status.PROPOSED,
                       action=Decision.Action.UNLOCK, message=_("Only a locked pair can be unlocked."))


@transaction.atomic
def proposal_pick(*, proposal, mentor, by) -> Proposal:
    """The team picks another mentor from the mentee's shortlist; the pick is locked, so re-runs keep it."""
    _may_change(by, proposal.run)
    run = _open(proposal.run)
    proposal = _fresh(proposal, run)
    if proposal.status == Proposal.Status.ACCEPTED:
        raise MatchingError(_("This pair is already accepted."))
    entry = next((e for e in proposal.shortlist if e.get("mentor") == mentor.pk), None)
    if entry is None:
        raise MatchingError(_("%(name)s is not on this mentee's shortlist.") % {"name": mentor.person})
    if proposal.mentor_id == mentor.pk and proposal.status in DECIDABLE:
        raise MatchingError(_("%(name)s is already the proposed mentor.") % {"name": mentor.person})
    if _is_blocked(run, proposal.mentee, mentor):
        raise MatchingError(_("This pair must not be proposed (rejected in this meeting, or never to repeat)."))
    if _capacity_left(mentor, run, besides=proposal) <= 0:
        elsewhere = (Proposal.objects.filter(run=run, mentor=mentor, status__in=HOLDING).exclude(pk=proposal.pk)
                     .select_related("mentee__person").first())
        if elsewhere is not None:
            raise MatchingError(_("%(mentor)s is proposed to %(mentee)s: swap the two proposals instead.") % {
                "mentor": mentor.person, "mentee": elsewhere.mentee.person})
        raise MatchingError(_("%(name)s has no free place for another duo.") % {"name": mentor.person})
    proposal.mentor, proposal.score, proposal.facts = mentor, entry.get("score"), entry.get("facts", [])
    proposal.status, proposal.funnel = Proposal.Status.LOCKED, {}
    proposal.save(update_fields=["mentor", "score", "facts", "status", "funnel"])
    _decide(run, Decision.Action.PICK, mentee=proposal.mentee, mentor=mentor, by=by)
    return proposal


def _check_pair(run, mentee, mentor):
    """(score, facts) of a pair on a one-by-one pool, or MatchingError naming the rule it breaks."""
    from . import engine
    from .texts import constraint_label

    pool, index = build_pool(run=run, mentee_ids=[mentee.pk], mentor_ids=[mentor.pk])
    if len(index.mentee_ids) != 1 or len(index.mentor_ids) != 1:
        raise MatchingError(_("%(mentee)s or %(mentor)s is no longer in this antenna's pool.") % {
            "mentee": mentee.person, "mentor": mentor.person})
    rules, weights = rules_of(settings_for(run.antenna))
    result = engine.run(pool, rules, weights)
    if result.pairs:
        return float(result.scores[result.pairs[0]]), _facts(result.facts.get(result.pairs[0], []))
    blocking = (result.funnels.get(0) or {}).get("blocking") or "blocked"
    raise MatchingError(_("%(mentee)s and %(mentor)s cannot be paired: the rule “%(rule)s” is not met.") % {
        "mentee": mentee.person, "mentor": mentor.person, "rule": constraint_label(blocking)})


@transaction.atomic
def proposal_swap(*, proposal, other, by) -> tuple[Proposal, Proposal]:
    """Exchange the mentors of two proposals; both new pairs must meet the hard rules. Both end locked."""
    _may_change(by, proposal.run)
    run = _open(proposal.run)
    a, b = _fresh(proposal, run), _fresh(other, run)
    if a.pk == b.pk:
        raise MatchingError(_("Choose another proposal to swap with."))
    for p in (a, b):
        if p.status not in DECIDABLE or p.mentor is None:
            raise MatchingError(_("Only proposed or locked pairs can swap mentors (%(name)s's cannot).") % {
                "name": p.mentee.person})
    for mentee, mentor in ((a.mentee, b.mentor), (b.mentee, a.mentor)):
        if _is_blocked(run, mentee, mentor):
            raise MatchingError(_("%(mentee)s and %(mentor)s must not be proposed to each other.") % {
                "mentee": mentee.person, "mentor": mentor.person})
    score_a, facts_a = _check_pair(run, a.mentee, b.mentor)
    score_b, facts_b = _check_pair(run, b.mentee, a.mentor)
    mentor_a, mentor_b = a.mentor, b.mentor
    for p, mentor, score, facts in ((a, mentor_b, score_a, facts_a), (b, mentor_a, score_b, facts_b)):
        p.mentor, p.score, p.facts, p.status = mentor, round(score, 2), facts, Proposal.Status.LOCKED
        p.save(update_fields=["mentor", "score", "facts", "status"])
        other_mentee = b.mentee if p is a else a.mentee
        _decide(run, Decision.Action.SWAP, mentee=p.mentee, mentor=mentor, by=by,
                note=_("Swapped with %(name)s") % {"name": other_mentee.person})
    return a, b


@transaction.atomic
def pair_block(*, run, mentee, mentor, by) -> PairBlock:
    """A conflict of interest: these two are never proposed to each other, in this meeting or any later."""
    _may_change(by, run)
    run = _open(run)
    if (mentee.person.antenna_id != run.antenna_id or mentor.person.antenna_id != run.antenna_id
            or not scoping.can_change(by, mentee.person) or not scoping.can_change(by, mentor.person)):
        raise scoping.NotAllowed
    block = keys.block_pair(mentee_person_id=mentee.person_id, mentor_person_id=mentor.person_id,
                            reason=PairBlock.Reason.CONFLICT, by=by)
    current = Proposal.objects.select_for_update().filter(run=run, mentee=mentee, mentor=mentor,
                                                          status__in=DECIDABLE).first()
    if current is not None:
        current.status = Proposal.Status.REJECTED
        current.save(update_fields=["status"])
        _decide(run, Decision.Action.REJECT, mentee=mentee, mentor=mentor, reason=Decision.RejectReason.KNOWN_FACT,
                note=_("Conflict of interest"), by=by)
    _decide(run, Decision.Action.BLOCK, mentee=mentee, mentor=mentor, reason=Decision.RejectReason.KNOWN_FACT,
            by=by)
    return block
