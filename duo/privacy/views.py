from django.core.paginator import Paginator
from django.shortcuts import render

from duo.accounts import roles, scoping
from duo.accounts.scoping import require

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
    page = Paginator(qs.order_by("-at", "-id"), 100).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "privacy/audit.html", {"form": form, "page": page, "query": query.urlencode()})
