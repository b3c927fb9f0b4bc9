"""The applicant's own page, opened from the personal link in their emails (no password).

The link's signed token is the only key: a forged one answers 404, like a page that does not exist; a
genuine one past its six months a short page saying so. The pages speak the language of the URL (the link is
made in the person's preferred language; the language switcher can change it).
"""

from functools import wraps

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from duo.intake.links import applicant_url, expired_link_person, person_from_token, revoked_link_person
from duo.privacy.context import Actor, acting_as
from duo.training import services as training_services
from duo.training.forms import EvaluationForm
from duo.training.models import TrainingSession

from . import portal, services
from .forms import ConfirmForm, posted
from .models import InfoSession
from .seats import SeatError
from .staff import ics_response


def portal_view(view):
    """Find the person of the token (404 if none), and keep the pages out of search engines and caches.

    The audit trail names the person acting and a path without the token: a token is a key."""

    @never_cache
    @wraps(view)
    def wrapped(request, token, **kwargs):
        person = person_from_token(token)
        if person is None:
            if revoked_link_person(token) is not None:
                # Switched off by staff (a leaked link) or by erasure: say so, and show nothing of the person.
                response = render(request, "people/link_revoked.html")
            elif expired_link_person(token) is None:
                raise Http404
            else:
                # A genuine link past its six months: say so, in the link's language, and show nothing of the person.
                response = render(request, "portal/expired.html")
            response["X-Robots-Tag"] = "noindex, nofollow"
            return response
        path = request.path.replace(token, "<token>")[:255]
        actor = Actor(label=f"applicant link (person {person.pk})", ip=request.META.get("REMOTE_ADDR"), path=path)
        with acting_as(actor):
            if portal.has_left(person):
                response = render(request, "portal/left.html", {"person": person})
            else:
                response = view(request, person, token, **kwargs)
        # base.html has no block for a robots meta tag; the header says the same to crawlers.
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return wrapped


def _home(token):
    return redirect("portal:home", token=token)


@portal_view
def home(request, person, token):
    registrations = list(portal.my_info_registrations(person))
    upcoming_info = [r for r in registrations if r.session.is_open]
    attended_info = [r for r in registrations if r.attended]
    mine = {r.session_id for r in upcoming_info}
    context = {
        "person": person, "token": token,
        "kinds": portal.open_kinds(person),
        "upcoming_info": upcoming_info,
        "attended_info": attended_info,
        "info_sessions": [s for s in portal.info_sessions_for(person) if s.pk not in mine],
        "wants_info": bool(portal.kinds_before_info_session(person)),
        "is_mentor": "mentor" in portal.open_kinds(person),
        "training_open": portal.is_training_mentor(person),
    }
    if context["training_open"]:
        overview = portal.training_overview(person)
        booked_modules = {row["module"].pk for row in overview if row["status"] == "booked"}
        context.update(
            modules=overview,
            modules_done=sum(row["status"] == "done" for row in overview),
            training_sessions=[s for s in portal.training_sessions_for(person) if s.module_id not in booked_modules],
            evaluations_due=list(portal.evaluations_due(person)),
        )
    return render(request, "portal/home.html", context)


def _seat_page(request, person, token, *, session, action, registered, template):
    """Confirm, then register or cancel: one page for the four actions, which work without JavaScript."""
    form = ConfirmForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            action()
        except SeatError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your registration is cancelled.") if registered
                             else _("You are registered. A confirmation is on its way by email."))
            return _home(token)
    return render(request, template, {"person": person, "token": token, "session": session, "form": form,
                                      "registered": registered,
                                      "holds_seat": session.seat_rows().filter(person=person).exists()})


def _info_session(person, pk):
    session = InfoSession.objects.filter(antenna_id=person.antenna_id, pk=pk).first()
    if session is None:
        raise Http404
    return session


def _training_session(person, pk):
    if not portal.is_training_mentor(person):
        raise Http404
    session = TrainingSession.objects.select_related("module").filter(antenna_id=person.antenna_id, pk=pk).first()
    if session is None:
        raise Http404
    return session


@portal_view
def info_register(request, person, token, pk):
    session = _info_session(person, pk)
    return _seat_page(request, person, token, session=session, registered=False, template="portal/seat.html",
                      action=lambda: services.register(session=session, person=person))


@portal_view
def info_unregister(request, person, token, pk):
    session = _info_session(person, pk)
    return _seat_page(request, person, token, session=session, registered=True, template="portal/seat.html",
                      action=lambda: services.unregister(session=session, person=person))


@portal_view
def training_register(request, person, token, pk):
    session = _training_session(person, pk)
    return _seat_page(request, person, token, session=session, registered=False, template="portal/seat.html",
                      action=lambda: training_services.register(session=session, person=person))


@portal_view
def training_unregister(request, person, token, pk):
    session = _training_session(person, pk)
    return _seat_page(request, person, token, session=session, registered=True, template="portal/seat.html",
                      action=lambda: training_services.unregister(session=session, person=person))


@portal_view
def evaluate(request, person, token, pk):
    session = TrainingSession.objects.select_related("module").filter(
        pk=pk, attendances__person=person, attendances__attended=True).first()
    if session is None:
        raise Http404
    done = session.evaluations.filter(person=person).exists()
    form = EvaluationForm(posted(request))
    if request.method == "POST" and not done and form.is_valid():
        try:
            training_services.evaluation_submit(session=session, person=person, **form.cleaned_data)
        except SeatError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Thank you for your evaluation."))
            return _home(token)
    return render(request, "portal/evaluate.html", {"person": person, "token": token, "session": session,
                                                    "form": form, "done": done})


@portal_view
def ics(request, person, token, kind, pk):
    if kind == "info":
        session = _info_session(person, pk)
    elif kind == "training":
        session = _training_session(person, pk)
    else:
        raise Http404
    language = get_language() or person.preferred_language
    return ics_response(session, language, personal_url=applicant_url(person, language))
