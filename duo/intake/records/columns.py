"""The columns of each kind of record file, defined once.

The validator reads cells by these specs, the template writer lists them, the staff page and the
exports show them: the headers a person sees in a template are the headers the import accepts and
the exports write, so a file can go out of Duo and come back in.

A header is accepted in French, Dutch or English, whatever its case, accents or spacing: each
spec's label in the three languages, its key, and the aliases below (kept as data so that a
header is recognised even before a translation exists).
"""

import re
import unicodedata
import dataclasses
import functools
from dataclasses import dataclass

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, override

from duo.core.i18n import LANGS, LANGUAGE_CHOICES
from duo.journeys import choices as jc
from duo.journeys.models import Duo
from duo.people import choices as pc
from duo.people.models import MenteeProfile, MentorProfile, Person, PersonLanguage

KINDS = ("mentees", "mentors", "duos")
KIND_LABELS = {"mentees": _("Mentees"), "mentors": _("Mentors"), "duos": _("Duos")}

# Value types; each has its expected-format text below.
TEXT, REF, EMAIL, PHONE, POSTAL, DATE, CHOICE, BOOL, INT, LANGUAGES, OCCUPATION, ANTENNA, INFO = (
    "text", "ref", "email", "phone", "postal", "date", "choice", "bool", "int", "languages", "occupation",
    "antenna", "info",
)
EXPECTED = {
    TEXT: gettext_noop("text of at most %(max)s characters"),
    REF: gettext_noop("text of at most %(max)s characters"),
    EMAIL: gettext_noop("an email address such as name@example.org"),
    PHONE: gettext_noop("a phone number: digits, spaces and + ( ) / . - only"),
    POSTAL: gettext_noop("a postal code of 4 (Belgium) or 5 (France) digits, such as 1000"),
    DATE: gettext_noop("a date written dd/mm/yyyy (such as 31/12/1990) or yyyy-mm-dd"),
    CHOICE: gettext_noop("one of: %(allowed)s"),
    BOOL: gettext_noop("yes or no"),
    INT: gettext_noop("a whole number from %(min)s to %(max)s"),
    LANGUAGES: gettext_noop("languages with their level separated by commas, such as “fr:B2, nl:A2” "
                            "(levels A1 to C2, or native)"),
    OCCUPATION: gettext_noop("an ISCO-08 code known to Duo, such as 2512 (a label may follow the code)"),
    ANTENNA: gettext_noop("the code of one of your antennas: %(codes)s"),
    INFO: gettext_noop("free text; not read by the import"),
}


@dataclass(frozen=True)
class Spec:
    key: str  # also an accepted header, and the name in the validator's rows
    label: object  # the header, translated lazily
    type: str
    target: str = ""  # "person", "profile", "duo", or "" for columns the validator handles itself
    field: str = ""  # the model field it fills (defaults to key)
    aliases: tuple = ()
    required: bool = False
    choices: tuple = ()  # (code, label) pairs
    value_aliases: dict = dataclasses.field(default_factory=dict, hash=False)  # code -> more accepted words
    max_length: int = 0
    minimum: int = 0
    maximum: int = 0
    special: bool = False  # special-category data (GDPR art. 9)
    help: object = ""

    @property
    def attr(self) -> str:
        return self.field or self.key


def _label(model, name):
    return capfirst(model._meta.get_field(name).verbose_name)


def _choices(text_choices) -> tuple:
    return tuple(text_choices.choices)


GENDER_WORDS = {
    "female": ("f", "v", "femme", "vrouw", "woman"),
    "male": ("m", "h", "homme", "man"),
    "other": ("x", "autre", "ander"),
    "undisclosed": ("?", "ne souhaite pas le dire", "zeg ik liever niet"),
}
LANGUAGE_WORDS = {
    "fr": ("francais", "frans", "french"), "nl": ("nederlands", "neerlandais", "dutch", "vlaams", "flemish"),
    "en": ("english", "anglais", "engels"), "de": ("deutsch", "allemand", "duits"),
    "ar": ("arabe", "arabisch"), "es": ("espanol", "espagnol", "spaans"), "pt": ("portugues", "portugais"),
    "tr": ("turc", "turks", "turkce"), "ru": ("russe", "russisch"),
}
LEVEL_WORDS = {"native": ("native", "natif", "maternelle", "langue maternelle", "moedertaal", "mother tongue")}
SPECIAL_HELP = _("Special-category data: optional, encrypted, never used for matching. Fill it in only with "
                 "what the person chose to tell you.")

