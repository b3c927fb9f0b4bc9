from django.urls import path

from . import views

app_name = "followup"
urlpatterns = [
    path("", views.week, name="week"),
    path("check-ins/<int:pk>/done/", views.checkin_done, name="checkin_done"),
    path("duos/<int:pk>/notes/new/", views.note_add, name="note_add"),
]
