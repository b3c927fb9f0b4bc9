from django.urls import path

from . import views_consent

app_name = "consent"
urlpatterns = [
    path("consent/<str:token>/", views_consent.manage, name="manage"),
    path("staff/people/<int:pk>/consents/", views_consent.staff, name="staff"),
]
