"""Three languages: complete catalogues, language prefixes, locale formats."""

from pathlib import Path

import polib
import pytest
from django.urls import reverse
from django.utils import translation

from duo.accounts.roles import Role

LOCALE = Path(__file__).resolve().parents[1] / "locale"


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_catalogue_is_complete_and_compiled(lang):
    po = polib.pofile(str(LOCALE / lang / "LC_MESSAGES" / "django.po"))
    assert len(po) > 100
    assert not po.untranslated_entries(), [e.msgid for e in po.untranslated_entries()][:10]
    assert not po.fuzzy_entries(), [e.msgid for e in po.fuzzy_entries()][:10]
    mo = {(e.msgid, e.msgid_plural): (e.msgstr, e.msgstr_plural)
          for e in polib.mofile(str(LOCALE / lang / "LC_MESSAGES" / "django.mo"))}
    stale = [e.msgid for e in po.translated_entries() if (e.msgid, e.msgid_plural) not in mo]
    assert not stale, f"django.mo is older than django.po (run make messages): {stale[:5]}"


@pytest.mark.parametrize(
    "lang,text",
    [("fr", "Mentorat intergénérationnel"), ("nl", "Intergenerationele mentoring"), ("en", "Intergenerational mentoring")],
)
def test_public_home_speaks_the_language_of_its_prefix(client, lang, text):
    response = client.get(f"/{lang}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{lang}">' in html
    assert text.lower() in html.lower()


def test_root_redirects_to_a_language(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="nl-BE,nl;q=0.9")
    assert response.status_code == 302 and response.url == "/nl/"


@pytest.mark.parametrize(
    "lang,birthday", [("fr", "12 avril 1999"), ("nl", "12 april 1999"), ("en", "April 12, 1999")]
)
def test_dates_follow_the_locale(client, users, own_duo, lang, birthday):
    client.force_login(users[Role.COORDINATOR])
    with translation.override(lang):
        url = reverse("people:detail", args=[own_duo.mentee.person_id])
    assert birthday in client.get(url).content.decode()
