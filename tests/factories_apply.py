"""What a newcomer types into the application forms, and how the tests send it."""

import datetime

from django.urls import reverse
from django.utils import timezone, translation

from duo.intake.models import Application, StageChange
from duo.people.models import ConsentRecord, Person, PersonLanguage


def years_ago(years: int) -> datetime.date:
    today = timezone.localdate()
    return datetime.date(today.year - years, 1, 15) if (today.month, today.day) > (1, 15) else \
        datetime.date(today.year - years - 1, 1, 15)


def common(**overrides) -> dict:
    data = {
        "first_name": "Yasmine", "last_name": "Amrani", "email": "yasmine@example.org",
        "phone": "0470 12 34 56", "date_of_birth": years_ago(25).isoformat(), "gender": "female",
        "postal_code": "1080", "antenna": "", "preferred_language": "fr",
        "lang_fr": "B2", "lang_nl": "", "lang_en": "A2", "other_1": "ar", "other_1_level": "native",
        "other_2": "", "other_2_level": "",
        "availability": ["mon_am", "wed_eve"], "interests": ["sport", "music"], "working_style": ["structured"],
        "motivation": "Je veux trouver un emploi dans la logistique.", "how_heard": "friend",
        "consent_programme": "on", "consent_surveys": "on", "homepage": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def mentee_data(**overrides) -> dict:
    data = {
        "education_level": "bachelor", "diploma_recognition": "pending", "employment_service": "actiris",
        "unemployment_duration": "6to12m", "target_occupation": "43", "goals": ["cv", "network"],
        "right_to_work": "yes", "nationality_background": "non_eu_national", "origin_region": "north_africa",
        "residence_route": "family", "consent_special": "on",
    }
    data.update(overrides)
    return common(**data)


def mentor_data(**overrides) -> dict:
    data = {
        "first_name": "Jean", "last_name": "Dupont", "email": "jean.dupont@example.org",
        "date_of_birth": years_ago(62).isoformat(), "gender": "male", "lang_fr": "native",
        "other_1": "", "other_1_level": "",
        "career_occupation": "24", "status": "retired", "strength_areas": ["cv", "interviews"], "max_duos": "2",
    }
    data.update(overrides)
    return common(**data)


def post(client, lang, kind, data, **extra):
    with translation.override(lang):
        url = reverse(f"apply:{kind}")
    return client.post(url, data, **extra)


def nothing_stored():
    return not (Person.objects.exists() or Application.objects.exists() or ConsentRecord.objects.exists()
                or StageChange.objects.exists() or PersonLanguage.objects.exists())
