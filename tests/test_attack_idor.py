"""IDOR: a staff member of one antenna changing the id in a URL to reach another antenna's records.

Every URL whose kwargs name an object is accounted for here: the permission matrix requests its other-antenna object
(MATRIX entries "other antenna", "someone else's…"), or this module builds that request itself (GENERATED), or the
object is not held per antenna and NOT_ANTENNA_SCOPED says why. A new object URL in none of them fails the suite.
An antenna-scoped role (coordinator, viewer) asking for another antenna's object gets the same 404 as for an object
that does not exist: never the page, never a 403 that would confirm it exists, and nothing changes.
"""

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from duo.accounts.roles import Role

from tests.attack_payloads import changed_tables, comparable, database_fingerprint
from tests.test_permission_matrix import MATRIX, objects  # noqa: F401  (the matrix's fixture)

SCOPED_ROLES = (Role.COORDINATOR, Role.VIEWER)
# How the matrix names an entry that asks for another antenna's object (or another person's, behind a link).
FOREIGN_ENTRY = re.compile(r"other antenna|another antenna|someone else|another duo|another meeting", re.I)

TOKEN = "the token in the URL is the key; guessing, replay and expiry in tests/test_attack_tokens.py"
NOT_ANTENNA_SCOPED = {
    "calendar_feed": TOKEN,
    "accounts:password_reset_confirm": "Django's signed reset link, for staff accounts only",
    **{f"api:{n}": "bearer-token API: a token's antennas are tested in tests/test_api_read.py and test_api_outcomes.py"
       for n in ("indicator", "publication", "duo", "duo_outcomes")},
    **{f"site:{n}": "the public site: published documents and aggregate cards, the same for everyone"
       for n in ("publication", "publication_version", "publication_pdf", "publication_version_pdf",
                 "publication_data", "publication_card", "card_default", "card")},
    "jobs:detail": "background jobs are their creator's (matrix: someone else's job is 404), not an antenna's",
    "portal:home": TOKEN,
    "records:template": "an empty import template per kind of record",
    "survey:preview": "a questionnaire version: the same for every antenna",
    "survey:wave": "a month of one questionnaire: counts only, below the disclosure threshold",
    "survey:import_template": "an empty import template of a questionnaire version",
    **{f"impact:{n}": "organisation-wide aggregates after disclosure control"
       for n in ("area", "indicator", "download", "reference_delete")},
    **{f"publications:{n}": "publications are the organisation's, edited by the publications team"
       for n in ("publication", "new_version", "version", "version_edit", "version_snapshot", "workflow",
                 "section_add", "section_edit", "section_delete", "section_move", "comment_add", "comment_resolve",
                 "preview", "pdf")},
    **{f"advocacy:{n}": "advocacy records are the organisation's, for the advocacy team (coordinators get 403)"
       for n in ("stakeholder", "stakeholder_edit", "contact", "contact_edit", "position_add", "position_edit",
                 "position_end", "recommendation", "recommendation_edit", "recommendation_revise",
                 "recommendation_version", "target_add", "target_status", "campaign", "campaign_edit",
                 "milestone_add", "milestone_done", "interaction", "interaction_edit", "interaction_delete",
                 "follow_up_done", "observatory_barrier")},
    **{f"api_tokens:{n}": "administrators only" for n in ("detail", "revoke")},
    **{f"webhooks:{n}": "administrators only" for n in ("detail", "deactivate", "ping", "retry")},
    **{f"meetinglog:{n}": TOKEN for n in ("log", "answer", "agreement", "plan_add")},
    **{f"survey_answer:{n}": TOKEN for n in ("answer", "save", "decline")},
    "testimony:voice": TOKEN,
    "consent:manage": TOKEN,
    "erasure:confirm": "erasing a person is for administrators only, who see every antenna",
    "advocacy:contact_erase": "erasing an advocacy contact is for administrators only; contacts are not per antenna",
    "testimony:set_add": "a quote set is the organisation's; adding another antenna's quote by its id is tested below",
    **{f"research:{n}": "pseudonymised microdata of the whole organisation, for researchers (k-anonymous)"
       for n in ("detail", "download")},
    **{f"testimony:{n}": "a quote set is the organisation's; the quotes it shows are scoped (GENERATED checks the "
                         "set's items)" for n in ("set", "sheet", "export")},
}


