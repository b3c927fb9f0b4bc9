"""Staff pages of publications: the list, a new publication, a version (its sections, what is missing per
language, the review comments, the workflow, the figures that moved since the version it updates), its titles,
its snapshot, the preview and the PDF. Sections are edited in views_sections.

Every write goes through duo.publications.services: a PublicationError comes back on the form or as a message,
nothing changed; scoping.NotAllowed is a 403.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from duo.accounts import roles, scoping
from duo.accounts.scoping import require
from duo.core.forms import errors_into
from duo.impact.models import Snapshot

from . import content, services
from . import render as rendering
from .forms import CommentForm, PublicationForm, SnapshotForm, VersionForm, language_name
from .models import LANGUAGES, Comment, Publication, SectionKind, Status, Version
from .views_summary import changed_figures, describe, heading

WORKFLOW = {"submit": services.version_submit, "return": services.version_return,
            "publish": services.version_publish}
WORKFLOW_DONE = {"submit": gettext_lazy("Sent for review."), "return": gettext_lazy("Back to draft."),
                 "publish": gettext_lazy("Published.")}


def version_of(slug, number) -> Version:
    return get_object_or_404(Version.objects.select_related("publication", "snapshot", "based_on"),
                             publication__slug=slug, number=number)


def version_url(version, anchor="") -> str:
    url = reverse("publications:version", args=[version.publication.slug, version.number])
    return f"{url}#{anchor}" if anchor else url


def frozen_refusal(request, version):
    """A published version never changes: say so on its page rather than show a form that cannot be saved."""
    messages.error(request, _("This version is published and cannot change. Start a new version."))
    return redirect(version_url(version))


def display_title(version) -> str:
    """The title in the reader's language, else in the first language that has one, else the address."""
    return version.title() or next((version.title(c) for c in LANGUAGES if version.title(c)), version.publication.slug)


def _posted(request):
    return request.POST if request.method == "POST" else None


# --- the list and a new publication ------------------------------------------------------------------------------

@require(roles.PUBLICATIONS_VIEW)
def publication_list(request):
    rows = []
    for publication in Publication.objects.prefetch_related("versions"):
        versions = sorted(publication.versions.all(), key=lambda v: -v.number)
        if not versions:
            continue
        published = next((v for v in versions if v.status == Status.PUBLISHED), None)
        rows.append({"publication": publication, "latest": versions[0], "published": published,
                     "title": display_title(versions[0]),
                     "languages": [language_name(c) for c in versions[0].language_list]})
    may_change = scoping.has(request.user, roles.PUBLICATIONS_CHANGE)
    form = PublicationForm() if may_change else None
    return render(request, "publications/staff/list.html", {"rows": rows, "form": form, "may_change": may_change})


@require(roles.PUBLICATIONS_CHANGE)
def create(request):
    form = PublicationForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            publication = services.publication_create(
                by=request.user, slug=data["slug"], kind=data["kind"], languages=data["languages"],
                **{f"title_{c}": data.get(f"title_{c}", "") for c in LANGUAGES})
        except scoping.NotAllowed:
            raise PermissionDenied
        except services.PublicationError as exc:
            errors_into(form, exc.errors)
        else:
            messages.success(request, _("Publication created: version 1 is a draft."))
            return redirect(version_url(publication.latest))
    return render(request, "publications/staff/create.html", {"form": form})


@require(roles.PUBLICATIONS_VIEW)
def publication(request, slug):
    """A publication's address leads to its latest version."""
    found = get_object_or_404(Publication, slug=slug)
    latest = found.latest
    if latest is None:
        raise Http404
    return redirect(version_url(latest))


# --- a version -----------------------------------------------------------------------------------------------------

def _gap_links(version, lang, sections) -> list[str]:
    """Where to write each missing text, in the order content.missing lists them."""
    edit = reverse("publications:version_edit", args=[version.publication.slug, version.number])
    links = []
    if not version.title(lang):
        links.append(f"{edit}#id_title_{lang}")
    if not version.summary(lang):
        links.append(f"{edit}#id_summary_{lang}")
    for section in sections:
        url = reverse("publications:section_edit", args=[version.publication.slug, version.number, section.pk])
        if not section.heading(lang):
            links.append(f"{url}#id_heading_{lang}")
        listed = content.listed_recommendations(section)
        if content.needs_body(section, listed) and not section.body(lang):
            links.append(f"{url}#id_body_{lang}")
        if section.kind == SectionKind.QUOTES and not version.is_frozen and content.untranslated_quotes(section, lang):
            links.append(f"{url}#quotes")
        links += [f"{url}#recommendations"] * len(content.untranslated_recommendations(listed, lang))
    return links


