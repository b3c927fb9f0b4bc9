"""Interactions (meetings, letters, hearings...) and the follow-ups promised in them."""

from django.urls import path

from . import views_interactions as views

urlpatterns = [
    path("interactions/", views.interaction_list, name="interactions"),
    path("interactions/new/", views.interaction_add, name="interaction_add"),
    path("interactions/export/", views.interaction_export, name="interactions_export"),
    path("interactions/<int:pk>/", views.interaction_detail, name="interaction"),
    path("interactions/<int:pk>/edit/", views.interaction_edit, name="interaction_edit"),
    path("interactions/<int:pk>/delete/", views.interaction_delete, name="interaction_delete"),
    path("follow-ups/", views.follow_ups, name="follow_ups"),
    path("follow-ups/<int:pk>/done/", views.follow_up_done, name="follow_up_done"),
]
