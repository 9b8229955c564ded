"""How often a visitor without an account may write: counters in Django's cache.

Anonymous trial saves and safety checks each store a row for someone nobody can contact, so
they are counted per client (its IP address: see ``client_of``) and in total, in fixed windows
of seconds. Over either limit the write is refused with a friendly 429 and a
``Retry-After``. The counters live in the cache the servers share (Redis when ``REDIS_URL`` is
set), so every server counts the same visitor; when the cache cannot be reached a write is let
through rather than refused (the limits protect storage, they are not a lock).
"""

import hashlib
import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Limit:
    per_client: int  # writes one client may make in a window
    in_total: int  # writes every anonymous client together may make in a window
    window: int = 60  # seconds


def limit_of(name: str) -> Limit:
    """The limit named in ``settings.BACKCARE_ANONYMOUS_LIMITS``."""
    return Limit(**settings.BACKCARE_ANONYMOUS_LIMITS[name])


def client_of(request) -> str:
    """A short digest of the client's address: the counters never hold an IP address.
    Behind a proxy every request comes from the proxy's address; when
    ``BACKCARE_CLIENT_IP_HEADER`` names the header the proxy sets (``HTTP_X_FORWARDED_FOR``,
    ``HTTP_X_REAL_IP``), its last value, the one the proxy added, is the client."""
    address = request.META.get("REMOTE_ADDR", "")
    header = settings.BACKCARE_CLIENT_IP_HEADER
    if header and request.META.get(header):
        address = request.META[header].split(",")[-1].strip()
    address = address or "unknown"
    return hashlib.sha256(address.encode()).hexdigest()[:16]


def _count(key: str, window: int) -> int:
    """Add one to the counter ``key`` of the current window and return it; 0 when the cache
    fails (nothing is refused for want of a counter)."""
    try:
        caches["shared"].add(key, 0, timeout=window + 5)
        return caches["shared"].incr(key)
    except Exception:  # any cache failure: count nothing
        return 0


def over_limit(request, name: str) -> int | None:
    """Count one anonymous write of kind ``name``: None while within its limits, else the
    seconds until the window ends (for ``Retry-After``)."""
    limit = limit_of(name)
    now = int(time.time())
    window = now // limit.window
    retry_after = limit.window - now % limit.window
    if _count(f"ratelimit:{name}:{window}:{client_of(request)}", limit.window) > limit.per_client:
        return retry_after  # not counted in the total: one client cannot use it all up
    if _count(f"ratelimit:{name}:{window}:all", limit.window) > limit.in_total:
        return retry_after
    return None


def first_refusal(request, name: str) -> bool:
    """Whether this is the first refusal of kind ``name`` in its window, for one log line
    per window instead of one per refused request."""
    limit = limit_of(name)
    try:
        return caches["shared"].add(
            f"ratelimit:{name}:{int(time.time()) // limit.window}:logged", 1
        )
    except Exception:  # any cache failure: say nothing rather than every time
        return False


def too_many(request, retry_after: int, *, json: bool = False):
    """The friendly 429: a page, or JSON for the player's save."""
    message = _(
        "Too many at once: BackCare could not keep this just now. Please wait a minute and "
        "try again; nothing you did before is lost."
    )
    if json:
        response = JsonResponse({"errors": {"rate": [message]}, "retry_after": retry_after})
        response.status_code = 429
    else:
        response = render(request, "429.html", {"retry_after": retry_after}, status=429)
    response["Retry-After"] = str(retry_after)
    return response


class QuietRefusals(logging.Filter):
    """Drops Django's "Not Found" / "Too Many Requests" line for a request its view marked
    ``request.quiet_refusal`` (unknown calendar addresses: a guesser would otherwise write
    one warning line per guess); the view logs one line per window instead."""

    def filter(self, record):
        request = getattr(record, "request", None)
        return not getattr(request, "quiet_refusal", False)
