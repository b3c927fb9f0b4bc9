"""The matching meeting end to end on a small antenna: run, proposals, and every decision of the team."""

import pytest

from duo.accounts import scoping
from duo.intake.models import StageChange
from duo.jobs.models import Job
from duo.journeys.models import Duo
from duo.matching import services
from duo.matching.models import Decision, MatchingRun, MatchingSettings, Proposal
from duo.matching.services import MatchingError
from duo.organisation.models import Antenna
from duo.people.models import MenteeProfile

from .factories import AntennaFactory, DuoFactory, UserFactory
from .factories_matching import brussels_places, ready_mentee, ready_mentor

pytestmark = pytest.mark.usefixtures("english", "eager")


@pytest.fixture
def start(django_capture_on_commit_callbacks, coordinator):
    def _start(antenna, by=coordinator):
        with django_capture_on_commit_callbacks(execute=True):
            run = services.run_start(antenna=antenna, by=by)
        run.refresh_from_db()
        return run

    return _start


@pytest.fixture
def rerun(django_capture_on_commit_callbacks, coordinator):
    def _rerun(run, by=coordinator):
        with django_capture_on_commit_callbacks(execute=True):
            services.run_rerun(run=run, by=by)
        run.refresh_from_db()
        return run

    return _rerun


@pytest.fixture
def pool(antenna):
    """Four mentees and four mentors; language and availability decide who can meet whom."""
    brussels_places()
    people = {
        "amina": ready_mentee(antenna, languages={"fr": "B2", "ar": "native"}, person__first_name="Amina",
                              person__preferred_language="fr", person__postal_code="1080"),
        "bram": ready_mentee(antenna, languages={"nl": "native", "en": "B2"}, person__first_name="Bram",
                             person__preferred_language="nl", person__postal_code="1030"),
        "chloe": ready_mentee(antenna, languages={"fr": "C1"}, person__first_name="Chloé", person__postal_code="1000",
                              preferred_mentor_gender="female", preference_required=True),
        "dawit": ready_mentee(antenna, languages={"en": "C1"}, availability=["sun_eve"], person__first_name="Dawit",
                              person__postal_code="1000"),
        "jean": ready_mentor(antenna, languages={"fr": "native"}, person__first_name="Jean", person__gender="male",
                             person__preferred_language="fr", person__postal_code="1000"),
        "marie": ready_mentor(antenna, languages={"fr": "native", "nl": "C1"}, person__first_name="Marie",
                              person__gender="female", person__preferred_language="fr", person__postal_code="1030"),
        "wim": ready_mentor(antenna, languages={"nl": "native", "en": "C1"}, person__first_name="Wim",
                            person__gender="male", person__preferred_language="nl", person__postal_code="1080"),
        "luc": ready_mentor(antenna, languages={"fr": "native"}, person__first_name="Luc", person__gender="male",
                            person__postal_code="1000"),
    }
    return people


def proposal_of(run, mentee) -> Proposal:
    return Proposal.objects.get(run=run, mentee=mentee)


def speaks_with(mentee, mentor, level=3):
    levels = {pl.language: pl.level for pl in mentee.person.languages.all()}
    order = ["A1", "A2", "B1", "B2", "C1", "C2", "native"]
    return any(order.index(levels[pl.language]) + 1 >= level and order.index(pl.level) + 1 >= level
               for pl in mentor.person.languages.all() if pl.language in levels)


def test_a_run_proposes_pairs_that_meet_every_hard_rule(start, antenna, pool, coordinator):
    run = start(antenna)

    assert run.state == MatchingRun.State.READY and run.round == 1
    assert Job.objects.get(pk=run.job_id).state == Job.State.SUCCEEDED
    assert (run.mentees_in_pool, run.mentors_in_pool) == (4, 4)
    proposals = {p.mentee_id: p for p in Proposal.objects.filter(run=run).select_related("mentee", "mentor")}
    assert set(proposals) == {m.pk for k, m in pool.items() if k in ("amina", "bram", "chloe", "dawit")}
    taken = [p.mentor_id for p in proposals.values() if p.mentor_id]
    assert len(taken) == len(set(taken))  # one duo at a time for these mentors
    for p in proposals.values():
        if p.status == Proposal.Status.PROPOSED:
            assert speaks_with(p.mentee, p.mentor)
            assert set(p.mentee.availability) & set(p.mentor.availability)
            assert p.facts and p.facts[0]["criterion"] == "language"
            assert 0 <= p.score <= 100
    assert proposals[pool["chloe"].pk].mentor_id == pool["marie"].pk  # her required preference: a woman
    assert proposals[pool["bram"].pk].mentor_id in (pool["marie"].pk, pool["wim"].pk)
    dawit = proposals[pool["dawit"].pk]  # free on Sunday evenings only, like no mentor
    assert dawit.status == Proposal.Status.UNMATCHED and dawit.mentor is None
    assert dawit.funnel["blocking"] == "availability"
    assert {"gender", "age_band", "origin"} <= set(run.fairness)
    assert run.settings["max_km"] == 25 and run.timings["total_s"] >= 0


