"""Quote sets ("drafts"): staff-made selections of quotes, and their printable quote sheet.

What a set shows goes through queries.usable(PUBLIC): a withdrawn quote is gone (its items are
deleted and a notice says so), and a quote whose consent no longer allows public use is held back."""

import csv

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from duo.accounts import roles, scoping
from duo.accounts.scoping import require
from duo.core.export import safe_text
from duo.core.forms import errors_into

from . import queries, services
from .forms import QuoteSetForm, SheetForm
from .models import QuoteSet, Testimony


def _set(request, pk):
    return scoping.get_or_404(request.user, QuoteSet.objects.all(), pk=pk)


def _quotes(quote_set, *, lang=None, viewer=None):
    """The set's quotes in the set's order, each as usable(PUBLIC) renders it, and how many are held back."""
    items = list(quote_set.items.order_by("position", "id").values_list("pk", "testimony_id"))
    within = Testimony.objects.filter(pk__in=[t for _i, t in items])
    quotes = {q.pk: q for q in queries.usable(queries.PUBLIC, lang=lang, viewer=viewer, within=within)}
    ordered = [(item_pk, quotes[t]) for item_pk, t in items if t in quotes]
    return ordered, len(items) - len(ordered)


@require(roles.TESTIMONIES_VIEW)
def sets(request):
    form = QuoteSetForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if not scoping.has(request.user, roles.TESTIMONIES_CHANGE):
            raise Http404
        if form.is_valid():
            try:
                quote_set = services.set_create(by=request.user, **form.cleaned_data)
            except services.TestimonyError as e:
                errors_into(form, e.errors)
            else:
                messages.success(request, _("Quote set created. Add quotes from the library."))
                return redirect("testimony:set", pk=quote_set.pk)
    return render(request, "testimony/sets.html", {
        "form": form, "sets": scoping.scope(request.user, QuoteSet.objects.all()),
        "can_change": scoping.has(request.user, roles.TESTIMONIES_CHANGE)})


@require(roles.TESTIMONIES_VIEW)
def quote_set(request, pk):
    qs = _set(request, pk)
    ordered, held_back = _quotes(qs, viewer=request.user)
    # Quotes the user may add: usable in public, within their scope, not already in the set.
    candidates = [q for q in queries.usable(queries.PUBLIC, viewer=request.user,
                                            within=Testimony.objects.exclude(set_items__quote_set=qs))]
    return render(request, "testimony/set.html", {
        "set": qs, "quotes": ordered, "held_back": held_back, "notices": qs.notices.all(),
        "candidates": candidates, "can_change": scoping.can_change(request.user, qs),
        "sheet_form": SheetForm(initial={"lang": get_language()[:2]}),
    })


@require_POST
@require(roles.TESTIMONIES_CHANGE)
def set_add(request, pk):
    qs = _set(request, pk)
    testimony_pk = request.POST.get("testimony", "")
    if not testimony_pk.isdigit():
        messages.error(request, _("Choose a quote to add."))
        return redirect("testimony:set", pk=qs.pk)
    testimony = scoping.get_or_404(request.user, Testimony.objects.all(), pk=int(testimony_pk))
    try:
        services.set_add(quote_set=qs, testimony=testimony, by=request.user)
    except scoping.NotAllowed:
        raise Http404
    except services.TestimonyError as e:
        messages.error(request, str(e))
    else:
        messages.success(request, _("Quote added to the set."))
    return redirect("testimony:set", pk=qs.pk)


@require_POST
@require(roles.TESTIMONIES_CHANGE)
def set_remove(request, pk, item_pk):
    qs = _set(request, pk)
    item = get_object_or_404(scoping.scope(request.user, qs.items.all()), pk=item_pk)
    try:
        services.set_remove(item=item, by=request.user)
    except scoping.NotAllowed:
        raise Http404
    messages.success(request, _("Quote removed from the set."))
    return redirect("testimony:set", pk=qs.pk)


def _public(request, qs):
    """The set's quotes as the public sees them (authors as consented), in the language asked for; a
    coordinator gets only the quotes of their antennas: scope first, then render as the public sees it."""
    form = SheetForm(request.GET or None, initial={"lang": get_language()[:2]})
    lang = form.cleaned_data["lang"] if form.is_valid() else get_language()[:2]
    ordered, _held_back = _quotes(qs, lang=lang, viewer=None)
    visible = set(scoping.scope(request.user, Testimony.objects.filter(pk__in=[q.pk for _i, q in ordered]))
                  .values_list("pk", flat=True))
    return [q for _i, q in ordered if q.pk in visible], lang


@require(roles.TESTIMONIES_VIEW)
def sheet(request, pk):
    """The printable quote sheet in a chosen language: authors named only as their consent allows,
    translations labelled as such, withdrawn quotes never there."""
    qs = _set(request, pk)
    quotes, lang = _public(request, qs)
    return render(request, "testimony/sheet.html", {"set": qs, "quotes": quotes, "lang": lang})


@require(roles.TESTIMONIES_VIEW)
def export(request, pk):
    """The same quotes as the sheet, as CSV for the layout of a publication."""
    qs = _set(request, pk)
    quotes, lang = _public(request, qs)
    with override(lang):
        header = [_("Position"), _("Quote"), _("Language"), _("Translation"), _("Author"), _("Themes")]
        rows = [[i, q.text, q.language, q.translated_from if q.is_translation else "", q.author,
                 ", ".join(t.name for t in q.themes)] for i, q in enumerate(quotes, 1)]
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="quotes-{qs.pk}-{lang}.csv"'
    response.write("\ufeff")  # a BOM, so that spreadsheet programs read the accents right
    writer = csv.writer(response)
    writer.writerow(header)
    # A quote starting like a formula (=, +, -, @, a tab or a carriage return) must not run in a spreadsheet.
    writer.writerows([safe_text(cell) for cell in row] for row in rows)
    return response
