"""Django's Redis cache, optional at run time: a Redis that fails is a cache miss, never a
failed page.

``ResilientRedisCache`` wraps the public methods of Django's ``RedisCache``: any Redis error
(refused, reset, timed out: ``redis.RedisError`` and ``OSError``) gives what a miss gives
(``get`` its default, ``get_many`` ``{}``, ``add``/``delete``/``touch``/``has_key`` ``False``,
``set``/``delete_many``/``clear`` nothing, ``incr`` a ``ValueError`` as for a missing key).
After an error the process leaves Redis alone for ``RETRY_SECONDS`` (every call is a miss at
once), so a hung Redis costs one short timeout per pause, not one per call; the error is
logged at most once per ``LOG_SECONDS`` and the recovery once. Nothing is ever deleted to
invalidate a value (keys carry versions), so a call lost in an outage loses nothing.
The short connect and read timeouts are in ``settings.CACHES``.
"""

import logging
import re
import threading
import time

import redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)

ERRORS = (redis.RedisError, OSError)


class _Health:
    """What a process knows about one Redis location; shared by its threads' cache objects."""

    def __init__(self):
        self.lock = threading.Lock()
        self.down_until = 0.0
        self.logged_at = None
        self.errors = 0  # since the last report
        self.down = False  # a failure was reported, its recovery not yet


_health: dict[str, _Health] = {}
_health_lock = threading.Lock()


def forget_health() -> None:
    """Forget every location's outage (for tests)."""
    with _health_lock:
        _health.clear()


class ResilientRedisCache(RedisCache):
    RETRY_SECONDS = 2.0
    LOG_SECONDS = 60.0

    def __init__(self, server, params):
        super().__init__(server, params)
        location = server if isinstance(server, str) else ",".join(server)
        # Never log a password: redis://user:secret@host/0 becomes redis://host/0.
        self.where = re.sub(r"//[^@/]*@", "//", location)
        with _health_lock:
            self.health = _health.setdefault(location, _Health())

    def _safely(self, miss, method, *args):
        health = self.health
        if time.monotonic() < health.down_until:
            return miss
        try:
            result = method(*args)
        except ERRORS as error:
            self._failed(error)
            return miss
        if health.down or health.errors:
            self._recovered()
        return result

    def _failed(self, error) -> None:
        health, now = self.health, time.monotonic()
        with health.lock:
            health.down_until = now + self.RETRY_SECONDS
            health.errors += 1
            if health.logged_at is not None and now - health.logged_at < self.LOG_SECONDS:
                return
            health.logged_at, health.down = now, True
            count, health.errors = health.errors, 0
        logger.warning(
            "Cache at %s failed (%s: %s); serving without it, %d error(s) since the last "
            "report. Next report in %d s at the earliest.",
            self.where,
            type(error).__name__,
            error,
            count,
            self.LOG_SECONDS,
        )

    def _recovered(self) -> None:
        """Say once that Redis answers again; errors kept quiet since the last report are
        told then too, or with the next success once the interval has passed."""
        health, now = self.health, time.monotonic()
        with health.lock:
            if not health.down and (not health.errors or now - health.logged_at < self.LOG_SECONDS):
                return
            count, health.errors, health.down = health.errors, 0, False
            if count:
                health.logged_at = now
        logger.warning(
            "Cache at %s answers again%s.",
            self.where,
            f" after {count} unreported error(s)" if count else "",
        )

    # Django's cache API, every call through ``_safely``.

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._safely(False, super().add, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._safely(default, super().get, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._safely(None, super().set, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._safely(False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._safely(False, super().delete, key, version)

    def get_many(self, keys, version=None):
        return self._safely({}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._safely(False, super().has_key, key, version)

    def incr(self, key, delta=1, version=None):
        missing = object()
        result = self._safely(missing, super().incr, key, delta, version)
        if result is missing:
            raise ValueError(f"Key '{key}' not found (the cache is unavailable).")
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._safely(list(data), super().set_many, data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._safely(None, super().delete_many, keys, version)

    def clear(self):
        return self._safely(False, super().clear)

    def ping(self) -> bool:
        """Whether Redis answers now, asked directly (not paused by an earlier error)."""
        try:
            super().has_key("healthz")
        except ERRORS as error:
            self._failed(error)
            return False
        with self.health.lock:
            self.health.down_until = 0.0
        if self.health.down:
            self._recovered()
        return True