def test_fairness_keeps_origin_to_aggregates(start, antenna, pool):
    run = start(antenna)
    assert all(row["suppressed"] for row in run.fairness["origin"])  # four mentees: every cell is too small
    for p in Proposal.objects.filter(run=run):
        assert "origin" not in str(p.facts) + str(p.shortlist) + str(p.funnel)


def test_accepting_creates_the_duo_and_tells_both_people_in_their_language(start, antenna, pool, coordinator,
                                                                           mailoutbox,
                                                                           django_capture_on_commit_callbacks):
    run = start(antenna)
    proposal = proposal_of(run, pool["bram"])
    mentor = proposal.mentor

    with django_capture_on_commit_callbacks(execute=True):
        duo = services.proposal_accept(proposal=proposal, by=coordinator)

    duo.refresh_from_db()
    assert duo.status == "introduction_planned" and duo.antenna == antenna
    assert duo.language == "nl"  # Bram's language, which both speak well
    assert duo.mentee.stage == "matched" and duo.mentor.stage == "matched"
    assert StageChange.objects.filter(person=pool["bram"].person, to_stage="matched", by=coordinator).exists()
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.ACCEPTED and proposal.duo == duo
    assert Decision.objects.filter(run=run, action="accept", mentee=pool["bram"], by=coordinator).exists()
    assert len(mailoutbox) == 2
    to_mentee = next(m for m in mailoutbox if m.to == [pool["bram"].person.email])
    to_mentor = next(m for m in mailoutbox if m.to == [mentor.person.email])
    assert "Bram" in to_mentee.body and mentor.person.first_name in to_mentee.body
    assert mentor.person.last_name not in to_mentee.body and mentor.person.email not in to_mentee.body
    assert pool["bram"].person.last_name not in to_mentor.body
    # Each in their own language: Bram reads Dutch, his mentor French (Marie) or Dutch (Wim).
    assert to_mentee.body.startswith("Beste Bram,") and "Het Duo-team" in to_mentee.body
    greeting = "Bonjour" if mentor.person.preferred_language == "fr" else "Beste"
    assert to_mentor.body.startswith(f"{greeting} {mentor.person.first_name},")


def test_accepting_refuses_a_mentor_without_a_free_place(start, antenna, pool, coordinator):
    run = start(antenna)
    proposal = proposal_of(run, pool["amina"])
    DuoFactory(antenna=antenna, mentor=proposal.mentor, status="active", mentee__stage="matched")
    with pytest.raises(MatchingError, match="no free place"):
        services.proposal_accept(proposal=proposal, by=coordinator)
    assert not Duo.objects.filter(mentee=pool["amina"]).exists()
    assert Proposal.objects.get(pk=proposal.pk).status == Proposal.Status.PROPOSED


def test_a_rejected_pair_is_never_proposed_again_in_the_meeting(start, rerun, antenna, pool, coordinator):
    run = start(antenna)
    first = proposal_of(run, pool["amina"])
    services.proposal_reject(proposal=first, reason="profile", note="Different expectations", by=coordinator)
    assert Decision.objects.get(run=run, action="reject").note == "Different expectations"

    run = rerun(run)
    again = proposal_of(run, pool["amina"])
    assert run.round == 2 and again.round == 2
    assert again.mentor_id != first.mentor_id
    assert again.status in (Proposal.Status.PROPOSED, Proposal.Status.UNMATCHED)
    assert Decision.objects.filter(run=run, action="reject", mentee=pool["amina"], mentor=first.mentor).exists()


def test_a_rejection_needs_a_reason(start, antenna, pool, coordinator):
    run = start(antenna)
    proposal = proposal_of(run, pool["amina"])
    with pytest.raises(MatchingError, match="why"):
        services.proposal_reject(proposal=proposal, reason="", note="", by=coordinator)
    assert Proposal.objects.get(pk=proposal.pk).status == Proposal.Status.PROPOSED


