"""The mentoring agreement and code of conduct, as a PDF in the duo's language, for the staff and
for each participant from their personal link."""

import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from duo.accounts.roles import Role
from duo.journeys import agreement
from duo.journeys.models import DuoTransition
from duo.meetinglog import tokens
from duo.meetinglog.models import AccessLink

from .factories import DuoFactory, UserFactory

pytestmark = pytest.mark.django_db

SIGNED = datetime.date(2026, 3, 14)


def _text(pdf: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(pdf))
    # Lines are broken where the layout breaks them: compare on single spaces.
    return reader, " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.fixture
def signed_duo(antenna):
    UserFactory(role=Role.COORDINATOR, full_name="Claire Dubois", antennas=[antenna])
    duo = DuoFactory(antenna=antenna, status="active", mentee__person__first_name="Yasmine",
                     mentee__person__last_name="El Amrani", mentor__person__first_name="Jacques",
                     mentor__person__last_name="Vandenberghe")
    DuoTransition.objects.create(duo=duo, from_status="accepted", to_status="agreement_signed", on=SIGNED)
    return duo


@pytest.mark.parametrize("language,month,label", [
    ("fr", "14 mars 2026", "Coordinateur"),
    ("nl", "14 maart 2026", "Coördinator"),
])
def test_the_pdf_names_both_parties_and_speaks_the_duos_language(signed_duo, language, month, label):
    signed_duo.language = language
    signed_duo.save()
    reader, text = _text(agreement.agreement_pdf(signed_duo))
    assert "Yasmine El Amrani" in text and "Jacques Vandenberghe" in text
    assert "Bruxelles Centre" in text and "Claire Dubois" in text
    # The signature date, written out in the duo's language (Django's own month names: the
    # agreement's sentences are translated later, with the rest of the catalogue).
    assert month in text and f"{label} Claire Dubois" in text
    assert "2026-03-14" not in text and "March" not in text
    html = agreement.agreement_html(signed_duo)
    assert f'<html lang="{language}">' in html


def test_the_pdf_holds_the_commitments_and_the_code_of_conduct_on_numbered_a4_pages(signed_duo):
    signed_duo.language = "en"
    signed_duo.save()
    reader, text = _text(agreement.agreement_pdf(signed_duo))
    for expected in ("Mentoring agreement", "Code of conduct", "6 months", "2 to 3 hours a week",
                     "career action plan", "public places", "No money and no gifts", "personal favours",
                     "does not replace the employment services", "stays in charge of their choices",
                     "by telling the coordinator", "political or religious", "Non-discrimination",
                     "Punctuality", "Signed on 14 March 2026.", "Signatures"):
        assert expected in text, expected
    assert len(reader.pages) >= 2
    for number, page in enumerate(reader.pages, start=1):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width), round(height)) == (595, 842)  # A4 in points
        assert f"{number} / {len(reader.pages)}" in page.extract_text()
        assert "Duo" in page.extract_text()  # the organisation's name on every page


def test_before_the_signature_the_date_is_left_to_write(antenna):
    duo = DuoFactory(antenna=antenna, status="accepted", language="en", started_on=None, planned_end_on=None)
    _reader, text = _text(agreement.agreement_pdf(duo))
    assert "Each party dates and signs." in text and "Signed on" not in text


def test_the_length_follows_the_antenna(signed_duo):
    signed_duo.language = "en"
    signed_duo.save()
    signed_duo.antenna.mentoring_months = 9
    signed_duo.antenna.save()
    _reader, text = _text(agreement.agreement_pdf(signed_duo))
    assert "9 months" in text and "6 months" not in text


def test_the_staff_download_is_scoped(client, signed_duo, foreign_duo, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("journeys:agreement", args=[signed_duo.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    _reader, text = _text(response.content)
    assert "Yasmine El Amrani" in text
    assert client.get(reverse("journeys:agreement", args=[foreign_duo.pk])).status_code == 404


def test_each_participant_downloads_their_own_duos_agreement_from_their_link(client, signed_duo, antenna):
    other = DuoFactory(antenna=antenna, status="active", mentee__person__first_name="Olena")
    links = {}
    for duo in (signed_duo, other):
        token, digest = tokens.new_token()
        AccessLink.objects.create(duo=duo, person=duo.mentor.person, token_hash=digest)
        links[duo.pk] = token
    log = client.get(reverse("meetinglog:log", kwargs={"token": links[signed_duo.pk]})).content.decode()
    assert reverse("meetinglog:agreement", kwargs={"token": links[signed_duo.pk]}) in log
    response = client.get(reverse("meetinglog:agreement", kwargs={"token": links[signed_duo.pk]}))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    _reader, text = _text(response.content)
    assert "Yasmine El Amrani" in text and "Olena" not in text


def test_no_agreement_from_the_link_before_both_accepted(client, antenna):
    duo = DuoFactory(antenna=antenna, status="introduced", started_on=None, planned_end_on=None)
    token, digest = tokens.new_token()
    AccessLink.objects.create(duo=duo, person=duo.mentee.person, token_hash=digest)
    log = reverse("meetinglog:log", kwargs={"token": token})
    assert reverse("meetinglog:agreement", kwargs={"token": token}) not in client.get(log).content.decode()
    response = client.get(reverse("meetinglog:agreement", kwargs={"token": token}))
    assert response.status_code == 302 and response["Location"] == log