# name -> [(description, method, kwargs builder, what must still exist afterwards)]; the builders get the matrix's
# objects and reach the other antenna's records.
def _foreign_item(o):
    return o["testimony_set"].items.get(testimony=o["testimony_foreign"])


def _portal(pk_key, **extra):
    return lambda o: {"token": o["portal_token"], "pk": o[pk_key].pk, **extra}


def _foreign_person(o):
    return {"pk": o["foreign"].mentee.person_id}


GENERATED = {
    # What is held about a person (data-subject rights) and their consents: the person's antenna decides.
    **{name: [("the other antenna's person", "get", _foreign_person, None)]
       for name in ("subject:json", "subject:pdf", "consent:staff")},
    "barrier:delete": [("the other antenna's barrier", "post", lambda o: {"pk": o["foreign_barrier"].pk},
                        lambda o: o["foreign_barrier"])],
    "testimony:set_remove": [
        ("the other antenna's quote in a shared set", "post",
         lambda o: {"pk": o["testimony_set"].pk, "item_pk": _foreign_item(o).pk}, _foreign_item),
    ],
    # The applicant's link reaches only the sessions of their own antenna.
    "portal:info_register": [("a session of another antenna", m, _portal("infosession_foreign"), None)
                             for m in ("get", "post")],
    "portal:info_unregister": [("a session of another antenna", m, _portal("infosession_foreign"),
                                lambda o: o["infosession_seat_foreign"]) for m in ("get", "post")],
    "portal:training_register": [("a session of another antenna", m, _portal("training_foreign"), None)
                                 for m in ("get", "post")],
    "portal:training_unregister": [("a session of another antenna", m, _portal("training_foreign"),
                                    lambda o: o["training_seat_foreign"]) for m in ("get", "post")],
    "portal:evaluate": [("a session the person did not attend", m, _portal("training_foreign"), None)
                        for m in ("get", "post")],
    "portal:ics": [("a session of another antenna", "get", _portal("training_foreign", kind="training"), None),
                   ("an info session of another antenna", "get", _portal("infosession_foreign", kind="info"),
                    None)],
}
# Link holders: the link's owner asks, whatever their staff role; the answer is the same for every role.
LINK_HOLDERS = {name for name in GENERATED if name.startswith("portal:")}


