"""Hardening: the security headers, no inline code in templates, `check --deploy`, and no personal data in logs or
error reports (duo.core.security)."""

import io
import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import RequestFactory
from django.views.debug import get_exception_reporter_class
from hypothesis import given
from hypothesis import strategies as st

from duo.core import security

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "duo" / "templates"
# Never served to a browser: rendered to PDF by WeasyPrint (their <style> is the document's own).
PDF_ONLY = {"journeys/agreement_pdf.html", "publications/document.html", "privacy/subject/export_pdf.html"}


def _policy(response) -> dict[str, list[str]]:
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def _strict(response):
    csp = _policy(response)
    for directive in ("script-src", "style-src", "default-src"):
        assert "'unsafe-inline'" not in csp.get(directive, []) and "'unsafe-eval'" not in csp.get(directive, [])
    assert csp["default-src"] == ["'self'"] and csp["script-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"] and csp["frame-ancestors"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"] and csp["form-action"] == ["'self'"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert {"camera=()", "microphone=()", "geolocation=()"} <= set(response["Permissions-Policy"].split(", "))


@pytest.mark.django_db
def test_a_page_carries_the_strict_policy_and_headers(client):
    _strict(client.get("/fr/"))


@pytest.mark.django_db
def test_a_staff_page_carries_it_too(client, coordinator):
    client.force_login(coordinator)
    response = client.get("/fr/staff/")
    assert response.status_code == 200
    _strict(response)
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_an_api_response_carries_the_headers(client):
    response = client.get("/api/v1/indicators/")
    assert response.status_code in (401, 403)
    assert response["Content-Type"].startswith("application/json")
    _strict(response)


@pytest.mark.django_db
def test_an_inline_style_needs_the_pages_nonce(client):
    response = client.get("/fr/")
    nonces = re.findall(r'<style nonce="([^"]+)"', response.content.decode())
    for nonce in nonces:
        assert f"'nonce-{nonce}'" in _policy(response)["style-src"]


def _templates():
    for path in sorted(TEMPLATES.rglob("*.html")):
        name = path.relative_to(TEMPLATES).as_posix()
        yield name, path.read_text(encoding="utf-8")


def test_no_template_holds_inline_script_or_style_attributes_or_handlers():
    found = []
    for name, text in _templates():
        for match in re.finditer(r"<script\b([^>]*)>", text):
            if "src=" not in match.group(1):
                found.append(f"{name}: inline <script>")
        if re.search(r"\sstyle\s*=", text):
            found.append(f"{name}: style attribute")
        if re.search(r"\son[a-z]+\s*=\s*[\"']", text):
            found.append(f"{name}: inline event handler")
        if re.search(r"javascript:", text, re.IGNORECASE):
            found.append(f"{name}: javascript: URL")
        if name not in PDF_ONLY:
            for match in re.finditer(r"<style\b([^>]*)>", text):
                if "csp_nonce" not in match.group(1):
                    found.append(f"{name}: <style> without the page's nonce")
    assert found == []


def test_production_passes_check_deploy():
    """`make check-deploy`: the production settings, with the variables production must have, warn of nothing."""
    env = {**os.environ, "DUO_ENV": "production", "SECRET_KEY": "s" * 20 + "-Kq8vZp2Lr5Tx9Wm3Hb7Nc4Fd6Gj1Ys0Ua",
           "ALLOWED_HOSTS": "duo.example.org", "DUO_FIELD_KEYS": "f" * 43, "PAIR_GUARD_KEY": "p" * 43}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_cookies_and_transport_are_strict():
    env = {**os.environ, "DUO_ENV": "production", "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "duo.example.org",
           "DUO_FIELD_KEYS": "f" * 43, "PAIR_GUARD_KEY": "p" * 43}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    code = ("import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'config.settings'; django.setup();"
            "from django.conf import settings as s;"
            "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.LANGUAGE_COOKIE_SECURE, s.SECURE_SSL_REDIRECT,"
            " s.SECURE_HSTS_SECONDS >= 31536000, s.SESSION_COOKIE_HTTPONLY, s.DEBUG)")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=300)
    assert result.stdout.split() == ["True"] * 6 + ["False"], result.stderr


# --- personal data out of logs -------------------------------------------------------------------------------------

TOKEN = "Zm9vYmFyYmF6cXV4MDEyMzQ1Njc4OWFiY2RlZg:1AbCdEfGhIjKlMnOpQrStUvWxYz"


@pytest.fixture
def console():
    """What the configured handlers write, while the test runs."""
    handlers = [h for h in logging.getLogger().handlers + logging.getLogger("django.server").handlers
                if isinstance(h, logging.StreamHandler) and any(isinstance(f, security.RedactPersonalData)
                                                                for f in h.filters)]
    assert handlers, "the LOGGING setting gives the root logger a redacting handler"
    out = io.StringIO()
    # Swapped directly, not with setStream: that flushes the old stream, which may be a capture pytest already closed.
    old = [h.stream for h in handlers]
    for handler in handlers:
        handler.stream = out
    yield out
    for handler, stream in zip(handlers, old):
        handler.stream = stream


