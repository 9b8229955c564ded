"""Installing BackCare and playing offline: the web app manifest, the service worker, the
page shown when a page is not available offline, and the key that names a person's caches
on their device.

The manifest and the offline page exist in every language at an address of their own
(``/manifest.ru.webmanifest``, ``/offline/ru/``): base.html links the page's language's
manifest, and the worker keeps the offline page in every language and shows the one of the
last page the person opened. (Not ``?lang=``, which is also a choice that sets the language
cookie: the worker's own fetches must not change the person's language.)

The worker is served from the site root (``/sw.js``), so its scope is the whole site, and
its text carries the release (``settings.CACHE_KEY_PREFIX``, a digest of code, templates and
static manifest): a deploy changes the bytes, the browser installs the new worker, and its
caches are named by the release, so the old ones are deleted when it takes over. How the
worker, the pages and the save queue work together: templates/offline/README.md.
"""

import functools
import json

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.models import AnonymousUser
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from backcare.languages import LANGUAGE_PARAMETER, supported
from routines.offline import offline_routines

# Signed-in responses name their person's offline cache in this header: the worker stores a
# private page only under the account the server said it is for, and serves it offline only
# to the account the server last answered for (see sw.js).
OFFLINE_USER_HEADER = "X-BackCare-Offline-User"

BRAND_COLOUR = "#0b5c63"
BACKGROUND_COLOUR = "#ffffff"

# What every page needs before it can draw, offline too: put in the release's cache when the
# worker installs. The player's modules and the rest follow (routines.views.offline).
CORE_ASSETS = (
    "css/app.css",
    "vendor/bootstrap/css/bootstrap.min.css",
    "vendor/bootstrap/js/bootstrap.bundle.min.js",
    "js/base.js",
    "js/offline.js",
    "js/offline-queue.js",
    "js/offline-cache.js",
    "js/offline-notes.js",
    "js/offline-logout.js",
    "js/queue-page.js",
    "js/queue-store.js",
    "js/install-offer.js",
    "js/player-queue.js",
    "js/player-words.js",
    "js/player-clock.js",
    "js/i18n.js",
    "img/favicon.svg",
)


def release() -> str:
    """The release this process runs: the cache key prefix without its "backcare:"."""
    return settings.CACHE_KEY_PREFIX.rsplit(":", 1)[-1]


def offline_key(user) -> str:
    """The name of this person's caches on a device: stable for the account, meaningless
    to anyone else (no id or e-mail in it)."""
    return salted_hmac("backcare.offline.cache", str(user.pk)).hexdigest()[:20]


def offline_user(request):
    """Context for base.html: ``offline_user``, the signed-in person's offline key, which the
    log-out form carries so the save queue knows whom a session on the page was played for
    (static/js/queue-page.js). Called by the template only for a signed-in person."""
    return {"offline_user": lambda: offline_key(request.user)}


class OfflineUserMiddleware:
    """Adds ``OFFLINE_USER_HEADER`` to every response to a signed-in person."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code >= 500:
            # The 503 of an unreachable database: asking who the user is would wait for the
            # database a second time (and the worker keeps no error page anyway).
            return response
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response[OFFLINE_USER_HEADER] = offline_key(user)
        return response


def in_language(view):
    """The view answers in the ``language`` its address names (one of settings.LANGUAGES,
    else 404), or in the request's language when the address names none."""

    @functools.wraps(view)
    def wrapper(request, language=None):
        if language is None:
            return view(request)
        if supported(language) is None:
            raise Http404("No such language.")
        with translation.override(language):
            response = view(request)
        response["Content-Language"] = language
        return response

    return wrapper


@login_not_required
@require_GET
@in_language
def manifest(request):
    """The web app manifest: what a browser needs to install BackCare, in the page's language
    (browsers fetch it without cookies, so its address names the language)."""
    icons = [
        {
            "src": static(f"img/icons/icon-{size}.png"),
            "sizes": f"{size}x{size}",
            "type": "image/png",
            "purpose": "any",
        }
        for size in (192, 512)
    ] + [
        {
            "src": static(f"img/icons/maskable-{size}.png"),
            "sizes": f"{size}x{size}",
            "type": "image/png",
            "purpose": "maskable",
        }
        for size in (192, 512)
    ]
    data = {
        "id": "/",
        "name": "BackCare",
        "short_name": "BackCare",
        "description": gettext(
            "Back exercises at home with a safety check, your own routines, "
            "a guided timer that plays offline and a log of how your back feels."
        ),
        "lang": translation.get_language(),
        "dir": "rtl" if translation.get_language_bidi() else "ltr",
        # The home page itself: the worker keeps it for offline use under this very URL.
        "start_url": reverse("home"),
        "scope": "/",
        "display": "standalone",
        "orientation": "any",
        "theme_color": BRAND_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "categories": ["health", "fitness"],
        "icons": icons,
    }
    response = JsonResponse(data, content_type="application/manifest+json")
    patch_cache_control(response, public=True, max_age=3600)
    return response


