"""Mounted under staff/people/ (before duo.people.urls): erasing one person, for administrators."""

from django.urls import path

from . import views_erasure

app_name = "erasure"
urlpatterns = [
    path("<int:pk>/erase/", views_erasure.confirm, name="confirm"),
]
