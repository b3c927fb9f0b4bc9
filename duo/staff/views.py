from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from duo.accounts import roles, scoping
from duo.advocacy import reminders
from duo.organisation.models import Antenna

from . import queries


@login_required
def home(request):
    user = request.user
    context = {"personal": scoping.has(user, roles.PEOPLE_VIEW)}
    selected = request.GET.get("antenna")
    antenna_ids = None
    if selected and selected.isdigit():
        antenna_ids = [int(selected)]
    if scoping.has(user, roles.AGGREGATES_VIEW):
        context.update(queries.antenna_overview(user, antenna_ids))
        context["all_antennas"] = scoping.scope(user, Antenna.objects.filter(is_active=True))
        context["selected"] = int(selected) if antenna_ids else None
    if context["personal"]:
        context["attention"], context["attention_total"] = queries.duos_needing_attention(user)
        context["waiting"] = queries.longest_waiting(user)
    if scoping.has(user, roles.ADVOCACY_VIEW):
        context["follow_ups"] = reminders.follow_ups_for_home(user)
        context["follow_ups_today"] = timezone.localdate()
    return render(request, "staff/home.html", context)
