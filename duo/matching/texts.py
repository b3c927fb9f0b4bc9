"""The engine's facts and funnels in words, in the active language.

The engine stores plain dicts (see explain.py and diagnose.py): codes and numbers, never
sentences, so that a proposal computed in French reads in Dutch for the next coordinator.
Everything a person reads is built here. Unknown or partial dicts give a modest sentence,
never an exception: a meeting page must not fail because an old run stored an older shape.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import get_language, gettext_lazy, ngettext

from duo.intake.interview import SLOTS as SLOT_CHOICES
from duo.people import choices as pc
from duo.reference.models import Occupation

from .types import CRITERIA

CRITERION_LABELS = {
    "occupation": gettext_lazy("Occupation"),
    "generalist": gettext_lazy("Generalist mentor"),
    "goals": gettext_lazy("Help wanted"),
    "interests": gettext_lazy("Interests"),
    "style": gettext_lazy("Working style"),
    "distance": gettext_lazy("Distance"),
    "language": gettext_lazy("Language"),
    "waiting": gettext_lazy("Waiting time"),
    "experience": gettext_lazy("Mentor's experience"),
    "preference": gettext_lazy("Preference"),
    "availability": gettext_lazy("Availability"),
}
CONSTRAINT_LABELS = {
    "language": gettext_lazy("A shared working language"),
    "distance": gettext_lazy("Distance between homes"),
    "availability": gettext_lazy("Free at the same time"),
    "preference": gettext_lazy("The mentee's required preference"),
    "capacity": gettext_lazy("Mentor can take a duo"),
    "blocked": gettext_lazy("Not excluded for this mentee"),
}
_LEVEL_RANK = {level: i for i, level in enumerate(pc.LanguageLevel.values)}


@dataclass(frozen=True)
class Reason:
    """One line of a proposal's breakdown."""

    criterion: str
    label: str
    text: str
    points: float | None  # None for a hard constraint (it holds, or the pair would not be here)
    value: float | None
    neutral: bool = False  # the mentee gave nothing to compare: points, but no reason to say

    @property
    def hard(self) -> bool:
        return self.points is None


def _lower_first(label) -> str:
    # "Sport" -> "sport" inside a sentence, but "CV and cover letter" keeps its capitals.
    label = str(label)
    if len(label) > 1 and label[0].isupper() and label[1].islower():
        return label[0].lower() + label[1:]
    return label