def _missing(version, sections) -> list[dict]:
    out = []
    for lang, gaps in content.missing(version).items():
        links = _gap_links(version, lang, sections) if not version.is_frozen else []
        if len(links) != len(gaps):  # never a link to the wrong place
            links = [""] * len(gaps)
        out.append({"code": lang, "name": language_name(lang), "gaps": list(zip(gaps, links))})
    return out


def version_context(request, version, *, comment_form=None) -> dict:
    sections = list(version.sections.select_related("theme"))
    may_change = scoping.has(request.user, roles.PUBLICATIONS_CHANGE)
    editable = may_change and not version.is_frozen
    comments = list(version.comments.select_related("author", "section"))
    numbers = {s.pk: n for n, s in enumerate(sections, 1)}
    versions = list(version.publication.versions.order_by("-number"))
    return {
        "publication": version.publication, "version": version, "versions": versions, "title": display_title(version),
        "is_latest": versions[0].pk == version.pk,
        "may_change": may_change, "editable": editable,
        "sections": [{"section": s, "number": n, "facts": describe(s), "heading": heading(s),
                      "comments": sum(1 for c in comments if c.section_id == s.pk and c.resolved_at is None)}
                     for n, s in enumerate(sections, 1)],
        "section_kinds": SectionKind.choices,
        "missing": _missing(version, sections),
        "comments": [{"comment": c, "section_number": numbers.get(c.section_id),
                      "may_resolve": c.resolved_at is None and (may_change or c.author_id == request.user.pk)}
                     for c in comments],
        "open_comments": sum(1 for c in comments if c.resolved_at is None),
        "comment_form": comment_form or CommentForm(sections=sections),
        "snapshot_form": SnapshotForm(initial={"snapshot": version.snapshot}) if editable else None,
        "newer_snapshot": _newer_snapshot(version),
        "changes": changed_figures(version, sections) if version.based_on_id else None,
        "languages": [{"code": c, "name": language_name(c), "title": version.title(c), "summary": version.summary(c)}
                      for c in version.language_list],
    }


def _newer_snapshot(version):
    if version.is_frozen or version.snapshot is None:
        return None
    newest = Snapshot.objects.order_by("-taken_at", "-id").first()
    return newest if newest and newest.pk != version.snapshot_id else None


@require(roles.PUBLICATIONS_VIEW)
def version_page(request, slug, number):
    version = version_of(slug, number)
    return render(request, "publications/staff/version.html", version_context(request, version))


@require(roles.PUBLICATIONS_CHANGE)
def version_edit(request, slug, number):
    version = version_of(slug, number)
    if version.is_frozen:
        return frozen_refusal(request, version)
    initial = {"languages": version.language_list,
               **{f"{stem}_{c}": getattr(version, f"{stem}_{c}") for stem in ("title", "summary") for c in LANGUAGES}}
    form = VersionForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.version_update(version=version, by=request.user, languages=data["languages"],
                                    **{name: data.get(name, "") for name in services.VERSION_TEXTS})
        except scoping.NotAllowed:
            raise PermissionDenied
        except services.PublicationError as exc:
            errors_into(form, exc.errors)
        else:
            messages.success(request, _("Titles and summaries saved."))
            return redirect(version_url(version))
    return render(request, "publications/staff/version_form.html", {"form": form, "version": version,
                                                                    "publication": version.publication})


@require(roles.PUBLICATIONS_CHANGE)
@require_POST
def version_snapshot(request, slug, number):
    version = version_of(slug, number)
    form = SnapshotForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the snapshots in the list."))
        return redirect(version_url(version, "snapshot"))
    try:
        services.version_update(version=version, by=request.user, snapshot=form.cleaned_data["snapshot"])
    except scoping.NotAllowed:
        raise PermissionDenied
    except services.PublicationError as exc:
        messages.error(request, " ".join(str(m) for m in exc.errors.values()))
    else:
        messages.success(request, _("The figures of this version now come from snapshot #%(id)s.")
                         % {"id": form.cleaned_data["snapshot"].pk})
    return redirect(version_url(version, "snapshot"))


