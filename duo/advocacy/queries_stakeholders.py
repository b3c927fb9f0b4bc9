"""What the stakeholder and contact pages read: the filtered lists, and each dossier — everything the organisation
did with a body or a person, and which colleagues were or will be in touch with them around today, so that nobody
visits an office unaware that a colleague was just there.

An interaction counts for a stakeholder when it was with the stakeholder itself, with one of its children (a
minister's office is part of a government), or with a person while they held a position there: a minister met
before taking office, or after leaving it, is not the office's.
"""

import datetime

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from duo.publications.models import Publication

from .forms_interactions import publication_title
from .models import Contact, Interaction, Position, Recommendation, Stakeholder, Target

NEARBY_DAYS = 14


def stakeholder_list(*, q="", kind="", level="", region=None, active=""):
    """Filtered, each with `people`: how many hold a position there today."""
    today = timezone.localdate()
    now = ((Q(positions__started_on__isnull=True) | Q(positions__started_on__lte=today))
           & (Q(positions__ended_on__isnull=True) | Q(positions__ended_on__gte=today)))
    found = Stakeholder.objects.select_related("region", "parent").annotate(
        people=Count("positions", filter=now, distinct=True))
    if kind:
        found = found.filter(kind=kind)
    if level:
        found = found.filter(level=level)
    if region is not None:
        found = found.filter(region=region)
    if active in ("yes", "no"):
        found = found.filter(is_active=active == "yes")
    for word in q.split():
        found = found.filter(Q(name__icontains=word) | Q(email__icontains=word) | Q(website__icontains=word)
                             | Q(address__icontains=word) | Q(notes__icontains=word))
    return found.order_by("name", "id")


def contact_list(*, q=""):
    found = Contact.objects.all()
    for word in q.split():
        found = found.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(email__icontains=word)
                             | Q(positions__role__icontains=word) | Q(positions__stakeholder__name__icontains=word))
    if q.split():
        found = found.distinct()
    # Erased contacts have no name to sort by: after the others, not at the top.
    found = found.order_by(F("erased_at").asc(nulls_first=True), "last_name", "first_name", "id")
    return found.prefetch_related(Prefetch("positions", queryset=Position.objects.select_related("stakeholder")))


def current_positions(contact, today=None) -> list:
    """The contact's positions open on `today` (prefetched, no query)."""
    today = today or timezone.localdate()
    return [p for p in contact.positions.all() if p.is_current(today)]


def _held_at(stakeholder_ids):
    """An interaction with someone while they held a position at one of these stakeholders."""
    return Exists(Position.objects.filter(stakeholder_id__in=stakeholder_ids, contact__interactions=OuterRef("pk"))
                  .filter(Q(started_on__isnull=True) | Q(started_on__lte=OuterRef("on")))
                  .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=OuterRef("on"))))


def _with(stakeholder_ids):
    through = Interaction.stakeholders.through
    return Exists(through.objects.filter(interaction_id=OuterRef("pk"), stakeholder_id__in=stakeholder_ids))


def _detailed(interactions):
    # What was raised and handed over is shown with each interaction: before a meeting, "we gave them the
    # memorandum in March" matters as much as the meeting itself.
    return interactions.select_related("follow_up_owner", "campaign", "created_by").prefetch_related(
        "staff", "stakeholders", "contacts", Prefetch("recommendations", queryset=Recommendation.objects.order_by(
            "code")), Prefetch("publications", queryset=Publication.objects.prefetch_related("versions"))
    ).order_by("-on", "-id")


def _titled(interactions) -> list:
    """The interactions, each with the titles of the publications handed over, in the reader's language."""
    interactions = list(interactions)
    for i in interactions:
        i.handed_over = [publication_title(p) for p in i.publications.all()]
    return interactions


def stakeholder_interactions(stakeholder):
    ids = [stakeholder.pk, *stakeholder.children.values_list("pk", flat=True)]
    return _detailed(Interaction.objects.filter(_with(ids) | _held_at(ids)))


def contact_interactions(contact):
    return _detailed(contact.interactions.all())


def stakeholder_dossier(stakeholder, *, user, today=None) -> dict:
    today = today or timezone.localdate()
    positions = list(stakeholder.positions.select_related("contact").order_by("ended_on", "-started_on", "id"))
    children = list(stakeholder.children.order_by("name"))
    interactions = _titled(stakeholder_interactions(stakeholder))
    # Around today the circle is wider: the parent body, its other offices and the people there now.
    family = [stakeholder.pk, *(c.pk for c in children)]
    if stakeholder.parent_id:
        family.append(stakeholder.parent_id)
    nearby = _detailed(Interaction.objects.filter(_with(family) | _held_at(family)))
    return {
        "current": [p for p in positions if p.ended_on is None or p.ended_on >= today],
        "former": [p for p in positions if p.ended_on is not None and p.ended_on < today],
        "children": children,
        "interactions": interactions,
        "open_follow_ups": sorted((i for i in interactions if i.follow_up_open), key=lambda i: i.follow_up_due),
        "targets": list(Target.objects.filter(stakeholder=stakeholder).select_related("recommendation")
                        .order_by("recommendation__code")),
        "campaigns": list(stakeholder.campaigns.order_by("-starts_on", "name")),
        "colleagues": colleagues_nearby(nearby, user=user, today=today),
        "today": today,
    }


def contact_dossier(contact, *, user, today=None) -> dict:
    today = today or timezone.localdate()
    positions = list(contact.positions.select_related("stakeholder").order_by("ended_on", "-started_on", "id"))
    offices = [p.stakeholder_id for p in positions if p.is_current(today)]
    met = Exists(Interaction.contacts.through.objects.filter(interaction_id=OuterRef("pk"), contact_id=contact.pk))
    nearby = _detailed(Interaction.objects.filter(met | _with(offices)))
    return {
        "ongoing": [p for p in positions if p.ended_on is None or p.ended_on >= today],
        "ended": [p for p in positions if p.ended_on is not None and p.ended_on < today],
        "interactions": _titled(contact_interactions(contact)),
        "colleagues": colleagues_nearby(nearby, user=user, today=today),
        "today": today,
    }


def when(days: int) -> str:
    if days == 0:
        return _("today")
    if days < 0:
        return ngettext("%(n)s day ago", "%(n)s days ago", -days) % {"n": -days}
    return ngettext("in %(n)s day", "in %(n)s days", days) % {"n": days}


def colleagues_nearby(interactions, *, user, today=None, days=NEARBY_DAYS) -> list[dict]:
    """Colleagues' contacts within `days` before or after today, nearest first: who, when, with whom, what.
    The reader's own contacts are left out; one recorded without staff names whoever recorded it."""
    today = today or timezone.localdate()
    window = (today - datetime.timedelta(days=days), today + datetime.timedelta(days=days))
    found = []
    for interaction in interactions.filter(on__range=window):
        staff = list(interaction.staff.all())
        if not staff and interaction.created_by_id:
            staff = [interaction.created_by]
        colleagues = [s for s in staff if s.pk != user.pk]
        if not colleagues:
            continue
        offset = (interaction.on - today).days
        found.append({
            "interaction": interaction, "names": ", ".join(s.full_name or s.email for s in colleagues),
            "when": when(offset), "planned": offset > 0, "days": offset,
            "with": ", ".join([str(s) for s in interaction.stakeholders.all()]
                              + [str(c) for c in interaction.contacts.all()]),
        })
    return sorted(found, key=lambda entry: (abs(entry["days"]), -entry["interaction"].pk))
