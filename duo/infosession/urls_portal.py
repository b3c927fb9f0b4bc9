from django.urls import path

from . import views_portal as v

app_name = "portal"
urlpatterns = [
    path("<str:token>/", v.home, name="home"),
    path("<str:token>/info-sessions/<int:pk>/register/", v.info_register, name="info_register"),
    path("<str:token>/info-sessions/<int:pk>/cancel/", v.info_unregister, name="info_unregister"),
    path("<str:token>/training/<int:pk>/register/", v.training_register, name="training_register"),
    path("<str:token>/training/<int:pk>/cancel/", v.training_unregister, name="training_unregister"),
    path("<str:token>/training/<int:pk>/evaluate/", v.evaluate, name="evaluate"),
    path("<str:token>/calendar/<slug:kind>/<int:pk>.ics", v.ics, name="ics"),
]
