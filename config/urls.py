from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from duo.calendarfeed import views as calendarfeed_views
from duo.core import views as core_views

urlpatterns = [
    path("i18n/setlang/", set_language, name="set_language"),
    path("healthz", core_views.healthz, name="healthz"),
    path("calendar/<str:token>.ics", calendarfeed_views.feed, name="calendar_feed"),
    path("api/", include("duo.api.urls")),
]
urlpatterns += i18n_patterns(
    path("", include("duo.site.urls")),
    path("accounts/", include("duo.accounts.urls")),
    path("staff/", include("duo.staff.urls")),
    path("", include("duo.people.urls_consent")),  # consent/<token>/ and staff/people/<pk>/consents/
    path("staff/people/", include("duo.privacy.urls_subject")),  # <pk>/data/: the right of access
    path("staff/people/", include("duo.privacy.urls_erasure")),  # <pk>/erase/: administrators only
    path("staff/people/", include("duo.people.urls")),
    path("staff/duos/", include("duo.journeys.urls")),
    path("staff/jobs/", include("duo.jobs.urls")),
    path("staff/audit/", include("duo.privacy.urls")),
    path("staff/reference/", include("duo.reference.urls")),
    path("apply/", include("duo.intake.urls_apply")),
    path("me/", include("duo.infosession.urls_portal")),
    path("staff/intake/", include("duo.intake.urls")),
    path("staff/records/", include("duo.intake.urls_records")),
    path("staff/info-sessions/", include("duo.infosession.urls")),
    path("staff/training/", include("duo.training.urls")),
    path("staff/matching/", include("duo.matching.urls")),
    path("", include("duo.meetinglog.urls")),
    path("staff/barriers/", include("duo.barrier.urls")),
    path("staff/follow-up/", include("duo.followup.urls")),
    path("staff/peer-exchange/", include("duo.peerexchange.urls")),
    path("staff/calendar/", include("duo.calendarfeed.urls")),
    path("staff/quality/", include("duo.quality.urls")),
    path("staff/surveys/", include("duo.survey.urls")),
    path("staff/impact/", include("duo.impact.urls")),
    path("staff/publications/", include("duo.publications.urls")),
    path("staff/site/", include("duo.site.staff_urls")),
    path("staff/advocacy/", include("duo.advocacy.urls")),
    path("staff/api-tokens/", include("duo.api.staff_urls")),
    path("staff/webhooks/", include("duo.webhooks.urls")),
    path("staff/research/", include("duo.research.urls")),
    path("s/", include("duo.survey.participant_urls")),
    path("", include("duo.testimony.urls")),  # staff/testimonies/ and the author's voice/<token>/
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)

handler404 = "duo.core.views.not_found"
handler500 = "duo.core.views.server_error"
handler403 = "duo.core.views.forbidden"
handler400 = "duo.core.views.bad_request"
