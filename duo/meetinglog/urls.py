from django.urls import include, path

from duo.journeys import acceptance_views

from . import views, views_staff

app_name = "meetinglog"
urlpatterns = [
    path("log/<str:token>/", views.log, name="log"),
    path("log/<str:token>/answer/", acceptance_views.link_answer, name="answer"),  # duo.journeys.acceptance
    path("log/<str:token>/agreement.pdf", acceptance_views.link_agreement, name="agreement"),
    path("", include("duo.careerplan.urls")),  # the career action plan: plan_* names
    path("staff/duos/<int:pk>/meeting-log/send/", views_staff.link_send, name="link_send"),
    path("staff/duos/<int:pk>/meeting-log/links/<int:link_pk>/revoke/", views_staff.link_revoke, name="link_revoke"),
    path("staff/duos/<int:pk>/meetings/new/", views_staff.meeting_add, name="meeting_add"),
]
