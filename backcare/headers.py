"""Response headers that depend on what a page is: private pages are never stored, and the
browser may use only the features the app needs.

A page is private when it needs a log-in (Django's LoginRequiredMiddleware reads the same
``login_required`` attribute that ``@login_not_required`` clears), when it belongs to the
safety check (answers about a person's health, kept in an anonymous visitor's session too),
or when it is shown to a logged-in person (the catalogue then carries their safety badges).
Exports need a log-in, so they are private too. A page shown to a visitor without an account
is private as soon as it shows their own safety check (catalogue badges, programme counts,
the generator): the safety profile sets ``request.shows_own_check`` when it reads one.
"""

from django.utils.cache import patch_cache_control

PRIVATE_NAMESPACES = frozenset({"safety"})

# Only what the app uses: the player keeps the screen awake and plays sound cues (Web
# Audio). Everything else a page could ask the browser for is switched off.
PERMISSIONS_POLICY = ", ".join(
    [
        "screen-wake-lock=(self)",
        "autoplay=(self)",
        "accelerometer=()",
        "ambient-light-sensor=()",
        "camera=()",
        "display-capture=()",
        "encrypted-media=()",
        "fullscreen=()",
        "geolocation=()",
        "gyroscope=()",
        "magnetometer=()",
        "microphone=()",
        "midi=()",
        "payment=()",
        "picture-in-picture=()",
        "publickey-credentials-get=()",
        "usb=()",
        "xr-spatial-tracking=()",
    ]
)


def private_page(view_func):
    """Mark a view that needs no log-in as private all the same (a secret link, a page
    about the visitor's health)."""
    view_func.private_page = True
    return view_func


def is_private_view(view_func, namespace: str) -> bool:
    """Whether a view's pages are private whoever asks: it needs a log-in, it belongs to
    the safety check, or it is marked ``@private_page``."""
    return (
        getattr(view_func, "login_required", True)
        or getattr(view_func, "private_page", False)
        or namespace in PRIVATE_NAMESPACES
    )


class PrivacyHeadersMiddleware:
    """``Cache-Control: private, no-store`` on private pages; ``Permissions-Policy`` on all."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if getattr(request, "database_unavailable", False):
            # The 503 of an unreachable database: asking whether the user is signed in would
            # load the session again, and wait for the database a second time.
            patch_cache_control(response, private=True, no_store=True)
            return response
        user = getattr(request, "user", None)
        if (
            getattr(request, "private_page", False)
            or getattr(request, "shows_own_check", False)
            or (user and user.is_authenticated)
        ):
            patch_cache_control(response, private=True, no_store=True)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        request.private_page = is_private_view(view_func, match.namespace if match else "")