PERSON = [
    Spec("ref", _("Reference"), REF, "person", "external_ref", max_length=60,
         aliases=("ref", "réf", "référence", "referentie", "reference", "id", "external ref", "identifiant"),
         help=_("Your own identifier for this person, such as the number in your earlier spreadsheet. "
                "Importing again finds the person by it.")),
    Spec("first_name", _label(Person, "first_name"), TEXT, "person", required=True, max_length=100,
         aliases=("prénom", "prenom", "voornaam", "firstname", "given name")),
    Spec("last_name", _label(Person, "last_name"), TEXT, "person", required=True, max_length=100,
         aliases=("nom", "nom de famille", "achternaam", "familienaam", "naam", "surname", "family name",
                  "lastname")),
    Spec("email", _label(Person, "email"), EMAIL, "person", max_length=254,
         aliases=("email", "e-mail", "mail", "courriel", "adresse e-mail", "e-mailadres", "adresse email"),
         help=_("Finds the person again when the file has no reference.")),
    Spec("phone", _label(Person, "phone"), PHONE, "person", max_length=30,
         aliases=("téléphone", "telephone", "telefoon", "gsm", "mobile", "phone number", "numéro de téléphone")),
    Spec("date_of_birth", _label(Person, "date_of_birth"), DATE, "person",
         aliases=("date de naissance", "geboortedatum", "birth date", "birthdate", "dob", "né le"),
         help=_("With the first and last name, finds the person again when there is neither a reference "
                "nor an email address.")),
    Spec("gender", _label(Person, "gender"), CHOICE, "person", choices=_choices(pc.Gender),
         value_aliases=GENDER_WORDS, aliases=("genre", "geslacht", "sexe", "sex")),
    Spec("postal_code", _label(Person, "postal_code"), POSTAL, "person",
         aliases=("code postal", "postcode", "zip", "cp")),
    Spec("antenna", _label(Person, "antenna"), ANTENNA,
         aliases=("antenne", "antenna code", "code antenne", "code de l'antenne"),
         help=_("The code of the antenna, such as brussels-centre. It may be left out when the whole file is "
                "for the antenna chosen at import.")),
    Spec("preferred_language", _label(Person, "preferred_language"), CHOICE, "person",
         choices=tuple(LANGUAGE_CHOICES), value_aliases=LANGUAGE_WORDS,
         aliases=("langue", "taal", "language", "preferred language", "langue préférée", "voorkeurstaal",
                  "langue de contact", "contacttaal")),
    Spec("languages", capfirst(PersonLanguage._meta.verbose_name_plural), LANGUAGES,
         aliases=("langues", "talen", "langues parlées", "gesproken talen", "spoken languages")),
]
SPECIAL = [
    Spec("nationality_background", _label(Person, "nationality_background"), CHOICE, "person", special=True,
         choices=_choices(pc.NationalityBackground), help=SPECIAL_HELP,
         aliases=("nationalité", "nationaliteit", "nationality", "origine nationale")),
    Spec("origin_region", _label(Person, "origin_region"), CHOICE, "person", special=True,
         choices=_choices(pc.OriginRegion), help=SPECIAL_HELP,
         aliases=("région de naissance", "geboorteregio", "region of origin", "origin region")),
    Spec("residence_route", _label(Person, "residence_route"), CHOICE, "person", special=True,
         choices=_choices(pc.ResidenceRoute), help=SPECIAL_HELP,
         aliases=("titre de séjour", "verblijfsvergunning", "residence permit", "residence route",
                  "parcours de séjour")),
]


def _pipeline(profile_model, stages):
    return [
        Spec("stage", _label(profile_model, "stage"), CHOICE, "profile", choices=_choices(stages),
             aliases=("étape", "etape", "stade", "fase", "stap", "pipeline stage"),
             help=_("Where the person is in the pipeline. Empty: “Applied” for someone new, unchanged otherwise.")),
        Spec("stage_reason", _("Reason for leaving the pipeline"), CHOICE, "profile",
             choices=_choices(pc.StageReason),
             aliases=("raison", "motif", "reden", "reason", "stage reason", "raison de sortie"),
             help=_("Only with the stages withdrawn, not eligible and no response.")),
        Spec("applied_on", _label(profile_model, "applied_on"), DATE, "profile",
             aliases=("date de candidature", "candidature", "aangemeld op", "aanmeldingsdatum",
                      "application date", "applied"),
             help=_("Empty: the day of the import, for someone new.")),
    ]


