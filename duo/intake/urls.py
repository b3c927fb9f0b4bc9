from django.urls import path, register_converter

from . import views


class SideConverter:
    """mentee or mentor: any other word in the address is a page that does not exist."""

    regex = "mentee|mentor"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(SideConverter, "side")

app_name = "intake"
urlpatterns = [
    path("", views.pipeline_list, name="list"),
    path("move/", views.pipeline_bulk, name="bulk"),
    path("export/", views.pipeline_export, name="export"),
    path("duplicates/", views.duplicate_list, name="duplicates"),
    path("merge/<int:a>/<int:b>/", views.merge, name="merge"),
    path("people/<int:pk>/", views.person_file, name="detail"),
    path("people/<int:pk>/<side:kind>/stage/", views.stage_move, name="stage"),
    path("people/<int:pk>/<side:kind>/interview/", views.interview, name="interview"),
    path("applications/<int:pk>/override/", views.override, name="override"),
    path("applications/<int:pk>/reassess/", views.reassess, name="reassess"),
]
