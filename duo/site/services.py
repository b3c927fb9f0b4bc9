"""Changes to the public site: the advocacy page. One transaction; publications.change (administrators and
officers) only; PublicationError ({field: message}, nothing saved) for what cannot be saved."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from duo.accounts import roles, scoping
from duo.impact.indicators import INDICATORS
from duo.publications.models import LANGUAGES
from duo.publications.services import PublicationError

from .models import AdvocacyPage
from .queries import MAX_KEY_FIGURES

TEXTS = tuple(f"{stem}_{lang}" for stem in ("goal", "priorities") for lang in LANGUAGES)
MAX_GOAL, MAX_PRIORITIES = 1000, 10000


@transaction.atomic
def advocacy_save(*, by, key_figures=(), **texts) -> AdvocacyPage:
    if not scoping.has(by, roles.PUBLICATIONS_CHANGE):
        raise scoping.NotAllowed
    unknown = set(texts) - set(TEXTS)
    if unknown:
        raise ValueError(f"not an advocacy page field: {sorted(unknown)}")
    errors = {}
    cleaned = {name: (value or "").strip() for name, value in texts.items()}
    for name, value in cleaned.items():
        limit = MAX_GOAL if name.startswith("goal") else MAX_PRIORITIES
        if len(value) > limit:
            errors[name] = _("Too long: %(n)s characters at most.") % {"n": limit}
    chosen = list(dict.fromkeys(key_figures or []))
    if any(i not in INDICATORS for i in chosen):
        errors["key_figures"] = _("Choose indicators from the list.")
    elif len(chosen) > MAX_KEY_FIGURES:
        errors["key_figures"] = _("Choose at most %(n)s key figures.") % {"n": MAX_KEY_FIGURES}
    if errors:
        raise PublicationError(errors)
    page = AdvocacyPage.objects.select_for_update().order_by("pk").first() or AdvocacyPage()
    for name, value in cleaned.items():
        setattr(page, name, value)
    page.key_figures = chosen
    page.updated_by = by
    page.save()
    return page
