from django.urls import path

from . import staff_views

app_name = "site_staff"
urlpatterns = [path("advocacy/", staff_views.advocacy_edit, name="advocacy")]
