"""Testimonies: consent decides every use, withdrawal takes a quote out of every place it was used."""

import datetime

import pytest
from django.urls import reverse

from duo.accounts import scoping
from duo.accounts.roles import Role
from duo.privacy.models import AuditEvent
from duo.testimony import queries, services
from duo.testimony import models as tm
from duo.testimony.models import (Consent, QuoteSet, QuoteSetItem, QuoteSetNotice, Theme, Translation,
                                  WithdrawalChannel)
from duo.testimony.themes import ensure_themes


def make(duo, *, consent=Consent.ANONYMOUS, checked=True, text="Mon mentor m'a redonné confiance.", side="mentee",
         language="fr", **extra):
    person = duo.mentee.person if side == "mentee" else duo.mentor.person
    t = tm.Testimony.objects.create(person=person, side=side, duo=duo, text=text, language=language, source="staff",
                                 consent=consent, purpose="Rapport d'expérience 2027",
                                 checked_at=datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC) if checked else None,
                                 **extra)
    return t


@pytest.fixture
def quote_set(admin_user):
    return QuoteSet.objects.create(name="Mémorandum 2027 — brouillon", created_by=admin_user)


# --- consent rules of usable() ------------------------------------------------------------------


def test_public_use_needs_consent_beyond_internal_and_a_check_for_anonymous_quotes(own_duo):
    internal = make(own_duo, consent=Consent.INTERNAL)
    unchecked = make(own_duo, consent=Consent.ANONYMOUS, checked=False)
    checked = make(own_duo, consent=Consent.ANONYMOUS)
    first = make(own_duo, consent=Consent.FIRST_NAME, checked=False)
    full = make(own_duo, consent=Consent.FULL_NAME, checked=False, side="mentor")
    public = {q.pk for q in queries.usable(queries.PUBLIC)}
    assert public == {checked.pk, first.pk, full.pk}
    internal_use = {q.pk for q in queries.usable(queries.INTERNAL)}
    assert internal_use == {internal.pk, unchecked.pk, checked.pk, first.pk, full.pk}


def test_a_withdrawn_testimony_is_usable_for_nothing(own_duo):
    t = make(own_duo, consent=Consent.FULL_NAME)
    services.withdraw(testimony=t, channel=WithdrawalChannel.LINK)
    assert queries.usable(queries.PUBLIC) == [] and queries.usable(queries.INTERNAL) == []
    with pytest.raises(ValueError):
        queries.usable("everywhere")


def test_the_author_is_named_as_the_consent_allows(own_duo):
    mentee, mentor = own_duo.mentee.person, own_duo.mentor.person
    anon = make(own_duo, consent=Consent.ANONYMOUS)
    anon_mentor = make(own_duo, consent=Consent.ANONYMOUS, side="mentor")
    first = make(own_duo, consent=Consent.FIRST_NAME)
    full = make(own_duo, consent=Consent.FULL_NAME, side="mentor")
    labels = {q.pk: q.author for q in queries.usable(queries.PUBLIC, lang="en")}
    assert labels == {anon.pk: "Anonymous mentee", anon_mentor.pk: "Anonymous mentor", first.pk: mentee.first_name,
                      full.pk: mentor.full_name}
    assert labels[first.pk] != mentee.full_name


def test_changing_the_text_undoes_the_de_identification_check(own_duo, admin_user):
    t = make(own_duo)
    services.testimony_update(testimony=t, by=admin_user, purpose="Réseaux sociaux")
    assert queries.is_usable(t, queries.PUBLIC)  # the words did not change
    services.testimony_update(testimony=t, by=admin_user, text="Karim m'a aidé chez Colruyt.")
    t.refresh_from_db()
    assert t.checked_at is None and not queries.is_usable(t, queries.PUBLIC)


