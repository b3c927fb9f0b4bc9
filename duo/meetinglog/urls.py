from django.urls import path

from . import views, views_staff

app_name = "meetinglog"
urlpatterns = [
    path("log/<str:token>/", views.log, name="log"),
    path("staff/duos/<int:pk>/meeting-log/send/", views_staff.link_send, name="link_send"),
    path("staff/duos/<int:pk>/meeting-log/links/<int:link_pk>/revoke/", views_staff.link_revoke, name="link_revoke"),
    path("staff/duos/<int:pk>/meetings/new/", views_staff.meeting_add, name="meeting_add"),
]