@require(roles.PUBLICATIONS_CHANGE)
@require_POST
def workflow(request, slug, number, action):
    if action not in WORKFLOW:
        raise Http404
    version = version_of(slug, number)
    try:
        WORKFLOW[action](version=version, by=request.user)
    except scoping.NotAllowed:
        raise PermissionDenied
    except services.PublicationError as exc:
        messages.error(request, " ".join(str(m) for m in exc.errors.values()))
    else:
        messages.success(request, WORKFLOW_DONE[action])
    return redirect(version_url(version))


@require(roles.PUBLICATIONS_CHANGE)
@require_POST
def new_version(request, slug):
    """Update to new data: a new draft from the latest (published) version, on the newest snapshot."""
    found = get_object_or_404(Publication, slug=slug)
    try:
        version = services.version_new(publication=found, by=request.user)
    except scoping.NotAllowed:
        raise PermissionDenied
    except services.PublicationError as exc:
        messages.error(request, " ".join(str(m) for m in exc.errors.values()))
        return redirect(version_url(found.latest))
    messages.success(request, _("Version %(n)s is a new draft on the newest snapshot: check what changed in the "
                                "figures below.") % {"n": version.number})
    return redirect(version_url(version, "changes"))


# --- comments ------------------------------------------------------------------------------------------------------

@require(roles.PUBLICATIONS_VIEW)
@require_POST
def comment_add(request, slug, number):
    version = version_of(slug, number)
    sections = list(version.sections.all())
    form = CommentForm(request.POST, sections=sections)
    if form.is_valid():
        section = next((s for s in sections if str(s.pk) == form.cleaned_data["section"]), None)
        try:
            comment = services.comment_add(version=version, by=request.user, text=form.cleaned_data["text"],
                                           section=section)
        except scoping.NotAllowed:
            raise PermissionDenied
        except services.PublicationError as exc:
            errors_into(form, exc.errors)
        else:
            messages.success(request, _("Comment added."))
            return redirect(version_url(version, f"comment-{comment.pk}"))
    return render(request, "publications/staff/version.html", version_context(request, version, comment_form=form))


@require(roles.PUBLICATIONS_VIEW)
@require_POST
def comment_resolve(request, slug, number, pk):
    version = version_of(slug, number)
    comment = get_object_or_404(Comment, pk=pk, version=version)
    try:
        services.comment_resolve(comment=comment, by=request.user)
    except scoping.NotAllowed:
        raise PermissionDenied
    messages.success(request, _("Comment resolved."))
    return redirect(version_url(version, "comments"))


# --- preview and PDF -----------------------------------------------------------------------------------------------

def _language_of(version, lang) -> str:
    if lang not in LANGUAGES or lang not in version.language_list:
        raise Http404
    return lang


@require(roles.PUBLICATIONS_VIEW)
def preview(request, slug, number, lang):
    version = version_of(slug, number)
    lang = _language_of(version, lang)
    try:
        document = rendering.html(version, lang, public=False, standalone=False)
    except rendering.RenderError as exc:
        messages.error(request, str(exc))
        return redirect(version_url(version))
    return render(request, "publications/staff/preview.html", {
        "publication": version.publication, "version": version, "document": mark_safe(document), "lang": lang,
        "language": language_name(lang),
        "languages": [{"code": c, "name": language_name(c)} for c in version.language_list]})


@require(roles.PUBLICATIONS_VIEW)
def pdf(request, slug, number, lang):
    version = version_of(slug, number)
    lang = _language_of(version, lang)
    # Synchronous: WeasyPrint takes a few seconds for a report; a background job is not worth it yet.
    # public=False: staff check drafts too; a draft's PDF says it is one on every page.
    try:
        document = rendering.pdf(version, lang, public=False)
    except rendering.RenderError as exc:
        messages.error(request, str(exc))
        return redirect(version_url(version))
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{rendering.filename(version, lang, "pdf")}"'
    return response
