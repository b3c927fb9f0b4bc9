"""Hardening shared by every app: personal data kept out of logs and error reports, uploads checked by what
they contain, rate limits on what anonymous visitors can reach, and the headers no library sets.

The people in Duo's files are the ones a leak would hurt most; a log line or an error e-mail is a leak like
any other, and a public form or a magic link is where an attacker starts.
"""

import copy
import hashlib
import io
import logging
import re
import zipfile

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

# --- personal data out of logs ---------------------------------------------------------------------------------

_EMAIL = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+")
# IBAN: two letters, two check digits, 11 to 30 letters or digits, in groups of four or not.
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b")
# Phone numbers: international (+32 …, 0032 …) or national (0 then 8 or 9 digits), with the usual separators.
# Plain long numbers (ids, durations) have no leading 0 or + and are left alone.
_PHONE = re.compile(r"(?<![\w.+])(?:(?:\+|00)\d{2,3}[ ./-]?(?:\(0\)[ ./-]?)?\d|0\d)(?:[ ./-]?\d){7,9}(?![\w])")
# The secret part of a personal link: /me/<token>/, /s/<token>/, /voice/<token>/, /log/<token>/,
# /calendar/<token>.ics and the password-reset link. Whoever reads the log must not be able to open them.
_TOKEN_PATH = re.compile(
    r"(/(?:me|s|voice|log|calendar|consent|c)/)[A-Za-z0-9_\-:]{16,}"
    r"|(/password/reset/)[A-Za-z0-9_\-]+/[A-Za-z0-9_\-]{8,}"
)
REDACTED = "[redacted]"


def _token_path(match) -> str:
    return (match.group(1) or match.group(2)) + "[token]"


def redact(text: str) -> str:
    """`text` without e-mail addresses, phone numbers, IBANs and personal-link tokens."""
    text = _TOKEN_PATH.sub(_token_path, text)
    text = _EMAIL.sub("[email]", text)
    text = _IBAN.sub("[iban]", text)
    return _PHONE.sub("[phone]", text)


class RedactPersonalData(logging.Filter):
    """On every handler: the record's message (with its arguments) and its traceback, redacted.

    The record is rewritten rather than dropped: the event stays visible to whoever runs the service."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed call: log what there is rather than lose it
            message = str(record.msg)
        record.msg, record.args = redact(message), ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


class PrivateExceptionReporterFilter(SafeExceptionReporterFilter):
    """Error reports (mails to administrators, logs) carry no form values, cookies or local variables.

    Django hides only the fields it is told are sensitive; here every POST value is, since the forms hold
    applications, notes and answers about people. Active whenever DEBUG is off."""

    def get_post_parameters(self, request):
        if request is None or not self.is_active(request):
            return super().get_post_parameters(request)
        return {name: self.cleansed_substitute for name in request.POST}

    def get_safe_cookies(self, request):
        if not self.is_active(request):
            return super().get_safe_cookies(request)
        return {name: self.cleansed_substitute for name in getattr(request, "COOKIES", {})}

    def get_safe_request_meta(self, request):
        meta = super().get_safe_request_meta(request)
        if not self.is_active(request):
            return meta
        for key in ("HTTP_COOKIE", "QUERY_STRING", "HTTP_REFERER"):
            if key in meta:
                meta[key] = self.cleansed_substitute
        for key in ("PATH_INFO", "REQUEST_URI", "RAW_URI", "SCRIPT_URL"):
            if isinstance(meta.get(key), str):
                meta[key] = redact(meta[key])
        return meta

    def get_traceback_frame_variables(self, request, tb_frame):
        if not self.is_active(request):
            return super().get_traceback_frame_variables(request, tb_frame)
        # A view's locals are its form's cleaned data, the person, the answers: only the names are kept.
        return [(name, self.cleansed_substitute) for name in tb_frame.f_locals]


class PrivateExceptionReporter(ExceptionReporter):
    """The report's query string and address redacted too (search terms are names; links hold tokens)."""

    def get_traceback_data(self):
        data = super().get_traceback_data()
        if self.filter.is_active(self.request):
            if data.get("request") is not None:
                shown = copy.copy(self.request)  # the report's title and paths, without the link's token
                shown.path, shown.path_info = redact(shown.path), redact(shown.path_info)
                data["request"] = shown
            if "request_GET_items" in data:
                data["request_GET_items"] = [(k, self.filter.cleansed_substitute) for k in self.request.GET]
            if "request_insecure_uri" in data:
                data["request_insecure_uri"] = redact(str(data["request_insecure_uri"]).split("?")[0])
            if data.get("exception_value"):
                data["exception_value"] = redact(str(data["exception_value"]))
        return data


