from django.urls import path

from duo.intake.records import views

app_name = "records"
urlpatterns = [
    path("", views.records_import, name="import"),
    path("template/<str:kind>/", views.records_template, name="template"),
]
