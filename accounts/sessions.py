"""Session engine: Django's database sessions plus a link to the logged-in user."""

from django.contrib.sessions.backends.db import SessionStore as DBStore


class SessionStore(DBStore):
    @classmethod
    def get_model_class(cls):
        # accounts.models imports this module: a cycle.
        from accounts.models import UserSession  # noqa: PLC0415

        return UserSession

    def create_model_instance(self, data):
        instance = super().create_model_instance(data)
        try:
            instance.user_id = int(data.get("_auth_user_id"))
        except (TypeError, ValueError):
            instance.user_id = None
        return instance