# --- uploads checked by their content ----------------------------------------------------------------------------

def max_upload_bytes(kind: str) -> int:
    return int(settings.UPLOAD_MAX_MB[kind] * 1024 * 1024)


def _size(upload, kind: str) -> None:
    limit = settings.UPLOAD_MAX_MB[kind]
    if upload.size > max_upload_bytes(kind):
        raise ValidationError(_("This file is larger than %(size)s MB.") % {"size": f"{limit:g}"}, code="file_size")


def _head(upload, n: int) -> bytes:
    upload.seek(0)
    head = upload.read(n)
    upload.seek(0)
    return head


_TEXT_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f]")
# Markup that a browser would run or render if a file were ever served as HTML or SVG.
_ACTIVE = re.compile(rb"<\s*(?:script|html|svg|iframe|object|embed|!doctype)\b", re.IGNORECASE)


def is_xlsx(head_and_data: bytes) -> bool:
    """An Office Open XML workbook: a zip archive with [Content_Types].xml and a workbook part."""
    if not head_and_data.startswith(b"PK\x03\x04"):
        return False
    try:
        names = set(zipfile.ZipFile(io.BytesIO(head_and_data)).namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return False
    return "[Content_Types].xml" in names and any(n.startswith("xl/workbook") for n in names)


def is_text(data: bytes) -> bool:
    """Plain text (CSV): no NUL or other control bytes in the first 64 KiB, and no markup a browser runs."""
    sample = data[:65536]
    return not _TEXT_CONTROL.search(sample) and not _ACTIVE.search(sample)


def validate_spreadsheet(upload, *, kind: str = "spreadsheet") -> None:
    """An .xlsx workbook or a CSV text file, told apart by their bytes, not by their name.

    What the importers' reader explains better itself (a PDF, UTF-16, a workbook named .csv, a damaged
    workbook) is left to it; refused here is what it would not recognise: a zip that is no workbook (a .docx,
    an archive renamed .xlsx) and markup a browser would run, named .csv."""
    _size(upload, kind)
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    name = (upload.name or "").lower()
    if name.endswith(".xlsx"):
        if data.startswith(b"PK\x03\x04") and not is_xlsx(data):
            raise ValidationError(_("This file is not an Excel workbook (.xlsx), whatever its name says: open it "
                                    "in Excel or LibreOffice and save it as .xlsx."), code="file_type")
    elif name.endswith(".csv"):
        if _ACTIVE.search(data[:65536]):
            raise ValidationError(_("This file is a web page or an image, not a CSV file: save the spreadsheet "
                                    "as “CSV UTF-8”."), code="file_type")
    else:
        raise ValidationError(_("Choose an Excel workbook (.xlsx) or a CSV file (.csv)."), code="file_type")


def validate_csv(upload, *, kind: str = "csv") -> None:
    _size(upload, kind)
    if not is_text(_head(upload, 65536)):
        raise ValidationError(_("This file is not a CSV text file, whatever its name says: save the spreadsheet "
                                "as “CSV UTF-8”."), code="file_type")


# What a photo may be, by what Pillow finds in it: the content type it is stored and served with.
IMAGE_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}


def image_type(upload) -> str | None:
    """The content type of a JPEG, PNG or WebP image that Pillow can read through, or None (SVG, HTML, a
    PDF renamed .jpg, a truncated or decompression-bomb image are all None)."""
    from PIL import Image

    upload.seek(0)
    try:
        with Image.open(upload) as image:
            kind = image.format
            image.verify()
    except Exception:  # Pillow raises many kinds of error on what is not an image it knows
        return None
    finally:
        upload.seek(0)
    return IMAGE_TYPES.get(kind)


def validate_image(upload, *, kind: str = "photo") -> None:
    if upload.size > max_upload_bytes(kind):
        raise ValidationError(_("The photo is too large: %(size)s MB at most.")
                              % {"size": f"{settings.UPLOAD_MAX_MB[kind]:g}"}, code="photo_size")
    if image_type(upload) is None:
        raise ValidationError(_("The photo must be a JPEG, PNG or WebP image."), code="photo_type")


