"""Playing a routine: the check-in, the player page and the endpoint that saves a session.

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

import datetime
import functools
import json
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_POST
from modeltranslation.utils import build_localized_fieldname
from modeltranslation.utils import get_language as content_language

from backcare.caching.pages import cached_value, digest, render_page
from backcare.caching.versions import versions
from backcare.headers import private_page
from backcare.ratelimit import over_limit, too_many
from exercises.figures.cache import player_figures
from exercises.figures.motion import leg_times
from exercises.safety import CHECK_IN_QUESTIONS, profile_of, with_verdicts
from exercises.safety.summary import not_for_you, take_care
from routines.export import session_dict
from routines.forms import (
    CareForm,
    CheckInForm,
    IncludeForm,
    ManualSessionForm,
    SessionPayloadForm,
)
from routines.gentle import allows_gentle, is_gentle
from routines.models import Routine, RoutineItem, TrialSession
from routines.services import TRIAL_SESSIONS_KEY, SessionConflict, TrialConflict
from routines.views.ownership import own_routine

CHECK_IN_KEY = "check_in"
CHECK_IN_VALID_FOR = datetime.timedelta(hours=2)
FIT_SECONDS = 60 * 60
# Every value of an item the pages show or the plan uses, besides its exercise's own (which
# the catalogue version covers).
ITEM_FIELDS = (
    "id",
    "exercise_id",
    "position",
    "seconds",
    "reps",
    "sets",
    "rest_seconds",
    "per_side",
)


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


@dataclass(frozen=True)
class Fit:
    """What a person's conditions mean for a routine: the items left out as not for them,
    as (item id, exercise name, reasons), and whether it still plays as a gentle routine."""

    items: tuple[int, ...]
    left_out: tuple[tuple[int, str, str], ...]
    plays_gentle: bool
    # Still gentle for someone weak or dizzy: seated or lying, no breath-holds, no head-down.
    plays_gentle_weak: bool = False
    # The items that need care, as (item id, exercise name, reasons), which the person may
    # leave out of this session.
    take_care: tuple[tuple[int, str, str], ...] = ()

    def gentle_for(self, answers) -> bool:
        """Whether this routine plays after a "rest today" check-in with these answers."""
        return self.plays_gentle_weak if answers.get("weak") else self.plays_gentle

    @property
    def every_item(self) -> bool:
        return len(self.left_out) == len(self.items)


def _outcome_key(outcome) -> tuple:
    # In the outcome's order: the reasons are named in that order.
    return (outcome.level, tuple(rule.slug for rule in outcome.rules))


def _fit(routine, rows, outcome) -> Fit:
    """The routine's ``Fit`` for this outcome, worked out once per catalogue version, items
    and conditions: a hit reads no exercise."""

    def compute():
        items = _items(routine)
        left_out = not_for_you(items, outcome)
        exercises = [item.exercise for item in items]
        return Fit(
            items=tuple(item.pk for item in items),
            left_out=tuple(
                (item.pk, item.exercise.name, found.reason_labels) for item, found in left_out
            ),
            # Only a routine that is still gentle plays after a "rest today" check-in.
            plays_gentle=routine.gentle and is_gentle(exercises, outcome),
            plays_gentle_weak=routine.gentle and is_gentle(exercises, outcome, weak=True),
            take_care=tuple(
                (item.pk, item.exercise.name, found.reason_labels)
                for item, found in take_care(items, outcome)
            ),
        )

    return cached_value(
        "player-fit",
        routine.pk,
        routine.gentle,
        rows,
        _outcome_key(outcome),
        compute=compute,
        seconds=FIT_SECONDS,
    )


def _items(routine):
    return list(routine.items.select_related("exercise"))


def _page(request, template, routine, content):
    # The title names the routine.
    return render_page(request, template, content, context={"routine": routine})


def _prestart(
    request,
    routine,
    *,
    left_out=(),
    chosen=(),
    every_item=False,
    check_in=True,
    bound=None,
    care=(),
    leave_care=False,
    care_is_all=False,
    screened=True,
):
    """The pre-start page: today's check-in questions (unless answered) and the exercises
    left out, as (item id, exercise name, reasons), each of which may be included for this
    session. Rendered for each request: its form carries the request's CSRF token, and
    ``bound`` forms show this request's answers and errors."""
    if bound is not None:
        form, include_form, care_form = bound
    else:
        form = CheckInForm() if check_in else None
        include_form = (
            IncludeForm(left_out, every_item=every_item, initial={"include": list(chosen)})
            if left_out
            else None
        )
        care_form = (
            CareForm(care, nothing_else=care_is_all, initial={"leave": leave_care})
            if care
            else None
        )
    context = {
        "routine": routine,
        "form": form,
        "include_form": include_form,
        "care_form": care_form,
        "screened": screened,
    }
    content = render_to_string("routines/includes/player_checkin_content.html", context, request)
    return _page(request, "routines/player_checkin.html", routine, content)


