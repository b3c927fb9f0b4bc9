"""Staff pages for testimonies: the library, one testimony, adding, editing, translating, the
de-identification check and recording a withdrawal. Quote sets are in views_sets, the author's
page in views_voice."""

from django.contrib import messages
from django.core.exceptions import SuspiciousFileOperation
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from duo.accounts import roles, scoping
from duo.accounts.scoping import require
from duo.core import security
from duo.core.forms import errors_into
from duo.core.paging import paginate
from duo.people.models import Person

from . import deidentify, queries, services
from .forms import CheckForm, FilterForm, StaffWithdrawForm, TestimonyForm, TranslationForm
from .models import Consent, QuoteSet, Testimony, WithdrawalChannel


def _posted(request):
    # Bound on any POST, even an empty one: it comes back with its errors rather than blank.
    return request.POST if request.method == "POST" else None


def _testimony(request, pk):
    return scoping.get_or_404(request.user, Testimony.objects.select_related("person", "duo"), pk=pk)


@require(roles.TESTIMONIES_VIEW)
def library(request):
    form = FilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    state = filters.pop("state", "") or "usable"
    within = queries.filtered(request.user, **filters)
    if state == "withdrawn":
        rows, quotes = queries.withdrawn(request.user, within), None
    else:
        quotes = queries.usable(queries.PUBLIC if state == "public" else queries.INTERNAL, viewer=request.user,
                                within=within)
        rows = None
    return render(request, "testimony/library.html", {
        **paginate(request, quotes if quotes is not None else rows, per_page=30),
        "form": form, "state": state, "withdrawn_list": quotes is None,
        "can_add": scoping.has(request.user, roles.PEOPLE_CHANGE) and scoping.has(request.user, roles.TESTIMONIES_CHANGE),
    })


@require(roles.TESTIMONIES_VIEW)
def detail(request, pk):
    testimony = _testimony(request, pk)
    quote = next(iter(queries.usable(queries.INTERNAL, viewer=request.user,
                                     within=Testimony.objects.filter(pk=testimony.pk))), None)
    return render(request, "testimony/detail.html", {
        "testimony": testimony, "quote": quote,
        "author_visible": queries.may_see_author(request.user, testimony),
        "public_label": queries.public_label(testimony),
        "public": queries.is_usable(testimony, queries.PUBLIC),
        "translations": testimony.translations.all(),
        "sets": QuoteSet.objects.filter(items__testimony=testimony).distinct(),
        "can_change": scoping.can_change(request.user, testimony),
    })


_EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}


@require(roles.TESTIMONIES_VIEW)
def photo(request, pk):
    """The testimony's photo, for the staff pages' <img>: media is served by no other route, so this view's
    scoping is the only way to it. Only a photo the author still agrees to (full name and photo, not withdrawn)."""
    testimony = _testimony(request, pk)
    if testimony.is_withdrawn or testimony.consent != Consent.FULL_NAME or not testimony.photo:
        raise Http404
    try:
        handle = testimony.photo.open("rb")
    except (OSError, SuspiciousFileOperation):  # the file is gone, or the stored name points outside the media
        raise Http404
    # What the bytes are, not what the name says: anything but a JPEG, PNG or WebP is sent as a download.
    content_type = security.image_type(handle) or "application/octet-stream"
    # A neutral name: the uploaded one may carry the author's name into a "save as".
    name = f"testimony-{testimony.pk}.{_EXTENSIONS.get(content_type, 'bin')}"
    response = security.serve_headers(FileResponse(handle), content_type, name)
    response["Cache-Control"] = "private, no-store"
    return response


def _form_kwargs(data):
    return {k: data[k] for k in ("text", "language", "consent", "purpose", "consent_on", "collected_on",
                                 "collected_how", "themes", "areas", "photo") if k in data}


@require(roles.PEOPLE_CHANGE)
def add(request):
    if not scoping.has(request.user, roles.TESTIMONIES_CHANGE):
        raise Http404
    people = scoping.scope(request.user, Person.objects.all()).order_by("last_name", "first_name")
    form = TestimonyForm(_posted(request), request.FILES or None, person_choices=people)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            testimony = services.testimony_create(by=request.user, person=data.pop("person"), **_form_kwargs(data))
        except scoping.NotAllowed:
            raise Http404
        except services.TestimonyError as e:
            errors_into(form, e.errors)
        else:
            messages.success(request, _("Testimony recorded."))
            return redirect("testimony:detail", pk=testimony.pk)
    return render(request, "testimony/form.html", {"form": form, "testimony": None, "answer": None})


