"""The administrators' pages to manage webhook subscriptions, under /staff/webhooks/."""

from django.urls import path

from . import views

app_name = "webhooks"

urlpatterns = [
    path("", views.subscription_list, name="list"),
    path("new/", views.subscription_add, name="add"),
    path("<int:pk>/", views.subscription_detail, name="detail"),
    path("<int:pk>/deactivate/", views.subscription_deactivate, name="deactivate"),
    path("<int:pk>/ping/", views.subscription_ping, name="ping"),
    path("deliveries/<int:pk>/retry/", views.delivery_retry, name="retry"),
]
