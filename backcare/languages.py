"""The language of each request and the links between a page's languages.

The language, first match wins: a ``?lang=`` on a GET (the switcher's links, the hreflang
alternates, a shared link), the signed-in person's saved preference (``User.language``),
Django's language cookie, the browser's Accept-Language. URLs are the same in every
language. A ``?lang=`` link is also a choice: a visitor keeps it in the language cookie, a
signed-in person in their preferences.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.core.handlers.exception import response_for_exception
from django.db import DatabaseError
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation.trans_real import DjangoTranslation
from django.views.i18n import JavaScriptCatalog

from backcare.headers import is_private_view

# The query parameter that names a page's language in a link: `?lang=ru`.
LANGUAGE_PARAMETER = "lang"


def supported(code: str | None) -> str | None:
    """``code`` when it is one of settings.LANGUAGES, else None."""
    return code if code in dict(settings.LANGUAGES) else None


def language_asked(request) -> str | None:
    """The language a GET link names with ``?lang=``, when it is one we speak."""
    if request.method not in ("GET", "HEAD"):
        return None
    return supported(request.GET.get(LANGUAGE_PARAMETER))


def _signed_in(request):
    """The signed-in person, or None. Asked only when the request carries a session: a
    visitor without one costs no query."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return None
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def saved_language(request) -> str | None:
    """The signed-in person's saved language (asking the database who they are)."""
    user = _signed_in(request)
    return supported(user.language) if user is not None else None


def next_language(request) -> str:
    """The language of this person's next page, a link without ``?lang=`` (their saved
    preference, else the cookie's or the browser's language): a message written now to be
    shown there is written in it."""
    return saved_language(request) or translation.get_language_from_request(
        request, check_path=False
    )


class LanguageMiddleware:
    """Chooses the request's language (see the module's docstring) and keeps a ``?lang=``
    choice. The language is active for this request only (``translation.override``), so
    nothing of it leaks to whatever runs next on the thread. ``<html lang>`` and
    Content-Language follow it. After the log-in middleware, which it needs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        asked = language_asked(request)
        browser = translation.get_language_from_request(request, check_path=False)
        try:
            language = asked or saved_language(request) or browser
        except DatabaseError as error:
            # The database cannot say who this is: the 503 page now (asking again later in
            # the request would wait for the database a second time), in the browser's language.
            with translation.override(browser):
                return response_for_exception(request, error)
        with translation.override(language):
            request.LANGUAGE_CODE = language
            response = self.get_response(request)
            if asked and response.status_code < 500:
                keep_language(request, response, asked)
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
            response.headers.setdefault("Content-Language", language)
        return response


def keep_language(request, response, language: str) -> None:
    """Remember a chosen language: in the cookie for this browser, and in a signed-in
    person's preferences (``User.save_language``) for every device."""
    if request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != language:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    user = _signed_in(request)
    if user is not None and user.language != language:
        user.save_language(language)


def _kept(request, name: str, value: str) -> bool:
    """Whether a query parameter goes on into the page's other languages: only a ``next``
    to a page of this site (as the log-in and sign-up pages judge it)."""
    return name == "next" and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def link_in(request, language: str | None) -> str:
    """This page's address in ``language`` (``lang`` set), or without ``lang`` when
    ``language`` is None. The query is left out, as pages never echo a query they did not
    validate, but for a ``next`` to a page of this site (the log-in and sign-up pages)."""
    pairs = [(name, value) for name, value in request.GET.items() if _kept(request, name, value)]
    if language:
        pairs.append((LANGUAGE_PARAMETER, language))
    return request.path + (f"?{urlencode(pairs)}" if pairs else "")


def is_public(request) -> bool:
    """A page a visitor may see and a search engine may index."""
    match = getattr(request, "resolver_match", None)
    return match is not None and not is_private_view(match.func, match.namespace)


def latin1_html(text: str) -> SafeString:
    """``text`` as HTML whose characters beyond Latin-1 are numeric character references
    ("&#1056;..." for "Р..."), which a browser shows and reads out as the characters. The
    switcher names each language in itself ("Русский"); one such character in a page makes
    Python hold the whole rendered page at two bytes a character and encode every one of
    them again, about 4 % of the work of a signed-in English catalogue page served from the
    caches (bench/README.md). A Russian page is wide anyway; an English one now stays
    narrow unless its own content is not."""
    return mark_safe(escape(text).encode("latin-1", "xmlcharrefreplace").decode("latin-1"))  # noqa: S308 - escaped first


def languages(request):
    """Context for base.html: the switcher's links (``language_links``: code, name, link,
    current), worked out only when base.html's cached top of the page is rendered; each link
    is relative (``?lang=ru``, this very page), so one rendering serves every page of a view.
    ``language_next`` is true when the links keep a ``next`` of this site (the log-in and
    sign-up pages), which base.html renders afresh rather than cache. On public pages, the
    hreflang alternates (``alternates``: hreflang and absolute address, "x-default" last:
    the address without ``lang``, which follows the browser)."""
    current = translation.get_language()
    kept = [(name, value) for name, value in request.GET.items() if _kept(request, name, value)]

    def language_links():
        return [
            {
                "code": code,
                "name": latin1_html(name),
                "link": "?" + urlencode([*kept, (LANGUAGE_PARAMETER, code)]),
                "current": code == current,
            }
            for code, name in settings.LANGUAGES
        ]

    alternates = []
    if request.method in ("GET", "HEAD") and is_public(request):
        alternates = [
            {"hreflang": code, "href": request.build_absolute_uri(link_in(request, code))}
            for code, _name in settings.LANGUAGES
        ] + [{"hreflang": "x-default", "href": request.build_absolute_uri(link_in(request, None))}]
    return {
        "language_links": language_links,
        "language_next": bool(kept),
        "alternates": alternates,
        # Called by the template only when its {% cache %} block misses.
        "js_catalogue": javascript_catalogue,
    }


def javascript_catalogue() -> dict | None:
    """The JavaScript's words in the active language, for base.html to embed as JSON
    (``json_script``, inside a ``{% cache %}`` block): the page carries them, so they obey
    the strict CSP (no script is generated) and travel with any page the service worker
    keeps offline. ``catalog``: Django's djangojs catalogue (a string, or a list of plural
    forms, per English text); ``plural``: the plural form's index for the counts 0-199
    (static/js/i18n.js reads n >= 200 as 100 + n % 100). None when there is nothing to
    translate (English)."""
    view = JavaScriptCatalog()
    # The project's catalogue only (LOCALE_PATHS): not the admin's JavaScript words.
    view.translation = DjangoTranslation(
        translation.get_language(), domain="djangojs", localedirs=settings.LOCALE_PATHS
    )
    catalog = view.get_catalog()
    if not catalog:
        return None
    plural = [view.translation.plural(n) for n in range(200)]
    return {"catalog": catalog, "plural": plural}
