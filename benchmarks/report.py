"""How long a full report takes to render as a PDF, on data this script builds itself.

    .venv/bin/python benchmarks/report.py [--duos 300] [--seed 5] [--lang fr] [--keep PATH] [--out FILE]

Seeds a throw-away SQLite database with the demo (which takes a snapshot), writes an experience report of about
40 pages with 20 charts (figure sections over several indicators and breakdowns, text with realistic paragraphs and
footnotes, key figures, quotes, recommendations), publishes it through the services, renders its PDF and prints
ONE JSON line: pages, charts, render_s (the PDF, from the published version to the bytes), peak_rss_mb, and more.
`--keep PATH` reuses a database between runs (seeded once); `--out` keeps the PDF to look at.
"""

import argparse
import io
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LANGS = ("fr", "nl", "en")
BY = {"fr": "par", "nl": "per", "en": "by"}

# (indicator, breakdown, chart): 20 charts over the areas of action, one- and two-way breakdowns.
FIGURES = [
    ("positive_exit_12m", "region", "bar"), ("positive_exit_12m", "antenna,gender", "bar"),
    ("stable_job_12m", "region", "dot"), ("positive_exit_12m", "age_band", "dot"),
    ("positive_exit_12m", "education_level", "bar"), ("positive_exit_12m", "time_unemployed", "dot"),
    ("stable_job_12m", "diploma_recognised", "bar"), ("duo_reached_term", "antenna", "bar"),
    ("ended_early", "region,age_band", "bar"), ("days_to_match", "antenna", "dot"),
    ("meetings_per_month", "region", "dot"), ("mentor_reenrolled", "region", "bar"),
    ("positive_exit_12m", "cohort_year", "bar"), ("duo_reached_term", "mentor_status", "dot"),
    ("survey_response_rate", "region,gender", "bar"), ("barrier_language", "region", "bar"),
    ("barrier_diploma", "education_level", "dot"), ("barrier_no_network", "age_band", "bar"),
    ("days_to_match", "target_sector", "dot"), ("mentor_feels_useful", "gender", "dot"),
]
# Tables only: one shows what a survey figure looks like when most of its cells are suppressed.
TABLES = [("satisfaction", "gender"), ("stable_job_12m", "cohort_year")]
KEY_FIGURES = [{"indicator": "positive_exit_12m"}, {"indicator": "stable_job_12m"},
               {"indicator": "duo_reached_term"}, {"indicator": "satisfaction"},
               {"indicator": "mentor_feels_useful"}, {"indicator": "positive_exit_12m", "filters": {"gender": "female"}}]

