"""The eight modules of the mentor training, as the programme runs it today.

Data, not code: administrators change titles, order, the required flag or add modules in the
admin site. Re-running this migration does not overwrite their changes (get_or_create by code).
"""

from django.db import migrations

MODULES = [
    ("programme", {
        "fr": ("Le programme Duo et sa méthode",
               "Les étapes d'un duo, de la rencontre à la clôture ; le plan d'action ; le suivi par l'antenne."),
        "nl": ("Het Duo-programma en zijn methode",
               "De stappen van een duo, van kennismaking tot afsluiting; het actieplan; de opvolging door de antenne."),
        "en": ("The Duo programme and its method",
               "The steps of a duo, from the first meeting to the closure; the action plan; follow-up by the antenna."),
    }),
    ("role", {
        "fr": ("Le rôle du mentor et ses limites",
               "Ce que fait un mentor, ce qu'il ne fait pas, et vers qui se tourner quand une question le dépasse."),
        "nl": ("De rol van de mentor en zijn grenzen",
               "Wat een mentor doet, wat niet, en bij wie je terechtkunt als een vraag je petje te boven gaat."),
        "en": ("The mentor's role and its limits",
               "What a mentor does, what they do not, and whom to turn to when a question goes beyond it."),
    }),
    ("listening", {
        "fr": ("L'écoute active", "Questions ouvertes, reformulation, silences : aider l'autre à trouver sa voie."),
        "nl": ("Actief luisteren", "Open vragen, herformuleren, stiltes: de ander helpen zijn eigen weg te vinden."),
        "en": ("Active listening", "Open questions, rephrasing, silences: helping the other find their own way."),
    }),
    ("intercultural", {
        "fr": ("Les relations interculturelles",
               "Nos cadres de référence, les malentendus fréquents, les discriminations à l'embauche."),
        "nl": ("Interculturele relaties",
               "Onze referentiekaders, veelvoorkomende misverstanden, discriminatie bij aanwerving."),
        "en": ("Intercultural relations",
               "Our frames of reference, common misunderstandings, discrimination in hiring."),
    }),
    ("labour_market", {
        "fr": ("Le marché du travail belge et les métiers en pénurie",
               "Les secteurs qui recrutent, les métiers en pénurie, les contrats et les statuts."),
        "nl": ("De Belgische arbeidsmarkt en knelpuntberoepen",
               "Sectoren die aanwerven, knelpuntberoepen, contracten en statuten."),
        "en": ("The Belgian labour market and shortage occupations",
               "Sectors that hire, shortage occupations, contracts and statuses."),
    }),
    ("job_search", {
        "fr": ("CV, entretiens et réseau", "Un CV lisible, préparer un entretien, ouvrir son réseau professionnel."),
        "nl": ("Cv, sollicitatiegesprekken en netwerken",
               "Een leesbaar cv, een gesprek voorbereiden, je professioneel netwerk openstellen."),
        "en": ("CV, interviews and networking", "A readable CV, preparing an interview, opening one's network."),
    }),
    ("support_services", {
        "fr": ("Les services d'aide et la reconnaissance des diplômes",
               "Services publics de l'emploi, formations, équivalence des diplômes étrangers : qui fait quoi."),
        "nl": ("Ondersteunende diensten en erkenning van diploma's",
               "Openbare diensten voor arbeidsbemiddeling, opleidingen, gelijkwaardigheid van buitenlandse "
               "diploma's: wie doet wat."),
        "en": ("Support services and diploma recognition",
               "Public employment services, training, recognition of foreign diplomas: who does what."),
    }),
    ("ethics", {
        "fr": ("Éthique, confidentialité et code de conduite",
               "La confidentialité, les données personnelles, la bonne distance, la charte du mentor."),
        "nl": ("Ethiek, vertrouwelijkheid en gedragscode",
               "Vertrouwelijkheid, persoonsgegevens, de juiste afstand, het charter van de mentor."),
        "en": ("Ethics, confidentiality and the code of conduct",
               "Confidentiality, personal data, keeping the right distance, the mentor's charter."),
    }),
]


def create_modules(apps, schema_editor):
    TrainingModule = apps.get_model("training", "TrainingModule")
    for order, (code, texts) in enumerate(MODULES, start=1):
        values = {"order": order, "required": True, "active": True}
        for lang, (title, description) in texts.items():
            values[f"title_{lang}"] = title
            values[f"description_{lang}"] = description
        TrainingModule.objects.get_or_create(code=code, defaults=values)


class Migration(migrations.Migration):
    dependencies = [("training", "0001_initial")]
    operations = [migrations.RunPython(create_modules, migrations.RunPython.noop)]
