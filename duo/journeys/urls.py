from django.urls import path

from . import transition_views, views

app_name = "journeys"
urlpatterns = [
    path("", views.duo_list, name="list"),
    path("export/", views.duo_export, name="export"),
    path("<int:pk>/", views.duo_detail, name="detail"),
    path("<int:pk>/outcomes/new/", views.outcome_add, name="outcome_add"),
    path("<int:pk>/transition/", transition_views.duo_transition, name="transition"),
]
