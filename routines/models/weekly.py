"""The weekly plan: one ``PlannedSession`` a planned weekday, and the ``CalendarFeed`` secret
that opens it as a private calendar."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from routines.models.routines import Routine


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
