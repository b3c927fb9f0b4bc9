from django.urls import path

from . import views

app_name = "barrier"
urlpatterns = [
    path("", views.barrier_summary, name="summary"),
    path("person/<int:person>/add/", views.barrier_add, name="add"),
    path("<int:pk>/delete/", views.barrier_delete, name="delete"),
]