def test_translations_are_stored_beside_the_original_and_marked(own_duo, admin_user, english):
    t = make(own_duo, consent=Consent.FIRST_NAME)
    services.translation_save(testimony=t, by=admin_user, language="en", text="My mentor gave me my confidence back.",
                              machine=True)
    (quote,) = queries.usable(queries.PUBLIC, lang="en")
    assert quote.text == "My mentor gave me my confidence back." and quote.is_translation and quote.machine
    assert quote.translated_from == "Translated from french"
    (original,) = queries.usable(queries.PUBLIC, lang="fr")
    assert original.text == t.text and not original.is_translation
    # No Dutch translation: the original is shown, and is not called a translation.
    (nl,) = queries.usable(queries.PUBLIC, lang="nl")
    assert nl.text == t.text and not nl.is_translation
    with pytest.raises(services.TestimonyError) as e:
        services.translation_save(testimony=t, by=admin_user, language="fr", text="Même langue")
    assert "language" in e.value.errors


def test_usable_filters_by_theme(own_duo):
    ensure_themes(Theme)
    network = Theme.objects.get(code="network")
    t = make(own_duo)
    t.themes.add(network)
    make(own_duo)
    assert [q.pk for q in queries.usable(queries.PUBLIC, theme="network")] == [t.pk]
    assert [q.pk for q in queries.usable(queries.PUBLIC, theme=network)] == [t.pk]


# --- withdrawal ---------------------------------------------------------------------------------


def test_a_withdrawn_testimony_disappears_from_every_place_it_was_used(
        own_duo, admin_user, login, english):
    """The issue's acceptance test: sets, the library, the printable sheet, the detail page."""
    t = make(own_duo, consent=Consent.FIRST_NAME, text="Grâce à mon mentor, j'ose parler en réunion.")
    other = make(own_duo, consent=Consent.FULL_NAME, text="J'ai retrouvé un sens à ma retraite.", side="mentor")
    services.translation_save(testimony=t, by=admin_user, language="en", text="Thanks to my mentor I speak up.")
    sets = [QuoteSet.objects.create(name=f"Brouillon {i}") for i in range(2)]
    for s in sets:
        services.set_add(quote_set=s, testimony=t, by=admin_user)
        services.set_add(quote_set=s, testimony=other, by=admin_user)
    client = login(admin_user)
    places = [reverse("testimony:library"), reverse("testimony:library") + "?state=public"]
    places += [reverse("testimony:set", args=[s.pk]) for s in sets]
    places += [reverse(view, args=[s.pk]) + f"?lang={lang}" for s in sets for lang in ("fr", "en")
               for view in ("testimony:sheet", "testimony:export")]
    for url in places:
        html = client.get(url).content.decode()
        assert "mon mentor" in html or "my mentor" in html, url

    services.withdraw(testimony=t, channel=WithdrawalChannel.STAFF, by=admin_user)

    for url in places:
        html = client.get(url).content.decode()
        assert "mon mentor" not in html and "my mentor" not in html, url
        assert "sens à ma retraite" in html, url  # the other quote stays
    for s in sets:
        html = client.get(reverse("testimony:set", args=[s.pk])).content.decode()
        assert "1 quote was removed because its author withdrew consent on" in html
        assert own_duo.mentee.person.first_name not in html  # the notice names no one
    assert not QuoteSetItem.objects.filter(testimony=t).exists()
    assert QuoteSetNotice.objects.filter(removed=1).count() == 2
    t.refresh_from_db()
    # Erased, not hidden: the text, its translations and its photo are gone; when and how is kept.
    assert t.text == "" and not Translation.objects.filter(testimony=t).exists()
    assert t.withdrawal_channel == WithdrawalChannel.STAFF and t.withdrawn_at is not None
    assert all(q.pk != t.pk for q in queries.usable(queries.INTERNAL))
    # A later attempt to use it again is refused.
    with pytest.raises(services.TestimonyError):
        services.set_add(quote_set=sets[0], testimony=t, by=admin_user)
    with pytest.raises(services.TestimonyError):
        services.testimony_update(testimony=t, by=admin_user, text="Revenu")


