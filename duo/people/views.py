from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from duo.accounts import roles, scoping
from duo.accounts.reauth import recent_auth_required
from duo.accounts.scoping import require
from duo.core.concurrency import EditConflict
from duo.core.export import FORMATS, export_response
from duo.core.paging import paginate
from duo.intake.records.exports import people_columns
from duo.meetinglog.models import AccessLink

from . import services
from .forms import LinksRevokeForm, MenteeProfileForm, MentorProfileForm, PersonForm, PersonSearchForm
from .models import SPECIAL_CATEGORY_FIELDS, Person
from .queries import people_search


def _searched(request):
    """The search form and the people it finds, for the list and its export alike."""
    form = PersonSearchForm(request.GET or None, user=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = people_search(
        request.user, q=filters.get("q", ""), role=filters.get("role", ""), stage=filters.get("stage", ""),
        antenna=filters.get("antenna"),
    )
    return form, filters, qs


@require(roles.PEOPLE_VIEW)
def person_list(request):
    form, _filters, qs = _searched(request)
    query = request.GET.copy()
    for name in ("page", "format"):
        query.pop(name, None)
    return render(request, "people/list.html", {"form": form, "export_query": query.urlencode(),
                                                **paginate(request, qs)})


@require(roles.PEOPLE_VIEW)
@recent_auth_required
def person_export(request):
    """The list as it is filtered, as XLSX or CSV; special categories only for roles that may see them."""
    _form, filters, qs = _searched(request)
    fmt = request.GET.get("format") if request.GET.get("format") in FORMATS else "xlsx"
    qs = qs.select_related("mentee__target_occupation", "mentor__career_occupation").prefetch_related("languages")
    return export_response(user=request.user, rows=qs.iterator(chunk_size=2000),
                           columns=people_columns(filters.get("role", "")), filename="people", fmt=fmt, model=Person)


def _person(request, pk):
    return scoping.get_or_404(
        request.user, Person.objects.select_related("antenna", "municipality", "mentee__target_occupation",
                                                    "mentor__career_occupation"), pk=pk
    )


@require(roles.PEOPLE_VIEW)
def person_detail(request, pk):
    person = _person(request, pk)
    duos = []
    for side in ("mentee", "mentor"):
        profile = getattr(person, side, None)
        if profile is not None:
            duos += list(
                scoping.scope(request.user, profile.duos.select_related("mentor__person", "mentee__person"))
            )
    return render(request, "people/detail.html", {
        "person": person,
        "spoken": person.languages.all(),
        "duos": duos,
        "can_change": scoping.can_change(request.user, person),
        "can_special": scoping.can_view_special_category(request.user, person),
    })


@require(roles.SPECIAL_CATEGORY_VIEW)
def person_sensitive(request, pk):
    person = _person(request, pk)
    try:
        values = services.special_category_read(person=person, by=request.user)
    except scoping.NotAllowed:
        raise Http404
    template = "people/_sensitive.html" if request.htmx else "people/sensitive.html"
    return render(request, template, {"person": person, "values": values.values()})


@require(roles.PEOPLE_CHANGE)
def person_edit(request, pk):
    person = _person(request, pk)
    profile = getattr(person, "mentee", None) if hasattr(person, "mentee") else None
    profile_form_class = MenteeProfileForm
    if profile is None and hasattr(person, "mentor"):
        profile, profile_form_class = person.mentor, MentorProfileForm
    data = request.POST if request.method == "POST" else None
    form = PersonForm(data, instance=person, user=request.user)
    profile_form = profile_form_class(data, instance=profile, prefix="profile") if profile else None
    if request.method == "POST" and form.is_valid() and (profile_form is None or profile_form.is_valid()):
        try:
            services.person_update(person=person, form=form, profile_form=profile_form, by=request.user)
        except EditConflict as conflict:
            # Someone saved this person after the form was loaded: nothing is saved, theirs is shown.
            form.refuse(conflict)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("people:detail", pk=person.pk)
    if any(name in form.fields for name in SPECIAL_CATEGORY_FIELDS):
        # The form shows the current special-category values: that is a view, and it is audited.
        services.special_category_read(person=person, by=request.user)
    return render(request, "people/edit.html", {"person": person, "form": form, "profile_form": profile_form})


@require(roles.PEOPLE_CHANGE)
def person_links_revoke(request, pk):
    """Switch off the personal links already emailed to the person (a lost phone, a forwarded email)."""
    person = _person(request, pk)
    form = LinksRevokeForm(request.POST or None, initial={"confirm": True})
    if request.method == "POST" and form.is_valid():
        try:
            services.links_revoke(person=person, by=request.user)
        except scoping.NotAllowed:
            raise Http404 from None
        messages.success(request, _(
            "The personal links already sent to %(name)s no longer work: their Duo page, their testimonies and their "
            "meeting-log links. New emails will carry new links. The link to manage their consent still works."
        ) % {"name": person})
        return redirect("people:detail", pk=person.pk)
    return render(request, "people/links_revoke.html", {
        "person": person, "form": form, "meeting_links": AccessLink.objects.active().filter(person=person).count()})
