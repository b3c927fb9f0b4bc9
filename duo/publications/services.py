"""Changes to publications. Each function is one transaction, checks who is acting (publications.change), and
raises PublicationError ({field: message}, nothing changed) for what cannot be done, scoping.NotAllowed for what
the user may not do. A published version never changes: every write below refuses it."""

from __future__ import annotations

import re

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from duo.accounts import roles, scoping
from duo.advocacy.models import Recommendation
from duo.impact import dimensions, indicators
from duo.impact import snapshot as snapshots
from duo.testimony import queries as quotes_queries
from duo.testimony.models import Testimony
from duo.webhooks.events import emit

from . import content
from .models import LANGUAGES, Comment, Publication, Section, SectionKind, Status, Version

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
VERSION_TEXTS = tuple(f"{stem}_{lang}" for stem in ("title", "summary") for lang in LANGUAGES)
SECTION_TEXTS = tuple(f"{stem}_{lang}" for stem in ("heading", "body") for lang in LANGUAGES)
SECTION_FIELDS = frozenset({*SECTION_TEXTS, "indicator", "breakdown", "filters", "chart", "items", "theme", "testimonies",
                            "limit"})
MAX_KEY_FIGURES = 8
MAX_QUOTES = 12


class PublicationError(Exception):
    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__(" ".join(str(v) for v in errors.values()))


def _require(user):
    if not scoping.has(user, roles.PUBLICATIONS_CHANGE):
        raise scoping.NotAllowed


def _open(version: Version) -> Version:
    """The version, locked, if it may still change."""
    version = Version.objects.select_for_update().get(pk=version.pk)
    if version.is_frozen:
        raise PublicationError({"__all__": _("This version is published and cannot change. Start a new version.")})
    return version


def _languages(value) -> str:
    codes = [c for c in (value if isinstance(value, (list, tuple)) else str(value).split(",")) if c]
    if not codes or any(c not in LANGUAGES for c in codes):
        raise PublicationError({"languages": _("Choose at least one of the languages French, Dutch and English.")})
    return ",".join(c for c in LANGUAGES if c in codes)


@transaction.atomic
def publication_create(*, by, slug: str, kind: str, languages=LANGUAGES, **texts) -> Publication:
    _require(by)
    errors = {}
    if not SLUG.match(slug or ""):
        errors["slug"] = _("Use lowercase letters, digits and hyphens only, e.g. experience-report-2026.")
    elif Publication.objects.filter(slug=slug).exists():
        errors["slug"] = _("Another publication already has this address.")
    if kind not in {k for k, _label in Publication._meta.get_field("kind").choices}:
        errors["kind"] = _("Choose the type of publication.")
    if errors:
        raise PublicationError(errors)
    publication = Publication.objects.create(slug=slug, kind=kind, created_by=by)
    Version.objects.create(publication=publication, number=1, languages=_languages(languages), created_by=by,
                           snapshot=snapshots.latest(), **{k: v for k, v in texts.items() if k in VERSION_TEXTS})
    return publication


@transaction.atomic
def version_update(*, version: Version, by, **changes) -> Version:
    _require(by)
    version = _open(version)
    fields = []
    for name, value in changes.items():
        if name in VERSION_TEXTS:
            setattr(version, name, (value or "").strip())
        elif name == "languages":
            version.languages = _languages(value)
        elif name == "snapshot":
            version.snapshot = value
        else:
            raise ValueError(f"not a version field: {name}")
        fields.append(name)
    if fields:
        version.save()
    return version


