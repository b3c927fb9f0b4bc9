from django.urls import path

from . import views

app_name = "reference"
urlpatterns = [path("import/", views.reference_import, name="import")]
