"""Every URL, requested as every role. A URL added without an entry here fails the suite.

Expected answers: 200 shown, 302 sent to log in (or away), 403 the role may not use the page,
404 the object is outside the user's antennas (its existence is not revealed), 405 wrong method.
"""

import importlib

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from duo.accounts.roles import Role
from duo.jobs.models import Job

from tests.matrix_levels import (  # noqa: F401
    ALL_OK, ANON, FOREIGN_READ, FOREIGN_WRITE, PEOPLE_READ, PEOPLE_WRITE, ROLES, STAFF, expect,
)

# name -> list of (description, method, kwargs-builder, expected); builders get the fixture objects.
MATRIX = {
    "site:home": [("public home", "get", None, ALL_OK)],
    "healthz": [("health check", "get", None, ALL_OK)],
    "set_language": [("language switch", "post", None, expect(302, 302, 302, 302, 302, 302))],
    "accounts:login": [("login form", "get", None, expect(200, 302, 302, 302, 302, 302))],
    "accounts:logout": [("logout", "post", None, expect(302, 302, 302, 302, 302, 302))],
    "accounts:password_reset": [("forgotten password", "get", None, ALL_OK)],
    "accounts:password_reset_done": [("reset link sent", "get", None, ALL_OK)],
    "accounts:password_reset_confirm": [
        ("a made-up link", "get", lambda o: {"uidb64": "MQ", "token": "made-up-token"}, ALL_OK),
    ],
    "accounts:password_reset_complete": [("password reset", "get", None, ALL_OK)],
    "accounts:password_change": [("change my password", "get", None, STAFF)],
    "accounts:password_change_done": [("password changed", "get", None, STAFF)],
    "staff:home": [("staff home", "get", None, STAFF)],
    "people:list": [("people list", "get", None, PEOPLE_READ)],
    "people:detail": [
        ("own antenna", "get", lambda o: {"pk": o["own"].mentee.person_id}, PEOPLE_READ),
        ("other antenna", "get", lambda o: {"pk": o["foreign"].mentee.person_id}, FOREIGN_READ),
        ("no such person", "get", lambda o: {"pk": 999999}, expect(302, 404, 404, 403, 403, 404)),
    ],
    "people:edit": [
        ("own antenna", "get", lambda o: {"pk": o["own"].mentee.person_id}, PEOPLE_WRITE),
        ("other antenna", "get", lambda o: {"pk": o["foreign"].mentee.person_id}, FOREIGN_WRITE),
        # An empty form posted: allowed roles get the form back with errors, nothing is saved.
        ("own antenna, posted", "post", lambda o: {"pk": o["own"].mentee.person_id}, PEOPLE_WRITE),
        ("other antenna, posted", "post", lambda o: {"pk": o["foreign"].mentee.person_id}, FOREIGN_WRITE),
    ],
    "people:sensitive": [
        ("own antenna", "get", lambda o: {"pk": o["own"].mentee.person_id}, PEOPLE_WRITE),
        ("other antenna", "get", lambda o: {"pk": o["foreign"].mentee.person_id}, FOREIGN_WRITE),
    ],
    "journeys:list": [("duo list", "get", None, PEOPLE_READ)],
    "journeys:detail": [
        ("own antenna", "get", lambda o: {"pk": o["own"].pk}, PEOPLE_READ),
        ("other antenna", "get", lambda o: {"pk": o["foreign"].pk}, FOREIGN_READ),
    ],
    "journeys:outcome_add": [
        ("own antenna", "get", lambda o: {"pk": o["own"].pk}, PEOPLE_WRITE),
        ("other antenna", "get", lambda o: {"pk": o["foreign"].pk}, FOREIGN_WRITE),
        ("own antenna, posted", "post", lambda o: {"pk": o["own"].pk}, PEOPLE_WRITE),
        ("other antenna, posted", "post", lambda o: {"pk": o["foreign"].pk}, FOREIGN_WRITE),
    ],
    "jobs:list": [("job list", "get", None, expect(302, 200, 200, 200, 403, 403))],
    "jobs:detail": [
        # A job started by the administrator: other users do not see it exists.
        ("someone else's job", "get", lambda o: {"pk": o["job"].pk}, expect(302, 200, 404, 404, 403, 403)),
    ],
    "reference:import": [("reference import", "get", None, expect(302, 200, 403, 403, 403, 403))],
    "privacy:audit": [("audit trail", "get", None, expect(302, 200, 403, 403, 403, 403))],
}

