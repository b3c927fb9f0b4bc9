"""Mentees and mentors as the organisation describes them: who applies, what they bring.

The shares below follow the published profile of the first user's participants (48 % of mentees
without a recognised diploma, 8 in 10 born abroad, two thirds of mentors retired) and are
otherwise plausible rather than measured.
"""

from duo.people import choices as pc
from duo.reference.models import Occupation

from . import texts
from .draw import Dist, ascii_slug, at_ten, dob_for_age
from .names import BY_ORIGIN, HOME_LANGUAGE, POOLS

WORKING = ("B1", "B2", "C1", "C2", "native")
SLOTS = [f"{d}_{p}" for d in pc.Weekday.values for p in ("am", "pm", "eve")]

MENTEE_GENDER = Dist({"female": 52, "male": 44, "other": 1.5, "undisclosed": 2.5})
MENTOR_GENDER = Dist({"female": 46, "male": 51.5, "other": 0.5, "undisclosed": 2})
SELF_DESCRIBED = {"fr": "non-binaire", "nl": "non-binair", "en": "non-binary"}
# 80 % born abroad; "undisclosed" counts as not born here, as eligibility requires a foreign link.
MENTEE_ORIGIN = Dist({"here": 20, "north_africa": 20, "sub_saharan_africa": 24, "middle_east": 13, "asia": 8,
                      "latin_america": 5, "europe_non_eu": 6, "eu": 1, "undisclosed": 3})
MENTOR_ORIGIN = Dist({"here": 78, "eu": 6, "north_africa": 5, "sub_saharan_africa": 3, "europe_non_eu": 2,
                      "latin_america": 1, "undisclosed": 5})
ABROAD_NATIONALITY = Dist({"non_eu_national": 60, "naturalised": 35, "undisclosed": 5})
HERE_NATIONALITY = Dist({"parent_outside_eu": 70, "grandparent_outside_eu": 25, "undisclosed": 5})
NON_EU_ROUTE = Dist({"family": 35, "refugee": 24, "subsidiary": 8, "work": 8, "study": 12, "regularisation": 7,
                     "other": 3, "undisclosed": 3})
# Among mentees born abroad 60 % hold a diploma that is not recognised: 0.8 x 0.6 = 48 % overall.
ABROAD_DIPLOMA = Dist({"not_recognised": 60, "recognised": 17, "pending": 12, "not_applicable": 11})
EDUCATION = Dist({"none": 2, "primary": 5, "lower_secondary": 12, "upper_secondary": 30, "short_higher": 12,
                  "bachelor": 24, "master": 15})
UNEMPLOYMENT = Dist({"lt6m": 25, "6to12m": 25, "12to24m": 22, "gt24m": 13, "never": 15})
LOCAL_LEVEL = Dist({"A2": 8, "B1": 30, "B2": 32, "C1": 22, "C2": 8})
SECOND_LEVEL = Dist({"A2": 20, "B1": 35, "B2": 30, "C1": 15})
_ORIGIN_TRADITION = {k: Dist(v) for k, v in BY_ORIGIN.items()}
_HOME_LANGUAGE = {k: Dist(v) for k, v in HOME_LANGUAGE.items()}
# Sectors mentees aim for (ISCO sub-major codes): shortage occupations and entry-level service jobs
# weigh more; mentors' careers lean to managers and professionals.
MENTEE_SECTORS = {"21": 4, "22": 3, "23": 2, "24": 5, "25": 6, "26": 2, "31": 3, "32": 6, "33": 6, "34": 3,
                  "35": 3, "41": 6, "42": 4, "43": 3, "44": 1, "51": 6, "52": 6, "53": 5, "54": 1, "71": 3,
                  "72": 3, "74": 3, "75": 2, "83": 4, "91": 2, "93": 2, "96": 1}
