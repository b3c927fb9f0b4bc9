"""The staff pages and the author's page: who sees the author, the check before anonymous use, the
link that withdraws, a survey answer made into a testimony."""

import datetime
from html import unescape

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from duo.accounts.roles import Role
from duo.privacy.models import AuditEvent
from duo.testimony import links, queries, services
from duo.testimony import models as tm
from duo.testimony.models import Consent, QuoteSet, WithdrawalChannel

from .test_testimony import make


def test_officers_never_see_who_said_an_anonymous_quote_coordinators_do(own_duo, users, login, english):
    t = make(own_duo, consent=Consent.ANONYMOUS, text="Le réseau de mon mentor a tout changé.")
    person = own_duo.mentee.person
    officer = login(users[Role.OFFICER])
    for url in (reverse("testimony:detail", args=[t.pk]), reverse("testimony:library")):
        html = officer.get(url).content.decode()
        assert "Le réseau de mon mentor" in html and "Anonymous mentee" in html, url
        assert person.first_name not in html and person.last_name not in html, url
    coordinator = login(users[Role.COORDINATOR])
    html = coordinator.get(reverse("testimony:detail", args=[t.pk])).content.decode()
    assert person.full_name in html and "in public: Anonymous mentee" in html


def test_officers_see_a_first_name_when_that_is_the_consent(own_duo, users, login):
    t = make(own_duo, consent=Consent.FIRST_NAME)
    person = own_duo.mentee.person
    html = login(users[Role.OFFICER]).get(reverse("testimony:detail", args=[t.pk])).content.decode()
    assert person.first_name in html and person.last_name not in html


def test_a_coordinator_does_not_find_another_antennas_testimony(foreign_duo, coordinator, login):
    t = make(foreign_duo)
    client = login(coordinator)
    assert client.get(reverse("testimony:detail", args=[t.pk])).status_code == 404
    assert client.post(reverse("testimony:withdraw", args=[t.pk]), {"confirm": "on"}).status_code == 404
    assert tm.Testimony.objects.get(pk=t.pk).withdrawn_at is None


# --- the author's link --------------------------------------------------------------------------


def test_the_link_is_absolute_in_the_persons_language(own_duo, settings):
    person = own_duo.mentee.person
    person.preferred_language = "nl"
    url = links.url_for(person)
    assert url.startswith(settings.SITE_URL + "/nl/voice/") and links.person_from_token(url.split("/")[-2]) == person


def test_the_author_withdraws_from_their_link_after_confirming(own_duo, client, admin_user, english):
    t = make(own_duo, consent=Consent.FULL_NAME, text="Mon mentor m'a appris à négocier.")
    keep = make(own_duo, consent=Consent.FIRST_NAME, text="Je recommande Duo à tous.")
    qs = QuoteSet.objects.create(name="Rapport 2027")
    services.set_add(quote_set=qs, testimony=t, by=admin_user)
    url = links.url_for(own_duo.mentee.person, "en")
    html = unescape(client.get(url).content.decode())
    assert "Mon mentor m'a appris" in html and "Full name and photo" in html and "Rapport d'expérience 2027" in html
    withdraw = reverse("testimony:voice_withdraw", kwargs={"token": url.split("/")[-2], "pk": t.pk})
    assert client.post(withdraw).status_code == 200  # no confirmation: nothing happens
    assert tm.Testimony.objects.get(pk=t.pk).withdrawn_at is None
    response = client.post(withdraw, {"confirm": "True"}, follow=True)
    html = unescape(response.content.decode())
    assert "your testimony is withdrawn" in html and "Mon mentor m'a appris" not in html
    assert "Je recommande Duo" in html
    t.refresh_from_db()
    assert t.withdrawal_channel == WithdrawalChannel.LINK and not qs.items.exists()
    event = AuditEvent.objects.filter(model="testimony.Testimony", object_id=str(t.pk), action="update").first()
    assert event.actor_label == f"testimony link (person {own_duo.mentee.person_id})"
    assert "<token>" in event.path
    assert keep.pk in {q.pk for q in queries.usable(queries.PUBLIC)}


def test_a_forged_or_altered_link_opens_nothing(own_duo, client):
    t = make(own_duo)
    token = links.token_for(own_duo.mentee.person)
    for bad in ("made-up:signature", token[:-3] + "abc", links.token_for(own_duo.mentor.person)[:-1] + "x"):
        assert client.get(reverse("testimony:voice", kwargs={"token": bad})).status_code == 404
        assert client.post(reverse("testimony:voice_withdraw", kwargs={"token": bad, "pk": t.pk}),
                           {"confirm": "True"}).status_code == 404
    # Someone else's link cannot withdraw this testimony.
    other = links.token_for(own_duo.mentor.person)
    assert client.post(reverse("testimony:voice_withdraw", kwargs={"token": other, "pk": t.pk}),
                       {"confirm": "True"}).status_code == 404
    assert tm.Testimony.objects.get(pk=t.pk).withdrawn_at is None


