"""Every PDF Duo renders (agreement, publication, subject-access export) is self-contained: whatever URL the HTML
names, WeasyPrint must open none of them (network, local file, data: or a relative path against the static folder),
and the PDF must still come out with its text. Written for the WeasyPrint 70 upgrade, whose URL fetchers are
classes: a plain function made the renderer crash as soon as the document named a URL."""

import io

import pytest
from pypdf import PdfReader

from duo.core.pdf import refusing_fetcher
from duo.journeys import agreement
from duo.privacy import subject_render
from duo.publications import render

URLS = [
    "http://attacker.test/pixel.png",
    "https://attacker.test/style.css",
    "http://attacker.test/font.woff2",
    "http://attacker.test/import.css",
    "http://attacker.test/background.png",
    "http://attacker.test/chart.png",
    "file:///etc/passwd",
]

HOSTILE = f"""<!doctype html><html><head>
<link rel="stylesheet" href="{URLS[1]}">
<style>
@import url("{URLS[3]}");
@font-face {{ font-family: Evil; src: url("{URLS[2]}"); }}
body {{ background-image: url("{URLS[4]}"); font-family: Evil, sans-serif; }}
</style></head><body>
<p>Texte visible avec accents : éèà</p>
<img src="{URLS[0]}" alt="">
<img src="{URLS[6]}" alt="">
<img src="document.css" alt="">
<img src="data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciLz4=" alt="">
<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20"><image href="{URLS[5]}" width="20" height="20"/></svg>
</body></html>"""


def _agreement(monkeypatch):
    monkeypatch.setattr(agreement, "agreement_html", lambda duo: HOSTILE)
    return "_refuse", agreement, lambda: agreement.agreement_pdf(None)


def _publication(monkeypatch):
    monkeypatch.setattr(render, "html", lambda *args, **kwargs: HOSTILE)
    return "_fetch", render, lambda: render.pdf(None, "fr")


def _subject(monkeypatch):
    monkeypatch.setattr(subject_render, "to_html", lambda data: HOSTILE)
    return "_refuse_fetch", subject_render, lambda: subject_render.to_pdf({})


@pytest.mark.parametrize("renderer", [_agreement, _publication, _subject], ids=["agreement", "publication", "subject"])
def test_every_pdf_opens_no_url_and_still_shows_its_text(renderer, monkeypatch, no_network):
    name, module, make = renderer(monkeypatch)
    asked, refuse = [], getattr(module, name)

    def spy(url, *args, **kwargs):
        asked.append(url)
        return refuse(url, *args, **kwargs)

    monkeypatch.setattr(module, name, spy)
    data = make()

    assert data.startswith(b"%PDF")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert "Texte visible avec accents : éèà" in text
    assert not no_network
    assert b"root:" not in data
    # Each URL went to Duo's refusal, not to WeasyPrint's own fetching: nothing was read, not even the inline data:
    # image or a relative path that resolves to a file next to the publication stylesheet.
    for url in URLS:
        assert url in asked
    assert any(u.startswith("data:") for u in asked)
    if module is render:
        assert any(u.startswith("file://") and u.endswith("/publications/document.css") for u in asked)


def test_the_fetcher_refuses_even_if_the_refusal_forgot_to_raise(no_network):
    fetcher = refusing_fetcher(lambda url: None)
    for url in URLS:
        with pytest.raises(ValueError):
            fetcher.fetch(url)
        with pytest.raises(ValueError):
            fetcher(url)
    assert not no_network
