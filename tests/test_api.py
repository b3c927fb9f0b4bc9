"""The REST API: its schema and docs, tokens and scopes, the error body, and a website's application landing in the
intake pipeline through it."""

import datetime
import json

import pytest
from django.core.cache import cache
from django.utils import timezone
from drf_spectacular.validation import validate_schema

from duo.accounts.roles import Role
from duo.api import services, tokens
from duo.api.models import ApiToken, Scope, TokenUse
from duo.intake.models import Application
from duo.people.models import ConsentRecord, Person
from duo.privacy.models import AuditEvent

from .factories_apply import mentee_data, mentor_data, nothing_stored

NEXT_MONTH = timezone.localdate() + datetime.timedelta(days=30)


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()  # the rate per token lives in the cache
    yield
    cache.clear()


def make_token(users, *scopes, antennas=()):
    token, raw = services.token_create(by=users[Role.ADMINISTRATOR], name="Website form", scopes=scopes,
                                       expires_on=NEXT_MONTH, antennas=antennas)
    return token, raw


def as_json(data: dict, kind: str) -> dict:
    """The form's data as a website would send it in JSON: true/false for the boxes, lists for the groups."""
    converted = {k: (v == "on") if v in ("on", "") and k.startswith("consent") else v for k, v in data.items()}
    return {"kind": kind, **{k: v for k, v in converted.items() if k != "homepage"}}


def send(client, raw, payload, **headers):
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"} if raw else {}
    return client.post("/api/v1/applications/", json.dumps(payload), content_type="application/json",
                       **auth, **headers)


# --- schema and docs ---------------------------------------------------------------------------------------------

def test_the_schema_is_valid_openapi_3_and_documents_the_application(client, db, antenna):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    validate_schema(schema)  # raises on an invalid OpenAPI 3 document
    assert schema["openapi"].startswith("3.")
    operation = schema["paths"]["/api/v1/applications/"]["post"]
    assert operation["security"] == [{"token": []}]
    request = schema["components"]["schemas"]["ApplicationRequest"]
    assert {ref["$ref"].rsplit("/", 1)[1] for ref in request["oneOf"]} == {
        "MenteeApplicationRequest", "MentorApplicationRequest"}
    mentee = schema["components"]["schemas"]["MenteeApplicationRequest"]
    assert {"consent_programme", "consent_special", "postal_code", "lang_fr"} <= set(mentee["properties"])
    assert "homepage" not in mentee["properties"]  # the form's spam trap is not part of the API


def test_the_docs_are_served_from_the_app_itself(client, db):
    page = client.get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
    assert "cdn" not in html.lower() and "https://" not in html


# --- applications:write --------------------------------------------------------------------------------------------

def test_a_website_application_lands_in_the_intake_pipeline(client, users, antenna, mailoutbox,
                                                             django_capture_on_commit_callbacks):
    token, raw = make_token(users, Scope.APPLICATIONS_WRITE)
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, raw, as_json(mentee_data(), "mentee"), HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 201, response.content
    body = response.json()
    application = Application.objects.get()
    assert body["id"] == application.pk and body["kind"] == "mentee"
    assert "email" not in body and "Yasmine" not in response.content.decode()  # ids, not personal data back
    assert (application.channel, application.language, application.kind) == ("api", "nl", "mentee")
    person = application.person
    assert person.mentee.stage == "applied" and person.antenna == antenna
    assert person.nationality_background == "non_eu_national"  # kept: consent_special was given
    assert set(ConsentRecord.objects.filter(person=person).values_list("purpose", "granted")) >= {
        ("programme", True), ("special_category", True), ("surveys", True)}
    assert [m.to for m in mailoutbox] == [["yasmine@example.org"]]  # the same confirmation as the public form
    created = AuditEvent.objects.filter(action="create", model="people.Person", object_id=str(person.pk)).get()
    assert created.actor_label.startswith(f"API token {token.prefix}")
    use = TokenUse.objects.get()
    assert (use.token, use.method, use.path, use.status) == (token, "POST", "/api/v1/applications/", 201)
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_sensitive_answers_without_their_consent_are_dropped_as_on_the_public_form(client, users, antenna):
    _token, raw = make_token(users, Scope.APPLICATIONS_WRITE)
    response = send(client, raw, as_json(mentee_data(consent_special=""), "mentee"))
    assert response.status_code == 201
    assert Person.objects.get().nationality_background is None


def test_a_mentor_application_is_accepted_too(client, users, antenna):
    _token, raw = make_token(users, Scope.APPLICATIONS_WRITE)
    assert send(client, raw, as_json(mentor_data(), "mentor")).status_code == 201
    assert Application.objects.get().kind == "mentor"


