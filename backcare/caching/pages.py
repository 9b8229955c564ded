"""Cached HTML: visitors' pages, fragments of signed-in pages, and the page around them.

Every key names what its content depends on: the versions (``versions()``, moved by the
database), the language (added by the cache's key function, tiered.py), and whatever else the
value shows; the release is the cache's key prefix (settings). Nothing is ever deleted to
invalidate: a write moves a version, and the next request asks for a new key.
- ``cache_anonymous_page``: a visitor with no cookies at all sees the same catalogue and
  exercise pages as every other; cached per validated query, answered with an ETag and 304
  to a browser that has the page already.
- ``cached_value`` / ``cached_fragment``: a value or a part of a page,
  keyed by the catalogue version and ``parts`` (the person, their version, the day...).
- ``render_page``: a page around a cached content, rendered for the request.
"""

import functools
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.views.decorators.http import condition

from backcare.caching.versions import versions

PAGE_SECONDS = 600
# Browsers and proxies may reuse a visitor's page this long without asking; after it they
# ask with the page's ETag and get a 304 while the catalogue has not changed.
PUBLIC_MAX_AGE = 60
_MISSING = object()


def outcome_key(outcome) -> str:
    """What a safety outcome means for the catalogue, as a cache key: the slugs of its rules,
    sorted. Two people with the same conditions see the same badges; the rules' content is
    covered by the catalogue version, which every Condition change bumps."""
    return ",".join(sorted(rule.slug for rule in outcome.rules)) or "-"


def digest(*parts) -> str:
    """A cache key made of the data a fragment shows: when the data change, so does the key."""
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def cached_value(name: str, *parts, compute, seconds: int = PAGE_SECONDS):
    """``compute()`` once per catalogue version, language and ``parts`` (everything else the
    value depends on: a person's version when it shows their data), then read from the
    cache. A write to an exercise or a rule moves the catalogue version, so the next request
    computes afresh; nothing needs deleting."""
    key = f"{name}:{versions().catalogue}:{digest(*parts)}"
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(key, value, seconds)
    return value


def cached_fragment(name: str, *parts, render, seconds: int = PAGE_SECONDS) -> str:
    """HTML rendered by ``render()`` once per ``cached_value`` key. It must not hold anything
    of the request (a CSRF token, messages): a form in it posts a form rendered outside it
    (the ``form`` attribute), as the home page does."""
    return mark_safe(cached_value(f"fragment:{name}", *parts, compute=render, seconds=seconds))  # noqa: S308 - rendered by our templates


def render_page(request, template: str, content: str, *, context=None, status=200):
    """``template`` (a page extending base.html that shows ``{{ content }}``) around a
    ``content`` that came from the cache, with ``context`` for its other blocks (e.g. the
    routine in a title). The page around it is rendered for this request (its CSRF token,
    messages, safety notice); base.html caches its own menu and footer with ``{% cache %}``."""
    return render(request, template, {**(context or {}), "content": content}, status=status)


def _cacheable(request) -> bool:
    """A visitor's request with nothing of their own: no session (a check, a trial), no
    messages to show. A CSRF cookie alone changes nothing these pages show."""
    return (
        request.method in ("GET", "HEAD")
        and not request.COOKIES.get(settings.SESSION_COOKIE_NAME)
        and "messages" not in request.COOKIES
    )


def _etag(request, *args, **kwargs):
    """A visitor's page changes only with the catalogue, the language and the release."""
    if not _cacheable(request):
        return None
    prefix = settings.CACHES["default"].get("KEY_PREFIX", "")
    return digest(prefix, versions().catalogue, get_language(), request.get_full_path())[:24]


def cache_anonymous_page(*, query=None):
    """For a view that shows a visitor the same page as every other visitor: cached per
    catalogue version, language and ``query(request)``, the query string as the view reads
    it (its own parameters only, in a fixed order, so made-up parameters cannot fill the
    cache; none by default), sent with ``Cache-Control: public`` and an ETag, and answered
    304 when the browser has it. Anyone else (a session, messages) gets the view's own,
    private answer."""

    def decorator(view):
        @functools.wraps(view)
        def cached_view(request, *args, **kwargs):
            if not _cacheable(request):
                response = view(request, *args, **kwargs)
                patch_cache_control(response, private=True, no_store=True)
                return response
            shown = query(request) if query is not None else ""
            key = (
                f"page:{versions().catalogue}:"
                f"{digest(request.path, args, sorted(kwargs.items()), shown)}"
            )
            cached = cache.get(key)
            if cached is not None:
                content, content_type, status = cached
                response = HttpResponse(content, content_type=content_type, status=status)
            else:
                response = view(request, *args, **kwargs)
                # A response that sets a cookie (a CSRF token for a form, a session) is that
                # visitor's own: never stored for the next one.
                if (
                    response.status_code in (200, 404)
                    and not response.streaming
                    and not response.cookies
                ):
                    if hasattr(response, "render") and not response.is_rendered:
                        response.render()
                    cache.set(
                        key,
                        (response.content, response["Content-Type"], response.status_code),
                        PAGE_SECONDS,
                    )
            if response.status_code == 200:
                patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
                patch_vary_headers(response, ("Cookie", "Accept-Language"))
            return response

        # Django's conditional GET: the ETag goes out with the page, and a matching
        # If-None-Match gets a 304 without rendering anything.
        return condition(etag_func=_etag)(cached_view)

    return decorator