# Each capability keeps its entries in a module of its own: tests/matrix_<capability>.py holds
# ENTRIES (more of the above) and objects(base) -> dict, the extra records its entries need.
MATRIX_MODULES = [importlib.import_module(f"tests.{m}") for m in (
    "matrix_apply", "matrix_intake", "matrix_sessions", "matrix_records", "matrix_matching", "matrix_barriers",
    "matrix_lifecycle", "matrix_meetinglog", "matrix_closure", "matrix_outcomes", "matrix_followup",
    "matrix_careerplan", "matrix_acceptance", "matrix_peerexchange", "matrix_timeline", "matrix_quality",
    "matrix_survey",
    "matrix_testimony",
    "matrix_survey_rates",
    "matrix_survey_decline",
    "matrix_survey_answer",
    "matrix_survey_transfer",
    "matrix_impact",
    "matrix_publications",
    "matrix_site",
    "matrix_advocacy_stakeholders", "matrix_advocacy_recommendations", "matrix_advocacy_interactions",
    "matrix_advocacy_observatory", "matrix_api",
    "matrix_api_tokens", "matrix_api_read", "matrix_api_outcomes", "matrix_webhooks", "matrix_twofactor",
    "matrix_subject", "matrix_erasure",
    "matrix_research",
    "matrix_consent",
    "matrix_personal_links",
)]
for _module in MATRIX_MODULES:
    assert not MATRIX.keys() & _module.ENTRIES.keys(), f"{_module.__name__} repeats URL names"
    MATRIX.update(_module.ENTRIES)

# The admin site has many URLs per model; they are checked model by model below.
ADMIN_NAMESPACE = "admin"


