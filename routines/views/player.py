"""Playing a routine: the check-in, the player page and the endpoint that saves a session.

The player page embeds the routine's timed plan as JSON (``json_script``); static/js/player.js
plays it and posts the finished session to ``save_session`` as JSON. Without JavaScript the
page shows the routine as a list with a form to log it by hand.
"""

import datetime

from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from exercises.figures.cache import player_figures
from exercises.safety import CHECK_IN_QUESTIONS, profile_of, with_verdicts
from routines.forms import CheckInForm, ManualSessionForm, SessionPayloadForm
from routines.gentle import allows_gentle, is_gentle
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
    routine = own_routine(request, pk)
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
                        "gentle_offer": gentle_ok and not plays_gentle,
                        "check_in_form": form,
                    },
                )
            remember_check_in(request, form, routine)
            return redirect("routines:play", pk=routine.pk)
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
        "saveUrl": reverse("routines:save_session", args=[routine.pk]),
        "preferences": {"sound": user.sound, "voice": user.voice},
        "checkIn": check_in["answers"],
        "painBefore": check_in["pain_before"],
        "plannedSeconds": sum(step.seconds for step in steps),
        "items": player_items,
        "steps": [step.as_dict() for step in steps],
    }
    log_form = ManualSessionForm(
        user,
        initial={
            "routine": routine,
            "date": timezone.localdate(),
            "minutes": max(1, round(plan["plannedSeconds"] / 60)),
            "pain_before": check_in["pain_before"],
        },
    )
    return render(
        request,
        "routines/player.html",
        {
            "routine": routine,
            "plan": plan,
            "items": [(item, player_items[index]) for index, item in enumerate(items)],
            "log_form": log_form,
            "scores": range(11),
            "figures": player_figures(
                [item.exercise for item in items],
                {step.slug for step in steps if step.side == "left"},
            ),
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
