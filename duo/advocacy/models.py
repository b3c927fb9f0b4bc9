"""Advocacy: the bodies and people the organisation works to convince, what it asks of them, and what happened.

A `Stakeholder` is an organisation or office (a minister's cabinet, a parliament, Actiris, a union, an employer).
A `Contact` is a person; their `Position`s tie them to stakeholders over time: when a mandate ends after an
election the position closes and the person stays. Contacts are personal data (audited, a legal basis recorded)
but never special-category data: the only political affiliation kept is the party of a public mandate, which the
person made public themselves (GDPR art. 9(2)(e)).

A `Recommendation` is a policy ask with versioned texts in three languages. Its `Target`s are the stakeholders it
is addressed to, each with a status on the road to adoption; every change of status is a `StatusChange`, which is
the recommendation's timeline. An `Interaction` (meeting, letter, hearing...) records who was met, which
recommendations were raised and which publications handed over, and the follow-up promised. A `Campaign` groups
targets, recommendations and materials over a period (e.g. the memorandum before an election).

Nothing about participants is stored here: evidence is referenced (snapshot indicators, barrier kinds, testimonies
used only where their consent allows, publications).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from duo.core.i18n import LANGUAGE_CHOICES
from duo.privacy.audit import AuditedModel
from duo.testimony.models import Area

LANGUAGES = ("fr", "nl", "en")


def codes_value(codes, valid) -> str:
    """Codes stored comma-separated with a comma on each side, so that one code filters with a LIKE."""
    chosen = [c for c in valid if c in set(codes or ())]
    return f",{','.join(chosen)}," if chosen else ""


def codes_list(value: str) -> list[str]:
    return [c for c in (value or "").split(",") if c]


class Level(models.TextChoices):
    MUNICIPAL = "municipal", _("Municipal")
    PROVINCIAL = "provincial", _("Provincial or departmental")
    REGIONAL = "regional", _("Regional")
    COMMUNITY = "community", _("Community")
    FEDERAL = "federal", _("Federal or national")
    EUROPEAN = "european", _("European")
    INTERNATIONAL = "international", _("International")


class StakeholderKind(models.TextChoices):
    POLITICAL = "political", _("Political representative or office")
    PUBLIC_BODY = "public_body", _("Public body")
    ASSOCIATION = "association", _("Association")
    TRADE_UNION = "trade_union", _("Trade union")
    EMPLOYER = "employer", _("Employer")
    ACADEMIC = "academic", _("Academic or research body")
    MEDIA = "media", _("Media")
    FUNDER = "funder", _("Funder")


class LegalBasis(models.TextChoices):
    """GDPR art. 6 grounds that fit advocacy contacts."""

    LEGITIMATE_INTEREST = "legitimate_interest", _("Legitimate interest (public role, professional contact)")
    CONSENT = "consent", _("Consent")
    CONTRACT = "contract", _("Contract or partnership agreement")
    PUBLIC_TASK = "public_task", _("Public task")


class Stakeholder(models.Model):
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=StakeholderKind.choices)
    level = models.CharField(_("level of government"), max_length=20, choices=Level.choices, blank=True,
                             help_text=_("For political offices and public bodies."))
    region = models.ForeignKey("organisation.Region", on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+", verbose_name=_("region"))
    parent = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="children",
                               verbose_name=_("part of"),
                               help_text=_("E.g. a minister's office is part of a government."))
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("general email"), blank=True)
    phone = models.CharField(_("general phone"), max_length=40, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("recorded by"))
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")
        constraints = [models.UniqueConstraint(fields=["name", "kind"], name="stakeholder_name_kind_unique")]

    def __str__(self):
        return self.name


class Contact(AuditedModel):
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    title = models.CharField(_("form of address"), max_length=40, blank=True, help_text=_("E.g. Mrs, Minister."))
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGE_CHOICES, default="fr")
    legal_basis = models.CharField(_("legal basis for processing"), max_length=24, choices=LegalBasis.choices,
                                   default=LegalBasis.LEGITIMATE_INTEREST)
    source = models.CharField(_("source of the data"), max_length=200, blank=True,
                              help_text=_("Where the details come from, e.g. the parliament's website."))
    notes = models.TextField(_("notes"), blank=True,
                             help_text=_("Professional context only: no health, origin, religion or opinions."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("recorded by"))
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Set by duo.advocacy.erasure: the row stays (their interactions are the organisation's lobbying record), its
    # personal details do not.
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self):
        if self.erased_at:
            return _("Erased contact #%(id)s") % {"id": self.pk}
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def full_name(self) -> str:
        return str(self)


class Position(AuditedModel):
    """A contact's role at a stakeholder over a period: a mandate, a job. Ended, not deleted."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="positions",
                                verbose_name=_("contact"))
    stakeholder = models.ForeignKey(Stakeholder, on_delete=models.CASCADE, related_name="positions",
                                    verbose_name=_("stakeholder"))
    role = models.CharField(_("role or mandate"), max_length=200,
                            help_text=_("E.g. Minister of Employment, member of parliament, head of cabinet."))
    level = models.CharField(_("level of government"), max_length=20, choices=Level.choices, blank=True)
    party = models.CharField(_("party"), max_length=80, blank=True,
                             help_text=_("Only for a public mandate, as the person made it public."))
    committees = models.CharField(_("committees"), max_length=300, blank=True,
                                  help_text=_("The parliamentary committees they sit on, separated by commas."))
    started_on = models.DateField(_("from"), null=True, blank=True)
    ended_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["ended_on", "-started_on", "id"]
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        constraints = [models.CheckConstraint(
            condition=models.Q(ended_on__isnull=True) | models.Q(started_on__isnull=True)
            | models.Q(ended_on__gte=models.F("started_on")), name="position_ends_after_start")]

    def __str__(self):
        return f"{self.contact} · {self.role} · {self.stakeholder}"

    def is_current(self, on=None) -> bool:
        on = on or timezone.localdate()
        return (self.started_on is None or self.started_on <= on) and (self.ended_on is None or self.ended_on >= on)


