"""The survey emails and the decline page: an invitation in the person's language with a working personal
link, reminders at +7 and +14 days and never a third, none after an answer or a decline, nothing new on a
second run the same day; declining from the link (this survey, or every survey) without a password."""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.utils import timezone

from duo.people.models import ConsentRecord
from duo.survey import responses
from duo.survey.models import Instrument, InstrumentKind, Invitation, InvitationStatus
from tests.factories import DuoFactory

K = InstrumentKind
DAY = datetime.timedelta(days=1)
TODAY = timezone.localdate()
LINK = re.compile(r"(https?://\S+?)/(fr|nl|en)/s/([^/\s]+)/(decline/)?")


@pytest.fixture
def instruments(db):
    call_command("load_instruments", verbosity=0)
    return {i.kind: i for i in Instrument.objects.all()}


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    def _run(today=TODAY):
        out = io.StringIO()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_surveys", "--today", today.isoformat(), stdout=out)
        return out.getvalue().strip()

    return _run


def _duo(antenna, start=TODAY, **extra):
    return DuoFactory(antenna=antenna, started_on=start, planned_end_on=start + 180 * DAY, **extra)


def _links(message):
    """{"answer": token, "decline": token} found in the email's body, with the language of each link."""
    found = {}
    for _site, lang, token, decline in LINK.findall(message.body):
        found["decline" if decline else "answer"] = (lang, token)
    return found


@pytest.mark.parametrize("lang,title,team,month", [
    ("fr", "Votre point de départ", "L'équipe Duo", "novembre"),
    ("nl", "Uw vertrekpunt", "Het Duo-team", "november"),
    ("en", "Where you start from", "The Duo team", "Nov."),
])
def test_the_invitation_speaks_the_persons_language_and_its_link_opens_their_survey(
        instruments, antenna, run, mailoutbox, settings, lang, title, team, month):
    settings.SITE_URL = "https://duo.example.org"
    start = datetime.date(2026, 10, 20)
    duo = _duo(antenna, start, mentee__person__preferred_language=lang, mentee__person__email="sam@example.org")
    assert run(start) == "1 invited, 1 emailed, 0 without an email address, 0 reminded"
    [message] = mailoutbox
    assert message.to == ["sam@example.org"]
    assert title in message.subject
    assert team in message.body and title in message.body
    assert month in message.body and "2026" in message.body  # the expiry, 30 days on, in the language
    links = _links(message)
    assert links["answer"][0] == links["decline"][0] == lang
    assert message.body.count("https://duo.example.org/") >= 2
    invitation = responses.find(links["answer"][1])
    assert invitation is not None and invitation.person == duo.mentee.person and invitation.language == lang
    assert invitation.version.instrument.kind == K.MENTEE_BASELINE
    assert responses.find(links["decline"][1]) == invitation
    assert re.search(r"\b\d+ min", message.body)  # how long it takes


def test_the_email_carries_the_authors_testimony_link(instruments, antenna, run, mailoutbox, monkeypatch):
    from duo.testimony import links

    monkeypatch.setattr(links, "url_for", lambda person, language=None: f"https://duo.example.org/voice/{person.pk}/")
    duo = _duo(antenna)
    run()
    assert f"https://duo.example.org/voice/{duo.mentee.person.pk}/" in mailoutbox[0].body


def test_reminders_go_at_seven_and_fourteen_days_with_the_same_link_and_never_a_third(
        instruments, antenna, run, mailoutbox):
    _duo(antenna, TODAY - 20 * DAY)
    run(TODAY - 20 * DAY)
    assert run(TODAY - 20 * DAY) == "0 invited, 0 emailed, 0 without an email address, 0 reminded"  # idempotent
    assert run(TODAY - 14 * DAY).endswith("0 reminded")  # day 6
    assert run(TODAY - 13 * DAY).endswith("1 reminded")  # day 7
    assert run(TODAY - 13 * DAY).endswith("0 reminded")  # the same day again
    assert run(TODAY - 7 * DAY).endswith("0 reminded")  # day 13
    assert run(TODAY - 6 * DAY).endswith("1 reminded")  # day 14
    for day in (TODAY - 5 * DAY, TODAY, TODAY + 5 * DAY):
        assert run(day).endswith("0 reminded")
    assert len(mailoutbox) == 3
    invitation = Invitation.objects.get()
    assert invitation.reminders_sent == 2
    first, *reminders = mailoutbox
    assert all(m.subject != first.subject for m in reminders)
    tokens = [_links(m)["answer"][1] for m in mailoutbox]
    # People click the oldest email as often as the newest: every email carries the same working link.
    assert len(set(tokens)) == 1 and responses.find(tokens[0]) == invitation


@pytest.mark.parametrize("how", ["answered", "declined", "started", "expired", "refused surveys"])
def test_no_reminder_after_an_answer_a_decline_expiry_or_a_refusal_but_one_for_a_half_answered_survey(
        instruments, antenna, run, mailoutbox, how):
    from tests.test_survey_responses import _valid_end_answers

    duo = _duo(antenna, TODAY - 7 * DAY)
    run(TODAY - 7 * DAY)
    invitation = Invitation.objects.get()
    if how == "answered":
        responses.response_submit(invitation=invitation, answers=_valid_end_answers(invitation.version))
    elif how == "declined":
        responses.invitation_decline(invitation=invitation)
    elif how == "started":
        responses.answers_save(invitation=invitation, answers={})
    elif how == "expired":
        Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - DAY)
    else:
        ConsentRecord.objects.create(person=duo.mentee.person, purpose="surveys", granted=False,
                                     text_version="2026-11", language="fr", channel="staff")
    assert run().endswith("1 reminded" if how == "started" else "0 reminded")
    assert len(mailoutbox) == (2 if how == "started" else 1)


