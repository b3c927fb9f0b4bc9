from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request):
    """For load balancers: the app answers and its database does."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        return JsonResponse({"status": "database unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


API_MESSAGES = {400: ("bad_request", _("The request could not be understood.")),
                403: ("permission_denied", _("You may not do this.")),
                404: ("not_found", _("Not found.")),
                500: ("error", _("Something went wrong on our side; it has been logged."))}


def _error(request, template, status):
    if request.path.startswith("/api/"):
        # Outside a view (no such address), the API still answers in its own error shape, not with a page.
        code, message = API_MESSAGES[status]
        return JsonResponse({"status": status, "errors": [{"field": None, "code": code, "message": str(message)}]},
                            status=status)
    try:
        return render(request, template, status=status)
    except Exception:  # the error page itself must never fail
        return HttpResponse(status=status)


def not_found(request, exception=None):
    return _error(request, "errors/404.html", 404)


def forbidden(request, exception=None):
    return _error(request, "errors/403.html", 403)


def bad_request(request, exception=None):
    return _error(request, "errors/400.html", 400)


def server_error(request):
    return _error(request, "errors/500.html", 500)
