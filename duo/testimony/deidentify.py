"""Spots what could identify the author of a quote before it is used anonymously.

Pure Python, no Django: the caller passes the names to look for (the author's and their duo
partner's, the Belgian municipalities and places, known employers). It flags; people decide. A flag
is a question ("is this a name?"), so it errs on the side of flagging: a capitalised word in the
middle of a sentence is flagged even when it is only "Monday" in a language we did not list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NAME, PLACE, EMPLOYER, AGE, BIRTH_DATE, EMAIL, PHONE = "name", "place", "employer", "age", "date", "email", "phone"
KINDS = (NAME, PLACE, EMPLOYER, AGE, BIRTH_DATE, EMAIL, PHONE)
# When two flags overlap, the more precise one is kept (an email beats the capitalised word in it).
_PRIORITY = {EMAIL: 0, BIRTH_DATE: 1, PHONE: 2, AGE: 3, EMPLOYER: 4, PLACE: 5, NAME: 6}

# Big employers people name in Belgium: a quote saying "at Colruyt" points at few people in a small town.
KNOWN_EMPLOYERS = (
    "Colruyt", "Delhaize", "Carrefour", "Aldi", "Lidl", "Proximus", "Orange", "Telenet", "Belfius", "KBC", "ING",
    "BNP Paribas Fortis", "Fortis", "AXA", "Ethias", "Solvay", "UCB", "GSK", "Pfizer", "Janssen", "AB InBev",
    "Engie", "Electrabel", "Fluxys", "Elia", "bpost", "SNCB", "NMBS", "STIB", "MIVB", "De Lijn", "TEC",
    "Brussels Airlines", "Audi", "Volvo", "Umicore", "Decathlon", "IKEA", "Ikea", "Randstad", "Adecco", "Manpower",
    "Actiris", "VDAB", "Forem", "Le Forem", "CPAS", "OCMW", "Deloitte", "EY", "KPMG", "PwC", "Accenture",
    "Securitas", "ISS", "Sodexo", "McDonald's", "Quick", "Amazon", "Google", "Microsoft", "Ahold",
)

_WORD = r"[^\W\d_]+(?:['’-][^\W\d_]+)*"
_UPPER = "A-ZÀ-ÖØ-Þ"
_CAP = rf"[{_UPPER}][\w&'’-]*"
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<![\w+])(?:\+|00)?\d(?:[ ./-]?\d){8,13}(?!\w)")
_AGE = re.compile(
    r"\b\d{1,3}\s?(?:ans|jaar|years?\s+old|-year-old|jarige?)\b"
    r"|\b(?:aged|âgée?s?|agée?s?|age|âge|leeftijd)\s+(?:de\s+|of\s+|van\s+)?\d{1,3}\b",
    re.IGNORECASE,
)
_MONTHS = (
    "janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre"
    "|januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
    "|january|february|march|may|june|july|august|october"
)
_DATE = re.compile(
    r"\b(?:0?[1-9]|[12]\d|3[01])([/.-])(?:0?[1-9]|1[0-2])\1(?:19|20)?\d{2}\b"
    rf"|\b\d{{1,2}}(?:er|st|nd|rd|th)?\s+(?:{_MONTHS})\s+(?:19|20)\d{{2}}\b"
    r"|\b(?:née?s?|born|geboren)\s+(?:(?:en|in|le|on|op)\s+)?(?:19|20)\d{2}\b",
    re.IGNORECASE,
)
# "chez X", "bij X", "at X", "for X": X is the capitalised words that follow.
_AT_EMPLOYER = re.compile(rf"\b(?:chez|bij|at|for|pour|voor)\s+({_CAP}(?: (?:& )?{_CAP})*)")
# Legal forms as companies write them (capitals, or "Ltd"/"GmbH"/"Sarl"): in lower case "sa", "nv" or "bv" are
# ordinary words or typos, and "Karim sa…" is a name, not a company (hypothesis found it).
_COMPANY_SUFFIX = re.compile(
    rf"(?<![\w'’-])(?:{_CAP} )+(?:BV|NV|SA|SPRL|SRL|BVBA|VZW|ASBL|SAS|SARL|Sarl|LTD|Ltd|GMBH|GmbH)\b")
_TOKEN = re.compile(_WORD)
# Capitalised words that identify nobody, in the three languages (lower case).
_NOT_NAMES = frozenset("""
i i'm i've i'd i'll je ik duo mentor mentee mentoring monday tuesday wednesday thursday friday saturday sunday
january february march april may june july august september october november december
french dutch english german arabic spanish italian turkish belgian belgium belgique belgië european europe
français néerlandais anglais nederlands frans engels belge belgisch vlaams flemish walloon wallon
linkedin cv ok covid internet whatsapp zoom teams
""".split())
MAX_WORDS = 5


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str
    text: str


def _terms(names, kind):
    out = {}
    for name in names or ():
        key = " ".join(str(name).split()).casefold()
        if key:
            out[key] = kind
    return out


def _grams(text):
    """Runs of up to MAX_WORDS words separated by single spaces or hyphens: (start, end, casefolded words)."""
    tokens = list(_TOKEN.finditer(text))
    for i, first in enumerate(tokens):
        end = first.end()
        words = [first.group()]
        yield first.start(), end, first.group()
        for nxt in tokens[i + 1:i + MAX_WORDS]:
            gap = text[end:nxt.start()]
            if gap not in (" ", "-"):
                break
            words.append(nxt.group())
            end = nxt.end()
            yield first.start(), end, text[first.start():end]


def _at_sentence_start(text, index):
    before = text[:index]
    stripped = before.rstrip(" \t«»\"“”'‘’([—–-")
    return not stripped or "\n" in before[len(stripped):] or stripped[-1] in ".!?…:\n"


def flag(text: str, *, names=(), places=(), employers=KNOWN_EMPLOYERS) -> list[Span]:
    """The spans of `text` that may identify someone, sorted, never overlapping.

    `names`: the author's and their duo partner's first and last names (any case matches).
    `places`: municipality and place names (matched when written with a capital, so "ans" in
    "25 ans" is not the town of Ans). `employers`: known employer names (any case)."""
    text = text or ""
    found: list[tuple[bool, Span]] = []

    def add(start, end, kind, guess=False):
        if end > start:
            found.append((guess, Span(start, end, kind, text[start:end])))

    for rx, kind in ((_EMAIL, EMAIL), (_PHONE, PHONE), (_DATE, BIRTH_DATE), (_AGE, AGE), (_COMPANY_SUFFIX, EMPLOYER)):
        for m in rx.finditer(text):
            add(m.start(), m.end(), kind)
    for m in _AT_EMPLOYER.finditer(text):
        add(m.start(1), m.end(1), EMPLOYER, guess=True)
    given = {**_terms(places, PLACE), **_terms(employers, EMPLOYER), **_terms(names, NAME)}
    for start, end, gram in _grams(text):
        kind = given.get(gram.casefold())
        if kind is None:
            continue
        if kind == PLACE and not gram[:1].isupper():
            continue
        add(start, end, kind)
    # Capitalised words inside a sentence: runs of them are one name ("Marie Dubois").
    run = None
    for m in _TOKEN.finditer(text):
        word = m.group()
        is_name = word[:1].isupper() and word.casefold() not in _NOT_NAMES and not _at_sentence_start(text, m.start())
        if is_name and run and text[run[1]:m.start()] == " ":
            run[1] = m.end()
            continue
        if run:
            add(run[0], run[1], NAME, guess=True)
        run = [m.start(), m.end()] if is_name else None
    if run:
        add(run[0], run[1], NAME, guess=True)
    return _resolve(found)


def _resolve(found):
    """Overlapping spans: what is known (patterns, the names and places given) wins over what is guessed
    ("at Karim" is the author Karim, not an employer), then by kind, then the longer span."""
    kept: list[Span] = []
    for _guess, span in sorted(found, key=lambda g: (g[0], _PRIORITY[g[1].kind], -(g[1].end - g[1].start),
                                                     g[1].start)):
        if all(span.end <= k.start or span.start >= k.end for k in kept):
            kept.append(span)
    return sorted(kept, key=lambda s: s.start)


def segments(text: str, spans) -> list[tuple[str, str | None, int]]:
    """The text cut at the spans, for highlighting: (piece, kind or None, index of the span or -1)."""
    out, at = [], 0
    for i, span in enumerate(spans):
        if span.start > at:
            out.append((text[at:span.start], None, -1))
        out.append((text[span.start:span.end], span.kind, i))
        at = span.end
    if at < len(text):
        out.append((text[at:], None, -1))
    return out
