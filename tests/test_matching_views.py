"""The matching meeting pages: proposals with reasons, each decision, errors that change nothing, fairness."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from duo.accounts.roles import Role
from duo.journeys.models import Duo
from duo.matching import services
from duo.matching.models import Decision, MatchingRun, PairBlock, Proposal
from duo.privacy.models import AuditEvent

from .factories import UserFactory
from .factories_matching import brussels_places, ready_mentee, ready_mentor

# URLs are reversed in the active language; a test elsewhere in this process may have left another one.
pytestmark = pytest.mark.usefixtures("english", "eager")


@pytest.fixture
def people(antenna):
    """Four mentees and four mentors of one antenna, all speaking French, a few km apart."""
    brussels_places()
    mentees = [ready_mentee(antenna, person__first_name=name, person__postal_code=pc, ready_days=days,
                            goals=["cv"], interests=["sport"], languages=languages)
               for name, pc, days, languages in (("Amina", "1080", 60, None), ("Bilal", "1000", 40, None),
                                                 ("Chaima", "1030", 20, None),
                                                 # Dario speaks only Dutch: nobody can mentor him.
                                                 ("Dario", "1000", 10, {"nl": "B2"}))]
    mentors = [ready_mentor(antenna, person__first_name=name, person__postal_code=pc, strength_areas=["cv"],
                            interests=["sport"])
               for name, pc in (("Jean", "1000"), ("Marie", "1080"), ("Paul", "1030"), ("Rita", "1000"))]
    return mentees, mentors


def _compute(antenna, by, django_capture_on_commit_callbacks):
    # Without a broker the job runs inline once the start has committed.
    with django_capture_on_commit_callbacks(execute=True):
        run = services.run_start(antenna=antenna, by=by)
    run.refresh_from_db()
    assert run.state == MatchingRun.State.READY, run.job.error if run.job else run.state
    return run


@pytest.fixture
def meeting(people, antenna, coordinator, django_capture_on_commit_callbacks):
    return _compute(antenna, coordinator, django_capture_on_commit_callbacks)


def _url(name, run, proposal=None, action=None):
    if proposal is None:
        return reverse(f"matching:{name}", kwargs={"pk": run.pk})
    kwargs = {"run": run.pk, "pk": proposal.pk}
    if action:
        kwargs["action"] = action
    return reverse(f"matching:{name}", kwargs=kwargs)


def _proposed(run):
    return list(Proposal.objects.filter(run=run, status=Proposal.Status.PROPOSED).select_related("mentee__person"))


def _snapshot(run):
    return (sorted(Proposal.objects.filter(run=run).values_list("pk", "status", "mentor_id")),
            Decision.objects.filter(run=run).count(), Duo.objects.count(), PairBlock.objects.count())


def _messages(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_home_shows_the_pool_and_starts_a_meeting(client, coordinator, antenna, people,
                                                  django_capture_on_commit_callbacks):
    client.force_login(coordinator)
    with translation.override("en"):
        html = client.get(reverse("matching:home")).content.decode()
        assert "Mentees ready for matching" in html and "Start a matching meeting" in html
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("matching:start"), {"antenna": antenna.pk})
    run = MatchingRun.objects.get(antenna=antenna)
    assert response.status_code == 302 and response["Location"].endswith(f"/staff/matching/{run.pk}/")
    run.refresh_from_db()
    assert run.state == MatchingRun.State.READY and run.created_by == coordinator


def test_start_refuses_another_antenna_and_a_second_open_meeting(client, coordinator, other_antenna, meeting):
    client.force_login(coordinator)
    with translation.override("en"):
        response = client.post(reverse("matching:start"), {"antenna": other_antenna.pk}, follow=True)
        assert "Choose one of your antennas." in _messages(response)
        response = client.post(reverse("matching:start"), {"antenna": meeting.antenna_id}, follow=True)
        assert any("still open" in m for m in _messages(response))
        response = client.post(reverse("matching:start"), {"antenna": "x"}, follow=True)
    assert response.status_code == 200
    assert MatchingRun.objects.count() == 1


def test_run_page_lists_proposals_with_reasons(client, coordinator, meeting):
    client.force_login(coordinator)
    with translation.override("en"):
        html = client.get(_url("run", meeting)).content.decode()
    proposed = _proposed(meeting)
    assert len(proposed) == 3
    for p in proposed:
        assert str(p.mentee.person) in html
    assert "Both speak French" in html
    assert "Can help with CV and cover letter" in html
    assert "Accept" in html and "Reject this proposal" in html and "Re-run for the rest" in html
    # The settings the proposals were computed with, in words.
    assert "At most 25 km between homes" in html and "B1 or better" in html
    # Dario, who speaks only Dutch, is under "No mentor" with the reason in one line.
    with translation.override("en"):
        html = client.get(_url("run", meeting) + "?show=unmatched").content.decode()
    assert "Dario" in html and "0 mentors speak Dutch at B1 or better" in html


def test_an_unknown_tab_or_page_is_not_an_error(client, coordinator, meeting):
    client.force_login(coordinator)
    for query in ("?show=nonsense", "?page=999", "?page=x&show="):
        assert client.get(_url("run", meeting) + query).status_code == 200


def test_proposal_page_breaks_the_score_down(client, coordinator, meeting):
    client.force_login(coordinator)
    proposal = _proposed(meeting)[0]
    with translation.override("en"):
        html = client.get(_url("proposal", meeting, proposal)).content.decode()
    assert "Why this mentor" in html and "Shortlist" in html and "Never propose this pair" in html
    assert "Waiting time" in html and "condition met" in html
    unmatched = Proposal.objects.get(run=meeting, status=Proposal.Status.UNMATCHED)
    with translation.override("en"):
        html = client.get(_url("proposal", meeting, unmatched)).content.decode()
    assert "Why no mentor" in html and "4 mentors in the pool" in html
    assert "0 share a working language (Dutch at B1 or better)" in html


def test_the_shortlist_says_which_mentors_went_to_another_mentee(client, coordinator, meeting):
    client.force_login(coordinator)
    proposal = _proposed(meeting)[0]
    taken = {p.mentor_id: p for p in _proposed(meeting) if p.pk != proposal.pk}
    on_list = [e["mentor"] for e in proposal.shortlist if e["mentor"] in taken]
    assert on_list, "every mentor of this small pool is on every shortlist"
    with translation.override("en"):
        html = client.get(_url("proposal", meeting, proposal)).content.decode()
    assert f"already proposed to {taken[on_list[0]].mentee.person}" in html


def test_the_no_mentor_list_says_whom_to_recruit(client, coordinator, meeting):
    client.force_login(coordinator)
    html = client.get(_url("run", meeting) + "?show=unmatched").content.decode()
    # Dario speaks only Dutch and nobody in the pool does.
    assert "Whom to recruit" in html and "1 mentee: 0 mentors speak Dutch at B1 or better" in html
    assert "Whom to recruit" not in client.get(_url("run", meeting)).content.decode()


def test_accept_creates_the_duo_and_records_the_decision(client, coordinator, meeting,
                                                         django_capture_on_commit_callbacks):
    client.force_login(coordinator)
    proposal = _proposed(meeting)[0]
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("decide", meeting, proposal, "accept"), follow=True)
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.ACCEPTED
    duo = Duo.objects.get(mentee=proposal.mentee, mentor=proposal.mentor)
    assert duo.status == "introduction_planned"
    assert Decision.objects.filter(run=meeting, action="accept", by=coordinator, mentee=proposal.mentee).exists()
    assert any(m.startswith("Accepted:") for m in _messages(response))
    assert len(mail.outbox) == 2
    # The minutes on the run page say who decided.
    assert coordinator.full_name in response.content.decode()


def test_reject_needs_a_reason_and_then_records_it(client, coordinator, meeting):
    client.force_login(coordinator)
    proposal = _proposed(meeting)[0]
    before = _snapshot(meeting)
    with translation.override("en"):
        response = client.post(_url("decide", meeting, proposal, "reject"), {"reason": "", "note": "x"}, follow=True)
    assert "Say why the proposal is rejected." in _messages(response)
    response = client.post(_url("decide", meeting, proposal, "reject"), {"reason": "made-up"}, follow=True)
    assert _snapshot(meeting) == before
    client.post(_url("decide", meeting, proposal, "reject"), {"reason": "schedule", "note": "Works evenings now"})
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.REJECTED
    decision = Decision.objects.get(run=meeting, action="reject")
    assert (decision.reason, decision.note, decision.by) == ("schedule", "Works evenings now", coordinator)


def test_lock_and_unlock(client, coordinator, meeting):
    client.force_login(coordinator)
    proposal = _proposed(meeting)[0]
    client.post(_url("decide", meeting, proposal, "lock"))
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.LOCKED
    client.post(_url("decide", meeting, proposal, "unlock"))
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.PROPOSED
    assert list(Decision.objects.filter(run=meeting).values_list("action", flat=True)) == ["lock", "unlock"]


def test_htmx_gets_the_updated_card(client, coordinator, meeting):
    client.force_login(coordinator)
    proposal = _proposed(meeting)[0]
    with translation.override("en"):
        response = client.post(_url("decide", meeting, proposal, "lock"), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and html.startswith("<article")
    assert f'id="proposal-{proposal.pk}"' in html and "Locked" in html and "Unlock" in html


def test_pick_another_from_the_shortlist(client, coordinator, meeting):
    client.force_login(coordinator)
    proposal = next(p for p in _proposed(meeting) if len(p.shortlist) > 1)
    taken = set(Proposal.objects.filter(run=meeting).exclude(mentor=None).values_list("mentor_id", flat=True))
    free = [e["mentor"] for e in proposal.shortlist if e["mentor"] not in taken]
    busy = [e["mentor"] for e in proposal.shortlist if e["mentor"] in taken and e["mentor"] != proposal.mentor_id]
    if busy:
        # Proposed to someone else: refused with a message that suggests a swap; nothing changes.
        before = _snapshot(meeting)
        with translation.override("en"):
            response = client.post(_url("decide", meeting, proposal, "pick"), {"mentor": busy[0]}, follow=True)
        assert any("swap" in m for m in _messages(response))
        assert _snapshot(meeting) == before
    assert free, "the fixture leaves a mentor free"
    client.post(_url("decide", meeting, proposal, "pick"), {"mentor": free[0]})
    proposal.refresh_from_db()
    assert (proposal.mentor_id, proposal.status) == (free[0], Proposal.Status.LOCKED)
    assert Decision.objects.filter(run=meeting, action="pick", mentor_id=free[0]).exists()


def test_pick_refuses_a_mentor_not_on_the_shortlist(client, coordinator, meeting, other_antenna):
    client.force_login(coordinator)
    proposal = _proposed(meeting)[0]
    stranger = ready_mentor(other_antenna)
    before = _snapshot(meeting)
    with translation.override("en"):
        response = client.post(_url("decide", meeting, proposal, "pick"), {"mentor": stranger.pk}, follow=True)
    assert "That mentor is not on this shortlist." in _messages(response)
    assert _snapshot(meeting) == before


def test_swap_exchanges_the_mentors(client, coordinator, meeting):
    client.force_login(coordinator)
    a, b = _proposed(meeting)[:2]
    mentors = (a.mentor_id, b.mentor_id)
    client.post(_url("decide", meeting, a, "swap"), {"other": b.pk})
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.mentor_id, b.mentor_id) == mentors[::-1]
    assert Decision.objects.filter(run=meeting, action="swap").count() == 2


def test_swap_with_an_unmatched_or_the_same_proposal_changes_nothing(client, coordinator, meeting):
    client.force_login(coordinator)
    a = _proposed(meeting)[0]
    unmatched = Proposal.objects.get(run=meeting, status=Proposal.Status.UNMATCHED)
    before = _snapshot(meeting)
    for other in (unmatched.pk, a.pk, "x", 999999):
        response = client.post(_url("decide", meeting, a, "swap"), {"other": other})
        assert response.status_code == 302
    assert _snapshot(meeting) == before


def test_block_a_pair_for_good(client, coordinator, meeting):
    client.force_login(coordinator)
    proposal = _proposed(meeting)[0]
    client.post(_url("decide", meeting, proposal, "block"), {"mentor": proposal.mentor_id})  # not confirmed
    assert PairBlock.objects.count() == 0
    client.post(_url("decide", meeting, proposal, "block"), {"mentor": proposal.mentor_id, "confirm": "on"})
    proposal.refresh_from_db()
    assert PairBlock.objects.count() == 1 and proposal.status == Proposal.Status.REJECTED
    assert Decision.objects.filter(run=meeting, action="block", by=coordinator).exists()


def test_rerun_keeps_locked_and_never_reproposes_the_rejected(client, coordinator, meeting,
                                                              django_capture_on_commit_callbacks):
    client.force_login(coordinator)
    locked, rejected = _proposed(meeting)[:2]
    client.post(_url("decide", meeting, locked, "lock"))
    client.post(_url("decide", meeting, rejected, "reject"), {"reason": "profile"})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("rerun", meeting))
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.state == MatchingRun.State.READY and meeting.round == 2
    kept = Proposal.objects.get(pk=locked.pk)
    assert (kept.status, kept.mentor_id) == (Proposal.Status.LOCKED, locked.mentor_id)
    again = Proposal.objects.get(run=meeting, mentee=rejected.mentee)
    assert again.mentor_id != rejected.mentor_id


def test_closed_meeting_refuses_decisions_and_hides_the_buttons(client, coordinator, meeting):
    client.force_login(coordinator)
    client.post(_url("close", meeting))
    meeting.refresh_from_db()
    assert meeting.state == MatchingRun.State.CLOSED
    proposal = _proposed(meeting)[0]
    before = _snapshot(meeting)
    with translation.override("en"):
        response = client.post(_url("decide", meeting, proposal, "accept"), follow=True)
        assert any("closed" in m for m in _messages(response))
        html = client.get(_url("run", meeting)).content.decode()
    assert _snapshot(meeting) == before
    assert "Re-run for the rest" not in html and "Reject this proposal" not in html


def test_viewer_reads_but_cannot_decide(client, users, meeting):
    viewer = users[Role.VIEWER]
    client.force_login(viewer)
    proposal = _proposed(meeting)[0]
    with translation.override("en"):
        html = client.get(_url("run", meeting)).content.decode()
    assert str(proposal.mentee.person) in html
    assert "/accept/" not in html and "Reject this proposal" not in html and "Re-run for the rest" not in html
    assert client.post(_url("decide", meeting, proposal, "accept")).status_code == 403
    assert Proposal.objects.get(pk=proposal.pk).status == Proposal.Status.PROPOSED


def test_another_antennas_coordinator_gets_404(client, meeting, other_antenna):
    stranger = UserFactory(role=Role.COORDINATOR, antennas=[other_antenna])
    client.force_login(stranger)
    proposal = _proposed(meeting)[0]
    assert client.get(_url("run", meeting)).status_code == 404
    assert client.get(_url("proposal", meeting, proposal)).status_code == 404
    assert client.post(_url("decide", meeting, proposal, "accept")).status_code == 404
    assert client.get(_url("fairness", meeting)).status_code == 404
    assert Proposal.objects.get(pk=proposal.pk).status == Proposal.Status.PROPOSED


def _with_origin(run):
    # Five mentees or more per cell are shown; fewer are suppressed (see fairness.py).
    run.fairness = {
        "gender": [{"group": "female", "n": 12, "proposed": 9, "rate": 0.75, "mean_score": 61.2, "suppressed": False},
                   {"group": "male", "n": 3, "proposed": None, "rate": None, "mean_score": None, "suppressed": True}],
        "age_band": [{"group": "18–24", "n": 15, "proposed": 9, "rate": 0.6, "mean_score": 60.0, "suppressed": False}],
        "origin": [{"group": "north_africa", "n": 8, "proposed": 6, "rate": 0.75, "mean_score": 58.0,
                    "suppressed": False}],
    }
    run.save(update_fields=["fairness"])
    return run


def test_fairness_shows_origin_to_coordinators_only_and_audits_it(client, users, meeting):
    _with_origin(meeting)
    client.force_login(users[Role.COORDINATOR])
    with translation.override("en"):
        html = client.get(_url("fairness", meeting)).content.decode()
    assert "By gender" in html and "75 %" in html and "fewer than 5" in html
    assert "North Africa" in html
    event = AuditEvent.objects.get(action="view", model="matching.MatchingRun", object_id=str(meeting.pk))
    assert event.actor_id == users[Role.COORDINATOR].pk

    client.force_login(users[Role.VIEWER])
    with translation.override("en"):
        html = client.get(_url("fairness", meeting)).content.decode()
    assert "By gender" in html and "North Africa" not in html and "By origin group" not in html
    assert AuditEvent.objects.filter(action="view", model="matching.MatchingRun").count() == 1


def test_fairness_of_a_real_run_renders(client, coordinator, meeting):
    client.force_login(coordinator)
    assert client.get(_url("fairness", meeting)).status_code == 200


@pytest.mark.parametrize("lang", ["fr", "nl", "en"])
def test_every_page_renders_in_each_language(client, coordinator, meeting, lang):
    client.force_login(coordinator)
    proposal = _proposed(meeting)[0]
    unmatched = Proposal.objects.get(run=meeting, status=Proposal.Status.UNMATCHED)
    for url in (reverse("matching:home"), _url("run", meeting), _url("run", meeting) + "?show=all",
                _url("proposal", meeting, proposal), _url("proposal", meeting, unmatched), _url("fairness", meeting)):
        with translation.override(lang):
            response = client.get(url.replace("/fr/", f"/{lang}/").replace("/en/", f"/{lang}/"))
        assert response.status_code == 200, url
        assert f'<html lang="{lang}">' in response.content.decode()


def test_while_computing_the_page_follows_the_job(client, coordinator, antenna):
    from duo.jobs.models import Job

    job = Job.objects.create(kind=services.JOB_KIND, created_by=coordinator, state=Job.State.RUNNING, progress=40)
    run = MatchingRun.objects.create(antenna=antenna, state=MatchingRun.State.RUNNING, job=job, created_by=coordinator)
    client.force_login(coordinator)
    with translation.override("en"):
        html = client.get(_url("run", run)).content.decode()
        assert "Computing the proposals" in html and 'value="40"' in html and 'hx-trigger="every 2s"' in html
        partial = client.get(_url("run", run), HTTP_HX_REQUEST="true", HTTP_HX_TARGET="run-progress")
    assert partial.content.decode().startswith('<div id="run-progress"')
    # Done: the polling request is told to load the whole page, proposals and all.
    run.state = MatchingRun.State.READY
    run.save()
    done = client.get(_url("run", run), HTTP_HX_REQUEST="true", HTTP_HX_TARGET="run-progress")
    assert done.status_code == 204 and done["HX-Refresh"] == "true"


def test_a_failed_computation_says_so_and_offers_a_rerun(client, coordinator, antenna):
    from duo.jobs.models import Job

    job = Job.objects.create(kind=services.JOB_KIND, state=Job.State.FAILED, error="No mentor in the pool.")
    run = MatchingRun.objects.create(antenna=antenna, state=MatchingRun.State.FAILED, job=job)
    client.force_login(coordinator)
    with translation.override("en"):
        html = client.get(_url("run", run)).content.decode()
    assert "The proposals could not be computed." in html and "No mentor in the pool." in html
    assert "Re-run for the rest" in html


def test_the_run_page_needs_a_bounded_number_of_queries(client, coordinator, antenna,
                                                        django_assert_max_num_queries):
    from .factories import MenteeFactory, MentorFactory

    run = MatchingRun.objects.create(antenna=antenna, state=MatchingRun.State.READY)
    facts = [{"criterion": "language", "hard": True, "shared": ["fr"], "best": "B2"},
             {"criterion": "occupation", "value": 0.5, "points": 12.5, "level": 2, "code": "25"}]
    mentors = [MentorFactory(person__antenna=antenna) for _ in range(30)]
    for k in range(30):
        Proposal.objects.create(run=run, mentee=MenteeFactory(person__antenna=antenna), mentor=mentors[k],
                                score=50 + k, facts=facts,
                                shortlist=[{"mentor": m.pk, "score": 40.0, "facts": facts} for m in mentors[:5]])
    client.force_login(coordinator)
    with django_assert_max_num_queries(20):
        response = client.get(_url("run", run))
    assert response.status_code == 200 and response.content.decode().count('class="m-card"') == 30


def test_htmx_error_comes_back_in_the_card_and_changes_nothing(client, coordinator, meeting):
    client.force_login(coordinator)
    proposal = _proposed(meeting)[0]
    before = _snapshot(meeting)
    with translation.override("en"):
        response = client.post(_url("decide", meeting, proposal, "reject"), {"reason": ""}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and "Say why the proposal is rejected." in html
    assert 'class="notice error"' in html
    assert _snapshot(meeting) == before


def test_next_cannot_send_the_coordinator_elsewhere(client, coordinator, meeting):
    client.force_login(coordinator)
    proposal = _proposed(meeting)[0]
    response = client.post(_url("decide", meeting, proposal, "lock"), {"next": "https://evil.example/"})
    assert response["Location"] == _url("run", meeting)
