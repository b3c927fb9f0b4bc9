"""The instruments Duo ships with, as data: `manage.py load_instruments` creates the missing ones.

Texts are content, not interface strings, so they are written here in the three languages rather
than through gettext: staff edit them afterwards in new versions. Dutch addresses people with "u".
Scale tags are shared between instruments so that a baseline answer pairs with its end and
follow-up answers; outcome and end-reason values are those of duo.journeys.choices.
"""


def t(fr, nl, en):
    return {"fr": fr, "nl": nl, "en": en}


def likert(code, scale, text, required=True, show_if=None):
    q = {"code": code, "type": "likert5", "scale": scale, "text": text, "required": required,
         "help": t("1 = pas du tout d'accord, 5 = tout à fait d'accord",
                   "1 = helemaal niet akkoord, 5 = helemaal akkoord",
                   "1 = strongly disagree, 5 = strongly agree")}
    if show_if:
        q["show_if"] = show_if
    return q


def free(code, text, scale="", show_if=None):
    q = {"code": code, "type": "text", "required": False, "scale": scale, "text": text}
    if show_if:
        q["show_if"] = show_if
    return q


YES_NO_MAYBE = [
    ("yes", t("Oui", "Ja", "Yes")),
    ("maybe", t("Peut-être", "Misschien", "Maybe")),
    ("no", t("Non", "Nee", "No")),
]

# The five capitals, asked in the same words at intake, at the end and at each follow-up.
CAPITALS = [
    likert("network_help", "capital_social", t(
        "Je connais des personnes qui peuvent m'aider à trouver un emploi dans mon domaine.",
        "Ik ken mensen die mij kunnen helpen om werk te vinden in mijn vakgebied.",
        "I know people who can help me find a job in my field.")),
    likert("network_ask", "capital_social", t(
        "J'ose demander conseil à des professionnels que je ne connais pas encore.",
        "Ik durf advies te vragen aan professionals die ik nog niet ken.",
        "I dare to ask professionals I do not know yet for advice.")),
    likert("work_culture", "capital_cultural", t(
        "Je comprends les codes du monde du travail ici (ponctualité, tutoiement, réunions).",
        "Ik begrijp de gewoonten van de werkvloer hier (stiptheid, aanspreekvormen, vergaderingen).",
        "I understand the unwritten rules of the workplace here (punctuality, how to address people, meetings).")),
    likert("market_knowledge", "capital_information", t(
        "Je sais quels métiers recrutent dans ma région et ce qu'ils demandent.",
        "Ik weet welke beroepen in mijn regio aanwerven en wat ze vragen.",
        "I know which occupations are hiring in my region and what they require.")),
    likert("services_knowledge", "capital_information", t(
        "Je sais vers quels services me tourner (emploi, formation, reconnaissance de diplôme).",
        "Ik weet bij welke diensten ik terechtkan (werk, opleiding, erkenning van diploma's).",
        "I know which services to turn to (employment, training, diploma recognition).")),
    likert("language_work", "capital_language", t(
        "Je me sens à l'aise pour parler de mon parcours dans la langue d'un entretien d'embauche.",
        "Ik voel me op mijn gemak om over mijn loopbaan te praten in de taal van een sollicitatiegesprek.",
        "I feel at ease talking about my background in the language of a job interview.")),
    likert("confidence", "capital_psychological", t(
        "J'ai confiance en mes chances de trouver un emploi qui me convient.",
        "Ik heb vertrouwen in mijn kansen om werk te vinden dat bij mij past.",
        "I am confident I can find a job that suits me.")),
    likert("autonomy", "capital_psychological", t(
        "Je sais organiser seul·e ma recherche d'emploi.",
        "Ik kan mijn zoektocht naar werk zelfstandig organiseren.",
        "I can organise my job search on my own.")),
    likert("career_plan", "career_plan", t(
        "J'ai un projet professionnel concret, avec des étapes claires.",
        "Ik heb een concreet beroepsplan, met duidelijke stappen.",
        "I have a concrete career plan, with clear steps.")),
]

OUTCOME_CHOICES = [
    ("job_permanent", t("Emploi : contrat à durée indéterminée", "Werk: contract van onbepaalde duur",
                        "Job: permanent contract")),
    ("job_fixed_3m", t("Emploi : contrat à durée déterminée de 3 mois ou plus",
                       "Werk: contract van bepaalde duur van 3 maanden of meer",
                       "Job: fixed-term contract of 3 months or more")),
    ("job_short", t("Emploi : contrat de moins de 3 mois", "Werk: contract van minder dan 3 maanden",
                    "Job: contract of less than 3 months")),
    ("job_temp_agency", t("Emploi : intérim", "Werk: uitzendwerk", "Job: temporary agency work")),
    ("job_student", t("Job étudiant", "Studentenjob", "Student job")),
    ("self_employed", t("Indépendant·e", "Zelfstandige", "Self-employed")),
    ("internship", t("Stage", "Stage", "Internship")),
    ("training", t("Formation qualifiante ou études", "Kwalificerende opleiding of studies",
                   "Qualifying training or studies")),
    ("volunteering", t("Bénévolat", "Vrijwilligerswerk", "Volunteering")),
    ("searching", t("Je cherche encore", "Ik zoek nog", "Still searching")),
    ("unknown", t("Je préfère ne pas répondre", "Ik antwoord liever niet", "I prefer not to say")),
]
JOB_VALUES = ["job_permanent", "job_fixed_3m", "job_short", "job_temp_agency", "job_student", "self_employed"]

