"""The log: one ``Session`` per practice session, played or logged by hand, with its
``SessionItem`` rows; the week a session counts in (``monday_of``) and the sane window for
its time (``validate_session_time``)."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from exercises.models import Exercise
from routines.models.routines import Routine


def monday_of(day: datetime.date) -> datetime.date:
    """The first day (Monday) of the week a day is in: weeks in BackCare start on Monday."""
    return day - datetime.timedelta(days=day.weekday())


# The sane window for a session's time: not long before the account existed (a year back,
# for sessions logged from memory or an old notebook), not in the future beyond a phone
# clock's drift. One rule for the player's save and the form that logs by hand.
HISTORY_BEFORE_ACCOUNT = datetime.timedelta(days=365)
CLOCK_SKEW = datetime.timedelta(hours=1)


def validate_session_time(user, moment: datetime.datetime) -> None:
    """Refuse a session moment outside the user's sane window (ValidationError)."""
    # A visitor without an account (a trial session) has the window of someone joining now.
    earliest = getattr(user, "date_joined", None) or timezone.now()
    earliest -= HISTORY_BEFORE_ACCOUNT
    if moment < earliest:
        raise ValidationError(
            _("That is too long ago: sessions can go back to %(day)s."),
            params={"day": date_format(earliest.date())},
            code="too_early",
        )
    if moment > timezone.now() + CLOCK_SKEW:
        raise ValidationError(
            _("That is in the future. Log sessions you have done."), code="future"
        )


class SessionQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)


class Session(models.Model):
    """One practice session: played in the player or logged by hand.

    ``local_date`` is the day the session started in the user's own time zone at that time;
    calendars, weeks and streaks group by it in the database.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practice_sessions"
    )
    routine = models.ForeignKey(
        Routine, null=True, blank=True, on_delete=models.SET_NULL, related_name="sessions"
    )
    routine_name = models.CharField(_("routine"), max_length=100)
    client_id = models.UUIDField(_("client id"))
    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"))
    local_date = models.DateField(_("day"))
    # The Monday of local_date's week, stored once so weekly statistics group by a column.
    week_start = models.DateField(_("week"), editable=False)
    planned_seconds = models.PositiveIntegerField(_("planned time (seconds)"), default=0)
    actual_seconds = models.PositiveIntegerField(_("actual time (seconds)"), default=0)
    pain_before = models.PositiveSmallIntegerField(
        _("pain before (0–10)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(10)],
    )
    pain_after = models.PositiveSmallIntegerField(
        _("pain after (0–10)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(10)],
    )
    effort = models.PositiveSmallIntegerField(
        _("effort (0–10)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(10)],
    )
    notes = models.TextField(_("notes"), blank=True, max_length=2000)
    check_in = models.JSONField(_("check-in answers"), default=dict, blank=True)
    # Played as the gentle bad-day routine (breathing and relaxation) rather than a workout.
    gentle = models.BooleanField(_("gentle session"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "client_id"], name="session_client_id_unique"),
            models.CheckConstraint(condition=Q(pain_before__lte=10), name="session_pain_before"),
            models.CheckConstraint(condition=Q(pain_after__lte=10), name="session_pain_after"),
            models.CheckConstraint(condition=Q(effort__lte=10), name="session_effort"),
            models.CheckConstraint(
                condition=Q(finished_at__gte=models.F("started_at")),
                name="session_finishes_after_start",
            ),
        ]
        indexes = [
            models.Index(fields=["user", "-started_at"]),
            models.Index(fields=["user", "local_date"]),
            models.Index(fields=["user", "week_start"], name="routines_se_user_id_week_idx"),
        ]

    def __str__(self):
        return f"{self.routine_name} on {self.local_date}"

    def save(self, *args, **kwargs):
        self.week_start = monday_of(self.local_date)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("routines:session", args=[self.pk])


class SessionItem(models.Model):
    class Status(models.TextChoices):
        DONE = "done", _("Done")
        SKIPPED = "skipped", _("Skipped")
        STOPPED = "stopped", _("Stopped for pain")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="items")
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DONE
    )
    seconds = models.PositiveIntegerField(_("seconds"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        indexes = [
            models.Index(fields=["session", "position"]),
            # Few items are stopped for pain; the advice reads only those.
            models.Index(
                fields=["session"], condition=Q(status="stopped"), name="sessionitem_stopped"
            ),
        ]

    def __str__(self):
        return f"{self.exercise} ({self.get_status_display()})"
