"""The weekly plan as iCalendar (RFC 5545), written with the ``icalendar`` library.

One recurring event per routine and time of day, lasting as long as the routine: the
planned weekdays become the RRULE's BYDAY, the start carries the person's own time zone
(TZID, with its VTIMEZONE), a VALARM reminds before the start, and the event's URL opens the
player. No server-side scheduler is needed: the person's calendar does the reminding.

The VTIMEZONE states the zone's rules (``RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU``), not a list
of past dates: every reader then finds summer time in every year the plan repeats (a list
of dates, as ``icalendar`` writes by default, ends in 2037 and some readers, ``vobject``
among them, read it an hour off all summer). A zone whose changes follow no yearly rule gets
its dates listed for the next years instead. The event UIDs are keyed digests: stable, and
naming no account or routine number.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import secrets
import zoneinfo
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import groupby

from django.utils.crypto import salted_hmac
from django.utils.translation import gettext, ngettext
from icalendar import Alarm, Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard

PRODID = "-//BackCare//Weekly plan//EN"
REMINDER_MINUTES = 15
REMINDER_BEFORE = datetime.timedelta(minutes=REMINDER_MINUTES)
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


@dataclass(frozen=True)
class Change:
    """A change of a zone's offset: when (the local wall time it starts, in the offset it
    leaves, as RFC 5545 wants), from and to which offset, into summer time or not, and the
    name it takes."""

    onset: datetime.datetime
    offset_from: datetime.timedelta
    offset_to: datetime.timedelta
    daylight: bool
    name: str

    @property
    def rule(self) -> tuple:
        """(month, BYDAY, wall time, offsets): equal for two years with the same rule."""
        day = self.onset.day
        last = (self.onset + datetime.timedelta(days=7)).month != self.onset.month
        position = -1 if last else (day - 1) // 7 + 1
        byday = f"{position}{BYDAY[self.onset.weekday()]}"
        return (self.onset.month, byday, self.onset.time(), self.offset_from, self.offset_to)


@functools.lru_cache(maxsize=256)
def _changes(zone: zoneinfo.ZoneInfo, year: int) -> tuple[Change, ...]:
    """The offset changes of ``zone`` in ``year`` (UTC), found day by day, then to the hour
    and the minute."""
    utc = datetime.timezone.utc
    moment = datetime.datetime(year, 1, 1, tzinfo=utc)
    end = datetime.datetime(year + 1, 1, 1, tzinfo=utc)
    changes, offset = [], moment.astimezone(zone).utcoffset()
    while moment < end:
        later = moment + datetime.timedelta(days=1)
        if later.astimezone(zone).utcoffset() != offset:
            at = moment
            for step in (datetime.timedelta(hours=1), datetime.timedelta(minutes=1)):
                while (at + step).astimezone(zone).utcoffset() == offset:
                    at += step
            at += datetime.timedelta(minutes=1)
            local = at.astimezone(zone)
            changes.append(
                Change(
                    onset=(at + offset).replace(tzinfo=None),
                    offset_from=offset,
                    offset_to=local.utcoffset(),
                    daylight=bool(local.dst()),
                    name=local.tzname() or "",
                )
            )
            offset = local.utcoffset()
        moment = later
    return tuple(changes)


# The years a rule is checked over, and listed for when a zone follows none.
YEARS_AHEAD = 10


def _nth_weekday(year: int, month: int, byday: str) -> datetime.date:
    """The day of ``year`` and ``month`` that BYDAY names ("2SU", "-1SU")."""
    position, weekday = int(byday[:-2]), BYDAY.index(byday[-2:])
    first = datetime.date(year, month, 1)
    if position > 0:
        offset = (weekday - first.weekday()) % 7
        return first + datetime.timedelta(days=offset + 7 * (position - 1))
    following = datetime.date(year + month // 12, month % 12 + 1, 1)
    last = following - datetime.timedelta(days=1)
    return last - datetime.timedelta(days=(last.weekday() - weekday) % 7)


def _part(change: Change, start: datetime.datetime, rule: dict | None):
    part = TimezoneDaylight() if change.daylight else TimezoneStandard()
    part.add("dtstart", start)
    if rule is not None:
        part.add("rrule", rule)
    part.add("tzoffsetfrom", change.offset_from)
    part.add("tzoffsetto", change.offset_to)
    part.add("tzname", change.name)
    return part


def vtimezone(zone: zoneinfo.ZoneInfo, year: int) -> Timezone:
    """The VTIMEZONE of ``zone`` from ``year`` on: one STANDARD and one DAYLIGHT part with a
    yearly RRULE when the changes of the next ``YEARS_AHEAD`` years follow one, a part per
    change otherwise, or a single STANDARD part for a zone without changes."""
    component = Timezone()
    component.add("tzid", zone.key)
    years = [_changes(zone, y) for y in range(year, year + YEARS_AHEAD)]
    if not any(years):
        start = datetime.datetime(year, 1, 1, tzinfo=zone)
        part = TimezoneStandard()
        part.add("dtstart", datetime.datetime(1970, 1, 1))
        part.add("tzoffsetfrom", start.utcoffset())
        part.add("tzoffsetto", start.utcoffset())
        part.add("tzname", start.tzname() or zone.key)
        component.add_component(part)
        return component
    for daylight in (False, True):
        changes = [c for changes in years for c in changes if c.daylight == daylight]
        if len(changes) == YEARS_AHEAD and len({c.rule for c in changes}) == 1:
            month, byday, time, _from, _to = changes[0].rule
            # The rule from 1970 on, as calendar programs write it: a reader comparing the
            # zone with UTC over past years must not find them equal.
            start = datetime.datetime.combine(_nth_weekday(1970, month, byday), time)
            rule = {"freq": "yearly", "bymonth": month, "byday": byday}
            component.add_component(_part(changes[0], start, rule))
        else:
            # No yearly rule: one part per change (some readers misread a list of dates).
            for change in changes:
                component.add_component(_part(change, change.onset, None))
    return component


def event_uid(user_id: int, routine_pk: int, time: datetime.time) -> str:
    """The same event keeps its UID from one fetch to the next (calendars update it in
    place); the UID itself says nothing about the account or the routine."""
    key = salted_hmac("backcare.plan-event", f"{user_id}:{routine_pk}:{time:%H%M}").hexdigest()
    return f"{key[:32]}@backcare"


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
    calendar.add("x-wr-calname", gettext("BackCare plan"))
    calendar.add("x-wr-timezone", zone.key)

    def key(entry):
        return (entry.routine.pk, entry.time)

    starts = []

    for (_routine_pk, time), group in groupby(sorted(entries, key=key), key=key):
        group = list(group)
        routine = group[0].routine
        weekdays = sorted(entry.weekday for entry in group)
        created = min(entry.created_at for entry in group).astimezone(zone).date()
        start = datetime.datetime.combine(_first_day(created, weekdays), time, tzinfo=zone)
        url = play_url(routine)

        event = Event()
        event.add("uid", event_uid(user_id, routine.pk, time))
        event.add("dtstamp", now)
        event.add("summary", gettext("BackCare: %(routine)s") % {"routine": routine.name})
        event.add("dtstart", start)
        event.add("duration", datetime.timedelta(minutes=max(1, minutes(routine))))
        event.add("rrule", {"freq": "weekly", "byday": [BYDAY[day] for day in weekdays]})
        event.add("url", url)
        event.add(
            "description",
            gettext(
                "Time for your back: %(routine)s. Open the player: %(url)s\n"
                "Skip it on a bad day, and see a doctor if pain is new, sharp or getting worse."
            )
            % {"routine": routine.name, "url": url},
        )

        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add(
            "description",
            ngettext(
                "BackCare: %(routine)s in %(minutes)d minute",
                "BackCare: %(routine)s in %(minutes)d minutes",
                REMINDER_MINUTES,
            )
            % {"routine": routine.name, "minutes": REMINDER_MINUTES},
        )
        alarm.add("trigger", -REMINDER_BEFORE)
        event.add_component(alarm)
        calendar.add_component(event)
        starts.append(start)
    if starts:
        calendar.add_component(vtimezone(zone, min(starts).year - 1))
        # The time zone comes first, as some readers expect.
        calendar.subcomponents.insert(0, calendar.subcomponents.pop())
    return calendar
