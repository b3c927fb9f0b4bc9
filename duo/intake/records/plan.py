"""What an import would do: which rows create someone, which update whom, which change nothing.

People are found again by their reference (Person.external_ref), else their email address, else
their first and last name with their date of birth, always within the row's antenna; a reference
that differs from the one Duo holds means another person. Duos are found again by mentee, mentor
and match date. Existing records are loaded in a handful of queries (in chunks, never one per
row), and the result is a list of `Change`s that duo.intake.records.writer applies as it is.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext_noop

from duo.accounts import scoping
from duo.journeys.choices import DuoStatus
from duo.journeys.models import Duo
from duo.people import consent
from duo.people.choices import ConsentPurpose
from duo.people.models import MenteeProfile, MentorProfile, Person, PersonLanguage, phone_digits

from . import columns as c
from .validator import EXIT_STAGES, Checked, Parsed

CHUNK = 500
PROFILES = {"mentees": MenteeProfile, "mentors": MentorProfile}


@dataclass
class Change:
    row: int
    action: str  # "create", "update" or "unchanged"
    obj: object  # the Person (people) or the Duo (duos), new or as loaded
    changed: set = field(default_factory=set)  # the obj's fields this import sets
    profile: object = None
    profile_new: bool = False
    profile_changed: set = field(default_factory=set)
    stage_from: str | None = None  # not None: record a stage change from this stage ("" when new)
    languages_new: list = field(default_factory=list)  # PersonLanguage objects to create
    languages_changed: list = field(default_factory=list)
    languages_gone: list = field(default_factory=list)
    labels: list = field(default_factory=list)  # what changes, for the preview


def chunks(items, size=CHUNK):
    items = list(items)
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _load(queryset_for, ids) -> list:
    found = []
    for chunk in chunks(ids):
        found.extend(queryset_for(chunk))
    return found


def _action(change: Change) -> str:
    if change.obj.pk is None:
        return "create"
    touched = (change.changed or change.profile_new or change.profile_changed or change.languages_new
               or change.languages_changed or change.languages_gone)
    return "update" if touched else "unchanged"


def _set(obj, attr, value, changed: set, labels: list, label) -> None:
    """Set a field the file gives; on a stored record, remember it (and its header, kept lazy:
    only the preview's few rows are put in words) if it changes."""
    if getattr(obj, attr) == value:
        return
    setattr(obj, attr, value)
    if obj.pk is not None:
        changed.add(attr)
        labels.append(label)


# --- people -------------------------------------------------------------------------------------

class _Index:
    """The people of some antennas, by the keys an import finds them by."""

    def __init__(self, antenna_ids):
        self.by_ref, self.by_email, self.by_name = defaultdict(list), defaultdict(list), defaultdict(list)
        self.refs = {}
        rows = Person.objects.filter(antenna_id__in=antenna_ids).values_list(
            "pk", "antenna_id", "external_ref", "email", "first_name", "last_name", "date_of_birth")
        for pk, antenna, ref, email, first, last, born in rows.iterator(chunk_size=5000):
            self.refs[pk] = _ref(ref)
            if ref:
                self.by_ref[(antenna, _ref(ref))].append(pk)
            if email:
                self.by_email[(antenna, email.strip().casefold())].append(pk)
            if born:
                self.by_name[(antenna, c.fold(first), c.fold(last), born)].append(pk)

    def find(self, antenna, values) -> tuple[list, str]:
        """The matching people and the key used: [] if nobody, several if ambiguous."""
        ref = _ref(values.get("ref"))
        if ref and self.by_ref.get((antenna, ref)):
            return self.by_ref[(antenna, ref)], "ref"
        for key, lookup in _keys(antenna, values):
            hits = [pk for pk in lookup(self).get(key, []) if not ref or not self.refs[pk] or self.refs[pk] == ref]
            if hits:
                return hits, "email" if len(key) == 2 else "name"
        return [], ""


def _ref(ref) -> str:
    return (ref or "").strip().casefold()


def _keys(antenna, values):
    if values.get("email"):
        yield (antenna, values["email"].strip().casefold()), lambda index: index.by_email
    if values.get("date_of_birth") and values.get("first_name") and values.get("last_name"):
        yield ((antenna, c.fold(values["first_name"]), c.fold(values["last_name"]), values["date_of_birth"]),
               lambda index: index.by_name)


KEY_COLUMN = {"ref": "ref", "email": "email", "name": "date_of_birth"}


def plan_people(kind: str, checked: Checked) -> list[Change]:
    rows = [row for row in checked.rows if row.ok]
    index = _Index({row.antenna.pk for row in rows})
    matched, seen = {}, {}
    for row in rows:
        hits, key = index.find(row.antenna.pk, row.values)
        if len(hits) > 1:
            checked.problem(row, KEY_COLUMN[key], row.raw.get(KEY_COLUMN[key], ""), gettext_noop(
                "this matches %(count)s people already in Duo: give each person their reference to tell "
                "them apart"), count=len(hits))
        elif hits:
            first = seen.setdefault(("pk", hits[0]), row.number)
            if first != row.number:
                checked.problem(row, KEY_COLUMN[key], row.raw.get(KEY_COLUMN[key], ""), gettext_noop(
                    "the same person as row %(row)s: keep one of the two rows"), row=first)
            matched[row.number] = hits[0]
        else:
            _new_twice(row, seen, checked)
    rows = [row for row in rows if row.ok]
    _special_without_consent(rows, matched, checked)
    rows = [row for row in rows if row.ok]
    profile_model = PROFILES[kind]
    persons = {p.pk: p for p in _load(lambda ids: Person.objects.filter(pk__in=ids), matched.values())}
    profiles = {p.person_id: p for p in _load(lambda ids: profile_model.objects.filter(person_id__in=ids),
                                               matched.values())}
    spoken = defaultdict(list)
    if any("languages" in row.values for row in rows):
        for language in _load(lambda ids: PersonLanguage.objects.filter(person_id__in=ids), matched.values()):
            spoken[language.person_id].append(language)
    specs = {spec.key: spec for spec in c.specs(kind)}
    today, now = timezone.localdate(), timezone.now()
    changes = []
    for row in rows:
        pk = matched.get(row.number)
        if pk:
            change = Change(row.number, "", persons[pk])
            _person(change, row, specs)
        else:  # built in one go: most rows of a first import are new
            person = Person(antenna=row.antenna, created_at=now, **{
                specs[key].attr: value for key, value in row.values.items() if specs[key].target == "person"})
            person.phone_digits = phone_digits(person.phone)
            change = Change(row.number, "", person)
        _profile(kind, change, row, specs, profiles.get(pk) if pk else None, today, checked)
        if "languages" in row.values:
            _languages(change, row, spoken.get(pk, []), specs["languages"])
        change.action = _action(change)
        if change.action == "update":
            change.obj.updated_at = now
        changes.append((row, change))
    return [change for row, change in changes if row.ok]


def _new_twice(row: Parsed, seen: dict, checked: Checked) -> None:
    """A new person twice in the file: same reference, or same email or name and birth date
    without two different references."""
    antenna, values, ref = row.antenna.pk, row.values, _ref(row.values.get("ref"))
    keys = [("ref", (antenna, ref))] if ref else []
    keys += [("email" if len(key) == 2 else "name", key) for key, _lookup in _keys(antenna, values)]
    for name, key in keys:
        first = seen.get((name, key))
        if first and (name == "ref" or not ref or not first[1] or first[1] == ref):
            checked.problem(row, KEY_COLUMN[name], row.raw.get(KEY_COLUMN[name], ""), gettext_noop(
                "the same person as row %(row)s: keep one of the two rows"), row=first[0])
            return
    for name, key in keys:
        seen.setdefault((name, key), (row.number, ref))


NO_SPECIAL_CONSENT = gettext_noop(
    "this person withdrew (or refused) consent for special-category data: Duo may not hold this answer, leave the "
    "cell empty")


def _special_without_consent(rows: list[Parsed], matched: dict, checked: Checked) -> None:
    """Someone who withdrew consent for special-category data had those answers cleared, and the edit form no
    longer asks them: a file may not bring them back. Each such cell is a problem, so nothing is imported."""
    keys = [spec.key for spec in c.SPECIAL]
    giving = [row for row in rows if row.number in matched and any(key in row.values for key in keys)]
    if not giving:
        return
    withdrawn = set(_load(lambda ids: consent.withdrawn_ids(ConsentPurpose.SPECIAL_CATEGORY, among=ids),
                          {matched[row.number] for row in giving}))
    for row in giving:
        if matched[row.number] in withdrawn:
            for key in keys:
                if key in row.values:
                    checked.problem(row, key, row.raw.get(key, ""), NO_SPECIAL_CONSENT)


def _person(change: Change, row: Parsed, specs: dict) -> None:
    person = change.obj
    for key, value in row.values.items():
        spec = specs[key]
        if spec.target == "person":
            _set(person, spec.attr, value, change.changed, change.labels, spec.label)
    if "phone" in change.changed:
        person.phone_digits = phone_digits(person.phone)
        change.changed.add("phone_digits")


def _profile(kind, change, row, specs, profile, today, checked) -> None:
    values = row.values
    change.profile_new = profile is None
    given = {_profile_attr(specs[key]): value for key, value in values.items() if specs[key].target == "profile"}
    before = "" if profile is None else profile.stage
    if profile is None:
        profile = PROFILES[kind](person=change.obj, **{"applied_on": today, "stage_changed_on": today, **given})
    else:
        for attr, value in given.items():
            _set(profile, attr, value, change.profile_changed, change.labels, _label_of(specs, attr))
    change.profile = profile
    # The file's word is the newer one: an occupation given clears "no precise plan", and back.
    if kind == "mentees" and values.get("no_precise_plan") and profile.target_occupation_id:
        _set(profile, "target_occupation_id", None, change.profile_changed, change.labels,
             specs["target_occupation"].label)
    if kind == "mentees" and values.get("target_occupation") and profile.no_precise_plan:
        _set(profile, "no_precise_plan", False, change.profile_changed, change.labels,
             specs["no_precise_plan"].label)
    if profile.stage not in EXIT_STAGES and profile.stage_reason:
        if "stage_reason" in values:
            checked.problem(row, "stage_reason", row.raw["stage_reason"], gettext_noop(
                "a reason only with the stages withdrawn, not eligible or no response"))
        _set(profile, "stage_reason", "", change.profile_changed, change.labels, specs["stage_reason"].label)
    if change.profile_new or profile.stage != before:
        change.stage_from = before
        if not change.profile_new:
            profile.stage_changed_on = today
            change.profile_changed.add("stage_changed_on")


def _profile_attr(spec) -> str:
    return f"{spec.attr}_id" if spec.type == c.OCCUPATION else spec.attr


def _label_of(specs, attr):
    return next(spec.label for spec in specs.values() if spec.target == "profile" and _profile_attr(spec) == attr)


def _languages(change: Change, row: Parsed, current: list, spec) -> None:
    wanted = dict(row.values["languages"])
    held = {language.language: language for language in current}
    for code, level in wanted.items():
        if code not in held:
            change.languages_new.append(PersonLanguage(person=change.obj, language=code, level=level))
        elif held[code].level != level:
            held[code].level = level
            change.languages_changed.append(held[code])
    change.languages_gone = [language for code, language in held.items() if code not in wanted]
    if change.obj.pk and (change.languages_new or change.languages_changed or change.languages_gone):
        change.labels.append(spec.label)


# --- duos ---------------------------------------------------------------------------------------

class _Sides:
    """The mentees or mentors the importing user may see, by reference and by email address."""

    def __init__(self, model, by):
        queryset = model.objects.all() if by is None else scoping.scope(by, model.objects.all())
        self.by_ref, self.by_email, self.info = defaultdict(list), defaultdict(list), {}
        rows = queryset.values_list("pk", "person_id", "person__external_ref", "person__email",
                                    "person__antenna_id", "person__preferred_language")
        for pk, person, ref, email, antenna, language in rows.iterator(chunk_size=5000):
            self.info[pk] = (person, _ref(ref), antenna, language)
            if ref:
                self.by_ref[_ref(ref)].append(pk)
            if email:
                self.by_email[email.strip().casefold()].append(pk)

    def find(self, ref, email) -> list:
        ref = _ref(ref)
        if ref and self.by_ref.get(ref):
            return self.by_ref[ref]
        if email:
            return [pk for pk in self.by_email.get(email.strip().casefold(), [])
                    if not ref or not self.info[pk][1] or self.info[pk][1] == ref]
        return []


UNKNOWN_SIDE = {
    "mentee": gettext_noop("no mentee in your antennas has this reference or email address: import the mentees "
                           "first"),
    "mentor": gettext_noop("no mentor in your antennas has this reference or email address: import the mentors "
                           "first"),
}


def plan_duos(checked: Checked, *, by, lookups) -> list[Change]:
    rows = [row for row in checked.rows if row.ok]
    sides = {"mentee": _Sides(MenteeProfile, by), "mentor": _Sides(MentorProfile, by)}
    found = {}
    for row in rows:
        pair = []
        for side, index in sides.items():
            hits = index.find(row.values.get(f"{side}_ref"), row.values.get(f"{side}_email"))
            key = f"{side}_ref" if row.values.get(f"{side}_ref") else f"{side}_email"
            if len(hits) == 1:
                pair.append(hits[0])
            elif hits:
                checked.problem(row, key, row.raw.get(key, ""), gettext_noop(
                    "this matches %(count)s people in Duo: use their reference instead"), count=len(hits))
            else:
                checked.problem(row, key, row.raw.get(key, ""), UNKNOWN_SIDE[side])
        if len(pair) == 2:
            if sides["mentee"].info[pair[0]][0] == sides["mentor"].info[pair[1]][0]:
                checked.problem(row, "mentor_ref" if "mentor_ref" in row.values else "mentor_email",
                                row.raw.get("mentor_ref") or row.raw.get("mentor_email", ""),
                                gettext_noop("the mentor cannot be the mentee"))
            else:
                found[row.number] = tuple(pair)
    rows = [row for row in rows if row.ok]
    existing = {}
    duos = Duo.objects.all() if by is None else scoping.scope(by, Duo.objects.all())
    for duo in _load(lambda ids: duos.filter(mentee_id__in=ids), {pair[0] for pair in found.values()}):
        existing[(duo.mentee_id, duo.mentor_id, duo.matched_on)] = duo
    specs = {spec.key: spec for spec in c.DUOS}
    seen, changes = {}, []
    for row in rows:
        mentee, mentor = found[row.number]
        key = (mentee, mentor, row.values["matched_on"])
        first = seen.setdefault(key, row.number)
        if first != row.number:
            checked.problem(row, "matched_on", row.raw["matched_on"], gettext_noop(
                "the same duo as row %(row)s: keep one of the two rows"), row=first)
            continue
        duo = existing.get(key)
        if duo is None:
            _person, _ref_key, antenna, language = sides["mentee"].info[mentee]
            duo = Duo(mentee_id=mentee, mentor_id=mentor, language=language or "fr",
                      antenna=row.antenna or lookups.by_pk[antenna], created_at=timezone.now())
        change = Change(row.number, "", duo)
        if row.antenna is not None:
            _set(duo, "antenna_id", row.antenna.pk, change.changed, change.labels, specs["antenna"].label)
        for name, value in row.values.items():
            if specs[name].target == "duo":
                _set(duo, name, value, change.changed, change.labels, specs[name].label)
        if duo.pk is None and "status" not in row.values:
            duo.status = _status(duo)
        if _dates_wrong(duo, row, checked):
            continue
        change.action = _action(change)
        changes.append(change)
    return changes


def _status(duo) -> str:
    """A new duo's status when the file gives none, from what its dates say."""
    if duo.ended_on:
        return DuoStatus.ENDED_EARLY if duo.end_reason else DuoStatus.COMPLETED
    if duo.started_on:
        return DuoStatus.ACTIVE
    return DuoStatus.INTRODUCTION_PLANNED


def _dates_wrong(duo, row, checked) -> bool:
    problems = []
    if duo.started_on and duo.planned_end_on and duo.planned_end_on < duo.started_on:
        problems.append("planned_end_on")
    if duo.started_on and duo.ended_on and duo.ended_on < duo.started_on:
        problems.append("ended_on")
    if duo.ended_on and duo.ended_on < duo.matched_on and "ended_on" not in problems:
        problems.append("ended_on")
    for key in problems:
        checked.problem(row, key, row.raw.get(key, getattr(duo, key)), gettext_noop(
            "a date after the start (%(start)s) and the match (%(matched)s)"),
            start=duo.started_on.strftime("%d/%m/%Y") if duo.started_on else "—",
            matched=duo.matched_on.strftime("%d/%m/%Y"))
    return bool(problems)