PARAGRAPHS = {
    "en": [
        "Mentoring pairs a jobseeker with an experienced professional, often recently retired, for six months. "
        "They meet every week or two, draw up a career plan together, rehearse interviews and open the doors of "
        "the mentor's network. The coordinator of each antenna follows every duo from the introduction to the "
        "closing interview.",
        "The figures in this report come from the records coordinators keep day by day and from the surveys "
        "mentees and mentors answer at the start, at the end and twelve months after the mentoring. They were "
        "frozen in one snapshot, so that anyone holding this report can ask for the same figures again and get "
        "them to the digit.[^snap]",
        "Twelve months after the end of their mentoring, most mentees are in work, an internship or a qualifying "
        "training. The share is not the same everywhere: it depends on the local labour market, on how long people "
        "had been without work, and on whether their diploma is recognised. The breakdowns below show where the "
        "programme reaches its goals and where it has more to do.",
        "Small groups make uncertain figures. Every share is therefore given with its 95 % confidence interval, "
        "and figures resting on fewer than thirty people are flagged. Cells of very few people are not published "
        "at all, to protect the privacy of those behind them.",
        "Mentors tell us that the experience matters to them as well: most say they felt useful, and many take on "
        "a second mentee within six months. Intergenerational mentoring is also a way for people at the end of "
        "their career to pass on what they know and to stay active in their community.",
        "The waiting time between readiness and the match has come down since last year, thanks to the weekly "
        "matching meeting in each antenna. It remains longer for mentees who need a mentor speaking a rarer "
        "language, or who live far from the antenna.",
        "Mentees who met their mentor more often were more likely to be in work twelve months later. This is an "
        "association, not proof of an effect: mentees who meet often may also be those with more time or more "
        "support. The comparison with applicants who were never matched points the same way.[^method]",
    ],
    "fr": [
        "Le mentorat associe une personne en recherche d'emploi à un·e professionnel·le expérimenté·e, souvent "
        "jeune retraité·e, pendant six mois. Ils se voient toutes les semaines ou tous les quinze jours, bâtissent "
        "ensemble un plan d'action, préparent les entretiens et ouvrent les portes du réseau du mentor. La "
        "coordinatrice de chaque antenne suit chaque duo de la présentation à l'entretien de clôture.",
        "Les chiffres de ce rapport viennent des dossiers que les coordinateurs tiennent au jour le jour et des "
        "enquêtes auxquelles mentoré·es et mentors répondent au début, à la fin et douze mois après le mentorat. "
        "Ils ont été figés dans un instantané : quiconque tient ce rapport peut redemander les mêmes chiffres et "
        "les obtenir à la décimale près.[^snap]",
        "Douze mois après la fin de leur mentorat, la plupart des mentoré·es sont en emploi, en stage ou en "
        "formation qualifiante. La part n'est pas la même partout : elle dépend du marché du travail local, de la "
        "durée sans emploi et de la reconnaissance du diplôme. Les ventilations ci-dessous montrent où le "
        "programme atteint ses objectifs et où il reste du chemin.",
        "Les petits groupes donnent des chiffres incertains. Chaque part est donc donnée avec son intervalle de "
        "confiance à 95 %, et les chiffres reposant sur moins de trente personnes sont signalés. Les cellules de "
        "très peu de personnes ne sont pas publiées du tout, pour protéger la vie privée des personnes concernées.",
        "Les mentors nous disent que l'expérience compte aussi pour eux : la plupart disent s'être sentis utiles, "
        "et beaucoup accompagnent un·e deuxième mentoré·e dans les six mois. Le mentorat intergénérationnel permet "
        "aussi aux personnes en fin de carrière de transmettre ce qu'elles savent et de rester actives.",
        "Le délai entre la disponibilité et le jumelage a diminué depuis l'an dernier, grâce à la réunion de "
        "jumelage hebdomadaire de chaque antenne. Il reste plus long pour les mentoré·es qui ont besoin d'un "
        "mentor parlant une langue plus rare, ou qui habitent loin de l'antenne.",
        "Les mentoré·es qui ont rencontré leur mentor plus souvent étaient plus souvent en emploi douze mois plus "
        "tard. C'est une association, pas la preuve d'un effet : ceux qui se voient souvent ont peut-être aussi "
        "plus de temps ou de soutien. La comparaison avec les candidat·es jamais jumelé·es va dans le même sens."
        "[^method]",
    ],
}
PARAGRAPHS["nl"] = [
    "Mentoring koppelt een werkzoekende aan een ervaren professional, vaak pas met pensioen, voor zes maanden. "
    "Ze zien elkaar elke week of twee weken, maken samen een loopbaanplan, oefenen sollicitatiegesprekken en openen "
    "de deuren van het netwerk van de mentor.",
    "De cijfers in dit rapport komen uit de dossiers van de coördinatoren en uit de enquêtes die mentees en "
    "mentoren invullen bij de start, aan het einde en twaalf maanden na het mentoraat.[^snap]",
    "Twaalf maanden na het einde van hun mentoraat werkt het merendeel van de mentees, loopt stage of volgt een "
    "kwalificerende opleiding. Het aandeel verschilt per regio, per duur zonder werk en per erkenning van het "
    "diploma.",
    "Kleine groepen geven onzekere cijfers. Elk aandeel wordt daarom gegeven met zijn 95 %-betrouwbaarheidsinterval; "
    "cellen met heel weinig mensen worden niet gepubliceerd.",
    "Mentoren vertellen ons dat de ervaring ook voor hen telt: de meesten voelden zich nuttig.",
    "De wachttijd tussen beschikbaarheid en koppeling is gedaald dankzij de wekelijkse koppelvergadering.",
    "Mentees die hun mentor vaker zagen, werkten twaalf maanden later vaker. Dat is een verband, geen bewijs van "
    "een effect.[^method]",
]
NOTES = {
    "en": "\n\n[^snap]: The snapshot's date and content hash are printed under every figure and in the note on the "
          "figures at the end.\n[^method]: The comparison and its limits are described in the note on the figures.",
    "fr": "\n\n[^snap]: La date et l'empreinte de l'instantané figurent sous chaque figure et dans la note sur les "
          "chiffres à la fin.\n[^method]: La comparaison et ses limites sont décrites dans la note sur les chiffres.",
    "nl": "\n\n[^snap]: De datum en de hash van de momentopname staan onder elke figuur.\n"
          "[^method]: De vergelijking en haar grenzen staan in de toelichting bij de cijfers.",
}
HEADINGS = {
    "en": ["Foreword", "Key figures", "The programme in brief", "Work and training after the mentoring",
           "Quality of the mentoring", "What mentees and mentors say", "Mentors", "Surveys and their reach",
           "Recommendations"],
    "fr": ["Avant-propos", "Chiffres clés", "Le programme en bref", "Emploi et formation après le mentorat",
           "Qualité du mentorat", "Ce que disent mentoré·es et mentors", "Les mentors", "Les enquêtes et leur portée",
           "Recommandations"],
    "nl": ["Voorwoord", "Kerncijfers", "Het programma in het kort", "Werk en opleiding na het mentoraat",
           "Kwaliteit van het mentoraat", "Wat mentees en mentoren zeggen", "Mentoren", "Enquêtes en hun bereik",
           "Aanbevelingen"],
}
CHAPTERS = {
    "en": ["How a duo works", "Who the mentees are", "Where the programme stands", "Waiting for a mentor",
           "When a duo stops early", "What the surveys can and cannot tell", "Working with employers",
           "Mentors, an asset for their region", "Reaching those furthest from work", "Costs and benefits"],
    "fr": ["Comment fonctionne un duo", "Qui sont les mentoré·es", "Où en est le programme", "L'attente d'un mentor",
           "Quand un duo s'arrête tôt", "Ce que les enquêtes disent et ne disent pas", "Travailler avec les employeurs",
           "Les mentors, une richesse pour leur région", "Atteindre les plus éloignés de l'emploi",
           "Coûts et bénéfices"],
    "nl": ["Hoe een duo werkt", "Wie de mentees zijn", "Waar het programma staat", "Wachten op een mentor",
           "Als een duo vroeg stopt", "Wat de enquêtes wel en niet zeggen", "Samenwerken met werkgevers",
           "Mentoren, een rijkdom voor hun regio", "De verst verwijderden bereiken", "Kosten en baten"],
}
RECOMMENDATIONS = {
    "en": "1. **Recognise foreign diplomas faster.** Mentees waiting for recognition find stable work less often.\n"
          "2. **Fund a coordinator per 40 duos.** Follow-up is what keeps duos going to their term.\n"
          "3. **Open mentoring to people without work for over two years**, with a longer mentoring where needed.\n"
          "4. **Count intergenerational mentoring as active ageing** in regional employment plans.",
    "fr": "1. **Reconnaître plus vite les diplômes étrangers.** Les mentoré·es en attente de reconnaissance trouvent "
          "moins souvent un emploi stable.\n2. **Financer une coordinatrice pour 40 duos.** Le suivi fait tenir les "
          "duos jusqu'au bout.\n3. **Ouvrir le mentorat aux personnes sans emploi depuis plus de deux ans**, avec un "
          "mentorat plus long si nécessaire.\n4. **Compter le mentorat intergénérationnel comme vieillissement actif** "
          "dans les plans régionaux pour l'emploi.",
    "nl": "1. **Erken buitenlandse diploma's sneller.**\n2. **Financier één coördinator per 40 duo's.**\n"
          "3. **Open mentoring voor langdurig werkzoekenden.**\n4. **Tel intergenerationele mentoring als actief "
          "ouder worden.**",
}