# --- the de-identification check ----------------------------------------------------------------


def test_the_check_highlights_and_refuses_until_each_flag_is_confirmed(own_duo, coordinator, login, english):
    person = own_duo.mentee.person
    person.first_name = "Karim"
    person.save()
    t = make(own_duo, checked=False, text="Karim a trouvé un emploi chez Colruyt. J'avais 25 ans.")
    client = login(coordinator)
    url = reverse("testimony:check", args=[t.pk])
    html = client.get(url).content.decode()
    assert "<mark>Karim <span class=\"kind\">(name)</span></mark>" in html
    assert "<mark>Colruyt <span class=\"kind\">(employer)</span></mark>" in html
    html = client.post(url, {"confirm": "True", "confirmed": ["0", "1"]}).content.decode()
    assert "may still identify the author" in html and "“25 ans”" in html
    assert tm.Testimony.objects.get(pk=t.pk).checked_at is None
    response = client.post(url, {"confirm": "True", "confirmed": ["0", "1", "2"]})
    assert response.status_code == 302
    t.refresh_from_db()
    assert t.checked_at is not None and t.checked_by == coordinator


def test_editing_out_the_flags_lets_the_check_pass_without_confirmations(own_duo, coordinator):
    t = make(own_duo, checked=False, text="J'avais 25 ans et aucun réseau.")
    with pytest.raises(services.TestimonyError):
        services.check_deidentification(testimony=t, by=coordinator)
    services.testimony_update(testimony=t, by=coordinator, text="Je n'avais aucun réseau.")
    services.check_deidentification(testimony=t, by=coordinator)
    assert queries.is_usable(t, queries.PUBLIC)


# --- pages --------------------------------------------------------------------------------------


def test_add_a_testimony_from_the_staff_page(own_duo, coordinator, login):
    client = login(coordinator)
    person = own_duo.mentor.person
    response = client.post(reverse("testimony:add"), {
        "person": person.pk, "text": "Accompagner un jeune m'a rajeuni.", "language": "fr", "consent": "first_name",
        "purpose": "Rapport 2027", "consent_on": "2026-10-01", "collected_on": "2026-10-01",
        "collected_how": "event", "areas": ["active_ageing"]})
    assert response.status_code == 302
    t = tm.Testimony.objects.get()
    assert t.person == person and t.side == "mentor" and t.area_list == ["active_ageing"]
    # Bad input: the form again with a message, nothing saved.
    response = client.post(reverse("testimony:add"), {"person": person.pk, "text": "", "language": "fr",
                                                      "consent": "anonymous", "consent_on": "2099-01-01"})
    assert response.status_code == 200 and tm.Testimony.objects.count() == 1


def test_a_photo_must_be_an_image_and_needs_full_name_consent(own_duo, coordinator, login, english):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = login(coordinator)
    data = {"person": own_duo.mentee.person_id, "text": "Merci.", "language": "fr", "consent": "anonymous",
            "purpose": "Rapport", "consent_on": "2026-10-01", "collected_on": "2026-10-01"}
    fake = SimpleUploadedFile("me.jpg", b"not an image at all", content_type="image/jpeg")
    html = client.post(reverse("testimony:add"), {**data, "photo": fake}).content.decode()
    assert "must be a JPEG, PNG or WebP image" in html
    from .test_uploads import png_bytes  # a real image: a PNG header alone is refused since Pillow reads it through

    png = SimpleUploadedFile("me.png", png_bytes(), content_type="image/png")
    html = client.post(reverse("testimony:add"), {**data, "photo": png}).content.decode()
    assert "only when the author agreed to their full name and photo" in html
    assert not tm.Testimony.objects.exists()


@pytest.fixture
def free_text_answer(own_duo):
    from duo.survey import responses
    from duo.survey.models import Answer, Instrument

    call_command("load_instruments", verbosity=0)
    instrument = Instrument.objects.get(kind="mentee_end")
    invitation, _token = responses.invitation_create(instrument=instrument, person=own_duo.mentee.person,
                                                     duo=own_duo, due_on=datetime.date(2026, 11, 3))
    answers = {}
    for q in invitation.version.questions.order_by("position").prefetch_related("choices"):
        if q.show_if_question and str(answers.get(q.show_if_question)) not in [str(v) for v in q.show_if_values]:
            continue
        answers[q.code] = {"likert5": "4", "single": None, "multiple": None, "number": "1",
                           "date": "2026-10-01"}.get(q.type, "Mon mentor m'a ouvert son carnet d'adresses.")
        if q.type == "single":
            answers[q.code] = q.choices.first().value
        elif q.type == "multiple":
            answers[q.code] = [q.choices.first().value]
        elif q.type == "number":
            answers[q.code] = str(int(q.minimum or 0) + 1)
    response = responses.response_submit(invitation=invitation, answers=answers)
    return Answer.objects.filter(response=response, text__isnull=False).exclude(text="").first()


