"""Session engines: Django's database sessions, each row tied to its user, so deleting an
account deletes its sessions (Django's documented way of extending the database engines).

``SessionStore`` keeps sessions in the database. ``accounts.cached_sessions`` is the same
with Django's ``cached_db`` engine, chosen when Redis is configured: a session is then read
from the shared cache (a miss reads the database). Without a shared cache each worker's
memory would keep its own copy, and a log-out in one worker would leave the others' valid,
so the database engine is the default.

The session model lives here with its engines, as Django's documentation lays out extending
the database engines: each names the other without an import cycle. ``accounts.models``
imports it, so Django registers it with the app."""

from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore as DBStore
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import connections, models, router
from django.utils import timezone

TABLE = "accounts_user_session"


class UserSession(AbstractBaseSession):
    """A database session that knows its user, so an account's deletion removes its sessions."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE
    )

    class Meta(AbstractBaseSession.Meta):
        db_table = TABLE

    @classmethod
    def get_session_store_class(cls):
        return SessionStore


class LinkedToUser:
    """The session row names its user (``UserSession``)."""

    @classmethod
    def get_model_class(cls):
        return UserSession

    def create_model_instance(self, data):
        instance = super().create_model_instance(data)
        try:
            instance.user_id = int(data.get("_auth_user_id"))
        except (TypeError, ValueError):
            instance.user_id = None
        return instance


class SessionStore(LinkedToUser, DBStore):
    def load(self):
        """The session's data, read by one plain query: Django's own ``load()`` builds the
        same query with the ORM on every request, at several times the cost of the query
        itself (bench/README.md, "Where the time went"). A session that is missing or
        expired takes Django's own path, which also forgets its key."""
        connection = connections[router.db_for_read(self.model)]
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT session_data FROM {TABLE} "  # noqa: S608 - our own table's name
                "WHERE session_key = %s AND expire_date > %s",
                [self.session_key, connection.ops.adapt_datetimefield_value(timezone.now())],
            )
            row = cursor.fetchone()
        return self.decode(row[0]) if row is not None else super().load()
