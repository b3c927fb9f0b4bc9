"""Two-step verification in tests: an enrolled user, the code their app would show, the login with a password."""

import time

from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from duo.accounts import twofactor

from .factories import PASSWORD


def code_for(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """What the authenticator app shows now (or `steps_ahead` periods of 30 s later, still within the tolerance of
    one: a code once accepted is not accepted again, so a second login in the same test uses the next one)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def enrol(user) -> tuple[TOTPDevice, list[str]]:
    """A confirmed authenticator and ten recovery codes, set up through the service as the page does."""
    device = twofactor.pending_device(user)
    codes = twofactor.confirm(user=user, device=device, code=code_for(device))
    assert codes is not None
    device.refresh_from_db()
    return device, codes


def password_login(client, user, password=PASSWORD):
    """The login form, as a person fills it (axes and the user_logged_in signal see it as a real login)."""
    response = client.post(reverse("accounts:login"), {"username": user.email, "password": password})
    assert response.status_code == 302, "the password was refused"
    return response
