"""The administrators' pages to manage API tokens, under /staff/api-tokens/."""

from django.urls import path

from . import staff_views as views

app_name = "api_tokens"

urlpatterns = [
    path("", views.token_list, name="list"),
    path("new/", views.token_add, name="add"),
    path("<int:pk>/", views.token_detail, name="detail"),
    path("<int:pk>/revoke/", views.token_revoke, name="revoke"),
]
