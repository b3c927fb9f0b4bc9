"""Outcomes confirmed by partners (scope outcomes:write); included from duo/api/urls.py under /api/v1/."""

from django.urls import re_path

from . import views_outcomes

urlpatterns = [
    # Any integer, signed too, so that an id that cannot be a duo's gets the API's own 404 (JSON), not the site's.
    re_path(r"^duos/(?P<duo_id>-?[0-9]{1,30})/outcomes/$", views_outcomes.DuoOutcomes.as_view(),
            name="duo_outcomes"),
]
