from django.urls import path

from . import views, views_sets, views_voice

app_name = "testimony"
urlpatterns = [
    path("staff/testimonies/", views.library, name="library"),
    path("staff/testimonies/new/", views.add, name="add"),
    path("staff/testimonies/from-answer/<int:answer_pk>/", views.from_answer, name="from_answer"),
    path("staff/testimonies/<int:pk>/", views.detail, name="detail"),
    path("staff/testimonies/<int:pk>/photo/", views.photo, name="photo"),
    path("staff/testimonies/<int:pk>/edit/", views.edit, name="edit"),
    path("staff/testimonies/<int:pk>/translate/", views.translate, name="translate"),
    path("staff/testimonies/<int:pk>/check/", views.check, name="check"),
    path("staff/testimonies/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("staff/testimonies/sets/", views_sets.sets, name="sets"),
    path("staff/testimonies/sets/<int:pk>/", views_sets.quote_set, name="set"),
    path("staff/testimonies/sets/<int:pk>/add/", views_sets.set_add, name="set_add"),
    path("staff/testimonies/sets/<int:pk>/items/<int:item_pk>/remove/", views_sets.set_remove, name="set_remove"),
    path("staff/testimonies/sets/<int:pk>/sheet/", views_sets.sheet, name="sheet"),
    path("staff/testimonies/sets/<int:pk>/quotes.csv", views_sets.export, name="export"),
    path("voice/<str:token>/", views_voice.voice, name="voice"),
    path("voice/<str:token>/<int:pk>/withdraw/", views_voice.voice_withdraw, name="voice_withdraw"),
    path("voice/<str:token>/<int:pk>/consent/", views_voice.voice_consent, name="voice_consent"),
]
