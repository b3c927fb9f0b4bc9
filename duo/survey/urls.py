from django.urls import path

from . import views

app_name = "survey"
urlpatterns = [
    path("", views.instrument_list, name="list"),
    path("versions/<int:pk>/", views.version_preview, name="preview"),
]
