"""Playing a routine: the check-in, the player page and the endpoint that saves a session.

The player page embeds the routine's timed plan as JSON (``json_script``); static/js/player.js
plays it and posts the finished session to ``save_session`` as JSON. Without JavaScript the
page shows the routine as a list with a form to log it by hand.
"""

import datetime

from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from exercises.safety import CHECK_IN_QUESTIONS, profile_of, with_verdicts
from routines.forms import CheckInForm, ManualSessionForm, SessionPayloadForm
from routines.gentle import allows_gentle, is_gentle
from routines.models import Routine, TrialSession
from routines.services import TRIAL_SESSIONS_KEY
from routines.views.ownership import own_routine

CHECK_IN_KEY = "check_in"
CHECK_IN_VALID_FOR = datetime.timedelta(hours=2)


def _recent_check_in(request, routine):
    check_in = request.session.get(CHECK_IN_KEY)
    if not check_in:
        return None
    # A check-in that said "rest today" opens only the gentle routine it was answered for.
    if check_in.get("only", routine.pk) != routine.pk:
        return None
    answered = datetime.datetime.fromisoformat(check_in["at"])
    return check_in if timezone.now() - answered < CHECK_IN_VALID_FOR else None


def remember_check_in(request, form, routine):
    """Keep today's check-in answers for the player; answers that said "rest today" are
    kept only for the gentle routine they let through."""
    check_in = form.check_in()
    request.session[CHECK_IN_KEY] = {
        "at": timezone.now().isoformat(),
        "answers": check_in.as_dict(),
        "pain_before": form.cleaned_data["pain_before"],
        **({"only": routine.pk} if check_in.stops_session else {}),
    }


def play(request, pk):
    return _play(request, own_routine(request, pk))


@login_not_required
def try_programme(request, slug):
    """Try before signing up: an anonymous visitor plays a ready programme, after the same
    check-in and within their anonymous safety check, like a signed-in person."""
    if request.user.is_authenticated:
        return redirect("routines:programme", slug=slug)
    programme = get_object_or_404(Routine.objects.programmes(), slug=slug)
    return _play(request, programme, trial=True)


def _play(request, routine, *, trial=False):
    """The check-in, then the player, for a person's own routine or a tried programme."""
    play_url = request.path
    profile = profile_of(request)
    if profile.blocks_playing:
        return render(
            request,
            "routines/player_blocked.html",
            {"routine": routine, "profile": profile},
            status=403,
        )
    items = list(routine.items.select_related("exercise"))
    if not items:
        return redirect(routine)

    # Only a routine that is still gentle plays after a "rest today" check-in.
    plays_gentle = routine.gentle and is_gentle((item.exercise for item in items), profile.outcome)

    if request.method == "POST":
        form = CheckInForm(request.POST)
        if form.is_valid():
            check_in = form.check_in()
            gentle_ok = allows_gentle(check_in)
            if check_in.stops_session and not (plays_gentle and gentle_ok):
                return render(
                    request,
                    "routines/player_stopped.html",
                    {
                        "routine": routine,
                        "check_in": check_in,
                        "questions": CHECK_IN_QUESTIONS,
                        # The gentle routine is built for an account: not offered on a trial.
                        "gentle_offer": gentle_ok and not plays_gentle and not trial,
                        "check_in_form": form,
                    },
                )
            remember_check_in(request, form, routine)
            return redirect(play_url)
        return render(request, "routines/player_checkin.html", {"routine": routine, "form": form})

    check_in = _recent_check_in(request, routine)
    if check_in is not None and "only" in check_in and not plays_gentle:
        check_in = None
    if check_in is None:
        return render(
            request, "routines/player_checkin.html", {"routine": routine, "form": CheckInForm()}
        )

    user = request.user
    steps = routine.timed_plan_for(user, items)
    player_items = []
    for exercise in with_verdicts([item.exercise for item in items], profile.outcome):
        found = exercise.verdict
        player_items.append(
            {
                "slug": exercise.slug,
                "name": exercise.name,
                "category": exercise.category,
                "instructions": exercise.steps,
                "breathing": exercise.breathing,
                "notForYou": found.not_for_you,
                "reason": found.reason_labels,
            }
        )
    plan = {
        "routine": {"id": routine.pk, "name": routine.name},
        "saveUrl": reverse("routines:try_save", args=[routine.slug])
        if trial
        else reverse("routines:save_session", args=[routine.pk]),
        # A visitor without an account gets the defaults of a new account.
        "preferences": {
            "sound": getattr(user, "sound", True),
            "voice": getattr(user, "voice", False),
        },
        "checkIn": check_in["answers"],
        "painBefore": check_in["pain_before"],
        "plannedSeconds": sum(step.seconds for step in steps),
        "items": player_items,
        "steps": [step.as_dict() for step in steps],
    }
    log_form = (
        None
        if trial
        else ManualSessionForm(
            user,
            initial={
                "routine": routine,
                "date": timezone.localdate(),
                "minutes": max(1, round(plan["plannedSeconds"] / 60)),
                "pain_before": check_in["pain_before"],
            },
        )
    )
    return render(
        request,
        "routines/player.html",
        {
            "routine": routine,
            "plan": plan,
            "items": [(item, player_items[index]) for index, item in enumerate(items)],
            "log_form": log_form,
            "trial": trial,
            "scores": range(11),
        },
    )


@require_POST
def save_session(request, pk):
    """Store a played session, sent as JSON by the player. Idempotent: the player may send
    the same session again (a lost answer, a retry), keyed by its client_id."""
    routine = own_routine(request, pk)
    form = SessionPayloadForm(request.user, request.body)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors_as_json()}, status=400)
    session, created = form.save(routine=routine)
    request.session.pop(CHECK_IN_KEY, None)
    return JsonResponse(
        {"url": session.get_absolute_url(), "created": created}, status=201 if created else 200
    )


@login_not_required
@require_POST
def try_save(request, slug):
    """Keep the session an anonymous visitor played, tied to their browser's Django
    session, until they sign up (it then joins the account) or for 24 hours."""
    programme = get_object_or_404(Routine.objects.programmes(), slug=slug)
    form = SessionPayloadForm(request.user, request.body)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors_as_json()}, status=400)
    if request.user.is_authenticated:
        # Signed in (in another tab) while playing: the session goes straight to the log.
        session, created = form.save(routine=programme)
        return JsonResponse(
            {"url": session.get_absolute_url(), "created": created}, status=201 if created else 200
        )
    _trial, created = form.save_trial(browser_session=request.session, programme=programme)
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
