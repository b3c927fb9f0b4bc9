"""Testimonies: what mentees and mentors said, with their consent for each quote.

The quote text is stored in clear, unlike survey free text (encrypted in duo.survey.Answer.text):
it is written down to be shown, with the author's consent, and it is not special-category data.
What protects the author is the consent level, the de-identification check before anonymous use and
withdrawal, all enforced by queries.usable(), and the capability-scoped, audited access to this table.
A quote that holds more than its author meant to share is edited before it is used.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from duo.core import security
from duo.core.i18n import LANGUAGE_CHOICES, pick
from duo.privacy.audit import AuditedModel

PHOTO_MAX_BYTES = 5 * 1024 * 1024


class Side(models.TextChoices):
    MENTEE = "mentee", _("Mentee")
    MENTOR = "mentor", _("Mentor")


class Consent(models.TextChoices):
    """Ordered from the narrowest to the widest use."""

    INTERNAL = "internal", _("Internal use only")
    ANONYMOUS = "anonymous", _("Anonymous")
    FIRST_NAME = "first_name", _("First name")
    FULL_NAME = "full_name", _("Full name and photo")


CONSENT_RANK = {c: i for i, c in enumerate(Consent.values)}


class Source(models.TextChoices):
    SURVEY = "survey", _("A free-text survey answer")
    STAFF = "staff", _("Collected by staff")


class CollectedHow(models.TextChoices):
    INTERVIEW = "interview", _("Interview")
    EVENT = "event", _("Event")
    EMAIL = "email", _("Email")
    PHONE = "phone", _("Phone call")
    MEETING = "meeting", _("Meeting with the coordinator")
    OTHER = "other", _("Other")


class Area(models.TextChoices):
    """The organisation's four areas of action."""

    EQUAL_OPPORTUNITIES = "equal_opportunities", _("Equal opportunities")
    INCLUSION_DIVERSITY = "inclusion_diversity", _("Inclusion and diversity")
    ACTIVE_AGEING = "active_ageing", _("Active ageing")
    SOCIAL_COHESION = "social_cohesion", _("Social cohesion")


class WithdrawalChannel(models.TextChoices):
    LINK = "link", _("By the author, from the link in their email")
    STAFF = "staff", _("Recorded by staff at the author's request")


class Theme(models.Model):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    name_fr = models.CharField(_("name (French)"), max_length=120)
    name_nl = models.CharField(_("name (Dutch)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("testimony theme")
        verbose_name_plural = _("testimony themes")

    def __str__(self):
        return self.name

    @property
    def name(self):
        return pick(self, "name")


def validate_photo(upload):
    # Read through by Pillow, not only its first bytes: an SVG or an HTML page renamed .jpg, or a JPEG header
    # glued onto a script, is refused (duo.core.security.validate_image).
    security.validate_image(upload, kind="photo")


class Testimony(AuditedModel):
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="testimonies",
                               verbose_name=_("author"))
    side = models.CharField(_("author is"), max_length=6, choices=Side.choices)
    duo = models.ForeignKey("journeys.Duo", on_delete=models.SET_NULL, null=True, blank=True,
                            related_name="testimonies", verbose_name=_("duo"))
    text = models.TextField(_("quote"))
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGE_CHOICES)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    answer = models.ForeignKey("survey.Answer", on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="testimonies", verbose_name=_("survey answer"))
    collected_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("collected by"))
    collected_how = models.CharField(_("collected how"), max_length=10, choices=CollectedHow.choices, blank=True)
    collected_on = models.DateField(_("collected on"), default=timezone.localdate)
    consent = models.CharField(_("consent"), max_length=10, choices=Consent.choices, default=Consent.INTERNAL)
    consent_on = models.DateField(_("consent given on"), default=timezone.localdate)
    purpose = models.CharField(_("purpose"), max_length=300,
                               help_text=_("What the author agreed to, e.g. “experience report 2027, social media”."))
    photo = models.FileField(_("photo"), upload_to="testimonies/", blank=True, validators=[validate_photo],
                             help_text=_("Only with consent to the full name and photo. JPEG, PNG or WebP, 5 MB at most."))
    themes = models.ManyToManyField(Theme, blank=True, related_name="testimonies", verbose_name=_("themes"))
    # Codes of Area, comma-separated with a comma on each side, so that one area filters with a LIKE.
    areas = models.CharField(_("areas of action"), max_length=200, blank=True, default="")
    checked_at = models.DateTimeField(_("de-identification checked at"), null=True, blank=True)
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("de-identification checked by"))
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True, db_index=True)
    withdrawal_channel = models.CharField(_("withdrawn how"), max_length=10, choices=WithdrawalChannel.choices,
                                          blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("recorded by"))
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-collected_on", "-id"]
        verbose_name = _("testimony")
        verbose_name_plural = _("testimonies")
        indexes = [models.Index(fields=["withdrawn_at", "consent"])]

    def __str__(self):
        return f"{self.get_side_display()} · {self.collected_on:%Y-%m-%d} · #{self.pk}"

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    @property
    def area_list(self) -> list[str]:
        return [a for a in self.areas.split(",") if a]

    @property
    def area_labels(self) -> list[str]:
        labels = dict(Area.choices)
        return [str(labels[a]) for a in self.area_list if a in labels]

    @staticmethod
    def areas_value(codes) -> str:
        codes = [c for c in Area.values if c in set(codes or ())]
        return f",{','.join(codes)}," if codes else ""