MENTOR_SECTORS = {"11": 4, "12": 6, "13": 5, "14": 2, "21": 7, "22": 4, "23": 6, "24": 8, "25": 5, "26": 5,
                  "31": 4, "32": 2, "33": 6, "34": 3, "35": 2, "41": 3, "42": 1, "43": 2, "52": 2, "72": 2}


def occupation_dists():
    """Weighted occupations: unit groups when the full ISCO file was imported, else sub-major groups."""
    level = 4 if Occupation.objects.filter(level=4).exists() else 2
    rows = list(Occupation.objects.filter(level=level).order_by("code").values_list("pk", "code"))
    per_sector = {}
    for _, code in rows:
        per_sector[code[:2]] = per_sector.get(code[:2], 0) + 1

    def dist(weights):
        return Dist({pk: weights[code[:2]] / per_sector[code[:2]] for pk, code in rows if code[:2] in weights})

    return dist(MENTEE_SECTORS), dist(MENTOR_SECTORS)


class PersonMaker:
    """Draws a person's fields, profile fields and languages; the caller writes them in bulk."""

    def __init__(self, rng, addresses):
        self.rng = rng
        self.addresses = addresses
        self.mentee_occupations, self.mentor_occupations = occupation_dists()
        self.serial = 0

    def _person(self, spec, antenna, tradition, gender, dob, applied_on, language) -> dict:
        rng = self.rng
        female, male, last_names = POOLS[tradition]
        first_pool = female if gender == "female" else male if gender == "male" else (female, male)[rng.random() < .5]
        first, last = rng.choice(first_pool), rng.choice(last_names)
        self.serial += 1
        postal_code, municipality_id = self.addresses.draw(rng, spec.code)
        if spec.region == "ile-de-france":
            phone = f"+33 {rng.choice('67')} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} " \
                    f"{rng.randint(10, 99)}"
        else:
            phone = f"+32 4{rng.randint(60, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}"
        return dict(
            first_name=first, last_name=last,
            email=f"{ascii_slug(first)}.{ascii_slug(last)}.{self.serial}@example.org",
            phone=phone if rng.random() < .92 else "", date_of_birth=dob, gender=gender,
            gender_self_described=SELF_DESCRIBED[language] if gender == "other" and rng.random() < .6 else "",
            postal_code=postal_code, municipality_id=municipality_id, antenna_id=antenna.pk,
            preferred_language=language, created_at=at_ten(applied_on), nationality_background="", origin_region="",
            residence_route="",
        )

    def _local_language(self, spec):
        # Brussels is bilingual: some of its people use Dutch first.
        if spec.code == "brussels":
            return "nl" if self.rng.random() < .15 else "fr"
        return spec.language

    def _availability(self, low, high, daytime_bias):
        rng = self.rng
        picks = [s for s in SLOTS if rng.random() < (daytime_bias if not s.endswith("eve") else .25)]
        while len(picks) < low:
            slot = rng.choice(SLOTS)
            if slot not in picks:
                picks.append(slot)
        return sorted(picks[:high], key=SLOTS.index)

    def mentee(self, spec, antenna, applied_on, duo_language=None):
        """A mentee aged 18-33 when applying; returns (person, profile fields, languages)."""
        rng = self.rng
        origin = MENTEE_ORIGIN.draw(rng)
        tradition = _ORIGIN_TRADITION[origin].draw(rng)
        gender = MENTEE_GENDER.draw(rng)
        age = min(33, max(18, round(rng.triangular(18, 34, 26))))
        local = self._local_language(spec)
        languages = {}
        if origin == "here":
            nationality = HERE_NATIONALITY.draw(rng)
            route = "citizen" if rng.random() < .9 else "undisclosed"
            diploma = "not_applicable"
            languages[local] = "native"
            if rng.random() < .55:
                languages.setdefault(_HOME_LANGUAGE[tradition].draw(rng), rng.choice(("B1", "B2", "native")))
        else:
            nationality = ABROAD_NATIONALITY.draw(rng)
            route = NON_EU_ROUTE.draw(rng) if nationality == "non_eu_national" else (
                "citizen" if nationality == "naturalised" else "undisclosed")
            diploma = ABROAD_DIPLOMA.draw(rng)
            languages[_HOME_LANGUAGE[tradition].draw(rng)] = "native"
            languages.setdefault(local, LOCAL_LEVEL.draw(rng))
        if rng.random() < .5:
            languages.setdefault("en", SECOND_LEVEL.draw(rng))
        if spec.code == "brussels" and rng.random() < .35:
            languages.setdefault("nl" if local == "fr" else "fr", SECOND_LEVEL.draw(rng))
        must = duo_language or local
        if languages.get(must) not in WORKING:
            languages[must] = rng.choice(("B1", "B2"))
        preferred = must if must in ("fr", "nl") else spec.language
        if languages.get("en") in WORKING and rng.random() < .04:
            preferred = "en"
        person = self._person(spec, antenna, tradition, gender, dob_for_age(rng, applied_on, age), applied_on,
                              preferred)
        person.update(origin_region=origin, nationality_background=nationality, residence_route=route)
        no_plan = rng.random() < .17
        profile = dict(
            applied_on=applied_on,
            education_level=EDUCATION.draw(rng),
            diploma_recognition=diploma,
            target_occupation_id=None if no_plan else self.mentee_occupations.draw(rng),
            no_precise_plan=no_plan,
            employment_service=spec.employment_service if rng.random() < .88 else "none",
            unemployment_duration=UNEMPLOYMENT.draw(rng),
            availability=self._availability(3, 10, .45),
            expectations=texts.expectations(rng, preferred),
        )
        return person, profile, languages

    def mentor(self, spec, antenna, applied_on):
        """A mentor aged 50+ when applying, two thirds of them retired."""
        rng = self.rng
        roll = rng.random()
        status = "retired" if roll < .66 else "working" if roll < .95 else "other"
        age = rng.randint(60, 74) if status == "retired" else rng.randint(50, 64)
        origin = MENTOR_ORIGIN.draw(rng)
        local = self._local_language(spec)
        if origin in ("here", "undisclosed"):
            tradition = "flemish" if local == "nl" else "francophone"
        else:
            tradition = _ORIGIN_TRADITION[origin].draw(rng)
        languages = {local: "native"}
        if tradition not in ("flemish", "francophone"):
            languages.setdefault(_HOME_LANGUAGE[tradition].draw(rng), "native")
            languages[local] = rng.choice(("C1", "C2"))
        if rng.random() < .6:
            languages.setdefault("en", rng.choice(("B1", "B2", "C1", "C2")))
        if rng.random() < (.6 if spec.code == "brussels" else .3):
            languages.setdefault("nl" if local == "fr" else "fr", rng.choice(("B1", "B2", "C1")))
        if rng.random() < .1:
            languages.setdefault(rng.choice(("de", "es")), rng.choice(("A2", "B1", "B2")))
        person = self._person(spec, antenna, tradition, MENTOR_GENDER.draw(rng), dob_for_age(rng, applied_on, age),
                              applied_on, local)
        # Special-category questions are optional, and many mentors leave them unanswered.
        if rng.random() < .7:
            person.update(
                origin_region=origin,
                nationality_background=("eu_background" if origin in ("here", "eu") else
                                        "undisclosed" if origin == "undisclosed" else "naturalised"),
                residence_route="undisclosed" if origin == "undisclosed" else "citizen",
            )
        profile = dict(
            applied_on=applied_on,
            career_occupation_id=self.mentor_occupations.draw(rng),
            status=status,
            max_duos=2 if rng.random() < .08 else 1,
            availability=self._availability(4, 12, .7 if status == "retired" else .2),
            strengths=texts.strengths(rng, local),
        )
        return person, profile, languages


def working_languages(languages: dict) -> frozenset:
    return frozenset(lang for lang, level in languages.items() if lang in ("fr", "nl", "en") and level in WORKING)

