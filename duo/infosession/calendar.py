"""Calendar files (.ics) for sessions, in the language of whoever will read them.

The event keeps the same UID for the life of a session and a SEQUENCE that grows with every
practical change, so that calendar programs update the entry instead of adding a second one.
"""

import datetime
from zoneinfo import ZoneInfo

import icalendar
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .choices import Mode

# Every antenna is in Belgium or France; Brussels and Paris keep the same time all year.
TZ = ZoneInfo("Europe/Brussels")


def location(session) -> str:
    if session.mode == Mode.ONLINE:
        return _("Online: %(link)s") % {"link": session.video_link}
    return session.where()


def description(session, personal_url: str = "") -> str:
    lines = [session.summary_text()]
    lines.append(_("Duration: %(minutes)s minutes.") % {"minutes": session.duration_minutes})
    if session.mode == Mode.ONLINE:
        lines.append(_("Join the video call: %(link)s") % {"link": session.video_link})
    if session.notes:
        lines.append(session.notes)
    if personal_url:
        lines.append(_("Your personal page, to cancel or to see your other sessions: %(url)s") % {"url": personal_url})
    return "\n\n".join(line for line in lines if line)


def event(session, personal_url: str = "") -> icalendar.Event:
    ev = icalendar.Event()
    ev.add("uid", session.ics_uid())
    ev.add("sequence", session.revision)
    ev.add("dtstamp", datetime.datetime.now(datetime.timezone.utc))
    ev.add("dtstart", timezone.localtime(session.starts_at, TZ))
    ev.add("dtend", timezone.localtime(session.ends_at, TZ))
    ev.add("summary", session.title())
    ev.add("location", location(session))
    ev.add("description", description(session, personal_url))
    ev.add("status", "CANCELLED" if session.cancelled else "CONFIRMED")
    if session.mode == Mode.ONLINE and session.video_link:
        ev.add("url", session.video_link)
    return ev


def session_calendar(session, *, language: str, personal_url: str = "") -> bytes:
    """The .ics file of one session, its words in `language`."""
    with translation.override(language):
        cal = icalendar.Calendar()
        cal.add("prodid", "-//Duo//Sessions//%s" % language.upper())
        cal.add("version", "2.0")
        cal.add("method", "PUBLISH")
        cal.add_component(event(session, personal_url))
        cal.add_missing_timezones()
        # Some calendar programs want the time zone defined before the events that use it.
        cal.subcomponents.sort(key=lambda component: component.name != "VTIMEZONE")
        return cal.to_ical()


def filename(session, language: str) -> str:
    with translation.override(language):
        day = timezone.localtime(session.starts_at, TZ).strftime("%Y-%m-%d")
        return f"{slugify(session.title())[:60]}-{day}.ics"