def _object_urls(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            ns = f"{prefix}{p.namespace}:" if p.namespace else prefix
            yield from _object_urls(p, ns)
        elif isinstance(p, URLPattern) and p.name and p.pattern.regex.groupindex and not prefix.startswith("admin:"):
            yield f"{prefix}{p.name}"


def _matrix_foreign_entries(name):
    if name in NOT_ANTENNA_SCOPED:
        return []  # e.g. "someone else's comment" on a publication: another author, not another antenna
    return [(d, m, b, e) for d, m, b, e in MATRIX.get(name, []) if FOREIGN_ENTRY.search(d)]


def test_every_object_url_is_attacked_or_said_not_to_be_per_antenna():
    names = set(_object_urls())
    covered = {n for n in names if _matrix_foreign_entries(n)}
    unaccounted = names - covered - GENERATED.keys() - NOT_ANTENNA_SCOPED.keys()
    assert not unaccounted, f"object URLs with no other-antenna request and no reason: {sorted(unaccounted)}"
    assert not (GENERATED.keys() | NOT_ANTENNA_SCOPED.keys()) - names, "entries for URLs that no longer exist"
    print(f"\nIDOR: {len(covered)} URLs through the matrix, {len(GENERATED)} generated here, "
          f"{len(NOT_ANTENNA_SCOPED)} not held per antenna")


def test_the_matrix_expects_the_not_found_answer_for_other_antennas():
    """From the matrix's own data: where a scoped role may use the page at all, another antenna's object is 404 for
    it; where the role lacks the capability, its answer is the same 403 whether the object is its antenna's or not."""
    for name in set(_object_urls()):
        for description, method, _b, expected in _matrix_foreign_entries(name):
            for role in SCOPED_ROLES:
                if expected[role] == 404:
                    continue
                own = [e[role] for d, m, _b2, e in MATRIX[name] if m == method and not FOREIGN_ENTRY.search(d)]
                assert expected[role] not in (200, 302) and own and set(own) == {expected[role]}, (
                    f"{name} ({description}) as {role}: {expected[role]}, own antenna {own}")


def _client(users, role):
    client = Client()
    client.force_login(users[role])
    return client


def _names_of(duo):
    return [p.last_name for p in (duo.mentee.person, duo.mentor.person)]


def test_no_page_of_another_antenna_answers_or_names_anyone(users, objects):  # noqa: F811
    """The matrix's other-antenna requests, replayed as the coordinator and the viewer: 404, the other antenna's
    people not named, nothing changed."""
    clients = {role: _client(users, role) for role in SCOPED_ROLES}
    hidden = _names_of(objects["foreign"])
    before = database_fingerprint()
    asked = 0
    for name in sorted(set(_object_urls())):
        for description, method, build, expected in _matrix_foreign_entries(name):
            url = reverse(name, kwargs=build(objects))
            for role, client in clients.items():
                response = getattr(client, method)(url)
                assert response.status_code == expected[role], (name, description, role, response.status_code)
                assert response.status_code in (403, 404, 405), (name, description, role)
                body = response.content.decode(errors="replace")
                assert not [n for n in hidden if n in body], (name, description, role)
                asked += 1
    assert asked > 100
    # Using one's own meeting-log link (to ask for another duo's goal) notes when the link was last used: that alone.
    assert set(changed_tables(before, database_fingerprint())) <= {"meetinglog_accesslink"}


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_generated_other_antenna_requests_are_not_found(users, objects, name):  # noqa: F811
    clients = {role: _client(users, role) for role in SCOPED_ROLES}
    if name in LINK_HOLDERS:
        clients["anonymous link holder"] = Client()
    before = database_fingerprint()
    for description, method, build, still_there in GENERATED[name]:
        url = reverse(name, kwargs=build(objects))
        for role, client in clients.items():
            response = getattr(client, method)(url, {"confirm": "on"} if method == "post" else None)
            if role == Role.VIEWER and response.status_code == 403 and name not in LINK_HOLDERS:
                continue  # the viewer may not change anything at all: the same 403 for its own antenna's records
            assert response.status_code == 404, (name, description, role, response.status_code)
        if still_there:
            record = still_there(objects)
            assert type(record).objects.filter(pk=record.pk).exists(), (name, description)
    assert not changed_tables(before, database_fingerprint()), name


def test_adding_another_antennas_quote_to_a_set_by_its_id_is_not_found(users, objects):  # noqa: F811
    """The id in the posted form, not in the URL: the same rule."""
    from duo.testimony.models import QuoteSet

    empty = QuoteSet.objects.create(name="Brochure")
    client = _client(users, Role.COORDINATOR)
    response = client.post(reverse("testimony:set_add", kwargs={"pk": empty.pk}),
                           {"testimony": objects["testimony_foreign"].pk})
    assert response.status_code == 404
    assert not empty.items.exists()


def _without_pk(body: str, pk: int) -> str:
    """The page without the id asked for (the language switcher links to the same path in each language)."""
    return comparable(body.replace(f"/people/{pk}/", "/people/<pk>/"))


def test_counting_through_person_ids_finds_only_ones_own_antenna(users, objects):  # noqa: F811
    from duo.people.models import Person

    coordinator = users[Role.COORDINATOR]
    client = _client(users, Role.COORDINATOR)
    mine = set(Person.objects.filter(antenna__in=coordinator.antennas.all()).values_list("pk", flat=True))
    everyone = set(Person.objects.values_list("pk", flat=True))
    assert mine and everyone - mine
    top = max(everyone) + 5
    nobody = top + 1000
    missing = _without_pk(client.get(reverse("people:detail", kwargs={"pk": nobody})).content.decode(), nobody)
    for pk in range(1, top + 1):
        response = client.get(reverse("people:detail", kwargs={"pk": pk}))
        if pk in mine:
            assert response.status_code == 200, pk
        else:
            assert response.status_code == 404, pk
            # Another antenna's person and an id nobody has answer alike, byte for byte.
            assert _without_pk(response.content.decode(), pk) == missing, pk
