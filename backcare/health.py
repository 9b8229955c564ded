"""What /healthz reports: whether the database and the cache answer now."""

import logging

from django.core.cache import caches
from django.db import DatabaseError, InterfaceError, connection

logger = logging.getLogger(__name__)


def database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except (DatabaseError, InterfaceError) as error:
        logger.warning("Health check: the database does not answer (%s).", error)
        return False
    return True


def cache_answers() -> bool:
    """Redis is asked directly (backcare.caching.redis); an in-process cache always answers."""
    ping = getattr(caches["shared"], "ping", None)
    return ping() if ping else True


def report() -> dict:
    """``status`` is ``ok``, ``degraded`` (the cache is down: pages are slower, nothing
    fails) or ``down`` (the database is down: pages answer 503)."""
    database = "ok" if database_answers() else "down"
    cache_state = "ok" if cache_answers() else "degraded"
    status = "down" if database != "ok" else "ok" if cache_state == "ok" else "degraded"
    return {"status": status, "database": database, "cache": cache_state}
