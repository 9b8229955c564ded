"""Try before signing up: a visitor plays a ready programme with the same check-in and
safety check as a signed-in person, and the session waits in their browser's Django
session until they sign up or log in (``routines.trials``) or for 24 hours."""

from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from backcare.headers import private_page
from backcare.ratelimit import over_limit, too_many
from routines.forms import (
    SessionPayloadForm,
)
from routines.models import Routine, TrialSession
from routines.services import TRIAL_SESSIONS_KEY, TrialConflict
from routines.views.check_in import CHECK_IN_KEY
from routines.views.player import play_page, refusal, routines_and_items, saved_response


@login_not_required
@private_page  # the visitor's own check-in and safety check
def try_programme(request, slug):
    """Try before signing up: an anonymous visitor plays a ready programme, after the same
    check-in and within their anonymous safety check, like a signed-in person."""
    if request.user.is_authenticated:
        return redirect("routines:programme", slug=slug)
    programme, rows, _routines = routines_and_items(slug=slug)
    return play_page(request, programme, rows, trial=True)


@login_not_required
@require_POST
def try_save(request, slug):
    """Keep the session an anonymous visitor played, tied to their browser's Django
    session, until they sign up (it then joins the account) or for 24 hours."""
    programme = get_object_or_404(Routine.objects.programmes(), slug=slug)
    if not request.user.is_authenticated:
        # Each trial is a row kept for a day: limited per client and in total.
        retry_after = over_limit(request, "trial_save")
        if retry_after is not None:
            return too_many(request, retry_after, json=True)
    form = SessionPayloadForm(request.user, request.body)
    refused = refusal(request, form)
    if refused is not None:
        return refused
    if request.user.is_authenticated:
        # Signed in (in another tab) while playing: the session goes straight to the log.
        return saved_response(form, programme)
    try:
        _trial, created = form.save_trial(browser_session=request.session, programme=programme)
    except TrialConflict:
        return JsonResponse(
            {
                "errors": {"client_id": ["A different session was already saved with this id."]},
                "url": reverse("routines:try_kept", args=[slug]),
            },
            status=409,
        )
    request.session.pop(CHECK_IN_KEY, None)
    return JsonResponse(
        {"url": reverse("routines:try_kept", args=[slug]), "created": created},
        status=201 if created else 200,
    )


@login_not_required
def try_kept(request, slug):
    """The end of a tried programme: the session waits in this browser; creating an account
    (or logging in) keeps it."""
    programme = get_object_or_404(Routine.objects.programmes(), slug=slug)
    trial = (
        TrialSession.objects.filter(pk__in=request.session.get(TRIAL_SESSIONS_KEY, []))
        .filter(programme=programme)
        .first()
    )
    return render(request, "routines/try_kept.html", {"programme": programme, "trial": trial})