MENTEES = PERSON + _pipeline(MenteeProfile, pc.MenteeStage) + [
    Spec("education_level", _label(MenteeProfile, "education_level"), CHOICE, "profile",
         choices=_choices(pc.EducationLevel),
         aliases=("niveau d'études", "niveau d'etudes", "niveau de formation", "opleidingsniveau", "education")),
    Spec("diploma_recognition", _label(MenteeProfile, "diploma_recognition"), CHOICE, "profile",
         choices=_choices(pc.DiplomaRecognition),
         aliases=("diplôme étranger", "reconnaissance du diplôme", "équivalence", "buitenlands diploma",
                  "gelijkwaardigheid", "diploma recognition")),
    Spec("employment_service", _label(MenteeProfile, "employment_service"), CHOICE, "profile",
         choices=_choices(pc.EmploymentService),
         aliases=("service public de l'emploi", "organisme d'emploi", "employment service",
                  "dienst voor arbeidsbemiddeling", "inschrijving")),
    Spec("unemployment_duration", _label(MenteeProfile, "unemployment_duration"), CHOICE, "profile",
         choices=_choices(pc.UnemploymentDuration),
         aliases=("durée sans emploi", "sans emploi depuis", "tijd zonder werk", "werkloos sinds",
                  "unemployment duration")),
    Spec("target_occupation", _label(MenteeProfile, "target_occupation"), OCCUPATION, "profile",
         aliases=("métier visé", "metier vise", "profession visée", "beoogd beroep", "gewenst beroep",
                  "target isco", "isco")),
    Spec("no_precise_plan", _label(MenteeProfile, "no_precise_plan"), BOOL, "profile",
         aliases=("pas de projet précis", "sans projet précis", "geen precies plan", "no precise plan")),
] + SPECIAL

MENTORS = PERSON + _pipeline(MentorProfile, pc.MentorStage) + [
    Spec("career_occupation", _label(MentorProfile, "career_occupation"), OCCUPATION, "profile",
         aliases=("métier", "metier", "profession", "métier exercé", "beroep", "loopbaan", "career isco", "isco")),
    Spec("status", _label(MentorProfile, "status"), CHOICE, "profile", choices=_choices(pc.MentorStatus),
         aliases=("retraité ou actif", "statut", "status", "gepensioneerd of actief")),
    Spec("max_duos", _label(MentorProfile, "max_duos"), INT, "profile", minimum=1, maximum=5,
         aliases=("duos en même temps", "nombre de duos", "duo's tegelijk", "aantal duo's", "duos at once")),
    Spec("training_completed_on", _label(MentorProfile, "training_completed_on"), DATE, "profile",
         aliases=("formation terminée le", "fin de formation", "opleiding voltooid op", "training completed")),
] + SPECIAL

_SIDE_HELP = _("The person's reference or email address, as imported with the mentees and mentors. "
               "Give at least one of the two.")