def test_a_locked_pair_survives_a_rerun(start, rerun, antenna, pool, coordinator):
    run = start(antenna)
    amina = proposal_of(run, pool["amina"])
    services.proposal_lock(proposal=amina, by=coordinator)
    rerun(run)
    kept = proposal_of(run, pool["amina"])
    assert (kept.pk, kept.mentor_id, kept.status) == (amina.pk, amina.mentor_id, Proposal.Status.LOCKED)
    others = Proposal.objects.filter(run=run).exclude(pk=amina.pk).exclude(mentor=None)
    assert amina.mentor_id not in {p.mentor_id for p in others}
    services.proposal_unlock(proposal=kept, by=coordinator)
    assert proposal_of(run, pool["amina"]).status == Proposal.Status.PROPOSED
    assert list(Decision.objects.filter(run=run).values_list("action", flat=True)) == ["lock", "rerun", "unlock"]


def test_picking_from_the_shortlist(start, antenna, pool, coordinator):
    run = start(antenna)
    amina = proposal_of(run, pool["amina"])
    on_list = {e["mentor"] for e in amina.shortlist}
    assert amina.mentor_id in on_list and pool["wim"].pk not in on_list  # Wim speaks no French
    with pytest.raises(MatchingError, match="not on this mentee's shortlist"):
        services.proposal_pick(proposal=amina, mentor=pool["wim"], by=coordinator)

    taken = proposal_of(run, pool["chloe"])  # Marie, Chloé's required match
    if taken.mentor_id in on_list:
        with pytest.raises(MatchingError, match="swap"):
            services.proposal_pick(proposal=amina, mentor=taken.mentor, by=coordinator)
    free = next(m for m in (pool["jean"], pool["luc"]) if m.pk != amina.mentor_id
                and not Proposal.objects.filter(run=run, mentor=m).exists())
    picked = services.proposal_pick(proposal=amina, mentor=free, by=coordinator)
    assert (picked.mentor_id, picked.status) == (free.pk, Proposal.Status.LOCKED)
    assert picked.score == next(e["score"] for e in amina.shortlist if e["mentor"] == free.pk)
    assert Decision.objects.filter(run=run, action="pick", mentor=free).exists()


def test_swapping_checks_the_hard_rules_of_both_new_pairs(start, antenna, pool, coordinator):
    run = start(antenna)
    amina, bram, chloe = (proposal_of(run, pool[k]) for k in ("amina", "bram", "chloe"))
    # Bram speaks no French; Amina no Dutch: whoever Bram has, Amina's French mentor cannot take Bram.
    if bram.mentor_id != pool["marie"].pk:
        with pytest.raises(MatchingError, match="shared working language"):
            services.proposal_swap(proposal=amina, other=bram, by=coordinator)
    # Chloé requires a woman: giving her Amina's (male) mentor breaks her condition.
    with pytest.raises(MatchingError, match="required preference"):
        services.proposal_swap(proposal=amina, other=chloe, by=coordinator)
    assert proposal_of(run, pool["chloe"]).mentor_id == pool["marie"].pk

    free = next(m for m in (pool["jean"], pool["luc"]) if not Proposal.objects.filter(run=run, mentor=m).exists())
    dawit = proposal_of(run, pool["dawit"])
    with pytest.raises(MatchingError, match="Only proposed or locked"):
        services.proposal_swap(proposal=amina, other=dawit, by=coordinator)
    assert free


def test_a_valid_swap_exchanges_mentors_and_locks_both(start, antenna, coordinator):
    one = ready_mentee(antenna, languages={"fr": "B2"}, person__first_name="One")
    two = ready_mentee(antenna, languages={"fr": "B2"}, person__first_name="Two")
    ready_mentor(antenna, languages={"fr": "native"})
    ready_mentor(antenna, languages={"fr": "native"})
    run = start(antenna)
    a, b = proposal_of(run, one), proposal_of(run, two)
    services.proposal_swap(proposal=a, other=b, by=coordinator)
    a2, b2 = proposal_of(run, one), proposal_of(run, two)
    assert (a2.mentor_id, b2.mentor_id) == (b.mentor_id, a.mentor_id)
    assert a2.status == b2.status == Proposal.Status.LOCKED
    assert a2.facts and 0 <= a2.score <= 100
    assert Decision.objects.filter(run=run, action="swap").count() == 2


def test_a_conflict_of_interest_rejects_the_current_proposal_and_holds_in_later_meetings(
        start, rerun, antenna, pool, coordinator):
    run = start(antenna)
    amina = proposal_of(run, pool["amina"])
    services.pair_block(run=run, mentee=pool["amina"], mentor=amina.mentor, by=coordinator)
    assert proposal_of(run, pool["amina"]).status == Proposal.Status.REJECTED
    assert Decision.objects.filter(run=run, action="block").exists()
    services.run_close(run=run, by=coordinator)

    later = start(antenna)
    assert proposal_of(later, pool["amina"]).mentor_id != amina.mentor_id


