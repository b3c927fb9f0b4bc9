from django.urls import path

from . import views_dashboard

urlpatterns = [
    path("", views_dashboard.home, name="home"),
    path("annual-report/", views_dashboard.annual_report, name="annual_report"),
]