def _text(lang: str, start: int, count: int, notes: bool = False) -> str:
    """`count` paragraphs from the bank, from `start` on; with `notes`, the footnotes they call."""
    paragraphs = PARAGRAPHS[lang]
    chosen = [paragraphs[(start + i) % len(paragraphs)] for i in range(count)]
    text = "\n\n".join(chosen)
    if not notes:
        return text.replace("[^snap]", "").replace("[^method]", "")
    return text + _notes_for(lang, chosen)


def _notes_for(lang: str, chosen) -> str:
    joined = "\n\n".join(chosen)
    lines = [line for line in NOTES[lang].strip().split("\n") if line[2:line.index("]")] in joined]
    return "\n\n" + "\n".join(lines) if lines else ""


def _texts(stem: str, values: dict) -> dict:
    return {f"{stem}_{lang}": value for lang, value in values.items()}


def _translated_quotes(by, languages, count=4) -> list[int]:
    """Public quotes, translated into the languages they lack (as staff would, before publishing)."""
    from duo.testimony import queries as quotes_queries
    from duo.testimony import services as testimony_services

    picked = quotes_queries.usable(quotes_queries.PUBLIC)[:count]
    for quote in picked:
        have = {quote.testimony.language, *(t.language for t in quote.testimony.translations.all())}
        for lang in set(languages) - have:
            testimony_services.translation_save(testimony=quote.testimony, by=by, language=lang,
                                                text=f"[{lang}] {quote.text}", machine=True)
    return [q.pk for q in picked]


