"""The home page, in one place: what BackCare is for a visitor (templates/home.html), and
for a signed-in person today's session, this week against the goal, the streak, the last
session and the safety check's state (templates/home_today.html around
templates/includes/home_today.html). It stands with the project's pages, above routines,
accounts and exercises, whose models and statistics it reads.

A fixed number of queries whatever the size of the log: the week and the streak come from
``routines.progress``'s cached statistics (shared with the history and progress pages), the
plan is at most seven rows, and the last session and last played routine are one indexed
row each.

The rendered content is cached (``home_content``) under a key of everything it shows: the
person, their log and routines versions, their safety state, weekly goal, time zone, today's
date in it and the language. A hit costs one query (the two versions) beyond the request's
own session, user and screening; an edit anywhere changes the key, so it shows at once.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone

from backcare.caching.pages import cache_anonymous_page, cached_fragment, render_page
from backcare.caching.versions import versions
from exercises.models import with_translations
from exercises.safety import profile_of
from exercises.safety.models import Screening
from routines.models import PlannedSession, Routine, Session, monday_of
from routines.progress import Week, statistics_for, streaks_of
from routines.weekly import plan_week, planned_for

SESSION_FIELDS = (
    "pk",
    "routine_id",
    "routine_name",
    "started_at",
    "local_date",
    "actual_seconds",
    "pain_before",
    "pain_after",
    "gentle",
)


# What the page shows of a routine: its name and its URLs (get_absolute_url reads the owner).
ROUTINE_FIELDS = (
    *with_translations("routine__name"),
    "routine__owner",
    "routine__slug",
    "routine__gentle",
)


@dataclass(frozen=True)
class SafetyState:
    """The safety check as the home page tells it: ``state`` is "none" (never taken),
    "expired" (older than 12 months or ended by a change in health), "stale" (answers about
    recent weeks to give again), "blocked" (see a doctor first) or "valid"; ``level`` the
    outcome's level while it is in force."""

    state: str
    level: str = ""
    valid_until: datetime.datetime | None = None


def safety_state(user, profile) -> SafetyState:
    if profile.screened and not profile.urgent and profile.expired:
        return SafetyState("expired")  # its rules still apply; playing waits for a new check
    if profile.screened and not profile.urgent and profile.stale:
        # Answers about recent weeks to be given again (exercises/safety/timing.py).
        return SafetyState("stale", profile.outcome.level)
    if profile.screened:
        screening = profile.screening
        if profile.blocks_playing:
            return SafetyState("blocked", profile.outcome.level, screening.valid_until)
        return SafetyState("valid", profile.outcome.level, screening.valid_until)
    if Screening.objects.filter(user=user).exists():
        return SafetyState("expired")
    return SafetyState("none")


def pain_change(session) -> int | None:
    if session is None or session.pain_before is None or session.pain_after is None:
        return None
    return session.pain_after - session.pain_before


def playable(user, routine) -> tuple[Routine | None, Routine | None]:
    """What Play opens for ``routine``: (the person's routine to play, None), or, for a ready
    programme they played without a copy of their own (a trial claimed at sign-up), (None,
    the programme) to copy and then play. A programme itself has no player of the person's.
    One query, only when the routine is a programme."""
    if routine is None or not routine.is_programme:
        return routine, None
    copy = (
        Routine.objects.for_user(user)
        .filter(copied_from=routine, gentle=False)
        .only("pk", "name", "owner")
        .order_by("-updated_at", "-pk")
        .first()
    )
    return (copy, None) if copy is not None else (None, routine)


def home_for(
    user, profile, today: datetime.date | None = None, safety: SafetyState | None = None
) -> dict:
    today = today or timezone.localdate()
    statistics = statistics_for(user, today)
    current_streak, best_streak = streaks_of(user, statistics, today)
    monday = monday_of(today)
    this_week = statistics["weeks"].get(monday, Week(monday))

    entries = list(
        PlannedSession.objects.for_user(user)
        .select_related("routine")
        .only("weekday", "time", "created_at", *ROUTINE_FIELDS)
    )
    sessions = Session.objects.for_user(user).only(*SESSION_FIELDS)
    last_session = sessions.first()
    # The routine played most recently, the gentle bad-day routine apart.
    last_played = (
        sessions.filter(routine__isnull=False, gentle=False)
        .select_related("routine")
        .only(*SESSION_FIELDS, *ROUTINE_FIELDS)
        .first()
    )
    planned = planned_for(entries, today)
    if planned is not None:
        today_routine, today_reason = planned.routine, "planned"
    elif last_played is not None:
        today_routine, today_reason = last_played.routine, "recent"
    else:
        today_routine, today_reason = None, "none"
    play_routine, copy_to_play = playable(user, today_routine)
    return {
        "today": today,
        "today_routine": today_routine,
        "today_reason": today_reason,
        "today_planned": planned,
        "play_routine": play_routine,
        "copy_to_play": copy_to_play,
        "plan_week": plan_week(
            entries, statistics["days"], today, zone=user.zone, joined=user.date_joined
        )
        if entries
        else None,
        "goal": user.weekly_goal,
        "this_week": this_week,
        "goal_left": max(0, user.weekly_goal - this_week.sessions),
        "current_streak": current_streak,
        "best_streak": best_streak,
        "last_session": last_session,
        "last_pain_change": pain_change(last_session),
        "safety": safety or safety_state(user, profile),
        "blocks_playing": profile.blocks_playing,
    }


# Kept for a day: the key changes with the date anyway, and a person back in the evening
# finds their morning's page.
CONTENT_SECONDS = 24 * 60 * 60


def home_content(request, today: datetime.date | None = None) -> str:
    """The signed-in home's content (templates/includes/home_today.html), rendered once per
    state of everything it shows and then served from the cache. On a hit the context is
    never computed: the person's cache version (moved by every write to their sessions,
    routines, plan, checks and account) is read with the catalogue's in one query, and the
    safety state comes from the request's profile."""
    user, profile = request.user, profile_of(request)
    today = today or timezone.localdate()
    safety = safety_state(user, profile)
    screening = profile.screening
    return cached_fragment(
        "home",
        user.pk,
        versions().of(user.pk),
        screening.pk if screening is not None else None,
        profile.cleared,
        profile.blocks_playing,
        safety,
        user.weekly_goal,
        timezone.get_current_timezone_name(),
        today.isoformat(),
        render=lambda: render_to_string(
            "includes/home_today.html", home_for(user, profile, today, safety), request
        ),
        seconds=CONTENT_SECONDS,
    )


@login_not_required
@cache_anonymous_page()
def home(request):
    """Anonymous visitors: what BackCare is. Signed in: today (``home_content``)."""
    if not request.user.is_authenticated:
        return render(request, "home.html")
    return render_page(request, "home_today.html", home_content(request))