def _name_fields() -> tuple[str, ...]:
    """The routine name's columns the player reads, the active language's first, then the
    English it falls back to (routines/translation.py; a person's routine has the same in
    each)."""
    return tuple(
        dict.fromkeys(
            build_localized_fieldname("name", language)
            for language in (content_language(), settings.LANGUAGE_CODE)
        )
    )


def _in_model_order(names) -> list[str]:
    """``from_db`` takes the values in the order of the model's fields."""
    order = [field.attname for field in Routine._meta.concrete_fields]
    return sorted(names, key=order.index)


@functools.cache
def _routines_and_items_sql(programme: bool, names: tuple[str, ...]) -> str:
    """The SQL of ``_routines_and_items``, from the models' table and column names, reading
    the routine's name from the columns ``names``. Its parameters: the played routine's id
    and the person's id, or the programme's slug."""
    quote = connection.ops.quote_name
    routine, item = Routine._meta, RoutineItem._meta

    def r(name):
        return f"r.{quote(routine.get_field(name).column)}"

    def i(name):
        return f"i.{quote(item.get_field(name).column)}"

    columns = ", ".join(
        [r(name) for name in ("id", *names, "slug", "gentle")] + [i(name) for name in ITEM_FIELDS]
    )
    joined = f"LEFT JOIN {quote(item.db_table)} i ON {i('routine')} = {r('id')}"
    if programme:
        where = f"{r('slug')} = %s AND {r('owner')} IS NULL"
    else:  # every routine of the person, with the items of the one played
        joined += f" AND {r('id')} = %s"
        where = f"{r('owner')} = %s"
    # Only the models' own names are put in; the values are parameters.
    return (
        f"SELECT {columns} FROM {quote(routine.db_table)} r {joined} "  # noqa: S608
        f"WHERE {where} ORDER BY {r(names[0])}, {r('id')}, {i('position')}, {i('id')}"
    )


def _routines_and_items(*, owner=None, pk=None, slug=None, request=None):
    """The routine played, the values of its items (``ITEM_FIELDS``, in their order) and, for
    a person's own routine, all their routines as (id, name) in their order, which the log
    form lists. A routine that is not the person's is not found (404), like a programme slug
    that does not exist.

    A person's routine is kept under their routines version, which every write of their
    routines and items moves (the database's triggers, backcare/caching): a hit runs no
    query of its own. A programme is read by one query every time."""
    programme = owner is None
    if not programme:
        low, high = connection.ops.integer_field_range(Routine._meta.pk.get_internal_type())
        if not low <= pk <= high:  # as the ORM does: no such routine, not a database error
            raise Http404("No routine matches the given query.")
    version = None if programme else versions().of(owner.pk)
    if version is None:
        played, rows, routines = _read_routines_and_items(owner, pk, slug)
    else:
        played, rows, routines = cached_value(
            "player-routine",
            owner.pk,
            version,
            pk,
            compute=lambda: _read_routines_and_items(owner, pk, slug),
            seconds=FIT_SECONDS,
        )
    # Only what the player reads of the routine; anything else is loaded when first used.
    routine_id, names, routine_slug, gentle = played
    columns = _in_model_order(names)
    routine = Routine.from_db(
        connection.alias,
        ["id", "owner_id", *columns, "slug", "gentle"],
        [
            routine_id,
            None if programme else owner.pk,
            *(names[c] for c in columns),
            routine_slug,
            gentle,
        ],
    )
    return routine, rows, routines


