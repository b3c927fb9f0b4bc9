"""Staff pages for a version's sections: add one of each kind, edit, delete (after a confirmation), move.

The figure forms offer the dimensions this user may use and their values as found in the version's snapshot (the
latest one when the version has none yet); the quotes form offers the testimonies usable in public."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from duo.accounts import roles, scoping
from duo.accounts.scoping import require
from duo.impact import snapshot as snapshots
from duo.impact.dimensions import allowed
from duo.testimony import queries as quotes_queries

from . import services
from .forms import MARKDOWN_HINT, SectionForm
from .models import Section, SectionKind
from .views import frozen_refusal, version_of, version_url
from .views_summary import describe, heading

FIGURES = (SectionKind.FIGURE, SectionKind.TABLE, SectionKind.KEY_FIGURES)


def _values(version, user) -> dict[str, list[str]]:
    """Each dimension's values in the snapshot the figures will come from, in their natural order."""
    snapshot = version.snapshot or snapshots.latest()
    if snapshot is None:
        return {}
    try:
        frames = snapshots.load(snapshot)
    except snapshots.SnapshotDamaged:
        return {}
    values = {}
    for key, dimension in allowed(user).items():
        if dimension.column in frames.duos.columns:
            codes = frames.duos.get_column(dimension.column).unique().to_list()
            values[key] = sorted((str(c) for c in codes if c is not None), key=dimension.sort_key)
    return values


def _form(request, version, kind, section=None):
    extra = {}
    if kind in FIGURES:
        extra["values"] = _values(version, request.user)
    if kind == SectionKind.QUOTES:
        extra["quotes"] = quotes_queries.usable(quotes_queries.PUBLIC, lang=(get_language() or "fr")[:2], viewer=None)
    data = request.POST if request.method == "POST" else None
    return SectionForm(data, kind=kind, languages=version.language_list, user=request.user, section=section, **extra)


def _page(request, version, form, kind, section=None):
    gone = []
    if kind == SectionKind.QUOTES and section is not None:
        gone = [pk for pk in section.testimonies if pk not in form.quotes]
    return render(request, "publications/staff/section_form.html", {
        "publication": version.publication, "version": version, "form": form, "section": section,
        "kind": kind, "kind_label": SectionKind(kind).label, "markdown_hint": MARKDOWN_HINT, "gone": gone,
        "may_translate": scoping.has(request.user, roles.TESTIMONIES_CHANGE)})


def _save(request, form, action):
    """Runs the service: what it returns, or None when its refusal is now on the form."""
    try:
        return action()
    except scoping.NotAllowed:
        raise PermissionDenied
    except services.PublicationError as exc:
        form.add_service_errors(exc.errors)
        return None


@require(roles.PUBLICATIONS_CHANGE)
def section_add(request, slug, number, kind):
    if kind not in SectionKind.values:
        raise Http404
    version = version_of(slug, number)
    if version.is_frozen:
        return frozen_refusal(request, version)
    form = _form(request, version, kind)
    if request.method == "POST" and form.is_valid():
        section = _save(request, form, lambda: services.section_add(version=version, by=request.user, kind=kind,
                                                                    **form.values()))
        if section is not None:
            messages.success(request, _("Section added."))
            return redirect(version_url(version, f"section-{section.pk}"))
    return _page(request, version, form, kind)


def _section(version, pk) -> Section:
    return get_object_or_404(Section.objects.select_related("theme"), pk=pk, version=version)


@require(roles.PUBLICATIONS_CHANGE)
def section_edit(request, slug, number, pk):
    version = version_of(slug, number)
    section = _section(version, pk)
    if version.is_frozen:
        return frozen_refusal(request, version)
    form = _form(request, version, section.kind, section)
    if request.method == "POST" and form.is_valid():
        saved = _save(request, form, lambda: services.section_update(section=section, by=request.user,
                                                                     **form.values()))
        if saved is not None:
            messages.success(request, _("Section saved."))
            return redirect(version_url(version, f"section-{section.pk}"))
    return _page(request, version, form, section.kind, section)


@require(roles.PUBLICATIONS_CHANGE)
def section_delete(request, slug, number, pk):
    """Asks first (GET), deletes on the confirmation (POST)."""
    version = version_of(slug, number)
    section = _section(version, pk)
    if version.is_frozen:
        return frozen_refusal(request, version)
    if request.method == "POST":
        try:
            services.section_delete(section=section, by=request.user)
        except scoping.NotAllowed:
            raise PermissionDenied
        except services.PublicationError as exc:
            messages.error(request, " ".join(str(m) for m in exc.errors.values()))
        else:
            messages.success(request, _("Section deleted."))
        return redirect(version_url(version, "sections"))
    number_in_version = list(version.sections.values_list("pk", flat=True)).index(section.pk) + 1
    return render(request, "publications/staff/section_delete.html", {
        "publication": version.publication, "version": version, "section": section, "number": number_in_version,
        "facts": describe(section), "heading": heading(section), "comments": section.comments.count()})


@require(roles.PUBLICATIONS_CHANGE)
@require_POST
def section_move(request, slug, number, pk, direction):
    if direction not in ("up", "down"):
        raise Http404
    version = version_of(slug, number)
    section = _section(version, pk)
    try:
        services.section_move(section=section, by=request.user, up=direction == "up")
    except scoping.NotAllowed:
        raise PermissionDenied
    except services.PublicationError as exc:
        messages.error(request, " ".join(str(m) for m in exc.errors.values()))
    return redirect(version_url(version, f"section-{section.pk}"))