class Status(models.TextChoices):
    """The road of a recommendation at one target, in order; rejected ends it."""

    NOT_RAISED = "not_raised", _("Not yet raised")
    RAISED = "raised", _("Raised")
    DISCUSSED = "discussed", _("Discussed")
    SUPPORTED = "supported", _("Supported")
    COMMITTED = "committed", _("Committed")
    IMPLEMENTED = "implemented", _("Implemented")
    REJECTED = "rejected", _("Rejected")


# The progress each status stands for unless staff say otherwise (percent).
DEFAULT_PROGRESS = {Status.NOT_RAISED: 0, Status.RAISED: 15, Status.DISCUSSED: 30, Status.SUPPORTED: 50,
                    Status.COMMITTED: 75, Status.IMPLEMENTED: 100, Status.REJECTED: 0}
STATUS_RANK = {s: i for i, s in enumerate(Status.values)}


class Recommendation(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True,
                            help_text=_("A short reference used across publications, e.g. funding-framework."))
    area = models.CharField(_("area of action"), max_length=24, choices=Area.choices)
    level = models.CharField(_("level of government it targets"), max_length=20, choices=Level.choices)
    # Evidence: references, never people.
    barriers = models.CharField(_("barriers it addresses"), max_length=400, blank=True, default="")
    indicators = models.CharField(_("indicators"), max_length=400, blank=True, default="",
                                  help_text=_("Indicator codes from the impact snapshot."))
    snapshot = models.ForeignKey("impact.Snapshot", on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+", verbose_name=_("evidence snapshot"))
    testimonies = models.ManyToManyField("testimony.Testimony", blank=True, related_name="recommendations",
                                         verbose_name=_("testimonies"))
    publications = models.ManyToManyField("publications.Publication", blank=True, related_name="recommendations",
                                          verbose_name=_("publications"))
    is_active = models.BooleanField(_("active"), default=True,
                                    help_text=_("Withdrawn recommendations stay in the registry, inactive."))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("recorded by"))
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")

    def __str__(self):
        current = self.current
        return f"{self.code} · {current.title()}" if current else self.code

    @property
    def current(self):
        cached = getattr(self, "_current", None)
        if cached is None:
            cached = self._current = self.versions.order_by("-number").first()
        return cached

    @property
    def barrier_list(self) -> list[str]:
        return codes_list(self.barriers)

    @property
    def indicator_list(self) -> list[str]:
        return codes_list(self.indicators)


