"""Uploads are checked by what they contain, not by their name; hostile XML in a workbook is refused, never a 500."""

import io
import re
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.urls import reverse

from duo.core import security
from duo.intake.records import reader

from .factories_records import csv_bytes, xlsx_bytes
from .test_import_records import GOOD, _written

pytestmark = pytest.mark.django_db


def png_bytes(size=(4, 3), fmt="PNG") -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (31, 95, 153)).save(out, fmt)
    return out.getvalue()


SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'
HTML = b"<!doctype html><html><body><script>alert(1)</script></body></html>"


# --- photos ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
def test_real_images_are_accepted_with_their_type(fmt):
    upload = SimpleUploadedFile(f"me.{fmt.lower()}", png_bytes(fmt=fmt))
    security.validate_image(upload)
    assert security.image_type(upload) == security.IMAGE_TYPES[fmt]
    assert upload.read() == png_bytes(fmt=fmt)  # the file is left at its start for the storage


@pytest.mark.parametrize("name, data", [
    ("me.svg", SVG),
    ("me.png", SVG),                                           # an SVG named .png
    ("me.jpg", HTML),                                          # a page named .jpg
    ("me.jpg", b"\xff\xd8\xff\xe0" + HTML),                    # a JPEG's first bytes glued onto a page
    ("me.png", b"\x89PNG\r\n\x1a\n" + b"0" * 40),              # a PNG header and nothing readable
    ("me.png", png_bytes()[:30]),                              # a truncated image
    ("me.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"),        # an image type not offered
])
def test_anything_but_a_readable_jpeg_png_or_webp_is_refused(name, data):
    with pytest.raises(ValidationError) as refused:
        security.validate_image(SimpleUploadedFile(name, data))
    assert refused.value.code == "photo_type"


def test_the_photo_size_is_a_setting(settings):
    settings.UPLOAD_MAX_MB = {**settings.UPLOAD_MAX_MB, "photo": 0.0001}
    with pytest.raises(ValidationError) as refused:
        security.validate_image(SimpleUploadedFile("me.png", png_bytes((200, 200))))
    assert refused.value.code == "photo_size"


def test_the_testimony_form_refuses_an_svg_with_a_field_error(own_duo, coordinator, login, english):
    from duo.testimony.models import Testimony

    client = login(coordinator)
    data = {"person": own_duo.mentee.person_id, "text": "Merci.", "language": "fr", "consent": "full_name",
            "purpose": "Rapport", "consent_on": "2026-10-01", "collected_on": "2026-10-01"}
    response = client.post(reverse("testimony:add"), {**data, "photo": SimpleUploadedFile("me.png", SVG)})
    assert response.status_code == 200
    assert "must be a JPEG, PNG or WebP image" in response.content.decode()
    assert not Testimony.objects.exists()


# --- serving stored files ----------------------------------------------------------------------------------------

def test_a_served_image_is_shown_but_never_sniffed():
    response = security.serve_headers(HttpResponse(b"..."), "image/png", "photo.png")
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == 'inline; filename="photo.png"'


@pytest.mark.parametrize("content_type", ["text/html", "image/svg+xml", "application/xhtml+xml", "text/plain"])
def test_anything_else_is_downloaded_not_rendered(content_type):
    response = security.serve_headers(HttpResponse(b"..."), content_type, 'x"; evil.html')
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment; ")
    assert '"; ' not in response["Content-Disposition"].split("filename=", 1)[1].strip('"')
    assert "sandbox" in response["Content-Security-Policy"]


def test_no_uploaded_file_is_served_from_a_media_url(settings, client):
    # Uploaded files (testimony photos) are not published under MEDIA_URL: nothing there answers.
    assert not settings.MEDIA_URL or settings.MEDIA_URL in ("/", "")
    assert client.get("/media/testimonies/photo.svg").status_code == 404


# --- spreadsheets --------------------------------------------------------------------------------------------------

def _post(client, data, name):
    return client.post(reverse("records:import"), {"kind": "mentees", "antenna": "",
                                                   "file": SimpleUploadedFile(name, data), "action": "check"})


