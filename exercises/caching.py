"""Caching the anonymous catalogue and exercise pages, and the parts of signed-in pages that
many people share.

A visitor with no cookies at all (no session, no pending messages) sees exactly the same
catalogue page as every other such visitor, so the rendered HTML is cached per URL. Anyone
with a session (logged in, or an anonymous safety check kept in the session) is rendered
fresh, because their page carries their safety badges. The cache key contains a catalogue
version that changes whenever an exercise or a condition changes (saved in the admin or
loaded from source), so a stale page is never served after an edit; with Redis the version
is shared by every app server.
"""

import functools
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from backcare.release import release

VERSION_KEY = "catalogue-version"
PAGE_SECONDS = 600


def catalogue_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return version


def bump_catalogue_version(**kwargs):
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not set yet
        cache.set(VERSION_KEY, 2, timeout=None)


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


def cached_fragment(name: str, *parts, render, seconds: int = PAGE_SECONDS, request=None) -> str:
    """HTML rendered by ``render()`` once per catalogue version and ``parts`` (everything
    else the fragment depends on: the query string, the outcome key...), then served from
    the cache. A change to an exercise or a rule changes the version, so the next request
    renders afresh; nothing needs deleting.

    With ``request``, the CSRF placeholder of ``render_fragment`` becomes this request's
    token, so forms in a fragment shared between browsers (or one person's phone and laptop)
    post with the right token."""
    key = f"fragment:{name}:{release()}:{catalogue_version()}:{get_language()}:{digest(*parts)}"
    html = cache.get(key)
    if html is None:
        html = render()
        cache.set(key, html, seconds)
    if request is not None and CSRF_PLACEHOLDER in html:
        # Rendered by our templates; a token is letters and digits.
        html = mark_safe(html.replace(CSRF_PLACEHOLDER, get_token(request)))  # noqa: S308
    return html


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
        key = f"page:{release()}:{catalogue_version()}:{digest}"
        cached = cache.get(key)
        if cached is not None:
            content, content_type, status = cached
            return HttpResponse(content, content_type=content_type, status=status)
        response = view(request, *args, **kwargs)
        if response.status_code in (200, 404) and not response.streaming:
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            cache.set(
                key,
                (response.content, response["Content-Type"], response.status_code),
                PAGE_SECONDS,
            )
        return response

    return wrapper