def test_the_same_post_with_an_indicators_token_is_refused_and_stores_nothing(client, users, antenna):
    _token, raw = make_token(users, Scope.INDICATORS_READ)
    response = send(client, raw, as_json(mentee_data(), "mentee"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403
    assert response.json() == {"status": 403, "errors": [{"field": None, "code": "permission_denied",
                                                           "message": "This token does not have the scope "
                                                                      "“applications:write”."}]}
    assert nothing_stored()


def test_bad_fields_come_back_named_with_codes_in_the_callers_language_and_nothing_is_stored(client, users, antenna):
    _token, raw = make_token(users, Scope.APPLICATIONS_WRITE)
    payload = as_json(mentee_data(postal_code="12", consent_programme=""), "mentee")
    del payload["first_name"]
    response = send(client, raw, payload, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 400
    errors = {e["field"]: e for e in response.json()["errors"]}
    assert {"first_name", "postal_code", "consent_programme"} <= set(errors)
    assert errors["first_name"]["code"] == "required"
    assert errors["postal_code"]["code"] == "postal_code"
    assert errors["postal_code"]["message"].startswith("Saisissez le code postal")
    assert nothing_stored()


@pytest.mark.parametrize("payload", [{"kind": "alien"}, {}, []], ids=["unknown kind", "empty", "a list"])
def test_a_request_that_is_not_an_application_is_a_400(client, users, antenna, payload):
    _token, raw = make_token(users, Scope.APPLICATIONS_WRITE)
    response = send(client, raw, payload, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "kind"
    assert nothing_stored()


def test_a_body_that_is_not_json_gets_a_4xx_in_the_error_shape(client, users, antenna):
    _token, raw = make_token(users, Scope.APPLICATIONS_WRITE)
    broken = client.post("/api/v1/applications/", "{not json", content_type="application/json",
                         HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert broken.status_code == 400 and broken.json()["errors"][0]["code"] == "parse_error"
    form = client.post("/api/v1/applications/", {"kind": "mentee"}, HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert form.status_code == 415 and form.json()["errors"][0]["code"] == "unsupported_media_type"
    assert nothing_stored()


# --- tokens --------------------------------------------------------------------------------------------------------

def test_without_a_token_the_answer_is_401_with_the_scheme(client, db, antenna):
    response = send(client, None, as_json(mentee_data(), "mentee"))
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert response.json()["errors"][0]["code"] == "not_authenticated"
    assert nothing_stored()


def test_wrong_revoked_and_expired_tokens_all_get_the_same_401(client, users, antenna):
    token, raw = make_token(users, Scope.APPLICATIONS_WRITE)
    prefix = raw.split("_")[1]
    wrong_secret = f"duo_{prefix}_{'A' * 43}"
    answers = [send(client, bad, as_json(mentee_data(), "mentee")) for bad in ("duo_nonsense", wrong_secret)]
    services.token_revoke(by=users[Role.ADMINISTRATOR], token=token)
    answers.append(send(client, raw, as_json(mentee_data(), "mentee")))
    expired, expired_raw = make_token(users, Scope.APPLICATIONS_WRITE)
    ApiToken.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    answers.append(send(client, expired_raw, as_json(mentee_data(), "mentee")))
    assert [a.status_code for a in answers] == [401] * 4
    assert len({json.dumps(a.json()) for a in answers}) == 1
    assert nothing_stored()


def test_a_token_is_stored_only_as_a_digest(users, antenna):
    token, raw = make_token(users, Scope.APPLICATIONS_WRITE)
    prefix, secret = tokens.parse(raw)
    assert token.prefix == prefix and token.digest == tokens.digest(secret)
    stored = json.dumps(list(ApiToken.objects.values()), default=str)
    assert secret not in stored


def test_the_rate_per_token_answers_429_in_the_error_shape(client, users, antenna, settings):
    settings.API_RATE = "2/hour"
    _token, raw = make_token(users, Scope.INDICATORS_READ)
    other, other_raw = make_token(users, Scope.INDICATORS_READ)
    statuses = [send(client, raw, {}).status_code for _ in range(3)]
    assert statuses == [403, 403, 429]
    assert send(client, other_raw, {}).status_code == 403  # another integration is not slowed down
    limited = send(client, raw, {}, HTTP_ACCEPT_LANGUAGE="en")
    assert limited.json()["errors"][0]["code"] == "throttled" and "Retry-After" in limited


@pytest.mark.parametrize("scopes,antennas,field", [
    ((), (), "scopes"), (("nonsense",), (), "scopes"), ((Scope.DUOS_READ,), (), "antennas"),
], ids=["no scope", "unknown scope", "duos without antennas"])
def test_a_token_that_would_be_too_wide_or_empty_is_refused(users, antenna, scopes, antennas, field):
    with pytest.raises(services.TokenError) as refused:
        services.token_create(by=users[Role.ADMINISTRATOR], name="Partner", scopes=scopes, expires_on=NEXT_MONTH,
                              antennas=antennas)
    assert field in refused.value.errors
    assert not ApiToken.objects.exists()


def test_only_administrators_make_tokens(users, antenna):
    with pytest.raises(services.scoping.NotAllowed):
        services.token_create(by=users[Role.COORDINATOR], name="Partner", scopes=[Scope.INDICATORS_READ],
                              expires_on=NEXT_MONTH)


def test_an_address_the_api_does_not_have_answers_404_in_the_error_shape(client, db):
    response = client.get("/api/v1/no-such-thing/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert response.json() == {"status": 404, "errors": [{"field": None, "code": "not_found", "message": "Not found."}]}
