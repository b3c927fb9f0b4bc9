from django.urls import path

from . import views_observatory

urlpatterns = [
    path("observatory/", views_observatory.observatory, name="observatory"),
    path("observatory/export/", views_observatory.export, name="observatory_export"),
    path("observatory/<slug:kind>/", views_observatory.barrier, name="observatory_barrier"),
]
