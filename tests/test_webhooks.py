"""Webhooks: a partner's system subscribes to events and receives each as a signed POST (ids and codes only), only
once the change is committed, retried with backoff until it answers 2xx, marked failed after the last attempt; a
failing receiver never breaks the user's request; administrators manage subscriptions (the secret shown once).

The receiver is a real HTTP server on 127.0.0.1 in a thread; Celery runs eagerly, so a delivery is attempted as
soon as its transaction commits.
"""

import datetime
import hashlib
import hmac
import html
import http.server
import json
import re
import threading
import time

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from duo.accounts import scoping
from duo.accounts.roles import Role
from duo.intake.models import Application
from duo.journeys import closure, outcomes
from duo.journeys.choices import DuoStatus
from duo.journeys.models import Duo
from duo.journeys.transitions import duo_transition
from duo.publications import services as publications
from duo.webhooks import delivery as sending
from duo.webhooks import events, services, signing
from duo.webhooks.models import Delivery, Subscription

from .factories import DuoFactory
from .factories_apply import mentee_data, post

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
SECRET_SHOWN = re.compile(r'<code[^>]*id="webhook-secret"[^>]*>([^<]+)</code>')


class Receiver:
    """An HTTP server on 127.0.0.1 that records each request and answers the statuses it is told to (200 after)."""

    def __init__(self):
        self.requests, self.answers = [], []
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver.requests.append({"path": self.path, "headers": dict(self.headers), "body": body})
                status, text = receiver.answers.pop(0) if receiver.answers else (200, "ok")
                raw = text.encode()
                self.send_response(status)
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def log_message(self, *args):
                pass

        self.server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/duo"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def answer(self, *answers):
        self.answers.extend(answers)

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    running = Receiver()
    yield running
    running.stop()


@pytest.fixture
def admin(users):
    return users[Role.ADMINISTRATOR]


@pytest.fixture
def subscribe(admin, receiver):
    def _subscribe(*names, url=None):
        return services.subscription_create(by=admin, name="Partner CRM", url=url or receiver.url, events=list(names))
    return _subscribe