DUOS = [
    Spec("mentee_ref", _("Mentee reference"), REF, max_length=60, help=_SIDE_HELP,
         aliases=("réf mentee", "référence mentee", "referentie mentee", "mentee ref", "ref mentee")),
    Spec("mentee_email", _("Mentee email address"), EMAIL, max_length=254, help=_SIDE_HELP,
         aliases=("email mentee", "e-mail mentee", "courriel mentee", "mentee email", "mentee e-mail")),
    Spec("mentee_name", _("Mentee name"), INFO, help=_("For people reading the file; not read by the import."),
         aliases=("nom mentee", "naam mentee", "mentee")),
    Spec("mentor_ref", _("Mentor reference"), REF, max_length=60, help=_SIDE_HELP,
         aliases=("réf mentor", "référence mentor", "referentie mentor", "mentor ref", "ref mentor")),
    Spec("mentor_email", _("Mentor email address"), EMAIL, max_length=254, help=_SIDE_HELP,
         aliases=("email mentor", "e-mail mentor", "courriel mentor", "mentor email", "mentor e-mail")),
    Spec("mentor_name", _("Mentor name"), INFO, help=_("For people reading the file; not read by the import."),
         aliases=("nom mentor", "naam mentor", "mentor")),
    Spec("antenna", _label(Duo, "antenna"), ANTENNA, aliases=("antenne", "antenna code", "code antenne"),
         help=_("The code of the antenna. Empty: the antenna chosen at import, else the mentee's.")),
    Spec("matched_on", _label(Duo, "matched_on"), DATE, "duo", required=True,
         aliases=("date du duo", "date de formation du duo", "gekoppeld op", "koppeling", "matched",
                  "date de matching", "match date")),
    Spec("started_on", _label(Duo, "started_on"), DATE, "duo",
         aliases=("début", "debut", "date de début", "gestart op", "start", "start date")),
    Spec("planned_end_on", _label(Duo, "planned_end_on"), DATE, "duo",
         aliases=("fin prévue", "fin prevue", "geplande einddatum", "gepland einde", "planned end date")),
    Spec("ended_on", _label(Duo, "ended_on"), DATE, "duo",
         aliases=("fin", "date de fin", "terminé le", "beëindigd op", "einde", "end", "end date", "ended")),
    Spec("status", _label(Duo, "status"), CHOICE, "duo", choices=_choices(jc.DuoStatus),
         aliases=("statut", "état", "status", "toestand"),
         help=_("Empty: worked out from the dates for a new duo (ended, started, or only matched).")),
    Spec("end_reason", _label(Duo, "end_reason"), CHOICE, "duo", choices=_choices(jc.EndReason),
         aliases=("raison de fin", "motif de fin", "reden stopzetting", "reden van beëindiging", "end reason")),
    Spec("language", _label(Duo, "language"), CHOICE, "duo", choices=tuple(LANGUAGE_CHOICES),
         value_aliases=LANGUAGE_WORDS, aliases=("langue", "langue du duo", "taal", "taal van het duo", "language")),
]

SPECS = {"mentees": MENTEES, "mentors": MENTORS, "duos": DUOS}
# Columns that may stand in for each other: a duo file needs at least one of each group.
ONE_OF = {"duos": [("mentee_ref", "mentee_email"), ("mentor_ref", "mentor_email")]}


def specs(kind: str) -> list[Spec]:
    return SPECS[kind]


# --- recognising headers and values ------------------------------------------------------------

_SEPARATORS = re.compile(r"[\s_\-.]+")


@functools.lru_cache(maxsize=4096)  # a column of 10,000 rows holds a handful of distinct values
def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = text.replace("’", "'").replace("‘", "'").replace("`", "'")
    return _SEPARATORS.sub(" ", text).strip()


def fold(text) -> str:
    """Text compared without case, accents, or differences in spaces, dashes and underscores."""
    return _fold(str(text))


def header_key(text) -> str:
    """A header as compared: a trailing note in brackets and required-marks are ignored."""
    text = re.sub(r"\([^)]*\)\s*$", "", str(text)).replace("*", "")
    return fold(text)


def in_every_language(text) -> list[str]:
    """A lazy text in French, Dutch and English."""
    found = []
    for lang in LANGS:
        with override(lang):
            found.append(str(text))
    return found


def header_lookup(kind: str) -> dict[str, Spec]:
    """Every accepted header (folded) -> its spec."""
    lookup = {}
    for spec in specs(kind):
        for name in (spec.key, *spec.aliases, *in_every_language(spec.label)):
            lookup.setdefault(header_key(name), spec)
    return lookup


def value_lookup(spec: Spec) -> dict[str, str]:
    """Every accepted value of a choice column (folded) -> its code: the code, the label in each
    language, and the extra words."""
    lookup = {}
    for code, label in spec.choices:
        lookup.setdefault(fold(code), code)
        for text in in_every_language(label):
            lookup.setdefault(fold(text), code)
    for code, words in spec.value_aliases.items():
        if code in dict(spec.choices):
            for word in words:
                lookup.setdefault(fold(word), code)
    return lookup


def language_lookup() -> dict[str, str]:
    spec = Spec("languages", "", CHOICE, choices=_choices(pc.Language), value_aliases=LANGUAGE_WORDS)
    lookup = value_lookup(spec)
    for code, autonym in LANGUAGE_CHOICES:
        lookup.setdefault(fold(autonym), code)
    return lookup


def level_lookup() -> dict[str, str]:
    return value_lookup(Spec("level", "", CHOICE, choices=_choices(pc.LanguageLevel), value_aliases=LEVEL_WORDS))


def choice_labels(spec: Spec) -> str:
    """The accepted values of a choice column, as a person reads them in the active language."""
    return ", ".join(str(label) for _code, label in spec.choices)
