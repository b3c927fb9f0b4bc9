"""Reading a spreadsheet of stakeholders, their contacts and positions: the columns, and the checks of each cell
and row. The file is read by duo.intake.records.reader and its cells by duo.intake.records.cells, with the same
messages as the intake import; duo.advocacy.services_import plans and writes.

A row holds a stakeholder, or a stakeholder with a contact and the contact's position there. Headers and choice
values are accepted in French, Dutch or English (labels, codes and the words below); every problem names the row,
the column as headed in the file, the value and what is expected.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from duo.core.i18n import LANGUAGE_CHOICES
from duo.intake.records import cells
from duo.intake.records import columns as rc
from duo.intake.records.columns import Spec, fold, header_key, in_every_language, value_lookup
from duo.intake.records.reader import Problem, Sheet, column_letter
from duo.organisation.models import Region

from .models import LegalBasis, Level, StakeholderKind

TEXT, EMAIL, PHONE, DATE, CHOICE = rc.TEXT, rc.EMAIL, rc.PHONE, rc.DATE, rc.CHOICE
URL, REGION = "url", "region"
EXPECTED = {**rc.EXPECTED, URL: gettext_noop("a web address such as https://example.org"),
            REGION: gettext_noop("the code of a region: %(codes)s")}
REQUIRED = gettext_noop("a value is required")

KIND_WORDS = {
    "political": ("politique", "politiek", "mandataire", "cabinet", "kabinet", "parlement", "parliament"),
    "public_body": ("organisme public", "overheidsinstelling", "administration", "administratie", "ministère",
                    "ministerie", "service public de l'emploi", "public employment service"),
    "association": ("asbl", "vzw", "ong", "ngo", "vereniging"),
    "trade_union": ("syndicat", "vakbond", "union"),
    "employer": ("employeur", "werkgever", "entreprise", "bedrijf", "company"),
    "academic": ("université", "universiteit", "university", "recherche", "onderzoek", "research"),
    "media": ("média", "presse", "press", "pers"),
    "funder": ("financeur", "financier", "fondation", "stichting", "foundation"),
}
LEVEL_WORDS = {
    "municipal": ("commune", "communal", "gemeente", "gemeentelijk", "local", "local authority"),
    "provincial": ("province", "provincie", "département", "departement"),
    "regional": ("région", "regio", "gewest", "gewestelijk", "region"),
    "community": ("communauté", "gemeenschap"),
    "federal": ("fédéral", "federaal", "national", "nationaal"),
    "european": ("europe", "européen", "europees", "eu", "ue"),
}
BASIS_WORDS = {
    "legitimate_interest": ("intérêt légitime", "gerechtvaardigd belang", "legitimate interest"),
    "consent": ("consentement", "toestemming"),
    "contract": ("contrat", "overeenkomst", "partnership", "partenariat"),
    "public_task": ("mission d'intérêt public", "mission publique", "taak van algemeen belang", "public task"),
}

STAKEHOLDER = [
    Spec("name", _("Stakeholder name"), TEXT, "stakeholder", required=True, max_length=200,
         aliases=("stakeholder", "organisation", "organization", "organisme", "organisatie", "nom de l'organisation",
                  "naam organisatie", "partie prenante", "belanghebbende"),
         help=_("The organisation or office. Found again by its name and type: importing again creates no "
                "duplicate.")),
    Spec("kind", _("Stakeholder type"), CHOICE, "stakeholder", required=True,
         choices=tuple(StakeholderKind.choices), value_aliases=KIND_WORDS,
         aliases=("type", "kind", "type d'organisation", "soort", "type organisatie")),
    Spec("level", _("Level of government"), CHOICE, "stakeholder", choices=tuple(Level.choices),
         value_aliases=LEVEL_WORDS, aliases=("level", "niveau", "niveau de pouvoir", "bestuursniveau"),
         help=_("For political offices and public bodies.")),
    Spec("region", _("Region code"), REGION, "stakeholder",
         aliases=("region", "région", "regio", "gewest", "code région", "regiocode")),
    Spec("website", _("Website"), URL, "stakeholder", max_length=200,
         aliases=("site", "site web", "site internet", "webpagina", "web")),
    Spec("email", _("Stakeholder email"), EMAIL, "stakeholder", max_length=254,
         aliases=("general email", "email organisation", "e-mail organisatie", "courriel de l'organisation")),
    Spec("phone", _("Stakeholder phone"), PHONE, "stakeholder", max_length=40,
         aliases=("general phone", "téléphone organisation", "telefoon organisatie")),
]
CONTACT = [
    Spec("first_name", _("First name"), TEXT, "contact", max_length=100,
         aliases=("prénom", "prenom", "voornaam", "firstname", "given name")),
    Spec("last_name", _("Last name"), TEXT, "contact", max_length=100,
         aliases=("nom", "nom de famille", "achternaam", "familienaam", "surname", "lastname"),
         help=_("Required on a row with a contact. A contact is found again by their email address, else by "
                "their first and last name.")),
    Spec("contact_email", _("Contact email"), EMAIL, "contact", "email", max_length=254,
         aliases=("email", "e-mail", "mail", "courriel", "e-mailadres", "email contact")),
    Spec("contact_phone", _("Contact phone"), PHONE, "contact", "phone", max_length=40,
         aliases=("phone", "téléphone", "telephone", "telefoon", "gsm", "mobile")),
    Spec("language", _("Language"), CHOICE, "contact", choices=tuple(LANGUAGE_CHOICES),
         value_aliases=rc.LANGUAGE_WORDS, aliases=("langue", "taal", "langue de contact", "contacttaal"),
         help=_("Empty: French.")),
    Spec("legal_basis", _("Legal basis"), CHOICE, "contact", choices=tuple(LegalBasis.choices),
         value_aliases=BASIS_WORDS,
         aliases=("base légale", "base juridique", "rechtsgrond", "legal basis for processing"),
         help=_("Required on a row with a contact: the GDPR ground on which your organisation keeps their "
                "details.")),
    Spec("source", _("Source"), TEXT, "contact", max_length=200,
         aliases=("source des données", "bron", "herkomst", "source of the data"),
         help=_("Where the details come from, e.g. the parliament's website.")),
]
POSITION = [
    Spec("role", _("Role or mandate"), TEXT, "position", max_length=200,
         aliases=("role", "rôle", "fonction", "mandat", "mandate", "functie", "mandaat", "rol"),
         help=_("Required on a row with a contact.")),
    Spec("party", _("Party"), TEXT, "position", max_length=80, aliases=("parti", "partij"),
         help=_("Only for a public mandate (a political stakeholder), as the person made it public.")),
    Spec("committees", _("Committees"), TEXT, "position", max_length=300,
         aliases=("commissions", "commissies", "committee")),
    Spec("started_on", _("From"), DATE, "position", aliases=("du", "depuis", "début", "van", "vanaf", "since",
                                                              "start")),
    Spec("ended_on", _("Until"), DATE, "position", aliases=("au", "jusqu'au", "fin", "tot", "einde", "end")),
]
SPECS = STAKEHOLDER + CONTACT + POSITION
BY_KEY = {spec.key: spec for spec in SPECS}
CONTACT_KEYS = tuple(spec.key for spec in CONTACT)
POSITION_KEYS = tuple(spec.key for spec in POSITION)


def header_lookup() -> dict:
    lookup = {}
    for spec in SPECS:
        for name in (spec.key, *spec.aliases, *in_every_language(spec.label)):
            lookup.setdefault(header_key(name), spec)
    return lookup


def header_names(spec) -> str:
    return ", ".join(dict.fromkeys(in_every_language(spec.label)))


def allowed_values(spec) -> str:
    """A choice column's values, each in the three languages with its code: for the template and messages."""
    return "\n".join(f"{' / '.join(dict.fromkeys(in_every_language(label)))} ({code})"
                     for code, label in spec.choices)


