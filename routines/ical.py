"""The weekly plan as iCalendar (RFC 5545), written with the ``icalendar`` library.

One recurring event per routine and time of day: the planned weekdays become the RRULE's
BYDAY, the start carries the person's own time zone (TZID, with its VTIMEZONE), a VALARM
reminds before the start, and the event's URL opens the player. No server-side scheduler
is needed: the person's calendar does the reminding.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
import zoneinfo
from collections.abc import Callable, Iterable
from itertools import groupby

from icalendar import Alarm, Calendar, Event

PRODID = "-//BackCare//Weekly plan//EN"
REMINDER_BEFORE = datetime.timedelta(minutes=15)
BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# How long the event lasts in the calendar when the routine's own length is unknown.
DEFAULT_MINUTES = 15


def new_token() -> str:
    """An unguessable token for a feed URL: 256 random bits."""
    return secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    """What is stored and looked up: the token's SHA-256. Looking up a digest takes the
    same time whatever the token's first characters, so timing tells an attacker nothing."""
    return hashlib.sha256(token.encode()).hexdigest()


def _zone(name: str) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def _first_day(week_of: datetime.date, weekdays: list[int]) -> datetime.date:
    """The first planned weekday in the week of ``week_of``: the recurrence's first start."""
    monday = week_of - datetime.timedelta(days=week_of.weekday())
    return monday + datetime.timedelta(days=min(weekdays))


def plan_calendar(
    entries: Iterable,
    *,
    time_zone: str,
    user_id: int,
    play_url: Callable[[object], str],
    minutes: Callable[[object], int] = lambda routine: DEFAULT_MINUTES,
    now: datetime.datetime,
) -> Calendar:
    """The calendar of a weekly plan. ``entries`` are PlannedSession-like objects (weekday,
    time, routine, created_at); ``play_url(routine)`` gives the absolute URL of its player;
    ``minutes(routine)`` how long it lasts."""
    zone = _zone(time_zone)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "BackCare plan")
    calendar.add("x-wr-timezone", zone.key)

    def key(entry):
        return (entry.routine.pk, entry.time)

    for (_routine_pk, time), group in groupby(sorted(entries, key=key), key=key):
        group = list(group)
        routine = group[0].routine
        weekdays = sorted(entry.weekday for entry in group)
        created = min(entry.created_at for entry in group).astimezone(zone).date()
        start = datetime.datetime.combine(_first_day(created, weekdays), time, tzinfo=zone)
        url = play_url(routine)

        event = Event()
        event.add("uid", f"plan-{user_id}-{routine.pk}-{time:%H%M}@backcare")
        event.add("dtstamp", now)
        event.add("summary", f"BackCare: {routine.name}")
        event.add("dtstart", start)
        event.add("duration", datetime.timedelta(minutes=max(1, minutes(routine))))
        event.add("rrule", {"freq": "weekly", "byday": [BYDAY[day] for day in weekdays]})
        event.add("url", url)
        event.add(
            "description",
            f"Time for your back: {routine.name}. Open the player: {url}\n"
            "Skip it on a bad day, and see a doctor if pain is new, sharp or getting worse.",
        )

        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", f"BackCare: {routine.name} in 15 minutes")
        alarm.add("trigger", -REMINDER_BEFORE)
        event.add_component(alarm)
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar
