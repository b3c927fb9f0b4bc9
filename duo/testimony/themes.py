"""The themes testimonies are tagged with, as shipped; administrators add more in the admin site."""

THEMES = (
    ("discrimination_hiring", "Discrimination à l'embauche", "Discriminatie bij aanwerving", "Discrimination in hiring"),
    ("diploma_recognition", "Reconnaissance des diplômes", "Erkenning van diploma's", "Diploma recognition"),
    ("language", "Langue", "Taal", "Language"),
    ("network", "Réseau professionnel", "Professioneel netwerk", "Professional network"),
    ("confidence", "Confiance en soi", "Zelfvertrouwen", "Self-confidence"),
    ("intercultural", "Échange interculturel", "Interculturele uitwisseling", "Intercultural exchange"),
    ("active_ageing", "Vieillissement actif", "Actief ouder worden", "Active ageing"),
    ("job_search", "Recherche d'emploi", "Zoeken naar werk", "Job search"),
    ("transmission", "Transmission entre générations", "Kennisoverdracht tussen generaties",
     "Passing on experience between generations"),
)


def ensure_themes(Theme) -> int:
    """Create the shipped themes that are missing; returns how many were created."""
    created = 0
    for position, (code, fr, nl, en) in enumerate(THEMES):
        _obj, made = Theme.objects.get_or_create(
            code=code, defaults={"name_fr": fr, "name_nl": nl, "name_en": en, "position": position * 10})
        created += made
    return created
