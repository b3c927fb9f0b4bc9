"""Staff passwords: a forgotten one by email in the page's language, and changing one's own."""

import re

from django.contrib.auth import authenticate
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from duo.accounts.roles import Role

NEW_PASSWORD = "a brand new passphrase 42"


def _url(name, lang, **kwargs):
    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


def _can_log_in(email, password):
    request = RequestFactory().post("/fr/accounts/login/")
    return authenticate(request, username=email, password=password) is not None


def test_forgotten_password_link_sets_a_new_one(client, users):
    response = client.post(_url("accounts:password_reset", "nl"), {"email": "coord@duo.test"})
    assert response.status_code == 302 and response.url == _url("accounts:password_reset_done", "nl")
    [message] = mail.outbox
    assert message.to == ["coord@duo.test"]
    assert "nieuw wachtwoord" in message.subject.lower()  # in the language of the page it was asked from
    link = re.search(r"http://testserver(/nl/accounts/password/reset/\S+/\S+/)", message.body).group(1)

    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"]
    set_url = form_page.redirect_chain[-1][0]
    weak = client.post(set_url, {"new_password1": "123", "new_password2": "123"})
    assert weak.status_code == 200 and weak.context["form"].errors["new_password2"]
    done = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302
    assert _can_log_in("coord@duo.test", NEW_PASSWORD)
    # The link works once.
    assert not client.get(link, follow=True).context["validlink"]


def test_an_unknown_address_gets_the_same_answer_and_no_email(client, users):
    response = client.post(_url("accounts:password_reset", "fr"), {"email": "nobody@duo.test"})
    assert response.status_code == 302 and response.url == _url("accounts:password_reset_done", "fr")
    assert mail.outbox == []


def test_changing_my_password_needs_the_old_one(client, users, password):
    client.force_login(users[Role.VIEWER])
    url = _url("accounts:password_change", "en")
    wrong = client.post(url, {"old_password": "not it", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert wrong.status_code == 200 and "old_password" in wrong.context["form"].errors
    assert _can_log_in("viewer@duo.test", password)
    ok = client.post(url, {"old_password": password, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert ok.status_code == 302
    assert _can_log_in("viewer@duo.test", NEW_PASSWORD) and not _can_log_in("viewer@duo.test", password)
