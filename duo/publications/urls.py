from django.urls import path

from . import views, views_sections

app_name = "publications"
V = "<slug:slug>/v<int:number>/"
urlpatterns = [
    path("", views.publication_list, name="list"),
    path("new/", views.create, name="create"),
    path("<slug:slug>/", views.publication, name="publication"),
    path("<slug:slug>/new-version/", views.new_version, name="new_version"),
    path(V, views.version_page, name="version"),
    path(V + "edit/", views.version_edit, name="version_edit"),
    path(V + "snapshot/", views.version_snapshot, name="version_snapshot"),
    path(V + "workflow/<str:action>/", views.workflow, name="workflow"),
    path(V + "sections/add/<str:kind>/", views_sections.section_add, name="section_add"),
    path(V + "sections/<int:pk>/", views_sections.section_edit, name="section_edit"),
    path(V + "sections/<int:pk>/delete/", views_sections.section_delete, name="section_delete"),
    path(V + "sections/<int:pk>/move/<str:direction>/", views_sections.section_move, name="section_move"),
    path(V + "comments/", views.comment_add, name="comment_add"),
    path(V + "comments/<int:pk>/resolve/", views.comment_resolve, name="comment_resolve"),
    path(V + "preview/<str:lang>/", views.preview, name="preview"),
    path(V + "pdf/<str:lang>/", views.pdf, name="pdf"),
]