def test_a_closed_meeting_refuses_decisions(start, rerun, antenna, pool, coordinator):
    run = start(antenna)
    proposal = proposal_of(run, pool["amina"])
    services.run_close(run=run, by=coordinator)
    for action in (lambda: services.proposal_accept(proposal=proposal, by=coordinator),
                   lambda: services.proposal_lock(proposal=proposal, by=coordinator),
                   lambda: services.proposal_reject(proposal=proposal, reason="other", by=coordinator),
                   lambda: services.run_rerun(run=run, by=coordinator)):
        with pytest.raises(MatchingError, match="closed"):
            action()
    assert not Duo.objects.exists() and not Decision.objects.exists()


def test_one_open_meeting_per_antenna(start, antenna, pool, coordinator):
    run = start(antenna)
    with pytest.raises(MatchingError, match="still open"):
        services.run_start(antenna=antenna, by=coordinator)
    services.run_close(run=run, by=coordinator)
    assert start(antenna).pk != run.pk


def test_another_antenna_coordinator_may_do_nothing(start, antenna, pool, coordinator):
    run = start(antenna)
    outsider = UserFactory(antennas=[AntennaFactory(code="namur")])
    proposal = proposal_of(run, pool["amina"])
    with pytest.raises(scoping.NotAllowed):
        services.proposal_accept(proposal=proposal, by=outsider)
    with pytest.raises(scoping.NotAllowed):
        services.run_start(antenna=antenna, by=outsider)
    with pytest.raises(scoping.NotAllowed):
        services.pair_block(run=run, mentee=pool["amina"], mentor=pool["jean"], by=outsider)


def test_every_antenna_has_its_matching_settings(db):
    antenna = AntennaFactory(code="mons")
    assert MatchingSettings.objects.filter(antenna=antenna).count() == 1
    assert set(Antenna.objects.values_list("pk", flat=True)) <= set(
        MatchingSettings.objects.values_list("antenna_id", flat=True))


def test_the_settings_of_the_antenna_decide_the_rules(start, antenna, pool):
    settings = MatchingSettings.objects.get(antenna=antenna)
    settings.min_language_level = "C1"
    settings.save()
    run = start(antenna)
    # Amina (French B2) no longer reaches the level asked in any language she shares with a mentor... but
    # Arabic is hers alone: she is left without a mentor, and the funnel says it is the language.
    amina = proposal_of(run, pool["amina"])
    assert amina.status == Proposal.Status.UNMATCHED and amina.funnel["blocking"] == "language"
    assert run.settings["min_level"] == "C1"


def test_administrators_set_the_weights_one_number_per_criterion(antenna):
    from duo.matching.admin import MatchingSettingsForm
    from duo.matching.types import CRITERIA

    settings = MatchingSettings.objects.get(antenna=antenna)
    data = {"antenna": antenna.pk, "distance_rule": "km", "max_distance_km": 30, "min_language_level": "B1",
            "min_shared_slots": 1, "shortlist_size": 5, "load_penalty": 5, **{f"weight_{c}": 0 for c in CRITERIA}}
    form = MatchingSettingsForm(data, instance=settings)
    assert not form.is_valid() and "at least one criterion" in str(form.errors)
    form = MatchingSettingsForm({**data, "weight_occupation": -1, "weight_goals": 2}, instance=settings)
    assert not form.is_valid() and "weight_occupation" in form.errors
    form = MatchingSettingsForm({**data, "weight_occupation": 40, "weight_waiting": 20}, instance=settings)
    assert form.is_valid(), form.errors
    form.save()
    settings.refresh_from_db()
    assert settings.weights["occupation"] == 40 and settings.weights["goals"] == 0 and settings.max_distance_km == 30
    rules, weights = services.rules_of(settings)
    assert rules.max_km == 30 and weights["waiting"] == 20


@pytest.mark.parametrize("mentees, mentors", [(0, 0), (2, 0), (0, 2)])
def test_a_meeting_on_an_empty_side_is_ready_with_nothing_to_propose(start, antenna, mentees, mentors):
    for _ in range(mentees):
        ready_mentee(antenna)
    for _ in range(mentors):
        ready_mentor(antenna)
    run = start(antenna)
    assert run.state == MatchingRun.State.READY
    assert (run.mentees_in_pool, run.mentors_in_pool) == (mentees, mentors)
    statuses = set(Proposal.objects.filter(run=run).values_list("status", flat=True))
    assert statuses == ({Proposal.Status.UNMATCHED} if mentees else set())


