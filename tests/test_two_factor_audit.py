"""Two-step verification leaves a trace: starting the set-up, confirming the authenticator, making recovery codes
again, using one, and switching it off (by the user, or by an administrator on the admin site) each write exactly
one audit event on the account concerned, naming who did it, and never a key or a code."""

import re

import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from duo.accounts import twofactor
from duo.accounts.roles import Role
from duo.privacy.models import AuditEvent

from .factories import PASSWORD
from .factories_twofactor import code_for, enrol, password_login

CODE_SHOWN = re.compile(r"<code>([a-z2-7]{4}-[a-z2-7]{4})</code>")


def events(user):
    """The two-step events on this user's account, oldest first."""
    return list(AuditEvent.objects.filter(model="accounts.User", object_id=str(user.pk),
                                          note__startswith="two-factor:").order_by("at", "id"))


def notes(user):
    return [event.note for event in events(user)]


def assert_no_secret(secrets):
    """No key, code or token in any text the trail holds."""
    held = " ".join(
        " ".join([e.note, e.path, e.actor_label, e.model, e.object_id, *map(str, e.fields)])
        for e in AuditEvent.objects.all()).lower()
    for secret in secrets:
        assert secret.lower() not in held, secret


def secrets_of(device, codes=()):
    key = device.bin_key
    base32 = twofactor.secret_for_typing(device).replace(" ", "")
    return [device.key, base32, *(c for code in codes for c in (code, code.replace("-", ""))),
            *(f"{key[i:i + 4].hex()}" for i in range(0, len(key), 4))]


def test_setting_up_writes_one_event_when_started_and_one_when_confirmed(client, users):
    user = users[Role.COORDINATOR]
    client.force_login(user)
    client.get(reverse("accounts:two_factor"))
    client.get(reverse("accounts:two_factor"))  # the same pending authenticator: nothing new started
    assert notes(user) == [twofactor.STARTED]
    device = TOTPDevice.objects.get(user=user)

    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    client.post(reverse("accounts:two_factor"), {"code": wrong})
    assert notes(user) == [twofactor.STARTED]  # a wrong code switches nothing on
    device.throttle_reset()

    page = client.post(reverse("accounts:two_factor"), {"code": code_for(device)})
    codes = CODE_SHOWN.findall(page.content.decode())
    assert len(codes) == 10
    assert notes(user) == [twofactor.STARTED, twofactor.CONFIRMED]
    for event in events(user):
        assert event.actor_id == user.pk and event.actor_label == user.email
        assert event.action == AuditEvent.Action.UPDATE and event.path.endswith("/accounts/two-factor/")
    device.refresh_from_db()
    assert_no_secret(secrets_of(device, codes))


def test_new_recovery_codes_are_one_event(client, users):
    user = users[Role.OFFICER]
    client.force_login(user)
    client.get(reverse("accounts:two_factor"))
    device = TOTPDevice.objects.get(user=user)
    first = CODE_SHOWN.findall(client.post(reverse("accounts:two_factor"), {"code": code_for(device)}).content.decode())
    before = len(events(user))

    page = client.post(reverse("accounts:two_factor_codes"))
    fresh = CODE_SHOWN.findall(page.content.decode())
    assert len(fresh) == 10 and not set(fresh) & set(first)
    assert notes(user)[before:] == [twofactor.CODES_RENEWED]
    device.refresh_from_db()
    assert_no_secret(secrets_of(device, first + fresh))


def test_a_recovery_code_used_at_login_is_one_event_and_an_app_code_none(client, users):
    user = users[Role.RESEARCHER]
    device, codes = enrol(user)
    before = len(events(user))

    password_login(client, user)
    # The next code (the one enrolment used is spent): the usual code from the app is an ordinary login.
    app = client.post(reverse("accounts:two_factor_verify"), {"code": code_for(device, steps_ahead=1)})
    assert app.status_code == 302
    assert len(events(user)) == before
    client.logout()

    password_login(client, user)
    response = client.post(reverse("accounts:two_factor_verify"), {"code": codes[0]})
    assert response.status_code == 302
    assert notes(user)[before:] == [twofactor.CODE_USED]
    used = events(user)[-1]
    assert used.actor_id == user.pk and used.path.endswith("/accounts/two-factor/verify/")
    assert StaticToken.objects.filter(device__user=user).count() == 9
    assert_no_secret(secrets_of(device, codes))


