"""Playing a routine: the player page and the endpoint that saves a session (the check-in
before it is ``routines.views.check_in``; a visitor's trial, ``routines.views.trials``).

The player page embeds the routine's timed plan as JSON (``json_script``); static/js/player.js
plays it and posts the finished session to ``save_session`` as JSON. Without JavaScript the
page shows the routine as a list with a form to log it by hand.

The player's parts that are the same for every session are cached (Django's ``{% cache %}``),
keyed by all they show: the routine's own row and its items (kept under the person's cache
version, which the database moves on every write to them), the person's conditions, include
choice, preferences and day, the catalogue version (exercise and rule edits) and the
language; the cache's key prefix is the release. Today's check-in and the CSRF tokens are
rendered for each request around them. The pre-start page is rendered for each request.
"""

import json

from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from backcare.caching.pages import digest
from backcare.caching.versions import versions
from exercises.figures.cache import player_figures
from exercises.figures.motion import leg_times
from exercises.safety import CHECK_IN_QUESTIONS, profile_of, with_verdicts
from routines.export import session_dict
from routines.forms import (
    CareForm,
    CheckInForm,
    IncludeForm,
    ManualSessionForm,
    SessionPayloadForm,
)
from routines.gentle import allows_gentle
from routines.services import SessionConflict
from routines.views.check_in import (
    CHECK_IN_KEY,
    fit_of,
    items_of,
    outcome_key,
    player_page,
    prestart_page,
    recent_check_in,
    remember_check_in,
)
from routines.views.ownership import own_routine
from routines.views.rows import routines_and_items


# Every value of an item the pages show or the plan uses, besides its exercise's own (which
# the catalogue version covers).
def play(request, pk):
    routine, rows, routines = routines_and_items(owner=request.user, pk=pk, request=request)
    return play_page(request, routine, rows, routines=routines)


def play_page(request, routine, rows, *, routines=None, trial=False):
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
    if not rows:
        return redirect(routine)
    outcome = profile.outcome
    fit = fit_of(routine, rows, outcome)
    left_out = fit.left_out
    check_in = recent_check_in(request, routine)
    if check_in is not None and "only" in check_in and not fit.gentle_for(check_in["answers"]):
        check_in = None
    decided = check_in is not None and str(routine.pk) in check_in.get("include", {})
    care = fit.take_care
    # Leaving out every exercise that needs care would leave nothing (not counting any
    # "not for you" exercise the person includes, which they choose on the same page).
    care_is_all = bool(care) and len(care) + len(left_out) >= len(fit.items)
    screened = profile.screened

    if request.method == "POST":
        form = CheckInForm(request.POST) if check_in is None else None
        include_form = (
            IncludeForm(left_out, request.POST, every_item=fit.every_item) if left_out else None
        )
        care_form = CareForm(care, request.POST, nothing_else=care_is_all) if care else None
        if not all(f.is_valid() for f in (form, include_form, care_form) if f is not None):
            return prestart_page(
                request, routine, bound=(form, include_form, care_form), screened=screened
            )
        if form is not None:
            today = form.check_in()
            gentle_ok = allows_gentle(today)
            if today.stops_session and not (fit.gentle_for(today.as_dict()) and gentle_ok):
                return render(
                    request,
                    "routines/player_stopped.html",
                    {
                        "routine": routine,
                        "check_in": today,
                        "questions": CHECK_IN_QUESTIONS,
                        # The gentle routine is built for an account: not offered on a trial.
                        "gentle_offer": gentle_ok
                        and not fit.gentle_for(today.as_dict())
                        and not trial,
                        "check_in_form": form,
                    },
                )
            remember_check_in(request, form, routine)
            check_in = request.session[CHECK_IN_KEY]
        included = include_form.cleaned_data["include"] if include_form is not None else []
        check_in.setdefault("include", {})[str(routine.pk)] = included
        leave_care = bool(care_form is not None and care_form.cleaned_data["leave"])
        check_in.setdefault("leave_care", {})[str(routine.pk)] = leave_care
        request.session[CHECK_IN_KEY] = check_in
        return redirect(play_url)

    choosing = (left_out or care) and (not decided or "choose" in request.GET)
    if check_in is None or choosing:
        chosen = (check_in or {}).get("include", {}).get(str(routine.pk), [])
        return prestart_page(
            request,
            routine,
            left_out=left_out,
            chosen=chosen,
            every_item=fit.every_item,
            check_in=check_in is None,
            care=care,
            leave_care=(check_in or {}).get("leave_care", {}).get(str(routine.pk), False),
            care_is_all=care_is_all,
            screened=screened,
        )

    included = set(check_in.get("include", {}).get(str(routine.pk), []))
    left_out = tuple(entry for entry in left_out if entry[0] not in included)
    care_left_out = care if check_in.get("leave_care", {}).get(str(routine.pk)) else ()
    leave = {entry[0] for entry in left_out + care_left_out}
    if not [pk for pk in fit.items if pk not in leave]:
        # The routine changed since the choice: ask again.
        return prestart_page(request, routine, left_out=left_out, every_item=True, check_in=False)
    return player_page(
        request,
        "routines/player.html",
        routine,
        _player(
            request,
            routine,
            rows,
            routines,
            outcome,
            check_in,
            included,
            left_out,
            care_left_out,
            trial=trial,
        ),
    )


