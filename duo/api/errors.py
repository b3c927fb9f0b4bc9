"""Every refusal as the same machine-readable body, in the language the call asked for (Accept-Language):

    {"status": 400, "errors": [{"field": "postal_code", "code": "postal_code", "message": "Enter the postal…"}]}

`field` is null for what concerns the whole request. Anything unexpected is logged and answered 500 in the same
shape, never with a traceback.
"""

import logging

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

log = logging.getLogger(__name__)


def _flatten(detail, field=None):
    if isinstance(detail, dict):
        for name, inner in detail.items():
            yield from _flatten(inner, None if name in ("non_field_errors", "__all__") else name)
    elif isinstance(detail, list):
        for inner in detail:
            yield from _flatten(inner, field)
    else:
        yield {"field": field, "code": getattr(detail, "code", None) or "invalid", "message": str(detail)}


def body(status_code: int, errors: list[dict]) -> dict:
    return {"status": status_code, "errors": errors}


def handle(exc, context):
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(_("Not found."))
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        log.exception("API error", exc_info=exc)
        return Response(body(500, [{"field": None, "code": "error", "message": _("Something went wrong on our "
                                                                                  "side; it has been logged.")}]),
                        status=status.HTTP_500_INTERNAL_SERVER_ERROR)
    response.data = body(response.status_code, list(_flatten(exc.detail)))
    return response
