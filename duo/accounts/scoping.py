"""Who may see what: the one place where role and antenna scoping is decided.

Views, the admin site and commands all ask here. Objects a user may not see are answered
with 404, never 403, so that an id in a URL does not reveal that the record exists.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404

from . import roles


class NotAllowed(Exception):
    """Raised by services when the acting user may not do this to this object."""


def has(user, capability: str) -> bool:
    if not (user and user.is_authenticated and user.is_active):
        return False
    return capability in roles.CAPABILITIES.get(user.role, frozenset())


def antenna_ids(user) -> list[int] | None:
    """The antennas the user is limited to, or None for the whole organisation."""
    if user.role in roles.ANTENNA_SCOPED:
        # Asked a dozen times while one page is drawn (every scoped query and permission check): read once per
        # user object, which the authentication middleware loads afresh for each request.
        if "_scoped_antenna_ids" not in user.__dict__:
            user.__dict__["_scoped_antenna_ids"] = list(user.antennas.values_list("pk", flat=True))
        return list(user.__dict__["_scoped_antenna_ids"])
    return None


# How each personal model reaches its antenna, and which capability reading it needs.
_PERSONAL = {
    "people.Person": ("antenna_id", roles.PEOPLE_VIEW),
    "people.PersonLanguage": ("person__antenna_id", roles.PEOPLE_VIEW),
    "people.MenteeProfile": ("person__antenna_id", roles.PEOPLE_VIEW),
    "people.MentorProfile": ("person__antenna_id", roles.PEOPLE_VIEW),
    "journeys.Duo": ("antenna_id", roles.DUOS_VIEW),
    "journeys.Outcome": ("duo__antenna_id", roles.DUOS_VIEW),
    "journeys.Meeting": ("duo__antenna_id", roles.DUOS_VIEW),
    "journeys.DuoTransition": ("duo__antenna_id", roles.DUOS_VIEW),
    "journeys.ClosingInterview": ("duo__antenna_id", roles.DUOS_VIEW),
    "people.ConsentRecord": ("person__antenna_id", roles.PEOPLE_VIEW),
    "intake.Application": ("person__antenna_id", roles.PEOPLE_VIEW),
    "intake.StageChange": ("person__antenna_id", roles.PEOPLE_VIEW),
    "intake.IntakeInterview": ("person__antenna_id", roles.PEOPLE_VIEW),
    "intake.Merge": ("kept__antenna_id", roles.PEOPLE_VIEW),
    # Sessions belong to an antenna; registrations and attendance are personal.
    "infosession.InfoSession": ("antenna_id", roles.PEOPLE_VIEW),
    "infosession.Registration": ("person__antenna_id", roles.PEOPLE_VIEW),
    "training.TrainingSession": ("antenna_id", roles.PEOPLE_VIEW),
    "training.Attendance": ("person__antenna_id", roles.PEOPLE_VIEW),
    "training.Evaluation": ("person__antenna_id", roles.PEOPLE_VIEW),
    # The matching meeting: who was proposed to whom, and the team's decisions.
    "matching.MatchingRun": ("antenna_id", roles.PEOPLE_VIEW),
    "matching.Proposal": ("run__antenna_id", roles.PEOPLE_VIEW),
    "matching.Decision": ("run__antenna_id", roles.PEOPLE_VIEW),
    "meetinglog.AccessLink": ("duo__antenna_id", roles.DUOS_VIEW),
    "barrier.Barrier": ("person__antenna_id", roles.PEOPLE_VIEW),
    "followup.CheckIn": ("duo__antenna_id", roles.DUOS_VIEW),
    "careerplan.Goal": ("duo__antenna_id", roles.DUOS_VIEW),
    "journeys.IntroductionAnswer": ("duo__antenna_id", roles.DUOS_VIEW),
    # Sessions belong to an antenna; who was invited and who came is personal.
    "peerexchange.PeerSession": ("antenna_id", roles.PEOPLE_VIEW),
    "peerexchange.Attendance": ("mentor__person__antenna_id", roles.PEOPLE_VIEW),
    "followup.StaffNote": ("duo__antenna_id", roles.DUOS_VIEW),
    # Who was asked and what they answered; the antenna is the one frozen when they were invited.
    "survey.Invitation": ("antenna_id", roles.PEOPLE_VIEW),
    "survey.Response": ("antenna_id", roles.PEOPLE_VIEW),
    "survey.Answer": ("response__antenna_id", roles.PEOPLE_VIEW),
    "testimony.Testimony": ("person__antenna_id", roles.TESTIMONIES_VIEW),
    "testimony.Translation": ("testimony__person__antenna_id", roles.TESTIMONIES_VIEW),
    "testimony.QuoteSetItem": ("testimony__person__antenna_id", roles.TESTIMONIES_VIEW),
}
# Staff-only models whose rows are not personal files but are not for every role either.
_RESTRICTED = {
    "privacy.AuditEvent": roles.AUDIT_VIEW,
    # Who erased whom and why: for those who may erase (administrators).
    "privacy.Erasure": roles.PERSON_ERASE,
    "accounts.User": roles.REFERENCE_CHANGE,
    "axes.AccessAttempt": roles.REFERENCE_CHANGE,
    "axes.AccessLog": roles.REFERENCE_CHANGE,
    "axes.AccessFailureLog": roles.REFERENCE_CHANGE,
    "auth.Group": roles.REFERENCE_CHANGE,
    # Hashes only, but nobody needs to browse them: the admin site, for administrators.
    "matching.PairBlock": roles.REFERENCE_CHANGE,
    # API tokens (digests only) and the log of their calls: administrators manage the integrations.
    "api.ApiToken": roles.REFERENCE_CHANGE, "api.TokenUse": roles.REFERENCE_CHANGE,
    "webhooks.Subscription": roles.REFERENCE_CHANGE, "webhooks.Delivery": roles.REFERENCE_CHANGE,
    # Hashes of each user's calendar subscription: managed from the user's own page, not browsed.
    "calendarfeed.CalendarToken": roles.REFERENCE_CHANGE,
    # The register of research exports (what left, to whom, under which agreement): for those who make them.
    "research.ResearchExport": roles.RESEARCH_EXPORT,
    # Two-step verification devices (django-otp): each user manages their own from /accounts/two-factor/; the admin
    # site is where an administrator removes a lost one.
    "otp_totp.TOTPDevice": roles.REFERENCE_CHANGE, "otp_static.StaticDevice": roles.REFERENCE_CHANGE,
    "otp_static.StaticToken": roles.REFERENCE_CHANGE,
    # Questionnaires, not answers: every staff role reads them; changing them is scoping.can_change's rule.
    "survey.Instrument": roles.AGGREGATES_VIEW, "survey.InstrumentVersion": roles.AGGREGATES_VIEW,
    "survey.Question": roles.AGGREGATES_VIEW, "survey.Choice": roles.AGGREGATES_VIEW,
    # A wave is a month of one questionnaire: counts only, no person.
    "survey.Wave": roles.AGGREGATES_VIEW,
    # Quote sets and their withdrawal notices name no one; themes are reference data.
    "testimony.QuoteSet": roles.TESTIMONIES_VIEW, "testimony.QuoteSetNotice": roles.TESTIMONIES_VIEW,
    "testimony.Theme": roles.AGGREGATES_VIEW,
    # Publications hold aggregates after disclosure control and consented quotes; drafts are for their reviewers.
    "publications.Publication": roles.PUBLICATIONS_VIEW, "publications.Version": roles.PUBLICATIONS_VIEW,
    "publications.Section": roles.PUBLICATIONS_VIEW, "publications.Comment": roles.PUBLICATIONS_VIEW,
    "site.AdvocacyPage": roles.PUBLICATIONS_VIEW,
    # Advocacy: contacts are personal data of people in public or professional roles, for the advocacy team.
    **{f"advocacy.{m}": roles.ADVOCACY_VIEW for m in (
        "Stakeholder", "Contact", "Position", "Recommendation", "RecommendationVersion", "Target", "StatusChange",
        "Campaign", "Milestone", "Interaction")},
}


def is_personal(model) -> bool:
    return model._meta.label in _PERSONAL


def can_view(user, model) -> bool:
    """Whether the user may see any row of this model at all."""
    label = model._meta.label
    if label in _PERSONAL:
        return has(user, _PERSONAL[label][1])
    if label in _RESTRICTED:
        return has(user, _RESTRICTED[label])
    if label == "jobs.Job":
        return has(user, roles.JOBS_VIEW)
    return bool(user and user.is_authenticated)


def scope(user, queryset: QuerySet) -> QuerySet:
    """Narrow any queryset to the rows the user may see."""
    label = queryset.model._meta.label
    if label == "jobs.Job":
        if not has(user, roles.JOBS_VIEW):
            return queryset.none()
        return queryset if user.role == roles.Role.ADMINISTRATOR else queryset.filter(created_by=user)
    if label == "organisation.Antenna":
        ids = antenna_ids(user) if user.is_authenticated else []
        return queryset if ids is None else queryset.filter(pk__in=ids)
    if label in _RESTRICTED:
        return queryset if has(user, _RESTRICTED[label]) else queryset.none()
    if label not in _PERSONAL:
        return queryset if user.is_authenticated else queryset.none()
    path, capability = _PERSONAL[label]
    if not has(user, capability):
        return queryset.none()
    ids = antenna_ids(user)
    return queryset if ids is None else queryset.filter(**{f"{path}__in": ids})


def can_change(user, obj_or_model) -> bool:
    model = obj_or_model if isinstance(obj_or_model, type) else type(obj_or_model)
    label = model._meta.label
    if label.startswith("testimony.") and label != "testimony.Theme":
        # Officers choose and translate quotes without PEOPLE_CHANGE: testimonies have a capability of their own.
        if not has(user, roles.TESTIMONIES_CHANGE):
            return False
        if isinstance(obj_or_model, Model) and obj_or_model.pk:
            return scope(user, model.objects.filter(pk=obj_or_model.pk)).exists()
        return True
    if label in _PERSONAL:
        capability = roles.DUOS_CHANGE if label.startswith("journeys.") else roles.PEOPLE_CHANGE
        if not has(user, capability):
            return False
        if isinstance(obj_or_model, Model) and obj_or_model.pk:
            return scope(user, model.objects.filter(pk=obj_or_model.pk)).exists()
        return True
    if label in ("privacy.AuditEvent", "jobs.Job"):
        return False  # written by the system only
    if label.startswith("publications.") or label == "site.AdvocacyPage":
        return has(user, roles.PUBLICATIONS_CHANGE)
    if label.startswith("advocacy."):
        return has(user, roles.ADVOCACY_CHANGE)
    return has(user, roles.REFERENCE_CHANGE)


def can_view_special_category(user, person) -> bool:
    return has(user, roles.SPECIAL_CATEGORY_VIEW) and scope(user, type(person).objects.filter(pk=person.pk)).exists()


def get_or_404(user, queryset_or_model, **lookup):
    qs = queryset_or_model if isinstance(queryset_or_model, QuerySet) else queryset_or_model._default_manager.all()
    try:
        return scope(user, qs).get(**lookup)
    except (qs.model.DoesNotExist, ValueError, TypeError):
        raise Http404


def require(capability: str):
    """View decorator: anonymous users go to the login page, users without the capability get 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has(request.user, capability):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
