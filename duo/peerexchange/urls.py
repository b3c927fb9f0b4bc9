from django.urls import path

from . import views

app_name = "peerexchange"
urlpatterns = [
    path("", views.session_list, name="list"),
    path("new/", views.session_new, name="new"),
    path("mentors/", views.mentors, name="mentors"),
    path("<int:pk>/", views.session_detail, name="detail"),
    path("<int:pk>/attendance/", views.attendance, name="attendance"),
    path("<int:pk>/invite/", views.invite, name="invite"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
]