# --- the decline page ------------------------------------------------------------------------------------------


@pytest.fixture
def invited(instruments, antenna, run, mailoutbox):
    duo = _duo(antenna, mentee__person__preferred_language="en")
    _duo(antenna)  # someone else, whose invitation nothing here may touch
    run()
    message = next(m for m in mailoutbox if m.to == [duo.mentee.person.email])
    return Invitation.objects.get(person=duo.mentee.person), _links(message)["decline"]


def _url(lang, token):
    return f"/{lang}/s/{token}/decline/"


def test_declining_from_the_link_stops_the_reminders_of_this_survey(client, invited, run, mailoutbox, english):
    invitation, (lang, token) = invited
    page = client.get(_url(lang, token))
    assert page.status_code == 200 and page["X-Robots-Tag"] == "noindex, nofollow"
    assert "no more reminders for this survey" in page.content.decode()
    response = client.post(_url(lang, token))
    assert response.status_code == 302 and response["Location"] == _url(lang, token)
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.OPTED_OUT and invitation.opted_out_at is not None
    assert not ConsentRecord.objects.exists()  # only this survey
    assert "Done: you will receive no more reminders" in client.get(_url(lang, token)).content.decode()
    assert run(TODAY + 7 * DAY).endswith("1 reminded")  # the other person's
    assert sum(1 for m in mailoutbox if m.to == [invitation.person.email]) == 1


def test_no_more_surveys_at_all_records_the_refusal_and_no_survey_comes_again(client, invited, run, mailoutbox):
    invitation, (lang, token) = invited
    other = responses.invitation_create(instrument=Instrument.objects.get(kind=K.TRAINING_EVALUATION),
                                        person=invitation.person, due_on=TODAY)[0]
    client.post(_url(lang, token), {"all_surveys": "on"})
    record = ConsentRecord.objects.get()
    assert (record.person, record.purpose, record.granted, record.channel, record.language) == (
        invitation.person, "surveys", False, "web", lang)
    other.refresh_from_db()
    assert other.status == InvitationStatus.OPTED_OUT
    # The other person's invitation is untouched.
    assert Invitation.objects.exclude(person=invitation.person).get().status == InvitationStatus.PENDING
    # A month later the pairing check falls due: not for someone who refused surveys.
    run(invitation.duo.started_on + 32 * DAY)
    kinds = set(Invitation.objects.filter(person=invitation.person).values_list("version__instrument__kind",
                                                                                flat=True))
    assert kinds == {K.MENTEE_BASELINE, K.TRAINING_EVALUATION}


def test_an_answered_or_expired_survey_has_a_kind_page_and_a_forged_link_finds_nothing(client, invited, english):
    from tests.test_survey_responses import _valid_end_answers

    invitation, (lang, token) = invited
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - DAY)
    assert "is closed" in client.get(_url(lang, token)).content.decode()
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() + DAY)
    invitation.refresh_from_db()
    responses.response_submit(invitation=invitation, answers=_valid_end_answers(invitation.version))
    page = client.get(_url(lang, token)).content.decode()
    assert "You already answered" in page
    client.post(_url(lang, token))  # declining an answered survey changes nothing
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.COMPLETED
    assert client.get(_url(lang, token[:-3] + "xyz")).status_code == 404
    assert client.post(_url(lang, "made-up:signature")).status_code == 404


@pytest.mark.browser
def test_the_decline_page_on_a_phone_is_accessible(browser, live_server, transactional_db):
    from django.core.management import call_command as cmd

    from tests.browsing import ARTIFACTS, PHONE, fits_the_phone, violations
    from tests.factories import AntennaFactory

    cmd("load_instruments", verbosity=0)
    duo = _duo(AntennaFactory(code="ghent", name="Gent"), mentee__person__preferred_language="nl")
    invitation, token = responses.invitation_create(instrument=Instrument.objects.get(kind=K.MENTEE_BASELINE),
                                                    person=duo.mentee.person, duo=duo, due_on=TODAY)
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport=PHONE, locale="nl")
    try:
        page.goto(f"{live_server.url}{_url('nl', token)}")
        assert page.locator("html").get_attribute("lang") == "nl"
        assert fits_the_phone(page)
        assert violations(page) == []
        page.get_by_label(re.compile("Duo")).check()
        page.locator(".portal form button[type=submit]").click()
        page.wait_for_load_state()
        assert page.locator("[role=status]").is_visible()
        assert fits_the_phone(page)
        assert violations(page) == []
        page.screenshot(path=str(ARTIFACTS / "survey-decline-nl.png"), full_page=True)
    finally:
        page.close()
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.OPTED_OUT
    assert ConsentRecord.objects.get(person=duo.mentee.person).granted is False
