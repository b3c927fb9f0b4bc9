"""Every setting Duo reads from the environment, in one place.

Development is the default so that `make run` works on a fresh machine; production is
strict and refuses to start rather than run with an unsafe default.
"""

import os
from pathlib import Path

import dj_database_url
import dj_email_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DUO_ENV = os.environ.get("DUO_ENV", "development").strip().lower()
if DUO_ENV not in {"development", "production"}:
    raise ImproperlyConfigured(f"DUO_ENV must be 'development' or 'production', not {DUO_ENV!r}.")
PRODUCTION = DUO_ENV == "production"
DEBUG = not PRODUCTION and os.environ.get("DEBUG", "1") == "1"

_DEV_SECRET = "dev-only-insecure-secret-key-do-not-use-in-production-0123456789"
_DEV_FIELD_KEY = "dev-only-field-key-do-not-use-in-production"

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured(
            "DUO_ENV=production needs SECRET_KEY: set it to a long random value, e.g. "
            "python -c 'import secrets; print(secrets.token_urlsafe(50))'."
        )
    SECRET_KEY = _DEV_SECRET
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS")

# Keys for special-category fields. The first encrypts; all of them decrypt, so a new key is
# rotated in by putting it first and re-saving (python manage.py rotate_field_keys).
DUO_FIELD_KEYS = env_list("DUO_FIELD_KEYS")
if not DUO_FIELD_KEYS:
    if PRODUCTION:
        raise ImproperlyConfigured(
            "DUO_ENV=production needs DUO_FIELD_KEYS: a comma-separated list of long random keys "
            "for special-category data, the newest first."
        )
    DUO_FIELD_KEYS = [_DEV_FIELD_KEY]
SALT_KEY = DUO_FIELD_KEYS  # what django-fernet-encrypted-fields reads

# Keys the hashes of pairs never to propose again (duo.matching.keys). Changing it forgets every
# such pair, so it is set once and kept; development derives one from SECRET_KEY.
PAIR_GUARD_KEY = os.environ.get("PAIR_GUARD_KEY", "")
if not PAIR_GUARD_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured(
            "DUO_ENV=production needs PAIR_GUARD_KEY: a long random value, set once and never changed "
            "(it keys the list of pairs never to propose again)."
        )
    PAIR_GUARD_KEY = "pair-guard:" + SECRET_KEY

# Keys the pseudonymous ids of survey exports (duo.survey.exporting): the same person gets the same id in
# every export, so before/after answers pair up, and nobody without the key can go back to the person.
# Changing it (or SECRET_KEY, when it is derived) changes every pseudonym.
SURVEY_PSEUDONYM_KEY = os.environ.get("SURVEY_PSEUDONYM_KEY", "") or "survey-pseudonym:" + SECRET_KEY

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DUO_ENV=production needs ALLOWED_HOSTS, e.g. duo.example.org.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "duo.core",
    "duo.organisation",
    "duo.reference",
    "duo.accounts",
    "duo.privacy",
    "duo.people",
    "duo.journeys",
    "duo.intake",
    "duo.infosession",
    "duo.training",
    "duo.matching",
    "duo.meetinglog",
    "duo.followup",
    "duo.barrier",
    "duo.peerexchange",
    "duo.calendarfeed",
    "duo.quality",
    "duo.survey",
    "duo.careerplan",
    "duo.testimony",
    "duo.impact",
    "duo.publications",
    "duo.advocacy",
    "duo.api",
    "duo.webhooks",
    "duo.research",
    "duo.jobs",
    "duo.staff",
    "duo.site",
    "duo.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "duo.core.security.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "duo.accounts.middleware_session.SessionExpiryMiddleware",
    "duo.accounts.middleware_twofactor.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "duo.privacy.middleware.RequestContextMiddleware",
    "axes.middleware.AxesMiddleware",
    "duo.core.security.RateLimitMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "duo" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "duo.core.context_processors.duo",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'duo.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "staff:home"
LOGOUT_REDIRECT_URL = "site:home"

# Lock an account+address pair out after repeated failures, for an hour.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0")) or None

