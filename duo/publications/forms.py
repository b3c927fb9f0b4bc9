"""The staff forms of publications: a new publication, a version's titles, a section of each kind, a comment.

Texts are written per language; each form lists its per-language fields by language (`by_language`) so that the
templates can set the languages side by side. The forms check only what a form can see (a valid choice, two
different dimensions); everything else is the services' to refuse, and their errors land on these fields
(`ERROR_FIELDS` maps the services' names to the fields that carry them).
"""

from django import forms
from django.db.models import Prefetch, Q
from django.utils.html import format_html
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from duo.advocacy.models import Recommendation, RecommendationVersion
from duo.impact.dimensions import allowed
from duo.impact.indicators import INDICATOR_LIST, INDICATORS
from duo.impact.models import Snapshot
from duo.testimony.models import Theme

from .models import LANGUAGES, Chart, Kind, SectionKind
from .services import MAX_KEY_FIGURES, MAX_QUOTES

MARKDOWN_HINT = _("Markdown: **bold**, *italics*, a blank line between paragraphs, “- ” or “1. ” at the start of a "
                  "line for a list, [words](https://…) for a link.")


def language_name(code: str) -> str:
    return get_language_info(code)["name_translated"]


def _language_choices():
    return [(code, language_name(code)) for code in LANGUAGES]


def indicator_choices(empty=_("Choose an indicator")):
    everything = INDICATOR_LIST + [i for i in INDICATORS.values() if i not in INDICATOR_LIST]
    return [("", empty)] + [(i.id, i.title) for i in everything]


def snapshot_label(snapshot) -> str:
    return f"#{snapshot.pk} · {snapshot.as_of:%Y-%m-%d} · {snapshot.short_hash}"


class PerLanguage:
    """Fields named `<stem>_<lang>`, grouped by language for the template."""

    stems: tuple = ()
    languages: tuple = LANGUAGES

    def by_language(self):
        return [{"code": code, "name": language_name(code),
                 "fields": [self[f"{stem}_{code}"] for stem in self.stems if f"{stem}_{code}" in self.fields]}
                for code in self.languages]


def _texts(form, stem, label, widget=None, max_length=None):
    for code in form.languages:
        form.fields[f"{stem}_{code}"] = forms.CharField(
            label=_("%(field)s (%(language)s)") % {"field": label, "language": language_name(code)},
            required=False, max_length=max_length, widget=widget, strip=True)


class PublicationForm(PerLanguage, forms.Form):
    stems = ("title",)

    slug = forms.CharField(label=_("Address"), max_length=80,
                           help_text=_("The last part of the public address: lowercase letters, digits and hyphens, "
                                       "e.g. experience-report-2026."))
    kind = forms.ChoiceField(label=_("Type"), choices=[("", "---------"), *Kind.choices])
    languages = forms.MultipleChoiceField(label=_("Languages"), widget=forms.CheckboxSelectMultiple,
                                          initial=list(LANGUAGES))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["languages"].choices = _language_choices()
        _texts(self, "title", _("Title"), max_length=200)


