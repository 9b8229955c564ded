"""Project-wide pages: the home page and the health check."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from backcare import health


@login_not_required
def home(request):
    return render(request, "home.html")


@login_not_required
@never_cache
def healthz(request):
    """Each dependency's state as JSON, for load balancers and monitors: 200 while the
    database answers (``"degraded"`` when only the cache is down), 503 when it does not."""
    report = health.report()
    return JsonResponse(report, status=200 if report["database"] == "ok" else 503)


@login_not_required
def baseline(request):
    """The smallest view the app servers can answer: the yardstick of ``make bench``. Routed
    only when BACKCARE_BENCH is set."""
    return HttpResponse("ok\n", content_type="text/plain")