def _with_sheet(workbook: bytes, transform) -> bytes:
    """The workbook with its first sheet's XML passed through `transform`."""
    source, out = zipfile.ZipFile(io.BytesIO(workbook)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = transform(data)
            target.writestr(item, data)
    return out.getvalue()


def _declare(doctype: bytes, xml: bytes) -> bytes:
    """The DOCTYPE after the XML declaration, or first when there is none (openpyxl writes none)."""
    declaration = re.match(rb"<\?xml[^>]*\?>", xml)
    cut = declaration.end() if declaration else 0
    return xml[:cut] + doctype + xml[cut:]


def _bomb(xml: bytes) -> bytes:
    doctype = (b'<!DOCTYPE lolz [<!ENTITY lol "lol">' + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10) for i in range(1, 10))
        + b"]>")
    return _declare(doctype, xml).replace(b"<sheetData>", b"<sheetData><row r=\"99\"><c r=\"A99\" t=\"inlineStr\"><is><t>&lol9;</t>"
                                       b"</is></c></row>", 1)


def _external_entity(xml: bytes) -> bytes:
    doctype = b'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    return _declare(doctype, xml).replace(b"<sheetData>", b"<sheetData><row r=\"99\"><c r=\"A99\" t=\"inlineStr\"><is><t>&xxe;</t>"
                                       b"</is></c></row>", 1)


@pytest.mark.parametrize("transform", [_bomb, _external_entity], ids=["billion laughs", "external entity"])
def test_hostile_xml_in_a_workbook_is_refused_by_the_reader(transform):
    data = _with_sheet(xlsx_bytes(GOOD), transform)
    sheet = reader.read(data, "people.xlsx")
    assert [p.message for p in sheet.problems] == [reader._UNSAFE_XML]
    assert not sheet.rows


@pytest.mark.parametrize("transform", [_bomb, _external_entity], ids=["billion laughs", "external entity"])
def test_hostile_xml_uploaded_is_a_clear_message_not_a_500(client, coordinator, transform, english):
    client.force_login(coordinator)
    before = _written()
    response = _post(client, _with_sheet(xlsx_bytes(GOOD), transform), "people.xlsx")
    html = response.content.decode()
    assert response.status_code == 200
    assert "XML entity or DTD declarations" in html
    assert "root:" not in html and "lollol" not in html
    assert _written() == before


def test_a_zip_that_is_no_workbook_is_a_field_error(client, coordinator, english):
    client.force_login(coordinator)
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    before = _written()
    response = _post(client, archive.getvalue(), "people.xlsx")
    assert response.status_code == 200
    assert "This file is not an Excel workbook (.xlsx), whatever its name says" in response.content.decode()
    assert _written() == before


@pytest.mark.parametrize("data", [HTML, SVG], ids=["html", "svg"])
def test_a_page_named_csv_is_a_field_error(client, coordinator, data, english):
    client.force_login(coordinator)
    response = _post(client, data, "people.csv")
    assert response.status_code == 200
    assert "not a CSV file" in response.content.decode()


def test_the_spreadsheet_size_is_a_setting(settings):
    settings.UPLOAD_MAX_MB = {**settings.UPLOAD_MAX_MB, "spreadsheet": 0.0001}
    with pytest.raises(ValidationError) as refused:
        security.validate_spreadsheet(SimpleUploadedFile("people.csv", csv_bytes(GOOD)))
    assert refused.value.code == "file_size"


def test_real_workbooks_and_csv_files_pass():
    security.validate_spreadsheet(SimpleUploadedFile("people.xlsx", xlsx_bytes(GOOD)))
    security.validate_spreadsheet(SimpleUploadedFile("people.csv", csv_bytes(GOOD)))
    assert security.is_xlsx(xlsx_bytes(GOOD)) and not security.is_xlsx(csv_bytes(GOOD))


def test_the_reference_import_refuses_a_page_named_csv(client, admin_user, english):
    client.force_login(admin_user)
    response = client.post(reverse("reference:import"), {
        "kind": "reference.import_places", "file": SimpleUploadedFile("places.csv", HTML)})
    assert response.status_code == 200
    assert "not a CSV text file" in response.content.decode()
