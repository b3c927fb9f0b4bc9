"""The demo's testimonies: realistic, in three languages, tagged, at every consent level."""

import io

from django.core.management import call_command

from duo.testimony import queries
from duo.testimony.models import Consent, QuoteSet, Testimony as Said, Translation


def test_the_demo_has_testimonies_in_three_languages_with_themes_and_a_withdrawal(db):
    call_command("seed_demo", duos=150, seed=5, stdout=io.StringIO(), stderr=io.StringIO())
    quotes = Said.objects.all()
    assert quotes.count() >= 8
    assert set(quotes.values_list("language", flat=True)) == {"fr", "nl", "en"}
    assert set(quotes.values_list("consent", flat=True)) == set(Consent.values)
    assert all(t.themes.exists() for t in quotes.filter(withdrawn_at__isnull=True))
    assert Translation.objects.exists()
    draft = QuoteSet.objects.get()
    assert draft.notices.count() == 1 and draft.items.exists()
    public = queries.usable(queries.PUBLIC, lang="fr")
    assert public and all(not q.testimony.is_withdrawn for q in public)
    assert any(q.is_translation for q in public)
