"""The read endpoints (issue 11): published indicators and publications (indicators:read), and the duos of a
token's antennas (duos:read); included from duo/api/urls.py under /api/v1/."""

from django.urls import path

from . import views_read

urlpatterns = [
    path("indicators/", views_read.IndicatorList.as_view(), name="indicators"),
    path("indicators/<slug:code>/", views_read.IndicatorDetail.as_view(), name="indicator"),
    path("publications/", views_read.PublicationList.as_view(), name="publications"),
    path("publications/<slug:slug>/", views_read.PublicationDetail.as_view(), name="publication"),
    path("duos/", views_read.DuoList.as_view(), name="duos"),
    path("duos/<int:pk>/", views_read.DuoDetail.as_view(), name="duo"),
]