def _read_routines_and_items(owner, pk, slug):
    """``_routines_and_items`` from the database, as plain values: one query. Plain SQL: the
    ORM would spend more time building the three queries this replaces than the database
    answering."""
    programme = owner is None
    names = _name_fields()
    with connection.cursor() as cursor:
        sql = _routines_and_items_sql(programme, names)
        cursor.execute(sql, [slug] if programme else [pk, owner.pk])
        found = cursor.fetchall()
    routines, played, rows = [], None, []
    for routine_id, *row in found:
        name_values, (routine_slug, gentle, *values) = row[: len(names)], row[len(names) :]
        name = next((value for value in name_values if value), "")
        if not routines or routines[-1][0] != routine_id:
            routines.append((routine_id, name))
        if programme or routine_id == pk:
            played = (
                routine_id,
                dict(zip(names, name_values, strict=True)),
                routine_slug,
                bool(gentle),
            )
            if values[0] is not None:
                rows.append(tuple(values))
    if played is None:
        raise Http404("No routine matches the given query.")
    return played, tuple(rows), None if programme else tuple(routines)


def play(request, pk):
    routine, rows, routines = _routines_and_items(owner=request.user, pk=pk, request=request)
    return _play(request, routine, rows, routines=routines)


@login_not_required
@private_page  # the visitor's own check-in and safety check
def try_programme(request, slug):
    """Try before signing up: an anonymous visitor plays a ready programme, after the same
    check-in and within their anonymous safety check, like a signed-in person."""
    if request.user.is_authenticated:
        return redirect("routines:programme", slug=slug)
    programme, rows, _routines = _routines_and_items(slug=slug)
    return _play(request, programme, rows, trial=True)


def _play(request, routine, rows, *, routines=None, trial=False):
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
    fit = _fit(routine, rows, outcome)
    left_out = fit.left_out
    check_in = _recent_check_in(request, routine)
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
            return _prestart(
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
        return _prestart(
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
        return _prestart(request, routine, left_out=left_out, every_item=True, check_in=False)
    return _page(
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
    """The player's content: the plan as JSON, the player, the list without the timer and
    the form to log by hand. Its parts that are the same for every session are cached by
    everything they show (``player_key``, Django's ``{% cache %}`` in the template); today's
    check-in, the pain noted before and the CSRF tokens are rendered for each request around
    them. On a hit nothing else is read or built: not the exercises, not the plan, not the
    forms."""
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
        _outcome_key(outcome),
        sorted(included),
        bool(care_left_out),
        preferences,
        getattr(user, "get_ready_seconds", None),
        getattr(user, "default_rest_seconds", None),
        today,
        routines,
        versions().catalogue,
        get_language(),
    )
    leave = {entry[0] for entry in left_out + care_left_out}
    return render_to_string(
        "routines/includes/player_content.html",
        {
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
        },
        request,
    )


class PlayerContent:
    """What the player's cached parts show, worked out only when the template reads it (a
    part is missing from the cache)."""

    def __init__(self, user, routine, leave, outcome, preferences, today, trial, pain_before):
        self.user, self.routine, self.leave, self.outcome = user, routine, leave, outcome
        self.preferences, self.today, self.trial = preferences, today, trial
        self.pain_before = pain_before

    @cached_property
    def routine_items(self):
        return [item for item in _items(self.routine) if item.pk not in self.leave]

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
    def log_form(self):
        """The form to log the session by hand; its "pain before" field is rendered for each
        request (``pain_before_field``), with today's answer chosen."""
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
                "session": session_dict(conflict.session, conflict.session.user.zone),
            },
            status=409,
        )
    return JsonResponse(
        {"url": session.get_absolute_url(), "created": created}, status=201 if created else 200
    )


def _refused(request, form):
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
    refused = _refused(request, form)
    if refused is not None:
        return refused
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
    if not request.user.is_authenticated:
        # Each trial is a row kept for a day: limited per client and in total.
        retry_after = over_limit(request, "trial_save")
        if retry_after is not None:
            return too_many(request, retry_after, json=True)
    form = SessionPayloadForm(request.user, request.body)
    refused = _refused(request, form)
    if refused is not None:
        return refused
    if request.user.is_authenticated:
        # Signed in (in another tab) while playing: the session goes straight to the log.
        return _saved(form, programme)
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
