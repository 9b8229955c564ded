"""Cached HTML: anonymous pages, fragments of signed-in pages, and the page around them.

Every key names all its content depends on, so nothing is ever deleted to invalidate it: an
edit changes a version, and the next request asks for a new key.
- ``catalogue_version()``: moves on with every exercise or condition write (signals in
  exercises.apps); in the database (``CatalogueVersion``), read with the session, and for
  visitors' pages in Redis when there is one.
- ``cache_anonymous_page``: a visitor with no cookies at all sees the same catalogue and
  exercise pages as every other, cached per URL.
- ``cached_fragment`` / ``render_fragment``: a part of a page, keyed by the version and
  whatever else it shows (the person, their log and routines versions, the day...), with CSRF
  tokens put in per request; ``render_page``: base.html around a page's content.
- ``ProcessCopies``: each worker keeps the values it read last, saving Redis round trips.
Every key also carries the release (backcare/release.py) and the language.
"""

import functools
import hashlib
import threading
import time
from collections import OrderedDict

from asgiref.local import Local
from django.conf import settings
from django.core.cache import cache
from django.db import connection, connections, transaction
from django.db.models import F
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from backcare.release import release

VERSION_KEY = "catalogue-version"
PAGE_SECONDS = 600


# The version read once per request: a page asks for it several times (the safety outcome,
# each fragment), and with Redis each read is a round trip. Held only while a request runs
# (request_started to request_finished, connected in exercises.apps); a bump in the request
# forgets it.
_request = Local()


def start_request(**kwargs):
    _request.versions = {}


def end_request(**kwargs):
    _request.versions = None


