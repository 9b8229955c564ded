"""The weekly plan against the log: what is planned today, and this week planned against done.

Pure functions over plain data: the planned days (``PlannedSession`` rows or anything with
``weekday``, ``time`` and ``routine``) and the sessions per day that ``routines.progress``
already counts and caches, so the home, history and progress pages add no query for them.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from routines.models import monday_of


@dataclass(frozen=True)
class PlanDay:
    """One day of this week: what was planned and how many sessions were logged."""

    date: datetime.date
    planned: object | None  # a PlannedSession, or None
    sessions: int
    today: bool
    past: bool
    # Whether the planned session could have been done: its moment came after the plan was
    # made and after the person signed up. A day before that is never "missed".
    possible: bool = True

    @property
    def done(self) -> bool:
        return self.sessions > 0

    @property
    def missed(self) -> bool:
        return self.planned is not None and self.past and self.possible and not self.done


@dataclass(frozen=True)
class PlanWeek:
    days: tuple[PlanDay, ...]

    @property
    def planned(self) -> int:
        return sum(1 for day in self.days if day.planned is not None)

    @property
    def planned_done(self) -> int:
        """Planned days on which at least one session was logged."""
        return sum(1 for day in self.days if day.planned is not None and day.done)

    @property
    def sessions(self) -> int:
        return sum(day.sessions for day in self.days)


def plan_week(
    entries: Iterable,
    sessions_per_day: Mapping[datetime.date, int],
    today: datetime.date,
    *,
    zone: datetime.tzinfo,
    joined: datetime.datetime | None = None,
) -> PlanWeek:
    """Monday to Sunday of ``today``'s week (``today`` in the person's time zone, ``zone``),
    each day with its planned routine (if any) and the number of sessions logged on it.

    A planned day is missed only once it has passed, and only if its planned moment (the
    day at the entry's time, in ``zone``) came after the entry was made (its ``created_at``,
    when it has one) and after the person signed up (``joined``): a plan saved on a Sunday
    does not count the Monday before it as missed."""
    by_weekday = {entry.weekday: entry for entry in entries}
    monday = monday_of(today)
    days = []
    for offset in range(7):
        date = monday + datetime.timedelta(days=offset)
        entry = by_weekday.get(offset)
        days.append(
            PlanDay(
                date=date,
                planned=entry,
                sessions=sessions_per_day.get(date, 0),
                today=date == today,
                past=date < today,
                possible=entry is None or _possible(entry, date, zone, joined),
            )
        )
    return PlanWeek(tuple(days))


def _possible(entry, date, zone, joined) -> bool:
    moment = datetime.datetime.combine(date, entry.time, tzinfo=zone)
    made = getattr(entry, "created_at", None)
    return all(since is None or moment > since for since in (made, joined))


def planned_for(entries: Iterable, today: datetime.date):
    """The plan's entry for ``today``'s weekday, or None."""
    return next((entry for entry in entries if entry.weekday == today.weekday()), None)
