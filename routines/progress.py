"""Progress from the session log: weeks, streaks, the pain trend, the calendar.

The database does the counting (one grouped query per statistic, whatever the number of
sessions); the pure functions here only walk the handful of rows it returns: one per week
or per day. Weeks start on Monday; days are the user's own calendar days
(``Session.local_date``), so a session just after midnight counts for the day it started in
the user's time zone.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Avg, Count, F, Q, Sum
from django.utils import timezone

from backcare.caching.versions import versions
from exercises.models import in_active_language, with_translations
from routines.charts import bar_chart, line_chart
from routines.models import PlannedSession, RoutineItem, Session, SessionItem
from routines.models import monday_of as week_start
from routines.weekly import plan_week

WEEKS_SHOWN = 12
CALENDAR_MONTHS = 3


@dataclass(frozen=True)
class Week:
    start: datetime.date
    sessions: int = 0
    minutes: int = 0
    pain_before: float | None = None
    pain_after: float | None = None

    def met(self, goal: int) -> bool:
        return self.sessions >= goal


def fill_weeks(
    rows: Mapping[datetime.date, Week], *, last: datetime.date, count: int
) -> list[Week]:
    """The ``count`` weeks up to the week of ``last``, with empty weeks filled in."""
    end = week_start(last)
    starts = [end - datetime.timedelta(weeks=n) for n in reversed(range(count))]
    return [rows.get(start, Week(start)) for start in starts]


def streaks(
    sessions_per_week: Mapping[datetime.date, int], goal: int, today: datetime.date
) -> tuple[int, int]:
    """(current, best) runs of consecutive weeks that met the weekly goal.

    The current week counts once it has met the goal; until then it does not break the
    streak, which runs up to last week."""
    met = {start for start, sessions in sessions_per_week.items() if sessions >= goal}
    this_week = week_start(today)
    cursor = this_week if this_week in met else this_week - datetime.timedelta(weeks=1)
    current = 0
    while cursor in met:
        current += 1
        cursor -= datetime.timedelta(weeks=1)
    best = run = 0
    previous = None
    for start in sorted(met):
        run = run + 1 if previous == start - datetime.timedelta(weeks=1) else 1
        best = max(best, run)
        previous = start
    return current, best


def pain_not_improving(earlier: float | None, later: float | None) -> bool:
    """True when both of the last two 7-day windows have pain-after scores and the later
    one is not lower: the log's own signal to suggest seeing a doctor."""
    if earlier is None or later is None:
        return False
    return later > 0 and later >= earlier


def pain_after_windows(user, today: datetime.date) -> tuple[float | None, float | None]:
    """Average pain after sessions in days 13–7 and 6–0 before today: one query."""
    week_ago = today - datetime.timedelta(days=7)
    two_weeks_ago = today - datetime.timedelta(days=14)
    result = (
        Session.objects.for_user(user)
        .filter(local_date__gt=two_weeks_ago)
        .aggregate(
            earlier=Avg(
                "pain_after", filter=Q(local_date__gt=two_weeks_ago, local_date__lte=week_ago)
            ),
            later=Avg("pain_after", filter=Q(local_date__gt=week_ago, local_date__lte=today)),
        )
    )
    return _round(result["earlier"]), _round(result["later"])


def weekly_rows(user) -> tuple[dict[datetime.date, Week], dict]:
    """Every week the user trained in, and the all-time totals: one grouped query over the
    stored week column, a row per week however many sessions there are."""
    paired = Q(pain_after__isnull=False, pain_before__isnull=False)
    rows = (
        Session.objects.for_user(user)
        .values("week_start")
        .annotate(
            sessions=Count("pk"),
            seconds=Sum("actual_seconds"),
            avg_before=Avg("pain_before"),
            avg_after=Avg("pain_after"),
            change_sum=Sum(F("pain_after") - F("pain_before"), filter=paired),
            change_count=Count("pk", filter=paired),
        )
        .order_by("week_start")
    )
    weeks, totals = {}, {"sessions": 0, "seconds": 0, "change_sum": 0, "change_count": 0}
    for row in rows:
        start = row["week_start"]
        weeks[start] = Week(
            start,
            row["sessions"],
            round((row["seconds"] or 0) / 60),
            _round(row["avg_before"]),
            _round(row["avg_after"]),
        )
        for key in totals:
            totals[key] += row[key] or 0
    change = totals["change_sum"] / totals["change_count"] if totals["change_count"] else None
    return weeks, {"sessions": totals["sessions"], "seconds": totals["seconds"], "change": change}


def log_statistics(
    user, today: datetime.date, since: datetime.date, version: int | None = None
) -> dict:
    """The database's answers about the user's log, cached until the log changes, the weekly
    goal changes or the day turns: keyed by the person's cache version, which the database
    moves on every write to their sessions or account (backcare/caching), so every process
    and server sees a change at once.

    Only what the pages show is kept: the weeks of the charts and the streaks worked out from
    every week, so reading the entry costs the same for 10 sessions as for 10,000. The entry
    carries its version, so fragments rendered from it can be keyed by the same one."""
    if version is None:
        version = versions().of(user.pk)
    # The catalogue's version is in the key too: the exercises stopped for pain are kept
    # with their names.
    key = (
        f"log-statistics:{user.pk}:{version}:{versions().catalogue}:{user.weekly_goal}:"
        f"{today.isoformat()}"
    )
    statistics = cache.get(key)
    if statistics is None:
        weeks, totals = weekly_rows(user)
        first_shown = week_start(today) - datetime.timedelta(weeks=WEEKS_SHOWN - 1)
        statistics = {
            "version": version,
            "weeks": {start: week for start, week in weeks.items() if start >= first_shown},
            "streaks": streaks(
                {start: w.sessions for start, w in weeks.items()}, user.weekly_goal, today
            ),
            "totals": totals,
            "days": trained_days(user, since),
            "stopped": stopped_for_pain(user),
            "windows": pain_after_windows(user, today),
        }
        cache.set(key, statistics, 24 * 60 * 60)
    return statistics


