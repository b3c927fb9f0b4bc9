"""An administrator imports reference data from the staff pages; it runs as a background job."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from duo.accounts.roles import Role
from duo.jobs.models import Job
from duo.reference.models import Place

GOOD = "postal,name,lat,lng\n1000,Brussel,50.8427501,4.3515499\n4000,Liège,50.6325574,5.5796662\n".encode()
BAD = "postal,name,lat,lng\n1000,Brussel,50.84,4.35\n1020,Laken,north,4.35\n".encode()


pytestmark = pytest.mark.usefixtures("english")


def _upload(client, data, name="places.csv", kind="reference.import_places", capture=None):
    with capture(execute=True):
        return client.post(reverse("reference:import"),
                           {"kind": kind, "file": SimpleUploadedFile(name, data, content_type="text/csv")})


def test_upload_runs_the_import_as_a_job_and_shows_its_result(client, users, django_capture_on_commit_callbacks):
    client.force_login(users[Role.ADMINISTRATOR])
    response = _upload(client, GOOD, capture=django_capture_on_commit_callbacks)
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == reverse("jobs:detail", args=[job.pk])
    assert job.state == Job.State.SUCCEEDED and job.result["created"] == 2 and job.created_by == users[Role.ADMINISTRATOR]
    assert set(Place.objects.values_list("name", flat=True)) == {"Brussel", "Liège"}
    page = client.get(response.url).content.decode()
    assert "Succeeded" in page and "Created" in page and "Rows in the file" in page


def test_a_bad_row_fails_the_job_names_the_row_and_imports_nothing(client, users, django_capture_on_commit_callbacks):
    client.force_login(users[Role.ADMINISTRATOR])
    response = _upload(client, BAD, capture=django_capture_on_commit_callbacks)
    assert Job.objects.get().state == Job.State.FAILED
    assert not Place.objects.exists()
    page = client.get(response.url).content.decode()
    assert "Row 3" in page and "north" in page and 'role="alert"' in page


@pytest.mark.parametrize(
    "data,name,message",
    [(GOOD, "places.xlsx", "Choose a .csv file."),
     ("postal,name\n1000,Br\xfcssel\n".encode("latin-1"), "places.csv", "not UTF-8")],
)
def test_a_wrong_file_is_refused_by_the_form_and_starts_nothing(client, users, data, name, message,
                                                                django_capture_on_commit_callbacks):
    client.force_login(users[Role.ADMINISTRATOR])
    response = _upload(client, data, name=name, capture=django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Job.objects.exists()
