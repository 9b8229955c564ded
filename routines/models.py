"""Routines (the builder and the built-in programmes) and the session log."""

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

from exercises.dosage import AMOUNTS, BOUNDS, bounds_of
from exercises.models import Difficulty, Exercise
from routines.plan import PlanItem, options_for, timed_plan, total_seconds


class RoutineQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(owner=user)

    def programmes(self):
        return self.filter(owner__isnull=True)


class ProgrammeManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(owner__isnull=True)


class Routine(models.Model):
    """A user's routine, or a built-in programme (no owner) that users copy."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="routines",
    )
    name = models.CharField(_("name"), max_length=100)
    notes = models.TextField(_("description"), blank=True, max_length=2000)
    # Built-in programmes only:
    slug = models.SlugField(max_length=80, null=True, blank=True, unique=True)
    level = models.PositiveSmallIntegerField(
        _("level"), choices=Difficulty.choices, null=True, blank=True
    )
    sources = models.JSONField(default=list, blank=True)
    copied_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies"
    )
    # The person's bad-day routine (breathing and relaxation, see routines.gentle): one per
    # person, rebuilt from their safety rules each time it is offered.
    gentle = models.BooleanField(_("gentle bad-day routine"), default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RoutineQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(owner__isnull=False) | Q(slug__isnull=False),
                name="routine_owner_or_programme",
            ),
            models.UniqueConstraint(
                fields=["owner"], condition=Q(gentle=True), name="routine_one_gentle_per_owner"
            ),
        ]
        indexes = [models.Index(fields=["owner", "name"], name="routine_owner_name")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.is_programme:
            # A person's routine keeps the name and notes they typed, whatever the page's
            # language: the words just set (the active language's) go in every language's
            # column (routines/translation.py).
            for field in ("name", "notes"):
                typed = getattr(self, field)
                for code, _language in settings.LANGUAGES:
                    setattr(self, f"{field}_{code}", typed)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        if self.is_programme:
            return reverse("routines:programme", args=[self.slug])
        return reverse("routines:detail", args=[self.pk])

    @property
    def is_programme(self):
        return self.owner_id is None

    def plan_items(self, items=None):
        items = self.items.select_related("exercise") if items is None else items
        return [item.plan_item() for item in items]

    def timed_plan_for(self, user, items=None, outcome=None):
        """The routine's timed plan with the user's get-ready and rest preferences, and the
        cap on time on the back their safety check (``outcome``) asks for."""
        return timed_plan(self.plan_items(items), **options_for(user, outcome))

    def total_seconds_for(self, user, items=None, outcome=None):
        return total_seconds(self.plan_items(items), **options_for(user, outcome))


class Programme(Routine):
    """The built-in programmes (routines without an owner), for the admin."""

    objects = ProgrammeManager()

    class Meta:
        proxy = True
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")


def bounds_message(low, high) -> str:
    """What the builder says when an amount is out of its mode's bounds: one limit, the
    exercise's own (a hold 1–600 s, a timed bout 5–1800 s)."""
    return _("Must be between %(low)s and %(high)s.") % {"low": low, "high": high}


def _bounded(low_high, label):
    low, high = low_high
    return models.PositiveSmallIntegerField(
        label,
        null=True,
        blank=True,
        validators=[MinValueValidator(low), MaxValueValidator(high)],
    )


