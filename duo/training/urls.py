from django.urls import path

from . import views

app_name = "training"
urlpatterns = [
    path("", views.session_list, name="list"),
    path("new/", views.session_create, name="create"),
    path("progress/", views.progress, name="progress"),
    path("<int:pk>/", views.session_detail, name="detail"),
    path("<int:pk>/edit/", views.session_edit, name="edit"),
    path("<int:pk>/cancel/", views.session_cancel, name="cancel"),
    path("<int:pk>/invite/", views.session_invite, name="invite"),
    path("<int:pk>/attendance/", views.session_attendance, name="attendance"),
    path("<int:pk>/calendar.ics", views.session_ics, name="ics"),
    path("attendances/<int:pk>/remove/", views.attendance_remove, name="attendance_remove"),
]
