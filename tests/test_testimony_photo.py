"""A testimony's photo reaches the staff pages through one scoped view: the photo's bytes for who may read the
testimony, with headers that keep a browser from running anything; 404 for everyone and everything else."""

import io
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from duo.accounts.roles import Role
from duo.testimony import services
from duo.testimony import models as tm
from duo.testimony.models import Consent, WithdrawalChannel

from .attack_payloads import comparable
from .factories import DuoFactory, UserFactory
from .test_testimony import make

SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'
HTML = b"<!doctype html><html><body><script>alert(1)</script></body></html>"


def image_bytes(fmt="PNG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (6, 4), (31, 95, 153)).save(out, fmt)
    return out.getvalue()


def with_photo(duo, data=None, name="amina-el-idrissi.png", **extra):
    data = image_bytes() if data is None else data
    return make(duo, consent=Consent.FULL_NAME, photo=SimpleUploadedFile(name, data), **extra)


def planted(duo, data, name):
    """A file that never went through the form's check, as if written to the media folder by other means."""
    stored = default_storage.save(f"testimonies/{name}", ContentFile(data))
    return make(duo, consent=Consent.FULL_NAME, photo=stored)


def photo_url(testimony):
    return reverse("testimony:photo", args=[testimony.pk])


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize("fmt, content_type, extension", [
    ("PNG", "image/png", "png"), ("JPEG", "image/jpeg", "jpg"), ("WEBP", "image/webp", "webp"),
])
def test_the_coordinator_of_the_antenna_sees_the_photo_the_detail_page_shows(own_duo, coordinator, login, fmt,
                                                                             content_type, extension):
    data = image_bytes(fmt)
    testimony = with_photo(own_duo, data)
    client = login(coordinator)
    html = client.get(reverse("testimony:detail", args=[testimony.pk])).content.decode()
    src = re.search(r'<img src="([^"]+)"[^>]*class="photo-thumb"', html).group(1)
    assert src == photo_url(testimony)

    response = client.get(src)
    assert response.status_code == 200
    assert body(response) == data
    assert response["Content-Type"] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    # Shown in the page, under a neutral name: the uploaded one carried the author's name.
    assert response["Content-Disposition"] == f'inline; filename="testimony-{testimony.pk}.{extension}"'
    assert response["Cache-Control"] == "private, no-store"


def test_an_officer_sees_it_a_researcher_and_a_viewer_do_not(own_duo, users, login):
    testimony = with_photo(own_duo)
    assert login(users[Role.OFFICER]).get(photo_url(testimony)).status_code == 200
    for role in (Role.RESEARCHER, Role.VIEWER):
        assert login(users[role]).get(photo_url(testimony)).status_code == 403, role


def test_anonymous_visitors_are_sent_to_log_in(own_duo, client):
    response = client.get(photo_url(with_photo(own_duo)))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_another_antennas_coordinator_finds_nothing(own_duo, other_antenna, login):
    testimony = with_photo(own_duo)
    stranger = UserFactory(role=Role.COORDINATOR, email="coord-liege@duo.test", antennas=[other_antenna])
    client = login(stranger)
    response = client.get(photo_url(testimony))
    nobody = client.get(reverse("testimony:photo", args=[999999]))
    assert response.status_code == nobody.status_code == 404
    # The same answer as for an id nobody has (but for the id in the language links and the CSRF token).
    assert (comparable(response.content.decode().replace(f"/{testimony.pk}/", "/<pk>/"))
            == comparable(nobody.content.decode().replace("/999999/", "/<pk>/")))
    assert image_bytes() not in body(response)


def test_no_photo_or_a_file_gone_is_not_found(own_duo, coordinator, login):
    client = login(coordinator)
    without = make(own_duo, consent=Consent.FULL_NAME)
    assert client.get(photo_url(without)).status_code == 404
    assert "photo-thumb" not in client.get(reverse("testimony:detail", args=[without.pk])).content.decode()

    gone = with_photo(own_duo)
    default_storage.delete(gone.photo.name)
    assert client.get(photo_url(gone)).status_code == 404


def test_a_stored_name_outside_the_media_folder_is_not_found(own_duo, coordinator, login):
    testimony = make(own_duo, consent=Consent.FULL_NAME, photo="../../config/settings.py")
    assert login(coordinator).get(photo_url(testimony)).status_code == 404


@pytest.mark.parametrize("data, name", [
    (SVG, "portrait.svg"), (SVG, "portrait.png"), (HTML, "portrait.jpg"), (HTML, "portrait.html"),
])
def test_markup_planted_in_the_field_is_never_served_as_something_a_browser_runs(own_duo, coordinator, login, data,
                                                                                 name):
    response = login(coordinator).get(photo_url(planted(own_duo, data, name)))
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert not re.search(r"svg|html|\.png|\.jpg", response["Content-Disposition"])


def test_a_withdrawn_testimony_shows_no_photo_and_its_file_is_gone(own_duo, coordinator, login):
    testimony = with_photo(own_duo)
    stored = testimony.photo.name
    services.withdraw(testimony=testimony, channel=WithdrawalChannel.STAFF, by=coordinator)
    client = login(coordinator)
    assert client.get(photo_url(testimony)).status_code == 404
    assert not default_storage.exists(stored)
    assert "photo-thumb" not in client.get(reverse("testimony:detail", args=[testimony.pk])).content.decode()


def test_a_withdrawn_or_narrowed_testimony_is_not_served_even_if_a_file_were_left(own_duo, coordinator, login):
    """Withdrawal and a narrower consent delete the file; should one ever be left behind, it is not served."""
    client = login(coordinator)
    withdrawn = planted(own_duo, image_bytes(), "left-behind.png")
    tm.Testimony.objects.filter(pk=withdrawn.pk).update(withdrawn_at="2026-11-01T10:00:00Z",
                                                     withdrawal_channel=WithdrawalChannel.STAFF)
    narrowed = planted(own_duo, image_bytes(), "narrowed.png")
    tm.Testimony.objects.filter(pk=narrowed.pk).update(consent=Consent.FIRST_NAME)
    assert client.get(photo_url(withdrawn)).status_code == 404
    assert client.get(photo_url(narrowed)).status_code == 404


def test_the_author_narrowing_their_consent_takes_the_photo_away(own_duo, coordinator, login):
    testimony = with_photo(own_duo)
    services.consent_lower(testimony=testimony, consent=Consent.FIRST_NAME)
    assert login(coordinator).get(photo_url(testimony)).status_code == 404


def test_an_erased_persons_photo_is_not_served(antenna, admin_user, login):
    from duo.privacy.erasure import person_erase

    duo = DuoFactory(antenna=antenna, status="completed")
    testimony = with_photo(duo)
    stored = testimony.photo.name
    person_erase(person=duo.mentee.person, reason="request by email of 3 March", by=admin_user)
    assert login(admin_user).get(photo_url(testimony)).status_code == 404
    assert not default_storage.exists(stored)
