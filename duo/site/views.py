"""The public site: the home page and the advocacy page. Publications are in views_publications, the shareable
cards in views_cards. Nothing here needs a login, and every figure has been through disclosure control."""

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from duo.impact import snapshot as snapshots
from duo.impact.indicators import AGEING, AREAS, COHESION, EQUAL, INCLUSION
from duo.publications import markup

from . import queries
from .views_meta import current_language, language_name, social, url_in

AREA_TEXTS = {
    EQUAL: gettext_lazy("Against discrimination by age or origin: the same chances to find work, whatever one's "
                        "name, accent or date of birth."),
    INCLUSION: gettext_lazy("Workplaces open to every talent, where diplomas from abroad and experience count."),
    AGEING: gettext_lazy("The experience of people over 50 valued, at work and after it, for the next generation."),
    COHESION: gettext_lazy("Generations and cultures that meet, and a society that holds together."),
}
DEFAULT_PRIORITIES = (
    gettext_lazy("Raise public awareness through the media and social networks."),
    gettext_lazy("Build partnerships with associations and trade unions."),
    gettext_lazy("Inform political representatives and advocate our recommendations."),
    gettext_lazy("Share our findings with public bodies."),
    gettext_lazy("Support employers in managing diversity."),
    gettext_lazy("Collaborate with academia and research."),
)


def home(request):
    title = _("Intergenerational mentoring for employment")
    description = _("We pair volunteers aged 50 and over with young job seekers of foreign origin for six months, "
                    "in Brussels, Wallonia, Flanders and France.")
    return render(request, "site/home.html", {"nav": "home", "social": social(
        request, title=title, description=description, image=reverse("site:card_default", kwargs={"fmt": "png"}))})


def publication_entry(version, lang: str) -> dict:
    """A published version as the lists show it: in the reader's language when it exists in it, otherwise in its
    first language (marked as such), never a mix."""
    languages = version.language_list
    shown = lang if lang in languages else languages[0]
    slug = version.publication.slug
    return {"version": version, "lang": shown, "other_language": shown != lang, "title": version.title(shown),
            "summary": version.summary(shown), "kind": version.publication.get_kind_display(),
            "date": version.published_at, "url": url_in(shown, "site:publication", slug=slug),
            "languages": [{"code": c, "name": language_name(c), "url": url_in(c, "site:publication", slug=slug)}
                          for c in languages]}


def advocacy(request):
    lang = current_language()
    page = queries.advocacy_page()
    goal = page.goal(lang) if page else ""
    priorities = page.priorities(lang) if page else ""
    if priorities:
        priorities = markup.to_html(priorities)
    snapshot = queries.published_snapshot()
    figures, figures_error = [], ""
    if snapshot is not None:
        try:
            figures = queries.live_figures(snapshot, queries.key_figure_ids(page))
        except snapshots.SnapshotDamaged:
            figures_error = _("The figures cannot be shown at the moment.")
    for figure in figures:
        figure.card = reverse("site:card", kwargs={"indicator": figure.indicator.id, "fmt": "png"})
        figure.card_svg = reverse("site:card", kwargs={"indicator": figure.indicator.id, "fmt": "svg"})
    publications = [publication_entry(v, lang) for v in queries.published_versions()]
    title = _("Our advocacy")
    description = goal or _("Duo carries what mentors and mentees learn to those who can change the labour market: "
                            "our goal, our areas of action, our priorities, our publications and our figures.")
    shown = [f for f in figures if f.value]
    image = shown[0].card if shown else reverse("site:card_default", kwargs={"fmt": "png"})
    return render(request, "site/advocacy.html", {
        "nav": "advocacy", "threshold": settings.IMPACT_MIN_CELL, "goal": goal, "priorities_html": priorities,
        "default_priorities": DEFAULT_PRIORITIES,
        "areas": [{"code": code, "label": label, "text": AREA_TEXTS[code]} for code, label in AREAS.items()],
        "snapshot": snapshot, "figures": figures, "figures_error": figures_error, "publications": publications,
        "social": social(request, title=title, description=description, image=image,
                         image_alt=shown[0].title if shown else "")})
