from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from duo.core.i18n import LANGUAGE_CHOICES

from .roles import CAPABILITIES, Role


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("role", Role.ADMINISTRATOR)
        extra["is_superuser"] = True
        return self.create_user(email, password, **extra)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """A staff member. Mentors and mentees are People, not Users: they never log in with a password."""

    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.VIEWER)
    antennas = models.ManyToManyField(
        "organisation.Antenna", blank=True, related_name="staff", verbose_name=_("antennas"),
        help_text=_("Coordinators and viewers see only the people and duos of these antennas."),
    )
    language = models.CharField(
        _("preferred language"), max_length=2, choices=LANGUAGE_CHOICES,
        default="fr",
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("staff member")
        verbose_name_plural = _("staff members")

    def __str__(self):
        return self.full_name or self.email

    @property
    def is_staff(self) -> bool:
        # The admin site is open to the roles whose capabilities include it; scoping does the rest.
        return self.is_active and "admin.site" in CAPABILITIES.get(self.role, frozenset())

    def has_perm(self, perm, obj=None):
        # Administrators hold every Django permission (the axes and auth admin pages rely on them).
        return (self.is_active and self.role == Role.ADMINISTRATOR) or super().has_perm(perm, obj)

    def has_module_perms(self, app_label):
        return (self.is_active and self.role == Role.ADMINISTRATOR) or super().has_module_perms(app_label)

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email
