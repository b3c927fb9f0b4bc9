"""Short free texts that staff would type, in the person's or duo's language."""

_EXPECTATIONS = {
    "fr": (
        "Trouver un emploi stable dans mon domaine", "Mieux comprendre le marché de l'emploi",
        "Faire reconnaître mon diplôme", "Préparer mes entretiens d'embauche", "Construire un réseau professionnel",
        "Choisir une formation qualifiante", "Améliorer mon CV et ma lettre de motivation",
        "Gagner en confiance pour parler de mon parcours", "Trouver un stage pour acquérir une expérience locale",
    ),
    "nl": (
        "Een vaste job vinden in mijn vakgebied", "De arbeidsmarkt beter begrijpen", "Mijn diploma laten erkennen",
        "Sollicitatiegesprekken voorbereiden", "Een professioneel netwerk opbouwen", "Een opleiding kiezen",
        "Mijn cv en motivatiebrief verbeteren", "Meer zelfvertrouwen krijgen", "Een stage vinden",
    ),
    "en": (
        "Find a stable job in my field", "Understand how the job market works here", "Get my diploma recognised",
        "Prepare for job interviews", "Build a professional network", "Choose a qualifying training",
        "Improve my CV and cover letter", "Feel more confident talking about my experience",
    ),
}
_STRENGTHS = {
    "fr": (
        "Longue expérience en recrutement", "Réseau dans le secteur bancaire", "Ancien chef de projet informatique",
        "Connaît bien le secteur des soins", "A dirigé une PME", "Enseignant pendant trente ans",
        "Expérience des ressources humaines", "Patient, à l'écoute", "Réseau dans la construction et l'industrie",
        "Ancienne juriste, connaît les démarches administratives",
    ),
    "nl": (
        "Jarenlange ervaring in rekrutering", "Netwerk in de banksector", "Voormalig IT-projectleider",
        "Kent de zorgsector goed", "Heeft een kmo geleid", "Dertig jaar leerkracht", "Ervaring in HR",
        "Geduldig, luistert goed", "Netwerk in bouw en industrie",
    ),
}
_NOTES = {
    "fr": ("Plan d'action", "Relecture du CV", "Simulation d'entretien", "Recherche d'offres", "Visite d'un salon de "
           "l'emploi", "Point sur la reconnaissance du diplôme", "Préparation d'un appel à un employeur"),
    "nl": ("Actieplan", "Cv nagelezen", "Sollicitatiegesprek geoefend", "Vacatures gezocht", "Jobbeurs bezocht",
           "Diploma-erkenning besproken"),
    "en": ("Action plan", "CV review", "Mock interview", "Job search", "Job fair visit", "Diploma recognition"),
}


def expectations(rng, language):
    pool = _EXPECTATIONS.get(language, _EXPECTATIONS["en"])
    chosen = rng.sample(pool, 2 if rng.random() < .5 else 1)
    return ". ".join(chosen) + "."


def strengths(rng, language):
    pool = _STRENGTHS.get(language, _STRENGTHS["fr"])
    return ". ".join(rng.sample(pool, 2)) + "."


def meeting_note(rng, language, first=False):
    notes = _NOTES.get(language, _NOTES["en"])
    if first:
        return notes[0]
    return rng.choice(notes[1:]) if rng.random() < .2 else ""