def catalogue_version() -> str | None:
    """The catalogue's version, named by where it was read: ``db:<n>`` or ``cache:<n>``. It
    goes into every key of cached HTML, so two sources can never be taken for each other.

    - The database always keeps it: a one-row table (``CatalogueVersion``), moved on in the
      transaction of every catalogue write, so a request never sees the new version with the
      old rows. A request with a session reads it with the session row (accounts/sessions.py):
      no query or round trip of its own.
    - With Redis (settings.CATALOGUE_VERSION_IN == "cache"), a request without a session (a
      visitor's cached page) reads Redis's copy, which keeps those pages up while the
      database is down. It moves on once the write is committed. None when Redis cannot say:
      callers then render afresh. A copy lost from Redis (evicted, restarted empty) starts
      again from the clock in microseconds, never from a number used before.
    """
    versions = getattr(_request, "versions", None)
    if versions is not None and VERSION_KEY in versions:
        return versions[VERSION_KEY]
    if settings.CATALOGUE_VERSION_IN == "database":
        version = f"db:{_version_in_database()}"
    else:
        number = cache.get(VERSION_KEY)
        if number is None:
            cache.add(VERSION_KEY, time.time_ns() // 1000, timeout=None)
            number = cache.get(VERSION_KEY)
        version = None if number is None else f"cache:{number}"
    if versions is not None and version is not None:
        versions[VERSION_KEY] = version
    return version


def note_catalogue_version(number: int) -> None:
    """The database's version, read along with the session row in this request."""
    versions = getattr(_request, "versions", None)
    if versions is not None:
        versions[VERSION_KEY] = f"db:{number}"


@functools.cache
def version_sql(alias: str = "default") -> str:
    """The SQL that reads the version: plain, since the ORM would take longer to build it than
    the database to answer (it is read on every anonymous page served from the cache)."""
    from exercises.models import CatalogueVersion  # noqa: PLC0415 (models import this module)

    quote = connections[alias].ops.quote_name
    meta = CatalogueVersion._meta
    number, table, key = meta.get_field("number").column, meta.db_table, meta.pk.column
    return f"SELECT {quote(number)} FROM {quote(table)} WHERE {quote(key)} = 1"  # noqa: S608


def _version_in_database() -> int:
    from exercises.models import CatalogueVersion  # noqa: PLC0415 (models import this module)

    with connection.cursor() as cursor:
        cursor.execute(version_sql(connection.alias))
        row = cursor.fetchone()
    if row is None:  # a database emptied by hand: the migration's row again
        return CatalogueVersion.objects.get_or_create(pk=1)[0].number
    return row[0]


def bump_catalogue_version(**kwargs):
    """Move the version on: in the database now, in the write's transaction; in Redis once
    that transaction is committed (before, a visitor's page could be cached from the old rows
    under the new version, and kept)."""
    from exercises.models import CatalogueVersion  # noqa: PLC0415 (models import this module)

    versions = getattr(_request, "versions", None)
    if versions is not None:
        versions.pop(VERSION_KEY, None)
    if not CatalogueVersion.objects.filter(pk=1).update(number=F("number") + 1):
        CatalogueVersion.objects.get_or_create(pk=1, defaults={"number": 2})
    if settings.CATALOGUE_VERSION_IN == "cache":
        transaction.on_commit(_bump_in_cache)


def _bump_in_cache():
    versions = getattr(_request, "versions", None)
    if versions is not None:
        versions.pop(VERSION_KEY, None)
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not set (or the cache is down: the version restarts from the clock)
        cache.set(VERSION_KEY, time.time_ns() // 1000, timeout=None)


def outcome_key(outcome) -> str:
    """What a safety outcome means for the catalogue, as a cache key: the slugs of its rules,
    sorted. Two people with the same conditions see the same badges; the rules' content is
    covered by the catalogue version, which every Condition change bumps."""
    return ",".join(sorted(rule.slug for rule in outcome.rules)) or "-"


def digest(*parts) -> str:
    """A cache key made of the data a fragment shows: when the data change, so does the key."""
    return hashlib.sha256(repr(parts).encode()).hexdigest()


# Stands for the CSRF token in cached HTML (a real token is 64 letters and digits, never
# this): a form's token belongs to the browser that asked, so it is put in on every serve.
CSRF_PLACEHOLDER = "csrf-token-of-the-request"


def render_fragment(template_name: str, context: dict, request) -> str:
    """Render a template for a cached fragment: like ``render_to_string``, with the CSRF
    token left as a placeholder that ``cached_fragment(..., request=request)`` fills in."""
    return render_to_string(template_name, {**context, "csrf_token": CSRF_PLACEHOLDER}, request)


class ProcessCopies:
    """The most recently used cached HTML (and safety outcomes), kept in the process too.

    Every key of such a value names all its content depends on (release, catalogue version,
    the person's versions...), so a copy kept under a key is never stale: a change makes a
    new key. Reading the copy saves a round trip to Redis (about 0.4 ms here) and unpickling,
    several times per page. Least recently used copies go first."""

    def __init__(self, size: int):
        self.size = size
        self.entries = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            value = self.entries.get(key)
            if value is not None:
                self.entries.move_to_end(key)
            return value

    def put(self, key, value):
        with self.lock:
            self.entries[key] = value
            self.entries.move_to_end(key)
            while len(self.entries) > self.size:
                self.entries.popitem(last=False)

    def clear(self):
        with self.lock:
            self.entries.clear()


# At most ~100 KB each (a catalogue page): a few MB per worker.
process_copies = ProcessCopies(200)


def get_keyed(key: str):
    """A cached value (HTML, an outcome) under a key that names all it depends on."""
    value = process_copies.get(key)
    if value is None:
        value = cache.get(key)
        if value is not None:
            process_copies.put(key, value)
    return value


def set_keyed(key: str, value, seconds: int) -> None:
    cache.set(key, value, seconds)
    process_copies.put(key, value)


def cached_value(name: str, *parts, compute, seconds: int = PAGE_SECONDS):
    """``compute()`` once per release, catalogue version, language and ``parts`` (everything
    else the value depends on), then read from the cache. A change to an exercise or a rule
    changes the version, so the next request computes afresh; nothing needs deleting. When
    the cache cannot say the version (Redis down), it is computed and not kept."""
    version = catalogue_version()
    if version is None:
        return compute()
    key = f"{name}:{release()}:{version}:{get_language()}:{digest(*parts)}"
    value = get_keyed(key)
    if value is None:
        value = compute()
        set_keyed(key, value, seconds)
    return value


def cached_fragment(name: str, *parts, render, seconds: int = PAGE_SECONDS, request=None) -> str:
    """HTML rendered by ``render()`` once per ``cached_value`` key: the catalogue version and
    ``parts`` (the query string, the outcome key...).

    With ``request``, the CSRF placeholder of ``render_fragment`` becomes this request's
    token, so forms in a fragment shared between browsers (or one person's phone and laptop)
    post with the right token."""
    html = cached_value(f"fragment:{name}", *parts, compute=render, seconds=seconds)
    if request is not None and CSRF_PLACEHOLDER in html:
        # Rendered by our templates; a token is letters and digits.
        html = mark_safe(html.replace(CSRF_PLACEHOLDER, csrf_token_of(request)))  # noqa: S308
    return html


def csrf_token_of(request) -> str:
    """Django's ``get_token``, once per request and secret: each call masks the secret
    afresh with 32 random letters (33 reads of the system's randomness), and a page served
    from the cache fills the token into its shell and its content. One mask per response is
    what the masking is for; a secret rotated during the request (a log-in) gets a new one."""
    secret = request.META.get("CSRF_COOKIE")
    known = getattr(request, "_csrf_token_of", None)
    if known is None or secret is None or known[0] != secret:
        token = get_token(request)
        known = (request.META.get("CSRF_COOKIE"), token)
        request._csrf_token_of = known
    return known[1]


# Stands for a page's content in its cached shell (base.html around it).
CONTENT_PLACEHOLDER = "<!-- content-of-the-request -->"


def render_page(request, template: str, content: str, *parts, context=None, status=200):
    """``template`` (a page extending base.html that shows ``{{ content }}``) around
    ``content``, with everything but the content (the head, the menu, the safety notice, the
    footer, the title) taken from a cached shell. Rendering base.html was about 0.5 ms of a
    signed-in page that serves its content from the cache.

    The shell's key holds what the base shows of the request (the page, the person's e-mail,
    the safety notice), the template, and ``parts``: whatever else the template's blocks show
    besides the content (e.g. the routine's name in a title), given in ``context`` for a
    miss. A request with messages to show is rendered in full (they are shown once)."""
    context = {**(context or {}), "content": content}
    storage = getattr(request, "_messages", None)
    if storage is not None and len(storage):
        return render(request, template, context, status=status)
    # exercises.safety.profile imports this module.
    from exercises.safety.profile import safety_notice  # noqa: PLC0415

    notice = safety_notice(request)
    match = request.resolver_match
    user = request.user
    key = (
        template,
        match.view_name if match else "",
        user.is_authenticated,
        getattr(user, "email", ""),
        notice.get("safety_notice"),
        notice["safety_profile"].expired if notice else None,
        parts,
    )

    def shell():
        content = mark_safe(CONTENT_PLACEHOLDER)  # noqa: S308 - a constant
        return render_fragment(template, {**context, "content": content}, request)

    html = cached_fragment("page", *key, render=shell, request=request)
    return HttpResponse(html.replace(CONTENT_PLACEHOLDER, content, 1), status=status)


def _cacheable(request) -> bool:
    return (
        request.method == "GET"
        and not request.COOKIES.get(settings.SESSION_COOKIE_NAME)
        and "messages" not in request.COOKIES
    )


def cache_anonymous_page(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _cacheable(request):
            return view(request, *args, **kwargs)
        digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        version = catalogue_version()
        if version is None:
            return view(request, *args, **kwargs)
        key = f"page:{release()}:{version}:{digest}"
        cached = get_keyed(key)
        if cached is not None:
            content, content_type, status = cached
            return HttpResponse(content, content_type=content_type, status=status)
        response = view(request, *args, **kwargs)
        if response.status_code in (200, 404) and not response.streaming:
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            set_keyed(
                key,
                (response.content, response["Content-Type"], response.status_code),
                PAGE_SECONDS,
            )
        return response

    return wrapper
