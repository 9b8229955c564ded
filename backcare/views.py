"""Project-wide pages: the home page and the health check."""

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from exercises.safety import profile_of
from routines.home import home_for


@login_not_required
def home(request):
    """Anonymous visitors: what BackCare is. Signed in: today (see routines.home)."""
    if not request.user.is_authenticated:
        return render(request, "home.html")
    return render(request, "home_today.html", home_for(request.user, profile_of(request)))


@login_not_required
@never_cache
def healthz(request):
    """200 when the database answers, 503 otherwise; for load balancers and monitors."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


@login_not_required
def baseline(request):
    """The smallest view the app servers can answer: the yardstick of ``make bench``. Routed
    only when BACKCARE_BENCH is set."""
    return HttpResponse("ok\n", content_type="text/plain")
