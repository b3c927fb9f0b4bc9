"""Which quotes may be shown, and how their author is named: the one place every rendering asks.

The staff library, quote sets, the printable quote sheet and (a later issue) publications all go
through usable(): a withdrawn testimony is never returned, whatever the use, and a quote leaves
the staff area only when its consent allows it.
"""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import override

from duo.accounts import scoping

from .models import Consent, Side, Testimony, Theme, Translation

INTERNAL = "internal"  # staff pages: any consent, never withdrawn
PUBLIC = "public"  # anything that leaves the staff area: drafts, quote sheets, publications
USES = (INTERNAL, PUBLIC)


def allowed(use: str) -> Q:
    """The condition a testimony meets to be used for `use`: not withdrawn, consent that allows it."""
    if use not in USES:
        raise ValueError(f"unknown use {use!r}")
    condition = Q(withdrawn_at__isnull=True)
    if use == PUBLIC:
        # Anonymous quotes leave only once someone checked that nothing in them identifies the author.
        condition &= (Q(consent=Consent.ANONYMOUS, checked_at__isnull=False)
                      | Q(consent__in=[Consent.FIRST_NAME, Consent.FULL_NAME]))
    return condition


def is_usable(testimony, use: str) -> bool:
    return Testimony.objects.filter(allowed(use), pk=testimony.pk).exists()


def public_label(testimony) -> str:
    """The author as their consent allows them to be named in public."""
    if testimony.consent == Consent.FULL_NAME:
        return testimony.person.full_name
    if testimony.consent == Consent.FIRST_NAME:
        return testimony.person.first_name
    return _("Anonymous mentor") if testimony.side == Side.MENTOR else _("Anonymous mentee")


def may_see_author(user, testimony) -> bool:
    """Whether the user may see who the author is: those who may read the author's personal file."""
    if user is None:
        return False
    people = scoping.scope(user, type(testimony.person).objects.filter(pk=testimony.person_id))
    return people.exists()


@dataclass
class Quote:
    testimony: Testimony
    text: str
    language: str
    is_translation: bool
    original_language: str
    machine: bool
    author: str
    photo_url: str = ""
    themes: list = field(default_factory=list)

    @property
    def pk(self):
        return self.testimony.pk

    @property
    def translated_from(self) -> str:
        """ "Translated from French", in the active language, for the label every translation wears."""
        from django.utils.translation import get_language_info

        return _("Translated from %(language)s") % {"language": get_language_info(self.original_language)["name_translated"].lower()}


def _quote(testimony, lang, viewer, names_visible) -> Quote:
    translation = None
    if lang and lang != testimony.language:
        translation = next((t for t in testimony.translations.all() if t.language == lang), None)
    author = testimony.person.full_name if names_visible else public_label(testimony)
    photo = testimony.photo.url if testimony.photo and testimony.consent == Consent.FULL_NAME else ""
    return Quote(
        testimony=testimony,
        text=translation.text if translation else testimony.text,
        language=translation.language if translation else testimony.language,
        is_translation=translation is not None,
        original_language=testimony.language,
        machine=bool(translation and translation.machine),
        author=author,
        photo_url=photo,
        themes=list(testimony.themes.all()),
    )


def usable(use: str, *, lang: str | None = None, viewer=None, within: QuerySet | None = None,
           theme: Theme | str | None = None) -> list[Quote]:
    """The quotes that may be used for `use`, in `lang` where a translation exists (marked as one).

    `viewer`: the staff user, whose scope narrows the testimonies and who sees the author's name
    where they may read the author's file; None for a public rendering (author as consented).
    `within`: a queryset of testimonies to choose from (a quote set's, a filter's)."""
    qs = within if within is not None else Testimony.objects.all()
    if viewer is not None:
        qs = scoping.scope(viewer, qs)
    qs = qs.filter(allowed(use))
    if theme is not None:
        qs = qs.filter(themes__code=theme) if isinstance(theme, str) else qs.filter(themes=theme)
    qs = qs.select_related("person").prefetch_related(
        "themes", Prefetch("translations", queryset=Translation.objects.order_by("language"))).distinct()
    visible = set()
    if viewer is not None and use == INTERNAL:
        people = scoping.scope(viewer, qs.model._meta.get_field("person").related_model.objects.all())
        visible = set(people.filter(pk__in=qs.values("person_id")).values_list("pk", flat=True))
    with override(lang) if lang else nullcontext():
        return [_quote(t, lang, viewer, t.person_id in visible) for t in qs]


def filtered(user, *, theme="", area="", consent="", language="", side="") -> QuerySet:
    """The staff library's filters over the testimonies the user may see (usable() decides the rest)."""
    qs = scoping.scope(user, Testimony.objects.all())
    if theme:
        qs = qs.filter(themes__code=theme)
    if area:
        qs = qs.filter(areas__contains=f",{area},")
    if consent:
        qs = qs.filter(consent=consent)
    if language:
        qs = qs.filter(language=language)
    if side:
        qs = qs.filter(side=side)
    return qs


def withdrawn(user, within: QuerySet | None = None) -> QuerySet:
    """Withdrawn testimonies, for the record of when and how: their text is gone (services.withdraw)."""
    qs = within if within is not None else Testimony.objects.all()
    return scoping.scope(user, qs).filter(withdrawn_at__isnull=False).order_by("-withdrawn_at")