@dataclass
class Parsed:
    number: int
    values: dict = field(default_factory=dict)  # key -> typed value; empty cells absent
    raw: dict = field(default_factory=dict)  # key -> the cell as written
    bad: set = field(default_factory=set)

    def has_any(self, keys) -> bool:
        return any(key in self.values or key in self.bad for key in keys)


@dataclass
class Checked:
    titles: dict = field(default_factory=dict)  # key -> the header as written in the file
    rows: list = field(default_factory=list)
    problems: list = field(default_factory=list)

    def problem(self, parsed: Parsed, key: str, value, message: str, **params) -> None:
        parsed.bad.add(key)
        shown = cells.text(value) if not isinstance(value, str) else value
        title = self.titles.get(key) or str(BY_KEY[key].label)
        self.problems.append(Problem(parsed.number, title, shown[:80], message, params))


def check_header(sheet: Sheet) -> tuple[dict, Checked]:
    """{column index: spec}, and the header's problems."""
    lookup, mapping, checked = header_lookup(), {}, Checked()
    for index, title in enumerate(sheet.header):
        shown = title.strip()
        if not shown:
            if any(not cells.blank(row.values[index]) for row in sheet.rows):
                checked.problems.append(Problem(sheet.header_row, column_letter(index), "", gettext_noop(
                    "this column has values but no header: give it one of the headers Duo knows")))
            continue
        spec = lookup.get(header_key(shown))
        if spec is None:
            checked.problems.append(Problem(sheet.header_row, shown, shown, gettext_noop(
                "unknown column: rename it to one the import knows (%(known)s) or remove it"),
                {"known": ", ".join(str(s.label) for s in SPECS)}))
        elif spec.key in checked.titles:
            checked.problems.append(Problem(sheet.header_row, shown, shown, gettext_noop("this column appears twice")))
        else:
            mapping[index] = spec
            checked.titles[spec.key] = shown
    for spec in SPECS:
        if spec.required and spec.key not in checked.titles:
            checked.problems.append(Problem(sheet.header_row, str(spec.label), "", gettext_noop(
                "required column missing (accepted headers: %(names)s)"), {"names": header_names(spec)}))
    return mapping, checked


