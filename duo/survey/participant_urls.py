"""The pages a participant opens from a survey email, under /<lang>/s/<token>/ (no login)."""

from django.urls import path  # noqa: F401

app_name = "survey_answer"
urlpatterns = [
]
