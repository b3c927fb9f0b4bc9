"""Forms of the recommendation registry and of campaigns.

They check what a form can see (a valid choice, a number, a date); everything else is the services' to refuse, and
duo.core.forms.errors_into puts those refusals on these fields, whose names are the services' own.
"""

from django import forms
from django.utils.text import Truncator
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from duo.accounts import scoping
from duo.barrier.models import BarrierKind
from duo.impact.indicators import INDICATOR_LIST, INDICATORS
from duo.impact.models import Snapshot
from duo.publications.forms import MARKDOWN_HINT
from duo.publications.models import Publication
from duo.testimony import queries as quote_queries
from duo.testimony.models import Area

from .models import LANGUAGES, CampaignStatus, Level, Recommendation, Stakeholder, Status

# Words the URLs use beside a code or a short name: a recommendation called "new" could never be opened.
RESERVED = frozenset({"new"})
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _language_name(code):
    return get_language_info(code)["name_translated"]


class Wording(forms.Form):
    """A title and a text per language, grouped by language for the template."""

    def add_wording(self):
        for code in LANGUAGES:
            name = _language_name(code)
            self.fields[f"title_{code}"] = forms.CharField(
                label=_("Title (%(language)s)") % {"language": name}, max_length=300, required=False,
                widget=forms.TextInput(attrs={"lang": code}))
            self.fields[f"text_{code}"] = forms.CharField(
                label=_("Text (%(language)s)") % {"language": name}, required=False, help_text=MARKDOWN_HINT,
                widget=forms.Textarea(attrs={"rows": 5, "lang": code}))

    def by_language(self):
        return [{"code": code, "name": _language_name(code),
                 "fields": [self[f"title_{code}"], self[f"text_{code}"]]} for code in LANGUAGES]


def _indicator_choices():
    everything = INDICATOR_LIST + [i for i in INDICATORS.values() if i not in INDICATOR_LIST]
    return [(i.id, i.title) for i in everything]


def _testimony_choices(user):
    """Quotes consent allows on staff pages (never a withdrawn one), among those the user may see."""
    quotes = quote_queries.usable(quote_queries.INTERNAL, viewer=user)
    return [(q.pk, f"«{Truncator(q.text).chars(120)}» — {q.author}") for q in quotes]


def _publication_choices(user):
    rows = []
    for publication in scoping.scope(user, Publication.objects.all()).prefetch_related("versions"):
        versions = sorted(publication.versions.all(), key=lambda v: -v.number)
        title = versions[0].title() if versions else ""
        rows.append((publication.pk, f"{title} ({publication.slug})" if title else publication.slug))
    return rows


class EvidenceForm(forms.Form):
    """Area, level and the evidence behind a recommendation; its wording changes by revision."""

    area = forms.ChoiceField(label=_("Area of action"), choices=[("", "---------"), *Area.choices])
    level = forms.ChoiceField(label=_("Level of government it targets"), choices=[("", "---------"), *Level.choices])
    barriers = forms.MultipleChoiceField(label=_("Barriers it addresses"), required=False,
                                         widget=forms.CheckboxSelectMultiple, choices=BarrierKind.choices)
    indicators = forms.MultipleChoiceField(label=_("Indicators"), required=False,
                                           widget=forms.CheckboxSelectMultiple,
                                           help_text=_("Their values come from the evidence snapshot."))
    snapshot = forms.ModelChoiceField(label=_("Evidence snapshot"), queryset=Snapshot.objects.all(), required=False,
                                      empty_label=_("The latest snapshot"),
                                      help_text=_("Choose one to freeze the figures this recommendation quotes."))
    testimonies = forms.TypedMultipleChoiceField(label=_("Testimonies"), required=False, coerce=int,
                                                 widget=forms.CheckboxSelectMultiple)
    publications = forms.TypedMultipleChoiceField(label=_("Publications"), required=False, coerce=int,
                                                  widget=forms.CheckboxSelectMultiple)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True,
                                   help_text=_("Withdrawn recommendations stay in the registry, inactive."))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicators"].choices = _indicator_choices()
        self.fields["testimonies"].choices = _testimony_choices(user)
        self.fields["publications"].choices = _publication_choices(user)
        self.fields["snapshot"].label_from_instance = lambda s: f"#{s.pk} · {s.as_of:%Y-%m-%d} · {s.short_hash}"

    def evidence(self) -> dict:
        from duo.publications.models import Publication as P
        from duo.testimony.models import Testimony

        data = self.cleaned_data
        return {"area": data["area"], "level": data["level"], "barriers": data["barriers"],
                "indicators": data["indicators"], "snapshot": data["snapshot"], "is_active": data["is_active"],
                "testimonies": list(Testimony.objects.filter(pk__in=data["testimonies"])),
                "publications": list(P.objects.filter(pk__in=data["publications"]))}

    @staticmethod
    def initial_of(recommendation) -> dict:
        return {"area": recommendation.area, "level": recommendation.level,
                "barriers": recommendation.barrier_list, "indicators": recommendation.indicator_list,
                "snapshot": recommendation.snapshot, "is_active": recommendation.is_active,
                "testimonies": list(recommendation.testimonies.values_list("pk", flat=True)),
                "publications": list(recommendation.publications.values_list("pk", flat=True))}


