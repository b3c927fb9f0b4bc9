"""Finding two records of one person, and merging them without losing anything."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from duo.accounts.roles import Role
from duo.intake import duplicates, services
from duo.intake.models import Application, IntakeInterview, Merge, StageChange
from duo.journeys.models import Duo
from duo.people.models import MenteeProfile, MentorProfile, Person

from .factories import DuoFactory, MenteeFactory, MentorFactory, PersonFactory, PersonLanguageFactory
from .factories_pipeline import ApplicationFactory, ConsentFactory, InterviewFactory, StageChangeFactory


def _url(name, *args):
    with translation.override("en"):
        return reverse(name, args=args)


# --- the name rule, for any name --------------------------------------------------------------------

ACCENTED = {"é": "e", "è": "e", "ê": "e", "ë": "e", "à": "a", "â": "a", "ä": "a", "î": "i", "ï": "i", "ô": "o",
            "ö": "o", "ù": "u", "û": "u", "ü": "u", "ç": "c", "ñ": "n"}
LATIN = st.text(alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyz" + "".join(ACCENTED) + " -'."), max_size=30)


@given(LATIN)
def test_name_normalisation_ignores_case_accents_and_punctuation(name):
    plain = "".join(ACCENTED.get(ch, ch) for ch in name)
    assert duplicates.normalise_name(name) == duplicates.normalise_name(plain)
    assert duplicates.normalise_name(name.upper()) == duplicates.normalise_name(name)
    assert duplicates.normalise_name(duplicates.normalise_name(name)) == duplicates.normalise_name(name)
    assert "  " not in duplicates.normalise_name(name) and duplicates.normalise_name(name) == \
        duplicates.normalise_name(name).strip()


@given(LATIN, LATIN)
def test_first_and_last_name_typed_the_wrong_way_round_still_agree(first, last):
    assert duplicates.name_key(first, last) == duplicates.name_key(last, first)


def test_normalisation_examples():
    assert duplicates.normalise_name("  Zoë-Anne  MÜLLER ") == "zoe anne muller"
    assert duplicates.name_key("Jean-Pierre", "N'Diaye") == duplicates.name_key("jean pierre", "n diaye")
    assert duplicates.name_key("Amina", "Benali") != duplicates.name_key("Amine", "Benali")


# --- detection --------------------------------------------------------------------------------------

def _found(user, person):
    return {c.person.pk: c.reasons for c in duplicates.candidates(user, [person]).get(person.pk, [])}


def test_same_email_whatever_the_case(admin_user, antenna):
    a = PersonFactory(antenna=antenna, email="Amina.Benali@Example.org")
    b = PersonFactory(antenna=antenna, email="amina.benali@example.org")
    PersonFactory(antenna=antenna, email="someone.else@example.org")
    assert _found(admin_user, a) == {b.pk: ["email"]}


def test_same_phone_however_it_was_typed(admin_user, antenna):
    a = PersonFactory(antenna=antenna, phone="+32 470 12 34 56")
    b = PersonFactory(antenna=antenna, phone="0470/12.34.56")
    PersonFactory(antenna=antenna, phone="")
    PersonFactory(antenna=antenna, phone="")
    assert _found(admin_user, a) == {b.pk: ["phone"]}
    # Empty phones are not a match.
    empty = PersonFactory(antenna=antenna, phone="")
    assert _found(admin_user, empty) == {}


def test_same_name_and_birth_date_despite_accents_and_order(admin_user, antenna):
    born = datetime.date(1998, 5, 17)
    a = PersonFactory(antenna=antenna, first_name="Zoë", last_name="N'Diaye", date_of_birth=born)
    b = PersonFactory(antenna=antenna, first_name="NDIAYE", last_name="zoe", date_of_birth=born)
    c = PersonFactory(antenna=antenna, first_name="zoe", last_name="n diaye", date_of_birth=born)
    PersonFactory(antenna=antenna, first_name="Zoë", last_name="N'Diaye", date_of_birth=datetime.date(1998, 5, 18))
    PersonFactory(antenna=antenna, first_name="Zoé", last_name="Martin", date_of_birth=born)
    # "N'Diaye" and "NDIAYE" are not the same words; "N'Diaye" and "n diaye" are.
    assert _found(admin_user, a) == {c.pk: ["name_birth"]}
    assert _found(admin_user, b) == {}


def test_several_rules_at_once_are_all_named(admin_user, antenna):
    a = PersonFactory(antenna=antenna, first_name="Omar", last_name="Haddad", email="omar@example.org",
                      phone="0470 11 22 33", date_of_birth=datetime.date(2000, 1, 2))
    b = PersonFactory(antenna=antenna, first_name="omar", last_name="HADDAD", email="OMAR@example.org",
                      phone="+32 470 11 22 33", date_of_birth=datetime.date(2000, 1, 2))
    assert sorted(_found(admin_user, a)[b.pk]) == ["email", "name_birth", "phone"]
    assert duplicates.pairs(admin_user) == [(a.pk, b.pk, ["email", "phone", "name_birth"])]


def test_duplicates_in_another_antenna_are_not_revealed(client, coordinator, antenna, other_antenna):
    own = PersonFactory(antenna=antenna, email="twin@example.org")
    elsewhere = PersonFactory(antenna=other_antenna, email="twin@example.org")
    own_twin = PersonFactory(antenna=antenna, phone="0470 99 88 77")
    other_twin = PersonFactory(antenna=antenna, phone="0032 470 99 88 77")
    assert _found(coordinator, own) == {}
    assert duplicates.pairs(coordinator) == [(own_twin.pk, other_twin.pk, ["phone"])]
    client.force_login(coordinator)
    response = client.get(_url("intake:duplicates"))
    html = response.content.decode()
    assert str(own_twin) in html and str(elsewhere) not in html
    assert response.context["page"].paginator.count == 1


def test_intake_file_lists_candidates_with_a_merge_link(client, coordinator, antenna):
    a = MenteeFactory(person__antenna=antenna, person__email="same@example.org").person
    b = PersonFactory(antenna=antenna, email="same@example.org")
    client.force_login(coordinator)
    html = client.get(_url("intake:detail", a.pk)).content.decode()
    assert _url("intake:merge", a.pk, b.pk) in html and "same email address" in html


# --- merging ----------------------------------------------------------------------------------------

def _related_counts(people) -> dict[str, int]:
    """Every row of every model that points at these people, per model."""
    counts = {}
    for rel in Person._meta.related_objects:
        model = rel.related_model
        counts[model._meta.label] = model._default_manager.filter(**{f"{rel.field.name}__in": people}).count()
    return counts


@pytest.fixture
def twins(antenna, coordinator):
    """`keep` and `drop`: one woman entered twice, with a life on both records."""
    keep = MenteeFactory(person__antenna=antenna, person__first_name="Yasmine", person__last_name="Amrani",
                         person__email="yasmine@example.org", person__phone="", stage="contacted",
                         expectations="").person
    drop = MenteeFactory(person__antenna=antenna, person__first_name="Yasmine", person__last_name="AMRANI",
                         person__email="YASMINE@example.org", person__phone="0470 12 34 56", stage="applied",
                         expectations="A job in accounting.", person__nationality_background="naturalised").person
    MentorFactory(person=drop, stage="applied")  # she also offered to mentor, on the other record only
    duo = DuoFactory(antenna=antenna, mentee=drop.mentee)
    PersonLanguageFactory(person=keep, language="fr", level="B1")
    PersonLanguageFactory(person=drop, language="fr", level="C1")  # the higher level must win
    PersonLanguageFactory(person=drop, language="ar", level="native")
    for person in (keep, drop):
        ApplicationFactory(person=person)
        ConsentFactory(person=person)
        StageChangeFactory(person=person)
    InterviewFactory(person=drop)
    earlier = PersonFactory(antenna=antenna)
    old_merge = Merge.objects.create(kept=drop, merged_id=earlier.pk + 1000, moved={})
    return {"keep": keep, "drop": drop, "duo": duo, "old_merge": old_merge}


def test_merge_keeps_every_related_row(twins, coordinator):
    keep, drop = twins["keep"], twins["drop"]
    before = _related_counts([keep.pk, drop.pk])
    merge = services.person_merge(keep=keep, drop=drop, by=coordinator)
    after = _related_counts([keep.pk])
    assert not Person.objects.filter(pk=drop.pk).exists()
    # Everything moved; the only rows fewer are the ones folded into their twin (a language both spoke,
    # the second mentee profile), and the new Merge record is one more.
    expected = {**before,
                "people.PersonLanguage": before["people.PersonLanguage"] - 1,
                "people.MenteeProfile": before["people.MenteeProfile"] - 1,
                "intake.Merge": before["intake.Merge"] + 1}
    assert after == expected
    assert dict(keep.languages.values_list("language", "level")) == {"fr": "C1", "ar": "native"}
    # The duo of the dropped mentee profile now belongs to the kept one; the mentor side came over whole.
    assert Duo.objects.get(pk=twins["duo"].pk).mentee == keep.mentee
    assert MentorProfile.objects.get(person=keep).stage == "applied"
    assert MenteeProfile.objects.get(person=keep).stage == "contacted"  # the kept record's stage stays
    assert MenteeProfile.objects.get(person=keep).expectations == "A job in accounting."  # a gap filled
    assert IntakeInterview.objects.get().person == keep
    # Contact details the kept record lacked come from the other one.
    keep.refresh_from_db()
    assert (keep.phone, keep.phone_digits, keep.nationality_background) == ("0470 12 34 56", "470123456",
                                                                            "naturalised")
    assert merge.merged_id == drop.pk and merge.kept == keep and merge.by == coordinator
    assert merge.moved["intake.Application"] == 1 and merge.moved["people.ConsentRecord"] == 1
    assert Merge.objects.get(pk=twins["old_merge"].pk).kept == keep


@pytest.mark.parametrize("said_no_on", ["keep", "drop"])
def test_merge_brings_back_no_special_category_answer_after_a_withdrawal(twins, coordinator, said_no_on):
    """She withdrew her consent for special-category data on one of her two records: whichever it was, the
    merged record holds none (the dropped one's answer is not copied, the kept one's own answer goes)."""
    keep, drop = twins["keep"], twins["drop"]
    Person.objects.filter(pk=keep.pk).update(origin_region="north_africa")
    ConsentFactory(person=twins[said_no_on], purpose="special_category", granted=False)
    services.person_merge(keep=keep, drop=drop, by=coordinator)
    keep.refresh_from_db()
    assert (keep.nationality_background, keep.origin_region) == (None, None)
    assert keep.phone == "0470 12 34 56"  # ordinary contact details still fill the gaps


def test_merge_changes_are_audited(twins, coordinator):
    from duo.privacy.models import AuditEvent

    services.person_merge(keep=twins["keep"], drop=twins["drop"], by=coordinator)
    assert AuditEvent.objects.filter(action="delete", model="people.Person",
                                     object_id=str(twins["drop"].pk)).exists()
    assert AuditEvent.objects.filter(action="bulk_update", model="intake.Application").exists()


def test_merge_refuses_records_outside_the_users_antennas(coordinator, antenna, other_antenna):
    keep = PersonFactory(antenna=antenna)
    drop = PersonFactory(antenna=other_antenna)
    ApplicationFactory(person=drop)
    with pytest.raises(services.scoping.NotAllowed):
        services.person_merge(keep=keep, drop=drop, by=coordinator)
    assert Application.objects.get().person == drop


def test_merge_refuses_a_record_with_itself(coordinator, antenna):
    person = PersonFactory(antenna=antenna)
    with pytest.raises(services.PipelineError):
        services.person_merge(keep=person, drop=person, by=coordinator)


def test_merge_page_compares_and_merges_the_chosen_way(client, twins, coordinator):
    keep, drop = twins["keep"], twins["drop"]
    client.force_login(coordinator)
    url = _url("intake:merge", drop.pk, keep.pk)
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "0470 12 34 56" in html and "same email address" in html
    # Without the confirmation, nothing happens.
    response = client.post(url, {"keep": str(keep.pk)})
    assert response.status_code == 200 and "confirm" in response.context["form"].errors
    assert Person.objects.filter(pk=drop.pk).exists()
    response = client.post(url, {"keep": str(keep.pk), "confirm": "on"})
    assert response.status_code == 302 and response["Location"] == _url("intake:detail", keep.pk)
    assert not Person.objects.filter(pk=drop.pk).exists()
    assert StageChange.objects.filter(person=keep).count() == 2


def test_merge_page_is_for_people_who_may_change_both(client, users, antenna, other_antenna):
    a, b = PersonFactory(antenna=antenna), PersonFactory(antenna=antenna)
    foreign = PersonFactory(antenna=other_antenna)
    client.force_login(users[Role.VIEWER])
    assert client.get(_url("intake:merge", a.pk, b.pk)).status_code == 403
    client.force_login(users[Role.COORDINATOR])
    assert client.get(_url("intake:merge", a.pk, foreign.pk)).status_code == 404
    assert client.post(_url("intake:merge", a.pk, foreign.pk), {"keep": a.pk, "confirm": "on"}).status_code == 404
    assert client.get(_url("intake:merge", a.pk, a.pk)).status_code == 404
    assert Person.objects.filter(pk=foreign.pk).exists()


def test_merge_folds_a_session_both_records_registered_for(antenna, coordinator):
    from duo.infosession.models import Registration

    from .factories_sessions import InfoSessionFactory, RegistrationFactory

    session, other = InfoSessionFactory(antenna=antenna), InfoSessionFactory(antenna=antenna)
    keep, drop = PersonFactory(antenna=antenna), PersonFactory(antenna=antenna)
    RegistrationFactory(session=session, person=keep, attended=None)
    RegistrationFactory(session=session, person=drop, attended=True)  # she came, under the other record
    RegistrationFactory(session=other, person=drop)
    merge = services.person_merge(keep=keep, drop=drop, by=coordinator)
    assert sorted(Registration.objects.filter(person=keep).values_list("session_id", "attended")) == sorted(
        [(session.pk, True), (other.pk, None)])
    assert merge.moved == {"infosession.Registration": 1, "infosession.Registration:already_there": 1}