class VersionForm(PerLanguage, forms.Form):
    stems = ("title", "summary")

    languages = forms.MultipleChoiceField(label=_("Languages of this version"), widget=forms.CheckboxSelectMultiple,
                                          help_text=_("A language is published only when every text exists in it."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["languages"].choices = _language_choices()
        _texts(self, "title", _("Title"), max_length=200)
        _texts(self, "summary", _("Summary"), widget=forms.Textarea(attrs={"rows": 4}), max_length=600)


class SnapshotForm(forms.Form):
    snapshot = forms.ModelChoiceField(label=_("Snapshot"), queryset=Snapshot.objects.all(), empty_label=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["snapshot"].label_from_instance = snapshot_label


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Comment"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    section = forms.ChoiceField(label=_("About"), required=False)

    def __init__(self, *args, sections=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = [("", _("The whole version"))] + [
            (str(s.pk), _("Section %(n)s: %(heading)s") % {"n": n, "heading": s.heading() or s.get_kind_display()})
            for n, s in enumerate(sections, 1)]


# --- sections -----------------------------------------------------------------------------------------------------

def filter_choices(values: dict, user, empty=_("Everyone")):
    """One select over every dimension's values: "dimension=value" grouped by dimension."""
    dimensions = allowed(user)
    choices = [("", empty)]
    for key, codes in values.items():
        if key in dimensions and codes:
            dimension = dimensions[key]
            choices.append((str(dimension.title), [(f"{key}={c}", dimension.label(c)) for c in codes]))
    return choices


def _split(chosen: str) -> tuple[str, str]:
    key, _sep, value = chosen.partition("=")
    return key, value


class SectionForm(PerLanguage, forms.Form):
    """One form for every kind of section; __init__ keeps the fields of the kind at hand."""

    stems = ("heading", "body")
    ERROR_FIELDS = {"breakdown": "by_1", "filters": "filter_1", "items": "item_1"}

    def __init__(self, data=None, *, kind, languages, user, values=None, quotes=(), section=None, **kwargs):
        self.kind, self.languages, self.user = kind, tuple(languages), user
        values = {k: list(v) for k, v in (values or {}).items()}
        if section is not None:
            _known_values(values, section)
        super().__init__(data, initial=self._initial(section) if section is not None else None, **kwargs)
        _texts(self, "heading", _("Heading"), max_length=200)
        if kind == SectionKind.TEXT:
            _texts(self, "body", _("Text"), widget=forms.Textarea(attrs={"rows": 10}))
        elif kind == SectionKind.RECOMMENDATIONS:
            _texts(self, "body", _("Text"), widget=forms.Textarea(attrs={"rows": 6}))
            self.fields["recommendations"] = forms.ModelMultipleChoiceField(
                label=_("Recommendations from the registry"), required=False, widget=forms.CheckboxSelectMultiple,
                queryset=_recommendations(section),
                help_text=_("Listed, numbered, after the section's text, in their wording of the day the version is "
                            "published. With recommendations chosen, the section's text is an optional introduction."))
            self.fields["recommendations"].label_from_instance = _recommendation_label
        elif kind in (SectionKind.FIGURE, SectionKind.TABLE):
            self._figure_fields(values)
        elif kind == SectionKind.KEY_FIGURES:
            for i in range(1, MAX_KEY_FIGURES + 1):
                self.fields[f"item_{i}"] = forms.ChoiceField(label=_("Indicator %(n)s") % {"n": i}, required=False,
                                                             choices=indicator_choices(_("None")))
                self.fields[f"item_filter_{i}"] = forms.ChoiceField(
                    label=_("Only (indicator %(n)s)") % {"n": i}, required=False,
                    choices=filter_choices(values, user))
        elif kind == SectionKind.QUOTES:
            self.quotes = {q.pk: q for q in quotes}
            self.fields["testimonies"] = forms.TypedMultipleChoiceField(
                label=_("Quotes"), required=False, coerce=int, widget=forms.CheckboxSelectMultiple,
                choices=[(q.pk, _quote_label(q)) for q in quotes],
                help_text=_("Only quotes whose author agreed to a public use and that were checked are listed."))
            self.fields["theme"] = forms.ModelChoiceField(
                label=_("Or a theme to take them from"), queryset=Theme.objects.all(), required=False,
                empty_label=_("No theme"))
            self.fields["limit"] = forms.IntegerField(label=_("At most"), min_value=1, max_value=MAX_QUOTES,
                                                      initial=3, help_text=_("quotes shown in this section"))

    def _figure_fields(self, values):
        _texts(self, "body", _("Commentary"), widget=forms.Textarea(attrs={"rows": 5}))
        dims = [("", _("Nothing"))] + [(k, d.title) for k, d in allowed(self.user).items()]
        self.fields["indicator"] = forms.ChoiceField(label=_("Indicator"), choices=indicator_choices())
        self.fields["by_1"] = forms.ChoiceField(label=_("Broken down by"), choices=dims, required=False)
        self.fields["by_2"] = forms.ChoiceField(label=_("and by"), choices=dims, required=False)
        self.fields["filter_1"] = forms.ChoiceField(label=_("Only"), choices=filter_choices(values, self.user),
                                                    required=False)
        self.fields["filter_2"] = forms.ChoiceField(label=_("and only"), choices=filter_choices(values, self.user),
                                                    required=False)
        if self.kind == SectionKind.FIGURE:
            self.fields["chart"] = forms.ChoiceField(label=_("Chart"), choices=Chart.choices, initial=Chart.BAR)

    def _initial(self, section) -> dict:
        initial = {f"{stem}_{code}": getattr(section, f"{stem}_{code}") for stem in self.stems for code in LANGUAGES}
        dims = section.dimensions
        initial.update(indicator=section.indicator, chart=section.chart, theme=section.theme_id,
                       testimonies=list(section.testimonies), limit=section.limit,
                       by_1=dims[0] if dims else "", by_2=dims[1] if len(dims) > 1 else "")
        if section.kind == SectionKind.RECOMMENDATIONS:
            initial["recommendations"] = list(section.recommendations.values_list("pk", flat=True))
        for i, (key, value) in enumerate(list((section.filters or {}).items())[:2], 1):
            initial[f"filter_{i}"] = f"{key}={value}"
        for i, item in enumerate(section.items or [], 1):
            initial[f"item_{i}"] = item.get("indicator", "")
            filters = item.get("filters") or {}
            if filters:
                key, value = next(iter(filters.items()))
                initial[f"item_filter_{i}"] = f"{key}={value}"
        return initial

    def clean(self):
        data = super().clean()
        if self.kind in (SectionKind.FIGURE, SectionKind.TABLE):
            by = [d for d in (data.get("by_1"), data.get("by_2")) if d]
            if len(set(by)) != len(by):
                self.add_error("by_2", _("Choose two different dimensions."))
            filters = [_split(f)[0] for f in (data.get("filter_1"), data.get("filter_2")) if f]
            if len(set(filters)) != len(filters):
                self.add_error("filter_2", _("Limit the figure by two different dimensions."))
            if set(filters) & set(by):
                self.add_error("filter_1", _("A figure cannot be broken down by the dimension it is limited to."))
        if self.kind == SectionKind.KEY_FIGURES:
            for i in range(1, MAX_KEY_FIGURES + 1):
                if data.get(f"item_filter_{i}") and not data.get(f"item_{i}"):
                    self.add_error(f"item_{i}", _("Choose the indicator this filter applies to."))
        return data

    def values(self) -> dict:
        """What the services take, from the cleaned data: only the languages of the version are touched."""
        data = self.cleaned_data
        out = {name: data.get(name, "") for name in self.fields
               if any(name == f"{stem}_{code}" for stem in self.stems for code in self.languages)}
        if self.kind in (SectionKind.FIGURE, SectionKind.TABLE):
            out["indicator"] = data["indicator"]
            out["breakdown"] = ",".join(d for d in (data.get("by_1"), data.get("by_2")) if d)
            out["filters"] = dict(_split(f) for f in (data.get("filter_1"), data.get("filter_2")) if f)
            if "chart" in self.fields:
                out["chart"] = data["chart"]
        elif self.kind == SectionKind.KEY_FIGURES:
            items = []
            for i in range(1, MAX_KEY_FIGURES + 1):
                if data.get(f"item_{i}"):
                    item = {"indicator": data[f"item_{i}"]}
                    if data.get(f"item_filter_{i}"):
                        item["filters"] = dict([_split(data[f"item_filter_{i}"])])
                    items.append(item)
            out["items"] = items
        elif self.kind == SectionKind.QUOTES:
            out.update(testimonies=data.get("testimonies") or [], theme=data.get("theme"),
                       limit=data.get("limit") or 3)
        elif self.kind == SectionKind.RECOMMENDATIONS:
            out["recommendations"] = [r.pk for r in data.get("recommendations") or ()]
        return out

    def key_figure_rows(self):
        return [(self[f"item_{i}"], self[f"item_filter_{i}"]) for i in range(1, MAX_KEY_FIGURES + 1)]

    def add_service_errors(self, errors: dict):
        for name, message in errors.items():
            name = self.ERROR_FIELDS.get(name, name)
            self.add_error(name if name in self.fields else None, message)


def _known_values(values: dict, section):
    """The section's own filter values stay choosable even when the latest snapshot no longer has them."""
    pairs = list((section.filters or {}).items())
    for item in section.items or []:
        pairs += list((item.get("filters") or {}).items())
    for key, value in pairs:
        codes = values.setdefault(key, [])
        if value not in codes:
            codes.append(value)


def _recommendations(section):
    """The active recommendations, and those the section already lists even if withdrawn since (saving the form
    must not drop them silently)."""
    chosen = Q(pk__in=section.recommendations.values("pk")) if section is not None else Q(pk__in=[])
    return (Recommendation.objects.filter(Q(is_active=True) | chosen, versions__isnull=False).distinct()
            .prefetch_related(Prefetch("versions", queryset=RecommendationVersion.objects.order_by("-number"))))


def _recommendation_label(recommendation):
    current = next(iter(recommendation.versions.all()), None)
    title = current.title() if current else ""
    languages = ", ".join(code.upper() for code in current.languages()) if current else ""
    return format_html('<span><strong>{}</strong> · {} <span class="pub-quote-meta">— v{} · {}</span>'
                       '</span>', recommendation.code, title, current.number if current else "",
                       _("in %(languages)s") % {"languages": languages or "—"})


def _quote_label(quote):
    languages = [quote.testimony.language, *(t.language for t in quote.testimony.translations.all())]
    shown = ", ".join(code.upper() for code in LANGUAGES if code in languages)
    text = quote.text if len(quote.text) <= 220 else quote.text[:217].rstrip() + "…"
    return format_html(
        '<span><span class="pub-quote-text" lang="{}">“{}”</span> <span class="pub-quote-meta">— {} · {}</span></span>',
        quote.language, text, quote.author, _("in %(languages)s") % {"languages": shown})
