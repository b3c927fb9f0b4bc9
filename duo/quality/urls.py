from django.urls import path

from . import views

app_name = "quality"
urlpatterns = [
    path("", views.antenna, name="antenna"),
    path("quality.csv", views.csv_download, name="csv"),
]