END_REASON_CHOICES = [
    ("job_or_training", t("La personne mentorée a trouvé un emploi ou une formation plus tôt que prévu",
                          "De mentee vond vroeger dan verwacht werk of een opleiding",
                          "The mentee found a job or training early")),
    ("mentee_unavailable", t("La personne mentorée n'était plus disponible", "De mentee was niet meer beschikbaar",
                             "The mentee was no longer available")),
    ("mentor_unavailable", t("Le mentor n'était plus disponible", "De mentor was niet meer beschikbaar",
                             "The mentor was no longer available")),
    ("relationship", t("La relation ne fonctionnait pas", "De relatie werkte niet", "The relationship did not work")),
    ("moved", t("Déménagement", "Verhuizing", "Moved away")),
    ("health", t("Santé", "Gezondheid", "Health")),
    ("other", t("Autre raison", "Andere reden", "Another reason")),
]


def satisfaction(code, text):
    return likert(code, "satisfaction", text)


def _followup(months):
    return {
        "code": f"mentee-followup-{months}m", "kind": f"mentee_followup_{months}m", "audience": "mentee",
        "title_fr": f"Où en êtes-vous, {months} mois après le mentorat ?",
        "title_nl": f"Hoe gaat het met u, {months} maanden na de mentoring?",
        "title_en": f"Where are you now, {months} months after the mentoring?",
        "description_fr": "Vos réponses nous aident à savoir ce que le mentorat change, et à le défendre.",
        "description_nl": "Uw antwoorden helpen ons te weten wat mentoring verandert, en dat te verdedigen.",
        "description_en": "Your answers tell us what mentoring changes, and help us argue for it.",
        "questions": [
            {"code": "outcome_status", "type": "single", "scale": "outcome_status", "choices": OUTCOME_CHOICES,
             "text": t("Quelle est votre situation aujourd'hui ?", "Wat is uw situatie vandaag?",
                       "What is your situation today?")},
            {"code": "job_started_on", "type": "date", "required": False, "show_if": ("outcome_status", JOB_VALUES),
             "text": t("Quand avez-vous commencé ?", "Wanneer bent u begonnen?", "When did you start?")},
            {"code": "job_hours", "type": "number", "required": False, "min": 1, "max": 60,
             "show_if": ("outcome_status", JOB_VALUES),
             "text": t("Combien d'heures par semaine travaillez-vous ?", "Hoeveel uur per week werkt u?",
                       "How many hours a week do you work?")},
            likert("job_matches_plan", "career_plan", t(
                "Cet emploi correspond à mon projet professionnel.", "Deze job past bij mijn beroepsplan.",
                "This job matches my career plan."), required=False, show_if=("outcome_status", JOB_VALUES)),
            *CAPITALS,
            satisfaction("satisfaction", t(
                "Avec le recul, je suis satisfait·e de mon mentorat.",
                "Achteraf bekeken ben ik tevreden over mijn mentoring.",
                "Looking back, I am satisfied with my mentoring.")),
        ],
    }


