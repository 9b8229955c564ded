"""Django's ``cached_db`` sessions tied to their user: the engine when Redis is configured
(see ``accounts.sessions``)."""

from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore

from accounts.sessions import LinkedToUser


class SessionStore(LinkedToUser, CachedDBStore):
    pass
