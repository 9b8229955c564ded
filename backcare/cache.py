"""The Redis cache, optional at run time: losing Redis costs speed, never a page.

``ResilientRedisCache`` is Django's ``RedisCache`` in which any Redis error (connection
refused, reset, timed out: every ``redis.RedisError`` and ``OSError``) is a miss: ``get`` gives
the default, ``get_many`` ``{}``, ``add``/``delete``/``touch``/``has_key`` ``False``, ``set`` and
``delete_many`` do nothing, ``set_many`` reports every key as not stored, and ``incr`` raises
``ValueError`` as for a missing key, so a caller's usual fallback runs.

- After an error the process leaves Redis alone for ``RETRY_SECONDS`` (every operation is a
  miss at once), so a hung Redis costs one short timeout per pause, not one per operation.
- The error is logged at most once per ``LOG_SECONDS``, with the count since the last report,
  and once more when Redis answers again (with the errors not yet reported, if any).
- A delete or an increment that could not reach Redis is an invalidation that did not
  happen (a changed safety rule, a catalogue edit). If Redis kept its data through the outage,
  it would serve the old value, so the process replays them before its first operation once
  Redis answers again.

The short connect and read timeouts are set in ``settings.CACHES``. ``ping()`` asks Redis
directly, for /healthz.
"""

import contextlib
import functools
import logging
import re
import threading
import time

import redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

logger = logging.getLogger(__name__)

ERRORS = (redis.RedisError, OSError)
MAX_REPLAYS = 1000


class _Health:
    """What every cache object of a process knows about one Redis location. Django keeps
    one cache object per thread, so this is shared between them, under a lock."""

    def __init__(self):
        self.lock = threading.Lock()
        self.down_until = 0.0
        self.logged_at = None  # when the last failure was reported
        self.reported = False  # a failure was reported, its recovery not yet
        self.errors = 0  # since the last report
        self.replays = {}  # (operation, key, version) -> callable, in order of failure


_health: dict[str, _Health] = {}
_health_lock = threading.Lock()


def _health_of(location: str) -> _Health:
    with _health_lock:
        return _health.setdefault(location, _Health())


def forget_health() -> None:
    """Forget every location's outage and pending replays (for tests)."""
    with _health_lock:
        _health.clear()


class OneClientPerPool(RedisCacheClient):
    """Django's Redis client, keeping one ``redis.Redis`` per connection pool instead of
    building one for every operation: building one (hundreds of response callbacks) cost more
    than a GET on loopback (0.15 ms). A ``redis.Redis`` is safe to share between threads; it
    takes a connection from its pool for each command."""

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        clients = self.__dict__.setdefault("_clients", {})
        client = clients.get(index)
        if client is None:
            client = clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client


class ResilientRedisCache(RedisCache):
    RETRY_SECONDS = 2.0
    LOG_SECONDS = 60.0

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = OneClientPerPool  # RedisCache sets its own in __init__
        location = server if isinstance(server, str) else ",".join(server)
        # Never log a password: redis://user:secret@host/0 becomes redis://host/0.
        self._where = re.sub(r"//[^@/]*@", "//", location)
        self._health = _health_of(location)

    # The one place that talks to Redis.

    def _safely(self, miss, method, *args, replay=None, **kwargs):
        """``method(*args, **kwargs)``, or ``miss`` when Redis fails or is resting.
        ``replay``: the invalidations to redo when it fails, as ``[(name, call)]``."""
        health = self._health
        if time.monotonic() < health.down_until:
            self._remember(replay)
            return miss
        try:
            if health.replays:
                self._replay()
            result = method(*args, **kwargs)
        except ERRORS as error:
            self._failed(error)
            self._remember(replay)
            return miss
        if health.reported or health.errors:
            self._recovered()
        return result

    def _failed(self, error) -> None:
        health = self._health
        now = time.monotonic()
        with health.lock:
            health.down_until = now + self.RETRY_SECONDS
            health.errors += 1
            if health.logged_at is not None and now - health.logged_at < self.LOG_SECONDS:
                return
            health.logged_at, health.reported = now, True
            count, health.errors = health.errors, 0
        logger.warning(
            "Cache at %s failed (%s: %s); serving without it, %d error(s) since the last "
            "report. Next report in %d s at the earliest.",
            self._where,
            type(error).__name__,
            error,
            count,
            self.LOG_SECONDS,
        )

    def _recovered(self) -> None:
        """Say once that Redis answers again; errors kept quiet since the last report are
        told then too, or with the next success once the interval has passed."""
        health = self._health
        now = time.monotonic()
        with health.lock:
            if not health.reported and (
                not health.errors or now - health.logged_at < self.LOG_SECONDS
            ):
                return
            count, health.errors, health.reported = health.errors, 0, False
            if count:
                health.logged_at = now
        logger.warning(
            "Cache at %s answers again%s.",
            self._where,
            f" after {count} unreported error(s)" if count else "",
        )

    def _remember(self, replay) -> None:
        if not replay:
            return
        with self._health.lock:
            replays = self._health.replays
            for name, call in replay:
                replays.pop(name, None)
                replays[name] = call
            while len(replays) > MAX_REPLAYS:
                replays.pop(next(iter(replays)))

    def _replay(self) -> None:
        """Redo the invalidations that failed, oldest first; a failure stops here and the
        rest wait for the next attempt."""
        replays = self._health.replays
        with self._health.lock:
            pending = list(replays.items())
        for name, call in pending:
            # ValueError: an increment of a key that expired meanwhile.
            with contextlib.suppress(ValueError):
                call()
            with self._health.lock:
                if replays.get(name) is call:
                    del replays[name]

    # Django's cache API.

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._safely(False, super().add, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._safely(default, super().get, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._safely(None, super().set, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._safely(False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        redo = [(("del", key, version), functools.partial(super().delete, key, version))]
        return self._safely(False, super().delete, key, version, replay=redo)

    def get_many(self, keys, version=None):
        return self._safely({}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._safely(False, super().has_key, key, version)

    def incr(self, key, delta=1, version=None):
        missing = object()
        redo = [(("incr", key, version), functools.partial(super().incr, key, delta, version))]
        result = self._safely(missing, super().incr, key, delta, version, replay=redo)
        if result is missing:
            raise ValueError(f"Key '{key}' not found (the cache is unavailable).")
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._safely(list(data), super().set_many, data, timeout, version)

    def delete_many(self, keys, version=None):
        keys, delete = list(keys), super().delete
        redo = [(("del", key, version), functools.partial(delete, key, version)) for key in keys]
        return self._safely(None, super().delete_many, keys, version, replay=redo)

    def clear(self):
        return self._safely(False, super().clear)

    def ping(self) -> bool:
        """Whether Redis answers now, asked directly (not paused by an earlier error)."""
        try:
            self._cache.get_client(write=True).ping()
        except ERRORS as error:
            self._failed(error)
            return False
        with self._health.lock:
            self._health.down_until = 0.0
        return True
