"""Research exports, under /staff/research/."""

from django.urls import path

from . import views

app_name = "research"

urlpatterns = [
    path("", views.export_list, name="list"),
    path("new/", views.export_add, name="add"),
    path("<int:pk>/", views.export_detail, name="detail"),
    path("<int:pk>/download/", views.export_download, name="download"),
]
