"""The staff pages of publications, as officers and reviewers use them on the demo's evidence: a new publication,
every kind of section from its form, bad input named on its field with nothing saved, moving and deleting,
comments, the workflow through publication, a published version that refuses every change, "update to new data"
with the figures that moved, the preview and PDF, and who may do what."""


import pytest
from django.urls import reverse
from django.utils import translation

from duo.accounts.roles import Role
from duo.impact import snapshot as snapshots
from duo.journeys.models import Outcome
from duo.publications import services
from duo.publications.models import Comment, Publication, Section, SectionKind, Status, Version
from duo.testimony import queries as quotes_queries
from duo.testimony import models as testimony_models
from tests.factories import UserFactory

LANGS = ("fr", "nl", "en")
TITLES = {f"title_{c}": f"Report {c}" for c in LANGS}
SUMMARIES = {f"summary_{c}": f"Summary {c}" for c in LANGS}
HEADINGS = {f"heading_{c}": f"Heading {c}" for c in LANGS}


@pytest.fixture
def officer(organisation, db):
    return UserFactory(role=Role.OFFICER, language="en")


@pytest.fixture
def as_officer(client, officer):
    client.force_login(officer)
    return client


def url(name, *args):
    with translation.override("en"):
        return reverse(f"publications:{name}", args=args)


def v_url(name, version, *args):
    return url(name, version.publication.slug, version.number, *args)


def draft(officer, slug="report", **texts):
    publication = services.publication_create(by=officer, slug=slug, kind="experience_report",
                                              **{**TITLES, **SUMMARIES, **texts})
    return publication.latest


def text_section(version, officer, **values):
    return services.section_add(version=version, by=officer, kind=SectionKind.TEXT,
                                **{**HEADINGS, **{f"body_{c}": f"Body {c}" for c in LANGS}, **values})


def trilingual_quotes():
    """Public quotes that exist in all three languages (the demo translates two of them)."""
    found = []
    for quote in quotes_queries.usable(quotes_queries.PUBLIC):
        have = {quote.testimony.language, *(t.language for t in quote.testimony.translations.all())}
        if have >= set(LANGS):
            found.append(quote.pk)
    return found