def serve_headers(response, content_type: str, filename: str):
    """Headers for a stored file sent back to a browser: images it may show, anything else downloaded; never
    sniffed into something active."""
    inline = content_type in IMAGE_TYPES.values()
    response["Content-Type"] = content_type if inline else "application/octet-stream"
    response["X-Content-Type-Options"] = "nosniff"
    safe_name = re.sub(r"[^A-Za-z0-9._-]", "_", filename)[-100:] or "file"
    response["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{safe_name}"'
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# --- rate limits --------------------------------------------------------------------------------------------------

def client_ip(meta) -> str | None:
    """The address a request comes from, for the rate limits.

    Behind a load balancer every request would share its address (REMOTE_ADDR), and one busy hour
    would close the form to everyone. With settings.TRUSTED_PROXY_COUNT = n proxies in front, the
    n-th address from the right of X-Forwarded-For is the client's: each proxy appends the address
    it received from, and only entries added by our own proxies can be trusted (a client may send
    any X-Forwarded-For it likes).
    """
    hops = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    if hops > 0:
        forwarded = [a.strip() for a in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return meta.get("REMOTE_ADDR")


RATE_WINDOW = 60 * 60  # seconds: every limit counts per hour


def _rate_key(bucket: str, ip: str | None) -> str:
    # Hashed: the cache need not hold the addresses themselves.
    return f"rate:{bucket}:" + hashlib.sha256((ip or "unknown").encode()).hexdigest()[:32]


def over_limit(bucket: str, ip: str | None, limit: int) -> bool:
    """True once `ip` has used up `limit` in this hour's window; 0 switches the limit off (a trusted network,
    a load test) rather than closing the page."""
    return limit > 0 and (cache.get(_rate_key(bucket, ip)) or 0) >= limit


def count(bucket: str, ip: str | None) -> None:
    """One more hit from this address; the window starts with the first one."""
    key = _rate_key(bucket, ip)
    cache.add(key, 0, RATE_WINDOW)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, RATE_WINDOW)


def too_many(request):
    return render(request, "core/rate_limited.html", status=429)


# Public forms limited per address and hour (POST only; reading the page is free). Names are "namespace:name".
PUBLIC_FORMS = {
    "portal:info_register", "portal:training_register",   # registering for an info session or a training
    "testimony:voice", "testimony:voice_withdraw", "testimony:voice_consent",  # the author's own page
    "accounts:password_reset",
}
# The URL arguments that carry a secret: a wrong one is a guess.
_TOKEN_KWARGS = ("token",)


class RateLimitMiddleware:
    """Per address and hour: POSTs to the public forms above (settings.RATE_LIMIT_PUBLIC_FORMS), and wrong
    tokens on any personal-link page (settings.RATE_LIMIT_TOKEN_MISSES: a 404, or Django's "invalid link" page
    for a password reset). Over the limit the address gets a 429 page in its language until the hour is over.
    The application forms keep their own, stricter limit (settings.APPLY_RATE_LIMIT, duo.intake.applications)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "_duo_token_page", False) and _missed(response):
            count("token-miss", client_ip(request.META))
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        ip = client_ip(request.META)
        if any(k in view_kwargs for k in _TOKEN_KWARGS):
            request._duo_token_page = True
            if over_limit("token-miss", ip, settings.RATE_LIMIT_TOKEN_MISSES):
                return too_many(request)
        if request.method == "POST" and match is not None and match.view_name in PUBLIC_FORMS:
            if over_limit("public-form", ip, settings.RATE_LIMIT_PUBLIC_FORMS):
                return too_many(request)
            count("public-form", ip)
        return None


def _missed(response) -> bool:
    if response.status_code == 404:
        return True
    context = getattr(response, "context_data", None) or {}
    return context.get("validlink") is False  # PasswordResetConfirmView answers 200 with an "invalid link" page


# --- headers no library sets ----------------------------------------------------------------------------------

class PermissionsPolicyMiddleware:
    """Permissions-Policy: Duo uses no camera, microphone, location, payment or USB; a page injected into it
    could not either."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.PERMISSIONS_POLICY:
            response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
