"""The demo's publications: a published experience report on the demo snapshot (three languages, figures, key
figures, two quotes) and the advocacy page's texts, so that the public site has something to show on `make run`.
The texts are written for the demo; the figures are the demo's own."""

from django.utils.translation import override

from duo.accounts.roles import Role
from duo.accounts.models import User
from duo.publications import services
from duo.publications.models import SectionKind
from duo.site.models import AdvocacyPage
from duo.testimony import services as testimony_services
from duo.testimony.models import Testimony

T = lambda fr, nl, en, stem: {f"{stem}_fr": fr, f"{stem}_nl": nl, f"{stem}_en": en}  # noqa: E731

# Quotes 0 and 3 of duo/demo/testimonies.py, in the language each lacks, so the report can quote them in all three.
ENGLISH = {
    "Avant, j'envoyais": "I used to send dozens of applications without an answer. My mentor taught me to talk about "
                         "my path without apologising, and introduced me to two people from his former trade.",
    "Ik durfde geen": "I did not dare to speak Dutch in a job interview. We practised every week, until I could lead "
                      "the conversation myself.",
}


def _quotes(officer) -> list[int]:
    chosen = []
    for start, english in ENGLISH.items():
        testimony = Testimony.objects.filter(text__startswith=start, withdrawn_at__isnull=True).first()
        if testimony is not None:
            testimony_services.translation_save(testimony=testimony, by=officer, language="en", text=english)
            chosen.append(testimony.pk)
    return chosen


def publications(seeder) -> dict:
    officer = User.objects.filter(role=Role.OFFICER).order_by("pk").first()
    if officer is None:
        return {"publications": 0}
    with override("fr"):
        publication = services.publication_create(
            by=officer, slug="experience-report-2026", kind="experience_report",
            **T("Rapport d'expérience 2026 : le mentorat qui ouvre des portes",
                "Ervaringsrapport 2026: mentoring die deuren opent",
                "Experience report 2026: mentoring that opens doors", "title"),
            **T("Ce que les duos de l'année nous apprennent : qui trouve un emploi, ce qui aide, ce qui bloque.",
                "Wat de duo's van dit jaar ons leren: wie werk vindt, wat helpt, wat tegenhoudt.",
                "What this year's duos teach us: who finds work, what helps, what stands in the way.", "summary"))
        version = publication.latest
        add = lambda kind, **values: services.section_add(version=version, by=officer, kind=kind, **values)  # noqa
        add(SectionKind.TEXT, **T("Pourquoi ce rapport", "Waarom dit rapport", "Why this report", "heading"),
            **T("Pendant six mois, un mentor de plus de 50 ans et un jeune demandeur d'emploi travaillent ensemble. "
                "Ce rapport donne **leurs chiffres et leurs mots**.",
                "Zes maanden lang werken een mentor van boven de 50 en een jonge werkzoekende samen. Dit rapport "
                "geeft **hun cijfers en hun woorden**.",
                "For six months, a mentor over 50 and a young job seeker work together. This report gives **their "
                "figures and their words**.", "body"))
        add(SectionKind.KEY_FIGURES, **T("En bref", "In het kort", "At a glance", "heading"),
            items=[{"indicator": "positive_exit_12m"}, {"indicator": "duo_reached_term"},
                   {"indicator": "mentor_feels_useful"}])
        add(SectionKind.FIGURE, indicator="positive_exit_12m", breakdown="gender",
            **T("Emploi ou formation douze mois après", "Werk of opleiding twaalf maanden later",
                "Work or training twelve months later", "heading"),
            **T("Les intervalles montrent l'incertitude de chaque pourcentage.",
                "De intervallen tonen de onzekerheid van elk percentage.",
                "The intervals show the uncertainty of each percentage.", "body"))
        add(SectionKind.TABLE, indicator="duo_reached_term", breakdown="antenna",
            **T("Duos menés à terme, par antenne", "Duo's die het einde haalden, per antenne",
                "Duos that reached their term, by antenna", "heading"))
        quotes = _quotes(officer)
        if quotes:
            add(SectionKind.QUOTES, testimonies=quotes, limit=len(quotes),
                **T("Dans leurs mots", "In hun woorden", "In their words", "heading"))
        add(SectionKind.RECOMMENDATIONS, **T("Nos recommandations", "Onze aanbevelingen", "Our recommendations",
                                             "heading"),
            **T("1. Reconnaître plus vite les diplômes obtenus hors de l'Union européenne.\n"
                "2. Soutenir les employeurs qui recrutent sur les compétences plutôt que sur le réseau.",
                "1. Diploma's van buiten de Europese Unie sneller erkennen.\n"
                "2. Werkgevers steunen die aanwerven op competenties in plaats van op netwerk.",
                "1. Recognise degrees obtained outside the European Union faster.\n"
                "2. Support employers who hire on skills rather than on networks.", "body"))
        services.version_submit(version=version, by=officer)
        services.version_publish(version=version, by=officer)
    AdvocacyPage.objects.update_or_create(pk=1, defaults={
        **T("Faire du mentorat intergénérationnel un levier reconnu de l'égalité des chances sur le marché du travail.",
            "Intergenerationele mentoring erkend krijgen als hefboom voor gelijke kansen op de arbeidsmarkt.",
            "Make intergenerational mentoring a recognised lever for equal opportunities on the labour market.",
            "goal"),
        "key_figures": ["positive_exit_12m", "duo_reached_term", "mentor_feels_useful"], "updated_by": officer})
    return {"publications": 1}
