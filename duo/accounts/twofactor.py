"""Two-step verification for staff: a TOTP authenticator app, and single-use recovery codes.

django-otp keeps the devices (otp_totp.TOTPDevice, otp_static.StaticDevice) and throttles wrong codes per device
(1, 2, 4, 8… seconds between attempts, never reset by logging in again). Which roles must enrol is decided here,
from the capabilities in duo.accounts.roles, never from a list of roles.

Each change to a user's verification (set-up started, authenticator confirmed, recovery codes made again, a recovery
code used, switched off by the user or by an administrator) leaves one audit event on that user's account, in the
same transaction. The event says what happened, never a key, a code or a token.
"""

import re

import segno
from django.conf import settings
from django.db import transaction
from django_otp import verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from duo.privacy.audit import record
from duo.privacy.models import AuditEvent

from . import roles

RECOVERY_CODES = 10
TOTP_NAME = "Authenticator app"
STATIC_NAME = "Recovery codes"
_TOTP_SHAPE = re.compile(r"^\d{6}$")

# The audit notes, fixed wording so that the trail can be filtered on them; English like every other note.
STARTED = "two-factor: set-up started"
CONFIRMED = "two-factor: authenticator confirmed"
CODES_RENEWED = "two-factor: recovery codes made again"
CODE_USED = "two-factor: recovery code used"
SWITCHED_OFF = "two-factor: switched off"
SWITCHED_OFF_BY_ADMIN = "two-factor: switched off by an administrator"
CODES_REMOVED_BY_ADMIN = "two-factor: recovery codes removed by an administrator"


def _audit(user, note: str) -> None:
    # On the account whose verification changed; the actor (the user, or the administrator) comes from the request.
    # request.user is a lazy object: the model is named, not read from it.
    record(action=AuditEvent.Action.UPDATE, model=settings.AUTH_USER_MODEL, object_id=user.pk, note=note)


def role_requires(role: str) -> bool:
    """Whether this role must use two-step verification (when TWO_FACTOR_REQUIRED is on)."""
    return role == roles.Role.ADMINISTRATOR or roles.SPECIAL_CATEGORY_VIEW in roles.CAPABILITIES.get(role, frozenset())


def required_for(user) -> bool:
    return bool(settings.TWO_FACTOR_REQUIRED and user.is_authenticated and role_requires(user.role))


def authenticator(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()


def is_enrolled(user) -> bool:
    return user.is_authenticated and TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def remaining_recovery_codes(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def pending_device(user) -> TOTPDevice:
    """The authenticator being set up: created on first visit, kept (same key, same QR code) until confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        with transaction.atomic():
            device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
            _audit(user, STARTED)
    return device


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// address as an inline SVG QR code, drawn here: the secret never goes to a third party."""
    from django.utils.translation import gettext

    # omitsize: a viewBox instead of a fixed size, so that the stylesheet scales it to the phone's width.
    return segno.make(device.config_url, error="m").svg_inline(
        scale=5, dark="#1b1b1b", light="#ffffff", omitsize=True,
        title=gettext("QR code to scan with your authenticator app"))


def secret_for_typing(device: TOTPDevice) -> str:
    """The key in base32, in groups of four, for an app that cannot scan."""
    from base64 import b32encode

    text = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i:i + 4] for i in range(0, len(text), 4))


def _normalised(code: str) -> str:
    return re.sub(r"[\s-]", "", code or "").lower()


@transaction.atomic
def confirm(*, user, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the pending authenticator with a code it shows. On success it replaces any earlier one and the user
    gets fresh recovery codes (returned once, in clear); on a wrong code nothing changes and None comes back."""
    code = _normalised(code)
    if device.user_id != user.pk or device.confirmed or not _TOTP_SHAPE.match(code):
        return None
    if verify_token(user, device.persistent_id, code) is None:
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    _audit(user, CONFIRMED)  # one event: the first recovery codes come with the confirmation
    return _new_recovery_codes(user)


@transaction.atomic
def regenerate_recovery_codes(*, user) -> list[str]:
    """Ten new single-use codes; the earlier ones stop working."""
    codes = _new_recovery_codes(user)
    _audit(user, CODES_RENEWED)
    return codes


def _new_recovery_codes(user) -> list[str]:
    device, _ = StaticDevice.objects.get_or_create(user=user, name=STATIC_NAME, defaults={"confirmed": True})
    StaticDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return [f"{c[:4]}-{c[4:]}" for c in codes]


@transaction.atomic
def disable(*, user, by_administrator: bool = False) -> bool:
    """Switch two-step verification off: the authenticator (confirmed or pending) and the recovery codes go.
    `by_administrator`: removed from the admin site (a lost phone), not by the user. Whether it was on."""
    was_on = is_enrolled(user)
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    if was_on:
        _audit(user, SWITCHED_OFF_BY_ADMIN if by_administrator else SWITCHED_OFF)
    return was_on


@transaction.atomic
def remove_recovery_codes(*, user) -> None:
    """An administrator removes a user's recovery codes (the authenticator stays)."""
    had = StaticToken.objects.filter(device__user=user).exists()
    StaticDevice.objects.filter(user=user).delete()
    if had:
        _audit(user, CODES_REMOVED_BY_ADMIN)


@transaction.atomic
def verify(*, user, code: str):
    """The device that accepts this code (six digits: the app; otherwise a recovery code, used up), or None.

    The shape decides which device is asked, so that a recovery code does not count as a wrong app code in the
    app's throttling, and the other way round."""
    code = _normalised(code)
    if not code:
        return None
    model = TOTPDevice if _TOTP_SHAPE.match(code) else StaticDevice
    for device in model.objects.filter(user=user, confirmed=True):
        found = verify_token(user, device.persistent_id, code)
        if found is not None:
            if model is StaticDevice:
                _audit(user, CODE_USED)
            return found
    return None


def wait_seconds_for(device) -> int:
    """How long django-otp's throttling still refuses codes on this device (0: codes are accepted now)."""
    from django.utils import timezone

    allowed, data = device.verify_is_allowed()
    if allowed or not data or not data.get("locked_until"):
        return 0
    return max(0, int((data["locked_until"] - timezone.now()).total_seconds()) + 1)


def wait_seconds(user) -> int:
    """The longest wait over the user's devices."""
    devices = [*TOTPDevice.objects.filter(user=user, confirmed=True),
               *StaticDevice.objects.filter(user=user, confirmed=True)]
    return max((wait_seconds_for(d) for d in devices), default=0)