INSTRUMENTS = [
    {
        "code": "mentee-baseline", "kind": "mentee_baseline", "audience": "mentee",
        "title_fr": "Votre point de départ", "title_nl": "Uw vertrekpunt", "title_en": "Where you start from",
        "description_fr": "Quelques questions au début du mentorat, pour mesurer plus tard le chemin parcouru.",
        "description_nl": "Enkele vragen bij het begin van de mentoring, om later de afgelegde weg te meten.",
        "description_en": "A few questions at the start of the mentoring, to measure later how far you have come.",
        "questions": [
            *CAPITALS,
            free("career_plan_words", t("Décrivez votre projet professionnel en quelques mots.",
                                        "Beschrijf uw beroepsplan in enkele woorden.",
                                        "Describe your career plan in a few words."), "career_plan"),
            satisfaction("satisfaction_intake", t(
                "Je suis satisfait·e de l'accueil reçu jusqu'ici.",
                "Ik ben tevreden over het onthaal tot nu toe.",
                "I am satisfied with how I have been welcomed so far.")),
        ],
    },
    {
        "code": "mentee-end", "kind": "mentee_end", "audience": "mentee",
        "title_fr": "La fin de votre mentorat", "title_nl": "Het einde van uw mentoring",
        "title_en": "The end of your mentoring",
        "description_fr": "Les mêmes questions qu'au début : qu'est-ce qui a changé ?",
        "description_nl": "Dezelfde vragen als bij het begin: wat is er veranderd?",
        "description_en": "The same questions as at the start: what has changed?",
        "questions": [
            *CAPITALS,
            satisfaction("satisfaction", t("Je suis satisfait·e de mon mentorat.", "Ik ben tevreden over mijn mentoring.",
                                           "I am satisfied with my mentoring.")),
            {"code": "recommend", "type": "single", "scale": "satisfaction", "choices": YES_NO_MAYBE,
             "text": t("Recommanderiez-vous le mentorat à un·e ami·e ?", "Zou u mentoring aanraden aan een vriend(in)?",
                       "Would you recommend mentoring to a friend?")},
            free("most_useful", t("Qu'est-ce qui vous a le plus aidé·e ?", "Wat heeft u het meest geholpen?",
                                  "What helped you most?")),
        ],
    },
    _followup(6),
    _followup(12),
    {
        "code": "mentor-end", "kind": "mentor_end", "audience": "mentor",
        "title_fr": "Votre mentorat se termine", "title_nl": "Uw mentoring loopt af", "title_en": "Your mentoring ends",
        "description_fr": "Votre regard de mentor nous aide à améliorer le programme.",
        "description_nl": "Uw blik als mentor helpt ons het programma te verbeteren.",
        "description_en": "Your view as a mentor helps us improve the programme.",
        "questions": [
            likert("useful", "useful", t("Je me suis senti·e utile.", "Ik voelde me nuttig.", "I felt useful.")),
            likert("intercultural", "intercultural", t(
                "Je comprends mieux des personnes d'une autre culture que la mienne.",
                "Ik begrijp mensen uit een andere cultuur dan de mijne beter.",
                "I understand people from a culture other than mine better.")),
            likert("view_changed", "view_changed", t(
                "Mon regard sur les jeunes d'origine étrangère a changé.",
                "Mijn kijk op jongeren met een migratieachtergrond is veranderd.",
                "My view of young people of foreign origin has changed.")),
            free("view_changed_how", t("En quoi a-t-il changé ?", "Op welke manier is die veranderd?",
                                       "How has it changed?"), "view_changed",
                 show_if=("view_changed", ["4", "5"])),
            likert("support", "satisfaction", t(
                "L'équipe m'a bien soutenu·e pendant le mentorat.", "Het team heeft mij goed ondersteund tijdens de mentoring.",
                "The team supported me well during the mentoring.")),
            satisfaction("satisfaction", t("Je suis satisfait·e de ce mentorat.", "Ik ben tevreden over deze mentoring.",
                                           "I am satisfied with this mentoring.")),
            {"code": "mentor_again", "type": "single", "scale": "mentor_again", "choices": YES_NO_MAYBE,
             "text": t("Souhaitez-vous accompagner un·e nouveau·elle mentoré·e ?", "Wilt u een nieuwe mentee begeleiden?",
                       "Would you like to mentor someone new?")},
            free("mentor_again_not", t("Qu'est-ce qui vous en empêche ?", "Wat houdt u tegen?",
                                       "What holds you back?"), "mentor_again", show_if=("mentor_again", ["no", "maybe"])),
        ],
    },
    {
        "code": "pairing-fit", "kind": "pairing_fit", "audience": "mentee",
        "title_fr": "Un mois ensemble : comment ça se passe ?", "title_nl": "Een maand samen: hoe gaat het?",
        "title_en": "One month together: how is it going?",
        "description_fr": "Trois minutes pour nous dire si le duo fonctionne. Une réponse basse nous alerte.",
        "description_nl": "Drie minuten om ons te zeggen of de duo werkt. Een laag antwoord verwittigt ons.",
        "description_en": "Three minutes to tell us whether the duo works. A low answer alerts us.",
        "questions": [
            likert("pairing_fit", "pairing_fit", t(
                "Le duo que nous formons fonctionne bien.", "Onze duo werkt goed.", "Our duo works well.")),
            {"code": "meetings", "type": "number", "min": 0, "max": 30, "scale": "",
             "text": t("Combien de fois vous êtes-vous rencontrés ce mois-ci ?", "Hoe vaak hebt u elkaar deze maand ontmoet?",
                       "How many times did you meet this month?")},
            likert("goals_clear", "career_plan", t(
                "Nous avons fixé ensemble des objectifs clairs.", "We hebben samen duidelijke doelen bepaald.",
                "We have set clear goals together.")),
            likert("listened", "pairing_fit", t(
                "Je me sens écouté·e dans ce duo.", "Ik voel me gehoord in deze duo.", "I feel listened to in this duo.")),
            {"code": "call_me", "type": "single", "scale": "pairing_fit", "show_if": ("pairing_fit", ["1", "2", "3"]),
             "choices": [("yes", t("Oui", "Ja", "Yes")), ("no", t("Non", "Nee", "No"))],
             "text": t("Souhaitez-vous que votre coordinateur·rice vous appelle ?",
                       "Wilt u dat uw coördinator u opbelt?", "Would you like your coordinator to call you?")},
            free("what_difficult", t("Qu'est-ce qui est difficile ?", "Wat is er moeilijk?", "What is difficult?"),
                 "pairing_fit", show_if=("pairing_fit", ["1", "2", "3"])),
        ],
    },
    {
        "code": "why-ended", "kind": "why_ended", "audience": "mentee",
        "title_fr": "Pourquoi le mentorat s'est-il arrêté ?", "title_nl": "Waarom is de mentoring gestopt?",
        "title_en": "Why did the mentoring stop?",
        "description_fr": "Un mentorat qui s'arrête tôt n'est pas un échec : aidez-nous à comprendre.",
        "description_nl": "Een mentoring die vroeg stopt, is geen mislukking: help ons het te begrijpen.",
        "description_en": "A mentoring that stops early is not a failure: help us understand.",
        "questions": [
            {"code": "end_reason", "type": "single", "scale": "end_reason", "choices": END_REASON_CHOICES,
             "text": t("Quelle est la raison principale ?", "Wat is de belangrijkste reden?", "What is the main reason?")},
            free("end_reason_other", t("Laquelle ?", "Welke?", "Which one?"), "end_reason",
                 show_if=("end_reason", ["other", "relationship"])),
            {"code": "end_reasons_more", "type": "multiple", "required": False, "scale": "end_reason",
             "choices": END_REASON_CHOICES,
             "text": t("D'autres raisons ont-elles joué ?", "Speelden er nog andere redenen mee?",
                       "Did other reasons play a part?")},
            likert("could_help", "satisfaction", t(
                "L'équipe aurait pu faire quelque chose pour l'éviter.", "Het team had iets kunnen doen om het te vermijden.",
                "The team could have done something to prevent it."), required=False),
            satisfaction("satisfaction", t("Malgré tout, le mentorat m'a apporté quelque chose.",
                                           "Ondanks alles heeft de mentoring mij iets opgeleverd.",
                                           "Despite everything, the mentoring gave me something.")),
            {"code": "new_duo", "type": "single", "scale": "", "choices": YES_NO_MAYBE,
             "text": t("Seriez-vous intéressé·e par un nouveau duo ?", "Zou u interesse hebben in een nieuwe duo?",
                       "Would you be interested in a new duo?")},
        ],
    },
    {
        "code": "mentor-training", "kind": "training_evaluation", "audience": "mentor",
        "title_fr": "Évaluation de la formation des mentors", "title_nl": "Evaluatie van de mentoropleiding",
        "title_en": "Mentor training evaluation",
        "description_fr": "Votre avis améliore les prochaines sessions.",
        "description_nl": "Uw mening verbetert de volgende sessies.",
        "description_en": "Your opinion improves the next sessions.",
        "questions": [
            likert("prepared", "training", t("Je me sens prêt·e à commencer un mentorat.",
                                             "Ik voel me klaar om aan een mentoring te beginnen.",
                                             "I feel ready to start mentoring.")),
            likert("clear", "training", t("Les contenus étaient clairs.", "De inhoud was duidelijk.",
                                          "The content was clear.")),
            likert("intercultural_training", "intercultural", t(
                "La formation m'a aidé·e à mieux comprendre les relations interculturelles.",
                "De opleiding hielp mij interculturele relaties beter te begrijpen.",
                "The training helped me understand intercultural relations better.")),
            likert("labour_market", "training", t(
                "J'en sais plus sur les métiers en pénurie et les services d'aide.",
                "Ik weet meer over knelpuntberoepen en ondersteunende diensten.",
                "I know more about shortage occupations and support services.")),
            satisfaction("satisfaction", t("Je suis satisfait·e de la formation.", "Ik ben tevreden over de opleiding.",
                                           "I am satisfied with the training.")),
            {"code": "format", "type": "single", "scale": "training",
             "choices": [("in_person", t("En présentiel", "Fysiek", "In person")),
                         ("online", t("En ligne", "Online", "Online")),
                         ("either", t("Peu importe", "Maakt niet uit", "Either"))],
             "text": t("Quel format préférez-vous ?", "Welk formaat verkiest u?", "Which format do you prefer?")},
            free("improve", t("Que devrions-nous améliorer ?", "Wat moeten we verbeteren?",
                              "What should we improve?")),
        ],
    },
]