def build_report(by, *, slug="experience-report", languages=("fr", "en")):
    """An experience report of about 40 pages with 20 charts, as a draft; returns its version."""
    from django.utils import translation

    from duo.impact.dimensions import DIMENSIONS
    from duo.impact.indicators import INDICATORS
    from duo.publications import services
    from duo.publications.models import SectionKind

    heads = {lang: HEADINGS[lang] for lang in languages}

    def heading(i):
        return _texts("heading", {lang: heads[lang][i] for lang in languages})

    publication = services.publication_create(
        by=by, slug=slug, kind="experience_report", languages=languages,
        **_texts("title", {"en": "Mentoring that leads to work: experience report 2026",
                           "fr": "Un mentorat qui mène à l'emploi : rapport d'expérience 2026",
                           "nl": "Mentoring die naar werk leidt: ervaringsrapport 2026"}),
        **_texts("summary", {"en": "What six years of intergenerational mentoring tell us about the road to work: "
                                   "outcomes twelve months later, the quality of the mentoring, and what mentees "
                                   "and mentors say.",
                             "fr": "Ce que six années de mentorat intergénérationnel nous apprennent du chemin vers "
                                   "l'emploi : la situation douze mois plus tard, la qualité du mentorat, et ce "
                                   "qu'en disent mentoré·es et mentors.",
                             "nl": "Wat zes jaar intergenerationele mentoring ons leert over de weg naar werk."}))
    version = publication.latest
    add = services.section_add
    add(version=version, by=by, kind=SectionKind.TEXT, **heading(0),
        **_texts("body", {lang: _text(lang, 0, 4, notes=True) for lang in languages}))
    add(version=version, by=by, kind=SectionKind.KEY_FIGURES, **heading(1), items=KEY_FIGURES,
        **_texts("body", {lang: _text(lang, 3, 1) for lang in languages}))
    add(version=version, by=by, kind=SectionKind.TEXT, **heading(2),
        **_texts("body", {lang: "## " + heads[lang][3] + "\n\n" + _text(lang, 1, 5, notes=True)
                          for lang in languages}))
    ids = _translated_quotes(by, languages)
    for number, (indicator, breakdown, chart) in enumerate(FIGURES):

        titles = {}
        for lang in languages:
            with translation.override(lang):
                by_words = f" {BY[lang]} ".join(str(DIMENSIONS[d].title).lower() for d in breakdown.split(","))
                titles[lang] = f"{INDICATORS[indicator].title}, {BY[lang]} {by_words}"
        add(version=version, by=by, kind=SectionKind.FIGURE, indicator=indicator, breakdown=breakdown, chart=chart,
            **_texts("heading", titles), **_texts("body", {lang: _text(lang, number, 3) for lang in languages}))
        if number in (5, 13) and ids:
            add(version=version, by=by, kind=SectionKind.QUOTES, **heading(5),
                testimonies=ids[:2] if number == 5 else ids[2:4] or ids[:2], limit=2)
        if number % 2:
            # A chapter of text every other figure: the report argues, the figures support it.
            add(version=version, by=by, kind=SectionKind.TEXT,
                **_texts("heading", {lang: CHAPTERS[lang][number // 2] for lang in languages}),
                **_texts("body", {lang: _text(lang, number, 7, notes=True) for lang in languages}))
    for indicator, breakdown in TABLES:
        add(version=version, by=by, kind=SectionKind.TABLE, indicator=indicator, breakdown=breakdown,
            **heading(3), **_texts("body", {lang: _text(lang, 2, 1) for lang in languages}))
    add(version=version, by=by, kind=SectionKind.RECOMMENDATIONS, **heading(8),
        **_texts("body", {lang: RECOMMENDATIONS[lang] + "\n\n" + _text(lang, 4, 2) for lang in languages}))
    return version


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duos", type=int, default=300)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--lang", default="fr", choices=LANGS)
    parser.add_argument("--keep", help="a SQLite file to reuse between runs (seeded once)")
    parser.add_argument("--out", help="write the PDF here")
    args = parser.parse_args()

    db_path = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="duo-bench-")) / "report.sqlite3"
    db_path.parent.mkdir(parents=True, exist_ok=True)
    # Set before Django reads its settings: the benchmark never touches the developer's database or snapshots.
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ["IMPACT_SNAPSHOT_DIR"] = str(db_path.parent / "snapshots")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))

    import django
    from django.core.management import call_command

    django.setup()
    from django.db import connections
    from pypdf import PdfReader

    from duo.accounts.roles import Role
    from duo.impact.models import Snapshot
    from duo.publications import render, services
    from duo.publications.models import Publication

    results = {}
    try:
        call_command("migrate", verbosity=0, interactive=False)
        started = time.perf_counter()
        if not Snapshot.objects.exists():
            call_command("seed_demo", duos=args.duos, seed=args.seed, stdout=io.StringIO(), stderr=sys.stderr)
        results["seed_s"] = round(time.perf_counter() - started, 1)
        by = _officer(Role)
        slug = f"experience-report-{Publication.objects.count() + 1}"
        languages = tuple(dict.fromkeys([args.lang, "fr", "en"]))
        started = time.perf_counter()
        version = build_report(by, slug=slug, languages=languages)
        services.version_submit(version=version, by=by)
        version = services.version_publish(version=version, by=by)
        results["publish_s"] = round(time.perf_counter() - started, 1)
        version = type(version).objects.get(pk=version.pk)
        started, cpu = time.perf_counter(), time.process_time()
        document = render.pdf(version, args.lang)
        results["render_s"] = round(time.perf_counter() - started, 1)
        # CPU time of the process (every thread, vl-convert's included): what the rendering costs on a machine
        # that is not busy with anything else.
        results["render_cpu_s"] = round(time.process_time() - cpu, 1)
        page = render.html(version, args.lang, public=True)
        results["html_kb"] = round(len(page.encode()) / 1024)
        results["pages"] = len(PdfReader(io.BytesIO(document)).pages)
        results["charts"] = page.count('role="img"')
        results["sections"] = version.sections.count()
        results["pdf_kb"] = round(len(document) / 1024)
        if args.out:
            Path(args.out).write_bytes(document)
    finally:
        connections.close_all()
        if not args.keep:
            import shutil

            shutil.rmtree(db_path.parent, ignore_errors=True)
    print(json.dumps({"benchmark": "report", "duos": args.duos, "lang": args.lang, **results,
                      "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}))


def _officer(Role):
    from duo.accounts.models import User

    user = User.objects.filter(email="report-benchmark@duo.test").first()
    if user is None:
        user = User.objects.create_user(email="report-benchmark@duo.test", password=None, role=Role.OFFICER,
                                        full_name="Report benchmark")
    return user


if __name__ == "__main__":
    main()
