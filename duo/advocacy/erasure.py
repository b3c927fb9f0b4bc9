"""Erasing an advocacy contact (GDPR art. 17): a minister, an adviser, a civil servant the organisation met.

A contact is a data subject of another kind than a participant (duo.privacy.erasure.person_erase), and what is kept
differs. The Contact row stays, without a name, because the interactions they took part in are the organisation's
lobbying record: they feed the lobby transparency register and say which office was met when. Everywhere the
contact appears it reads "Erased contact #id" (Contact.__str__).

Wiped: the name, form of address, email, phone, the source of the data (often a page about them) and the notes; the
party of each position (the one political datum kept, art. 9(2)(e)); and, in the interactions they took part in
(subject, what was said, follow-up) and the status changes those interactions made, every mention of their name,
email or phone, replaced by "Erased contact #id" (the rest of the text is the organisation's). The admin's history
forgets their name as person_erase does.

Kept: the positions' stakeholder, role, committees, level and dates (they describe an office, not the person, and
tell the register whom the organisation lobbied: "the Minister of Employment's office"), the language and the legal
basis (codes), who recorded them and when.

One "erase" audit event names the contact's id, who and why, never a value; the reason may not name them.
Administrators only (the people.erase capability of person_erase): officers may edit a contact, but erasing cannot
be undone and rewrites the texts of the lobbying record, which one accountable role should answer for.
"""

from __future__ import annotations

import re
from types import SimpleNamespace

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from duo.accounts import roles, scoping
from duo.people.models import phone_digits
from duo.privacy.audit import record
from duo.privacy.context import acting_as
from duo.privacy.erasure import _actor_for, checked_reason
from duo.privacy.models import AuditEvent

from .models import Contact, Interaction, Position, StatusChange

ERASE = roles.PERSON_ERASE

# Field -> the value it becomes. Tests check every free-text field of these models is here or in KEPT.
SCRUB = {
    Contact: {"first_name": "", "last_name": "", "title": "", "email": "", "phone": "", "source": "", "notes": ""},
    Position: {"party": ""},
}
# Free text about the organisation's work in which only mentions of the contact are replaced.
REDACT = {
    Interaction: ("subject", "summary", "follow_up"),
    StatusChange: ("note",),
}
KEPT = {
    Position: {"role": "the office held, which the lobby register names; not about the person",
               "committees": "the committees of the mandate: the office, not the person"},
    Interaction: {"areas": "codes of the priorities served"},
}


def checked_contact_reason(contact, reason: str) -> str:
    """As for a participant: the reason is kept for good, so it says why, never whom."""
    who = SimpleNamespace(first_name=contact.first_name, last_name=contact.last_name, email=contact.email,
                          phone_digits=phone_digits(contact.phone))
    return checked_reason(who, reason)


def _mentions(contact) -> re.Pattern | None:
    """Their name (in either order, or either part alone), email and phone, as they may be written in free text."""
    first, last = (contact.first_name or "").strip(), (contact.last_name or "").strip()
    phrases = {p for p in (f"{first} {last}", f"{last} {first}", first, last, (contact.email or "").strip())
               if len(p.strip()) >= 2}
    # Longest first, so that "Jan Peeters" goes as one, not as "Jan" then "Peeters"; any spacing between words.
    alternatives = [r"\s+".join(re.escape(w) for w in p.split()) for p in sorted(phrases, key=len, reverse=True)]
    digits = phone_digits(contact.phone)
    if len(digits) >= 6:  # the national number, however written: "+32 470 12 34 56", "0470/12.34.56"…
        alternatives.append(r"(?:\+\d{2}|00\d{2}|0)?[\s./()\-]*" + r"[\s./()\-]*".join(digits))
    if not alternatives:
        return None
    return re.compile(rf"(?<!\w)(?:{'|'.join(alternatives)})(?!\w)", re.IGNORECASE)