def messages_of(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


# --- creating -----------------------------------------------------------------------------------------------------

def test_an_officer_creates_a_publication_on_the_latest_snapshot(as_officer, organisation):
    response = as_officer.post(url("create"), {"slug": "memo-2027", "kind": "memorandum", "languages": ["fr", "en"],
                                               "title_fr": "Mémo", "title_en": "Memo"})
    version = Version.objects.get(publication__slug="memo-2027")
    assert response.status_code == 302 and response["Location"] == v_url("version", version)
    assert (version.number, version.status, version.snapshot, version.languages) == (1, Status.DRAFT, organisation,
                                                                                       "fr,en")
    page = as_officer.get(url("list")).content.decode()
    row = page.split("(memo-2027)")[1].split("</tr>")[0]
    assert "Memorandum" in row and "version 1" in row and "Draft" in row and "French, English" in row
    # The demo's published report: its date and version.
    assert "experience-report-2026" in page and "(version 1)" in page


def test_a_bad_address_is_named_on_its_field_and_nothing_is_created(as_officer, organisation):
    before = Publication.objects.count()
    response = as_officer.post(url("create"), {"slug": "Bad Slug!", "kind": "factsheet", "languages": ["fr"]})
    assert response.status_code == 200 and "Use lowercase letters" in str(response.context["form"].errors["slug"])
    response = as_officer.post(url("create"), {"slug": "experience-report-2026", "kind": "factsheet",
                                               "languages": ["fr"]})
    assert "already has this address" in str(response.context["form"].errors["slug"])
    response = as_officer.post(url("create"), {"slug": "fine", "kind": "novel", "languages": []})
    assert {"kind", "languages"} <= set(response.context["form"].errors)
    assert Publication.objects.count() == before


# --- sections -----------------------------------------------------------------------------------------------------

def test_every_kind_of_section_is_added_from_its_form(as_officer, officer):
    version = draft(officer)
    quotes = trilingual_quotes()
    assert len(quotes) >= 2
    form = as_officer.get(v_url("section_add", version, "figure")).content.decode()
    assert "Positive exit 12 months after the mentoring" in form and 'value="gender=female"' in form
    assert 'value="origin_group"' in form  # officers may break figures down by origin group
    assert f'value="{quotes[0]}"' in as_officer.get(v_url("section_add", version, "quotes")).content.decode()
    posts = {
        "text": {**HEADINGS, "body_fr": "Texte **gras**", "body_nl": "Tekst", "body_en": "Text"},
        "recommendations": {**HEADINGS, "body_fr": "1. Un", "body_nl": "1. Een", "body_en": "1. One"},
        "figure": {**HEADINGS, "indicator": "positive_exit_12m", "by_1": "gender", "by_2": "antenna",
                   "filter_1": "", "filter_2": "", "chart": "dot", "body_en": "Intervals at 95 %."},
        "table": {**HEADINGS, "indicator": "duo_reached_term", "by_1": "antenna", "filter_1": "gender=female"},
        "key_figures": {**HEADINGS, "item_1": "positive_exit_12m", "item_2": "duo_reached_term",
                        "item_filter_2": "gender=male"},
        "quotes": {**HEADINGS, "testimonies": quotes[:2], "limit": "2"},
    }
    for kind, data in posts.items():
        response = as_officer.post(v_url("section_add", version, kind), data)
        assert response.status_code == 302, (kind, response.context and response.context["form"].errors)
    sections = {s.kind: s for s in version.sections.all()}
    assert [s.kind for s in version.sections.all()] == list(posts)
    assert sections["text"].body_fr == "Texte **gras**" and sections["text"].heading_nl == "Heading nl"
    figure = sections["figure"]
    assert (figure.indicator, figure.breakdown, figure.filters, figure.chart) == ("positive_exit_12m",
                                                                                  "gender,antenna", {}, "dot")
    assert sections["table"].filters == {"gender": "female"} and sections["table"].breakdown == "antenna"
    assert sections["key_figures"].items == [{"indicator": "positive_exit_12m"},
                                             {"indicator": "duo_reached_term", "filters": {"gender": "male"}}]
    assert sections["quotes"].testimonies == quotes[:2] and sections["quotes"].limit == 2
    page = as_officer.get(v_url("version", version)).content.decode()
    assert "Broken down by Gender, Antenna" in page and "Only: Gender: Female" in page
    assert "2 key figures" in page and "2 quotes chosen" in page
    # Editing keeps what it does not show: the form comes back filled.
    edit = as_officer.get(v_url("section_edit", version, figure.pk))
    assert edit.context["form"].initial["by_1"] == "gender" and edit.context["form"].initial["by_2"] == "antenna"
    response = as_officer.post(v_url("section_edit", version, figure.pk),
                               {**HEADINGS, "heading_en": "Work a year later", "indicator": "positive_exit_12m",
                                "by_1": "gender", "chart": "bar"})
    figure.refresh_from_db()
    assert response.status_code == 302 and (figure.heading_en, figure.breakdown) == ("Work a year later", "gender")


@pytest.mark.parametrize("kind,data,field,message", [
    ("figure", {"indicator": ""}, "indicator", "required"),
    ("figure", {"indicator": "positive_exit_12m", "by_1": "gender", "by_2": "gender"}, "by_2", "two different"),
    ("figure", {"indicator": "positive_exit_12m", "by_1": "gender", "filter_1": "gender=female"}, "filter_1",
     "cannot be broken down by the dimension"),
    ("figure", {"indicator": "positive_exit_12m", "by_1": "planet"}, "by_1", "valid choice"),
    ("key_figures", {}, "item_1", "between one and 8"),
    ("key_figures", {"item_filter_3": "gender=male"}, "item_3", "indicator this filter applies to"),
    ("quotes", {"limit": "3"}, "testimonies", "or a theme"),
    ("quotes", {"testimonies": ["WITHDRAWN"], "limit": "3"}, "testimonies", "valid choice"),
    ("quotes", {"theme": "", "testimonies": [], "limit": "40"}, "limit", "less than or equal to 12"),
])
def test_bad_section_input_is_named_on_its_field_and_nothing_is_saved(as_officer, officer, english, kind, data,
                                                                      field, message):
    version = draft(officer)
    text_section(version, officer)
    withdrawn = testimony_models.Testimony.objects.filter(withdrawn_at__isnull=False).first()
    if data.get("testimonies") == ["WITHDRAWN"]:
        data = {**data, "testimonies": [withdrawn.pk]}
    response = as_officer.post(v_url("section_add", version, kind), {**HEADINGS, **data})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors and message in str(errors[field]), errors
    assert 'id="error-summary"' in response.content.decode()
    assert version.sections.count() == 1


def test_sections_move_and_are_deleted_after_a_confirmation(as_officer, officer):
    version = draft(officer)
    first, second, third = (text_section(version, officer, heading_en=name) for name in ("One", "Two", "Three"))
    assert as_officer.post(v_url("section_move", version, third.pk, "up")).status_code == 302
    assert list(version.sections.values_list("heading_en", flat=True)) == ["One", "Three", "Two"]
    as_officer.post(v_url("section_move", version, first.pk, "down"))
    assert list(version.sections.values_list("heading_en", flat=True)) == ["Three", "One", "Two"]
    as_officer.post(v_url("section_move", version, third.pk, "up"))  # already first: nothing moves
    assert list(version.sections.values_list("heading_en", flat=True)) == ["Three", "One", "Two"]
    assert as_officer.get(v_url("section_move", version, first.pk, "up")).status_code == 405
    assert as_officer.post(v_url("section_move", version, first.pk, "sideways")).status_code == 404
    confirm = as_officer.get(v_url("section_delete", version, second.pk))
    assert confirm.status_code == 200 and "Delete section 3?" in confirm.content.decode()
    assert version.sections.count() == 3  # asking deletes nothing
    assert as_officer.post(v_url("section_delete", version, second.pk)).status_code == 302
    assert list(version.sections.values_list("heading_en", flat=True)) == ["Three", "One"]
    assert as_officer.get(v_url("section_edit", version, second.pk)).status_code == 404
    other = draft(officer, slug="other")
    assert as_officer.get(v_url("section_edit", other, first.pk)).status_code == 404  # not this version's


# --- reviewing ------------------------------------------------------------------------------------------------------

def test_reviewers_comment_on_a_section_and_resolve_their_own(client, officer, organisation):
    version = draft(officer)
    section = text_section(version, officer, heading_en="Why this report")
    coordinator = UserFactory(role=Role.COORDINATOR, full_name="Carla Coordinator", language="en")
    client.force_login(coordinator)
    empty = client.post(v_url("comment_add", version), {"text": "  ", "section": str(section.pk)})
    assert empty.status_code == 200 and "text" in empty.context["comment_form"].errors
    assert not Comment.objects.exists()
    response = client.post(v_url("comment_add", version), {"text": "Which year?", "section": str(section.pk)})
    comment = Comment.objects.get()
    assert response.status_code == 302 and (comment.author, comment.section) == (coordinator, section)
    page = client.get(v_url("version", version)).content.decode()
    assert "Carla Coordinator" in page and "Which year?" in page and "1 open comment" in page
    client.force_login(officer)
    other = services.comment_add(version=version, by=officer, text="Check the source.")
    client.force_login(coordinator)
    assert client.post(v_url("comment_resolve", version, other.pk)).status_code == 403  # not theirs
    assert client.post(v_url("comment_resolve", version, comment.pk)).status_code == 302
    comment.refresh_from_db()
    assert comment.resolved_at is not None
    assert client.post(v_url("comment_resolve", version, 999999)).status_code == 404
    client.force_login(officer)  # writers resolve anyone's
    client.post(v_url("comment_resolve", version, other.pk))
    assert not Comment.objects.filter(resolved_at__isnull=True).exists()


def test_the_workflow_runs_through_publication_and_a_published_version_refuses_every_change(as_officer, officer):
    version = draft(officer, summary_nl="")
    section = text_section(version, officer)
    page = as_officer.get(v_url("version", version)).content.decode()
    gaps = page.split('id="missing"')[1].split("</section>")[0]
    assert "Dutch" in gaps and "The summary" in gaps and f'{v_url("version_edit", version)}#id_summary_nl' in gaps
    as_officer.post(v_url("workflow", version, "submit"))
    assert Version.objects.get(pk=version.pk).status == Status.REVIEW
    response = as_officer.post(v_url("workflow", version, "publish"), follow=True)
    assert any("Some texts are missing" in m for m in messages_of(response))
    as_officer.post(v_url("version_edit", version), {"languages": list(LANGS), **TITLES, **SUMMARIES})
    response = as_officer.post(v_url("workflow", version, "publish"), follow=True)
    version.refresh_from_db()
    assert version.status == Status.PUBLISHED and "Published." in messages_of(response)
    page = response.content.decode()
    for name in ("section_edit", "section_delete"):
        assert v_url(name, version, section.pk) not in page
    assert v_url("version_edit", version) not in page and "Update to new data" in page
    # Posted anyway: refused with a message, nothing changes.
    for name, args, data in (("section_edit", [section.pk], {**HEADINGS, "heading_en": "Changed"}),
                             ("section_delete", [section.pk], {}), ("section_add", ["text"], HEADINGS),
                             ("version_edit", [], {"languages": ["fr"], **TITLES}),
                             ("section_move", [section.pk, "up"], {})):
        response = as_officer.post(v_url(name, version, *args), data, follow=True)
        assert any("published and cannot change" in m for m in messages_of(response)), name
    section.refresh_from_db()
    version.refresh_from_db()
    assert section.heading_en == "Heading en" and version.languages == "fr,nl,en"
    assert version.sections.count() == 1


def test_the_snapshot_of_a_draft_is_chosen_from_the_list(as_officer, officer, organisation):
    version = draft(officer)
    moved = Outcome.objects.filter(horizon="12m").exclude(category="job_permanent").order_by("pk").first()
    Outcome.objects.filter(pk=moved.pk).update(category="job_permanent")
    newer = snapshots.snapshot_take(note="newer")
    assert newer != organisation
    page = as_officer.get(v_url("version", version)).content.decode()
    assert f"A newer snapshot exists: #{newer.pk}" in page and organisation.short_hash in page
    as_officer.post(v_url("version_snapshot", version), {"snapshot": newer.pk})
    version.refresh_from_db()
    assert version.snapshot == newer
    response = as_officer.post(v_url("version_snapshot", version), {"snapshot": 999999}, follow=True)
    assert any("Choose one of the snapshots" in m for m in messages_of(response))
    assert Version.objects.get(pk=version.pk).snapshot == newer


def test_update_to_new_data_shows_what_changed_in_the_figures(as_officer, organisation):
    report = Publication.objects.get(slug="experience-report-2026")
    twelve = Outcome.objects.filter(horizon="12m").exclude(category="job_permanent").order_by("pk")
    Outcome.objects.filter(pk__in=list(twelve.values_list("pk", flat=True)[::3])).update(category="job_permanent")
    newer = snapshots.snapshot_take(note="after")
    published = report.latest
    response = as_officer.post(url("new_version", report.slug))
    draft_ = report.versions.get(number=published.number + 1)
    assert response["Location"] == v_url("version", draft_) + "#changes"
    assert (draft_.status, draft_.snapshot, draft_.based_on) == (Status.DRAFT, newer, published)
    page = as_officer.get(v_url("version", draft_)).content.decode()
    panel = page.split('id="changes"')[1].split("</section>")[0]
    assert "What changed in the figures" in page and f"version {published.number}" in panel
    total = next(r for r in panel.split("<tr>") if "Positive exit 12 months after the mentoring — All" in r)
    before, after = (float(cell.split(" %")[0].split(">")[-1].replace("→", "").strip())
                     for cell in total.split("<td>")[2:4])
    assert after > before
    # The published version is untouched and says a newer one exists; a second update is refused.
    assert "A newer version exists" in as_officer.get(v_url("version", published)).content.decode()
    response = as_officer.post(url("new_version", report.slug), follow=True)
    assert any("already open" in m for m in messages_of(response))


# --- preview -------------------------------------------------------------------------------------------------------

def test_the_preview_and_the_pdf_of_a_draft(as_officer, officer):
    version = draft(officer, title_en="Work twelve months later")
    services.section_add(version=version, by=officer, kind=SectionKind.FIGURE, indicator="positive_exit_12m",
                         breakdown="gender", heading_en="By gender")
    response = as_officer.get(v_url("preview", version, "en"))
    page = response.content.decode()
    assert response.status_code == 200 and "Work twelve months later" in page and "By gender" in page
    figure = page.split('class="pub-figure"')[1].split("</figure>")[0]
    assert "Positive exit 12 months after the mentoring" in figure and "Female" in figure and "<svg" in figure
    response = as_officer.get(v_url("pdf", version, "nl"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="report-v{version.number}-nl.pdf"'
    assert response.content.startswith(b"%PDF")
    assert as_officer.get(v_url("preview", version, "de")).status_code == 404
    services.version_update(version=version, by=officer, languages="fr,en")
    assert as_officer.get(v_url("preview", version, "nl")).status_code == 404  # not a language of this version


# --- who ----------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("role,reads,writes", [
    (Role.ADMINISTRATOR, 200, True), (Role.OFFICER, 200, True), (Role.COORDINATOR, 200, False),
    (Role.RESEARCHER, 200, False), (Role.VIEWER, 403, False)])
def test_who_reads_and_who_writes(client, officer, role, reads, writes):
    version = draft(officer)
    section = text_section(version, officer)
    client.force_login(UserFactory(role=role))
    for page in (url("list"), v_url("version", version)):
        assert client.get(page).status_code == reads
    page = client.get(v_url("version", version)).content.decode() if reads == 200 else ""
    assert (v_url("section_edit", version, section.pk) in page) == writes
    assert (v_url("workflow", version, "submit") in page) == writes
    response = client.post(v_url("section_add", version, "text"), HEADINGS)
    assert response.status_code == (302 if writes else 403)
    response = client.post(v_url("workflow", version, "submit"))
    assert response.status_code == (302 if writes else 403)
    assert Version.objects.get(pk=version.pk).status == (Status.REVIEW if writes else Status.DRAFT)
    assert version.sections.count() == (2 if writes else 1)


def test_unknown_publications_versions_and_sections_are_not_found(as_officer, officer):
    version = draft(officer)
    for address in (url("publication", "nothing-here"), url("version", "nothing-here", 1),
                    url("version", version.publication.slug, 9), v_url("section_add", version, "poem"),
                    v_url("section_edit", version, 999999), v_url("workflow", version, "shred")):
        method = as_officer.post if "workflow" in address else as_officer.get
        assert method(address).status_code == 404, address
    assert as_officer.get(url("publication", version.publication.slug))["Location"] == v_url("version", version)


def test_anonymous_visitors_are_sent_to_log_in(client, officer):
    version = draft(officer)
    response = client.get(v_url("version", version))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Section.objects.filter(version=version).exists()
