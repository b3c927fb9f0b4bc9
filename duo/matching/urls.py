from django.urls import path, register_converter

from . import views


class ActionConverter:
    """One of the meeting's decisions: any other word in the address is a page that does not exist."""

    regex = "|".join(views.ACTIONS)

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(ActionConverter, "matching_action")

app_name = "matching"
urlpatterns = [
    path("", views.home, name="home"),
    path("start/", views.start, name="start"),
    path("<int:pk>/", views.run_detail, name="run"),
    path("<int:pk>/rerun/", views.rerun, name="rerun"),
    path("<int:pk>/close/", views.close, name="close"),
    path("<int:pk>/fairness/", views.fairness, name="fairness"),
    path("<int:run>/proposals/<int:pk>/", views.proposal_detail, name="proposal"),
    path("<int:run>/proposals/<int:pk>/<matching_action:action>/", views.decide, name="decide"),
]