def check_rows(sheet: Sheet, mapping: dict, checked: Checked) -> Checked:
    regions = {}
    for region in Region.objects.all():
        for name in (region.code, region.name_fr, region.name_nl, region.name_en):
            regions.setdefault(fold(name), region)
    codes = ", ".join(sorted(r.code for r in regions.values()))
    choices = {spec.key: value_lookup(spec) for spec in mapping.values() if spec.type == CHOICE}
    for row in sheet.rows:
        parsed = Parsed(row.number)
        for index, spec in mapping.items():
            value = row.values[index]
            if cells.blank(value):
                continue
            parsed.raw[spec.key] = value
            typed = _cell(spec, value, checked, parsed, choices, regions, codes)
            if typed is not _BAD:
                parsed.values[spec.key] = typed
        _row_rules(parsed, checked)
        checked.rows.append(parsed)
    return checked


_BAD = object()


def _cell(spec, value, checked, parsed, choices, regions, codes):
    """The typed value of one cell, or _BAD after recording the problem."""

    def bad(message=None, **params):
        checked.problem(parsed, spec.key, value, message or EXPECTED[spec.type],
                        **{"max": spec.max_length, **params})
        return _BAD

    text = cells.text(value)
    if spec.type == TEXT:
        if any(ord(ch) < 32 for ch in text):
            return bad(gettext_noop("text on one line, without control characters"))
        return text if len(text) <= spec.max_length else bad()
    if spec.type == EMAIL:
        try:
            validate_email(text)
        except ValidationError:
            return bad()
        return text if len(text) <= spec.max_length else bad()
    if spec.type == URL:
        address = text if "://" in text else f"https://{text}"
        try:
            URLValidator(schemes=("http", "https"))(address)
        except ValidationError:
            return bad()
        return address if len(address) <= spec.max_length else bad()
    if spec.type == REGION:
        region = regions.get(fold(text))
        return region if region is not None else bad(codes=codes)
    if spec.type == CHOICE:
        code = choices[spec.key].get(fold(text))
        return code if code is not None else bad(allowed=rc.choice_labels(spec))
    try:
        if spec.type == PHONE:
            phone = cells.phone(value)
            return phone if len(phone) <= spec.max_length else bad()
        day = cells.date(value)
        return day if day.year >= 1900 else bad(gettext_noop("a date after 1900"))
    except cells.Bad as exc:
        if exc.reason == "no_such_date":
            return bad(gettext_noop("this date does not exist: write a real day, dd/mm/yyyy (such as 28/02/2024)"))
        return bad()


def _row_rules(parsed: Parsed, checked: Checked) -> None:
    """What needs more than one cell: a stakeholder on every row; a contact whole (name, legal basis, role);
    a party only for a public mandate; a position that ends after it starts."""
    values = parsed.values
    for key in ("name", "kind"):
        if key not in values and key not in parsed.bad:
            checked.problem(parsed, key, "", REQUIRED)
    if not parsed.has_any(CONTACT_KEYS + POSITION_KEYS):
        return
    if "last_name" not in values and "last_name" not in parsed.bad:
        checked.problem(parsed, "last_name", "", gettext_noop(
            "a value is required: a position is a contact's, give the contact's last name"))
    if "legal_basis" not in values and "legal_basis" not in parsed.bad:
        checked.problem(parsed, "legal_basis", "", gettext_noop(
            "a value is required: the legal basis for keeping this contact's details (%(allowed)s)"),
            allowed=rc.choice_labels(BY_KEY["legal_basis"]))
    if "role" not in values and "role" not in parsed.bad:
        checked.problem(parsed, "role", "", gettext_noop(
            "a value is required: the contact's role or mandate at this stakeholder"))
    if values.get("party") and values.get("kind") and values["kind"] != StakeholderKind.POLITICAL:
        checked.problem(parsed, "party", parsed.raw["party"], gettext_noop(
            "a party only for a public mandate: the stakeholder's type must be political"))
    start, end = values.get("started_on"), values.get("ended_on")
    if start and end and end < start:
        checked.problem(parsed, "ended_on", parsed.raw["ended_on"], gettext_noop(
            "a date on or after the start of the position"))
