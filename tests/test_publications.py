"""Publications from the demo's evidence: written per language, reviewed, published frozen; a published version
gives the same figures after new data; a withdrawn quote disappears with a notice; bad input changes nothing."""

import csv
import io

import pytest
from django.core.management import call_command

from duo.accounts.roles import Role
from duo.impact import snapshot as snapshots
from duo.journeys.models import Outcome
from duo.publications import content, services
from duo.publications.models import Publication, SectionKind, Status, Version
from duo.testimony import models as testimony_models
from duo.testimony.models import WithdrawalChannel
from duo.testimony import services as testimony_services
from tests.factories import UserFactory
from tests.publishing import usable_quotes


@pytest.fixture(autouse=True)
def _messages_in_english(english):
    """The tests match the services' messages in English."""


@pytest.fixture
def officer(organisation, db):
    return UserFactory(role=Role.OFFICER)


def public_table(*args):
    out = io.StringIO()
    call_command("impact_table", *args, "--public", stdout=out)
    return list(csv.DictReader(io.StringIO(out.getvalue())))


TEXTS = {f"{stem}_{lang}": f"{stem} {lang}" for stem in ("title", "summary") for lang in ("fr", "nl", "en")}
HEADINGS = {f"heading_{lang}": f"Heading {lang}" for lang in ("fr", "nl", "en")}
BODIES = {f"body_{lang}": f"Body **{lang}**" for lang in ("fr", "nl", "en")}


def build(officer, slug="report-2026", languages=("fr", "nl", "en")):
    publication = services.publication_create(by=officer, slug=slug, kind="experience_report", languages=languages,
                                              **TEXTS)
    version = publication.latest
    services.section_add(version=version, by=officer, kind=SectionKind.TEXT, **HEADINGS, **BODIES)
    services.section_add(version=version, by=officer, kind=SectionKind.FIGURE, indicator="positive_exit_12m",
                         breakdown="antenna,gender", **HEADINGS)
    services.section_add(version=version, by=officer, kind=SectionKind.KEY_FIGURES, **HEADINGS,
                         items=[{"indicator": "duo_reached_term"}, {"indicator": "positive_exit_12m",
                                                                       "filters": {"gender": "female"}}])
    return publication, version


def test_the_demo_publishes_an_experience_report_in_three_languages(organisation, db):
    report = Publication.objects.get(slug="experience-report-2026").published
    assert report.language_list == ["fr", "nl", "en"] and report.snapshot == organisation
    assert all(gaps == [] for gaps in content.missing(report).values())
    quotes = report.sections.get(kind=SectionKind.QUOTES)
    assert len(content.visible_quotes(quotes, "en")[0]) == 2


def test_a_report_is_reviewed_then_published_frozen_with_the_public_figures(organisation, officer):
    publication, version = build(officer)
    assert version.snapshot == organisation and version.status == Status.DRAFT
    with pytest.raises(services.PublicationError, match="review"):
        services.version_publish(version=version, by=officer)
    services.version_submit(version=version, by=officer)
    services.version_publish(version=version, by=officer)
    version.refresh_from_db()
    assert version.status == Status.PUBLISHED and publication.published == version
    figure = version.sections.get(kind=SectionKind.FIGURE)
    # The frozen figure is the command line's public table on the same snapshot, cell by cell.
    expected = public_table("positive_exit_12m", "--by", "antenna,gender", "--snapshot", str(organisation.pk))
    frozen = figure.frozen["records"]
    assert len(frozen) == len(expected)
    for got, row in zip(frozen, expected):
        assert (got["antenna"], got["gender"], got["flag"]) == (row["antenna"], row["gender"], row["flag"])
        assert str(got["numerator"] if got["numerator"] is not None else "") == row["numerator"]
    assert any(r["flag"] == ":c" for r in frozen) and all(
        r["numerator"] is None for r in frozen if r["flag"] == ":c")
    assert figure.frozen["snapshot"]["hash"] == organisation.content_hash
    # Frozen: nothing changes any more.
    with pytest.raises(services.PublicationError):
        services.section_update(section=figure, by=officer, heading_fr="Autre")
    with pytest.raises(services.PublicationError):
        services.version_update(version=version, by=officer, title_fr="Autre")


