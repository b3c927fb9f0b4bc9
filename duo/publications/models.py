"""Publications: experience reports, memoranda, policy briefs and factsheets, built from the evidence.

A publication is a series of versions; a version is an ordered list of sections. A version goes draft → in review
→ published, and a published version is frozen: its figures and quotes are stored with it (Section.frozen) at
the moment of publication, so rendering it again later gives the same numbers and the same quotes — except a
quote whose author withdrew consent since, which is left out with a notice. "Update to new data" starts a new
draft version, on a newer snapshot, from a published one.

Everything staff write here is public once published: it is written per language, and a language is published
only when every text of the version exists in it (no silent mixing of languages).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

LANGUAGES = ("fr", "nl", "en")


class Kind(models.TextChoices):
    EXPERIENCE_REPORT = "experience_report", _("Experience report")
    MEMORANDUM = "memorandum", _("Memorandum")
    POLICY_BRIEF = "policy_brief", _("Policy brief")
    FACTSHEET = "factsheet", _("Factsheet")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("In review")
    PUBLISHED = "published", _("Published")


class SectionKind(models.TextChoices):
    TEXT = "text", _("Text")
    FIGURE = "figure", _("Figure")
    TABLE = "table", _("Table")
    QUOTES = "quotes", _("Quotes")
    RECOMMENDATIONS = "recommendations", _("Recommendations")
    KEY_FIGURES = "key_figures", _("Key figures")


class Chart(models.TextChoices):
    BAR = "bar", _("Bars with intervals (95 %)")
    DOT = "dot", _("Points with intervals (95 %)")
    NONE = "none", _("No chart (table only)")


def pick(obj, stem: str, lang: str | None = None) -> str:
    """The text of `stem` in `lang` (default: the active language); empty when it is missing, never another
    language's: the callers decide what a missing translation shows."""
    lang = (lang or get_language() or "fr")[:2]
    return getattr(obj, f"{stem}_{lang}", "") or ""


class Publication(models.Model):
    slug = models.SlugField(_("address"), max_length=80, unique=True,
                            help_text=_("The last part of the public address, e.g. experience-report-2026."))
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("publication")
        verbose_name_plural = _("publications")

    def __str__(self):
        return self.slug

    @property
    def published(self):
        """The version the public sees: the latest published one."""
        return self.versions.filter(status=Status.PUBLISHED).order_by("-number").first()

    @property
    def latest(self):
        return self.versions.order_by("-number").first()


class Version(models.Model):
    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="versions",
                                    verbose_name=_("publication"))
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    languages = models.CharField(_("languages"), max_length=20, default="fr,nl,en",
                                 help_text=_("The languages this version is written in."))
    title_fr = models.CharField(_("title (French)"), max_length=200, blank=True)
    title_nl = models.CharField(_("title (Dutch)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    summary_fr = models.TextField(_("summary (French)"), max_length=600, blank=True)
    summary_nl = models.TextField(_("summary (Dutch)"), max_length=600, blank=True)
    summary_en = models.TextField(_("summary (English)"), max_length=600, blank=True)
    snapshot = models.ForeignKey("impact.Snapshot", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="publication_versions", verbose_name=_("snapshot"),
                                 help_text=_("The frozen facts every figure of this version is computed from."))
    based_on = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                 verbose_name=_("based on"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("sent for review"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("published by"))

    class Meta:
        ordering = ["publication", "-number"]
        verbose_name = _("publication version")
        verbose_name_plural = _("publication versions")
        constraints = [models.UniqueConstraint(fields=["publication", "number"], name="publication_version_unique")]

    def __str__(self):
        return f"{self.publication.slug} v{self.number}"

    @property
    def language_list(self) -> list[str]:
        return [code for code in self.languages.split(",") if code in LANGUAGES]

    @property
    def is_frozen(self) -> bool:
        return self.status == Status.PUBLISHED

    def title(self, lang: str | None = None) -> str:
        return pick(self, "title", lang)

    def summary(self, lang: str | None = None) -> str:
        return pick(self, "summary", lang)


class Section(models.Model):
    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="sections",
                                verbose_name=_("version"))
    position = models.PositiveIntegerField(_("position"), default=0)
    kind = models.CharField(_("type"), max_length=20, choices=SectionKind.choices)
    heading_fr = models.CharField(_("heading (French)"), max_length=200, blank=True)
    heading_nl = models.CharField(_("heading (Dutch)"), max_length=200, blank=True)
    heading_en = models.CharField(_("heading (English)"), max_length=200, blank=True)
    # Markdown: the text of a text or recommendations section, the commentary under a figure or table.
    body_fr = models.TextField(_("text (French)"), blank=True)
    body_nl = models.TextField(_("text (Dutch)"), blank=True)
    body_en = models.TextField(_("text (English)"), blank=True)
    indicator = models.CharField(_("indicator"), max_length=60, blank=True)
    breakdown = models.CharField(_("broken down by"), max_length=100, blank=True,
                          help_text=_("One or two dimensions, separated by a comma."))
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    chart = models.CharField(_("chart"), max_length=10, choices=Chart.choices, default=Chart.BAR)
    # Key figures: [{"indicator": ..., "filters": {...}}, ...]
    items = models.JSONField(_("key figures"), default=list, blank=True)
    theme = models.ForeignKey("testimony.Theme", on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name=_("theme"))
    testimonies = models.JSONField(_("quotes chosen"), default=list, blank=True,
                                   help_text=_("The ids of the testimonies quoted, in order."))
    limit = models.PositiveSmallIntegerField(_("at most"), default=3)
    # A recommendations section lists these from the advocacy registry, after its own text, in their current
    # wording until the version is published (then as frozen).
    recommendations = models.ManyToManyField("advocacy.Recommendation", blank=True, related_name="sections",
                                             verbose_name=_("recommendations from the registry"))
    # What a published version shows, computed once when it was published.
    frozen = models.JSONField(_("frozen content"), default=dict, blank=True, editable=False)

    class Meta:
        ordering = ["version", "position", "id"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self):
        return f"{self.version} · {self.position} · {self.get_kind_display()}"

    def heading(self, lang: str | None = None) -> str:
        return pick(self, "heading", lang)

    def body(self, lang: str | None = None) -> str:
        return pick(self, "body", lang)

    @property
    def dimensions(self) -> list[str]:
        return [d.strip() for d in self.breakdown.split(",") if d.strip()]


class Comment(models.Model):
    """A reviewer's remark on a version or one of its sections."""

    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="comments",
                                verbose_name=_("version"))
    section = models.ForeignKey(Section, on_delete=models.CASCADE, null=True, blank=True, related_name="comments",
                                verbose_name=_("section"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
                               verbose_name=_("author"))
    text = models.TextField(_("comment"), max_length=4000)
    created_at = models.DateTimeField(_("written"), default=timezone.now)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self):
        return f"{self.version} · {self.text[:40]}"
