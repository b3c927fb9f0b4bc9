from django.db.models import Q

from duo.accounts import scoping

from .models import Person


def people_search(user, *, q="", role="", stage="", antenna=None):
    qs = scoping.scope(user, Person.objects.all()).select_related("antenna", "mentee", "mentor")
    if q:
        for term in q.split()[:5]:
            qs = qs.filter(Q(first_name__icontains=term) | Q(last_name__icontains=term) | Q(email__icontains=term))
    if role == "mentee":
        qs = qs.filter(mentee__isnull=False)
        if stage:
            qs = qs.filter(mentee__stage=stage)
    elif role == "mentor":
        qs = qs.filter(mentor__isnull=False)
        if stage:
            qs = qs.filter(mentor__stage=stage)
    if antenna:
        qs = qs.filter(antenna_id=antenna)
    return qs.order_by("last_name", "first_name", "pk")
