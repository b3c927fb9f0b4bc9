"""Mounted under staff/people/ (before duo.people.urls): the data held about one person."""

from django.urls import path

from . import views_subject

app_name = "subject"
urlpatterns = [
    path("<int:pk>/data/", views_subject.data, name="data"),
    path("<int:pk>/data/json/", views_subject.download_json, name="json"),
    path("<int:pk>/data/pdf/", views_subject.download_pdf, name="pdf"),
]
