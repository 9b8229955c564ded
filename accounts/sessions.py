"""Session engines: Django's database sessions, each row tied to its user, so deleting an
account deletes its sessions (Django's documented way of extending the database engines).

``SessionStore`` keeps sessions in the database. ``accounts.cached_sessions`` is the same
with Django's ``cached_db`` engine, chosen when Redis is configured: a session is then read
from the shared cache (a miss reads the database). Without a shared cache each worker's
memory would keep its own copy, and a log-out in one worker would leave the others' valid,
so the database engine is the default."""

from django.contrib.sessions.backends.db import SessionStore as DBStore


class LinkedToUser:
    """The session row names its user (``accounts.models.UserSession``)."""

    @classmethod
    def get_model_class(cls):
        # accounts.models names this class as its store: importing it at the top is a cycle.
        from accounts.models import UserSession  # noqa: PLC0415

        return UserSession

    def create_model_instance(self, data):
        instance = super().create_model_instance(data)
        try:
            instance.user_id = int(data.get("_auth_user_id"))
        except (TypeError, ValueError):
            instance.user_id = None
        return instance


class SessionStore(LinkedToUser, DBStore):
    pass