class RecommendationVersion(models.Model):
    """The wording of a recommendation at one time, in three languages. A new wording is a new version."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="versions",
                                       verbose_name=_("recommendation"))
    number = models.PositiveIntegerField(_("version"))
    title_fr = models.CharField(_("title (French)"), max_length=300, blank=True)
    title_nl = models.CharField(_("title (Dutch)"), max_length=300, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    text_fr = models.TextField(_("text (French)"), blank=True)
    text_nl = models.TextField(_("text (Dutch)"), blank=True)
    text_en = models.TextField(_("text (English)"), blank=True)
    change_note = models.CharField(_("what changed"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("written by"))
    created_at = models.DateTimeField(_("written"), default=timezone.now)

    class Meta:
        ordering = ["recommendation", "-number"]
        verbose_name = _("recommendation version")
        verbose_name_plural = _("recommendation versions")
        constraints = [models.UniqueConstraint(fields=["recommendation", "number"],
                                               name="recommendation_version_unique")]

    def __str__(self):
        return f"{self.recommendation.code} v{self.number}"

    def title(self, lang: str | None = None) -> str:
        from duo.publications.models import pick

        return pick(self, "title", lang) or self.title_fr or self.title_en or self.title_nl

    def text(self, lang: str | None = None) -> str:
        from duo.publications.models import pick

        return pick(self, "text", lang)

    def languages(self) -> list[str]:
        return [lang for lang in LANGUAGES if getattr(self, f"title_{lang}") and getattr(self, f"text_{lang}")]


class Target(models.Model):
    """A recommendation addressed to one stakeholder, and how far it got there."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="targets",
                                       verbose_name=_("recommendation"))
    stakeholder = models.ForeignKey(Stakeholder, on_delete=models.CASCADE, related_name="targets",
                                    verbose_name=_("stakeholder"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.NOT_RAISED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    status_on = models.DateField(_("since"), null=True, blank=True)

    class Meta:
        ordering = ["recommendation", "stakeholder__name"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(fields=["recommendation", "stakeholder"], name="target_unique"),
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="target_progress_percent"),
        ]

    def __str__(self):
        return f"{self.recommendation.code} → {self.stakeholder}"


class StatusChange(models.Model):
    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="changes", verbose_name=_("target"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    progress = models.PositiveSmallIntegerField(_("progress (%)"))
    on = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    interaction = models.ForeignKey("Interaction", on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="status_changes", verbose_name=_("interaction"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                           related_name="+", verbose_name=_("recorded by"))
    at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        ordering = ["on", "at", "id"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self):
        return f"{self.target} · {self.get_status_display()} · {self.on}"


class CampaignStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")


class Campaign(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    goal = models.TextField(_("goal"), blank=True)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    status = models.CharField(_("status"), max_length=10, choices=CampaignStatus.choices,
                              default=CampaignStatus.PLANNED)
    recommendations = models.ManyToManyField(Recommendation, blank=True, related_name="campaigns",
                                             verbose_name=_("recommendations"))
    stakeholders = models.ManyToManyField(Stakeholder, blank=True, related_name="campaigns",
                                          verbose_name=_("targets"))
    publications = models.ManyToManyField("publications.Publication", blank=True, related_name="campaigns",
                                          verbose_name=_("materials"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("recorded by"))
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        ordering = ["-starts_on", "name"]
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        constraints = [models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")),
                                              name="campaign_ends_after_start")]

    def __str__(self):
        return self.name


class Milestone(models.Model):
    """A dated step of a campaign: the memorandum sent, a hearing, election day."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="milestones",
                                 verbose_name=_("campaign"))
    on = models.DateField(_("date"))
    title = models.CharField(_("what"), max_length=200)
    done = models.BooleanField(_("done"), default=False)

    class Meta:
        ordering = ["on", "id"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self):
        return f"{self.on} · {self.title}"


class InteractionKind(models.TextChoices):
    MEETING = "meeting", _("Meeting")
    LETTER = "letter", _("Letter or email")
    HEARING = "hearing", _("Parliamentary hearing")
    CONSULTATION = "consultation", _("Consultation")
    EVENT = "event", _("Event")
    MEDIA = "media", _("Media piece")
    SOCIAL = "social", _("Social media post")
    CALL = "call", _("Phone or video call")


class Interaction(models.Model):
    kind = models.CharField(_("type"), max_length=14, choices=InteractionKind.choices)
    on = models.DateField(_("date"), default=timezone.localdate)
    subject = models.CharField(_("subject"), max_length=200)
    stakeholders = models.ManyToManyField(Stakeholder, blank=True, related_name="interactions",
                                          verbose_name=_("stakeholders"))
    contacts = models.ManyToManyField(Contact, blank=True, related_name="interactions",
                                      verbose_name=_("people met"))
    staff = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="advocacy_interactions",
                                   verbose_name=_("staff present"))
    recommendations = models.ManyToManyField(Recommendation, blank=True, related_name="interactions",
                                             verbose_name=_("recommendations raised"))
    publications = models.ManyToManyField("publications.Publication", blank=True, related_name="interactions",
                                          verbose_name=_("publications handed over"))
    campaign = models.ForeignKey(Campaign, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="interactions", verbose_name=_("campaign"))
    areas = models.CharField(_("priorities served"), max_length=200, blank=True, default="")
    summary = models.TextField(_("what was said"), blank=True)
    follow_up = models.CharField(_("follow-up promised"), max_length=500, blank=True)
    follow_up_due = models.DateField(_("follow-up due"), null=True, blank=True)
    follow_up_owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                        related_name="+", verbose_name=_("follow-up by"))
    follow_up_done_at = models.DateTimeField(_("follow-up done"), null=True, blank=True)
    # Lobby transparency registers ask whether a contact was lobbying, i.e. meant to influence policy.
    lobbying = models.BooleanField(_("aims to influence policy"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("recorded by"))
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-on", "-id"]
        verbose_name = _("interaction")
        verbose_name_plural = _("interactions")
        indexes = [models.Index(fields=["follow_up_due", "follow_up_done_at"])]

    def __str__(self):
        return f"{self.on} · {self.get_kind_display()} · {self.subject}"

    @property
    def area_list(self) -> list[str]:
        return codes_list(self.areas)

    @property
    def follow_up_open(self) -> bool:
        return bool(self.follow_up_due) and self.follow_up_done_at is None

    def follow_up_overdue(self, today=None) -> bool:
        return self.follow_up_open and self.follow_up_due <= (today or timezone.localdate())