def _player(
    request, routine, rows, routines, outcome, check_in, included, left_out, care_left_out, *, trial
):
    """The context of the player's content (routines/includes/player_content.html): the
    plan as JSON, the player, the list without the timer and the form to log by hand, in one
    ``{% cache %}`` block keyed by everything it shows (``player_key``, and the pain noted
    before, which the forms show); today's check-in and the CSRF token are rendered for each
    request around it. On a hit nothing else is read or built: not the exercises, not the
    plan, not the forms."""
    user = request.user
    today = timezone.localdate()
    preferences = {
        "sound": getattr(user, "sound", True),
        "voice": getattr(user, "voice", False),
    }
    key = (
        user.pk,
        trial,
        routine.pk,
        routine.name,
        routine.slug,
        rows,
        outcome_key(outcome),
        sorted(included),
        bool(care_left_out),
        preferences,
        getattr(user, "get_ready_seconds", None),
        getattr(user, "default_rest_seconds", None),
        today,
        routines,
        versions().catalogue,
    )
    leave = {entry[0] for entry in left_out + care_left_out}
    return {
        "player_key": digest(*key),
        "p": PlayerContent(
            user, routine, leave, outcome, preferences, today, trial, check_in["pain_before"]
        ),
        "routine": routine,
        "left_out": left_out,
        "care_left_out": care_left_out,
        "trial": trial,
        "scores": range(11),
        "check_in": {"checkIn": check_in["answers"], "painBefore": check_in["pain_before"]},
        "pain_before": check_in["pain_before"],
    }


class PlayerContent:
    """What the player's cached parts show, worked out only when the template reads it (a
    part is missing from the cache)."""

    def __init__(self, user, routine, leave, outcome, preferences, today, trial, pain_before):
        self.user, self.routine, self.leave, self.outcome = user, routine, leave, outcome
        self.preferences, self.today, self.trial = preferences, today, trial
        self.pain_before = pain_before

    @cached_property
    def routine_items(self):
        return [item for item in items_of(self.routine) if item.pk not in self.leave]

    @cached_property
    def steps(self):
        return self.routine.timed_plan_for(self.user, self.routine_items, self.outcome)

    @cached_property
    def player_items(self) -> list[dict]:
        player_items = []
        exercises = [item.exercise for item in self.routine_items]
        for exercise in with_verdicts(exercises, self.outcome):
            found = exercise.verdict
            player_items.append(
                {
                    "slug": exercise.slug,
                    "name": exercise.name,
                    "category": exercise.category,
                    "instructions": exercise.steps,
                    "breathing": exercise.breathing,
                    "notForYou": found.not_for_you,
                    "takeCare": found.take_care,
                    "reason": found.reason_labels,
                    # What to watch for, shown with a "take care" exercise.
                    "watch": list(exercise.cautions) if found.take_care else [],
                }
            )
        return player_items

    @cached_property
    def plan(self) -> dict:
        """The timed plan the player plays; today's check-in goes with it from its own
        ``json_script`` (#player-check-in)."""
        routine = self.routine
        return {
            "routine": {"id": routine.pk, "name": routine.name},
            "saveUrl": reverse("routines:try_save", args=[routine.slug])
            if self.trial
            else reverse("routines:save_session", args=[routine.pk]),
            # A visitor without an account gets the defaults of a new account.
            "preferences": self.preferences,
            "plannedSeconds": sum(step.seconds for step in self.steps),
            "items": self.player_items,
            "steps": [step.as_dict() for step in self.steps],
        }

    @cached_property
    def items(self):
        return list(zip(self.routine_items, self.player_items, strict=True))

    @cached_property
    def figures(self):
        return _with_phases(
            player_figures(
                [item.exercise for item in self.routine_items],
                {step.slug for step in self.steps if step.side == "left"},
            ),
            {item.exercise.slug: item.exercise for item in self.routine_items},
        )

    @cached_property
    def first(self) -> dict | None:
        """The first step as static/js/player-view.js draws it, for the page to show before
        the script has run: the player is on the screen from the first paint (its countdown
        is the page's largest text) and nothing moves when the script takes over. The
        exercise in focus (``focusItem``), its figure (``sideOf``: its own side, or the next
        step's) and the countdown (``formatClock``) follow the script's rules."""
        steps = self.steps
        if not steps:
            return None
        step = steps[0]
        focus = steps[1].item if _rest_between(steps, 0) else step.item
        side = step.side if step.item == focus and step.side else ""
        if not side and len(steps) > 1 and steps[1].item == focus:
            side = steps[1].side
        slug = self.player_items[focus]["slug"]
        shown = [f for f in self.figures if f["slug"] == slug]
        figure = next((f for f in shown if f["side"] == side), None) or next(
            (f for f in shown if f["side"] == ""), None
        )
        item = self.player_items[focus]
        minutes, seconds = divmod(step.seconds, 60)
        hours, minutes = divmod(minutes, 60)
        return {
            "item": item,
            # "Take care" shows only for an exercise that is not "not for you" (drawExercise).
            "care": item["takeCare"] and not item["notForYou"],
            "figure": figure,
            "countdown": f"{f'{hours}:' if hours else ''}{minutes:02d}:{seconds:02d}",
        }

    @cached_property
    def not_for_you(self) -> list[dict]:
        """The exercises played although not for the person, listed before the start."""
        return [item for item in self.player_items if item["notForYou"]]

    @cached_property
    def log_form(self):
        """The form to log the session by hand; its "pain before" field is cached per answer
        (``pain_before_field``), with today's answer chosen."""
        return ManualSessionForm(
            self.user,
            initial={
                "routine": self.routine,
                "date": self.today,
                "minutes": max(1, round(sum(step.seconds for step in self.steps) / 60)),
            },
        )

    @cached_property
    def pain_before_field(self):
        """The log form's "pain before" field with today's answer chosen: the same for
        everyone who gave that answer, so cached per answer (and language) alone."""
        return ManualSessionForm(self.user, initial={"pain_before": self.pain_before})[
            "pain_before"
        ]

    @property
    def log_fields_before_pain(self):
        names = list(self.log_form.fields)
        return [self.log_form[name] for name in names[: names.index("pain_before")]]

    @property
    def log_fields_after_pain(self):
        names = list(self.log_form.fields)
        return [self.log_form[name] for name in names[names.index("pain_before") + 1 :]]


