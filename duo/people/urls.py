from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("", views.person_list, name="list"),
    path("export/", views.person_export, name="export"),
    path("<int:pk>/", views.person_detail, name="detail"),
    path("<int:pk>/edit/", views.person_edit, name="edit"),
    path("<int:pk>/sensitive/", views.person_sensitive, name="sensitive"),
    path("<int:pk>/links/revoke/", views.person_links_revoke, name="links_revoke"),
]
