"""The form that creates something with a secret (an API token, a webhook subscription) and the page that answers it,
the only one that ever shows the secret.

The secret is on that page only: not a redirect (it would have to travel in a session or an address), and not kept by
the browser's cache or a proxy. Callers keep their own permission and re-authentication decorators.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

from duo.accounts import scoping
from duo.core.forms import errors_into


def create_showing_secret_once(request, *, form_class, create, error, form_template, shown_template, shown_context):
    """`create(by=user, **cleaned_data)` returns (object, secret); `shown_context(object, secret)` is what
    `shown_template` reads. An `error` (a service error carrying `errors`, field -> message) comes back on the
    form's fields with nothing created; scoping.NotAllowed is a 403."""
    form = form_class(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            created, secret = create(by=request.user, **form.cleaned_data)
        except scoping.NotAllowed:
            raise PermissionDenied
        except error as exc:
            errors_into(form, exc.errors)
        else:
            response = render(request, shown_template, shown_context(created, secret))
            add_never_cache_headers(response)
            return response
    return render(request, form_template, {"form": form})