def test_a_recovery_code_given_when_the_password_is_asked_again_is_one_event(client, users):
    user = users[Role.OFFICER]
    device, codes = enrol(user)
    password_login(client, user)
    assert client.post(reverse("accounts:two_factor_verify"),
                       {"code": code_for(device, steps_ahead=1)}).status_code == 302
    before = len(events(user))
    response = client.post(reverse("accounts:confirm"), {"password": PASSWORD, "code": codes[3]})
    assert response.status_code == 302
    assert notes(user)[before:] == [twofactor.CODE_USED]


def test_switching_off_ones_own_is_one_event(client, users):
    user = users[Role.RESEARCHER]  # a role that may do without it
    client.force_login(user)
    client.get(reverse("accounts:two_factor"))
    device = TOTPDevice.objects.get(user=user)
    codes = CODE_SHOWN.findall(client.post(reverse("accounts:two_factor"), {"code": code_for(device)}).content.decode())
    before = len(events(user))

    response = client.post(reverse("accounts:two_factor_disable"))
    assert response.status_code == 302 and not twofactor.is_enrolled(user)
    assert notes(user)[before:] == [twofactor.SWITCHED_OFF]
    assert events(user)[-1].actor_id == user.pk
    assert_no_secret(secrets_of(device, codes))


def test_an_administrator_removing_an_authenticator_is_one_event_naming_the_administrator(client, users):
    admin_user, user = users[Role.ADMINISTRATOR], users[Role.VIEWER]
    device, codes = enrol(user)
    before = len(events(user))
    client.force_login(admin_user)

    response = client.post(reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not twofactor.is_enrolled(user)
    # Switched off as a whole: the recovery codes of the lost phone's owner go with it.
    assert not StaticDevice.objects.filter(user=user).exists()
    assert notes(user)[before:] == [twofactor.SWITCHED_OFF_BY_ADMIN]
    event = events(user)[-1]
    assert event.actor_id == admin_user.pk and event.actor_label == admin_user.email
    assert event.object_id == str(user.pk)
    assert_no_secret(secrets_of(device, codes))


def test_the_admin_bulk_delete_writes_one_event_per_user(client, users):
    admin_user = users[Role.ADMINISTRATOR]
    viewer, officer = users[Role.VIEWER], users[Role.OFFICER]
    first, _ = enrol(viewer)
    second, _ = enrol(officer)
    client.force_login(admin_user)
    response = client.post(reverse("admin:otp_totp_totpdevice_changelist"), {
        "action": "delete_selected", "_selected_action": [first.pk, second.pk], "post": "yes"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user__in=[viewer, officer]).exists()
    for user in (viewer, officer):
        assert notes(user)[-1] == twofactor.SWITCHED_OFF_BY_ADMIN
        assert notes(user).count(twofactor.SWITCHED_OFF_BY_ADMIN) == 1


def test_an_administrator_removing_recovery_codes_is_one_event_and_leaves_the_app(client, users):
    admin_user, user = users[Role.ADMINISTRATOR], users[Role.VIEWER]
    device, _codes = enrol(user)
    codes_device = StaticDevice.objects.get(user=user)
    before = len(events(user))
    client.force_login(admin_user)
    client.post(reverse("admin:otp_static_staticdevice_delete", args=[codes_device.pk]), {"post": "yes"})
    assert twofactor.is_enrolled(user) and twofactor.remaining_recovery_codes(user) == 0
    assert notes(user)[before:] == [twofactor.CODES_REMOVED_BY_ADMIN]


def test_the_admin_site_cannot_make_or_edit_an_authenticator(client, users):
    """Adding or editing a device would escape the trail (and hand its key to the administrator)."""
    admin_user, user = users[Role.ADMINISTRATOR], users[Role.VIEWER]
    device, _codes = enrol(user)
    client.force_login(admin_user)
    events_before = AuditEvent.objects.count()
    assert client.get(reverse("admin:otp_totp_totpdevice_add")).status_code == 403
    response = client.post(reverse("admin:otp_totp_totpdevice_change", args=[device.pk]),
                           {"user": user.pk, "name": "x", "confirmed": ""})
    assert response.status_code == 403
    device.refresh_from_db()
    assert device.confirmed and AuditEvent.objects.count() == events_before
    # Still listed and viewable, to find the lost one.
    assert client.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk])).status_code == 200


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.VIEWER])
def test_other_staff_cannot_remove_someone_elses_authenticator(client, users, role):
    target = users[Role.OFFICER]
    device, _codes = enrol(target)
    client.force_login(users[role])
    response = client.post(reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]), {"post": "yes"})
    assert response.status_code in (302, 403)  # the admin's refusal, or its login page
    assert twofactor.is_enrolled(target)
    assert twofactor.SWITCHED_OFF_BY_ADMIN not in notes(target)
