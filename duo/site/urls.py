from django.urls import path

from . import views, views_cards, views_publications

app_name = "site"
urlpatterns = [
    path("", views.home, name="home"),
    path("advocacy/", views.advocacy, name="advocacy"),
    path("publications/", views_publications.publications, name="publications"),
    path("publications/<slug:slug>/", views_publications.publication, name="publication"),
    path("publications/<slug:slug>/v<int:number>/", views_publications.publication, name="publication_version"),
    path("publications/<slug:slug>/<slug:filename>.pdf", views_publications.publication_pdf,
         name="publication_pdf"),
    path("publications/<slug:slug>/v<int:number>/<slug:filename>.pdf", views_publications.publication_pdf,
         name="publication_version_pdf"),
    path("publications/<slug:slug>/data/<int:section>.<str:fmt>", views_publications.publication_data,
         name="publication_data"),
    path("publications/<slug:slug>/cards/<int:section>-<int:index>.<str:fmt>", views_publications.publication_card,
         name="publication_card"),
    path("cards/duo.<str:fmt>", views_cards.card_default, name="card_default"),
    path("cards/<slug:indicator>.<str:fmt>", views_cards.card, name="card"),
]