# Two-step verification (duo.accounts.twofactor): a code from an authenticator app after the password. Required, when
# on, for administrators and every role that sees special-category data; anyone may enrol. On by default in production.
TWO_FACTOR_REQUIRED = os.environ.get("TWO_FACTOR_REQUIRED", "1" if PRODUCTION else "0") == "1"
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "Duo")
# The admin's device pages never show the secret keys or the recovery codes.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# Staff sessions end after this long without a request (SESSION_COOKIE_AGE stays the absolute maximum)...
SESSION_IDLE_MINUTES = int(os.environ.get("SESSION_IDLE_MINUTES", "30"))
# ...and exports, role changes and other sensitive actions ask for the password again after this long.
REAUTH_MINUTES = int(os.environ.get("REAUTH_MINUTES", "10"))

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Brussels"
LANGUAGE_COOKIE_SECURE = PRODUCTION
LANGUAGE_COOKIE_SAMESITE = "Lax"

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns at every request otherwise
WHITENOISE_USE_FINDERS = not PRODUCTION
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))

# Impact snapshots (duo.impact): frozen Parquet files, encrypted with the field keys since they hold origin groups.
IMPACT_SNAPSHOT_DIR = Path(os.environ.get("IMPACT_SNAPSHOT_DIR", BASE_DIR / "var" / "snapshots"))
# Disclosure control: a cell with fewer people than this is suppressed in everything that leaves the staff area.
IMPACT_MIN_CELL = int(os.environ.get("IMPACT_MIN_CELL", "10"))
# Reliability (flag ":u"): fewer people than this, or a survey answered by fewer than this share of those asked.
IMPACT_RELIABLE_N = int(os.environ.get("IMPACT_RELIABLE_N", "30"))
IMPACT_MIN_RESPONSE_RATE = float(os.environ.get("IMPACT_MIN_RESPONSE_RATE", "0.5"))
# Research exports (duo.research): every combination of quasi-identifiers covers at least this many people (the
# default and the floor: staff may raise k for one export, never lower it; 2 at the very least), after dropping at
# most this share of the rows.
RESEARCH_EXPORT_K = max(2, int(os.environ.get("RESEARCH_EXPORT_K", "5")))
RESEARCH_EXPORT_MAX_SUPPRESSION = float(os.environ.get("RESEARCH_EXPORT_MAX_SUPPRESSION", "0.05"))

# Cookies and transport: strict in production, usable over plain http on a laptop.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 10
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_SSL_REDIRECT = PRODUCTION and os.environ.get("SECURE_SSL_REDIRECT", "1") == "1"
SECURE_HSTS_SECONDS = 31536000 if PRODUCTION else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Content-Security-Policy (django-csp): scripts and styles only from Duo's own static files, no inline code and no
# eval, so that text an attacker slips into a page cannot run. A page needing an inline <style> gives it
# nonce="{{ request.csp_nonce }}". Charts are inline SVG or data: images.
from csp.constants import NONCE, NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}
PERMISSIONS_POLICY = os.environ.get(
    "PERMISSIONS_POLICY", "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()")
# Error reports (mails to ADMINS, logs) carry no form values, cookies, local variables or query strings.
DEFAULT_EXCEPTION_REPORTER_FILTER = "duo.core.security.PrivateExceptionReporterFilter"
DEFAULT_EXCEPTION_REPORTER = "duo.core.security.PrivateExceptionReporter"
# Uploads: the most each kind may weigh, in MB (checked with the file's content, duo.core.security).
UPLOAD_MAX_MB = {
    "spreadsheet": float(os.environ.get("UPLOAD_MAX_MB_SPREADSHEET", "10")),
    "csv": float(os.environ.get("UPLOAD_MAX_MB_CSV", "5")),
    "photo": float(os.environ.get("UPLOAD_MAX_MB_PHOTO", "5")),
}
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Background jobs: a Redis broker when REDIS_URL is set, otherwise tasks run inline.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", REDIS_URL or "memory://")
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not bool(REDIS_URL) and not os.environ.get("CELERY_BROKER_URL")
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# Run by `celery -A config beat` (a worker alongside): the daily survey run, the same as `manage.py
# send_surveys` — invitations due from each duo's timeline, first emails, reminders at +7 and +14 days.
# 08:00 UTC (Celery's default timezone): in the morning in Belgium, when people read their email.
from celery.schedules import crontab  # noqa: E402

CELERY_BEAT_SCHEDULE = {
    "survey-invitations-daily": {"task": "duo.survey.send_surveys", "schedule": crontab(hour=8, minute=0)},
    # Advocacy follow-ups due or overdue: one digest per owner and day (`manage.py send_advocacy_reminders`).
    "advocacy-follow-up-reminders-daily": {"task": "duo.advocacy.send_reminders",
                                           "schedule": crontab(hour=6, minute=30)},
    # Webhook deliveries due (new ones not sent yet, retries whose backoff is over), the same as `deliver_webhooks`.
    "webhooks-deliver-due": {"task": "duo.webhooks.deliver_due", "schedule": 60.0},
    # Retention: people past their retention period anonymised, old technical logs deleted (`apply_retention`).
    "privacy-retention-daily": {"task": "duo.privacy.apply_retention", "schedule": crontab(hour=2, minute=30)},
}

