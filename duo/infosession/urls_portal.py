from django.urls import path

from . import views_portal

app_name = "portal"
urlpatterns = [path("<str:token>/", views_portal.home, name="home")]
