from django.urls import path

from . import views

app_name = "calendarfeed"
urlpatterns = [
    path("", views.subscribe, name="subscribe"),
    path("revoke/", views.revoke, name="revoke"),
]
