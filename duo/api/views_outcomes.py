"""GET and POST /api/v1/duos/<duo_id>/outcomes/: a partner (the public employment service, say) confirms what became
of a duo's mentee, for the duos of the antennas its token names, and checks what is already recorded.

The token's scope and antennas stand for the staff check: the outcome is saved by
duo.journeys.outcomes.outcome_confirm_by_partner (the model's rules, the "administrative" source, no staff member,
the outcome.recorded webhook), and the audit trail names the token.
"""

from django.db import transaction
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.response import Response

from duo.journeys.models import Duo, Outcome

from .models import Scope
from .serializers_outcomes import ALREADY_RECORDED, PartnerOutcomeSerializer, RecordedOutcomeSerializer
from .views_base import ErrorBody, TokenView

LARGEST_ID = 2**63 - 1  # larger ids cannot be in the database, and some databases refuse to compare them

DUO_ID = OpenApiParameter("duo_id", OpenApiTypes.INT, OpenApiParameter.PATH,
                          description="The duo's id in Duo. A duo outside the token's antennas is not found (404).")
ERRORS = {401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 429: ErrorBody}


@extend_schema_view(
    get=extend_schema(
        operation_id="duo_outcomes_list",
        summary="List a duo's outcomes",
        description="Every outcome recorded for the duo, whoever reported it, oldest observation first: ids, "
                    "categories, horizons and dates.",
        parameters=[DUO_ID],
        responses={200: RecordedOutcomeSerializer(many=True), **ERRORS},
    ),
    post=extend_schema(
        operation_id="duo_outcomes_create",
        summary="Confirm a duo's outcome",
        description="Records what became of the duo's mentee at a horizon, reported by an administrative source. "
                    "For a job (the `job_*` categories and `self_employed`), `occupation` (ISCO-08 code), `sector`, "
                    "`hours_per_week` and `job_started_on` are required; for anything else they must be left out. "
                    "One outcome per duo and horizon: a second one — including the same call sent twice, even at "
                    f"the same moment — is refused with 400, field `horizon`, code `{ALREADY_RECORDED}`, and "
                    "nothing is changed. Use the GET to see what is recorded.",
        parameters=[DUO_ID],
        request=PartnerOutcomeSerializer,
        responses={201: RecordedOutcomeSerializer, 400: ErrorBody, **ERRORS},
    ),
)
class DuoOutcomes(TokenView, generics.ListCreateAPIView):
    required_scope = Scope.OUTCOMES_WRITE
    serializer_class = RecordedOutcomeSerializer
    pagination_class = None  # a handful per duo: one per horizon

    def get_duo(self, *, lock: bool = False) -> Duo:
        """The duo of the URL if it belongs to one of the token's antennas; 404 otherwise, as for an unknown id."""
        duo_id = int(self.kwargs["duo_id"])
        if not 0 < duo_id <= LARGEST_ID:
            raise Http404
        duos = Duo.objects.filter(antenna__in=[a.pk for a in self.request.auth.antennas.all()])
        if lock:
            duos = duos.select_for_update()
        duo = duos.filter(pk=duo_id).first()
        if duo is None:
            raise Http404
        return duo

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema is being built: no token, no duo
            return Outcome.objects.none()
        return Outcome.objects.filter(duo=self.get_duo()).order_by("observed_on", "id")

    def create(self, request, *args, **kwargs):
        with transaction.atomic(), self.acting():
            # The duo's row stays locked until the outcome is saved: a second identical call waits, then finds it.
            duo = self.get_duo(lock=True)
            serializer = PartnerOutcomeSerializer(data=request.data,
                                                  context={**self.get_serializer_context(), "duo": duo})
            serializer.is_valid(raise_exception=True)
            outcome = serializer.save()
        return Response(RecordedOutcomeSerializer(outcome).data, status=status.HTTP_201_CREATED)
