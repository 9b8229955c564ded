"""Session engine: Django's database sessions, each row tied to its user, so deleting an
account deletes its sessions (Django's documented way of extending the database engine)."""

from django.contrib.sessions.backends.db import SessionStore as DBStore


class SessionStore(DBStore):
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
