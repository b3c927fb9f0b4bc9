from django.db import models
from django.utils.translation import gettext_lazy as _


class Mode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")


class Audience(models.TextChoices):
    MENTEES = "mentees", _("Mentees")
    MENTORS = "mentors", _("Mentors")
    BOTH = "both", _("Mentees and mentors")


class SeatChannel(models.TextChoices):
    """How a seat in a session was taken."""

    LINK = "link", _("By the person, from their personal link")
    STAFF = "staff", _("By staff (invitation)")


# Which pipeline sides (kinds) a session audience speaks to.
AUDIENCE_KINDS = {
    Audience.MENTEES: ("mentee",),
    Audience.MENTORS: ("mentor",),
    Audience.BOTH: ("mentee", "mentor"),
}
