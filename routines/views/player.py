"""Playing a routine: the check-in, the player page and the endpoint that saves a session.

The player page embeds the routine's timed plan as JSON (``json_script``); static/js/player.js
plays it and posts the finished session to ``save_session`` as JSON. Without JavaScript the
page shows the routine as a list with a form to log it by hand.
"""

import datetime
import json

from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from exercises.models import Exercise
from exercises.safety import CHECK_IN_QUESTIONS, profile_of, verdict
from routines.forms import CheckInForm, ManualSessionForm, SessionFieldsForm
from routines.gentle import allows_gentle, is_gentle
from routines.models import Routine, SessionItem
from routines.services import session_record

CHECK_IN_KEY = "check_in"
CHECK_IN_VALID_FOR = datetime.timedelta(hours=2)
MAX_ITEMS = 500


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
    routine = get_object_or_404(Routine, pk=pk, owner=request.user)
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
    for item in items:
        exercise = item.exercise
        found = verdict(exercise.category, exercise.tags, profile.outcome)
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
        },
    )


def _bad_request(errors):
    return JsonResponse({"errors": errors}, status=400)


@require_POST
def save_session(request, pk):
    """Store a played session, sent as JSON by the player. Idempotent: the player may send
    the same session again (a lost answer, a retry), keyed by its client_id."""
    routine = get_object_or_404(Routine, pk=pk, owner=request.user)
    try:
        payload = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return _bad_request({"body": ["Send the session as JSON."]})
    if not isinstance(payload, dict):
        return _bad_request({"body": ["Send the session as a JSON object."]})
    fields = {}
    for name in SessionFieldsForm.base_fields:
        value = payload.get(name)
        # Form fields parse text, as a browser sends it; a list or an object would crash them.
        if isinstance(value, bool) or not isinstance(value, str | int | float | None):
            return _bad_request({name: ["Send text, a number or null."]})
        if value is not None:
            fields[name] = str(value)
    form = SessionFieldsForm(fields)
    if not form.is_valid():
        return _bad_request(form.errors.get_json_data())

    raw_items = payload.get("items", [])
    if not isinstance(raw_items, list) or len(raw_items) > MAX_ITEMS:
        return _bad_request({"items": ["items must be a list of at most 500 exercises."]})
    slugs = [item.get("exercise") if isinstance(item, dict) else None for item in raw_items]
    # Only text can name an exercise; a NUL character cannot even be sent to PostgreSQL.
    slugs = [slug if isinstance(slug, str) and "\x00" not in slug else None for slug in slugs]
    exercises = dict(
        Exercise.objects.filter(slug__in={s for s in slugs if s}).values_list("slug", "pk")
    )
    items = []
    for index, (item, slug) in enumerate(zip(raw_items, slugs, strict=True)):
        if slug not in exercises:
            return _bad_request({"items": [f"Item {index + 1}: unknown exercise."]})
        status = item.get("status", "done")
        seconds = item.get("seconds", 0)
        if status not in SessionItem.Status.values:
            return _bad_request({"items": [f"Item {index + 1}: unknown status."]})
        if not isinstance(seconds, int) or isinstance(seconds, bool) or not 0 <= seconds <= 86400:
            return _bad_request({"items": [f"Item {index + 1}: seconds must be 0–86400."]})
        items.append({"exercise_id": exercises[slug], "status": status, "seconds": seconds})

    check_in = payload.get("check_in") or {}
    if not isinstance(check_in, dict) or not set(check_in) <= set(CHECK_IN_QUESTIONS):
        return _bad_request({"check_in": ["Unknown check-in answers."]})
    data = form.cleaned_data
    session, created = session_record(
        user=request.user,
        client_id=data["client_id"],
        routine=routine,
        started_at=data["started_at"],
        finished_at=data["finished_at"],
        planned_seconds=data["planned_seconds"] or 0,
        actual_seconds=data["actual_seconds"] or 0,
        pain_before=data["pain_before"],
        pain_after=data["pain_after"],
        effort=data["effort"],
        notes=data["notes"],
        check_in={k: bool(v) for k, v in check_in.items()},
        items=items,
    )
    request.session.pop(CHECK_IN_KEY, None)
    return JsonResponse(
        {"url": session.get_absolute_url(), "created": created}, status=201 if created else 200
    )
