"""A recommendations section lists recommendations from the advocacy registry: numbered after the section's own text
in every language of the version, frozen with it when it is published (a later revision of a recommendation leaves
the published document byte for byte as it was, while a new draft shows the new wording), a recommendation not
written in a language keeps the version from being published in it, and the section form offers the registry."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from duo.accounts.roles import Role
from duo.advocacy import services as advocacy
from duo.publications import content, render, services
from duo.publications.models import Section, SectionKind, Version
from tests.factories import UserFactory

LANGS = ("fr", "nl", "en")


@pytest.fixture
def officer(db):
    return UserFactory(role=Role.OFFICER, language="en")


def texts(stem, value, languages=LANGS):
    return {f"{stem}_{lang}": f"{value} {lang}" for lang in languages}


def recommendation(officer, code, *, languages=LANGS, **values):
    return advocacy.recommendation_create(
        by=officer, code=code, area="equal_opportunities", level="regional",
        **{f"title_{lang}": f"Title of {code} ({lang})" for lang in languages},
        **{f"text_{lang}": f"Text of **{code}** in {lang}." for lang in languages}, **values)


def draft(officer, recommendations, *, slug="memorandum", languages=LANGS, intro=True):
    publication = services.publication_create(by=officer, slug=slug, kind="memorandum", languages=languages,
                                              **texts("title", "Memorandum", languages),
                                              **texts("summary", "Summary", languages))
    version = publication.latest
    services.section_add(version=version, by=officer, kind=SectionKind.RECOMMENDATIONS,
                         **texts("heading", "Our recommendations", languages),
                         **(texts("body", "Introduction", languages) if intro else {}),
                         recommendations=recommendations)
    return version


def publish(version, officer) -> Version:
    services.version_submit(version=version, by=officer)
    services.version_publish(version=version, by=officer)
    return Version.objects.get(pk=version.pk)


def listed(html: str) -> list[tuple[str, str]]:
    """(number, title) of each listed recommendation, in the document's order."""
    return re.findall(r'<li class="recommendation"[^>]*>\s*<h3[^>]*><span class="number">(\d+)\.</span> ([^<]+)</h3>',
                      html)


def test_two_registry_recommendations_render_numbered_after_the_text_in_french_and_english(officer):
    first, second = recommendation(officer, "anonymous-cv"), recommendation(officer, "diploma-recognition")
    version = publish(draft(officer, [second, first]), officer)

    for lang in ("fr", "en"):
        html = render.html(version, lang, public=True, standalone=False)
        assert listed(html) == [("1", f"Title of anonymous-cv ({lang})"),
                                ("2", f"Title of diploma-recognition ({lang})")]
        assert f"Text of <strong>anonymous-cv</strong> in {lang}." in html  # Markdown, through the same markup
        assert html.index(f"Introduction {lang}") < html.index(f"Title of anonymous-cv ({lang})")
        other = "en" if lang == "fr" else "fr"
        assert f"({other})" not in html and f" in {other}." not in html  # no language mixed in
    assert render.pdf(version, "en")[:5] == b"%PDF-"


def test_a_revision_after_publishing_leaves_the_published_document_as_it_was_and_a_new_draft_shows_it(officer):
    rec = recommendation(officer, "mentoring-funding")
    published = publish(draft(officer, [rec]), officer)
    before = {lang: render.html(published, lang, public=True) for lang in LANGS}

    advocacy.recommendation_revise(by=officer, recommendation=rec, change_note="Sharper",
                                   **{f"title_{lang}": f"New title ({lang})" for lang in LANGS},
                                   **{f"text_{lang}": f"New wording in {lang}." for lang in LANGS})

    for lang in LANGS:
        assert render.html(Version.objects.get(pk=published.pk), lang, public=True) == before[lang]
    assert "Title of mentoring-funding (fr)" in before["fr"]

    new = services.version_new(publication=published.publication, by=officer)
    preview = render.html(new, "fr", public=False)
    assert listed(preview) == [("1", "New title (fr)")]
    assert "New wording in fr." in preview and "Title of mentoring-funding" not in preview
    assert "version 2" in render.html(publish(new, officer), "en", public=True)  # the wording's reference


def test_a_recommendation_without_dutch_text_blocks_publishing_in_dutch(officer, english):
    rec = advocacy.recommendation_create(
        by=officer, code="newcomers-access", area="inclusion_diversity", level="regional",
        title_fr="Accès des primo-arrivants", title_nl="Toegang voor nieuwkomers", title_en="Access for newcomers",
        text_fr="Ouvrir les services publics de l'emploi.", text_en="Open the public employment services.")
    version = draft(officer, [rec])
    assert content.missing(version)["nl"] == ["the title or text of recommendation newcomers-access in section 1"]
    assert content.missing(version)["fr"] == []

    services.version_submit(version=version, by=officer)
    with pytest.raises(services.PublicationError, match="newcomers-access"):
        services.version_publish(version=version, by=officer)
    assert Version.objects.get(pk=version.pk).status == "review"
    preview = render.html(version, "nl", public=False)  # staff see where the Dutch text is missing
    assert re.search(r'<li class="recommendation".*?<p class="missing">Ontbrekende vertaling', preview, re.S)

    services.version_update(version=version, by=officer, languages=["fr", "en"])
    services.version_publish(version=version, by=officer)
    assert Version.objects.get(pk=version.pk).status == "published"


def test_with_registry_recommendations_the_introduction_is_optional_but_not_in_one_language_only(officer):
    rec = recommendation(officer, "senior-volunteering")
    assert content.missing(draft(officer, [rec], slug="no-intro", intro=False))["en"] == []

    version = draft(officer, [], slug="text-only", intro=False)  # no recommendation chosen: the text is needed
    assert any("section 1" in gap for gap in content.missing(version)["en"])

    one = draft(officer, [rec], slug="french-intro", intro=False)
    section = one.sections.get()
    services.section_update(section=section, by=officer, body_fr="Introduction en français")
    assert any("section 1" in gap for gap in content.missing(one)["nl"])


def test_the_section_form_offers_active_recommendations_and_saves_the_choice(officer, client):
    active = recommendation(officer, "anonymous-cv")
    withdrawn = recommendation(officer, "old-ask", is_active=False)
    version = draft(officer, [], slug="form", intro=True)
    client.force_login(officer)
    with translation.override("en"):
        add = reverse("publications:section_add", args=[version.publication.slug, 1, "recommendations"])
    page = client.get(add).content.decode()
    assert "anonymous-cv" in page and "Title of anonymous-cv (en)" in page
    assert "old-ask" not in page

    response = client.post(add, {**texts("heading", "Asks"), "recommendations": [active.pk]})
    assert response.status_code == 302
    section = Section.objects.filter(version=version).order_by("-position").first()
    assert list(section.recommendations.all()) == [active]

    refused = client.post(add, {**texts("heading", "Asks"), "recommendations": [withdrawn.pk]})
    assert refused.status_code == 200 and version.sections.count() == 2
