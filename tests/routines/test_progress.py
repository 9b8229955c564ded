"""Streaks, weeks and the pain trend on hand-made calendars (pure), and local days."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from routines.progress import (
    Week,
    calendar_months,
    fill_weeks,
    pain_not_improving,
    streaks,
    week_start,
)
from routines.services import local_date_of

MONDAY = datetime.date(2026, 11, 16)


def weeks_ago(n):
    return MONDAY - datetime.timedelta(weeks=n)


def test_week_starts_on_monday():
    assert week_start(datetime.date(2026, 11, 22)) == MONDAY  # a Sunday
    assert week_start(MONDAY) == MONDAY


def test_streak_counts_consecutive_weeks_meeting_the_goal():
    counts = {
        weeks_ago(0): 3,
        weeks_ago(1): 3,
        weeks_ago(2): 4,
        weeks_ago(4): 3,
        weeks_ago(5): 3,
        weeks_ago(6): 3,
        weeks_ago(7): 5,
    }

    assert streaks(counts, goal=3, today=MONDAY + datetime.timedelta(days=3)) == (3, 4)


def test_a_week_with_no_sessions_breaks_the_streak():
    counts = {weeks_ago(1): 3, weeks_ago(3): 3}

    assert streaks(counts, goal=3, today=MONDAY) == (1, 1)


def test_a_week_below_the_goal_breaks_the_streak():
    counts = {weeks_ago(1): 3, weeks_ago(2): 2, weeks_ago(3): 3}

    assert streaks(counts, goal=3, today=MONDAY) == (1, 1)


def test_the_current_week_does_not_break_the_streak_until_it_is_over():
    counts = {weeks_ago(0): 1, weeks_ago(1): 3, weeks_ago(2): 3}

    assert streaks(counts, goal=3, today=MONDAY + datetime.timedelta(days=2)) == (2, 2)


def test_no_sessions_no_streak():
    assert streaks({}, goal=3, today=MONDAY) == (0, 0)


def test_weeks_are_filled_with_empty_weeks():
    rows = {weeks_ago(2): Week(weeks_ago(2), sessions=2, minutes=30)}

    weeks = fill_weeks(rows, last=MONDAY + datetime.timedelta(days=6), count=4)

    assert [w.start for w in weeks] == [weeks_ago(3), weeks_ago(2), weeks_ago(1), weeks_ago(0)]
    assert [w.sessions for w in weeks] == [0, 2, 0, 0]


@pytest.mark.parametrize(
    ("earlier", "later", "expected"),
    [
        (4.0, 4.0, True),
        (3.0, 4.5, True),
        (5.0, 3.0, False),
        (None, 4.0, False),
        (4.0, None, False),
        (0.0, 0.0, False),
    ],
)
def test_pain_not_improving_over_two_weeks(earlier, later, expected):
    assert pain_not_improving(earlier, later) is expected


def test_a_session_just_after_midnight_counts_for_the_day_it_started_locally():
    # 23:30 on Sunday in Lisbon is 23:30 UTC; 00:30 on Monday in Berlin is 23:30 UTC Sunday.
    moment = datetime.datetime(2026, 11, 22, 23, 30, tzinfo=datetime.timezone.utc)

    assert local_date_of(moment, "Europe/Lisbon") == datetime.date(2026, 11, 22)
    assert local_date_of(moment, "Europe/Berlin") == datetime.date(2026, 11, 23)
    assert week_start(local_date_of(moment, "Europe/Berlin")) == datetime.date(2026, 11, 23)


def test_a_user_far_from_utc_gets_their_own_day():
    moment = datetime.datetime(2026, 11, 16, 10, 0, tzinfo=ZoneInfo("Pacific/Auckland"))

    assert local_date_of(moment, "Pacific/Auckland") == datetime.date(2026, 11, 16)
    assert local_date_of(moment, "America/Los_Angeles") == datetime.date(2026, 11, 15)
    assert local_date_of(moment, "Not/AZone") == datetime.date(2026, 11, 15)  # UTC fallback


def test_calendar_marks_trained_days_in_month_grids():
    today = datetime.date(2026, 11, 21)
    months = calendar_months(
        {datetime.date(2026, 11, 3): 2, datetime.date(2026, 10, 31): 1}, today, months=2
    )

    assert [m["first"] for m in months] == [datetime.date(2026, 10, 1), datetime.date(2026, 11, 1)]
    days = {d["date"]: d for m in months for w in m["weeks"] for d in w if d}
    assert days[datetime.date(2026, 11, 3)]["sessions"] == 2
    assert days[datetime.date(2026, 10, 31)]["sessions"] == 1
    assert days[datetime.date(2026, 11, 22)]["future"] is True
