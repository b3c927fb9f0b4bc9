"""POST /api/v1/applications/: a website's own form sends an application; it lands in the intake pipeline exactly
as one from Duo's public page would (same form, same checks, same consent records, same confirmation email),
with the channel "API" and the token as the actor in the audit trail."""

from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from duo.intake import applications
from duo.intake.choices import Kind
from duo.intake.forms_apply import HONEYPOT, MenteeApplicationForm, MentorApplicationForm
from duo.people.choices import Channel

from .formschema import serializer_for
from .models import Scope
from .views_base import ErrorBody, TokenView

FORMS = {Kind.MENTEE.value: MenteeApplicationForm, Kind.MENTOR.value: MentorApplicationForm}


class ApplicationReceived(serializers.Serializer):
    id = serializers.IntegerField(help_text="The application's id in Duo.")
    kind = serializers.ChoiceField(choices=list(FORMS))
    received_at = serializers.DateTimeField()


def _documented(kind):
    return serializer_for(FORMS[kind](), f"{kind.capitalize()}Application", leave_out={HONEYPOT},
                          extra={"kind": serializers.ChoiceField(choices=[kind])})


class ApplicationSchema(AutoSchema):
    """The request body is built from the forms when the schema is asked for (their choices come from the
    database: offices, occupations), as "one of" the mentee's and the mentor's application."""

    def get_request_serializer(self):
        return PolymorphicProxySerializer(component_name="Application", resource_type_field_name="kind",
                                          serializers={kind: _documented(kind) for kind in FORMS})


class ApplicationCreate(TokenView):
    required_scope = Scope.APPLICATIONS_WRITE
    schema = ApplicationSchema()

    @extend_schema(
        operation_id="applications_create",
        summary="Send an application",
        description="The fields, checks and consent rules of Duo's public application form. `consent_programme` "
                    "must be true; sensitive answers are kept only with `consent_special` (mentees). At least one "
                    "language with its level (`lang_fr`, `lang_nl`, `lang_en`, `other_1`…).",
        responses={201: ApplicationReceived, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 429: ErrorBody},
    )
    def post(self, request):
        data = request.data if isinstance(request.data, dict) else {}
        kind = data.get("kind")
        if kind not in FORMS:
            raise ValidationError({"kind": [serializers.ErrorDetail(
                _("Say which application this is: “mentee” or “mentor”."), code="invalid_choice")]})
        form = FORMS[kind]({k: v for k, v in data.items() if k != HONEYPOT})
        if not form.is_valid():
            raise ValidationError({name: [serializers.ErrorDetail(e["message"], code=e["code"] or "invalid")
                                          for e in errors] for name, errors in form.errors.get_json_data().items()})
        with transaction.atomic(), self.acting():
            application = applications.application_receive(
                kind=kind, data=form.cleaned_data, language=request.LANGUAGE_CODE, channel=Channel.API)
        return Response({"id": application.pk, "kind": kind, "received_at": application.submitted_at},
                        status=status.HTTP_201_CREATED)