def test_make_a_testimony_from_a_free_text_answer(free_text_answer, own_duo, coordinator, login, users):
    assert free_text_answer is not None
    url = reverse("testimony:from_answer", args=[free_text_answer.pk])
    client = login(coordinator)
    assert "carnet d&#x27;adresses" in client.get(url).content.decode()
    response = client.post(url, {"text": free_text_answer.text, "language": "fr", "consent": "anonymous",
                                 "purpose": "Mémorandum 2027", "consent_on": "2026-11-05",
                                 "collected_on": "2026-11-03"})
    assert response.status_code == 302
    t = tm.Testimony.objects.get()
    assert t.answer == free_text_answer and t.source == "survey" and t.person == own_duo.mentee.person
    assert t.side == "mentee" and t.duo == own_duo
    assert login(users[Role.OFFICER]).get(url).status_code == 403


def test_the_quote_sheet_is_in_the_chosen_language_and_marks_translations(own_duo, admin_user, login):
    t = make(own_duo, consent=Consent.ANONYMOUS, text="Sans mon mentor, je n'aurais pas osé.")
    services.translation_save(testimony=t, by=admin_user, language="nl", text="Zonder mijn mentor had ik het niet gedurfd.")
    qs = QuoteSet.objects.create(name="Memorandum 2027")
    services.set_add(quote_set=qs, testimony=t, by=admin_user)
    html = login(admin_user).get(reverse("testimony:sheet", args=[qs.pk]) + "?lang=nl").content.decode()
    assert "Zonder mijn mentor" in html and "Sans mon mentor" not in html
    with translation.override("nl"):
        label = queries.usable(queries.PUBLIC, lang="nl")[0].translated_from
    assert label in html
    assert own_duo.mentee.person.first_name not in html


def test_the_survey_response_page_offers_to_make_a_testimony_of_a_free_text_answer(
        free_text_answer, coordinator, users, login):
    url = reverse("testimony:from_answer", args=[free_text_answer.pk])
    page = reverse("survey:response", args=[free_text_answer.response_id])
    assert url in login(coordinator).get(page).content.decode()
    viewer = login(users[Role.VIEWER]).get(page)
    assert url not in viewer.content.decode()


def test_the_author_narrows_the_consent_from_their_link_and_cannot_widen_it(own_duo, client, admin_user):
    t = make(own_duo, consent=Consent.FIRST_NAME, checked=False)
    qs = QuoteSet.objects.create(name="Rapport 2027")
    services.set_add(quote_set=qs, testimony=t, by=admin_user)
    token = links.token_for(own_duo.mentee.person)
    url = reverse("testimony:voice_consent", kwargs={"token": token, "pk": t.pk})
    html = client.get(url).content.decode()
    assert 'value="anonymous"' in html and 'value="full_name"' not in html
    assert client.post(url, {"consent": "full_name"}).status_code == 200  # refused, shown again
    assert tm.Testimony.objects.get(pk=t.pk).consent == Consent.FIRST_NAME
    assert client.post(url, {"consent": "anonymous"}).status_code == 302
    t.refresh_from_db()
    assert t.consent == Consent.ANONYMOUS
    # Anonymous and not yet checked: it leaves the public renderings at once.
    assert not queries.is_usable(t, queries.PUBLIC)
    assert queries.usable(queries.PUBLIC, within=tm.Testimony.objects.filter(set_items__quote_set=qs)) == []


def test_the_author_is_emailed_their_quote_and_the_link_to_withdraw_it(own_duo, coordinator, mailoutbox,
                                                                       django_capture_on_commit_callbacks):
    person = own_duo.mentor.person
    person.preferred_language = "en"
    person.save()
    with django_capture_on_commit_callbacks(execute=True):
        t = services.testimony_create(by=coordinator, person=person, text="Mentoring kept me young.",
                                      language="en", consent=Consent.FIRST_NAME, purpose="Experience report 2027")
    (mail,) = mailoutbox
    assert mail.to == [person.email] and mail.subject == "Your testimony for Duo"
    assert "Mentoring kept me young." in mail.body and "First name" in mail.body
    url = next(line for line in mail.body.splitlines() if "/en/voice/" in line)
    assert links.person_from_token(url.rstrip("/").rsplit("/", 1)[-1]) == person
    assert t.pk


def test_the_csv_export_names_authors_as_consented_and_never_runs_a_formula(own_duo, admin_user, login):
    import csv
    import io

    t = make(own_duo, consent=Consent.ANONYMOUS, text='=HYPERLINK("http://x.example","clic")')
    qs = QuoteSet.objects.create(name="Rapport 2027")
    services.set_add(quote_set=qs, testimony=t, by=admin_user)
    response = login(admin_user).get(reverse("testimony:export", args=[qs.pk]) + "?lang=en")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Position", "Quote", "Language", "Translation", "Author", "Themes"]
    assert rows[1][1].startswith("'=HYPERLINK") and rows[1][4] == "Anonymous mentee"
