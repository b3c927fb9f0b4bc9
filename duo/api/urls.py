from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import views_applications

app_name = "api"

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("v1/applications/", views_applications.ApplicationCreate.as_view(), name="applications"),
    path("v1/", include("duo.api.urls_read")),
    path("v1/", include("duo.api.urls_outcomes")),
]
