"""The pages cache: keys that carry the language, and a copy in the process in front of Redis.

Two cache aliases (settings.CACHES):
- ``default``, the pages cache: rendered fragments and values whose key names everything they
  depend on (the versions the database moves, the release in the key prefix, the parameters)
  and, through ``language_key``, the language active when the key is made. A value under such
  a key never changes, so it may be copied anywhere: ``TieredCache`` keeps a bounded copy in
  each process (``LOCAL_SECONDS``, ``LOCAL_ENTRIES``) and asks the shared Redis only on a
  local miss. A page with a dozen ``{% cache %}`` blocks then costs no network round trip.
- ``shared``: what must be one value for every worker and server (sessions, rate-limit
  counters, the health check). Never copied into a process, never keyed by language.
"""

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.locmem import LocMemCache
from django.utils.module_loading import import_string
from django.utils.translation import get_language

LOCAL_SECONDS = 60
LOCAL_ENTRIES = 5_000


def language_key(key: str, key_prefix: str, version) -> str:
    """Django's default key function with the active language in it: a fragment rendered in
    Russian is never served to a page in English, whoever wrote the ``{% cache %}`` tag."""
    return f"{key_prefix}:{version}:{get_language() or '-'}:{key}"


class TieredCache(BaseCache):
    """A ``LocMemCache`` in front of the cache ``OPTIONS["SHARED"]`` names (a backend path; its
    ``LOCATION`` and other options are this alias's). Reads try the process first; a value
    found in the shared cache is copied into the process for ``LOCAL_SECONDS``; writes go to
    both. Only for keys whose value never changes (see the module's docstring)."""

    def __init__(self, location, params):
        super().__init__(params)
        options = dict(params.get("OPTIONS", {}))
        backend = import_string(options.pop("SHARED"))
        self.local_seconds = options.pop("LOCAL_SECONDS", LOCAL_SECONDS)
        entries = options.pop("LOCAL_ENTRIES", LOCAL_ENTRIES)
        keys = {
            name: params[name]
            for name in ("KEY_PREFIX", "KEY_FUNCTION", "VERSION")
            if name in params
        }
        self.shared = backend(location, {**params, **keys, "OPTIONS": options})
        self.local = LocMemCache(
            f"tiered:{location}",
            {**keys, "TIMEOUT": self.local_seconds, "OPTIONS": {"MAX_ENTRIES": entries}},
        )

    def _local_timeout(self, timeout):
        if timeout is DEFAULT_TIMEOUT or timeout is None:
            return self.local_seconds
        return min(timeout, self.local_seconds)

    def get(self, key, default=None, version=None):
        missing = object()
        value = self.local.get(key, missing, version)
        if value is missing:
            value = self.shared.get(key, missing, version)
            if value is missing:
                return default
            self.local.set(key, value, self.local_seconds, version)
        return value

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self.local.set(key, value, self._local_timeout(timeout), version)
        self.shared.set(key, value, timeout, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        added = self.shared.add(key, value, timeout, version)
        if added:
            self.local.set(key, value, self._local_timeout(timeout), version)
        return added

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        self.local.touch(key, self._local_timeout(timeout), version)
        return self.shared.touch(key, timeout, version)

    def delete(self, key, version=None):
        local = self.local.delete(key, version)
        return self.shared.delete(key, version) or local

    def has_key(self, key, version=None):
        return self.local.has_key(key, version) or self.shared.has_key(key, version)

    def clear(self):
        self.local.clear()
        self.shared.clear()

    def close(self, **kwargs):
        self.shared.close(**kwargs)

    def ping(self) -> bool:
        return self.shared.ping()
