from django.contrib import admin

from duo.accounts import scoping
from duo.core.admin import ReadOnlyAdmin, ScopedAdmin

from .models import ClosingInterview, Duo, DuoTransition, IntroductionAnswer, Meeting, Outcome


class OutcomeInline(admin.TabularInline):
    model = Outcome
    extra = 0
    # The job details too: a job without them does not validate.
    fields = ["category", "horizon", "observed_on", "source", "occupation", "sector", "hours_per_week",
              "job_started_on"]


@admin.register(Duo)
class DuoAdmin(ScopedAdmin):
    list_display = ["__str__", "antenna", "status", "matched_on", "ended_on"]
    list_filter = ["status", ("antenna", admin.RelatedOnlyFieldListFilter), "end_reason", "language"]
    search_fields = ["mentor__person__last_name", "mentee__person__last_name"]
    list_select_related = ["mentor__person", "mentee__person", "antenna"]
    raw_id_fields = ["mentor", "mentee"]
    date_hierarchy = "matched_on"
    inlines = [OutcomeInline]
    # The lifecycle moves only through duo.journeys.transitions, which records who, when and why;
    # an edit here would change the status with no trace in the duo's history.
    readonly_fields = ["status", "started_on", "ended_on", "end_reason"]


@admin.register(Outcome)
class OutcomeAdmin(ScopedAdmin):
    list_display = ["duo", "category", "horizon", "observed_on", "source"]
    list_filter = ["category", "horizon", "source"]
    raw_id_fields = ["duo", "recorded_by"]
    list_select_related = ["duo__mentor__person", "duo__mentee__person"]


@admin.register(Meeting)
class MeetingAdmin(ScopedAdmin):
    list_display = ["duo", "held_on", "duration_minutes", "mode"]
    list_filter = ["mode"]
    raw_id_fields = ["duo"]
    list_select_related = ["duo__mentor__person", "duo__mentee__person"]


# The lifecycle's history is written only by duo.journeys.transitions: never edited by hand.
@admin.register(DuoTransition)
class DuoTransitionAdmin(ReadOnlyAdmin):
    list_display = ["duo", "from_status", "to_status", "on", "by", "at"]
    list_filter = ["to_status"]
    list_select_related = ["duo__mentor__person", "duo__mentee__person", "by"]


@admin.register(ClosingInterview)
class ClosingInterviewAdmin(ScopedAdmin):
    list_display = ["duo", "held_on", "reenrol_answer", "reenrol_on"]
    list_filter = ["reenrol_answer"]
    raw_id_fields = ["duo", "recorded_by"]
    list_select_related = ["duo__mentor__person", "duo__mentee__person"]


# Written only by duo.journeys.acceptance, which moves the duo on from them: never edited by hand.
@admin.register(IntroductionAnswer)
class IntroductionAnswerAdmin(ReadOnlyAdmin):
    list_display = ["duo", "side", "accepted", "answered_at", "via", "recorded_by"]
    list_filter = ["side", "accepted", "via"]
    list_select_related = ["duo__mentor__person", "duo__mentee__person", "recorded_by"]

    def get_queryset(self, request):
        # Scoped through its duo, so that a coordinator sees only their antennas' answers.
        duos = scoping.scope(request.user, Duo.objects.all())
        return super().get_queryset(request).filter(duo__in=duos)
