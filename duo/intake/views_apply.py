"""The public application pages: anonymous visitors, in the language of the address."""

from django.shortcuts import redirect, render
from django.urls import reverse

from duo.people.choices import Channel

from . import applications
from .choices import Kind
from .forms_apply import FORMS


def start(request):
    return render(request, "intake/apply/start.html")


def _apply(request, kind):
    form_class = FORMS[kind]
    if request.method == "POST":
        ip = applications.client_ip(request.META) or "unknown"
        if applications.rate_limited(ip):
            return _too_many(request)
        form = form_class(request.POST)
        if form.is_spam():
            # A robot filled in the hidden field: it sees the usual thanks, nothing is stored or sent.
            applications.count_submission(ip)
            return _done(kind)
        if form.is_valid():
            try:
                applications.application_receive(kind=kind, data=form.cleaned_data, language=request.LANGUAGE_CODE,
                                                  channel=Channel.WEB, ip=ip)
            except applications.RateLimited:
                return _too_many(request)
            return _done(kind)
    else:
        form = form_class(initial={"preferred_language": request.LANGUAGE_CODE})
    return render(request, "intake/apply/form.html", {"form": form, "kind": kind})


def mentee(request):
    return _apply(request, Kind.MENTEE)


def mentor(request):
    return _apply(request, Kind.MENTOR)


def done(request):
    kind = request.GET.get("as")
    return render(request, "intake/apply/done.html", {"kind": kind if kind in Kind.values else ""})


def _done(kind):
    # Post/redirect/get: reloading the thanks page does not send the application twice.
    return redirect(f"{reverse('apply:done')}?as={kind}")


def _too_many(request):
    return render(request, "intake/apply/limited.html", status=429)
