"""What every API view shares: token authentication, its scope, the rate per token, the error body, and a log of
the call (TokenUse) — written whatever the answer, so that an administrator sees refused calls too."""

from contextlib import contextmanager

from django.utils import timezone
from rest_framework import serializers
from rest_framework.views import APIView

from duo.intake.applications import client_ip
from duo.privacy.context import Actor, acting_as

from .auth import HasScope, TokenAuthentication, TokenRateThrottle
from .models import ApiToken, TokenUse


class ErrorItem(serializers.Serializer):
    field = serializers.CharField(allow_null=True, help_text="The field concerned, or null for the whole request.")
    code = serializers.CharField(help_text="A stable code, e.g. required, invalid_choice, not_authenticated.")
    message = serializers.CharField(help_text="For a person, in the language asked for with Accept-Language.")


class ErrorBody(serializers.Serializer):
    status = serializers.IntegerField()
    errors = ErrorItem(many=True)


class TokenView(APIView):
    authentication_classes = [TokenAuthentication]
    permission_classes = [HasScope]
    throttle_classes = [TokenRateThrottle]
    required_scope: str = ""

    def check_permissions(self, request):
        # The rate is checked first: calls refused for their scope count too, or a misconfigured integration
        # could hammer the API for free.
        super().check_throttles(request)
        super().check_permissions(request)

    def check_throttles(self, request):
        pass  # done in check_permissions, before the scope

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        token = getattr(request, "auth", None)
        if isinstance(token, ApiToken):
            now = timezone.now()
            TokenUse.objects.create(token=token, at=now, method=request.method[:8], path=request.path[:255],
                                    status=response.status_code, ip=client_ip(request.META))
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return response

    @contextmanager
    def acting(self):
        """Records written in this block name the token in the audit trail."""
        request = self.request
        with acting_as(Actor(user_id=None, label=f"API token {request.auth.prefix} ({request.auth.name})"[:254],
                             ip=client_ip(request.META), path=request.path[:255])):
            yield
