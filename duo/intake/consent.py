"""The consent texts people agree to, each with the version recorded alongside their answer.

A ConsentRecord says *which* text someone accepted, so the text and its version travel together:
whoever changes the wording of a text must give it a new version (tests/test_apply.py pins each
text's fingerprint to its version, and fails until both move together). Old versions are never
reused. Later screens (the applicant portal, a staff form) ask with the same texts.
"""

import hashlib
from dataclasses import dataclass

from django.utils.translation import gettext_lazy, gettext_noop

from duo.people.choices import Channel, ConsentPurpose
from duo.people.models import ConsentRecord


@dataclass(frozen=True)
class ConsentText:
    version: str
    source: str  # the English text, marked for translation
    required: bool = False

    @property
    def text(self):
        """The text in the active language (lazy, so forms built at import time stay multilingual)."""
        return gettext_lazy(self.source)


CONSENT_TEXTS: dict[str, ConsentText] = {
    ConsentPurpose.PROGRAMME: ConsentText(
        "2026-11",
        gettext_noop(
            "I agree that Duo keeps the information in this form and uses it to run the mentoring "
            "programme: to contact me, to invite me to an information session, to find a suitable duo "
            "partner and to follow our duo. Only the staff who run the programme see it. It is kept only "
            "as long as the programme needs it, and I can ask to see, correct or delete it at any time."
        ),
        required=True,
    ),
    ConsentPurpose.SPECIAL_CATEGORY: ConsentText(
        "2026-11",
        gettext_noop(
            "I agree that Duo keeps my answers to the sensitive questions (nationality background, region "
            "of birth, residence-permit route). They are encrypted, seen only by the few staff members "
            "allowed to, never used to choose my duo partner, and used only to check that the programme is "
            "open to me and, in anonymous statistics, to measure and fight discrimination. Without this "
            "consent, my answers to those questions are not kept at all."
        ),
    ),
    ConsentPurpose.SURVEYS: ConsentText(
        "2026-11",
        gettext_noop(
            "I agree that Duo contacts me for short surveys about the programme, during my mentoring and in "
            "the year after it, to learn what it changed for me."
        ),
    ),
}


def fingerprint(purpose: str) -> str:
    """A short digest of the source (English) text: it changes whenever the wording changes."""
    # The source, not a translation: a change to what people are asked to agree to is a change of the
    # source text; translations follow it.
    return hashlib.sha256(CONSENT_TEXTS[purpose].source.encode()).hexdigest()[:12]


def consent_records(*, person, answers: dict[str, bool], language: str, channel: str = Channel.WEB, at=None):
    """Unsaved ConsentRecords for the purposes a person was asked about, with the text version they saw."""
    extra = {"recorded_at": at} if at is not None else {}
    return [
        ConsentRecord(person=person, purpose=purpose, granted=bool(granted),
                      text_version=CONSENT_TEXTS[purpose].version, language=language, channel=channel, **extra)
        for purpose, granted in answers.items()
    ]
