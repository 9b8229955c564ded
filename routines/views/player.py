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

from exercises.caching import digest
from exercises.figures.cache import player_figures
from exercises.safety import CHECK_IN_QUESTIONS, profile_of, with_verdicts
from exercises.safety.summary import not_for_you, playable
from routines.export import session_dict
from routines.forms import CheckInForm, IncludeForm, ManualSessionForm, SessionPayloadForm
from routines.gentle import allows_gentle, is_gentle
from routines.models import Routine, TrialSession
from routines.services import TRIAL_SESSIONS_KEY, SessionConflict
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


def _prestart(request, routine, form, include_form):
    return render(
        request,
        "routines/player_checkin.html",
        {"routine": routine, "form": form, "include_form": include_form},
    )


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
    """The pre-start page (today's check-in, and which exercises are left out because they
    are not for the person), then the player with the plan for this session, for a person's
    own routine or a tried programme."""
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
    left_out = not_for_you(items, profile.outcome)
    every_item = len(left_out) == len(items)
    # Only a routine that is still gentle plays after a "rest today" check-in.
    plays_gentle = routine.gentle and is_gentle((item.exercise for item in items), profile.outcome)
    check_in = _recent_check_in(request, routine)
    if check_in is not None and "only" in check_in and not plays_gentle:
        check_in = None
    decided = check_in is not None and str(routine.pk) in check_in.get("include", {})

    if request.method == "POST":
        form = CheckInForm(request.POST) if check_in is None else None
        include_form = (
            IncludeForm(left_out, request.POST, every_item=every_item) if left_out else None
        )
        if not all(f.is_valid() for f in (form, include_form) if f is not None):
            return _prestart(request, routine, form, include_form)
        if form is not None:
            today = form.check_in()
            gentle_ok = allows_gentle(today)
            if today.stops_session and not (plays_gentle and gentle_ok):
                return render(
                    request,
                    "routines/player_stopped.html",
                    {
                        "routine": routine,
                        "check_in": today,
                        "questions": CHECK_IN_QUESTIONS,
                        # The gentle routine is built for an account: not offered on a trial.
                        "gentle_offer": gentle_ok and not plays_gentle and not trial,
                        "check_in_form": form,
                    },
                )
            remember_check_in(request, form, routine)
            check_in = request.session[CHECK_IN_KEY]
        included = include_form.cleaned_data["include"] if include_form is not None else []
        check_in.setdefault("include", {})[str(routine.pk)] = included
        request.session[CHECK_IN_KEY] = check_in
        return redirect(play_url)

    if check_in is None or (left_out and (not decided or "choose" in request.GET)):
        form = CheckInForm() if check_in is None else None
        chosen = (check_in or {}).get("include", {}).get(str(routine.pk), [])
        include_form = (
            IncludeForm(left_out, every_item=every_item, initial={"include": chosen})
            if left_out
            else None
        )
        return _prestart(request, routine, form, include_form)

    included = set(check_in.get("include", {}).get(str(routine.pk), []))
    items = playable(items, left_out, included)
    left_out = [(item, found) for item, found in left_out if item.pk not in included]
    if not items:  # the routine changed since the choice: ask again
        return _prestart(request, routine, None, IncludeForm(left_out, every_item=True))

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
            "left_out": left_out,
            "trial": trial,
            "scores": range(11),
            # The plan, the list and the log form are rendered once for the data they show:
            # the person, a trial or not, the plan (with what this session includes and
            # leaves out), the items listed and the log form with the person's routines.
            "fragment_key": digest(
                user.pk,
                trial,
                plan,
                [(item.pk, item.total_seconds, item.exercise.steps) for item in items],
                sorted(included),
                [item.pk for item, _found in left_out],
                None if log_form is None else log_form.initial,
                None
                if log_form is None
                else list(log_form.fields["routine"].queryset.values_list("pk", "name")),
            ),
            "figures": player_figures(
                [item.exercise for item in items],
                {step.slug for step in steps if step.side == "left"},
            ),
        },
    )


def _saved(form, routine):
    """Save a checked payload to the person's log: 201 when new, 200 for a retry of the same
    session, 409 when the id is taken by a session with other content."""
    try:
        session, created = form.save(routine=routine)
    except SessionConflict as conflict:
        # Not a retry: this id is taken by a session with other content. Say so, with the
        # stored session, rather than answer 200 as if this one had been saved.
        return JsonResponse(
            {
                "errors": {"client_id": ["A different session was already saved with this id."]},
                "url": conflict.session.get_absolute_url(),
                "session": session_dict(conflict.session),
            },
            status=409,
        )
    return JsonResponse(
        {"url": session.get_absolute_url(), "created": created}, status=201 if created else 200
    )


@require_POST
def save_session(request, pk):
    """Store a played session, sent as JSON by the player. Idempotent: the player may send
    the same session again (a lost answer, a retry), keyed by its client_id."""
    routine = own_routine(request, pk)
    form = SessionPayloadForm(request.user, request.body)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors_as_json()}, status=400)
    response = _saved(form, routine)
    if response.status_code < 300:
        request.session.pop(CHECK_IN_KEY, None)
    return response


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
        return _saved(form, programme)
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
