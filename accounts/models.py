"""The BackCare user, with the preferences the player and the log use."""

import zoneinfo

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.sessions.base_session import AbstractBaseSession
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from exercises.models import Condition
from exercises.safety import evaluate
from exercises.safety.vocabulary import Level

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


class UserSession(AbstractBaseSession):
    """A database session that knows its user, so an account's deletion removes its sessions."""

    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.CASCADE)

    class Meta(AbstractBaseSession.Meta):
        db_table = "accounts_user_session"

    @classmethod
    def get_session_store_class(cls):
        # accounts.sessions imports this module: a cycle.
        from accounts.sessions import SessionStore  # noqa: PLC0415

        return SessionStore


class ScreeningQuerySet(models.QuerySet):
    def not_ended(self):
        """Screenings not ended by the user saying their health changed (expired or not)."""
        return self.filter(ended_at__isnull=True)

    def in_force(self):
        """Screenings that still count: not ended, and less than 12 months old unless urgent
        (an urgent result holds until a new check)."""
        return self.not_ended().filter(
            Q(created_at__gte=timezone.now() - SCREENING_VALID_FOR)
            | Q(outcome__in=[Level.URGENT, Level.SOON])
        )

    def unclaimed(self, older_than):
        """Anonymous screenings never attached to an account and taken before ``older_than``
        (a moment): what ``manage.py purge_anonymous`` deletes."""
        return self.filter(user__isnull=True, created_at__lt=older_than)


SCREENING_VALID_FOR = timezone.timedelta(days=365)
# An anonymous screening waits this long to be claimed at sign-up or log-in, then it goes.
ANONYMOUS_SCREENING_KEPT_FOR = timezone.timedelta(days=30)


class Screening(models.Model):
    """One completed safety check. The newest one in force is the user's safety profile;
    older ones stay as history. Anonymous screenings (user empty) are kept in the visitor's
    session and attached to the account at sign-up or log-in."""

    Level = Level  # exercises/safety/vocabulary.py: the one vocabulary of outcomes

    user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.CASCADE, related_name="screenings"
    )
    created_at = models.DateTimeField(_("taken"), default=timezone.now)
    version = models.PositiveSmallIntegerField(_("questionnaire version"))
    answers = models.JSONField(_("answers"))
    age = models.PositiveSmallIntegerField(_("age"))
    outcome = models.CharField(_("outcome"), max_length=10, choices=Level.choices)
    conditions = models.JSONField(_("conditions"), default=list)
    ended_at = models.DateTimeField(_("health changed"), null=True, blank=True)
    cleared_at = models.DateTimeField(_("cleared by a doctor"), null=True, blank=True)
    clearance_note = models.CharField(_("clearance note"), max_length=300, blank=True)
    # The urgent/stop conditions the doctor's clearance covers, recorded with it.
    cleared_conditions = models.JSONField(
        _("conditions the clearance covers"), default=list, blank=True
    )
    # Answers that are dates rather than yes/no, e.g. {"pregnancy-due": "2027-06-01"}
    # (exercises/safety/timing.py reads them against the clock).
    details = models.JSONField(_("dated answers"), default=dict, blank=True)

    objects = ScreeningQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "-created_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(age__lte=120), name="screening_age_range"),
        ]

    def __str__(self):
        return f"{self.get_outcome_display()} ({self.created_at:%Y-%m-%d})"

    @property
    def valid_until(self):
        """When the check stops being in force; None for an urgent or see-a-doctor-today
        result, which holds until a new check."""
        if self.outcome in (self.Level.URGENT, self.Level.SOON):
            return None
        return self.created_at + SCREENING_VALID_FOR

    @property
    def expired(self) -> bool:
        return self.valid_until is not None and self.valid_until <= timezone.now()

    def record_clearance(self, note: str = "") -> None:
        """Record a doctor's clearance and what it covers: the stop conditions of this
        screening under the rules in force now (urgent and soon ones are never cleared)."""
        covers = evaluate(self.answers, self.age, Condition.objects.rules()).blocking
        self.cleared_at = timezone.now()
        self.clearance_note = note
        self.cleared_conditions = covers
        self.save(update_fields=["cleared_at", "clearance_note", "cleared_conditions"])