# Retention (duo.privacy.retention, run daily): people are anonymised (duo.privacy.erasure) once this long has passed
# since their last activity; technical logs (webhook deliveries, API calls, sign-in attempts) are deleted.
RETENTION = {
    # Applicants never in a duo: years after their application, last step in the pipeline or info session.
    "never_matched_years": int(os.environ.get("RETENTION_NEVER_MATCHED_YEARS", "2")),
    # People who were in a duo: years after the end of their last duo or their last outcome, whichever is later.
    "after_programme_years": int(os.environ.get("RETENTION_AFTER_PROGRAMME_YEARS", "5")),
    # Advocacy contacts (duo.advocacy.erasure): years without an interaction nor a position (an open one counts).
    "contact_years": int(os.environ.get("RETENTION_CONTACT_YEARS", "5")),
    "logs_days": int(os.environ.get("RETENTION_LOGS_DAYS", "365")),
}

_email = dj_email_url.parse(os.environ.get("EMAIL_URL", "console://" if not PRODUCTION else "smtp://localhost:25"))
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email["EMAIL_HOST"]
EMAIL_PORT = _email["EMAIL_PORT"]
EMAIL_HOST_USER = _email["EMAIL_HOST_USER"]
EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"]
EMAIL_USE_TLS = _email["EMAIL_USE_TLS"]
EMAIL_USE_SSL = _email["EMAIL_USE_SSL"]
EMAIL_FILE_PATH = _email.get("EMAIL_FILE_PATH")
# Public application forms: at most this many submissions per address and hour (spam protection
# without a third-party service, alongside a honeypot field).
APPLY_RATE_LIMIT = int(os.environ.get("APPLY_RATE_LIMIT", "5"))
# How many reverse proxies (load balancers) sit in front of the app: the client address is read
# from X-Forwarded-For that many hops from the right. 0 trusts no header (direct connections).
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
# Other public forms (info-session and training registration, a testimony author's page, password reset): POSTs per
# address and hour. Personal links (/me/, /s/, /voice/, /log/, calendar feeds): wrong tokens per address and hour
# before the address is told to wait (429), against guessing. 0 switches a limit off.
RATE_LIMIT_PUBLIC_FORMS = int(os.environ.get("RATE_LIMIT_PUBLIC_FORMS", "30"))
RATE_LIMIT_TOKEN_MISSES = int(os.environ.get("RATE_LIMIT_TOKEN_MISSES", "30"))

# The REST API (duo/api): bearer tokens with scopes, one error shape, a rate per token.
API_RATE = os.environ.get("API_RATE", "600/hour")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["duo.api.auth.TokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["duo.api.auth.HasScope"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "duo.api.errors.handle",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Duo API",
    "DESCRIPTION": "Applications from a website, outcomes from partners, indicators for funders. Every call "
                   "carries a token an administrator created (Authorization: Bearer …) with the scopes it needs.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # The application's schema takes its choices (offices, occupations) from the database, which `check --deploy`
    # does not have; the schema is validated by the test suite instead (tests/test_api.py, tests/test_api_fuzz.py).
    "ENABLE_DJANGO_DEPLOY_CHECK": False,
}

# Links in emails (applicant pages, invitations) are built on this address, outside any request.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Duo <no-reply@duo.local>")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Every handler redacts e-mail addresses, phone numbers, IBANs and personal-link tokens (duo.core.security).
    "filters": {"redact": {"()": "duo.core.security.RedactPersonalData"}},
    "formatters": {"django.server": {"()": "django.utils.log.ServerFormatter", "format": "[{server_time}] {message}",
                                     "style": "{"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["redact"]},
                 "django.server": {"class": "logging.StreamHandler", "formatter": "django.server", "filters": ["redact"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # Django's own handlers are replaced by the redacting ones: "django" goes to the root's, runserver's request
    # lines (which carry the personal links' tokens) to a redacting copy of its own.
    "loggers": {"django": {"handlers": [], "level": "INFO", "propagate": True},
                "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
                "django.request": {"level": "ERROR"}, "axes": {"level": "WARNING"}},
}