@pytest.fixture
def committed(eager, django_capture_on_commit_callbacks):
    """What happens inside runs its on-commit work (the deliveries) as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _signed_by(request, secret) -> bool:
    headers = request["headers"]
    return signing.verify(secret, headers["X-Duo-Timestamp"], request["body"], headers["X-Duo-Signature"])


def _received(request):
    return json.loads(request["body"])


def _people_of(duo):
    people = [duo.mentee.person, duo.mentor.person]
    return [value for p in people for value in (p.first_name, p.last_name, p.email, p.phone) if value]


def _check_envelope(request, secret, event):
    headers = request["headers"]
    assert headers["Content-Type"] == "application/json"
    assert headers["X-Duo-Event"] == event
    assert _signed_by(request, secret)
    sent = _received(request)
    assert set(sent) == {"event", "id", "occurred_at", "data"} and sent["event"] == event
    delivery = Delivery.objects.get(event_id=sent["id"])
    assert headers["X-Duo-Delivery"] == str(delivery.uuid)
    assert abs(datetime.datetime.fromisoformat(sent["occurred_at"]) - timezone.now()) < datetime.timedelta(minutes=1)
    assert delivery.status == Delivery.Status.DELIVERED and delivery.attempts == 1
    assert delivery.last_status_code == 200 and delivery.delivered_at is not None
    return sent


# --- each event, one signed request -------------------------------------------------------------------------------

def test_a_closed_duo_sends_one_signed_request_with_ids_only(receiver, subscribe, committed, antenna, coordinator):
    _subscription, secret = subscribe("duo.closed")
    duo = DuoFactory(antenna=antenna, status=DuoStatus.ACTIVE, matched_on=TODAY - 220 * DAY,
                     started_on=TODAY - 200 * DAY, planned_end_on=TODAY - 20 * DAY)
    duo_transition(duo=duo, to=DuoStatus.COMPLETED, on=TODAY - 20 * DAY, by=coordinator)
    assert receiver.requests == []  # completed is not closed
    with committed():
        closure.closing_interview_record(duo=duo, by=coordinator, held_on=TODAY - DAY, reenrol_offered=False,
                                         note="Mentee found a warehouse job through the mentor's friend")
    assert Duo.objects.get(pk=duo.pk).status == DuoStatus.CLOSED

    [request] = receiver.requests
    assert request["path"] == "/hooks/duo"
    sent = _check_envelope(request, secret, "duo.closed")
    assert sent["data"] == {"duo_id": duo.pk, "antenna": "brussels-centre"}
    body = request["body"].decode()
    assert not any(value in body for value in _people_of(duo)) and "warehouse" not in body


def test_a_started_duo_sends_duo_started(receiver, subscribe, committed, antenna, coordinator):
    _subscription, secret = subscribe("duo.started", "duo.closed")
    duo = DuoFactory(antenna=antenna, status=DuoStatus.AGREEMENT_SIGNED, matched_on=TODAY - 20 * DAY,
                     started_on=None, planned_end_on=None)
    with committed():
        duo_transition(duo=duo, to=DuoStatus.ACTIVE, on=TODAY, by=coordinator)
    [request] = receiver.requests
    assert _check_envelope(request, secret, "duo.started")["data"] == {"duo_id": duo.pk, "antenna": "brussels-centre"}


def test_a_recorded_outcome_sends_its_category_and_horizon(receiver, subscribe, committed, own_duo, coordinator):
    _subscription, secret = subscribe("outcome.recorded")
    with committed():
        outcome = outcomes.outcome_record(duo=own_duo, category="training", horizon="6m", observed_on=TODAY,
                                          source="coordinator", by=coordinator)
    [request] = receiver.requests
    sent = _check_envelope(request, secret, "outcome.recorded")
    assert sent["data"] == {"outcome_id": outcome.pk, "duo_id": own_duo.pk, "category": "training", "horizon": "6m"}
    assert not any(value in request["body"].decode() for value in _people_of(own_duo))


def test_a_received_application_sends_its_kind_and_antenna_but_nothing_personal(
        receiver, subscribe, committed, client, antenna):
    _subscription, secret = subscribe("application.received")
    with committed():
        response = post(client, "fr", "mentee", mentee_data())
    assert response.status_code == 302
    application = Application.objects.get()
    [request] = receiver.requests
    sent = _check_envelope(request, secret, "application.received")
    assert sent["data"] == {"application_id": application.pk, "kind": "mentee", "antenna": "brussels-centre"}
    body = request["body"].decode()
    for personal in ("Yasmine", "Amrani", "yasmine@example.org", "0470", "1080", "logistique", "north_africa",
                     "family", application.person.date_of_birth.isoformat()):
        assert personal not in body, personal


def test_a_published_publication_sends_its_slug_and_version(receiver, subscribe, committed, users):
    _subscription, secret = subscribe("publication.published")
    officer = users[Role.OFFICER]
    texts = {f"{stem}_{lang}": f"{stem} {lang}" for stem in ("title", "summary") for lang in ("fr", "en")}
    version = publications.publication_create(by=officer, slug="factsheet-2026", kind="factsheet", languages="fr,en",
                                              **texts).latest
    sections = {f"{stem}_{lang}": f"{stem} {lang}" for stem in ("heading", "body") for lang in ("fr", "en")}
    publications.section_add(version=version, by=officer, kind="text", **sections)
    publications.version_submit(version=version, by=officer)
    assert receiver.requests == []
    with committed():
        publications.version_publish(version=version, by=officer)
    [request] = receiver.requests
    assert _check_envelope(request, secret, "publication.published")["data"] == {
        "publication": "factsheet-2026", "version": 1}


def test_every_subscriber_gets_the_event_with_the_same_id_signed_with_its_own_secret(
        receiver, subscribe, committed, own_duo, coordinator):
    _first, first_secret = subscribe("outcome.recorded")
    _second, second_secret = subscribe("outcome.recorded", "duo.closed")
    with committed():
        outcomes.outcome_record(duo=own_duo, category="searching", horizon="end", observed_on=TODAY,
                                source="coordinator", by=coordinator)
    assert len(receiver.requests) == 2
    assert len({_received(r)["id"] for r in receiver.requests}) == 1
    assert len({r["headers"]["X-Duo-Delivery"] for r in receiver.requests}) == 2
    assert sorted(_signed_by(r, s) for r in receiver.requests for s in (first_secret, second_secret)) == [
        False, False, True, True]


# --- the signature --------------------------------------------------------------------------------------------------

def test_the_signature_covers_the_timestamp_so_a_replay_or_a_changed_body_fails(
        receiver, subscribe, committed, own_duo, coordinator):
    _subscription, secret = subscribe("outcome.recorded")
    with committed():
        outcomes.outcome_record(duo=own_duo, category="searching", horizon="end", observed_on=TODAY,
                                source="coordinator", by=coordinator)
    [request] = receiver.requests
    headers, body = request["headers"], request["body"]
    timestamp = headers["X-Duo-Timestamp"]
    assert abs(int(timestamp) - time.time()) < 60
    # Exactly the documented scheme: sha256= hex HMAC-SHA256 of "{timestamp}.{raw body}".
    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    assert headers["X-Duo-Signature"] == f"sha256={expected}"
    changed = body.replace(b'"searching"', b'"training"')
    assert changed != body and not signing.verify(secret, timestamp, changed, headers["X-Duo-Signature"])
    assert not signing.verify(secret, str(int(timestamp) + 1), body, headers["X-Duo-Signature"])
    assert not signing.verify("whsec_someone-else", timestamp, body, headers["X-Duo-Signature"])
    # Replayed ten minutes later, the same request is refused.
    assert not signing.verify(secret, timestamp, body, headers["X-Duo-Signature"], now=int(timestamp) + 600)


# --- only what is committed and subscribed ------------------------------------------------------------------------

def test_a_rolled_back_change_sends_nothing(receiver, subscribe, committed, own_duo, coordinator):
    subscribe("outcome.recorded", "duo.closed")
    with committed():
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                outcomes.outcome_record(duo=own_duo, category="training", horizon="6m", observed_on=TODAY,
                                        source="coordinator", by=coordinator)
                raise RuntimeError("something after the outcome failed")
    assert not own_duo.outcomes.exists()
    assert receiver.requests == [] and not Delivery.objects.exists()


def test_events_nobody_subscribed_to_are_not_sent(receiver, subscribe, admin, committed, own_duo, coordinator):
    subscribe("publication.published")
    deactivated, _secret = subscribe("outcome.recorded")
    services.subscription_deactivate(by=admin, subscription=deactivated)
    with committed():
        outcomes.outcome_record(duo=own_duo, category="training", horizon="6m", observed_on=TODAY,
                                source="coordinator", by=coordinator)
    assert receiver.requests == [] and not Delivery.objects.exists()


def test_an_event_cannot_carry_anything_but_its_ids_and_codes(subscribe):
    subscribe("duo.closed")
    with pytest.raises(ValueError, match="exactly the keys"):
        events.emit("duo.closed", {"duo_id": 1, "antenna": "liege", "mentee_email": "someone@example.org"})
    with pytest.raises(ValueError, match="id or a code"):
        events.emit("duo.closed", {"duo_id": 1, "antenna": {"name": "Liège", "people": ["Jean Dupont"]}})
    with pytest.raises(ValueError, match="Unknown webhook event"):
        events.emit("person.created", {"person_id": 1})
    assert not Delivery.objects.exists()


# --- retries --------------------------------------------------------------------------------------------------------

def test_a_refusing_receiver_is_retried_with_backoff_then_the_delivery_fails(
        receiver, subscribe, committed, own_duo, coordinator):
    _subscription, secret = subscribe("outcome.recorded")
    receiver.answer(*[(500, "Internal error: " + "x" * 1000)] * sending.MAX_ATTEMPTS)
    with committed():
        outcomes.outcome_record(duo=own_duo, category="training", horizon="6m", observed_on=TODAY,
                                source="coordinator", by=coordinator)
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (Delivery.Status.PENDING, 1, 500)
    assert delivery.last_error.startswith("HTTP 500: Internal error: xxx")
    assert len(delivery.last_error) <= len("HTTP 500: ") + 200  # never the whole answer
    waits = [delivery.next_attempt_at - timezone.now()]

    # Not due yet: nothing is sent.
    assert sending.deliver_due(now=delivery.next_attempt_at - datetime.timedelta(seconds=5)).line().startswith("0 ")
    assert len(receiver.requests) == 1
    for attempt in range(2, sending.MAX_ATTEMPTS + 1):
        before = delivery.next_attempt_at
        sending.deliver_due(now=before)
        delivery.refresh_from_db()
        assert delivery.attempts == attempt and len(receiver.requests) == attempt
        if delivery.status == Delivery.Status.PENDING:
            waits.append(delivery.next_attempt_at - before)
    minutes = [round(w.total_seconds() / 60) for w in waits]
    assert minutes == [1, 5, 30, 120, 720]
    assert delivery.status == Delivery.Status.FAILED and delivery.next_attempt_at is None
    assert delivery.delivered_at is None and delivery.last_status_code == 500
    # Every attempt is the same delivery of the same event, signed afresh.
    assert {r["headers"]["X-Duo-Delivery"] for r in receiver.requests} == {str(delivery.uuid)}
    assert {r["body"] for r in receiver.requests} == {receiver.requests[0]["body"]}
    assert all(_signed_by(r, secret) for r in receiver.requests)
    # A failed delivery is not tried again by itself.
    sending.deliver_due(now=timezone.now() + 30 * DAY)
    assert len(receiver.requests) == sending.MAX_ATTEMPTS


def test_the_command_sends_what_is_due(receiver, subscribe, own_duo, coordinator, capsys):
    """Without a worker (a broker down, or cron only) the deliveries wait, pending, until the command runs."""
    _subscription, secret = subscribe("outcome.recorded")
    outcomes.outcome_record(duo=own_duo, category="training", horizon="6m", observed_on=TODAY, source="coordinator",
                            by=coordinator)  # its on-commit work never runs here: as if nothing picked it up
    assert Delivery.objects.get().status == Delivery.Status.PENDING and receiver.requests == []
    call_command("deliver_webhooks")
    assert "1 webhook delivery(ies) delivered" in capsys.readouterr().out
    [request] = receiver.requests
    assert _signed_by(request, secret) and Delivery.objects.get().status == Delivery.Status.DELIVERED
    call_command("deliver_webhooks")
    assert len(receiver.requests) == 1  # delivered once, never again


def test_a_receiver_that_is_down_never_breaks_the_users_request(subscribe, committed, client, antenna):
    with socket_closed() as url:
        subscribe("application.received", url=url)
        with committed():
            response = post(client, "fr", "mentee", mentee_data())
    assert response.status_code == 302 and Application.objects.exists()
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.PENDING and delivery.attempts == 1
    assert delivery.last_status_code is None and delivery.last_error


def test_a_redirect_is_not_followed(receiver, subscribe, committed, own_duo, coordinator):
    subscribe("outcome.recorded")
    receiver.answer((302, ""))
    with committed():
        outcomes.outcome_record(duo=own_duo, category="training", horizon="6m", observed_on=TODAY,
                                source="coordinator", by=coordinator)
    delivery = Delivery.objects.get()
    assert len(receiver.requests) == 1
    assert (delivery.status, delivery.last_status_code) == (Delivery.Status.PENDING, 302)


class socket_closed:
    """The address of a port nothing listens on."""

    def __enter__(self):
        import socket

        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        sock.close()
        return f"http://127.0.0.1:{port}/hook"

    def __exit__(self, *exc):
        return False


# --- creating a subscription ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("url", ["http://partner.example.org/hook", "ftp://partner.example.org/hook",
                                 "https://user:pass@partner.example.org/hook", "partner", ""])
def test_only_https_addresses_are_accepted(admin, url):
    with pytest.raises(services.WebhookError) as refused:
        services.subscription_create(by=admin, name="Partner", url=url, events=["duo.closed"])
    assert list(refused.value.errors) == ["url"]
    assert not Subscription.objects.exists()


def test_plain_http_to_this_machine_only_outside_production(admin, settings):
    subscription, _secret = services.subscription_create(by=admin, name="Dev", url="http://localhost:8001/hook",
                                                         events=["duo.closed"])
    assert subscription.url == "http://localhost:8001/hook"
    settings.PRODUCTION = True
    with pytest.raises(services.WebhookError, match="https"):
        services.subscription_create(by=admin, name="Dev", url="http://127.0.0.1:8001/hook", events=["duo.closed"])
    assert services.subscription_create(by=admin, name="Partner", url="https://partner.example.org/hook",
                                        events=["duo.closed"])[0].url == "https://partner.example.org/hook"


def test_only_administrators_create_subscriptions(users):
    for role in (Role.COORDINATOR, Role.OFFICER, Role.RESEARCHER, Role.VIEWER):
        with pytest.raises(scoping.NotAllowed):
            services.subscription_create(by=users[role], name="Partner", url="https://partner.example.org/hook",
                                         events=["duo.closed"])
    assert not Subscription.objects.exists()


def test_the_secret_is_stored_encrypted(admin):
    subscription, secret = services.subscription_create(by=admin, name="Partner", url="https://p.example.org/h",
                                                        events=["duo.closed"])
    assert secret.startswith("whsec_") and len(secret) > 40
    with connection.cursor() as cursor:
        cursor.execute("SELECT secret FROM webhooks_subscription WHERE id = %s", [subscription.pk])
        stored = cursor.fetchone()[0]
    assert secret not in stored
    assert Subscription.objects.get().secret == secret


# --- the staff pages ------------------------------------------------------------------------------------------------

@pytest.fixture
def browser_admin(client, admin, english):
    client.force_login(admin)
    return client


def test_an_administrator_subscribes_sees_the_secret_once_and_a_ping_verifies_with_it(
        browser_admin, receiver, committed):
    response = browser_admin.post(reverse("webhooks:add"), {
        "name": "Partner CRM", "url": receiver.url, "events": ["duo.closed", "outcome.recorded"]})
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert "Copy the secret now: it will not be shown again." in page
    assert "X-Duo-Signature" in page and "sha256=" in page  # the scheme, explained
    secret = html.unescape(SECRET_SHOWN.search(page).group(1))
    subscription = Subscription.objects.get()
    assert subscription.events == ["duo.closed", "outcome.recorded"] and subscription.is_active
    assert subscription.secret == secret

    detail_url = reverse("webhooks:detail", args=[subscription.pk])
    detail = browser_admin.get(detail_url).content.decode()
    assert secret not in detail and "X-Duo-Timestamp" in detail
    listing = browser_admin.get(reverse("webhooks:list")).content.decode()
    assert "Partner CRM" in listing and secret not in listing and detail_url in listing

    with committed():
        response = browser_admin.post(reverse("webhooks:ping", args=[subscription.pk]))
    assert response["Location"] == detail_url
    response = browser_admin.get(detail_url)
    [request] = receiver.requests
    assert request["headers"]["X-Duo-Event"] == "ping" and _signed_by(request, secret)
    assert _received(request)["data"] == {"subscription_id": subscription.pk}
    log = response.content.decode()
    assert "Test ping sent" in log and "<code>ping</code>" in log and '<span class="badge ok">delivered</span>' in log


def test_a_refused_subscription_shows_why_and_creates_nothing(browser_admin):
    response = browser_admin.post(reverse("webhooks:add"), {
        "name": "Partner", "url": "http://partner.example.org/hook", "events": ["duo.closed"]})
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["url"]
    page = response.content.decode()
    assert "Use an https:// address" in page and 'href="#id_url"' in page and "webhook-secret" not in page
    empty = browser_admin.post(reverse("webhooks:add"), {})
    assert set(empty.context["form"].errors) == {"name", "url", "events"}
    assert not Subscription.objects.exists()


def test_the_delivery_log_shows_the_last_hundred_and_a_failed_one_can_be_retried_now(
        browser_admin, receiver, subscribe, committed):
    subscription, secret = subscribe("duo.closed")
    start = timezone.now() - datetime.timedelta(hours=200)
    Delivery.objects.bulk_create([
        Delivery(subscription=subscription, event="duo.closed", event_id=f"00000000-0000-4000-8000-{i:012d}",
                 payload={"event": "duo.closed", "id": f"00000000-0000-4000-8000-{i:012d}",
                          "occurred_at": start.isoformat(), "data": {"duo_id": i, "antenna": "liege"}},
                 status=Delivery.Status.DELIVERED, attempts=1, last_status_code=200,
                 created_at=start + datetime.timedelta(hours=i)) for i in range(104)])
    failed = Delivery.objects.create(
        subscription=subscription, event="duo.closed", event_id="00000000-0000-4000-8000-999999999999",
        payload={"event": "duo.closed", "id": "00000000-0000-4000-8000-999999999999",
                 "occurred_at": start.isoformat(), "data": {"duo_id": 999, "antenna": "liege"}},
        status=Delivery.Status.FAILED, attempts=sending.MAX_ATTEMPTS, last_status_code=503,
        last_error="HTTP 503: Service Unavailable")
    page = browser_admin.get(reverse("webhooks:detail", args=[subscription.pk])).content.decode()
    assert "The last 100 of 105 deliveries." in page and page.count("<code>duo.closed</code>") == 100
    assert "HTTP 503: Service Unavailable" in page
    retry_url = reverse("webhooks:retry", args=[failed.pk])
    assert page.count('action="/en/staff/webhooks/deliveries/') == 1 and retry_url in page

    with committed():
        browser_admin.post(retry_url)
    assert "Delivery retried" in browser_admin.get(reverse("webhooks:detail", args=[subscription.pk])).content.decode()
    failed.refresh_from_db()
    assert failed.status == Delivery.Status.DELIVERED and failed.attempts == sending.MAX_ATTEMPTS + 1
    [request] = receiver.requests
    assert _signed_by(request, secret) and _received(request)["data"] == {"duo_id": 999, "antenna": "liege"}
    # Only a failed delivery is retried.
    again = browser_admin.post(retry_url, follow=True)
    assert "Only a failed delivery can be retried" in again.content.decode() and len(receiver.requests) == 1


def test_deactivating_stops_the_deliveries(browser_admin, receiver, subscribe, committed, own_duo, coordinator):
    subscription, _secret = subscribe("outcome.recorded")
    receiver.answer((500, "down"))
    with committed():
        outcomes.outcome_record(duo=own_duo, category="training", horizon="6m", observed_on=TODAY,
                                source="coordinator", by=coordinator)
    waiting = Delivery.objects.get()
    response = browser_admin.post(reverse("webhooks:deactivate", args=[subscription.pk]), follow=True)
    assert "deactivated: nothing more is sent to it" in response.content.decode()
    subscription.refresh_from_db()
    assert not subscription.is_active and subscription.deactivated_at is not None
    assert "deactivated" in browser_admin.get(reverse("webhooks:list")).content.decode()

    # The retry that was waiting is not sent; new events and pings are not either.
    sending.deliver_due(now=timezone.now() + DAY)
    waiting.refresh_from_db()
    assert waiting.status == Delivery.Status.FAILED and len(receiver.requests) == 1
    with committed():
        outcomes.outcome_record(duo=own_duo, category="searching", horizon="12m", observed_on=TODAY,
                                source="coordinator", by=coordinator)
        ping = browser_admin.post(reverse("webhooks:ping", args=[subscription.pk]), follow=True)
    assert "deactivated: nothing is sent to it any more" in ping.content.decode()
    assert len(receiver.requests) == 1 and Delivery.objects.count() == 1


def test_other_roles_get_403_and_create_nothing(client, users):
    for role in (Role.COORDINATOR, Role.OFFICER, Role.RESEARCHER, Role.VIEWER):
        client.force_login(users[role])
        assert client.get(reverse("webhooks:list")).status_code == 403
        response = client.post(reverse("webhooks:add"), {"name": "Mine", "url": "https://me.example.org/h",
                                                         "events": ["duo.closed"]})
        assert response.status_code == 403
    assert not Subscription.objects.exists()


def test_the_periodic_task_is_scheduled_and_sends_what_is_due(receiver, subscribe, own_duo, coordinator, settings):
    from config.celery import app as celery_app

    [entry] = [e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"].startswith("duo.webhooks.")]
    assert entry["schedule"] <= 60  # retries are due to the minute
    subscribe("outcome.recorded")
    outcomes.outcome_record(duo=own_duo, category="training", horizon="6m", observed_on=TODAY, source="coordinator",
                            by=coordinator)
    celery_app.tasks[entry["task"]].apply()
    assert len(receiver.requests) == 1 and Delivery.objects.get().status == Delivery.Status.DELIVERED


def test_the_admin_site_shows_subscriptions_and_deliveries_read_only_without_the_secret(client, admin, subscribe):
    subscription, secret = subscribe("duo.closed")
    client.force_login(admin)
    page = client.get(reverse("admin:webhooks_subscription_change", args=[subscription.pk]))
    assert page.status_code == 200 and "Partner CRM" in page.content.decode() and secret not in page.content.decode()
    assert client.get(reverse("admin:webhooks_subscription_add")).status_code == 403
    assert client.post(reverse("admin:webhooks_subscription_delete", args=[subscription.pk])).status_code == 403
    assert Subscription.objects.filter(pk=subscription.pk, is_active=True).exists()
