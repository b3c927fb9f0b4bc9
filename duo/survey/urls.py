from django.urls import path

from . import views
from . import wave_views
from . import entry_views  # noqa: I001
from . import transfer_views  # noqa: I001

app_name = "survey"
urlpatterns = [
    path("", views.instrument_list, name="list"),
    path("versions/<int:pk>/", views.version_preview, name="preview"),
    path("waves/", wave_views.wave_list, name="waves"),
    path("waves/<int:pk>/", wave_views.wave_detail, name="wave"),
    path("responses/<int:pk>/", wave_views.response_detail, name="response"),
    path("invitations/<int:pk>/enter/", entry_views.enter, name="enter"),
    path("import/", transfer_views.responses_import, name="import"),
    path("import/template/<int:pk>/<str:fmt>/", transfer_views.import_template, name="import_template"),
    path("export/", transfer_views.responses_export, name="export"),
]
