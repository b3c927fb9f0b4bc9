"""The recommendation registry and campaigns, under /staff/advocacy/."""

from django.urls import path

from . import views_campaigns as campaigns
from . import views_recommendations as views

R = "recommendations/<slug:code>/"
C = "campaigns/<slug:slug>/"
urlpatterns = [
    path("recommendations/", views.recommendation_list, name="recommendations"),
    path("recommendations/new/", views.recommendation_add, name="recommendation_add"),
    path(R, views.recommendation, name="recommendation"),
    path(R + "edit/", views.recommendation_edit, name="recommendation_edit"),
    path(R + "revise/", views.recommendation_revise, name="recommendation_revise"),
    path(R + "v<int:number>/", views.recommendation_version, name="recommendation_version"),
    path(R + "targets/add/", views.target_add, name="target_add"),
    path(R + "targets/<int:pk>/status/", views.target_status, name="target_status"),
    path("campaigns/", campaigns.campaign_list, name="campaigns"),
    path("campaigns/new/", campaigns.campaign_add, name="campaign_add"),
    path(C, campaigns.campaign, name="campaign"),
    path(C + "edit/", campaigns.campaign_edit, name="campaign_edit"),
    path(C + "milestones/add/", campaigns.milestone_add, name="milestone_add"),
    path(C + "milestones/<int:pk>/done/", campaigns.milestone_done, name="milestone_done"),
]