@login_not_required
@require_GET
def service_worker(request):
    """The service worker, with the release and the release's core assets written in: a
    module worker that imports the save queue's modules to send it on background sync, or
    with ``?classic`` the same worker without them (static/js/offline.js registers that one
    where module workers fail)."""
    config = {
        "release": release(),
        # The offline page in every language, and the one to show when no page said its own.
        "offlineUrls": {
            code: reverse("offline_in", args=[code]) for code, _name in settings.LANGUAGES
        },
        "defaultLanguage": settings.LANGUAGE_CODE,
        "coreAssets": [static(path) for path in CORE_ASSETS],
        "userHeader": OFFLINE_USER_HEADER,
        "staticUrl": settings.STATIC_URL,
        # Hashed names (production): a file's content never changes under its name.
        "hashedStatic": static("js/offline.js") != f"{settings.STATIC_URL}js/offline.js",
        "csrfCookie": settings.CSRF_COOKIE_NAME,
    }
    # Our own paths and a hex digest: JSON is valid JavaScript, nothing else is written in.
    context = {
        "config": json.dumps(config),
        "module": "classic" not in request.GET,
        "imports": {
            "queue": json.dumps(static("js/offline-queue.js")),
            "store": json.dumps(static("js/queue-store.js")),
        },
    }
    response = render(request, "offline/sw.js", context, content_type="text/javascript")
    # Always asked again: a deploy must reach the browser at its next check.
    response["Cache-Control"] = "no-cache"
    return response


@login_not_required
@require_GET
@in_language
def offline_page(request):
    """What the worker shows instead of a page it does not have offline. Rendered for nobody
    in particular (no menu of an account, no messages), so it is the same for everyone and
    kept with the release's files. It is shown in place of another page, so its language links
    lead to the offline page in that language (which, online, is also the choice), and it has
    no hreflang alternates."""
    current = translation.get_language()
    links = [
        {
            "code": code,
            "name": name,
            "current": code == current,
            "link": f"{reverse('offline')}?{LANGUAGE_PARAMETER}={code}",
        }
        for code, name in settings.LANGUAGES
    ]
    context = {
        "user": AnonymousUser(),
        "messages": (),
        "has_session_cookie": True,
        "language_links": links,
        "alternates": [],
    }
    return render(request, "offline/offline.html", context)


def _static_names():
    """The names of the static files this release serves: the manifest's when there is one
    (production: what collectstatic wrote), otherwise what the finders see."""
    manifest = getattr(staticfiles_storage, "hashed_files", None)
    if manifest:
        yield from manifest
        return
    for finder in finders.get_finders():
        for path, storage in finder.list(["admin/*", "*.map", "*.md", "*.py"]):
            prefix = getattr(storage, "prefix", None)
            yield "/".join(filter(None, [prefix, path.replace("\\", "/")]))


def _player_assets() -> list[str]:
    """The URLs of every static file a page or the player may ask for: the modules, the
    styles, the images (figures are inline SVG; the sound cues are synthesised)."""
    found = set()
    for path in _static_names():
        if path.startswith(ASSET_FOLDERS) or path in VENDOR_ASSETS:
            try:
                found.add(static(path))
            except ValueError:  # not in the manifest: not served by this release
                continue
    return sorted(found)


ASSET_FOLDERS = ("js/", "css/", "img/")
VENDOR_ASSETS = {
    "vendor/bootstrap/css/bootstrap.min.css",
    "vendor/bootstrap/js/bootstrap.bundle.min.js",
}


@require_GET
def offline_list(request):
    """What this person's device keeps for offline use: their routines' players, a few
    pages and the release's files. Read by static/js/offline-cache.js."""
    routines = [
        {"id": pk, "name": name, "url": reverse("routines:play", args=[pk])}
        for pk, name in offline_routines(request.user)
    ]
    data = {
        "release": release(),
        "user": offline_key(request.user),
        "routines": routines,
        "pages": [reverse("home"), reverse("routines:history")],
        "assets": _player_assets(),
    }
    return JsonResponse(data)
