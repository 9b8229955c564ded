"""The pages cache: keys that carry the language, a copy in the process in front of Redis, and
a register of what each person's requests stored, so deleting an account deletes it too.

Two cache aliases (settings.CACHES, built by config.py):
- ``default``, the pages cache (``PagesCache``): rendered fragments and values whose key names
  everything they depend on (the versions the database moves, the release in the key prefix,
  the parameters) and, through ``language_key``, the language active when the key is made. A
  value under such a key never changes, so it may be copied anywhere: with Redis, each
  process keeps a bounded copy (``LOCAL_SECONDS``, ``LOCAL_ENTRIES``) and asks Redis only on
  a local miss, so a page with a dozen ``{% cache %}`` blocks costs no network round trip.
  Without Redis the process's copy is the only one.
- ``shared``: what must be one value for every worker and server (sessions, rate-limit
  counters, the health check, the register below). Never copied, never keyed by language.

What a signed-in person's request stores in the pages cache (their menu with their e-mail,
their home, history, progress, player) is listed in the shared cache under their id, one
entry per value (``register``: an atomic counter, so concurrent requests lose none); when
their account is deleted, ``forget_person`` deletes every value listed, in Redis and in this
process. Other processes' copies of those values end with ``LOCAL_SECONDS``; they are
unreachable before that (their keys name a person who can no longer sign in).
"""

from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.locmem import LocMemCache
from django.utils import translation
from django.utils.module_loading import import_string

from backcare.caching.versions import current_person_id

LOCAL_SECONDS = 60
LOCAL_ENTRIES = 5_000
# Longer than any value the pages cache keeps (a day), so the register outlives what it lists.
REGISTER_SECONDS = 2 * 24 * 60 * 60


def language_key(key: str, key_prefix: str, version) -> str:
    """Django's default key function with the active language in it: a fragment rendered in
    Russian is never served to a page in English, whoever wrote the ``{% cache %}`` tag."""
    return f"{key_prefix}:{version}:{translation.get_language() or '-'}:{key}"


class PagesCache(BaseCache):
    """A ``LocMemCache`` in this process, in front of the cache ``OPTIONS["SHARED"]`` names
    (a backend path; its ``LOCATION`` and other options are this alias's) when there is one.
    Reads try the process first; a value found in the shared cache is copied into the process
    for ``LOCAL_SECONDS``; writes go to both. Only for keys whose value never changes."""

    def __init__(self, location, params):
        super().__init__(params)
        options = dict(params.get("OPTIONS", {}))
        shared = options.pop("SHARED", None)
        entries = options.pop("LOCAL_ENTRIES", LOCAL_ENTRIES)
        keys = {
            name: params[name]
            for name in ("KEY_PREFIX", "KEY_FUNCTION", "VERSION", "TIMEOUT")
            if name in params
        }
        self.shared = None
        self.local_seconds = None  # without a shared cache, values live as long as they say
        if shared:
            self.shared = import_string(shared)(location, {**params, "OPTIONS": options})
            self.local_seconds = options.pop("LOCAL_SECONDS", LOCAL_SECONDS)
            keys["TIMEOUT"] = self.local_seconds
        self.local = LocMemCache(f"pages:{location}", {**keys, "OPTIONS": {"MAX_ENTRIES": entries}})

    def _local_timeout(self, timeout):
        if self.local_seconds is None:
            return timeout
        if timeout is DEFAULT_TIMEOUT or timeout is None:
            return self.local_seconds
        return min(timeout, self.local_seconds)

    def get(self, key, default=None, version=None):
        missing = object()
        value = self.local.get(key, missing, version)
        if value is missing:
            if self.shared is None:
                return default
            value = self.shared.get(key, missing, version)
            if value is missing:
                return default
            self.local.set(key, value, self.local_seconds, version)
        return value

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        register(key, version)
        self.local.set(key, value, self._local_timeout(timeout), version)
        if self.shared is not None:
            self.shared.set(key, value, timeout, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        if self.shared is None:
            added = self.local.add(key, value, timeout, version)
        else:
            added = self.shared.add(key, value, timeout, version)
            if added:
                self.local.set(key, value, self._local_timeout(timeout), version)
        if added:
            register(key, version)
        return added

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        touched = self.local.touch(key, self._local_timeout(timeout), version)
        if self.shared is not None:
            return self.shared.touch(key, timeout, version)
        return touched

    def delete(self, key, version=None):
        deleted = self.local.delete(key, version)
        if self.shared is not None:
            deleted = self.shared.delete(key, version) or deleted
        return deleted

    def has_key(self, key, version=None):
        if self.local.has_key(key, version):
            return True
        return self.shared is not None and self.shared.has_key(key, version)

    def clear(self):
        self.local.clear()
        if self.shared is not None:
            self.shared.clear()

    def close(self, **kwargs):
        if self.shared is not None:
            self.shared.close(**kwargs)

    def ping(self) -> bool:
        return self.shared.ping() if self.shared is not None else True


def _register_keys(person_id) -> tuple[str, str]:
    return f"person-values:{person_id}", f"person-values:{person_id}:"


def register(key: str, version=None) -> None:
    """List ``key`` (in the active language) under the signed-in person of this request."""
    person_id = current_person_id()
    if person_id is None:
        return
    shared = caches["shared"]
    counter, entry = _register_keys(person_id)
    try:
        shared.add(counter, 0, REGISTER_SECONDS)
        number = shared.incr(counter)
    except ValueError:  # the shared cache is down: the value expires on its own
        return
    shared.set(f"{entry}{number}", (translation.get_language(), key, version), REGISTER_SECONDS)


def forget_person(person_id) -> int:
    """Delete every pages-cache value stored by this person's requests; how many were listed."""
    shared, pages = caches["shared"], caches["default"]
    counter, entry = _register_keys(person_id)
    count = shared.get(counter) or 0
    names = [f"{entry}{number}" for number in range(1, count + 1)]
    for language, key, version in shared.get_many(names).values():
        with translation.override(language):
            pages.delete(key, version)
    shared.delete_many([counter, *names])
    return count
