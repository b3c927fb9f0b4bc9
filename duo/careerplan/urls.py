"""Included by duo.meetinglog.urls (one line), so the names live in the "meetinglog" namespace with a
"plan_" prefix: the participant's forms hang under their meeting-log token."""

from django.urls import path

from . import views, views_link

urlpatterns = [
    path("log/<str:token>/plan/new/", views_link.plan_add, name="plan_add"),
    path("log/<str:token>/plan/<int:goal_pk>/status/", views_link.plan_status, name="plan_status"),
    path("staff/duos/<int:pk>/plan/new/", views.goal_add, name="plan_goal_add"),
    path("staff/duos/<int:pk>/plan/<int:goal_pk>/edit/", views.goal_edit, name="plan_goal_edit"),
    path("staff/duos/<int:pk>/plan/<int:goal_pk>/remove/", views.goal_remove, name="plan_goal_remove"),
]
