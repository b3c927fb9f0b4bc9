"""The demo's testimonies: a dozen made-up quotes from mentees and mentors of finished duos, in
French, Dutch and English, tagged with themes and areas of action, at every consent level; a few
translations (marked as such), a draft quote set, and one testimony withdrawn from its author's link,
so that the set shows the notice a withdrawal leaves."""

import datetime
import random

from django.utils import timezone

from duo.journeys.models import Duo
from duo.testimony import services
from duo.testimony.models import Consent, QuoteSet, QuoteSetItem, Testimony, Theme, Translation, WithdrawalChannel
from duo.testimony.themes import ensure_themes

# (side, language, consent, themes, areas, text, {language: translation})
QUOTES = (
    ("mentee", "fr", Consent.ANONYMOUS, ("network", "confidence"), ("equal_opportunities",),
     "Avant, j'envoyais des dizaines de candidatures sans réponse. Mon mentor m'a appris à parler de mon parcours "
     "sans m'excuser, et il m'a présenté à deux personnes de son ancien métier.",
     {"nl": "Vroeger stuurde ik tientallen sollicitaties zonder antwoord. Mijn mentor leerde me over mijn parcours "
            "te praten zonder me te verontschuldigen, en stelde me voor aan twee mensen uit zijn vroegere vak."}),
    ("mentee", "fr", Consent.FIRST_NAME, ("diploma_recognition",), ("equal_opportunities", "inclusion_diversity"),
     "Mon diplôme d'ingénieure n'était pas reconnu. Ensemble, nous avons monté le dossier d'équivalence pas à pas. "
     "Six mois plus tard, j'avais la réponse.", {"en": "My engineering degree was not recognised. Together we put "
                                                       "the equivalence file together step by step. Six months later, "
                                                       "I had the answer."}),
    ("mentor", "fr", Consent.FULL_NAME, ("active_ageing", "transmission"), ("active_ageing", "social_cohesion"),
     "À la retraite, je pensais que mon expérience ne servait plus à personne. Accompagner un jeune m'a prouvé "
     "le contraire, et j'ai appris autant que lui.", {}),
    ("mentee", "nl", Consent.ANONYMOUS, ("language", "confidence"), ("inclusion_diversity",),
     "Ik durfde geen Nederlands te spreken op een sollicitatiegesprek. We oefenden elke week, tot ik het gesprek "
     "zelf kon leiden.", {"fr": "Je n'osais pas parler néerlandais en entretien d'embauche. Nous nous sommes "
                                "entraînés chaque semaine, jusqu'à ce que je mène l'entretien moi-même."}),
    ("mentor", "nl", Consent.FIRST_NAME, ("intercultural",), ("social_cohesion",),
     "Mijn beeld van jongeren met een migratieachtergrond is helemaal veranderd. Ik zag vooral doorzetting.", {}),
    ("mentee", "nl", Consent.INTERNAL, ("discrimination_hiring",), ("equal_opportunities",),
     "Bij een bedrijf zeiden ze dat de functie al ingevuld was, maar de vacature bleef nog weken online staan.", {}),
    ("mentee", "en", Consent.ANONYMOUS, ("job_search", "network"), ("equal_opportunities",),
     "I knew my field, but not how hiring works here. My mentor explained the unwritten rules nobody tells you.",
     {"fr": "Je connaissais mon domaine, mais pas la façon dont on recrute ici. Mon mentor m'a expliqué les règles "
            "non écrites que personne ne vous dit."}),
    ("mentor", "en", Consent.ANONYMOUS, ("intercultural", "transmission"), ("social_cohesion", "active_ageing"),
     "We came from different worlds and found we wanted the same things: to be useful, and to be taken seriously.", {}),
    ("mentee", "fr", Consent.ANONYMOUS, ("discrimination_hiring",), ("equal_opportunities",),
     "On m'a dit au téléphone que mon accent posait problème pour un poste où je ne devais parler à personne.", {}),
    ("mentee", "en", Consent.FIRST_NAME, ("confidence",), ("inclusion_diversity",),
     "The day I signed my contract, the first person I called was my mentor.", {}),
)
WITHDRAWN = 8  # the index of the quote its author withdraws
UNCHECKED = 6  # an anonymous quote still waiting for its de-identification check


def testimonies(seeder) -> dict:
    # Its own generator, derived without drawing from the seeder's: the rest of the demo stays the same.
    rng, now = random.Random(f"testimonies-{seeder.rng.getstate()[1][3]}"), timezone.now()
    ensure_themes(Theme)
    themes = {t.code: t for t in Theme.objects.all()}
    duos = list(Duo.objects.filter(status__in=("completed", "closed"), ended_on__isnull=False)
                .select_related("mentor__person", "mentee__person").order_by("pk")[:400])
    if not duos:
        return {"testimonies": 0}
    made = []
    for i, (side, language, consent, theme_codes, areas, text, translations) in enumerate(QUOTES):
        pool = [d for d in duos if d.language == language] or duos
        duo = rng.choice(pool)
        person = duo.mentee.person if side == "mentee" else duo.mentor.person
        collected_on = min(duo.ended_on + datetime.timedelta(days=rng.randint(5, 60)), seeder.today)
        by = seeder.coordinators.get(seeder.code_of.get(duo.antenna_id))
        checked = consent == Consent.ANONYMOUS and i != UNCHECKED
        t = Testimony.objects.create(
            person=person, side=side, duo=duo, text=text, language=language,
            source="staff", collected_by_id=by, collected_how=rng.choice(("interview", "event", "email")),
            collected_on=collected_on, consent=consent, consent_on=collected_on,
            purpose=rng.choice(("Rapport d'expérience 2027", "Experience report 2027, social media",
                                "Mémorandum 2027")),
            areas=Testimony.areas_value(areas), created_by_id=by,
            checked_at=now if checked else None, checked_by_id=by if checked else None)
        t.themes.set([themes[c] for c in theme_codes if c in themes])
        for lang, translated in translations.items():
            Translation.objects.create(testimony=t, language=lang, text=translated, machine=lang == "en",
                                       translated_by_id=by)
        made.append(t)
    draft = QuoteSet.objects.create(name="Mémorandum 2027 — brouillon",
                                    notes="Citations pour le chapitre « Égalité des chances ».")
    chosen = [t for i, t in enumerate(made) if i != UNCHECKED and t.consent != Consent.INTERNAL][:6]
    if made[WITHDRAWN] not in chosen:
        chosen.append(made[WITHDRAWN])
    QuoteSetItem.objects.bulk_create(QuoteSetItem(quote_set=draft, testimony=t, position=p)
                                     for p, t in enumerate(chosen))
    services.withdraw(testimony=made[WITHDRAWN], channel=WithdrawalChannel.LINK)
    return {"testimonies": len(made), "quote_sets": 1}