def _url_names(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            ns = f"{prefix}{p.namespace}:" if p.namespace else prefix
            yield from _url_names(p, ns)
        elif isinstance(p, URLPattern) and p.name:
            yield f"{prefix}{p.name}"


def test_every_url_has_an_entry_in_the_matrix():
    names = {n for n in _url_names() if not n.startswith(f"{ADMIN_NAMESPACE}:")}
    missing = names - MATRIX.keys()
    assert not missing, f"URLs without a permission-matrix entry: {sorted(missing)}"
    assert not MATRIX.keys() - names, "matrix entries for URLs that no longer exist"


@pytest.fixture
def objects(own_duo, foreign_duo, users):
    job = Job.objects.create(kind="reference.import_places", created_by=users[Role.ADMINISTRATOR])
    base = {"own": own_duo, "foreign": foreign_duo, "job": job, "users": users}
    for module in MATRIX_MODULES:
        base.update(module.objects(base))
    return base


CASES = [(name, i) for name, entries in MATRIX.items() for i in range(len(entries))]


@pytest.mark.parametrize("name,index", CASES, ids=[f"{n}[{i}]" for n, i in CASES])
def test_matrix(client, users, objects, name, index):
    from duo.privacy.models import AuditEvent

    changes_before = AuditEvent.objects.exclude(action="view").count()
    description, method, build, expected = MATRIX[name][index]
    for lang in ("fr", "en"):
        for role in ROLES:
            client.logout()
            if role != ANON:
                client.force_login(users[role])
            with _language(lang):
                url = reverse(name, kwargs=build(objects) if build else None)
            response = getattr(client, method)(url)
            assert response.status_code == expected[role], (
                f"{name} ({description}) as {role} in {lang}: {response.status_code}, expected {expected[role]}"
            )
    # Walking the matrix changes no personal record.
    assert AuditEvent.objects.exclude(action="view").count() == changes_before


def _language(lang):
    from django.utils import translation

    return translation.override(lang)


# --- the admin site ---------------------------------------------------------------------------

PERSONAL = {"people.person", "people.personlanguage", "people.menteeprofile", "people.mentorprofile",
            "journeys.duo", "journeys.outcome", "journeys.meeting"}
ADMIN_ONLY = {"accounts.user", "privacy.auditevent", "auth.group", "axes.accessattempt", "axes.accesslog",
              "axes.accessfailurelog", "matching.pairblock", "calendarfeed.calendartoken",
              "api.apitoken", "api.tokenuse", "webhooks.subscription", "webhooks.delivery",
              "otp_totp.totpdevice", "otp_static.staticdevice", "privacy.erasure",
              "research.researchexport"}
READ_ONLY = {"privacy.auditevent", "jobs.job", "privacy.erasure"}
# Advocacy's contacts and records are for the advocacy team (administrators, officers), not coordinators.
ADVOCACY = {f"advocacy.{m}" for m in ("stakeholder", "contact", "position", "recommendation", "recommendationversion",
                                      "target", "statuschange", "campaign", "milestone", "interaction")}


def _admin_models():
    return sorted(admin.site._registry, key=lambda m: m._meta.label_lower)


def test_admin_registers_every_duo_model():
    from django.apps import apps

    ours = {m._meta.label_lower for m in apps.get_models() if m.__module__.startswith("duo.")}
    registered = {m._meta.label_lower for m in admin.site._registry}
    assert ours <= registered, f"models without an admin: {sorted(ours - registered)}"


@pytest.mark.parametrize("model", _admin_models(), ids=lambda m: m._meta.label_lower)
def test_admin_changelists(client, users, objects, model):
    label = model._meta.label_lower
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    for role in ROLES:
        client.logout()
        if role != ANON:
            client.force_login(users[role])
        response = client.get(url)
        if role in (ANON, Role.OFFICER, Role.RESEARCHER, Role.VIEWER):
            # Only administrators and coordinators use the admin site; the rest go to its login page.
            assert response.status_code == 302, (label, role, response.status_code)
        elif role == Role.ADMINISTRATOR:
            assert response.status_code == 200, (label, role, response.status_code)
        elif label in ADMIN_ONLY | ADVOCACY:
            assert response.status_code == 403, (label, role, response.status_code)
        else:
            assert response.status_code == 200, (label, role, response.status_code)


def test_admin_change_pages_hide_other_antennas(client, users, objects):
    coordinator = users[Role.COORDINATOR]
    client.force_login(coordinator)
    own, foreign = objects["own"], objects["foreign"]
    for obj in (own, own.mentee.person, own.mentee, own.mentor):
        url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
        assert client.get(url).status_code == 200
    for obj in (foreign, foreign.mentee.person, foreign.mentee, foreign.mentor):
        url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
        response = client.get(url, follow=True)
        # Django's admin answers an invisible object like a missing one: back to the index.
        assert str(obj) not in response.content.decode()
        assert response.redirect_chain and response.redirect_chain[-1][0].endswith("/admin/")
    # Nor do the changelists' filters offer the other antenna.
    for model in ("person", "menteeprofile", "mentorprofile"):
        html = client.get(reverse(f"admin:people_{model}_changelist")).content.decode()
        assert foreign.antenna.name not in html, model
    html = client.get(reverse("admin:journeys_duo_changelist")).content.decode()
    assert foreign.antenna.name not in html


def test_admin_read_only_models_cannot_be_changed(client, users, objects):
    client.force_login(users[Role.ADMINISTRATOR])
    for label in READ_ONLY:
        app_label, model_name = label.split(".")
        assert client.get(reverse(f"admin:{app_label}_{model_name}_add")).status_code == 403


@pytest.mark.parametrize("model", _admin_models(), ids=lambda m: m._meta.label_lower)
def test_admin_add_pages_render_or_refuse(client, users, model):
    """Every admin form can at least be built: an add page answers 200, or 403 where adding is not allowed."""
    client.force_login(users[Role.ADMINISTRATOR])
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
    assert client.get(url).status_code in (200, 403), model._meta.label_lower
