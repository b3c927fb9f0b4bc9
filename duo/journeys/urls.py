from django.urls import path

from . import acceptance_views, closure_views, timeline_views, transition_views, views

app_name = "journeys"
urlpatterns = [
    path("", views.duo_list, name="list"),
    path("export/", views.duo_export, name="export"),
    path("<int:pk>/", views.duo_detail, name="detail"),
    path("outcomes-due/", views.outcomes_due, name="outcomes_due"),
    path("<int:pk>/outcomes/new/", views.outcome_add, name="outcome_add"),
    path("<int:pk>/timeline/", timeline_views.duo_timeline, name="timeline"),
    path("<int:pk>/transition/", transition_views.duo_transition, name="transition"),
    path("<int:pk>/close/", closure_views.closing_interview, name="close"),
    path("<int:pk>/answer/", acceptance_views.answer_record, name="answer"),
    path("<int:pk>/agreement.pdf", acceptance_views.agreement_download, name="agreement"),
    path("calendar.ics", closure_views.calendar_feed, name="ics"),
]