def _round(value):
    return None if value is None else round(float(value), 1)


def trained_days(user, since: datetime.date) -> dict[datetime.date, int]:
    rows = (
        Session.objects.for_user(user)
        .filter(local_date__gte=since)
        .values("local_date")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["local_date"]: row["n"] for row in rows}


def stopped_for_pain(user, limit=5):
    """Exercises the user stopped for pain, most often first."""
    return list(
        SessionItem.objects.filter(session__user=user, status=SessionItem.Status.STOPPED)
        .values("exercise__slug", exercise__name=in_active_language("exercise__name"))
        .annotate(times=Count("pk"))
        .order_by("-times", "exercise__name")[:limit]
    )


def calendar_months(
    days: Mapping[datetime.date, int], today: datetime.date, months: int = CALENDAR_MONTHS
):
    """Month grids (weeks of 7 days, None outside the month) with the days trained."""

    result = []
    year, month = today.year, today.month
    for _ in range(months):
        weeks = []
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
            weeks.append(
                [
                    {"date": day, "sessions": days.get(day, 0), "future": day > today}
                    if day.month == month
                    else None
                    for day in week
                ]
            )
        result.append({"first": datetime.date(year, month, 1), "weeks": weeks})
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return list(reversed(result))


def advice(user, windows, stopped) -> dict:
    """What the log suggests: see a doctor when pain is not falling, leave out exercises
    that were stopped for pain twice (with the routines that contain them)."""
    twice = [row for row in stopped if row["times"] >= 2]
    in_routines = {}
    if twice:
        for item in RoutineItem.objects.filter(
            routine__owner=user, exercise__slug__in=[r["exercise__slug"] for r in twice]
        ).select_related("routine", "exercise"):
            in_routines.setdefault(item.exercise.slug, []).append(item)
    return {
        "pain_not_improving": pain_not_improving(*windows),
        "stopped_twice": [
            {**row, "items": in_routines.get(row["exercise__slug"], [])} for row in twice
        ],
    }


def statistics_for(user, today: datetime.date, version: int | None = None) -> dict:
    """``log_statistics`` over the calendar's months: what every page that shows the log
    (home, history, progress) reads, from one cache entry."""
    since = datetime.date(today.year, today.month, 1)
    for _ in range(CALENDAR_MONTHS - 1):
        since = (since - datetime.timedelta(days=1)).replace(day=1)
    return log_statistics(user, today, since, version)


def streaks_of(user, statistics, today: datetime.date) -> tuple[int, int]:
    """(current, best) streaks against the user's weekly goal, from the cached statistics."""
    return statistics["streaks"]


def advice_routines(user, slugs) -> tuple:
    """The user's routine items holding these exercises, as the advice links them: (item,
    routine, routine name) rows. One query, run only when some exercise was stopped twice."""
    return tuple(
        sorted(
            RoutineItem.objects.filter(routine__owner=user, exercise__slug__in=slugs).values_list(
                "pk", "routine_id", "routine__name"
            )
        )
    )


def progress_for(user, today: datetime.date | None = None) -> dict:
    """Everything the progress and history pages show, in a fixed number of queries."""
    today = today or timezone.localdate()
    statistics = statistics_for(user, today)
    all_weeks, totals, stopped = statistics["weeks"], statistics["totals"], statistics["stopped"]
    current, best = streaks_of(user, statistics, today)
    weeks = fill_weeks(all_weeks, last=today, count=WEEKS_SHOWN)
    planned = list(
        PlannedSession.objects.for_user(user)
        .select_related("routine")
        .only("weekday", "time", "created_at", *with_translations("routine__name"))
    )
    labels = [w.start.strftime("%d %b") for w in weeks]
    return {
        "minutes_chart": bar_chart(labels, [w.minutes for w in weeks]),
        "sessions_chart": bar_chart(labels, [w.sessions for w in weeks], goal=user.weekly_goal),
        "pain_chart": line_chart(
            labels,
            {"before": [w.pain_before for w in weeks], "after": [w.pain_after for w in weeks]},
        ),
        "today": today,
        # The cached fragments of the history and progress pages are keyed by it.
        "log_version": statistics["version"],
        "goal": user.weekly_goal,
        "current_streak": current,
        "best_streak": best,
        "weeks": weeks,
        "this_week": weeks[-1],
        "months": calendar_months(statistics["days"], today),
        "totals": totals,
        "average_change": _round(totals["change"]),
        "stopped": stopped,
        "advice": advice(user, statistics["windows"], stopped),
        "plan_week": plan_week(
            planned, statistics["days"], today, zone=user.zone, joined=user.date_joined
        )
        if planned
        else None,
    }