def _join(items) -> str:
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    # Translators: joins the last two items of a list: "Dutch and French", "Monday, Tuesday and Friday".
    return _("%(first)s and %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


def _labels(codes, choices, lower=True) -> list[str]:
    names = dict(choices)
    return [_lower_first(names.get(c, c)) if lower else str(names.get(c, c)) for c in codes or ()]


def _level(code) -> str:
    # "C1" reads the same everywhere; "native" is a word, so it takes its translated label.
    return _lower_first(pc.LanguageLevel.NATIVE.label) if code == pc.LanguageLevel.NATIVE else str(code)


def _language_names(codes) -> list[str]:
    # Language names take a capital in English and Dutch, not inside a French sentence ("parlant français").
    return _labels(codes, pc.Language.choices, lower=get_language() == "fr")


def _languages(codes) -> str:
    return _join(_language_names(codes))


def _slots(codes) -> str:
    names = dict(SLOT_CHOICES)
    return ", ".join(str(names.get(c, c)) for c in codes or ())


def _km(value) -> int:
    return int(round(float(value)))


# --- facts ------------------------------------------------------------------------------------

_OCCUPATION = {
    4: gettext_lazy("Same ISCO unit group: %(code)s %(label)s"),
    3: gettext_lazy("Same ISCO minor group: %(code)s %(label)s"),
    2: gettext_lazy("Same ISCO sub-major group: %(code)s %(label)s"),
    1: gettext_lazy("Same ISCO major group: %(code)s %(label)s"),
}
_PREFERENCE = {
    ("female", False, True): gettext_lazy("Wishes a woman as mentor: met"),
    ("female", False, False): gettext_lazy("Wishes a woman as mentor: not met"),
    ("female", True, True): gettext_lazy("Requires a woman as mentor: met"),
    ("male", False, True): gettext_lazy("Wishes a man as mentor: met"),
    ("male", False, False): gettext_lazy("Wishes a man as mentor: not met"),
    ("male", True, True): gettext_lazy("Requires a man as mentor: met"),
}


def occupation_labels(codes) -> dict[str, str]:
    """ISCO code -> label in the active language, in one query."""
    codes = {str(c) for c in codes if c}
    if not codes:
        return {}
    return {o.code: o.label for o in Occupation.objects.filter(code__in=codes)}


def _occupation_codes(fact_lists) -> set[str]:
    return {str(f.get("code")) for facts in fact_lists for f in facts or ()
            if f.get("criterion") == "occupation" and f.get("code") and f.get("level")}


def _neutral(fact: dict) -> bool:
    """A criterion the mentee gave nothing for: the engine scores it half-way, and it explains nothing."""
    c = fact.get("criterion")
    if c in ("interests", "style"):
        return not fact.get("shared") and (fact.get("value") or 0) > 0
    if c == "goals":
        return not fact.get("covered") and not fact.get("missing")
    return False


def fact_text(fact: dict, occupations: dict[str, str] | None = None) -> str:
    """One fact in words. `occupations` (code -> label) saves a query per fact; see facts_texts."""
    c = fact.get("criterion")
    if c == "language":
        if "shared" in fact:
            shared = fact.get("shared") or []
            if not shared:
                return _("No shared working language")
            if fact.get("best"):
                return _("Both speak %(languages)s (best: %(level)s)") % {
                    "languages": _languages(shared), "level": _level(fact["best"])}
            return _("Both speak %(languages)s") % {"languages": _languages(shared)}
        if fact.get("best") or fact.get("level"):
            return _("Best shared level: %(level)s") % {"level": _level(fact.get("best") or fact.get("level"))}
        return _("Level in the shared language")
    if c == "availability":
        shared = fact.get("shared") or []
        if not shared:
            return _("No free time in common")
        return _("Both free on %(slots)s") % {"slots": _slots(shared)}
    if c == "occupation":
        level, code = int(fact.get("level") or 0), str(fact.get("code") or "")
        if level <= 0 or not code:
            return _("Different occupational fields")
        if occupations is None:
            occupations = occupation_labels([code])
        return str(_OCCUPATION.get(level, _OCCUPATION[1])) % {"code": code, "label": occupations.get(code, "")}
    if c == "generalist":
        if fact.get("generalist"):
            return _("A generalist mentor for a mentee without a precise plan")
        return _("The mentee has no precise plan; this mentor is not a generalist")
    if c == "goals":
        covered, missing = fact.get("covered") or [], fact.get("missing") or []
        if not covered and not missing:
            return _("The mentee named no particular help wanted")
        if not covered:
            return _("Cannot help with %(areas)s") % {"areas": _join(_labels(missing, pc.SupportArea.choices))}
        text = _("Can help with %(areas)s") % {"areas": ", ".join(_labels(covered, pc.SupportArea.choices))}
        if missing:
            text += " " + _("(not with %(areas)s)") % {"areas": _join(_labels(missing, pc.SupportArea.choices))}
        return text
    if c == "interests":
        shared = fact.get("shared") or []
        if not shared and _neutral(fact):
            return _("No interests given to compare")
        if not shared:
            return _("No shared interests")
        return _("Shared interests: %(interests)s") % {"interests": ", ".join(_labels(shared, pc.Interest.choices))}
    if c == "style":
        shared = fact.get("shared") or []
        if not shared and _neutral(fact):
            return _("No working style given to compare")
        if not shared:
            return _("Different working styles")
        return _("Same working style: %(styles)s") % {"styles": ", ".join(_labels(shared, pc.WorkingStyle.choices))}
    if c == "distance":
        km = fact.get("km")
        if km is not None:
            if float(km) < 1:
                return _("Less than 1 km apart")
            return _("%(km)s km apart") % {"km": _km(km)}
        if fact.get("same_antenna"):
            return _("Same antenna")
        return _("Distance unknown")
    if c == "waiting":
        days = int(fact.get("days") or 0)
        return ngettext("Waiting for %(n)s day", "Waiting for %(n)s days", days) % {"n": days}
    if c == "experience":
        duos = int(fact.get("duos") or 0)
        if duos == 0:
            return _("A first duo for this mentor")
        return ngettext("Has mentored %(n)s duo before", "Has mentored %(n)s duos before", duos) % {"n": duos}
    if c == "preference":
        gender = fact.get("gender") or ""
        if not gender:
            return _("No preference about the mentor")
        text = _PREFERENCE.get((gender, bool(fact.get("required")), bool(fact.get("met"))))
        return str(text) if text else _("A preference about the mentor")
    return str(CRITERION_LABELS.get(c, c or ""))


def _reason(fact: dict, occupations) -> Reason:
    c = fact.get("criterion", "")
    soft = "points" in fact and not fact.get("hard")
    label = CRITERION_LABELS.get(c, c)
    if c == "language":
        # The condition (a shared working language) and the criterion (how good the best one is) differ.
        label = _("Language level") if soft else _("Shared language")
    return Reason(
        criterion=c,
        label=str(label),
        text=fact_text(fact, occupations),
        points=float(fact.get("points") or 0) if soft else None,
        value=float(fact["value"]) if soft and fact.get("value") is not None else None,
        neutral=_neutral(fact),
    )


def facts_described(fact_lists) -> list[list[Reason]]:
    """Each list of facts as Reasons, with one query for all the occupation labels."""
    fact_lists = [list(f or ()) for f in fact_lists]
    occupations = occupation_labels(_occupation_codes(fact_lists))
    return [[_reason(f, occupations) for f in facts if isinstance(f, dict)] for facts in fact_lists]


def facts_texts(fact_lists) -> list[list[str]]:
    return [[r.text for r in reasons] for reasons in facts_described(fact_lists)]


def strongest(reasons: list[Reason], k: int = 4) -> list[Reason]:
    """The k criteria that brought most points, in their usual order; the language is always said."""
    scored = sorted((r for r in reasons if not r.hard and not r.neutral and r.points > 0),
                    key=lambda r: -r.points)[:k]
    order = {c: i for i, c in enumerate(CRITERIA)}
    top = sorted(scored, key=lambda r: order.get(r.criterion, len(order)))
    language = next((r for r in reasons if r.hard and r.criterion == "language"), None)
    return ([language] if language else []) + top[: k - 1 if language else k]


# --- funnels ----------------------------------------------------------------------------------

def _step_text(step: dict) -> str:
    c, n, p = step.get("constraint"), int(step.get("left") or 0), step.get("params") or {}
    if c == "language":
        languages = p.get("languages") or []
        level = p.get("min_level") or "B1"
        if not languages:
            return ngettext(
                "%(n)s shares a working language (the mentee speaks none at %(level)s or better)",
                "%(n)s share a working language (the mentee speaks none at %(level)s or better)", n,
            ) % {"n": n, "level": level}
        return ngettext(
            "%(n)s shares a working language (%(languages)s at %(level)s or better)",
            "%(n)s share a working language (%(languages)s at %(level)s or better)", n,
        ) % {"n": n, "languages": _languages_or(languages), "level": level}
    if c == "distance":
        if p.get("max_km") is None:
            return ngettext("%(n)s of them is within reach (same antenna)",
                            "%(n)s of them are within reach (same antenna)", n) % {"n": n}
        if p.get("same_antenna_ok"):
            return ngettext("%(n)s of them lives within %(km)s km or belongs to the same antenna",
                            "%(n)s of them live within %(km)s km or belong to the same antenna", n) % {
                "n": n, "km": _km(p["max_km"])}
        return ngettext("%(n)s of them lives within %(km)s km", "%(n)s of them live within %(km)s km", n) % {
            "n": n, "km": _km(p["max_km"])}
    if c == "availability":
        slots = int(p.get("min_shared_slots") or 1)
        return ngettext(
            "%(n)s of them is free at the same time (slots in common: %(slots)s or more)",
            "%(n)s of them are free at the same time (slots in common: %(slots)s or more)", n,
        ) % {"n": n, "slots": slots}
    if c == "preference":
        gender = p.get("gender") or ""
        if gender == "female":
            return ngettext("%(n)s of them is a woman, as the mentee requires",
                            "%(n)s of them are women, as the mentee requires", n) % {"n": n}
        if gender == "male":
            return ngettext("%(n)s of them is a man, as the mentee requires",
                            "%(n)s of them are men, as the mentee requires", n) % {"n": n}
        return ngettext("%(n)s of them meets the mentee's required preference",
                        "%(n)s of them meet the mentee's required preference", n) % {"n": n}
    if c == "capacity":
        return ngettext("%(n)s of them can still take a duo", "%(n)s of them can still take a duo", n) % {"n": n}
    if c == "blocked":
        return ngettext(
            "%(n)s of them is not excluded for this mentee (rejected in this meeting, an earlier duo, "
            "a conflict of interest)",
            "%(n)s of them are not excluded for this mentee (rejected in this meeting, an earlier duo, "
            "a conflict of interest)", n,
        ) % {"n": n}
    return f"{CONSTRAINT_LABELS.get(c, c)}: {n}"


def _languages_or(codes) -> str:
    items = _language_names(codes)
    if len(items) <= 1:
        return "".join(items)
    # Translators: the mentee speaks any of these: "French or Arabic".
    return _("%(first)s or %(last)s") % {"first": ", ".join(items[:-1]), "last": items[-1]}


def _idle(step: dict) -> bool:
    """A step that cannot narrow anything for this mentee (no required preference, availability rule off)."""
    c, p = step.get("constraint"), step.get("params") or {}
    if c == "preference":
        return not p.get("gender")
    if c == "availability":
        return "min_shared_slots" in p and not p["min_shared_slots"]
    return False


def funnel_texts(funnel: dict) -> list[str]:
    """Why a mentee has no mentor, step by step: each sentence narrows the one before."""
    if not funnel:
        return []
    m = int(funnel.get("mentors") or 0)
    lines = [ngettext("%(n)s mentor in the pool", "%(n)s mentors in the pool", m) % {"n": m}]
    lines += [_step_text(s) for s in funnel.get("steps") or [] if isinstance(s, dict) and not _idle(s)]
    if funnel.get("blocking") == "competition":
        lines.append(_("Every suitable mentor went to another mentee"))
    return lines


def _params(funnel, constraint) -> dict:
    for step in funnel.get("steps") or []:
        if isinstance(step, dict) and step.get("constraint") == constraint:
            return step.get("params") or {}
    return {}


def funnel_summary(funnel: dict) -> str:
    """One line for the list: what stops this mentee being matched."""
    if not funnel:
        return ""
    blocking = funnel.get("blocking")
    if int(funnel.get("mentors") or 0) == 0:
        return _("No mentor in this antenna's pool")
    if blocking == "competition":
        return _("Every suitable mentor went to another mentee")
    language = _params(funnel, "language")
    languages = _languages_or(language.get("languages") or [])
    level = language.get("min_level") or "B1"
    max_km = _params(funnel, "distance").get("max_km")
    if blocking == "language":
        if not languages:
            return _("The mentee speaks no language at %(level)s or better") % {"level": level}
        return _("0 mentors speak %(languages)s at %(level)s or better") % {"languages": languages, "level": level}
    if blocking == "distance":
        if max_km is None:
            return _("0 mentors who speak %(languages)s are within reach") % {"languages": languages}
        return _("0 mentors speak %(languages)s within %(km)s km") % {"languages": languages, "km": _km(max_km)}
    if blocking == "availability":
        return _("0 mentors who speak %(languages)s nearby are free at the same time") % {"languages": languages}
    if blocking == "preference":
        gender = _params(funnel, "preference").get("gender")
        if gender == "female":
            return _("0 suitable mentors are women, and the mentee requires a woman")
        if gender == "male":
            return _("0 suitable mentors are men, and the mentee requires a man")
        return _("0 suitable mentors meet the mentee's required preference")
    if blocking == "capacity":
        return _("Every suitable mentor already has as many duos as they can take")
    if blocking == "blocked":
        return _("The only suitable mentors are excluded for this mentee")
    return _("No mentor found")


def constraint_label(code: str) -> str:
    return str(CONSTRAINT_LABELS.get(code, code))