class Translation(AuditedModel):
    testimony = models.ForeignKey(Testimony, on_delete=models.CASCADE, related_name="translations",
                                  verbose_name=_("testimony"))
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGE_CHOICES)
    text = models.TextField(_("translation"))
    machine = models.BooleanField(_("machine translation"), default=False,
                                  help_text=_("Tick if a translation tool made it, even when a person reviewed it."))
    translated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="+", verbose_name=_("translated by"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["testimony", "language"]
        verbose_name = _("translation of a testimony")
        verbose_name_plural = _("translations of testimonies")
        constraints = [models.UniqueConstraint(fields=["testimony", "language"], name="testimony_translation_unique")]

    def __str__(self):
        return f"{self.testimony} · {self.language}"


class QuoteSet(models.Model):
    """A staff-made selection of quotes for a draft ("Memorandum 2027 — draft"). No person in it:
    its items point at testimonies, and withdrawal removes them."""

    name = models.CharField(_("name"), max_length=200)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("quote set")
        verbose_name_plural = _("quote sets")

    def __str__(self):
        return self.name


class QuoteSetItem(models.Model):
    quote_set = models.ForeignKey(QuoteSet, on_delete=models.CASCADE, related_name="items",
                                  verbose_name=_("quote set"))
    testimony = models.ForeignKey(Testimony, on_delete=models.CASCADE, related_name="set_items",
                                  verbose_name=_("testimony"))
    position = models.PositiveIntegerField(_("position"), default=0)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+", verbose_name=_("added by"))
    added_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        ordering = ["quote_set", "position", "id"]
        verbose_name = _("quote in a set")
        verbose_name_plural = _("quotes in sets")
        constraints = [models.UniqueConstraint(fields=["quote_set", "testimony"], name="testimony_set_item_unique")]

    def __str__(self):
        return f"{self.quote_set} · {self.position}"


class QuoteSetNotice(models.Model):
    """Left on a set when a withdrawal took quotes out of it: says how many and when, never whose."""

    quote_set = models.ForeignKey(QuoteSet, on_delete=models.CASCADE, related_name="notices",
                                  verbose_name=_("quote set"))
    removed = models.PositiveSmallIntegerField(_("quotes removed"), default=1)
    withdrawn_on = models.DateField(_("consent withdrawn on"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("quote-set notice")
        verbose_name_plural = _("quote-set notices")

    def __str__(self):
        return f"{self.quote_set} · {self.withdrawn_on}"