def test_a_log_line_keeps_no_email_phone_iban_or_token(console):
    logging.getLogger("duo.anything").warning(
        "Sent %s to %s (%s), IBAN %s, from /fr/me/%s/ and /calendar/%s.ics", "the link", "yasmine.amrani@example.org",
        "+32 470 12 34 56", "BE71 0961 2345 6769", TOKEN, TOKEN)
    written = console.getvalue()
    assert "Sent the link to [email] ([phone]), IBAN [iban], from /fr/me/[token]/ and /calendar/[token].ics" in written
    for secret in ("yasmine", "470 12", "0961", TOKEN[:20]):
        assert secret not in written


def test_an_exceptions_message_and_traceback_are_redacted(console):
    try:
        raise ValueError("no person with the address karim.benali@example.org on /fr/s/" + TOKEN + "/")
    except ValueError:
        logging.getLogger("duo.anything").exception("Failed for 0478/12.34.56")
    written = console.getvalue()
    assert "Traceback" in written and "ValueError" in written
    assert "karim" not in written and TOKEN[:20] not in written and "0478" not in written


def test_runserver_request_lines_hide_the_tokens(console):
    logging.getLogger("django.server").info('"GET /fr/voice/%s/ HTTP/1.1" 200 512', TOKEN)
    assert "/fr/voice/[token]/" in console.getvalue() and TOKEN[:20] not in console.getvalue()


def test_ordinary_numbers_and_dates_stay_readable():
    text = "Snapshot 1234567 took 2048 ms on 2026-10-01 at 10:15, 300 duos, id 98765432."
    assert security.redact(text) == text


@given(st.emails())
def test_any_email_address_is_redacted(address):
    assert address not in security.redact(f"write to {address} today")


@given(st.from_regex(r"\A0[1-9]\d{1}[ ./]?\d{2}[ ./]?\d{2}[ ./]?\d{2}\Z"))
def test_belgian_and_french_phone_numbers_are_redacted(number):
    assert security.redact(f"phone {number}.") == "phone [phone]."


# --- error reports -----------------------------------------------------------------------------------------------

def _report(request) -> tuple[str, str]:
    # A local variable of the failing frame, built so that the report's source lines do not hold it.
    secret_local = "-".join(["Fatou", "Ndiaye", "1987"])  # noqa: F841
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        reporter = get_exception_reporter_class(request)(request, *sys.exc_info())
        return reporter.get_traceback_text(), reporter.get_traceback_html()


def test_an_error_report_holds_no_posted_value_cookie_or_local_variable(settings):
    settings.DEBUG = False
    request = RequestFactory().post(
        f"/fr/me/{TOKEN}/info-sessions/3/register/?q=Amrani",
        {"first_name": "Amina", "email": "amina@example.org", "motivation": "Je cherche un emploi d'infirmière"},
        HTTP_COOKIE="sessionid=abcdef0123456789; csrftoken=zyxw9876")
    request.COOKIES = {"sessionid": "abcdef0123456789", "csrftoken": "zyxw9876"}
    for report in _report(request):
        for value in ("Amina", "amina@example.org", "infirmi", "abcdef0123456789", "zyxw9876", "Amrani",
                      "Fatou-Ndiaye-1987", TOKEN[:20]):
            assert value not in report, value
        assert "first_name" in report and "sessionid" in report  # the names stay, to know what was sent


# --- make audit ----------------------------------------------------------------------------------------------------

def test_an_audit_that_checked_nothing_says_not_checked_and_passes():
    from duo.core import audit

    skipped = {"dependencies": [{"name": "django", "skip_reason": "Dependency not found on PyPI"}]}
    assert audit.verdict(skipped) == (0, audit.NOT_CHECKED)
    assert audit.verdict(None) == (0, audit.NOT_CHECKED)  # no report at all: the service did not answer


def test_an_audit_that_finds_a_vulnerability_fails_and_names_it():
    from duo.core import audit

    report = {"dependencies": [
        {"name": "django", "version": "5.2.0", "vulns": [{"id": "PYSEC-2025-1", "fix_versions": ["5.2.1"]}]},
        {"name": "openpyxl", "version": "3.1.5", "vulns": []}]}
    code, message = audit.verdict(report)
    assert code == 1 and "django 5.2.0: PYSEC-2025-1 (fixed in 5.2.1)" in message


def test_a_clean_audit_passes_and_counts_what_it_checked():
    from duo.core import audit

    report = {"dependencies": [{"name": "django", "version": "5.2.19", "vulns": []},
                               {"name": "private-pkg", "skip_reason": "not on PyPI"}]}
    assert audit.verdict(report) == (0, "pip-audit: no known vulnerability in 1 packages (1 could not be looked up).")
