"""Project-wide answers: the health check, the favicon, the benchmark's baseline and the
server error pages. The home page is backcare/home.py."""

import sys

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.models import AnonymousUser
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.utils.cache import patch_cache_control
from django.views import defaults
from django.views.decorators.cache import never_cache

from backcare import health


@login_not_required
@never_cache
def healthz(request):
    """Each dependency's state as JSON, for load balancers and monitors: 200 while the
    database answers (``"degraded"`` when only the cache is down), 503 when it does not."""
    report = health.report()
    return JsonResponse(report, status=200 if report["database"] == "ok" else 503)


@login_not_required
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says; send them to the icon."""
    response = HttpResponseRedirect(static("img/favicon.svg"))
    patch_cache_control(response, public=True, max_age=24 * 3600)
    return response


@login_not_required
def baseline(request):
    """The smallest view the app servers can answer: the yardstick of ``make bench``. Routed
    only when BACKCARE_BENCH is set."""
    return HttpResponse("ok\n", content_type="text/plain")


# Seconds a client is asked to wait while the database is unreachable (a restart or a
# fail-over usually takes less).
RETRY_AFTER_SECONDS = 30


def server_error(request):
    """``handler500``: a database that cannot be reached (restarting, failing over, out of
    connections) is a temporary 503 with Retry-After, not a crash. Anything else is the 500
    page. The exception being handled is still in ``sys.exc_info()``."""
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        return database_unavailable(request)
    return defaults.server_error(request)


def _wants_json(request) -> bool:
    """The player's save (and any API client) sends or asks for JSON: it gets JSON back and
    keeps the session queued."""
    return request.content_type == "application/json" or (
        request.accepts("application/json") and not request.accepts("text/html")
    )


def database_unavailable(request):
    # Whoever asks, this answer is private, and nothing may ask the database again for it
    # (who the user is, for one): backcare/headers.py reads this mark.
    request.database_unavailable = True
    if _wants_json(request):
        response = JsonResponse(
            {"error": "unavailable", "message": "The server is briefly unavailable; try again."},
            status=503,
        )
    else:
        # Nothing on this page may touch the database: no user, no messages from the session.
        # The session cookie alone says whether the person may be signed in: then the menu
        # offers no "Log in" (it would fail too) and the page says they stay signed in.
        context = {
            "user": AnonymousUser(),
            "messages": (),
            "has_session_cookie": bool(request.COOKIES.get(settings.SESSION_COOKIE_NAME)),
        }
        response = render(request, "503.html", context, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