def test_new_data_leave_a_published_version_alone_and_a_new_version_shows_what_moved(organisation, officer):
    publication, version = build(officer, slug="memo")
    services.version_submit(version=version, by=officer)
    services.version_publish(version=version, by=officer)
    before = {s.pk: content.content(s) for s in version.sections.all()}
    twelve = Outcome.objects.filter(horizon="12m").exclude(category="job_permanent").order_by("pk")
    Outcome.objects.filter(pk__in=list(twelve.values_list("pk", flat=True)[::3])).update(category="job_permanent")
    newer = snapshots.snapshot_take(note="after")
    assert newer != organisation
    version = Version.objects.get(pk=version.pk)
    assert {s.pk: content.content(s) for s in version.sections.all()} == before
    draft = services.version_new(publication=publication, by=officer)
    assert draft.number == 2 and draft.snapshot == newer and draft.status == Status.DRAFT
    moved = content.changes(version, draft)
    assert moved and all(c.before != c.after for c in moved)
    total = next(c for c in moved if c.key == ("positive_exit_12m", "*", "*"))
    assert total.after["value"] > total.before["value"]
    with pytest.raises(services.PublicationError, match="already open"):
        services.version_new(publication=publication, by=officer)


def test_a_language_with_missing_texts_blocks_publication(organisation, officer):
    publication, version = build(officer, slug="brief")
    version = services.version_update(version=version, by=officer, summary_nl="")
    services.section_add(version=version, by=officer, kind=SectionKind.TEXT, heading_fr="Seulement", body_fr="fr",
                         heading_nl="Alleen", heading_en="Only", body_en="en")
    gaps = content.missing(version)
    assert gaps["fr"] == [] and gaps["en"] == [] and len(gaps["nl"]) == 2
    services.version_submit(version=version, by=officer)
    with pytest.raises(services.PublicationError, match="missing"):
        services.version_publish(version=version, by=officer)
    services.version_update(version=version, by=officer, languages="fr,en")
    services.version_publish(version=version, by=officer)


def test_a_quote_whose_author_withdrew_is_left_out_with_a_notice(organisation, officer):
    ids = usable_quotes(officer)
    assert len(ids) == 2
    publication, version = build(officer, slug="voices")
    section = services.section_add(version=version, by=officer, kind=SectionKind.QUOTES, **HEADINGS,
                                   testimonies=ids[:2], limit=2)
    services.version_submit(version=version, by=officer)
    services.version_publish(version=version, by=officer)
    section.refresh_from_db()
    shown, removed = content.visible_quotes(section, "nl")
    assert len(shown) == 2 and removed == 0
    testimony_services.withdraw(testimony=testimony_models.Testimony.objects.get(pk=ids[0]), channel=WithdrawalChannel.LINK)
    shown, removed = content.visible_quotes(section, "nl")
    assert len(shown) == 1 and removed == 1
    assert shown[0].text == section.frozen["quotes"][1]["texts"]["nl"]["text"]


def test_bad_input_is_named_and_changes_nothing(organisation, officer, english):
    before = Publication.objects.count()
    with pytest.raises(services.PublicationError) as error:
        services.publication_create(by=officer, slug="Bad Slug!", kind="nonsense")
    assert set(error.value.errors) == {"slug", "kind"}
    with pytest.raises(services.PublicationError, match="already"):
        services.publication_create(by=officer, slug="experience-report-2026", kind="factsheet")
    assert Publication.objects.count() == before
    _publication, version = build(officer, slug="ok")
    count = version.sections.count()
    for kind, values, field in ((SectionKind.FIGURE, {"indicator": "nope"}, "indicator"),
                                (SectionKind.FIGURE, {"indicator": "ended_early", "breakdown": "antenna,planet"}, "breakdown"),
                                (SectionKind.KEY_FIGURES, {"items": []}, "items"),
                                (SectionKind.QUOTES, {}, "testimonies")):
        with pytest.raises(services.PublicationError) as error:
            services.section_add(version=version, by=officer, kind=kind, **values)
        assert field in error.value.errors
    withdrawn = testimony_models.Testimony.objects.filter(withdrawn_at__isnull=False).values_list("pk", flat=True)
    with pytest.raises(services.PublicationError, match="may not be published"):
        services.section_add(version=version, by=officer, kind=SectionKind.QUOTES, testimonies=list(withdrawn))
    assert version.sections.count() == count


def test_only_officers_and_administrators_write(organisation, officer):
    from duo.accounts import scoping

    coordinator = UserFactory(role=Role.COORDINATOR)
    with pytest.raises(scoping.NotAllowed):
        services.publication_create(by=coordinator, slug="x", kind="factsheet")
    _publication, version = build(officer, slug="y")
    # Reviewers comment; only writers publish.
    comment = services.comment_add(version=version, by=coordinator, text="Source of figure 2?")
    services.version_submit(version=version, by=officer)
    with pytest.raises(services.PublicationError, match="comments"):
        services.version_publish(version=version, by=officer)
    services.comment_resolve(comment=comment, by=coordinator)
    with pytest.raises(scoping.NotAllowed):
        services.version_publish(version=version, by=coordinator)
    services.version_publish(version=version, by=officer)
