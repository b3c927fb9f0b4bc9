"""The pages a participant opens from a survey email, under /<lang>/s/<token>/ (no login)."""

from django.urls import path  # noqa: F401

from . import answer_views, decline_views

app_name = "survey_answer"
urlpatterns = [
    path("<str:token>/", answer_views.answer, name="answer"),
    path("<str:token>/save/", answer_views.save, name="save"),
    path("<str:token>/decline/", decline_views.decline, name="decline"),
]
