"""Settings come from the environment; production refuses unsafe defaults."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run(args, **env):
    base = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DUO_FIELD_KEYS", "PAIR_GUARD_KEY", "ALLOWED_HOSTS", "DUO_ENV", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    base.update(env)
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=base, capture_output=True, text=True,
                          timeout=120)


def test_production_refuses_to_start_without_a_secret_key():
    result = _run(["check"], DUO_ENV="production", ALLOWED_HOSTS="duo.example.org", DUO_FIELD_KEYS="k" * 40)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr and "set it" in result.stderr


def test_production_refuses_to_start_without_field_keys():
    result = _run(["check"], DUO_ENV="production", ALLOWED_HOSTS="duo.example.org", SECRET_KEY=secrets.token_urlsafe(50))
    assert result.returncode != 0
    assert "DUO_FIELD_KEYS" in result.stderr


def test_unknown_environment_name_is_refused():
    result = _run(["check"], DUO_ENV="staging")
    assert result.returncode != 0
    assert "DUO_ENV" in result.stderr


def test_deploy_check_passes_with_the_production_variables():
    result = _run(
        ["check", "--deploy", "--fail-level", "WARNING"],
        DUO_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="duo.example.org",
        DUO_FIELD_KEYS=secrets.token_urlsafe(32),
        PAIR_GUARD_KEY=secrets.token_urlsafe(32),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_are_strict(monkeypatch):
    code = (
        "import django, os; from django.conf import settings as s;"
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0,"
        " s.PASSWORD_HASHERS[0].endswith('Argon2PasswordHasher'), s.SALT_KEY)"
    )
    env = {k: v for k, v in os.environ.items()}
    env.update(DUO_ENV="production", SECRET_KEY="x" * 60, ALLOWED_HOSTS="duo.example.org", DUO_FIELD_KEYS="new,old",
               PAIR_GUARD_KEY="p" * 40, DJANGO_SETTINGS_MODULE="config.settings")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert out.stdout.split() == ["False", "True", "True", "True", "True", "['new',", "'old']"], out.stderr
