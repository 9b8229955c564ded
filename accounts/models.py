"""The BackCare user, with the preferences the player and the log use, and the database
session tied to it (``UserSession``, defined in ``accounts.sessions``)."""

import zoneinfo

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Django registers an app's models from its models module: the session model is defined with
# its engine (accounts.sessions).
from accounts.sessions import UserSession

TIME_ZONES = sorted(zoneinfo.available_timezones() - {"localtime", "Factory"})
TIME_ZONE_CHOICES = [(name, name.replace("_", " ")) for name in TIME_ZONES]
# The preferences a person sets on their account page; the admin and the export list them.
PREFERENCE_FIELDS = (
    "weekly_goal",
    "get_ready_seconds",
    "default_rest_seconds",
    "sound",
    "voice",
    "time_zone",
    "language",
)


def zone_named(name: str) -> zoneinfo.ZoneInfo:
    """A time zone by name; UTC when the name is unknown (a zone removed from the system's
    database must not break a page). The one place a stored zone name is parsed."""
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        # E-mail addresses are stored lower-case, so logging in ignores case.
        return self.get(**{self.model.USERNAME_FIELD: username.lower()})


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(
        _("e-mail address"),
        unique=True,
        error_messages={"unique": _("An account with this e-mail address already exists.")},
    )
    is_staff = models.BooleanField(_("staff"), default=False)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    # Preferences
    weekly_goal = models.PositiveSmallIntegerField(
        _("weekly goal"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(14)],
        help_text=_(
            "How many sessions a week you aim for. Regular practice, three or four "
            "times a week, helps most."
        ),
    )
    get_ready_seconds = models.PositiveSmallIntegerField(
        _("get-ready time (seconds)"),
        default=5,
        validators=[MinValueValidator(0), MaxValueValidator(60)],
        help_text=_("A countdown before each exercise so you can get into position."),
    )
    default_rest_seconds = models.PositiveSmallIntegerField(
        _("default rest (seconds)"),
        default=15,
        validators=[MinValueValidator(0), MaxValueValidator(300)],
        help_text=_("Rest between exercises unless a routine says otherwise."),
    )
    sound = models.BooleanField(_("sound cues"), default=True)
    voice = models.BooleanField(_("spoken cues"), default=False)
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="UTC", choices=TIME_ZONE_CHOICES
    )
    # A code of settings.LANGUAGES, or "" to follow the browser. No choices on the field:
    # adding a language is a line in settings, not a migration.
    language = models.CharField(_("language"), max_length=16, blank=True, default="")

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=Q(weekly_goal__gte=1) & Q(weekly_goal__lte=14),
                name="user_weekly_goal_range",
            ),
            models.CheckConstraint(
                condition=Q(get_ready_seconds__lte=60), name="user_get_ready_range"
            ),
            models.CheckConstraint(
                condition=Q(default_rest_seconds__lte=300), name="user_default_rest_range"
            ),
        ]

    def __str__(self):
        return self.email

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def save_language(self, language: str) -> None:
        """Keep the language the person chose (the switcher, a ``?lang=`` link)."""
        self.language = language
        self.save(update_fields=["language"])

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zone_named(self.time_zone)


__all__ = ["PREFERENCE_FIELDS", "TIME_ZONES", "User", "UserManager", "UserSession", "zone_named"]
