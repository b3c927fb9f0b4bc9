"""The applicant's own page, opened from the personal link in their emails (no password)."""

from django.http import Http404
from django.shortcuts import render

from duo.intake.links import person_from_token


def home(request, token):
    person = person_from_token(token)
    if person is None:
        raise Http404
    return render(request, "portal/home.html", {"person": person, "token": token})
