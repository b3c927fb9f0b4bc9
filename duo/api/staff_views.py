"""The administrators' pages to manage API tokens: the list, the form that creates one (its secret shown once, on the
page that answers the form, never again), each token's facts and its last calls, and revoking it.

Every write goes through duo.api.services: a TokenError comes back on the form's fields, nothing created;
scoping.NotAllowed is a 403.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from duo.accounts import roles, scoping
from duo.accounts.reauth import recent_auth_required
from duo.accounts.scoping import require
from duo.core.paging import paginate
from duo.core.secret_once import create_showing_secret_once

from . import services
from .forms import TokenForm
from .models import ApiToken

USES_SHOWN = 100


def _tokens(request):
    return scoping.scope(request.user, ApiToken.objects.select_related("created_by", "revoked_by")
                         .prefetch_related("antennas"))


@require(roles.REFERENCE_CHANGE)
def token_list(request):
    return render(request, "api/staff/list.html", {"now": timezone.now(), **paginate(request, _tokens(request))})


@require(roles.REFERENCE_CHANGE)
@recent_auth_required
def token_add(request):
    return create_showing_secret_once(
        request, form_class=TokenForm, create=services.token_create, error=services.TokenError,
        form_template="api/staff/form.html", shown_template="api/staff/created.html",
        shown_context=lambda token, raw: {"token": token, "raw": raw})


@require(roles.REFERENCE_CHANGE)
def token_detail(request, pk):
    token = scoping.get_or_404(request.user, _tokens(request), pk=pk)
    return render(request, "api/staff/detail.html", {
        "token": token, "now": timezone.now(), "uses": token.uses.all()[:USES_SHOWN], "uses_count": token.uses.count(),
        "uses_shown": USES_SHOWN})


@require(roles.REFERENCE_CHANGE)
@require_POST
def token_revoke(request, pk):
    token = scoping.get_or_404(request.user, ApiToken, pk=pk)
    already = token.revoked_at is not None
    try:
        services.token_revoke(by=request.user, token=token)
    except scoping.NotAllowed:
        raise PermissionDenied
    if already:
        messages.info(request, _("This token was already revoked: nothing changed."))
    else:
        messages.success(request, _("Token “%(name)s” revoked: calls made with it are refused from now on.") % {
            "name": token.name})
    return redirect("api_tokens:detail", pk=token.pk)
