"""Session engine: Django's database sessions plus a link to the logged-in user.

Every signed-in page needs three rows: the session, its user and the user's current safety
check. The session row is read with its user (a join) and the id of that check (a subquery)
in one query. ``accounts.auth.get_user`` takes the user when it checks out, and falls back to
Django's own query when it does not; ``exercises.safety.profile.current_screening`` reads the
check by its id, or not at all for someone who has none. The check itself is read fresh, not
cached: it is what keeps exercises away from a person, so it is never served stale.
"""

import logging

from django.contrib.sessions.backends.db import SessionStore as DBStore
from django.core.exceptions import SuspiciousOperation
from django.db.models import OuterRef, Subquery
from django.utils import timezone


class SessionStore(DBStore):
    # Read with the session row: its user (unchecked: accounts.auth.get_user checks it) and
    # the id of that user's newest screening not ended (None if there is none). ``loaded``
    # says whether they were read.
    user = None
    screening_id = None
    loaded = False

    @classmethod
    def get_model_class(cls):
        # accounts.models imports this module: a cycle.
        from accounts.models import UserSession  # noqa: PLC0415

        return UserSession

    def _get_session_from_db(self):
        from accounts.models import Screening  # noqa: PLC0415 (the same cycle)

        self.user, self.screening_id, self.loaded = None, None, False
        current = (
            Screening.objects.not_ended().filter(user=OuterRef("user")).order_by("-created_at")
        )
        try:
            row = (
                self.model.objects.select_related("user")
                .annotate(current_screening_id=Subquery(current.values("pk")[:1]))
                .get(session_key=self.session_key, expire_date__gt=timezone.now())
            )
        except (self.model.DoesNotExist, SuspiciousOperation) as error:
            # As Django's database sessions do.
            if isinstance(error, SuspiciousOperation):
                logger = logging.getLogger(f"django.security.{error.__class__.__name__}")
                logger.warning(str(error))
            self._session_key = None
            return None
        self.user, self.screening_id, self.loaded = row.user, row.current_screening_id, True
        return row

    def create_model_instance(self, data):
        instance = super().create_model_instance(data)
        try:
            instance.user_id = int(data.get("_auth_user_id"))
        except (TypeError, ValueError):
            instance.user_id = None
        return instance
