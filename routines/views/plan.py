"""The weekly plan and its private calendar feed.

The feed is reached by a secret token, not a log-in (calendar apps fetch it on their own):
a capability URL. The token is looked up by its SHA-256 digest, so an unknown, old or
regenerated token answers 404 and the stored digests open nothing. The plain token exists
only in the answer to "make my address" (never in the session or the database); unknown
tokens are counted per client and answered 429 over the limit, with one log line per window
rather than one per guess.
"""

import logging
import math

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db import transaction
from django.http import HttpResponse, HttpResponseNotFound
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from backcare.ratelimit import first_refusal, over_limit, too_many
from routines.forms import WeeklyPlanForm
from routines.ical import new_token, plan_calendar, token_digest
from routines.models import CalendarFeed, PlannedSession

logger = logging.getLogger(__name__)


def plan(request):
    form = WeeklyPlanForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your weekly plan is saved."))
        return redirect("routines:plan")
    return _plan_page(request, form)


def _plan_page(request, form, token=None):
    has_feed = token is not None or CalendarFeed.objects.filter(user=request.user).exists()
    return render(
        request,
        "routines/plan.html",
        {
            "form": form,
            "feed_url": request.build_absolute_uri(reverse("routines:plan_feed", args=[token]))
            if token
            else None,
            "has_feed": has_feed,
        },
    )


@require_POST
def plan_feed_new(request):
    """Make a new secret feed URL; the old one, if any, stops answering at once. The address
    is shown in this answer only (a private page, never stored): afterwards only its digest
    exists, so it is not kept in the session either."""
    token = new_token()
    with transaction.atomic():
        CalendarFeed.objects.update_or_create(
            user=request.user, defaults={"token_digest": token_digest(token)}
        )
    messages.success(
        request, _("Your new calendar address is below. Any address made before no longer works.")
    )
    return _plan_page(request, WeeklyPlanForm(request.user), token)


@require_POST
def plan_feed_revoke(request):
    CalendarFeed.objects.filter(user=request.user).delete()
    messages.success(request, _("Your calendar address is switched off."))
    return redirect("routines:plan")


def _calendar_response(request, user, *, attachment: bool):
    entries = PlannedSession.objects.for_user(user).select_related("routine")
    calendar = plan_calendar(
        entries,
        time_zone=user.time_zone,
        user_id=user.pk,
        play_url=lambda routine: request.build_absolute_uri(
            reverse("routines:play", args=[routine.pk])
        ),
        minutes=lambda routine: math.ceil(routine.total_seconds_for(user) / 60),
        now=timezone.now(),
    )
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    # A secret address: never in a search engine, whoever links to it.
    response["X-Robots-Tag"] = "noindex, nofollow"
    if attachment:
        response["Content-Disposition"] = 'attachment; filename="backcare-plan.ics"'
    return response


@login_not_required
@never_cache
@require_safe
def plan_feed(request, token):
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token_digest=token_digest(token), user__is_active=True)
        .first()
    )
    if feed is None:
        # No warning line per guess (backcare.ratelimit.QuietRefusals): one per window.
        request.quiet_refusal = True
        retry_after = over_limit(request, "unknown_feed")
        if retry_after is None:
            return HttpResponseNotFound(b"", content_type="text/plain")
        if first_refusal(request, "unknown_feed"):
            logger.warning("Calendar feed: too many unknown addresses from one client or in all")
        return too_many(request, retry_after, json=True)
    return _calendar_response(request, feed.user, attachment=False)


@require_safe
def plan_download(request):
    return _calendar_response(request, request.user, attachment=True)