@require(roles.PEOPLE_CHANGE)
def from_answer(request, answer_pk):
    """Make a testimony from a free-text survey answer: the answer's text, its author, its language."""
    from duo.survey.models import Answer

    answer = scoping.get_or_404(
        request.user, Answer.objects.select_related("response__person", "response__duo", "question"),
        pk=answer_pk, text__isnull=False)
    if not scoping.has(request.user, roles.TESTIMONIES_CHANGE) or not (answer.text or "").strip():
        raise Http404
    initial = {"text": answer.text, "language": answer.response.language, "collected_on": answer.response.answered_on}
    form = TestimonyForm(_posted(request), request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            testimony = services.testimony_create(by=request.user, person=answer.response.person, answer=answer,
                                                  **_form_kwargs(form.cleaned_data))
        except scoping.NotAllowed:
            raise Http404
        except services.TestimonyError as e:
            errors_into(form, e.errors)
        else:
            messages.success(request, _("Testimony recorded."))
            return redirect("testimony:detail", pk=testimony.pk)
    return render(request, "testimony/form.html", {"form": form, "testimony": None, "answer": answer})


@require(roles.TESTIMONIES_CHANGE)
def edit(request, pk):
    testimony = _testimony(request, pk)
    if testimony.is_withdrawn:
        raise Http404
    initial = {name: getattr(testimony, name) for name in ("text", "language", "consent", "purpose", "consent_on",
                                                            "collected_on", "collected_how")}
    initial.update(themes=list(testimony.themes.all()), areas=testimony.area_list)
    form = TestimonyForm(_posted(request), request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        changes = _form_kwargs(form.cleaned_data)  # photo False: "clear" ticked on the file input
        try:
            services.testimony_update(testimony=testimony, by=request.user, **changes)
        except scoping.NotAllowed:
            raise Http404
        except services.TestimonyError as e:
            errors_into(form, e.errors)
        else:
            messages.success(request, _("Testimony saved."))
            return redirect("testimony:detail", pk=testimony.pk)
    return render(request, "testimony/form.html", {"form": form, "testimony": testimony, "answer": None})


@require(roles.TESTIMONIES_CHANGE)
def translate(request, pk):
    testimony = _testimony(request, pk)
    if testimony.is_withdrawn:
        raise Http404
    form = TranslationForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.translation_save(testimony=testimony, by=request.user, **form.cleaned_data)
        except scoping.NotAllowed:
            raise Http404
        except services.TestimonyError as e:
            errors_into(form, e.errors)
        else:
            messages.success(request, _("Translation saved."))
            return redirect("testimony:detail", pk=testimony.pk)
    return render(request, "testimony/translate.html", {"form": form, "testimony": testimony})


@require(roles.TESTIMONIES_CHANGE)
def check(request, pk):
    """The de-identification check: the quote with what may identify its author highlighted."""
    testimony = _testimony(request, pk)
    if testimony.is_withdrawn:
        raise Http404
    spans = services.flags(testimony)
    form = CheckForm(_posted(request), spans=spans)
    if request.method == "POST" and form.is_valid():
        try:
            services.check_deidentification(testimony=testimony, by=request.user,
                                            confirmed=form.cleaned_data["confirmed"])
        except scoping.NotAllowed:
            raise Http404
        except services.TestimonyError as e:
            errors_into(form, e.errors)
        else:
            messages.success(request, _("Checked: the quote may be used anonymously."))
            return redirect("testimony:detail", pk=testimony.pk)
    kinds = sorted({s.kind for s in spans}, key=deidentify.KINDS.index)
    return render(request, "testimony/check.html", {
        "testimony": testimony, "form": form, "spans": spans, "kinds": [(k, KIND_LABELS[k]) for k in kinds],
        "segments": [(text, kind, KIND_LABELS.get(kind, "")) for text, kind, _i in deidentify.segments(testimony.text, spans)],
    })


KIND_LABELS = {
    deidentify.NAME: gettext_lazy("name"), deidentify.PLACE: gettext_lazy("place"), deidentify.EMPLOYER: gettext_lazy("employer"),
    deidentify.AGE: gettext_lazy("age"), deidentify.BIRTH_DATE: gettext_lazy("date"), deidentify.EMAIL: gettext_lazy("email address"),
    deidentify.PHONE: gettext_lazy("phone number"),
}


@require(roles.TESTIMONIES_CHANGE)
def withdraw(request, pk):
    """Record a withdrawal the author asked for by phone, email or in person."""
    testimony = _testimony(request, pk)
    if testimony.is_withdrawn:
        return redirect("testimony:detail", pk=testimony.pk)
    form = StaffWithdrawForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw(testimony=testimony, channel=WithdrawalChannel.STAFF, by=request.user)
        except scoping.NotAllowed:
            raise Http404
        messages.success(request, _("The testimony is withdrawn: it is erased and removed from every draft."))
        return redirect("testimony:detail", pk=testimony.pk)
    return render(request, "testimony/withdraw.html", {"testimony": testimony, "form": form})
