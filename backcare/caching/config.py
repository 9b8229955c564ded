"""settings.CACHES for BackCare, from the Redis address (or none) and the release's prefix.

Used by settings.py and by the tests that point the caches at a Redis of their own, so both
aliases (``default`` for pages, ``shared`` for sessions and counters: tiered.py says why)
are always configured the same way. Imports nothing: settings.py reads it.
"""

REDIS_OPTIONS = {"socket_connect_timeout": 0.25, "socket_timeout": 0.5}


def cache_settings(redis_url: str, key_prefix: str, options: dict | None = None) -> dict:
    """Redis is only a cache: its errors are misses, never a failed page
    (backcare/caching/redis.py); short timeouts so a hung Redis cannot hang a request. Without
    Redis both aliases live in the process; pages cache fragments per person (home, history,
    player), so the default of 300 entries would be culled all the time: 10,000 fragments are
    a few hundred MB at most, and usually far less."""
    pages_keys = {"KEY_PREFIX": key_prefix, "KEY_FUNCTION": "backcare.caching.tiered.language_key"}
    if not redis_url:
        return {
            "default": {
                "BACKEND": "backcare.caching.tiered.PagesCache",
                "LOCATION": "pages",
                **pages_keys,
                "OPTIONS": {"MAX_ENTRIES": 10_000},
            },
            "shared": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": "shared",
                "KEY_PREFIX": key_prefix,
            },
        }
    options = options or REDIS_OPTIONS
    return {
        "default": {
            "BACKEND": "backcare.caching.tiered.PagesCache",
            "LOCATION": redis_url,
            **pages_keys,
            "OPTIONS": {"SHARED": "backcare.caching.redis.ResilientRedisCache", **options},
        },
        "shared": {
            "BACKEND": "backcare.caching.redis.ResilientRedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": key_prefix,
            "OPTIONS": options,
        },
    }