class RoutineItem(models.Model):
    """An exercise in a routine, with optional overrides of the exercise's own dosage."""

    routine = models.ForeignKey(Routine, on_delete=models.CASCADE, related_name="items")
    exercise = models.ForeignKey(Exercise, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)
    # The widest bounds of any mode; clean() narrows them to the exercise's mode.
    seconds = _bounded(
        (BOUNDS["hold_seconds"][0], BOUNDS["timed_seconds"][1]), _("hold or duration (seconds)")
    )
    reps = _bounded(BOUNDS["reps"], _("repetitions"))
    sets = _bounded(BOUNDS["sets"], _("sets"))
    rest_seconds = _bounded(BOUNDS["rest_seconds"], _("rest between sets (seconds)"))
    per_side = models.BooleanField(_("each side"), null=True, blank=True)

    class Meta:
        ordering = ["position", "pk"]
        indexes = [models.Index(fields=["routine", "position"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(sets__isnull=True) | Q(sets__gte=1, sets__lte=10),
                name="routine_item_sets_range",
            ),
            models.CheckConstraint(
                condition=Q(reps__isnull=True) | Q(reps__gte=1, reps__lte=100),
                name="routine_item_reps_range",
            ),
            models.CheckConstraint(
                condition=Q(seconds__isnull=True) | Q(seconds__gte=1, seconds__lte=1800),
                name="routine_item_seconds_range",
            ),
            models.CheckConstraint(
                condition=Q(rest_seconds__isnull=True) | Q(rest_seconds__lte=300),
                name="routine_item_rest_range",
            ),
        ]

    def __str__(self):
        return f"{self.exercise} in {self.routine}"

    def clean(self):
        """Overrides stay inside the bounds of the exercise's mode (a hold may be 3 s, a
        timed bout not), and only amounts the mode uses may be overridden."""
        super().clean()
        if self.exercise_id is None:
            return
        mode = self.exercise.mode
        errors = {}
        for name in ("seconds", "reps", "sets", "rest_seconds"):
            value = getattr(self, name)
            if not isinstance(value, int):  # empty, or already refused by clean_fields()
                continue
            if name not in AMOUNTS[mode]:
                errors[name] = _("This exercise has no such amount; leave it empty.")
                continue
            low, high = bounds_of(name, mode)
            if not low <= value <= high:
                errors[name] = bounds_message(low, high)
        if errors:
            raise ValidationError(errors)

    @property
    def dosage(self):
        return self.exercise.dosage.with_overrides(
            seconds=self.seconds if self.exercise.mode != "reps" else None,
            reps=self.reps,
            sets=self.sets,
            rest_seconds=self.rest_seconds,
            per_side=self.per_side,
        )

    def plan_item(self) -> PlanItem:
        exercise = self.exercise
        return PlanItem(
            slug=exercise.slug,
            name=exercise.name,
            category=exercise.category,
            dosage=self.dosage,
            instructions=tuple(exercise.steps),
            breathing=exercise.breathing,
            supine="supine" in exercise.tags,
        )

    @property
    def total_seconds(self):
        return self.dosage.total_seconds()

    @property
    def overrides(self) -> dict:
        """The values this item sets instead of the exercise's own."""
        names = ("seconds", "reps", "sets", "rest_seconds", "per_side")
        return {name: getattr(self, name) for name in names if getattr(self, name) is not None}

    def dosage_in_words(self) -> str:
        return self.exercise.dosage_in_words(self.overrides)

    def beyond_recommended(self) -> list[str]:
        return self.exercise.beyond_recommended(self.overrides)


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


class PlannedSessionQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)


class PlannedSession(models.Model):
    """One day of a person's weekly plan: which of their routines, on which weekday, at what
    time of day (in their own time zone). One routine a day at most."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="planned_sessions"
    )
    routine = models.ForeignKey(Routine, on_delete=models.CASCADE, related_name="+")
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)
    time = models.TimeField(_("time of day"))
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PlannedSessionQuerySet.as_manager()

    class Meta:
        ordering = ["weekday"]
        constraints = [
            models.UniqueConstraint(fields=["user", "weekday"], name="planned_session_one_a_day"),
            models.CheckConstraint(condition=Q(weekday__lte=6), name="planned_session_weekday"),
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.time:%H:%M}: {self.routine}"


class CalendarFeed(models.Model):
    """The secret that opens a person's private calendar feed. Only a SHA-256 digest of the
    token is stored: the token itself is shown once, in the feed's URL, and a database
    leak does not open anyone's calendar. Regenerating replaces the digest, so the old URL
    stops answering."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token_digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Calendar feed of {self.user}"


# An anonymous visitor's played session waits this long to be claimed at sign-up or
# log-in; ``manage.py purge_anonymous`` deletes it after that.
TRIAL_SESSION_KEPT_FOR = datetime.timedelta(hours=24)


class TrialSessionQuerySet(models.QuerySet):
    def unclaimed(self, older_than):
        """Trial sessions saved before ``older_than`` (a moment) and never claimed: what
        ``manage.py purge_anonymous`` deletes. A claimed one is gone already (it became a
        Session of the account)."""
        return self.filter(created_at__lt=older_than)


class TrialSession(models.Model):
    """A ready programme played by an anonymous visitor ("try before signing up"): the
    session as the player sent it, kept until the visitor signs up or logs in (it then
    becomes a Session of the account, see routines.services.trial_sessions_claim) or for
    24 hours. Only the visitor's own Django session knows its id, so nobody else can see
    or claim it."""

    programme = models.ForeignKey(Routine, on_delete=models.CASCADE, related_name="+")
    # Unique, so sessions sent at the same moment with one id keep one row.
    client_id = models.UUIDField(_("client id"), unique=True)
    # The cleaned session (SessionPayloadForm.payload); validated again when claimed.
    payload = models.JSONField(_("session"))
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = TrialSessionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.programme.name} (trial, {self.created_at:%Y-%m-%d %H:%M})"
