from django.shortcuts import render

from duo.accounts import roles, scoping
from duo.accounts.scoping import require
from duo.core.paging import paginate

from .forms import AuditSearchForm
from .models import AuditEvent


@require(roles.AUDIT_VIEW)
def audit_list(request):
    form = AuditSearchForm(request.GET or None)
    qs = scoping.scope(request.user, AuditEvent.objects.all())
    if form.is_valid():
        qs = form.filter(qs)
    elif form.is_bound:
        qs = qs.none()
    return render(request, "privacy/audit.html", {"form": form, **paginate(request, qs.order_by("-at", "-id"), 100)})
