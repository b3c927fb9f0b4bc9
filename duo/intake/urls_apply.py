from django.urls import path

from . import views_apply

app_name = "apply"
urlpatterns = [
    path("", views_apply.start, name="start"),
    path("mentee/", views_apply.mentee, name="mentee"),
    path("mentor/", views_apply.mentor, name="mentor"),
    path("thanks/", views_apply.done, name="done"),
]