def _redact(qs, names, pattern, label) -> set[str]:
    """Replace the mentions in these rows' fields; the fields that changed somewhere."""
    changed = set()
    # The label may be longer than the name it replaces: cut to the column's size (PostgreSQL would refuse).
    sizes = {n: qs.model._meta.get_field(n).max_length for n in names}
    for row in qs.values("pk", *names):
        new = {n: pattern.sub(label, row[n])[:sizes[n]] for n in names if row[n] and pattern.search(row[n])}
        if new:
            models.QuerySet.update(qs.model.objects.filter(pk=row["pk"]), **new)
            changed |= {f"{qs.model._meta.label}.{n}" for n in new}
    return changed


def _log_entries(model, pks):
    ct = ContentType.objects.get_for_model(model, for_concrete_model=False)
    return LogEntry.objects.filter(content_type=ct, object_id__in=[str(pk) for pk in pks])


def _forget_admin_log(contact, position_ids, interaction_ids, pattern, label):
    """The admin's history shows each object by its __str__ as it was (a position's holds the name), and a change
    message names the inline rows added or removed."""
    entries = [(e, f"advocacy.Contact #{contact.pk}") for e in _log_entries(Contact, [contact.pk])]
    entries += [(e, f"advocacy.Position #{e.object_id}") for e in _log_entries(Position, position_ids)]
    entries += [(e, None) for e in _log_entries(Interaction, interaction_ids)]
    for entry, fixed in entries:
        text = entry.change_message or ""
        repr_ = (fixed or (pattern.sub(label, entry.object_repr) if pattern else entry.object_repr))[:200]
        message = pattern.sub(label, text) if pattern else text
        if (repr_, message) != (entry.object_repr, text):
            LogEntry.objects.filter(pk=entry.pk).update(object_repr=repr_, change_message=message)


def _scrub(contact) -> tuple[list[str], int]:
    label = str(Contact(pk=contact.pk, erased_at=timezone.now()))  # "Erased contact #id", in today's language
    pattern = _mentions(contact)
    positions = Position.objects.filter(contact=contact)
    position_ids = list(positions.values_list("pk", flat=True))
    interactions = Interaction.objects.filter(contacts=contact)
    interaction_ids = list(interactions.values_list("pk", flat=True))
    fields = {f"advocacy.Contact.{n}" for n in SCRUB[Contact]}
    # Plain updates: the erasure's one audit event lists these fields, not an event per row.
    models.QuerySet.update(Contact.objects.filter(pk=contact.pk), **SCRUB[Contact],
                           erased_at=contact.erased_at or timezone.now(), updated_at=timezone.now())
    if position_ids:
        models.QuerySet.update(positions, **SCRUB[Position])
        fields |= {f"advocacy.Position.{n}" for n in SCRUB[Position]}
    if pattern is not None and interaction_ids:
        fields |= _redact(Interaction.objects.filter(pk__in=interaction_ids), REDACT[Interaction], pattern, label)
        fields |= _redact(StatusChange.objects.filter(interaction_id__in=interaction_ids), REDACT[StatusChange],
                          pattern, label)
    _forget_admin_log(contact, position_ids, interaction_ids, pattern, label)
    return sorted(fields), 1 + len(position_ids) + len(interaction_ids)


@transaction.atomic
def contact_erase(*, contact, reason, by=None) -> Contact:
    """Wipe what is held about the contact, in one transaction. Erasing again re-applies the scrub (anything written
    since goes too) without a second audit event.

    `by`: the administrator doing it; None for the command or the retention run."""
    if by is not None and not scoping.has(by, ERASE):
        raise scoping.NotAllowed
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    first_time = contact.erased_at is None
    if first_time:
        reason = checked_contact_reason(contact, reason)
    fields, rows = _scrub(contact)
    contact.refresh_from_db()
    if first_time:
        with acting_as(_actor_for(by)):
            record(action=AuditEvent.Action.ERASE, model=Contact, object_id=contact.pk, fields=fields, count=rows,
                   note=reason)
    return contact
