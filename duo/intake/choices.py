from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    MENTEE = "mentee", _("Mentee")
    MENTOR = "mentor", _("Mentor")


class Verdict(models.TextChoices):
    ELIGIBLE = "eligible", _("Eligible")
    TO_REVIEW = "to_review", _("To review")
    NOT_ELIGIBLE = "not_eligible", _("Not eligible")


class RightToWork(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNSURE = "unsure", _("I am not sure")


class ResidenceRule(models.TextChoices):
    REGION = "region", _("Lives in the antenna's region")
    DISTANCE = "distance", _("Lives within a distance of the antenna")
    ANYWHERE = "anywhere", _("No residence condition")


class HowHeard(models.TextChoices):
    FRIEND = "friend", _("A friend or relative")
    EMPLOYMENT_SERVICE = "employment_service", _("The public employment service")
    ASSOCIATION = "association", _("An association or social service")
    SOCIAL_MEDIA = "social_media", _("Social media")
    PRESS = "press", _("Press, radio or television")
    EMPLOYER = "employer", _("My employer or former employer")
    OTHER = "other", _("Other")
