"""A research export that would hold no row is refused, on the form and on the command line: nobody in the snapshot
agreed to research, or everyone who did would be suppressed for k-anonymity. Nothing is made: no export on record,
no file, no audit event."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from duo.accounts.roles import Role
from duo.impact.snapshot import snapshot_take
from duo.people import consent
from duo.people.choices import Channel, ConsentPurpose
from duo.privacy.models import AuditEvent
from duo.research import services
from duo.research.models import ResearchExport

from .factories import DuoFactory

pytestmark = pytest.mark.usefixtures("english")


def _made():
    folder = services.directory()
    files = sorted(p.name for p in folder.iterdir()) if folder.exists() else []
    return ResearchExport.objects.count(), AuditEvent.objects.filter(model="research.ResearchExport").count(), files


def _agree(duos):
    for duo in duos:
        consent.consent_give(person=duo.mentee.person, purpose=ConsentPurpose.RESEARCH, channel=Channel.WEB)


def _post(client, snapshot, k=5):
    return client.post(reverse("research:add"), {"snapshot": snapshot.pk, "dua_reference": "DUA-2026-11",
                                                 "recipient": "ULB", "k": k})


@pytest.fixture
def duos(antenna):
    return [DuoFactory(antenna=antenna) for _ in range(3)]


def test_nobody_agreed_to_research_the_form_says_so_and_nothing_is_made(client, users, duos):
    snapshot = snapshot_take()
    client.force_login(users[Role.OFFICER])
    before = _made()
    response = _post(client, snapshot)
    assert response.status_code == 200
    errors = response.context["form"].errors["snapshot"]
    assert errors == ["No mentee of this snapshot's 3 duos has agreed to research: the export would be empty. "
                      "Nothing was made."]
    assert "has agreed to research" in response.content.decode()
    assert _made() == before


def test_everyone_who_agreed_would_be_suppressed_the_form_says_so_beside_k(client, users, duos):
    _agree(duos[:2])  # two people: no group of five can ever be formed
    snapshot = snapshot_take()
    client.force_login(users[Role.ADMINISTRATOR])
    before = _made()
    response = _post(client, snapshot, k=5)
    assert response.status_code == 200
    message = " ".join(response.context["form"].errors["k"])
    assert "Even with k = 5, all 2 duos of people who agreed to research would be suppressed" in message
    assert _made() == before

    larger = " ".join(_post(client, snapshot, k=7).context["form"].errors["k"])
    assert "With k = 7" in larger and "Choose a smaller k (5 at least)" in larger
    assert _made() == before


def test_a_snapshot_without_any_duo_is_refused(client, users, antenna):
    snapshot = snapshot_take()
    client.force_login(users[Role.OFFICER])
    before = _made()
    response = _post(client, snapshot)
    assert response.context["form"].errors["snapshot"] == ["This snapshot holds no duo: there is nothing to export."]
    assert _made() == before


def test_the_command_refuses_an_empty_export_and_writes_no_file(tmp_path, duos):
    snapshot = snapshot_take()
    out = tmp_path / "export.zip"
    before = _made()
    with pytest.raises(CommandError, match="has agreed to research: the export would be empty") as refused:
        call_command("research_export", snapshot=snapshot.pk, dua="DUA-CLI", recipient="VUB", out=str(out),
                     stdout=io.StringIO())
    assert refused.value.returncode == 1
    _agree(duos)  # consent is read at export time, not frozen in the snapshot: the same snapshot again
    with pytest.raises(CommandError, match="would be suppressed"):
        call_command("research_export", snapshot=snapshot.pk, dua="DUA-CLI", recipient="VUB", out=str(out),
                     stdout=io.StringIO())
    assert not out.exists()
    assert _made() == before