def _check_section(kind: str, values: dict, by) -> dict[str, str]:
    errors = {}
    allowed = dimensions.allowed(by)
    if kind in content.FIGURE_KINDS:
        if values.get("indicator") not in indicators.INDICATORS:
            errors["indicator"] = _("Choose an indicator.")
        names = [d.strip() for d in (values.get("breakdown") or "").split(",") if d.strip()]
        if len(names) > 2 or len(set(names)) != len(names) or any(n not in allowed for n in names):
            errors["breakdown"] = _("Break the figure down by at most two different dimensions from the list.")
    if kind in (*content.FIGURE_KINDS, SectionKind.KEY_FIGURES):
        filters = values.get("filters") or {}
        if not isinstance(filters, dict) or any(k not in allowed or not isinstance(v, str) for k, v in filters.items()):
            errors["filters"] = _("A filter names a dimension from the list and one of its values.")
    if kind == SectionKind.KEY_FIGURES:
        items = values.get("items") or []
        if (not items or len(items) > MAX_KEY_FIGURES
                or any(not isinstance(i, dict) or i.get("indicator") not in indicators.INDICATORS for i in items)):
            errors["items"] = _("Choose between one and %(n)s indicators.") % {"n": MAX_KEY_FIGURES}
        elif any(not isinstance(i.get("filters") or {}, dict)
                 or any(k not in allowed for k in (i.get("filters") or {})) for i in items):
            errors["items"] = _("A filter names a dimension from the list and one of its values.")
    if "recommendations" in values:
        if kind != SectionKind.RECOMMENDATIONS:
            raise ValueError("only a recommendations section lists recommendations")
        wanted = _ids(values["recommendations"])
        found = set(Recommendation.objects.filter(pk__in=wanted, versions__isnull=False).values_list("pk", flat=True))
        if set(wanted) - found:
            errors["recommendations"] = _("Some of these recommendations are no longer in the registry.")
    if kind == SectionKind.QUOTES:
        chosen = values.get("testimonies") or []
        if not chosen and not values.get("theme"):
            errors["testimonies"] = _("Choose quotes, or a theme to take them from.")
        elif len(chosen) > MAX_QUOTES:
            errors["testimonies"] = _("At most %(n)s quotes in one section.") % {"n": MAX_QUOTES}
        elif chosen:
            usable = set(Testimony.objects.filter(quotes_queries.allowed(quotes_queries.PUBLIC), pk__in=chosen)
                         .values_list("pk", flat=True))
            if set(chosen) - usable:
                errors["testimonies"] = _("Some of these quotes may not be published: their author did not agree "
                                          "to it, withdrew, or they were not checked for anything that identifies "
                                          "the author.")
        if not 1 <= int(values.get("limit") or 3) <= MAX_QUOTES:
            errors["limit"] = _("Between 1 and %(n)s quotes.") % {"n": MAX_QUOTES}
    return errors


def _ids(items) -> list[int]:
    """Recommendations given as objects or ids."""
    return [int(getattr(item, "pk", item)) for item in items or ()]


def _apply(section: Section, values: dict):
    """The section's own fields; its recommendations are set after it is saved (`_relate`)."""
    for name, value in values.items():
        if name == "recommendations":
            continue
        if name not in SECTION_FIELDS:
            raise ValueError(f"not a section field: {name}")
        if name in SECTION_TEXTS:
            value = (value or "").strip()
        elif name == "testimonies":
            value = [int(v) for v in value or []]
        elif name == "breakdown":
            value = ",".join(d.strip() for d in (value or "").split(",") if d.strip())
        setattr(section, name, value)


def _relate(section: Section, values: dict):
    if "recommendations" in values:
        section.recommendations.set(_ids(values["recommendations"]))


@transaction.atomic
def section_add(*, version: Version, by, kind: str, **values) -> Section:
    _require(by)
    version = _open(version)
    if kind not in SectionKind.values:
        raise PublicationError({"kind": _("Choose the type of section.")})
    errors = _check_section(kind, values, by)
    if errors:
        raise PublicationError(errors)
    last = version.sections.aggregate(m=Max("position"))["m"]
    section = Section(version=version, kind=kind, position=0 if last is None else last + 1)
    _apply(section, values)
    section.save()
    _relate(section, values)
    return section


@transaction.atomic
def section_update(*, section: Section, by, **values) -> Section:
    _require(by)
    _open(section.version)
    section = Section.objects.select_related("version").get(pk=section.pk)
    current = {name: getattr(section, name) for name in SECTION_FIELDS if name != "theme"}
    current["theme"] = section.theme
    errors = _check_section(section.kind, {**current, **values}, by)
    if errors:
        raise PublicationError(errors)
    _apply(section, values)
    section.save()
    _relate(section, values)
    return section


@transaction.atomic
def section_delete(*, section: Section, by) -> None:
    _require(by)
    _open(section.version)
    section.delete()