def test_withdrawing_twice_leaves_one_notice(own_duo, admin_user, quote_set):
    t = make(own_duo)
    services.set_add(quote_set=quote_set, testimony=t, by=admin_user)
    services.withdraw(testimony=t, channel=WithdrawalChannel.LINK)
    first = tm.Testimony.objects.get(pk=t.pk).withdrawn_at
    services.withdraw(testimony=t, channel=WithdrawalChannel.STAFF, by=admin_user)
    assert quote_set.notices.count() == 1
    assert tm.Testimony.objects.get(pk=t.pk).withdrawn_at == first


def test_only_quotes_allowed_in_public_go_into_a_draft(own_duo, admin_user, quote_set):
    for t in (make(own_duo, consent=Consent.INTERNAL), make(own_duo, checked=False)):
        with pytest.raises(services.TestimonyError):
            services.set_add(quote_set=quote_set, testimony=t, by=admin_user)
    ok = make(own_duo)
    services.set_add(quote_set=quote_set, testimony=ok, by=admin_user)
    with pytest.raises(services.TestimonyError):
        services.set_add(quote_set=quote_set, testimony=ok, by=admin_user)  # already there


# --- who may do what ----------------------------------------------------------------------------


def test_coordinators_change_their_antennas_testimonies_only_and_officers_all(own_duo, foreign_duo, users):
    own, foreign = make(own_duo), make(foreign_duo)
    coordinator, officer = users[Role.COORDINATOR], users[Role.OFFICER]
    assert scoping.can_change(coordinator, own) and not scoping.can_change(coordinator, foreign)
    assert scoping.can_change(officer, own) and scoping.can_change(officer, foreign)
    for role in (Role.RESEARCHER, Role.VIEWER):
        assert not scoping.can_change(users[role], own)
        assert not scoping.scope(users[role], tm.Testimony.objects.all()).exists()
    with pytest.raises(scoping.NotAllowed):
        services.withdraw(testimony=foreign, channel=WithdrawalChannel.STAFF, by=coordinator)
    # Officers choose and translate quotes, but do not pick authors among people's files.
    with pytest.raises(scoping.NotAllowed):
        services.testimony_create(by=officer, person=own_duo.mentee.person, text="x", language="fr",
                                  consent=Consent.ANONYMOUS, purpose="Rapport")


def test_staff_record_a_testimony_for_a_person_of_their_antenna(own_duo, foreign_duo, coordinator):
    ensure_themes(Theme)
    t = services.testimony_create(by=coordinator, person=own_duo.mentor.person, text="  Transmettre, c'est vivre. ",
                                  language="fr", consent=Consent.FIRST_NAME, purpose="Rapport 2027",
                                  collected_how="interview", themes=Theme.objects.filter(code="transmission"),
                                  areas=["active_ageing", "social_cohesion"], duo=own_duo)
    assert t.text == "Transmettre, c'est vivre." and t.side == "mentor" and t.collected_by == coordinator
    assert t.area_list == ["active_ageing", "social_cohesion"] and [x.code for x in t.themes.all()] == ["transmission"]
    assert AuditEvent.objects.filter(model="testimony.Testimony", object_id=str(t.pk), action="create").exists()
    with pytest.raises(scoping.NotAllowed):
        services.testimony_create(by=coordinator, person=foreign_duo.mentee.person, text="x", language="fr",
                                  consent=Consent.ANONYMOUS, purpose="Rapport")
    with pytest.raises(services.TestimonyError) as e:
        services.testimony_create(by=coordinator, person=own_duo.mentee.person, text=" ", language="fr",
                                  consent=Consent.ANONYMOUS, purpose="", photo=b"x")
    assert set(e.value.errors) == {"text", "purpose", "photo"}