class RecommendationForm(Wording, EvidenceForm):
    """A new recommendation: its code, its first wording and its evidence."""

    code = forms.SlugField(label=_("Code"), max_length=40,
                           help_text=_("A short reference used across publications, e.g. funding-framework."))

    field_order = ["code", "area", "level"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_wording()

    def clean_code(self):
        code = self.cleaned_data["code"].lower()
        if code in RESERVED:
            raise forms.ValidationError(_("This word is used by the pages' addresses: choose another code."))
        return code


class ReviseForm(Wording):
    change_note = forms.CharField(label=_("What changed"), max_length=300, required=False,
                                  help_text=_("A line for colleagues and for publications that quoted the earlier "
                                              "wording."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_wording()
        self.order_fields([f for f in self.fields if f != "change_note"] + ["change_note"])


class TargetAddForm(forms.Form):
    stakeholder = forms.ModelChoiceField(label=_("Stakeholder"), queryset=Stakeholder.objects.none())

    def __init__(self, *args, recommendation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stakeholder"].queryset = (Stakeholder.objects.filter(is_active=True)
                                               .exclude(targets__recommendation=recommendation).order_by("name"))


class TargetStatusForm(forms.Form):
    """The bounds of the date and the percentage are the service's to check: its message lands on the field."""

    on = forms.DateField(label=_("Date"), required=False, widget=DATE)
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)
    progress = forms.IntegerField(label=_("Progress (%)"), required=False,
                                  widget=forms.NumberInput(attrs={"min": 0, "max": 100}),
                                  help_text=_("Leave empty for the usual value of the status."))
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class CampaignForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    slug = forms.SlugField(label=_("Short name"), max_length=80,
                           help_text=_("Used in the page's address, e.g. memorandum-2029."))
    goal = forms.CharField(label=_("Goal"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    starts_on = forms.DateField(label=_("Starts"), widget=DATE)
    ends_on = forms.DateField(label=_("Ends"), widget=DATE)
    status = forms.ChoiceField(label=_("Status"), choices=CampaignStatus.choices)
    recommendations = forms.ModelMultipleChoiceField(label=_("Recommendations"), required=False,
                                                     queryset=Recommendation.objects.none(),
                                                     widget=forms.CheckboxSelectMultiple)
    stakeholders = forms.ModelMultipleChoiceField(label=_("Targets"), required=False,
                                                  queryset=Stakeholder.objects.none(),
                                                  widget=forms.CheckboxSelectMultiple,
                                                  help_text=_("Each target is asked every recommendation."))
    publications = forms.TypedMultipleChoiceField(label=_("Materials"), required=False, coerce=int,
                                                  widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, user, campaign=None, **kwargs):
        super().__init__(*args, **kwargs)
        chosen_recs = campaign.recommendations.values("pk") if campaign else []
        chosen_targets = campaign.stakeholders.values("pk") if campaign else []
        self.fields["recommendations"].queryset = (
            Recommendation.objects.filter(is_active=True) | Recommendation.objects.filter(pk__in=chosen_recs)
        ).distinct().prefetch_related("versions").order_by("code")
        self.fields["recommendations"].label_from_instance = lambda r: str(r)
        self.fields["stakeholders"].queryset = (
            Stakeholder.objects.filter(is_active=True) | Stakeholder.objects.filter(pk__in=chosen_targets)
        ).distinct().order_by("name")
        self.fields["publications"].choices = _publication_choices(user)

    def clean_slug(self):
        slug = self.cleaned_data["slug"].lower()
        if slug in RESERVED:
            raise forms.ValidationError(_("This word is used by the pages' addresses: choose another short name."))
        return slug

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data["publications"] = list(Publication.objects.filter(pk__in=data["publications"]))
        return data

    @staticmethod
    def initial_of(campaign) -> dict:
        return {"name": campaign.name, "slug": campaign.slug, "goal": campaign.goal,
                "starts_on": campaign.starts_on, "ends_on": campaign.ends_on, "status": campaign.status,
                "recommendations": list(campaign.recommendations.all()),
                "stakeholders": list(campaign.stakeholders.all()),
                "publications": list(campaign.publications.values_list("pk", flat=True))}


class MilestoneForm(forms.Form):
    on = forms.DateField(label=_("Date"), widget=DATE)
    title = forms.CharField(label=_("What"), max_length=200)