@transaction.atomic
def section_move(*, section: Section, by, up: bool) -> None:
    """One place up or down; positions are renumbered 0, 1, 2… so that they stay simple."""
    _require(by)
    version = _open(section.version)
    order = list(version.sections.order_by("position", "id"))
    index = next(i for i, s in enumerate(order) if s.pk == section.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(order):
        order[index], order[other] = order[other], order[index]
    for position, item in enumerate(order):
        if item.position != position:
            Section.objects.filter(pk=item.pk).update(position=position)


@transaction.atomic
def comment_add(*, version: Version, by, text: str, section: Section | None = None) -> Comment:
    if not scoping.has(by, roles.PUBLICATIONS_VIEW):
        raise scoping.NotAllowed
    text = (text or "").strip()
    if not text:
        raise PublicationError({"text": _("Write the comment.")})
    if len(text) > 4000:
        raise PublicationError({"text": _("The comment is too long: %(n)s characters at most.") % {"n": 4000}})
    if section is not None and section.version_id != version.pk:
        raise PublicationError({"section": _("This section belongs to another version.")})
    return Comment.objects.create(version=version, section=section, author=by, text=text)


@transaction.atomic
def comment_resolve(*, comment: Comment, by) -> Comment:
    if not (scoping.has(by, roles.PUBLICATIONS_CHANGE) or (comment.author_id == getattr(by, "pk", None)
                                                           and scoping.has(by, roles.PUBLICATIONS_VIEW))):
        raise scoping.NotAllowed
    if comment.resolved_at is None:
        comment.resolved_at = timezone.now()
        comment.save(update_fields=["resolved_at"])
    return comment


@transaction.atomic
def version_submit(*, version: Version, by) -> Version:
    """Draft → in review: the others can comment; the text can still be corrected."""
    _require(by)
    version = _open(version)
    if version.status != Status.DRAFT:
        raise PublicationError({"__all__": _("Only a draft can be sent for review.")})
    if not version.sections.exists():
        raise PublicationError({"__all__": _("Add at least one section first.")})
    version.status, version.submitted_at = Status.REVIEW, timezone.now()
    version.save(update_fields=["status", "submitted_at", "updated_at"])
    return version


@transaction.atomic
def version_return(*, version: Version, by) -> Version:
    """In review → draft."""
    _require(by)
    version = _open(version)
    version.status = Status.DRAFT
    version.save(update_fields=["status", "updated_at"])
    return version


@transaction.atomic
def version_publish(*, version: Version, by) -> Version:
    """In review → published: every section's figures and quotes are computed once and frozen with it."""
    _require(by)
    version = _open(version)
    if version.status != Status.REVIEW:
        raise PublicationError({"__all__": _("A version is published after its review: send it for review first.")})
    gaps = {lang: items for lang, items in content.missing(version).items() if items}
    if gaps:
        raise PublicationError({"__all__": _("Some texts are missing: %(list)s. Write them, or remove the "
                                             "language from this version.") % {"list": _gap_list(gaps)}})
    if version.comments.filter(resolved_at__isnull=True).exists():
        raise PublicationError({"__all__": _("Resolve the open comments first.")})
    sections = list(version.sections.all())
    frames = None
    try:
        for section in sections:
            if section.kind in (*content.FIGURE_KINDS, SectionKind.KEY_FIGURES):
                frames = frames or content._frames(version)
            section.frozen = content.compute(section, frames)
            if section.kind == SectionKind.QUOTES and not section.frozen["quotes"]:
                raise PublicationError({"__all__": _("Section %(n)s has no quote that may be published.")
                                        % {"n": sections.index(section) + 1}})
    except content.ContentError as exc:
        raise PublicationError({"__all__": str(exc)}) from exc
    for section in sections:
        section.save(update_fields=["frozen"])
    version.status, version.published_at, version.published_by = Status.PUBLISHED, timezone.now(), by
    version.save(update_fields=["status", "published_at", "published_by", "updated_at"])
    emit("publication.published", {"publication": version.publication.slug, "version": version.number})
    return version


def _gap_list(gaps: dict) -> str:
    from django.utils.translation import get_language_info

    return "; ".join(f"{get_language_info(lang)['name_translated']}: {', '.join(items)}" for lang, items in gaps.items())


@transaction.atomic
def version_new(*, publication: Publication, by, snapshot=None) -> Version:
    """Update to new data: a new draft, a copy of the latest version, on the newest (or a given) snapshot."""
    _require(by)
    publication = Publication.objects.select_for_update().get(pk=publication.pk)
    if publication.versions.exclude(status=Status.PUBLISHED).exists():
        raise PublicationError({"__all__": _("A draft of this publication is already open: finish it first.")})
    source = publication.latest
    snapshot = snapshot or snapshots.latest() or source.snapshot
    version = Version.objects.create(
        publication=publication, number=source.number + 1, languages=source.languages, based_on=source,
        snapshot=snapshot, created_by=by, **{name: getattr(source, name) for name in VERSION_TEXTS})
    for section in source.sections.all():
        copy = Section(version=version, kind=section.kind, position=section.position)
        for name in SECTION_FIELDS:
            setattr(copy, name, getattr(section, name))
        copy.save()
        # The same recommendations, in their wording of today: the new draft shows what changed since.
        copy.recommendations.set(section.recommendations.all())
    return version
