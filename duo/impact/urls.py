from django.urls import path

from . import admin_views, views

app_name = "impact"
urlpatterns = [
    path("", views.home, name="home"),
    path("areas/<str:code>/", views.area, name="area"),
    path("indicators/<str:name>/", views.indicator, name="indicator"),
    path("indicators/<str:name>/download.<str:fmt>", views.download, name="download"),
    path("evidence/", views.evidence_page, name="evidence"),
    path("fairness/", views.fairness, name="fairness"),
    path("snapshots/", admin_views.snapshots, name="snapshots"),
    path("references/", admin_views.references, name="references"),
    path("references/add/", admin_views.reference_add, name="reference_add"),
    path("references/<int:pk>/delete/", admin_views.reference_delete, name="reference_delete"),
]
