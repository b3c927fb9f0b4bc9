"""What every advocacy page that writes does with a use case: run it on a valid form, and put its refusal on the
form's fields (the services name their errors after the fields) — or answer 403 when the user may not."""

from django.core.exceptions import PermissionDenied

from duo.accounts import scoping
from duo.core.forms import errors_into

from . import services


def attempt(form, use_case, /, **kwargs):
    """The use case's result, or None when it refused (its errors are then on the form)."""
    try:
        return use_case(**kwargs)
    except scoping.NotAllowed:
        raise PermissionDenied
    except services.AdvocacyError as exc:
        errors_into(form, exc.errors)
        return None