def _rest_between(steps, index) -> bool:
    """A rest between two exercises (player-steps.js ``isRestBetweenExercises``)."""
    step = steps[index]
    return step.kind == "rest" and index + 1 < len(steps) and steps[index + 1].item != step.item


def _with_phases(figures, exercises):
    """Each figure with the names of its keyframes, in order, and when each shows (fractions
    of the cycle): JSON, for the phase the player names as the figure moves
    (static/js/player-figure.js); and the exercise's mode."""
    for figure in figures:
        exercise = exercises[figure["slug"]]
        shown = exercise.shown_figure  # its words in the active language
        keyframes = shown.get("keyframes", [])
        labels = [k.get("label") or shown.get("description", "") for k in keyframes]
        figure["phases"] = json.dumps(labels)
        figure["mode"] = exercise.mode
        figure["times"] = json.dumps(
            [round(t, 4) for t in leg_times(exercise.figure, exercise.mode)]
        )
    return figures


def saved_response(form, routine):
    """Save a checked payload to the person's log: 201 when new, 200 for a retry of the same
    session, 409 when the id is taken by a session with other content."""
    try:
        session, created = form.save(routine=routine)
    except SessionConflict as conflict:
        # Not a retry: this id is taken by a session with other content. Say so, with the
        # stored session, rather than answer 200 as if this one had been saved.
        return JsonResponse(
            {
                "errors": {
                    "client_id": [gettext("A different session was already saved with this id.")]
                },
                "url": conflict.session.get_absolute_url(),
                "session": session_dict(conflict.session, conflict.session.user.zone),
            },
            status=409,
        )
    return JsonResponse(
        {"url": session.get_absolute_url(), "created": created}, status=201 if created else 200
    )


def refusal(request, form):
    """A JSON answer when the session must not be kept, else None: the body is not a valid
    session (400), or it was played where the player refuses to play (403: an urgent or stop
    check not cleared, or an expired one). A session started before the check that blocks
    was taken (or before it expired) was played when playing was allowed, and is kept: the
    player may send it late from its queue."""
    if not form.is_valid():
        return JsonResponse({"errors": form.errors_as_json()}, status=400)
    profile = profile_of(request)
    if profile.blocks_playing:
        screening = profile.screening
        blocked_since = screening.valid_until if not profile.not_cleared else None
        blocked_since = blocked_since or screening.created_at
        if form.cleaned_data["started_at"] >= blocked_since:
            return JsonResponse(
                {
                    "errors": {
                        "safety": [
                            gettext(
                                "Your safety check says not to exercise now, so this session "
                                "was not saved. See your safety check's result."
                            )
                        ]
                    },
                    "url": reverse("safety:result"),
                },
                status=403,
            )
    return None


@require_POST
def save_session(request, pk):
    """Store a played session, sent as JSON by the player. Idempotent: the player may send
    the same session again (a lost answer, a retry), keyed by its client_id."""
    routine = own_routine(request, pk)
    form = SessionPayloadForm(request.user, request.body)
    refused = refusal(request, form)
    if refused is not None:
        return refused
    response = saved_response(form, routine)
    if response.status_code < 300:
        request.session.pop(CHECK_IN_KEY, None)
    return response
