"""The forms of interactions: recording one, filtering the list.

Multi-selects are checkbox lists (a filter box above them in the template), which a thumb can use where a
`<select multiple>` needs a keyboard. The forms check only what a form can see (a date is a date, a choice is in
the list); what makes an interaction acceptable is the service's to say (services.interaction_save), and its
errors land on these fields by name.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from duo.accounts import roles
from duo.publications.models import Publication
from duo.testimony.models import Area

from .models import Campaign, Contact, Interaction, InteractionKind, Position, Recommendation, Stakeholder

DATE = {"type": "date"}
CHECKS = forms.CheckboxSelectMultiple
ADVOCACY_ROLES = [role for role, caps in roles.CAPABILITIES.items() if roles.ADVOCACY_VIEW in caps]


def _date_widget():
    return forms.DateInput(attrs=DATE, format="%Y-%m-%d")


def _newest(related):
    """The highest-numbered of prefetched versions, without another query."""
    return max(related.all(), key=lambda v: v.number, default=None)


def publication_title(publication) -> str:
    """The latest version's title in the reader's language, else in any language, else the address."""
    latest = _newest(publication.versions)
    if latest is None:
        return publication.slug
    return latest.title() or next((latest.title(c) for c in ("fr", "nl", "en") if latest.title(c)), publication.slug)


def publication_label(publication) -> str:
    title = publication_title(publication)
    return f"{title} ({publication.slug})" if title != publication.slug else title


def recommendation_title(recommendation) -> str:
    current = _newest(recommendation.versions)
    return current.title() if current else ""


def recommendation_label(recommendation) -> str:
    title = recommendation_title(recommendation)
    return f"{recommendation.code} · {title}" if title else recommendation.code


def contact_label(contact, on=None) -> str:
    """The person and what they are now (or were on `on`), so that two namesakes can be told apart."""
    on = on or timezone.localdate()
    held = [p for p in contact.positions.all() if p.is_current(on)]
    if not held:
        return str(contact)
    return f"{contact} · " + "; ".join(f"{p.role}, {p.stakeholder.name}" for p in held)


def staff_members():
    return get_user_model().objects.filter(is_active=True).order_by("full_name", "email")


def _with_chosen(queryset, model, chosen):
    """Active rows, plus the inactive ones an interaction already refers to (editing must not drop them)."""
    ids = [getattr(c, "pk", c) for c in chosen or ()]
    return model.objects.filter(Q(pk__in=queryset.values("pk")) | Q(pk__in=ids))


class InteractionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=[("", "---------"), *InteractionKind.choices], required=False)
    on = forms.DateField(label=_("Date"), widget=_date_widget())
    subject = forms.CharField(label=_("Subject"), max_length=200, required=False)
    stakeholders = forms.ModelMultipleChoiceField(label=_("Stakeholders met"), queryset=Stakeholder.objects.none(),
                                                  required=False, widget=CHECKS)
    contacts = forms.ModelMultipleChoiceField(label=_("People met"), queryset=Contact.objects.none(),
                                              required=False, widget=CHECKS)
    staff = forms.ModelMultipleChoiceField(label=_("Staff present"), queryset=staff_members(), required=False,
                                           widget=CHECKS)
    recommendations = forms.ModelMultipleChoiceField(
        label=_("Recommendations raised"), queryset=Recommendation.objects.none(), required=False, widget=CHECKS,
        help_text=_("Each one moves forward at every stakeholder chosen above."))
    publications = forms.ModelMultipleChoiceField(label=_("Publications handed over"),
                                                  queryset=Publication.objects.none(), required=False, widget=CHECKS)
    areas = forms.MultipleChoiceField(label=_("Priorities it serves"), choices=Area.choices, required=False,
                                      widget=CHECKS)
    campaign = forms.ModelChoiceField(label=_("Campaign"), queryset=Campaign.objects.all(), required=False)
    summary = forms.CharField(label=_("What was said"), required=False,
                              widget=forms.Textarea(attrs={"rows": 6}))
    follow_up = forms.CharField(label=_("Follow-up promised"), max_length=500, required=False,
                                widget=forms.Textarea(attrs={"rows": 2}))
    follow_up_due = forms.DateField(label=_("Follow-up due"), required=False, widget=_date_widget(),
                                    help_text=_("Its owner is reminded by email from that day until it is done."))
    follow_up_owner = forms.ModelChoiceField(label=_("Follow-up by"), queryset=staff_members(), required=False)
    lobbying = forms.BooleanField(label=_("Aims to influence policy (declared to lobby registers)"), required=False,
                                  initial=True)

    MULTIPLE = ("stakeholders", "contacts", "staff", "recommendations", "publications", "areas")

    def __init__(self, *args, instance: Interaction | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance = instance
        linked = (lambda name: getattr(instance, name).all()) if instance else (lambda name: ())
        self.fields["stakeholders"].queryset = _with_chosen(
            Stakeholder.objects.filter(is_active=True), Stakeholder, linked("stakeholders")).order_by("name")
        # An erased contact is met no more: offered only where an existing interaction already names them.
        self.fields["contacts"].queryset = _with_chosen(
            Contact.objects.filter(erased_at__isnull=True), Contact, linked("contacts")).prefetch_related(
            Prefetch("positions", queryset=Position.objects.select_related("stakeholder")))
        on = instance.on if instance else None
        self.fields["contacts"].label_from_instance = lambda c: contact_label(c, on)
        self.fields["recommendations"].queryset = _with_chosen(
            Recommendation.objects.filter(is_active=True), Recommendation, linked("recommendations")
        ).prefetch_related("versions").order_by("code")
        self.fields["recommendations"].label_from_instance = recommendation_label
        self.fields["publications"].queryset = Publication.objects.prefetch_related("versions")
        self.fields["publications"].label_from_instance = publication_label
        owners = staff_members().filter(role__in=ADVOCACY_ROLES)
        if instance and instance.follow_up_owner_id:
            owners = staff_members().filter(Q(role__in=ADVOCACY_ROLES) | Q(pk=instance.follow_up_owner_id))
        self.fields["follow_up_owner"].queryset = owners
        self.fields["follow_up_owner"].help_text = _("Only members of the advocacy team can be reminded.")

    def values(self) -> dict:
        """What the service takes, from the cleaned data."""
        data = dict(self.cleaned_data)
        data["kind"] = data.get("kind") or ""
        data["subject"] = data.get("subject") or ""
        data["summary"] = (data.get("summary") or "").strip()
        data["follow_up"] = (data.get("follow_up") or "").strip()
        if not data["follow_up"] and not data.get("follow_up_due"):
            data["follow_up_owner"] = None
        return data


def initial_for(instance: Interaction) -> dict:
    initial = {name: getattr(instance, name) for name in (
        "kind", "on", "subject", "campaign", "summary", "follow_up", "follow_up_due", "follow_up_owner", "lobbying")}
    for name in ("stakeholders", "contacts", "staff", "recommendations", "publications"):
        initial[name] = list(getattr(instance, name).all())
    initial["areas"] = instance.area_list
    return initial


class InteractionFilterForm(forms.Form):
    """The list's filters; the export takes the same ones. Links from other pages use codes and slugs."""

    q = forms.CharField(label=_("Words"), required=False,
                        widget=forms.TextInput(attrs={"type": "search"}))
    type = forms.ChoiceField(label=_("Type"), required=False,
                             choices=[("", _("All types")), *InteractionKind.choices])
    stakeholder = forms.ModelChoiceField(label=_("Stakeholder"), queryset=Stakeholder.objects.order_by("name"),
                                         required=False, empty_label=_("Any stakeholder"))
    contact = forms.ModelChoiceField(label=_("Person met"), queryset=Contact.objects.all(), required=False,
                                     empty_label=_("Anyone"))
    recommendation = forms.ModelChoiceField(label=_("Recommendation"), queryset=Recommendation.objects.all(),
                                            to_field_name="code", required=False,
                                            empty_label=_("Any recommendation"))
    staff = forms.ModelChoiceField(label=_("Staff member"), queryset=staff_members(), required=False,
                                   empty_label=_("Any staff member"))
    priority = forms.ChoiceField(label=_("Priority"), required=False, choices=[("", _("Any priority")),
                                                                               *Area.choices])
    campaign = forms.ModelChoiceField(label=_("Campaign"), queryset=Campaign.objects.all(), to_field_name="slug",
                                      required=False, empty_label=_("Any campaign"))
    date_from = forms.DateField(label=_("From"), required=False, widget=_date_widget())
    date_to = forms.DateField(label=_("Until"), required=False, widget=_date_widget())

    def filter(self, interactions):
        if not self.is_valid():
            return interactions
        data = self.cleaned_data
        for word in data["q"].split():
            interactions = interactions.filter(Q(subject__icontains=word) | Q(summary__icontains=word)
                                               | Q(follow_up__icontains=word))
        if data["type"]:
            interactions = interactions.filter(kind=data["type"])
        for name, relation in (("stakeholder", "stakeholders"), ("contact", "contacts"),
                               ("recommendation", "recommendations"), ("staff", "staff")):
            if data[name] is not None:
                interactions = interactions.filter(**{relation: data[name]})
        if data["priority"]:
            interactions = interactions.filter(areas__contains=f",{data['priority']},")
        if data["campaign"] is not None:
            interactions = interactions.filter(campaign=data["campaign"])
        if data["date_from"]:
            interactions = interactions.filter(on__gte=data["date_from"])
        if data["date_to"]:
            interactions = interactions.filter(on__lte=data["date_to"])
        return interactions.distinct()
