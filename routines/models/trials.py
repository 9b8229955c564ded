"""Trial sessions: a ready programme played by a visitor without an account, kept until
they sign up or log in, or for a day."""

import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from routines.models.routines import Routine

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
    becomes a Session of the account, see routines.trials.trial_sessions_claim) or for
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