def test_a_failed_computation_says_so_and_can_be_run_again(start, rerun, antenna, pool, coordinator, monkeypatch):
    from duo.matching import engine

    real = engine.run

    def broken(*args, **kwargs):
        raise RuntimeError("solver exploded")

    monkeypatch.setattr(engine, "run", broken)
    run = start(antenna)
    assert run.state == MatchingRun.State.FAILED
    job = Job.objects.get(pk=run.job_id)
    assert job.state == Job.State.FAILED and "solver exploded" not in job.error  # details stay in the logs
    assert not Proposal.objects.filter(run=run).exists()
    with pytest.raises(MatchingError, match="failed"):
        services.pair_block(run=run, mentee=pool["amina"], mentor=pool["jean"], by=coordinator)

    monkeypatch.setattr(engine, "run", real)
    run = rerun(run)
    assert run.state == MatchingRun.State.READY and Proposal.objects.filter(run=run).count() == 4


def test_accepting_someone_who_left_the_pipeline_meanwhile_is_refused(start, antenna, pool, coordinator):
    run = start(antenna)
    proposal = proposal_of(run, pool["amina"])
    pool["amina"].stage, pool["amina"].stage_reason = "withdrawn", "found_job"
    pool["amina"].save()
    with pytest.raises(MatchingError, match="no longer ready"):
        services.proposal_accept(proposal=proposal, by=coordinator)
    assert not Duo.objects.exists()


def test_the_pool_counts_and_the_meetings_a_user_may_see(start, antenna, other_antenna, pool, coordinator):
    from django.http import Http404

    from duo.matching import queries

    counts = queries.pool_counts(antenna)
    assert counts == {"ready_mentees": 4, "ready_mentors": 4, "free_slots": 4, "longest_wait_days": 30}
    run = start(antenna)
    assert queries.run_for(coordinator, run.pk) == run
    foreign = MatchingRun.objects.create(antenna=other_antenna)
    assert list(queries.runs_for(coordinator)) == [run]
    with pytest.raises(Http404):
        queries.run_for(coordinator, foreign.pk)
    assert len(queries.proposals(run)) == 4


def test_the_demo_gives_every_antenna_a_pool_worth_a_meeting_and_last_weeks_minutes(db):
    import io

    from django.core.management import call_command

    from duo.matching import queries

    call_command("seed_demo", duos=300, seed=3, stdout=io.StringIO(), stderr=io.StringIO())
    assert Duo.objects.count() == 300
    for antenna in Antenna.objects.all():
        counts = queries.pool_counts(antenna)
        assert 15 <= counts["ready_mentees"] <= 45 and counts["ready_mentors"] >= 10, (antenna, counts)
        last = MatchingRun.objects.get(antenna=antenna)
        assert last.state == MatchingRun.State.CLOSED
        actions = set(last.decisions.values_list("action", flat=True))
        assert {"accept", "reject"} <= actions and last.decisions.filter(by__isnull=False).count() == len(
            last.decisions.all())
        accepted = list(last.proposals.filter(status=Proposal.Status.ACCEPTED).select_related("duo"))
        assert accepted and all(p.duo.status == "introduction_planned" and p.facts for p in accepted)
    assert MenteeProfile.objects.filter(stage="ready", preference_required=True).exists()
    assert not MenteeProfile.objects.filter(stage="ready", goals=[]).exists()


def test_the_computation_reports_its_progress_in_words_before_storing(antenna, pool, coordinator):
    from duo.matching.models import MatchingRun as Run

    run = Run.objects.create(antenna=antenna, state=Run.State.RUNNING, created_by=coordinator)
    seen = []

    def progress(done, total, message):
        # Reported while the engine works: nothing is stored yet.
        seen.append((done <= total, message, Proposal.objects.filter(run=run).count()))

    services.run_compute(run=run, progress=progress)
    assert seen and all(ok and message == "Scoring the pairs" and stored == 0 for ok, message, stored in seen)
    run.refresh_from_db()
    assert run.state == Run.State.READY and Proposal.objects.filter(run=run).count() == 4


def test_a_computation_for_a_meeting_closed_meanwhile_stores_nothing(antenna, pool, coordinator):
    from duo.matching.models import MatchingRun as Run

    run = Run.objects.create(antenna=antenna, state=Run.State.CLOSED, created_by=coordinator)
    with pytest.raises(services.MatchingError):
        services.run_compute(run=run)
    assert not Proposal.objects.filter(run=run).exists()
