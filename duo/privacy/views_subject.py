"""The "Data held about this person" page and its two downloads, for staff who may change the person."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from duo.accounts import roles, scoping
from duo.accounts.reauth import recent_auth_required
from duo.accounts.scoping import require
from duo.people.models import Person

from . import subject, subject_render


def _person(request, pk):
    # The same rule as editing the person: their antenna, and the right to change them; anything else is 404.
    person = scoping.get_or_404(request.user, Person.objects.select_related("antenna"), pk=pk)
    if not scoping.can_change(request.user, person):
        raise Http404
    return person


@require(roles.PEOPLE_CHANGE)
@require_GET
def data(request, pk):
    person = _person(request, pk)
    return render(request, "privacy/subject/data.html", {
        "person": person,
        "counts": subject.section_counts(person),
        "consent": subject.consent_state(person),
    })


def _download(request, pk, fmt):
    person = _person(request, pk)
    try:
        content = subject_render.export_person(person=person, fmt=fmt, by=request.user)
    except scoping.NotAllowed:
        raise Http404
    response = HttpResponse(content, content_type=subject_render.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{subject_render.filename(person, fmt)}"'
    # Decrypted special-category data: no browser or proxy keeps a copy.
    response["Cache-Control"] = "no-store"
    return response


@require(roles.PEOPLE_CHANGE)
@require_GET
@recent_auth_required
def download_json(request, pk):
    return _download(request, pk, "json")


@require(roles.PEOPLE_CHANGE)
@require_GET
@recent_auth_required
def download_pdf(request, pk):
    return _download(request, pk, "pdf")
